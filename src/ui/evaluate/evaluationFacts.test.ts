import { describe, expect, it } from 'vitest';
import type { EvaluationMetrics, EvaluationReport, MetricIntervals } from '../../worker/api';
import { aucIntervalNote, evaluationFacts } from './evaluationFacts';
import { intervalsAt } from './intervalText';
import { numberRange, percentRange, scoreText } from '../app/format';

const intervals: MetricIntervals = {
  level: 0.95,
  auc: [0.8012, 0.8804],
  aucMethod: 'delong',
  accuracy: [0.7, 0.82],
  balancedAccuracy: [0.68, 0.8],
  brier: [0.12, 0.16],
  resamples: 2000,
  thresholds: [0.49, 0.5, 0.51].map((threshold) => ({
    threshold,
    sensitivity: [0.6, 0.8] as [number, number],
    specificity: [0.7, 0.9] as [number, number],
    accuracy: [0.7, 0.8] as [number, number],
    balancedAccuracy: [0.66, 0.82] as [number, number],
    netBenefit: [0.05, 0.12] as [number, number],
  })),
};

const metrics: EvaluationMetrics = {
  auc: 0.8423,
  accuracy: 0.765,
  balancedAccuracy: 0.74,
  brier: 0.14,
  curves: [{ className: 'yes', auc: 0.8423, averagePrecision: 0.71, points: [] }],
  confusion: [
    [50, 10],
    [13, 25],
  ],
  calibration: [],
  intervals,
};

const report = {
  classes: ['no', 'yes'],
  cv: metrics,
  oob: { ...metrics, intervals: undefined },
} as unknown as EvaluationReport;

describe('evaluation figures with their intervals', () => {
  it('shows each cross-validated figure with its 95 % interval in brackets', () => {
    expect(evaluationFacts(report)).toEqual([
      ['ROC AUC', '0.842 (0.801–0.880)', '0.842'],
      ['Average precision', '0.710', '0.710'],
      ['Accuracy', '76.5 % (70.0–82.0 %)', '76.5 %'],
      ['Balanced accuracy', '74.0 % (68.0–80.0 %)', '74.0 %'],
      ['Brier score', '0.140 (0.120–0.160)', '0.140'],
    ]);
  });

  it('writes AUC, average precision and Brier with three decimals, as their intervals, or a dash', () => {
    // 0.66925 is where four significant digits (0.6693) and three decimals part ways.
    expect(scoreText(0.66924)).toBe('0.669');
    expect(scoreText(0.6696)).toBe('0.670');
    expect(scoreText(1)).toBe('1.000');
    expect(scoreText(NaN)).toBe('–');
    expect(scoreText(undefined)).toBe('–');
  });

  it('leaves out unknown bounds and finds the slider threshold’s intervals', () => {
    expect(numberRange([NaN, NaN])).toBe('');
    expect(percentRange(undefined)).toBe('');
    expect(intervalsAt(intervals, 0.5)?.threshold).toBe(0.5);
    expect(intervalsAt(intervals, Number('0.51'))?.threshold).toBe(0.51);
    expect(intervalsAt(intervals, 0.3)).toBeNull();
    expect(intervalsAt(undefined, 0.5)).toBeNull();
  });

  it('explains a wide AUC interval after a perfect ranking', () => {
    expect(aucIntervalNote(report)).toBeNull();
    const perfect = {
      ...report,
      cv: { ...metrics, intervals: { ...intervals, aucMethod: 'variance-bound' } },
    } as EvaluationReport;
    expect(aucIntervalNote(perfect)).toMatch(/not a perfect model/);
  });
});
