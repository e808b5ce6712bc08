import { describe, expect, it } from 'vitest';
import { Rng } from '../forest/rng';
import { applyCalibrator, fitIsotonic, fitPlatt, recalibrate } from './recalibrate';

// Reference values from scikit-learn 1.2.1 (/usr/bin/python3):
//   rng = np.random.RandomState(3); p = np.round(rng.beta(2, 2, 40), 2)
//   y = (rng.rand(40) < 0.5 + 0.5 * (p - 0.5)).astype(int)
//   IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1).fit(p, y).predict(q)
//   sklearn.calibration._sigmoid_calibration(p, y)  → (A, B)
const p = [
  0.69, 0.52, 0.59, 0.38, 0.75, 0.28, 0.42, 0.38, 0.35, 0.53, 0.11, 0.5, 0.08, 0.5, 0.93, 0.46,
  0.33, 0.75, 0.29, 0.22, 0.57, 0.18, 0.34, 0.03, 0.24, 0.77, 0.86, 0.67, 0.56, 0.3, 0.56, 0.29,
  0.49, 0.52, 0.21, 0.69, 0.78, 0.32, 0.61, 0.18,
];
const y = [
  0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0,
  0, 0, 1, 1, 1, 0, 1,
];
const q = [0.02, 0.2, 0.3, 0.45, 0.545, 0.6, 0.7, 0.72, 0.74, 0.95];
const isoSklearn = [
  0.5, 0.5, 0.533333333333, 0.533333333333, 0.6, 0.6, 0.722222222222, 0.833333333333,
  0.944444444444, 1.0,
];

// Second set: rng = np.random.RandomState(8); p2 = np.round(rng.rand(200), 3);
// y2 = (rng.rand(200) < 0.2 + 0.6 * p2**2).astype(int); _sigmoid_calibration(p2, y2).
const p2 = (
  '0.873,0.969,0.869,0.531,0.233,0.011,0.43,0.402,0.523,0.478,0.555,0.543,0.761,0.712,0.62,0.426,0.289,0.974,' +
  '0.334,0.219,0.066,0.983,0.128,0.322,0.071,0.225,0.394,0.896,0.345,0.985,0.029,0.352,0.381,0.764,0.939,0.32,' +
  '0.432,0.27,0.801,0.638,0.069,0.604,0.796,0.032,0.455,0.79,0.989,0.584,0.039,0.446,0.188,0.627,0.215,0.151,' +
  '0.536,0.1,0.731,0.94,0.943,0.375,0.596,0.662,0.511,0.471,0.009,0.068,0.435,0.431,0.186,0.53,0.599,0.721,' +
  '0.306,0.404,0.823,0.587,0.707,0.511,0.83,0.721,0.866,0.203,0.299,0.476,0.494,0.608,0.819,0.528,0.939,0.723,' +
  '0.179,0.62,0.562,0.763,0.807,0.299,0.138,0.635,0.008,0.789,0.502,0.997,0.984,0.227,0.85,0.813,0.236,0.657,' +
  '0.977,0.732,0.096,0.501,0.462,0.001,0.989,0.878,0.217,0.605,0.472,0.359,0.529,0.565,0.834,0.063,0.606,0.504,' +
  '0.16,0.145,0.638,0.883,0.033,0.428,0.878,0.477,0.368,0.241,0.048,0.175,0.557,0.53,0.544,0.299,0.865,0.847,' +
  '0.466,0.751,0.784,0.368,0.177,0.253,0.237,0.392,0.007,0.281,0.537,0.423,0.532,0.74,0.931,0.326,0.271,0.476,' +
  '0.61,0.187,0.028,0.204,0.245,0.436,0.631,0.301,0.976,0.871,0.621,0.338,0.17,0.66,0.715,0.066,0.775,0.889,' +
  '0.632,0.703,0.863,0.949,0.352,0.059,0.311,0.171,0.374,0.504,0.79,0.952,0.29,0.952,0.184,0.44,0.182,0.261,' +
  '0.017,0.246'
)
  .split(',')
  .map(Number);
const y2 = (
  '1111001111000000001000000001010000101000001100110001001001101010001000000111001110100111100110000101111011' +
  '0111000011010100101010110000110001110101100010001000100000100101101011011100010100001101000001'
)
  .split('')
  .map(Number);

describe('isotonic recalibration (pool-adjacent-violators)', () => {
  it('predicts as scikit-learn IsotonicRegression(out_of_bounds="clip")', () => {
    const cal = fitIsotonic(p, y);
    q.forEach((v, i) => expect(applyCalibrator(cal, v)).toBeCloseTo(isoSklearn[i], 10));
  });

  it('is non-decreasing and never worse in-sample than leaving the probabilities alone', () => {
    const rng = new Rng(2);
    for (let trial = 0; trial < 50; trial++) {
      const n = 5 + rng.nextInt(60);
      const s = Array.from({ length: n }, () => Math.round(rng.nextFloat() * 20) / 20);
      const t = s.map((v) => (rng.nextFloat() < v ? 1 : 0));
      const cal = fitIsotonic(s, t);
      if (cal.method !== 'isotonic') throw new Error('wrong method');
      for (let j = 1; j < cal.y.length; j++) expect(cal.y[j]).toBeGreaterThanOrEqual(cal.y[j - 1]);
      const before = s.reduce((a, v, i) => a + (v - t[i]) ** 2, 0);
      const after = s.reduce((a, v, i) => a + (applyCalibrator(cal, v) - t[i]) ** 2, 0);
      expect(after).toBeLessThanOrEqual(before + 1e-12);
    }
  });
});

describe('Platt recalibration (Newton)', () => {
  it('matches scikit-learn _sigmoid_calibration', () => {
    const c1 = fitPlatt(p, y);
    const c2 = fitPlatt(p2, y2);
    if (c1.method !== 'platt' || c2.method !== 'platt') throw new Error('wrong method');
    // sklearn stops BFGS at its own tolerance; Newton reaches the exact optimum.
    expect(c1.a).toBeCloseTo(-1.424306244209175, 4);
    expect(c1.b).toBeCloseTo(0.13053086186426519, 4);
    expect(c2.a).toBeCloseTo(-3.4069953192452407, 4);
    expect(c2.b).toBeCloseTo(2.10471207930541, 4);
    // P = 1 / (1 + exp(A·p + B)) at p = 0.5 for the second fit.
    expect(applyCalibrator(c2, 0.5)).toBeCloseTo(1 / (1 + Math.exp(c2.a * 0.5 + c2.b)), 14);
  });

  it('handles perfectly separated outcomes (the smoothed targets keep the optimum finite)', () => {
    const c = fitPlatt([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]);
    if (c.method !== 'platt') throw new Error('wrong method');
    expect(Number.isFinite(c.a) && Number.isFinite(c.b)).toBe(true);
    expect(applyCalibrator(c, 0.9)).toBeGreaterThan(applyCalibrator(c, 0.1));
  });
});

describe('recalibrate: before/after Brier, cross-fitted', () => {
  /** Overconfident model: the truth is halfway between p̂ and 0.5. */
  function overconfident(n: number, seed: number, shrink: number) {
    const rng = new Rng(seed);
    const s: number[] = [];
    const t: number[] = [];
    for (let i = 0; i < n; i++) {
      const v = rng.nextFloat();
      s.push(v);
      t.push(rng.nextFloat() < 0.5 + shrink * (v - 0.5) ? 1 : 0);
    }
    return { s, t };
  }

  for (const method of ['isotonic', 'platt'] as const) {
    it(`${method}: fixes an overconfident model and does little harm to a calibrated one`, () => {
      const bad = overconfident(2000, 4, 0.5);
      const r = recalibrate(bad.t, bad.s, method);
      expect(r.method).toBe(method);
      expect(r.folds).toBe(5);
      // Expected Brier: before ≈ E[(p − π)²] + E[π(1 − π)] = 1/48 + 0.229 ≈ 0.250, after ≈ 0.229.
      expect(r.brierBefore - r.brierAfter).toBeGreaterThan(0.01);
      expect(r.brierAfterInSample).toBeLessThanOrEqual(r.brierAfter + 1e-3);
      expect(r.recalibrated).toHaveLength(2000);
      const good = overconfident(2000, 5, 1);
      const g = recalibrate(good.t, good.s, method);
      expect(g.brierAfter - g.brierBefore).toBeLessThan(0.004);
    });
  }

  it('rejects NaN and non-binary outcomes', () => {
    expect(() => recalibrate([0, 1], [0.2, NaN], 'platt')).toThrow(/row 2 is not finite/);
    expect(() => fitIsotonic([0.2, 0.3], [0, 2])).toThrow(/row 2 has outcome 2/);
  });
});
