// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AncestryView } from '../../worker/api';
import { AncestryResult } from './AncestryPanel';

afterEach(cleanup);

beforeAll(() => {
  // jsdom lays nothing out: the chart's container is given a size, and a ResizeObserver that reports it.
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, value: 600 });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, value: 320 });
  HTMLElement.prototype.getBoundingClientRect = () =>
    ({ width: 600, height: 320, top: 0, left: 0, right: 600, bottom: 320, x: 0, y: 0 }) as DOMRect;
  globalThis.ResizeObserver ??= class {
    constructor(private readonly callback: ResizeObserverCallback) {}
    observe(target: Element) {
      this.callback(
        [{ target, contentRect: { width: 600, height: 320 } } as unknown as ResizeObserverEntry],
        this as unknown as ResizeObserver,
      );
    }
    unobserve() {}
    disconnect() {}
  };
});

function view(n: number): AncestryView {
  const scores = Array.from({ length: n }, (_, i) => [
    (i % 2 ? 1 : -1) * (0.01 + i / (100 * n)),
    Math.sin(i) / 50,
  ]);
  return {
    samples: scores.map((_, i) => `S${i + 1}`),
    scores,
    eigenvalues: [9, 2],
    varianceExplained: [0.3, 0.1],
    variantsUsed: 1000,
    variantsSkipped: 0,
    variantsExcluded: 0,
    samplesRemoved: 0,
    variantsPruned: 0,
    colourBy: 'POP',
    colours: scores.map((_, i) => (i % 2 ? 'B' : 'A')),
    notes: [],
  };
}

describe('the PC1–PC2 scatter', () => {
  it('draws every sample as a dot of one path per colour, not elements per sample', () => {
    const { container } = render(<AncestryResult view={view(500)} />);
    const chart = screen.getByRole('img', { name: /Scatter of 500 samples on PC1/ });
    const svg = chart.querySelector('svg');
    expect(svg).not.toBeNull();
    // 5,000 samples as several React elements each took ~3.5 s of the page's main thread when they arrived.
    expect(svg!.querySelectorAll('*').length).toBeLessThan(200);
    const dots = Array.from(chart.querySelectorAll('path[stroke-linecap="round"]'));
    expect(dots).toHaveLength(2);
    expect(dots.map((d) => d.getAttribute('d')!.match(/M/g)!.length)).toEqual([250, 250]);
    // Each colour is named beside the chart.
    expect(container.querySelector('.line-chart-legend')!.textContent).toBe('AB');
  });
});
