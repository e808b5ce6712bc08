import { describe, expect, it } from 'vitest';
import {
  bootstrapInterval,
  brierTimes,
  crossValidateSurvival,
  planSurvivalCv,
} from './survivalEvaluation.ts';
import { harrellC } from './concordance.ts';
import { integratedBrierScore } from './brier.ts';
import { kaplanMeier, stepAt } from './estimators.ts';
import { Rng } from '../forest/rng.ts';

/** Exponential survival, hazard 0.1 · exp(1.5 · x0), three noise columns, independent censoring. */
function cohort(n: number, seed: number) {
  const rng = new Rng(seed);
  const p = 4;
  const X = new Float32Array(n * p);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < p; f++) X[f * n + r] = Math.fround(rng.nextFloat() * 2 - 1);
    const t = -Math.log(1 - rng.nextFloat()) / (0.1 * Math.exp(1.5 * X[r]));
    const c = -Math.log(1 - rng.nextFloat()) / 0.05;
    time[r] = Math.min(t, c);
    event[r] = t <= c ? 1 : 0;
  }
  return { X, nRows: n, nFeatures: p, isCategorical: new Uint8Array(p), time, event };
}

describe('survival cross-validation', () => {
  it('integrates the Brier score between the 10th and 90th percentiles of the event times', () => {
    // Event times 1..10 (index floor(p/100 · 9)): 10th percentile -> 1, 90th -> 9; 11 is censored and the longest.
    const time = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    const event = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0];
    expect(Array.from(brierTimes(time, event))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(() => brierTimes([1, 1, 2], [1, 1, 0])).toThrow(/too few or too alike/);
  });

  it('beats the one-curve-for-everyone model out of fold, the same for a seed', () => {
    const data = cohort(400, 4);
    const options = { folds: 5, params: { nEstimators: 40, randomState: 3 }, seed: 3 };
    const report = crossValidateSurvival(data, options);
    expect(report.folds).toBe(5);
    expect(report.cindexFolds).toHaveLength(5);
    // Measured 0.738 (bootstrap interval 0.706-0.764); random ranking gives 0.5.
    expect(report.cindex).toBeGreaterThan(0.68);
    expect(report.cindexInterval[0]).toBeLessThan(report.cindex);
    expect(report.cindexInterval[1]).toBeGreaterThan(report.cindex);
    // The cohort's Kaplan–Meier curve given to every patient (no covariates) as the reference.
    const km = kaplanMeier(data);
    const times = report.brierTimes;
    const flat = new Float64Array(data.nRows * times.length);
    for (let i = 0; i < data.nRows; i++) {
      for (let k = 0; k < times.length; k++) flat[i * times.length + k] = stepAt(km, times[k], 1);
    }
    const reference = integratedBrierScore(data, data, flat, times);
    // Measured 0.160 against 0.216.
    expect(report.integratedBrier).toBeLessThan(reference - 0.03);
    const again = crossValidateSurvival(data, options);
    expect(again.cindex).toBe(report.cindex);
    expect(again.integratedBrier).toBe(report.integratedBrier);
  });

  it('keeps every group in one fold, events spread across folds as far as the groups allow', () => {
    const data = cohort(300, 8);
    // Families of 1 to 6 patients.
    const groups = new Int32Array(300);
    const rng = new Rng(2);
    for (let r = 1, g = 0, left = 1; r < 300; r++) {
      if (--left === 0) {
        g++;
        left = 1 + rng.nextInt(6);
      }
      groups[r] = g;
    }
    const plan = planSurvivalCv(data, 5, 7, groups);
    expect(plan.folds).toHaveLength(5);
    const foldOfGroup = new Map<number, number>();
    const seen = new Uint8Array(300);
    plan.folds.forEach((rows, f) => {
      for (const r of rows) {
        seen[r]++;
        expect(foldOfGroup.get(groups[r]) ?? f).toBe(f);
        foldOfGroup.set(groups[r], f);
      }
      const held = new Set(Array.from(rows, (r) => groups[r]));
      for (const r of plan.train[f]) expect(held.has(groups[r])).toBe(false);
    });
    expect(seen.every((n) => n === 1)).toBe(true);
    const share = data.event.reduce((a, b) => a + b, 0) / 300;
    for (const rows of plan.folds) {
      const events = rows.reduce((a, r) => a + data.event[r], 0);
      expect(Math.abs(events / rows.length - share)).toBeLessThan(0.08);
    }
    // Without groups a family is split (the old behaviour): the check above can fail.
    const plain = planSurvivalCv(data, 5, 7);
    const split = plain.folds.some((rows, f) =>
      plain.folds.some(
        (other, h) => h !== f && other.some((r) => rows.some((q) => groups[q] === groups[r])),
      ),
    );
    expect(split).toBe(true);
  });

  it('ignoring families inflates C; group folds give the honest, near-chance figure', () => {
    // 60 families of 8 share a frailty (their hazard) and a family-level column that says nothing about the
    // frailty of another family: only a forest that has seen a patient's relatives can use it.
    const families = 60;
    const size = 8;
    const n = families * size;
    const rng = new Rng(11);
    const p = 2;
    const X = new Float32Array(n * p);
    const time = new Float64Array(n);
    const event = new Uint8Array(n);
    const groups = new Int32Array(n);
    for (let g = 0; g < families; g++) {
      const frailty = Math.exp(3 * (rng.nextFloat() * 2 - 1));
      const tag = Math.fround(rng.nextFloat());
      for (let k = 0; k < size; k++) {
        const r = g * size + k;
        groups[r] = g;
        X[r] = tag;
        X[n + r] = Math.fround(rng.nextFloat());
        const t = -Math.log(1 - rng.nextFloat()) / (0.1 * frailty);
        const c = -Math.log(1 - rng.nextFloat()) / 0.03;
        time[r] = Math.min(t, c);
        event[r] = t <= c ? 1 : 0;
      }
    }
    const data = { X, nRows: n, nFeatures: p, isCategorical: new Uint8Array(p), time, event };
    const params = { nEstimators: 60, minSamplesLeaf: 3, randomState: 5 };
    const naive = crossValidateSurvival(data, { folds: 5, params, seed: 5 });
    const grouped = crossValidateSurvival(data, { folds: 5, params, seed: 5, groups });
    // Measured: naive 0.696, grouped 0.536 (the family column carries no information across families).
    expect(naive.cindex).toBeGreaterThan(0.65);
    expect(grouped.cindex).toBeLessThan(0.58);
    expect(naive.cindex - grouped.cindex).toBeGreaterThan(0.1);
  });

  it('bootstraps the C-index interval exactly as resampling the patients into harrellC does', () => {
    // The resampling written out (the interval's definition): draw n patients with replacement, score them.
    const reference = (time: Float64Array, event: Uint8Array, risk: Float64Array, seed: number) => {
      const rng = new Rng(seed ^ 0x5bd1e995);
      const n = time.length;
      const values: number[] = [];
      for (let b = 0; b < 200; b++) {
        const pick = Array.from({ length: n }, () => rng.nextInt(n));
        try {
          values.push(
            harrellC(
              { time: pick.map((j) => time[j]), event: pick.map((j) => event[j]) },
              pick.map((j) => risk[j]),
            ).cindex,
          );
        } catch {
          // skipped, as bootstrapInterval skips it
        }
      }
      values.sort((a, b) => a - b);
      const q = (x: number) => values[Math.min(values.length - 1, Math.floor(x * values.length))];
      return values.length < 20 ? [NaN, NaN] : [q(0.025), q(0.975)];
    };
    const rng = new Rng(8);
    const n = 150;
    // Tied times, tied risks, events and censorings at the same times.
    const time = Float64Array.from({ length: n }, () => 1 + rng.nextInt(20));
    const event = Uint8Array.from({ length: n }, () => (rng.nextFloat() < 0.6 ? 1 : 0));
    const risk = Float64Array.from({ length: n }, (_, i) => rng.nextInt(12) - time[i] * 0.3);
    for (const seed of [1, 2, 3]) {
      expect(bootstrapInterval(time, event, risk, seed)).toEqual(
        reference(time, event, risk, seed),
      );
    }
    // A patient harrellC refuses (risk not finite) makes every resample holding it skipped: only ~1/e remain.
    const bad = Float64Array.from(risk);
    bad[0] = NaN;
    const got = bootstrapInterval(time, event, bad, 4);
    expect(got).toEqual(reference(time, event, bad, 4));
    expect(got[0]).toBeLessThan(got[1]);
    // Too few resamples with a pair: no interval.
    const two = bootstrapInterval(
      Float64Array.of(1, 2),
      Uint8Array.of(1, 0),
      Float64Array.of(2, 1),
      1,
    );
    expect(two).toEqual(
      reference(Float64Array.of(1, 2), Uint8Array.of(1, 0), Float64Array.of(2, 1), 1),
    );
  });
});
