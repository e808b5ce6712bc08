import { describe, expect, it } from 'vitest';
import { decisionCurve, defaultThresholds, netBenefitAt, usefulRanges } from './netBenefit';

// n = 10 patients, 4 with the outcome (prevalence 0.4).
const y = [1, 1, 0, 1, 0, 0, 0, 1, 0, 0];
const p = [0.9, 0.6, 0.7, 0.3, 0.2, 0.1, 0.4, 0.8, 0.05, 0.35];

describe('net benefit, values computed by hand: NB(t) = TP/n − FP/n · t/(1 − t)', () => {
  it('t = 0.25: treated p̂ ≥ .25 are rows 0,1,2,3,6,7,9 → TP 4, FP 3', () => {
    const r = netBenefitAt(y, p, 0.25);
    expect([r.tp, r.fp]).toEqual([4, 3]);
    // model 4/10 − 3/10 · (0.25/0.75) = 0.4 − 0.1 = 0.3; treat-all 0.4 − 0.6 · 1/3 = 0.2.
    expect(r.model).toBeCloseTo(0.3, 12);
    expect(r.treatAll).toBeCloseTo(0.2, 12);
    expect(r.treatNone).toBe(0);
  });

  it('t = 0.1: all but row 8 treated → TP 4, FP 5', () => {
    const r = netBenefitAt(y, p, 0.1);
    // model 0.4 − 0.5 · (0.1/0.9) = 0.4 − 0.0556 = 0.34444; treat-all 0.4 − 0.6/9 = 0.33333.
    expect(r.model).toBeCloseTo(0.4 - 0.5 / 9, 12);
    expect(r.treatAll).toBeCloseTo(0.4 - 0.6 / 9, 12);
  });

  it('t = 0.5: rows 0,1,2,7 → TP 3, FP 1 (threshold inclusive: p̂ ≥ t)', () => {
    const r = netBenefitAt(y, p, 0.5);
    // model 0.3 − 0.1 · 1 = 0.2; treat-all 0.4 − 0.6 = −0.2.
    expect(r.model).toBeCloseTo(0.2, 12);
    expect(r.treatAll).toBeCloseTo(-0.2, 12);
    expect(netBenefitAt(y, p, 0.6).tp).toBe(3); // 0.6 itself is treated
  });

  it('t = 0.75: rows 0, 7 → TP 2, FP 0', () => {
    const r = netBenefitAt(y, p, 0.75);
    // model 0.2; treat-all 0.4 − 0.6 · 3 = −1.4.
    expect(r.model).toBeCloseTo(0.2, 12);
    expect(r.treatAll).toBeCloseTo(-1.4, 12);
  });

  it('decision curve over default thresholds, and the ranges where the model helps', () => {
    const c = decisionCurve(y, p);
    expect(c.prevalence).toBe(0.4);
    expect(c.points).toHaveLength(99);
    expect(c.points[0].threshold).toBe(0.01);
    expect(c.points[98].threshold).toBe(0.99);
    expect(c.points[24].model).toBeCloseTo(0.3, 12);
    // By hand: t ≤ 0.05 treats everyone (= treat-all, not better); t in (0.05, 0.1]: TP 4, FP 5 →
    // 0.4 − 0.5·odds > treat-all 0.4 − 0.6·odds. t in (0.6, 0.7]: TP 2, FP 1 → 0.2 − 0.1·odds, which
    // is > 0 only while odds < 2 (t < 2/3): 0.66 → +0.0059, 0.67 → −0.0030, 0.70 → −0.033.
    // t in (0.7, 0.9]: no false positive, NB 0.2 or 0.1 > 0. t > 0.9: nobody treated, NB 0.
    expect(c.points[66].model).toBeCloseTo(0.2 - 0.1 * (0.67 / 0.33), 12);
    expect(usefulRanges(c)).toEqual([
      [0.06, 0.66],
      [0.71, 0.9],
    ]);
    // Margin 0.19: t in (0.4, 0.6] has TP 3, FP 1 → 0.3 − 0.1·odds > 0.19 while odds < 1.1
    // (0.52 → 0.1917, 0.53 → 0.1872); t in (0.7, 0.8] gives 0.2; lower thresholds fail against treat-all + 0.19.
    expect(usefulRanges(c, 0.19)).toEqual([
      [0.41, 0.52],
      [0.71, 0.8],
    ]);
  });

  it('rejects NaN, non-binary outcomes and thresholds outside (0, 1)', () => {
    expect(() => decisionCurve(y, [...p.slice(0, 9), NaN])).toThrow(/row 10 is NaN/);
    expect(() => decisionCurve([...y.slice(0, 9), 2], p)).toThrow(/row 10/);
    expect(() => netBenefitAt(y, p, 1)).toThrow(/strictly between/);
    expect(defaultThresholds(0.05, 0.5, 0.05)).toEqual([
      0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5,
    ]);
  });
});
