// Every metric must terminate on NaN input (issue 9 item 7): before the fix rocAuc and curvePoints
// looped forever, because tie grouping compared scores with === and NaN !== NaN.
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  argmaxRows,
  aucFromProba,
  averagePrecision,
  balancedAccuracy,
  brierScore,
  calibrationBins,
  classCurves,
  computeMetrics,
  confusionMatrix,
  curvePoints,
  logLoss,
  macroOvrAuc,
  prCurve,
  rocAuc,
  rocCurve,
  sensitivitySpecificity,
} from './metrics';

const y = Uint8Array.from([0, 1, 1, 0, 1]);
const s = Float64Array.from([0.2, NaN, 0.7, 0.4, 0.9]);
const p2 = new Float64Array(10);
s.forEach((v, i) => {
  p2[2 * i] = 1 - v;
  p2[2 * i + 1] = v;
});

describe('metrics on NaN scores', () => {
  it('ranking metrics reject a NaN score with an error naming the row', () => {
    expect(() => rocAuc(y, s)).toThrow(/row 2 is NaN/);
    expect(() => curvePoints(y, s)).toThrow(/row 2 is NaN/);
    expect(() => rocCurve(y, s)).toThrow(/NaN/);
    expect(() => prCurve(y, s)).toThrow(/NaN/);
    expect(() => averagePrecision(y, s)).toThrow(/NaN/);
    expect(() => aucFromProba(y, p2, 2)).toThrow(/NaN/);
    expect(() => macroOvrAuc(y, p2, 2)).toThrow(/NaN/);
    expect(() => classCurves(y, p2, 2, 1, 'b')).toThrow(/NaN/);
    expect(() => sensitivitySpecificity(y, s, 0.5)).toThrow(/row 2 is NaN/);
    expect(() =>
      sensitivitySpecificity(y, Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5]), NaN),
    ).toThrow(/threshold is NaN/);
  });

  it('all-NaN scores also terminate with an error', () => {
    const all = new Float64Array(5).fill(NaN);
    expect(() => rocAuc(y, all)).toThrow(/row 1 is NaN/);
    expect(() => curvePoints(y, all)).toThrow(/row 1 is NaN/);
  });

  it('infinite scores are ordered, not rejected', () => {
    const inf = Float64Array.from([-Infinity, Infinity, Infinity, 0.1, 0.5]);
    // Positives 1, 2 tie at +∞ above every negative; positive 4 (0.5) beats negatives 0 (−∞) and 3 (0.1).
    expect(rocAuc(y, inf)).toBe(1);
  });

  it('probability-averaging metrics return NaN for NaN input', () => {
    expect(brierScore(y, p2, 2)).toBeNaN();
    expect(logLoss(y, p2, 2)).toBeNaN();
  });

  it('calibration bins skip NaN scores; argmax and accuracy stay defined', () => {
    const bins = calibrationBins(y, s, 10);
    expect(bins.reduce((a, b) => a + b.count, 0)).toBe(4);
    // Rows [0.8 0.2], [NaN NaN] (no class ahead: the first), [0.3 0.7], [0.6 0.4], [0.1 0.9]; 4 of 5 match y.
    const pred = argmaxRows(p2, 2);
    expect(Array.from(pred)).toEqual([0, 0, 1, 0, 1]);
    expect(accuracy(y, pred)).toBe(0.8);
  });

  it('confusion matrix and balanced accuracy reject NaN or out-of-range labels', () => {
    const bad = Float64Array.from([0, NaN, 1, 0, 1]);
    expect(() => confusionMatrix(y, bad, 2)).toThrow(/row 2/);
    expect(() => balancedAccuracy(bad, y, 2)).toThrow(/row 2/);
    expect(() => confusionMatrix(y, Uint8Array.from([0, 1, 2, 0, 1]), 2)).toThrow(/row 3/);
  });

  it('computeMetrics drops the NaN row and evaluates the others', () => {
    const m = computeMetrics(y, p2, 2, ['a', 'b']);
    // Remaining rows: y 0,1,0,1 with scores 0.2,0.7,0.4,0.9 → perfectly ranked.
    expect(m.auc).toBe(1);
    expect(m.confusion.flat().reduce((a, b) => a + b, 0)).toBe(4);
  });
});
