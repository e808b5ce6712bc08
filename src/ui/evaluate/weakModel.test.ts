import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../worker/api';
import { majorityShare, weakModelReason } from './weakModel';

const report = (auc: number, accuracy: number, confusion: number[][]) =>
  ({ cv: { auc, accuracy, confusion } }) as unknown as EvaluationReport;

describe('a model that does not beat chance', () => {
  it('measures the majority guess from the confusion matrix rows (true classes)', () => {
    // 30 + 10 true patients of class 0, 5 + 55 of class 1: always guessing class 1 is right 60 of 100 times.
    expect(
      majorityShare([
        [30, 10],
        [5, 55],
      ]),
    ).toBeCloseTo(0.6);
    expect(majorityShare([])).toBe(0);
  });

  it('is weak at an AUC of 0.6 or below, whatever its accuracy', () => {
    expect(
      weakModelReason(
        report(0.54, 0.9, [
          [45, 5],
          [5, 45],
        ]),
      ),
    ).toMatch(/0\.540/);
    expect(
      weakModelReason(
        report(0.6, 0.9, [
          [45, 5],
          [5, 45],
        ]),
      ),
    ).toMatch(/coin toss/);
    expect(
      weakModelReason(
        report(Number.NaN, 0.9, [
          [45, 5],
          [5, 45],
        ]),
      ),
    ).not.toBeNull();
  });

  it('is weak when its accuracy is not above always guessing the most common outcome', () => {
    // 80 % of patients are class 0; 80 % accuracy is no better than always saying class 0.
    expect(
      weakModelReason(
        report(0.7, 0.8, [
          [80, 0],
          [20, 0],
        ]),
      ),
    ).toMatch(/80\.0 %/);
  });

  it('is not weak when it beats both', () => {
    expect(
      weakModelReason(
        report(0.85, 0.82, [
          [45, 5],
          [13, 37],
        ]),
      ),
    ).toBeNull();
  });
});
