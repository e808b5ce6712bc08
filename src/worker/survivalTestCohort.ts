/** A small simulated survival cohort for the worker pool's survival tests (Node and Vitest only). */
import { Rng } from '../engine/forest/rng';
import { survivalTrees, type SurvivalForestModel } from '../engine/forest/survivalForest';

/** Exponential survival with hazard 0.1 · exp(x0), a categorical x2 and missing x1 in a tenth of the rows. */
export function survivalTestCohort(n: number, seed = 7) {
  const rng = new Rng(seed);
  const p = 3;
  const X = new Float32Array(n * p);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    X[r] = Math.fround(rng.nextFloat() * 2 - 1);
    X[n + r] = r % 10 === 0 ? NaN : Math.fround(rng.nextFloat());
    X[2 * n + r] = rng.nextInt(3);
    const t = -Math.log(1 - rng.nextFloat()) / (0.1 * Math.exp(X[r] + 0.3 * X[2 * n + r]));
    const c = -Math.log(1 - rng.nextFloat()) / 0.05;
    time[r] = Math.round(Math.min(t, c) * 10) / 10;
    event[r] = t <= c ? 1 : 0;
  }
  return { X, nRows: n, nFeatures: p, isCategorical: Uint8Array.of(0, 0, 1), time, event };
}

/** The parts of a survival forest's trees that decide its predictions, as plain arrays (to compare forests). */
export function survivalTreesOf(model: SurvivalForestModel) {
  return survivalTrees(model).map((t) => ({
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    hazardPoint: Array.from(t.hazardPoint),
    hazardValue: Array.from(t.hazardValue),
  }));
}
