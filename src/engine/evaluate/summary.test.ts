import { describe, expect, it } from 'vitest';
import type { EvaluationMetrics } from './types';
import { summarizeMetrics } from './summary';

function metrics(auc: number, accuracy: number, confusion: number[][]): EvaluationMetrics {
  return {
    auc,
    accuracy,
    balancedAccuracy: 0.6,
    brier: 0.1,
    curves: [],
    confusion,
    calibration: [],
  };
}

describe('summarizeMetrics', () => {
  it('binary: AUC as a ranking chance with class names, accuracy against the majority class', () => {
    const s = summarizeMetrics(
      metrics(0.8412, 0.8, [
        [50, 10],
        [10, 30],
      ]),
      ['non-responder', 'responder'],
    );
    expect(s).toContain(
      'On patients it had not seen, the model ranked a random patient with outcome “responder” above a random patient with outcome “non-responder” 84 % of the time',
    );
    expect(s).toContain(
      'always guessing the most common outcome, “non-responder” (60 % of patients)',
    );
    expect(s).toContain('does better than that, by 20 percentage points');
  });

  it('says so when the model does not beat always guessing the most common outcome', () => {
    const s = summarizeMetrics(
      metrics(0.52, 0.9, [
        [90, 0],
        [10, 0],
      ]),
      ['healthy', 'sick'],
      { source: 'oob' },
    );
    expect(s).toContain('out-of-bag');
    expect(s).toContain('no better than tossing a coin');
    expect(s).toContain('no better than that simple rule');
    expect(s).toContain('balanced accuracy');
  });

  it('multi-class: averaged one-vs-rest wording', () => {
    const s = summarizeMetrics(
      metrics(0.874, 0.8, [
        [3, 0, 0],
        [1, 2, 0],
        [0, 1, 3],
      ]),
      ['a', 'b', 'c'],
    );
    expect(s).toContain('for each of the 3 outcomes');
    expect(s).toContain('87 % of the time on average');
    expect(s).toContain('“c” (40 % of patients)');
  });

  it('gives the AUC with its interval, and says when the interval reaches a weaker verdict', () => {
    const m = {
      ...metrics(0.95, 0.9, [
        [20, 2],
        [2, 16],
      ]),
      intervals: {
        level: 0.95,
        auc: [0.62, 0.99] as [number, number],
        aucMethod: 'delong' as const,
        accuracy: [0.8, 0.95] as [number, number],
        balancedAccuracy: [0.8, 0.95] as [number, number],
        brier: [0.05, 0.15] as [number, number],
        resamples: 2000,
        thresholds: [],
      },
    };
    const s = summarizeMetrics(m, ['no', 'yes']);
    expect(s).toContain(
      '(ROC AUC 0.950, 95 % interval 0.620–0.990; 50 % would be guessing, 100 % perfect) — very good, though its interval reaches down to 0.62 (weak).',
    );
    const narrow = { ...m, intervals: { ...m.intervals, auc: [0.93, 0.97] as [number, number] } };
    expect(summarizeMetrics(narrow, ['no', 'yes'])).toContain(
      '95 % interval 0.930–0.970; 50 % would be guessing, 100 % perfect) — very good.',
    );
  });
});
