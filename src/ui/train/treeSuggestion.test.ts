import { describe, expect, it } from 'vitest';
import { suggestTrees } from './treeSuggestion';

describe('suggestTrees', () => {
  it('offers the largest count that still finishes within about 10 s, in plain words', () => {
    const s = suggestTrees({ nTrees: 100, fitSeconds: 1.2, treesPerSecond: 85, workers: 2 });
    expect(s).toEqual({
      trees: 500,
      text: 'Grew 100 trees in 1.2 s (85 trees a second on 2 workers): 500 trees would take about 6 s.',
    });
  });

  it('counts the time outside growing trees once', () => {
    // 100 trees at 50 a second is 2 s of growing; the other 4 s (binning) come again: 300 trees take 10 s.
    const s = suggestTrees({ nTrees: 100, fitSeconds: 6, treesPerSecond: 50, workers: 1 });
    expect(s?.trees).toBe(300);
    expect(s?.text).toContain('50 trees a second on 1 worker)');
    expect(s?.text).toContain('300 trees would take about 10 s.');
  });

  it('offers nothing when more trees would take long, the model is large already, or speed is unknown', () => {
    expect(suggestTrees({ nTrees: 100, fitSeconds: 6, treesPerSecond: 20, workers: 2 })).toBeNull();
    expect(
      suggestTrees({ nTrees: 1000, fitSeconds: 1, treesPerSecond: 2000, workers: 2 }),
    ).toBeNull();
    expect(suggestTrees({ nTrees: 100, fitSeconds: 1, treesPerSecond: undefined })).toBeNull();
  });

  it('caps the offer at 1,000 trees and leaves out the workers when they are not known', () => {
    const s = suggestTrees({ nTrees: 100, fitSeconds: 0.1, treesPerSecond: 1000 });
    expect(s?.trees).toBe(1000);
    expect(s?.text).toBe(
      'Grew 100 trees in 0.1 s (1,000 trees a second): 1,000 trees would take about 1 s.',
    );
  });
});
