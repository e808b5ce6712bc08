import { describe, expect, it } from 'vitest';
import { binFeatures } from './binning.ts';
import { growSurvivalTrees, nodeRisk, pointByPointRisk } from './survivalGrow.ts';
import { validateSurvivalParams } from './survivalParams.ts';
import { Rng } from './rng.ts';
import { timeGrid } from './timeGrid.ts';
import { logRank } from '../survival/estimators.ts';

/**
 * n patients, x uniform in (−1, 1), exponential hazard 0.1 · exp(1.5 x), censoring at rate 0.05; times rounded
 * up to a multiple of `step` (few distinct event times when step is large).
 */
function cohort(n: number, seed: number, step: number) {
  const rng = new Rng(seed);
  const X = new Float32Array(n);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    X[r] = Math.fround(rng.nextFloat() * 2 - 1);
    const t = -Math.log(1 - rng.nextFloat()) / (0.1 * Math.exp(1.5 * X[r]));
    const c = -Math.log(1 - rng.nextFloat()) / 0.05;
    time[r] = Math.ceil(Math.min(t, c, 30) / step) * step;
    event[r] = t <= c && t <= 30 ? 1 : 0;
  }
  return { X, time, event };
}

/** The one-split tree's chi-square and its left side's size, and the largest over every threshold. */
function rootSplitAndBruteForce(n: number, seed: number, step: number) {
  const { X, time, event } = cohort(n, seed, step);
  const binned = binFeatures(X, n, 1, new Uint8Array(1));
  const params = validateSurvivalParams({
    nEstimators: 1,
    bootstrap: false,
    oobScore: false,
    maxDepth: 1,
    minSamplesLeaf: 10,
    maxFeatures: 'all',
    maxTimePoints: 10000,
  });
  const tree = growSurvivalTrees(binned, time, event, timeGrid(time, event), params, [0]).trees[0];
  const x = Array.from(X);
  let best = 0;
  let bestLeft = -1;
  const sorted = [...new Set(x)].sort((a, b) => a - b);
  for (let k = 0; k + 1 < sorted.length; k++) {
    const group = x.map((v): number => (v <= sorted[k] ? 1 : 0));
    const nLeft = group.reduce((a, b) => a + b, 0);
    if (nLeft < 10 || n - nLeft < 10) continue;
    const chi = logRank({ time, event }, group).chiSquare;
    if (chi > best) {
      best = chi;
      bestLeft = nLeft;
    }
  }
  const left = x.filter((v) => v <= tree.threshold[0]).length;
  return { chi: tree.impurityDecrease[0], left, best, bestLeft };
}

describe('survival split search', () => {
  it('finds the largest log-rank statistic in a node with few event times (every candidate takes the exact pass)', () => {
    // 80 patients, times in steps of 8: 4 distinct event times, so candidates × event points (≤ 79 × 4) are
    // fewer than 8 × rows and the sweep skips the running-sum bound.
    const r = rootSplitAndBruteForce(80, 11, 8);
    expect(r.best).toBeGreaterThan(0);
    expect(r.chi).toBeCloseTo(r.best, 8);
    expect(r.left).toBe(r.bestLeft);
  });

  it('finds the same largest statistic where the bound prunes candidates (many event times)', () => {
    const r = rootSplitAndBruteForce(300, 12, 0.01);
    expect(r.best).toBeGreaterThan(0);
    expect(r.chi).toBeCloseTo(r.best, 8);
    expect(r.left).toBe(r.bestLeft);
  });
});

describe('node risk', () => {
  it('rounds to the float32 of the point-by-point sum over the grid', () => {
    const rng = new Rng(5);
    for (let trial = 0; trial < 2000; trial++) {
      const G = 1 + rng.nextInt(400);
      const m = rng.nextInt(Math.min(G, 30) + 1);
      // m increasing grid points and a non-decreasing curve at them.
      const points = new Set<number>();
      while (points.size < m) points.add(rng.nextInt(G));
      const nodeP = Int32Array.from([...points].sort((a, b) => a - b));
      const chf = new Float64Array(m);
      let h = 0;
      for (let k = 0; k < m; k++) chf[k] = h += rng.nextFloat() / (1 + rng.nextInt(50));
      expect(Math.fround(nodeRisk(chf, nodeP, m, G))).toBe(
        Math.fround(pointByPointRisk(chf, nodeP, m, G)),
      );
    }
  });

  it('takes the point-by-point sum when the step sum would round to another float32', () => {
    // A flat curve x over N points: N · x and x added N times differ in their last bits; with their sum at a
    // float32 rounding boundary they round apart, and the stored risk must still be the point-by-point one's.
    const G = 300;
    const nodeP = Int32Array.of(0);
    let found = 0;
    for (let k = 1; k < 2000 && found < 3; k++) {
      const low = Math.fround(1 + k / 1024);
      // The midpoint between two adjacent float32 values (low's ulp at 1..2 is 2^-23).
      const mid = low + 2 ** -24;
      const chf = Float64Array.of(mid / G);
      const slow = pointByPointRisk(chf, nodeP, 1, G);
      if (Math.fround(slow) === Math.fround(chf[0] * G)) continue;
      found++;
      expect(Math.fround(nodeRisk(chf, nodeP, 1, G))).toBe(Math.fround(slow));
    }
    expect(found).toBeGreaterThan(0);
  });
});
