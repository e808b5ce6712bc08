import { describe, expect, it } from 'vitest';
import { Rng } from '../forest/rng';
import { externalValidation, logisticCalibration } from './externalValidation';
import { withIntervals } from './intervals';
import { computeMetrics } from './metrics';

/** n patients whose true risk is σ(a + b · logit p) for a model that predicts p ~ U(0.05, 0.95). */
function simulate(n: number, a: number, b: number, seed: number) {
  const rng = new Rng(seed);
  const p = new Float64Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    p[i] = 0.05 + 0.9 * rng.nextFloat();
    const logit = Math.log(p[i] / (1 - p[i]));
    y[i] = rng.nextFloat() < 1 / (1 + Math.exp(-(a + b * logit))) ? 1 : 0;
  }
  return { p, y };
}

describe('logistic calibration: in the large and slope', () => {
  it('hand-worked: constant 50 % predictions, 3 events in 4 → α = logit(0.75) = ln 3', () => {
    const c = logisticCalibration([1, 1, 1, 0], [0.5, 0.5, 0.5, 0.5]);
    expect(c.inTheLarge).toBeCloseTo(Math.log(3), 9);
    // Fisher information n·m(1 − m) = 4 · 0.75 · 0.25 = 0.75.
    const se = 1 / Math.sqrt(0.75);
    expect(c.inTheLargeInterval[0]).toBeCloseTo(Math.log(3) - 1.959963984540054 * se, 9);
    // One distinct prediction: no slope can be fitted.
    expect(c.slope).toBeNaN();
    expect(c.note).toMatch(/same prediction/);
  });

  it('hand-worked: two groups fit their observed proportions exactly', () => {
    // 10 patients at p = 0.2 with 4 events, 10 at p = 0.8 with 6: a + β·(−ln 4) = logit 0.4, a + β·ln 4 = logit 0.6,
    // so a = 0 and β = ln 1.5 / ln 4.
    const p = [...Array<number>(10).fill(0.2), ...Array<number>(10).fill(0.8)];
    const y = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0];
    const c = logisticCalibration(y, p);
    expect(c.slope).toBeCloseTo(Math.log(1.5) / Math.log(4), 8);
    expect(c.slopeIntercept).toBeCloseTo(0, 8);
    expect(c.slopeInterval[0]).toBeLessThan(c.slope);
    expect(c.slopeInterval[1]).toBeGreaterThan(c.slope);
    expect(c.note).toBeNull();
  });

  it('a well-calibrated model has slope ≈ 1 and calibration-in-the-large ≈ 0', () => {
    const { p, y } = simulate(20_000, 0, 1, 7);
    const c = logisticCalibration(y, p);
    // Wald SE of the slope here is ≈ 0.02; of α ≈ 0.016.
    expect(Math.abs(c.slope - 1)).toBeLessThan(0.07);
    expect(Math.abs(c.inTheLarge)).toBeLessThan(0.05);
    expect(c.slopeInterval[0]).toBeLessThan(1);
    expect(c.slopeInterval[1]).toBeGreaterThan(1);
    expect(c.clipped).toBe(0);
  });

  it('an overconfident model has slope ≈ 0.5, an under-predicting one α > 0', () => {
    const over = logisticCalibration(...swap(simulate(20_000, 0, 0.5, 8)));
    expect(Math.abs(over.slope - 0.5)).toBeLessThan(0.05);
    const under = logisticCalibration(...swap(simulate(20_000, 0.7, 1, 9)));
    expect(Math.abs(under.inTheLarge - 0.7)).toBeLessThan(0.06);
    expect(Math.abs(under.slope - 1)).toBeLessThan(0.07);
  });

  it('clips probabilities of exactly 0 and 1, counts them, and refuses one-outcome samples', () => {
    const c = logisticCalibration([0, 1, 1, 0, 1], [0, 1, 0.6, 0.3, 0.2]);
    expect(c.clipped).toBe(2);
    expect(Number.isFinite(c.inTheLarge)).toBe(true);
    expect(logisticCalibration([1, 1], [0.2, 0.4]).note).toMatch(/same outcome/);
    // Perfect separation: the slope runs away, and the result says so instead of a huge number.
    const sep = logisticCalibration([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]);
    expect(sep.slope).toBeNaN();
    expect(sep.note).toMatch(/separate the outcomes perfectly/);
  });
});

function swap(s: { p: Float64Array; y: Uint8Array }): [Uint8Array, Float64Array] {
  return [s.y, s.p];
}

describe('external validation', () => {
  it('gives computeMetrics with intervals, the calibration of the positive class and a chance verdict', () => {
    const { p, y } = simulate(400, 0, 1, 11);
    const proba = new Float64Array(800);
    p.forEach((v, i) => {
      proba[2 * i] = 1 - v;
      proba[2 * i + 1] = v;
    });
    const v = externalValidation(y, proba, 2, ['no', 'yes'], { seed: 3 });
    const expected = withIntervals(computeMetrics(y, proba, 2, ['no', 'yes']), y, proba, 2, {
      seed: 3,
    });
    expect(v.metrics).toEqual(expected);
    expect(v.positiveClass).toBe('yes');
    expect(v.calibration?.slope).toBeCloseTo(logisticCalibration(y, p).slope, 12);
    expect(v.n).toBe(400);
    expect(v.classCounts[0] + v.classCounts[1]).toBe(400);
    expect(v.chance.beatsChance).toBe(true);
    // The other class as positive: same AUC, the calibration intercept changes sign, the slope stays.
    const w = externalValidation(y, proba, 2, ['no', 'yes'], { seed: 3, positive: 0 });
    expect(w.positiveClass).toBe('no');
    expect(w.metrics.auc).toBeCloseTo(v.metrics.auc, 12);
    expect(w.calibration!.inTheLarge).toBeCloseTo(-v.calibration!.inTheLarge, 6);
    expect(w.calibration!.slope).toBeCloseTo(v.calibration!.slope, 6);
  });

  it('says a model that ranks at random did not beat chance on these patients', () => {
    const rng = new Rng(4);
    const n = 300;
    const y = Uint8Array.from({ length: n }, () => (rng.nextFloat() < 0.5 ? 1 : 0));
    const proba = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      const q = rng.nextFloat();
      proba[2 * i] = 1 - q;
      proba[2 * i + 1] = q;
    }
    const v = externalValidation(y, proba, 2, ['a', 'b'], { seed: 1 });
    expect(v.chance.beatsChance).toBe(false);
    expect(v.chance.message).toMatch(/^On these new patients/);
  });
});
