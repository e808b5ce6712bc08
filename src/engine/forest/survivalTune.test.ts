import { describe, expect, it } from 'vitest';
import { fitSurvivalForest } from './survivalForest.ts';
import { Rng } from './rng.ts';
import { DEFAULT_SURVIVAL_PARAMS, type SurvivalParams } from './survivalParams.ts';
import { survivalLeafSizes, tuneSurvivalLeaf } from './survivalTune.ts';

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
});
