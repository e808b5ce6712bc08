import { describe, expect, it } from 'vitest';
import { fitForest } from '../forest/forest';
import { predictProba } from '../forest/predict';
import { Rng } from '../forest/rng';
import {
  CONFIDENCE_LEVELS,
  calibrateConformal,
  conformalCoverage,
  conformalRank,
  predictionSet,
  predictionSetNames,
  readSet,
  setCutoffs,
  type ConformalFold,
} from './conformal';
import { stratifiedKFold, trainingRows } from './crossValidation';
import { gatherRows } from './heldOut';

describe('class-conditional split conformal: hand-worked example', () => {
  // Confidence 0.8 (α = 0.2).
  // Class 0, 10 patients, p̂₀ = .95 .9 .85 .8 .75 .7 .6 .5 .4 .3 → scores 1 − p̂₀ = .05 .1 .15 .2 .25 .3 .4 .5 .6 .7;
  //   rank ⌈(10 + 1)·0.8⌉ = ⌈8.8⌉ = 9 → q₀ = 0.6.
  // Class 1, 4 patients, p̂₁ = .9 .7 .6 .45 → scores .1 .3 .4 .55; rank ⌈5·0.8⌉ = 4 → q₁ = 0.55
  //   (4 = 1/α − 1 patients: just enough, no warning).
  // Class 2, 3 patients → rank ⌈4·0.8⌉ = 4 > 3 → q₂ = +∞ and a warning (3 < 1/α − 1 = 4).
  const rows: [number, number, number, number][] = [];
  for (const p0 of [0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.6, 0.5, 0.4, 0.3])
    rows.push([0, p0, (1 - p0) / 2, (1 - p0) / 2]);
  for (const p1 of [0.9, 0.7, 0.6, 0.45]) rows.push([1, (1 - p1) / 2, p1, (1 - p1) / 2]);
  for (const p2 of [0.8, 0.9, 0.7]) rows.push([2, 0.1, 1 - p2 - 0.1, p2]);
  const y = rows.map((r) => r[0]);
  const proba = rows.flatMap((r) => [r[1], r[2], r[3]]);
  const cal = calibrateConformal(y, proba, 3, 0.8, ['low', 'mid', 'high']);

  it('thresholds and warnings', () => {
    expect(cal.counts).toEqual([10, 4, 3]);
    expect(cal.thresholds[0]).toBeCloseTo(0.6, 12);
    expect(cal.thresholds[1]).toBeCloseTo(0.55, 12);
    expect(cal.thresholds[2]).toBe(Infinity);
    expect(cal.warnings).toHaveLength(1);
    expect(cal.warnings[0]).toMatch(/Only 3 patients with the outcome “high”.*at least 4/);
  });

  it('sets: class k is in when 1 − p̂_k ≤ q_k', () => {
    // (0.5, 0.45, 0.05): 0.5 ≤ 0.6 yes; 0.55 ≤ 0.55 yes; class 2 always (q₂ = ∞).
    expect(predictionSet(cal, [0.5, 0.45, 0.05])).toEqual([0, 1, 2]);
    // (0.3, 0.7, 0): 0.7 > 0.6 no; 0.3 ≤ 0.55 yes; class 2 yes.
    expect(predictionSet(cal, [0.3, 0.7, 0])).toEqual([1, 2]);
    expect(predictionSetNames(cal, [0.3, 0.7, 0], ['low', 'mid', 'high'])).toEqual(['mid', 'high']);
  });

  it('an empty set: no outcome reached its cut-off', () => {
    // With enough "high" patients q₂ is finite: 10 patients with p̂₂ = 0.8 → scores 0.2, q₂ = 0.2.
    const y2 = [...y.slice(0, 14), ...Array<number>(10).fill(2)];
    const p2 = [...proba.slice(0, 42), ...Array.from({ length: 10 }, () => [0.1, 0.1, 0.8]).flat()];
    const c2 = calibrateConformal(y2, p2, 3, 0.8);
    expect(c2.thresholds[2]).toBeCloseTo(0.2, 12);
    expect(c2.warnings).toEqual([]);
    // (0.3, 0.4, 0.3): 0.7 > 0.6, 0.6 > 0.55, 0.7 > 0.2 → {}.
    expect(predictionSet(c2, [0.3, 0.4, 0.3])).toEqual([]);
  });

  it('cut-offs: the least probability that puts each class in the set (0 when never ruled out)', () => {
    // 1 − q: 1 − 0.6 = 0.4, 1 − 0.55 = 0.45, and q₂ = ∞ → 0.
    const c = setCutoffs(cal);
    expect(c[0]).toBeCloseTo(0.4, 12);
    expect(c[1]).toBeCloseTo(0.45, 12);
    expect(c[2]).toBe(0);
    // A class is in the set exactly when its probability reaches its cut-off.
    for (const p of [
      [0.5, 0.45, 0.05],
      [0.3, 0.7, 0],
      [0.39, 0.44, 0.17],
    ]) {
      expect(predictionSet(cal, p)).toEqual([0, 1, 2].filter((k) => p[k] >= c[k] - 1e-12));
    }
  });

  it('reads an empty set as "between the outcomes" for a familiar patient, "unlike" only when flagged', () => {
    const familiar = { unlikeCohort: false, familiarityKnown: true };
    expect(readSet(0, 2, familiar)).toBe('empty-between');
    expect(readSet(0, 2, { unlikeCohort: true, familiarityKnown: true })).toBe('empty-unlike');
    expect(readSet(0, 2, { unlikeCohort: false, familiarityKnown: false })).toBe('empty-unjudged');
    expect(readSet(1, 3, familiar)).toBe('single');
    expect(readSet(2, 3, familiar)).toBe('several');
    expect(readSet(3, 3, familiar)).toBe('all');
  });

  it('rows without finite probabilities are not calibration patients', () => {
    const c = calibrateConformal([0, 1, 0], [NaN, NaN, 0.2, 0.8, 0.9, 0.1], 2, 0.5);
    expect(c.counts).toEqual([1, 1]);
  });

  it('the warning appears exactly when the finite-sample rank exceeds n (n < 1/α − 1)', () => {
    for (const conf of CONFIDENCE_LEVELS) {
      const alpha = 1 - conf;
      for (let n = 0; n <= 60; n++) {
        const c = calibrateConformal(
          Array<number>(n).fill(0),
          Array<number>(n)
            .fill(0.7)
            .flatMap((v) => [v, 1 - v]),
          2,
          conf,
        );
        const tooFew = n < Math.round(1 / alpha) - 1;
        expect(conformalRank(n, conf) > n).toBe(tooFew);
        expect(c.thresholds[0] === Infinity).toBe(tooFew);
        expect(c.warnings.length > 0).toBe(true); // class 1 has no patients at all
        expect(c.warnings.some((w) => w.includes('“0”'))).toBe(tooFew);
      }
    }
  });

  it('rejects a confidence outside (0, 1)', () => {
    expect(() => calibrateConformal([0], [1, 0], 2, 90)).toThrow(/between 0 and 1/);
  });
});

/**
 * Synthetic outcome with known truth: x ~ U(−2, 2), P(class k | x) ∝ exp(β_k x) for β = (−1.5, 0, 1.5)
 * with class 2 made rarer. The "model" is deliberately miscalibrated (probabilities raised to the
 * power 0.5 and renormalised): conformal coverage must hold anyway.
 */
function draw(rng: Rng, n: number): { y: number[]; proba: number[] } {
  const y: number[] = [];
  const proba: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = rng.nextFloat() * 4 - 2;
    const w = [Math.exp(-1.5 * x), 1, 0.4 * Math.exp(1.5 * x)];
    const s = w[0] + w[1] + w[2];
    const u = rng.nextFloat() * s;
    y.push(u < w[0] ? 0 : u < w[0] + w[1] ? 1 : 2);
    const m = w.map((v) => Math.sqrt(v / s));
    const ms = m[0] + m[1] + m[2];
    proba.push(...m.map((v) => v / ms));
  }
  return { y, proba };
}

describe('coverage on synthetic data with known truth, over many seeds', () => {
  for (const conf of CONFIDENCE_LEVELS) {
    it(`reaches ${conf} overall and in every class, within sampling error`, () => {
      const seeds = 300;
      const perSeed: number[][] = [[], [], [], []];
      for (let s = 0; s < seeds; s++) {
        const rng = new Rng(77 + s);
        const calib = draw(rng, 300);
        const test = draw(rng, 300);
        const cal = calibrateConformal(calib.y, calib.proba, 3, conf);
        const hit = [0, 0, 0];
        const tot = [0, 0, 0];
        for (let i = 0; i < test.y.length; i++) {
          const set = predictionSet(cal, test.proba.slice(i * 3, i * 3 + 3));
          tot[test.y[i]]++;
          if (set.includes(test.y[i])) hit[test.y[i]]++;
        }
        perSeed[0].push((hit[0] + hit[1] + hit[2]) / test.y.length);
        for (let k = 0; k < 3; k++) if (tot[k] > 0) perSeed[k + 1].push(hit[k] / tot[k]);
      }
      for (const v of perSeed) {
        const m = v.reduce((a, b) => a + b, 0) / v.length;
        const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
        const se = sd / Math.sqrt(v.length);
        // Split-conformal bound for exchangeable calibration and test draws (as here, not out-of-bag):
        // 1 − α ≤ E[coverage | class] ≤ 1 − α + 1/(n_k + 1); n_k ≥ ~50 here.
        expect(m).toBeGreaterThan(conf - 4 * se);
        expect(m).toBeLessThan(conf + 1 / 50 + 4 * se);
      }
    });
  }
});

describe('cross-validated coverage of a real forest', () => {
  const n = 360;
  const rng = new Rng(5);
  const X = new Float32Array(n * 4);
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < 4; f++) X[f * n + r] = rng.nextFloat() * 4 - 2;
    y[r] = rng.nextFloat() < 1 / (1 + Math.exp(-1.5 * X[r] + X[n + r])) ? 1 : 0;
  }
  const cv = stratifiedKFold(y, 2, 5, 9);
  const folds: ConformalFold[] = cv.folds.map((testRows, f) => {
    const train = trainingRows(cv, f, n);
    const model = fitForest(
      X,
      n,
      4,
      new Uint8Array(4),
      y,
      2,
      { nEstimators: 150, randomState: 3 + f, minSamplesLeaf: 3 },
      { rows: train },
    );
    const testProba = predictProba(model, gatherRows(X, n, 4, testRows), testRows.length);
    return { testRows, testProba, calibrationProba: model.oobProba as Float64Array };
  });

  it('is near the confidence asked, per class too, with named classes', () => {
    for (const conf of CONFIDENCE_LEVELS) {
      const c = conformalCoverage(y, 2, folds, conf, ['no', 'yes']);
      expect(c.n).toBe(n);
      expect(c.confidence).toBe(conf);
      // Binomial SD of a coverage over 360 patients is ≤ 0.021 at 0.9; allow ~3 SD.
      expect(Math.abs(c.coverage - conf)).toBeLessThan(0.065);
      expect(Object.keys(c.coverageByClass)).toEqual(['no', 'yes']);
      for (const v of Object.values(c.coverageByClass))
        expect(Math.abs(v - conf)).toBeLessThan(0.1);
      // Every covered patient has a set of one at least: the mean set size cannot be below the coverage.
      expect(c.meanSetSize).toBeGreaterThanOrEqual(c.coverage);
      expect(c.meanSetSize).toBeLessThan(2);
      expect(c.warnings).toEqual([]);
    }
  });

  it('counts single-outcome sets overall and per true outcome', () => {
    const c = conformalCoverage(y, 2, folds, 0.9, ['no', 'yes']);
    // Recount by hand from the same folds.
    const single = [0, 0];
    const total = [0, 0];
    let empty = 0;
    for (const [f, fold] of folds.entries()) {
      const cal = calibrateConformal(y, folds[f].calibrationProba, 2, 0.9);
      for (let i = 0; i < fold.testRows.length; i++) {
        const set = predictionSet(cal, [fold.testProba[2 * i], fold.testProba[2 * i + 1]]);
        const cls = y[fold.testRows[i]];
        total[cls]++;
        if (set.length === 1) single[cls]++;
        if (set.length === 0) empty++;
      }
    }
    expect(c.singleRateByClass).toEqual({ no: single[0] / total[0], yes: single[1] / total[1] });
    expect(c.singleRate).toBeCloseTo((single[0] + single[1]) / n, 12);
    expect(c.emptyRate).toBeCloseTo(empty / n, 12);
    // Sizes are 0, 1 or 2: the mean size is single + 2 × (both).
    const both = 1 - (c.singleRate ?? NaN) - c.emptyRate;
    expect(c.meanSetSize).toBeCloseTo((c.singleRate ?? NaN) + 2 * both, 12);
  });

  it('refuses a fold calibrated on its own test rows', () => {
    const leaky = folds.map((f) => ({ ...f, calibrationProba: new Float64Array(n * 2).fill(0.5) }));
    expect(() => conformalCoverage(y, 2, leaky, 0.9)).toThrow(/training rows only/);
  });
});
