// @vitest-environment jsdom
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TuningBudget } from './TuningBudget';
import { useTuningBudgetWords } from './useTuningBudgetWords';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function Plan({ request, ask }: { request: string; ask: (r: string) => Promise<string> }) {
  return (
    <p data-testid="help">
      Help.
      <TuningBudget budget={useTuningBudgetWords(request, ask)} />
    </p>
  );
}

describe('the tuning plan sentence', () => {
  it('keeps the old sentence’s place, hidden, until the changed settings’ answer comes', async () => {
    vi.useFakeTimers();
    const answers = new Map<string, () => void>();
    const ask = (r: string) =>
      new Promise<string>((resolve) => answers.set(r, () => resolve(`Grows trees for ${r}.`)));
    const view = render(<Plan request="500" ask={ask} />);
    const help = () => view.getByTestId('help');
    expect(help().textContent).toBe('Help.');
    await act(async () => {
      vi.advanceTimersByTime(150);
      answers.get('500')!();
      await Promise.resolve();
    });
    expect(help().textContent).toBe('Help. Grows trees for 500.');
    expect(help().querySelector('[aria-hidden="true"]')).toBeNull();

    // Trees typed again: the sentence of 500 trees stays in place but is hidden from sight and screen readers
    // (before, it vanished, and the Train button below moved under the pointer).
    view.rerender(<Plan request="5" ask={ask} />);
    const pending = help().querySelector('.budget-pending');
    expect(pending?.getAttribute('aria-hidden')).toBe('true');
    expect(pending?.textContent).toBe(' Grows trees for 500.');

    await act(async () => {
      vi.advanceTimersByTime(150);
      answers.get('5')!();
      await Promise.resolve();
    });
    expect(help().textContent).toBe('Help. Grows trees for 5.');
    expect(help().querySelector('.budget-pending')).toBeNull();
  });
});
