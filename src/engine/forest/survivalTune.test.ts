import { describe, expect, it } from 'vitest';
import { fitSurvivalForest } from './survivalForest.ts';
import { Rng } from './rng.ts';
import { DEFAULT_SURVIVAL_PARAMS, type SurvivalParams } from './survivalParams.ts';
import { groupOutOfBagRisk, survivalLeafSizes, tuneSurvivalLeaf } from './survivalTune.ts';

/**
 * n patients × 3 uniform features; follow-up from x0 alone (noiseless, three waves over its range: leaves of 15
 * patients blur them) or unrelated to the features; ~20 % censored.
 */
function cohort(n: number, seed: number, outcome: 'signal' | 'noise') {
  const rng = new Rng(seed);
  const p = 3;
  const X = new Float32Array(n * p);
  for (let i = 0; i < X.length; i++) X[i] = rng.nextFloat();
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const u = outcome === 'signal' ? 0.5 + 0.5 * Math.sin(X[r] * 6 * Math.PI) : rng.nextFloat();
    time[r] = Math.round((1 + 99 * u) * 10) / 10;
    event[r] = rng.nextFloat() < 0.8 ? 1 : 0;
  }
  return { X, n, p, time, event };
}

function inThread(c: ReturnType<typeof cohort>, rows?: Int32Array) {
  return (params: SurvivalParams) =>
    Promise.resolve(
      fitSurvivalForest(
        c.X,
        c.n,
        c.p,
        new Uint8Array(c.p),
        c.time,
        c.event,
        params,
        rows ? { rows } : {},
      ),
    );
}

describe('survival leaf tuning', () => {
  it('tries the base leaf first, then the grid up to a tenth of the patients', () => {
    expect(survivalLeafSizes(600, 15)).toEqual([15, 3, 5, 10, 20, 40]);
    expect(survivalLeafSizes(60, 15)).toEqual([15, 3, 5]);
  });

  it('picks a smaller leaf when follow-up is a wavy function of one feature, and keeps the base on noise', async () => {
    const base = { ...DEFAULT_SURVIVAL_PARAMS, nEstimators: 30 };
    const signal = cohort(600, 3, 'signal');
    const noise = cohort(600, 3, 'noise');
    const onSignal = await tuneSurvivalLeaf(signal, base, inThread(signal));
    const onNoise = await tuneSurvivalLeaf(noise, base, inThread(noise));
    // Every candidate scored on the same patients, the base first with no gain over itself.
    expect(onSignal.report.candidates.map((c) => c.minSamplesLeaf)).toEqual([15, 3, 5, 10, 20, 40]);
    expect(onSignal.report.candidates[0].gain).toBe(0);
    expect(onSignal.report.rowsScored).toBeGreaterThan(300);
    expect(onSignal.params.minSamplesLeaf).toBeLessThan(15);
    expect(onSignal.report.chosen).toBe(onSignal.params.minSamplesLeaf);
    const chosen = onSignal.report.candidates.find(
      (c) => c.minSamplesLeaf === onSignal.report.chosen,
    );
    expect(chosen?.gain).toBeGreaterThan(2 * (chosen?.gainStandardError ?? Infinity));
    // Noise: no leaf is clearly better than the base's.
    expect(onNoise.params.minSamplesLeaf).toBe(15);
    expect(onNoise.params.minSamplesLeaf).toBeGreaterThan(onSignal.params.minSamplesLeaf);
  });

  it('is the same for the same seed, on a fold’s rows only', async () => {
    const c = cohort(300, 5, 'signal');
    const rows = Int32Array.from({ length: 200 }, (_, i) => i + 50);
    const base = { ...DEFAULT_SURVIVAL_PARAMS, nEstimators: 20, randomState: 4 };
    const a = await tuneSurvivalLeaf({ ...c, rows }, base, inThread(c, rows));
    const b = await tuneSurvivalLeaf({ ...c, rows }, base, inThread(c, rows));
    expect(b).toEqual(a);
    expect(a.report.rowsScored).toBeLessThanOrEqual(200);
  });

  it('refuses a forest without bootstrap', async () => {
    const c = cohort(100, 1, 'noise');
    await expect(
      tuneSurvivalLeaf(c, { ...DEFAULT_SURVIVAL_PARAMS, bootstrap: false }, inThread(c)),
    ).rejects.toThrow('needs bootstrap');
  });

  it('with every patient a group of their own, scores as the forest’s own out-of-bag risk', () => {
    const c = cohort(200, 7, 'signal');
    const rows = Int32Array.from({ length: 150 }, (_, i) => i + 30);
    const params = { ...DEFAULT_SURVIVAL_PARAMS, nEstimators: 25, oobScore: true };
    const singletons = { index: Int32Array.from({ length: c.n }, (_, i) => i), X: c.X };
    for (const subset of [undefined, rows]) {
      const forest = fitSurvivalForest(
        c.X,
        c.n,
        c.p,
        new Uint8Array(c.p),
        c.time,
        c.event,
        params,
        subset ? { rows: subset } : {},
      );
      const own = forest.oobRisk as Float64Array;
      const byGroup = groupOutOfBagRisk(forest, c.n, singletons, subset);
      let compared = 0;
      for (let r = 0; r < c.n; r++) {
        expect(Number.isNaN(byGroup[r])).toBe(Number.isNaN(own[r]));
        if (Number.isNaN(own[r])) continue;
        compared++;
        // The forest rounds each tree's increments to 2^-32 so that shard sums are exact; this sums them unrounded.
        expect(byGroup[r]).toBeCloseTo(own[r], 6);
      }
      expect(compared).toBeGreaterThan(subset ? 120 : 160);
    }
  });

  it('keeps groups of near-copies together: small leaves no longer win by predicting a patient from their copies', async () => {
    // 250 pairs of near-identical patients (a family's twins, a patient's two records): the same follow-up, features
    // a hair apart; the follow-up is unrelated to the features across pairs. Row-level out-of-bag scoring finds the
    // twin in the bag and rewards leaves small enough to hold little else.
    const pairs = 250;
    const n = 2 * pairs;
    const p = 3;
    const rng = new Rng(11);
    const X = new Float32Array(n * p);
    const time = new Float64Array(n);
    const event = new Uint8Array(n);
    const index = new Int32Array(n);
    for (let g = 0; g < pairs; g++) {
      const t = Math.round((1 + 99 * rng.nextFloat()) * 10) / 10;
      const e = rng.nextFloat() < 0.8 ? 1 : 0;
      const x = [rng.nextFloat(), rng.nextFloat(), rng.nextFloat()];
      for (const r of [2 * g, 2 * g + 1]) {
        index[r] = g;
        time[r] = t;
        event[r] = e;
        for (let f = 0; f < p; f++) X[f * n + r] = x[f] + 1e-4 * rng.nextFloat();
      }
    }
    const c = { X, n, p, time, event };
    const base = { ...DEFAULT_SURVIVAL_PARAMS, nEstimators: 90 };
    const byRow = await tuneSurvivalLeaf(c, base, inThread(c));
    const byGroup = await tuneSurvivalLeaf({ ...c, groups: { index, X } }, base, inThread(c));
    expect(byRow.report.groupAware).toBe(false);
    expect(byGroup.report.groupAware).toBe(true);
    const cOf = (r: typeof byRow, leaf: number) =>
      r.report.candidates.find((k) => k.minSamplesLeaf === leaf)?.cindex ?? NaN;
    // By row, leaves of 3 look far better than chance and than the base's 15, and are chosen.
    expect(cOf(byRow, 3)).toBeGreaterThan(0.65);
    expect(byRow.params.minSamplesLeaf).toBeLessThan(15);
    // By group, the features carry nothing: every leaf scores near chance and the base is kept.
    for (const k of byGroup.report.candidates) expect(Math.abs(k.cindex - 0.5)).toBeLessThan(0.06);
    expect(byGroup.params.minSamplesLeaf).toBe(15);
    // A pair is wholly out of bag in about e^-2 of the trees: most patients are still scored.
    expect(byGroup.report.rowsScored).toBeGreaterThan(0.5 * n);
    expect(byGroup.report.rowsScored).toBeLessThan(byRow.report.rowsScored);
  });

  it('scores rows, and says so, when groups are too large to leave wholly out of any tree', async () => {
    const c = cohort(300, 9, 'signal');
    // Three sites of 100: no tree's bootstrap misses a whole site.
    const index = Int32Array.from({ length: c.n }, (_, i) => i % 3);
    const base = { ...DEFAULT_SURVIVAL_PARAMS, nEstimators: 30 };
    const byGroup = await tuneSurvivalLeaf({ ...c, groups: { index, X: c.X } }, base, inThread(c));
    const byRow = await tuneSurvivalLeaf(c, base, inThread(c));
    expect(byGroup.report.groupAware).toBe(false);
    expect(byGroup).toEqual(byRow);
  });
});
