import { describe, expect, it } from 'vitest';
import { leafHazardAt, leafRisk, survivalShap } from './survivalShap';
import { treeShap, treeShapPath } from './treeshap';
import {
  survivalTrees,
  curvesAt,
  fitSurvivalForest,
  predictCumHazard,
  riskFromCumHazard,
} from '../forest/survivalForest';
import type { SurvivalTree } from '../forest/survivalTree';
import { flattenTrees } from '../forest/flatSurvivalTrees';
import { Rng } from '../forest/rng';

/**
 * Root: x0 <= 0.5 -> leaf 1 (cover 2, H = 0, .5, .5, .5); else x1 <= 0.5 -> leaf 3 (cover 1, H = .25, .25, 1, 1)
 * or leaf 4 (cover 1, H = 0, 0, 0, 2). Grid of 4 times 10, 20, 30, 40.
 */
function handTree(): SurvivalTree {
  return {
    nodeCount: 5,
    nClasses: 1,
    feature: Int32Array.from([0, -1, 1, -1, -1]),
    threshold: Float32Array.from([0.5, NaN, 0.5, NaN, NaN]),
    left: Int32Array.from([1, -1, 3, -1, -1]),
    right: Int32Array.from([2, -1, 4, -1, -1]),
    missingLeft: new Uint8Array(5),
    catOffset: new Int32Array(5).fill(-1),
    catBits: new Uint32Array(0),
    value: Float32Array.from([0, 1.5, 0, 2.5, 2]),
    weight: Float32Array.from([4, 2, 2, 1, 1]),
    impurityDecrease: new Float64Array(0),
    hazardOffset: Int32Array.from([0, 0, 1, 1, 3, 4]),
    hazardPoint: Int32Array.from([1, 0, 2, 3]),
    hazardValue: Float32Array.from([0.5, 0.25, 1, 2]),
  };
}

const handModel = {
  flatTrees: flattenTrees([handTree()], false),
  timeGrid: Float64Array.from([10, 20, 30, 40]),
  nFeatures: 2,
};

/** Exponential survival with hazard 0.1 · exp(1.5 · x0), x0..x3 uniform in (−1, 1), independent censoring. */
function simulate(n: number, seed: number) {
  const rng = new Rng(seed);
  const p = 4;
  const X = new Float32Array(n * p);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < p; f++) X[f * n + r] = Math.fround(rng.nextFloat() * 2 - 1);
    const t = -Math.log(1 - rng.nextFloat()) / (0.1 * Math.exp(1.5 * X[r]));
    const c = -Math.log(1 - rng.nextFloat()) / 0.05;
    time[r] = Math.min(t, c, 30);
    event[r] = t <= c && t <= 30 ? 1 : 0;
  }
  return { X, p, time, event };
}

describe('survival TreeSHAP', () => {
  it('gives the hand-worked Shapley values of a two-feature tree', () => {
    // Leaf risks Σ_grid H: 1.5, 2.5, 2; expected 0.5·1.5 + 0.25·2.5 + 0.25·2 = 1.875. For x = (1, 0):
    // v({0}) = 2.25, v({1}) = 0.5·1.5 + 0.5·2.5 = 2, v({0,1}) = 2.5, so φ0 = (0.375 + 0.5)/2, φ1 = (0.125 + 0.25)/2.
    expect(Array.from(leafRisk(handTree(), 4))).toEqual([0, 1.5, 0, 2.5, 2]);
    const e = survivalShap(handModel, [1, 0], 25);
    expect(e.risk.base).toBeCloseTo(1.875, 12);
    expect(e.risk.shap[0]).toBeCloseTo(0.4375, 12);
    expect(e.risk.shap[1]).toBeCloseTo(0.1875, 12);
    expect(e.risk.value).toBeCloseTo(2.5, 12);
    // At time 25 (grid index 1) the leaves' H are 0.5, 0.25, 0: expected 0.3125, v({0}) = 0.125, v({1}) = 0.375.
    expect(Array.from(leafHazardAt(handTree(), 1))).toEqual([0, 0.5, 0, 0.25, 0]);
    const h = e.horizon;
    expect(h?.time).toBe(25);
    expect(h?.base).toBeCloseTo(0.3125, 12);
    expect(h?.shap[0]).toBeCloseTo(-0.15625, 12);
    expect(h?.shap[1]).toBeCloseTo(0.09375, 12);
    expect(h?.value).toBeCloseTo(0.25, 12);
    // Before the first grid time nothing has happened: all zero.
    const early = survivalShap(handModel, [1, 0], 5).horizon;
    expect(early?.base).toBe(0);
    expect(Array.from(early?.shap ?? [])).toEqual([0, 0]);
  });

  it('adds up to the forest risk and cumulative hazard at the horizon, and X1 matters most', () => {
    const n = 300;
    const { X, p, time, event } = simulate(n, 5);
    const model = fitSurvivalForest(X, n, p, new Uint8Array(p), time, event, {
      nEstimators: 30,
      randomState: 3,
    });
    const G = model.timeGrid.length;
    const H = predictCumHazard(model, X, n);
    const risk = riskFromCumHazard(H, G);
    const horizon = 10;
    const Hh = curvesAt(H, model.timeGrid, [horizon], 0);
    const meanAbs = new Float64Array(p);
    const rows = 60;
    for (let r = 0; r < rows; r++) {
      const x = Array.from({ length: p }, (_, f) => X[f * n + r]);
      const e = survivalShap(model, x, horizon);
      let s = e.risk.base;
      for (let f = 0; f < p; f++) s += e.risk.shap[f];
      expect(Math.abs(s - risk[r])).toBeLessThan(1e-9);
      expect(Math.abs(e.risk.value - risk[r])).toBeLessThan(1e-9);
      const h = e.horizon;
      if (!h) throw new Error('no horizon explanation');
      let sh = h.base;
      for (let f = 0; f < p; f++) sh += h.shap[f];
      expect(Math.abs(sh - Hh[r])).toBeLessThan(1e-9);
      for (let f = 0; f < p; f++) meanAbs[f] += Math.abs(e.risk.shap[f]) / rows;
    }
    for (let f = 1; f < p; f++) expect(meanAbs[0]).toBeGreaterThan(2 * meanAbs[f]);
  });

  it('agrees with the path algorithm on a grown survival tree', () => {
    const n = 200;
    const { X, p, time, event } = simulate(n, 8);
    const model = fitSurvivalForest(X, n, p, new Uint8Array(p), time, event, {
      nEstimators: 2,
      randomState: 1,
    });
    const tree = survivalTrees(model)[1];
    const outputs = { value: leafRisk(tree, model.timeGrid.length), K: 1 };
    for (let r = 0; r < 5; r++) {
      const x = Array.from({ length: p }, (_, f) => X[f * n + r]);
      const a = treeShap(tree, x, p, outputs);
      const b = treeShapPath(tree, x, p, outputs);
      for (let f = 0; f < p; f++) expect(a[f]).toBeCloseTo(b[f], 9);
    }
  });
});
