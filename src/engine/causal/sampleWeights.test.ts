import { describe, expect, it } from 'vitest';
import { binFeatures } from '../forest/binning.ts';
import { Rng } from '../forest/rng.ts';
import {
  fitCausalForest,
  packCausalTrees,
  predictCausal,
  predictCausalOob,
  predictMean,
  unpackCausalTrees,
  type CausalTree,
} from './causalForest.ts';
import { averageEffect, olsHc3, type EffectInputs } from './checks.ts';
import { fitEffects, predictEffects } from './effects.ts';
import {
  correctionColumns,
  localLinearFit,
  predictLocalLinear,
  treatmentIndex,
} from './localLinear.ts';
import { simulateCohort } from './simulate.ts';

/** The rows of a tree's filled bitset. */
function filledRows(tree: CausalTree, n: number): number[] {
  const rows: number[] = [];
  for (let r = 0; r < n; r++) if ((tree.filled[r >>> 5] >>> (r & 31)) & 1) rows.push(r);
  return rows;
}

describe('sample weights in the causal forest', () => {
  // 40 patients, 20 drawn per tree, 10 choose splits: with minNodeSize 5 no split can keep 5 patients on each side of
  // the mean treatment in both children, so every tree is one leaf filled by its 10 honest patients.
  const n = 40;
  const rng = new Rng(5);
  const X = Float32Array.from({ length: n }, () => rng.nextFloat());
  const y = Float64Array.from({ length: n }, () => rng.nextFloat() - 0.5);
  const w = Float64Array.from({ length: n }, () => rng.nextFloat() - 0.5);
  const g = Float64Array.from({ length: n }, () => 0.5 + 3 * rng.nextFloat());
  const binned = binFeatures(X, n, 1, new Uint8Array(1));
  const params = { numTrees: 6, minNodeSize: 5, keepFilled: true, sampleWeights: g };

  it('fills leaves with the means of G·y, G·w, G·yw, G·ww and G (worked from each leaf’s patients)', () => {
    const forest = fitCausalForest(binned, y, w, params);
    for (const tree of forest.trees) {
      expect(tree.left[0]).toBe(-1);
      const rows = filledRows(tree, n);
      expect(rows).toHaveLength(10);
      const m = (f: (r: number) => number): number => rows.reduce((s, r) => s + f(r), 0) / 10;
      const stats = Array.from(tree.leafStats.subarray(0, 4));
      const expected = [
        m((r) => g[r] * y[r]),
        m((r) => g[r] * w[r]),
        m((r) => g[r] * y[r] * w[r]),
        m((r) => g[r] * w[r] * w[r]),
      ];
      stats.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 12));
      expect(tree.leafWeight[0]).toBeCloseTo(
        m((r) => g[r]),
        12,
      );
    }
    // The effect solves the weighted moment equations over the trees' averages.
    const avg = (k: number): number =>
      forest.trees.reduce((s, t) => s + (k < 4 ? t.leafStats[k] : t.leafWeight[0]), 0) / 6;
    const tau = (avg(2) * avg(4) - avg(0) * avg(1)) / (avg(3) * avg(4) - avg(1) * avg(1));
    expect(predictCausal(forest, Float32Array.of(0.5), 1).effect[0]).toBeCloseTo(tau, 12);
    // Packing for a worker keeps the leaf weights.
    const again = unpackCausalTrees(packCausalTrees(forest.trees));
    expect(Array.from(again[3].leafWeight)).toEqual(Array.from(forest.trees[3].leafWeight));
  });

  it('a weighted regression forest predicts Σ over trees of mean(G·y) over Σ of mean(G) (grf’s weighted mean)', () => {
    // One value of the column for everyone: no split is possible, every tree is one leaf.
    const flat = binFeatures(new Float32Array(n), n, 1, new Uint8Array(1));
    const forest = fitCausalForest(flat, y, w, { ...params, target: 'mean', minNodeSize: 2 });
    let num = 0;
    let den = 0;
    for (const tree of forest.trees) {
      expect(tree.left[0]).toBe(-1);
      const rows = filledRows(tree, n);
      num += rows.reduce((s, r) => s + g[r] * y[r], 0) / rows.length;
      den += rows.reduce((s, r) => s + g[r], 0) / rows.length;
    }
    expect(predictMean(forest, Float32Array.of(0.3), 1)[0]).toBeCloseTo(num / den, 12);
  });

  it('weights of 1 or of 2 for everyone give bit for bit the unweighted fit', async () => {
    const c = simulateCohort('heterogeneous', 500, 4, 2);
    const cat = new Uint8Array(4);
    const fit = (sampleWeights?: Float64Array) =>
      fitEffects(
        c.X,
        c.nRows,
        4,
        cat,
        c.y,
        c.w,
        { numTrees: 60, randomState: 3 },
        sampleWeights ? { sampleWeights } : {},
      );
    const plain = await fit();
    for (const k of [1, 2]) {
      const weighted = await fit(new Float64Array(c.nRows).fill(k));
      expect(Array.from(weighted.nuisance.m)).toEqual(Array.from(plain.nuisance.m));
      expect(Array.from(weighted.nuisance.e)).toEqual(Array.from(plain.nuisance.e));
      expect(Array.from(weighted.cohort.effect)).toEqual(Array.from(plain.cohort.effect));
      expect(Array.from(weighted.cohort.standardError)).toEqual(
        Array.from(plain.cohort.standardError),
      );
      expect(weighted.ate.estimate).toBeCloseTo(plain.ate.estimate, 14);
      expect(weighted.ate.standardError).toBeCloseTo(plain.ate.standardError, 14);
      expect(weighted.calibration.differential).toBeCloseTo(plain.calibration.differential, 12);
    }
  });

  it('refuses weights that are not positive', () => {
    const bad = Float64Array.from(g, (v, i) => (i === 7 ? 0 : v));
    expect(() => fitCausalForest(binned, y, w, { ...params, sampleWeights: bad })).toThrow(
      /Patient 8 has sample weight 0/,
    );
  });
});

describe('sample weights in the local linear correction', () => {
  // The one-leaf forest above: every tree's leaf holds its 10 honest patients, so the forest weight of patient i at
  // any target is α_i = (1/6) Σ over trees of 1{i filled the tree}/10.
  const n = 40;
  const rng = new Rng(5);
  const X = Float32Array.from({ length: n }, () => rng.nextFloat());
  const y = Float64Array.from({ length: n }, () => rng.nextFloat() - 0.5);
  const w = Float64Array.from({ length: n }, () => rng.nextFloat() - 0.5);
  const g = Float64Array.from({ length: n }, () => 0.5 + 3 * rng.nextFloat());
  const binned = binFeatures(X, n, 1, new Uint8Array(1));
  const forest = fitCausalForest(binned, y, w, {
    numTrees: 6,
    minNodeSize: 5,
    keepFilled: true,
    sampleWeights: g,
  });

  it('regresses with the forest weights times the sample weights (worked from the trees)', () => {
    const alpha = new Float64Array(n);
    for (const tree of forest.trees) for (const r of filledRows(tree, n)) alpha[r] += 1 / 60;
    const x0 = 0.37;
    const settings = { variables: [0], columns: correctionColumns(X, n, [0]), lambda: 0.1 };
    const ll = predictLocalLinear(forest, binned, y, w, settings, {
      X: Float32Array.of(x0),
      nRows: 1,
    });
    const d = Array.from(X, (v) => [v - Math.fround(x0)]);
    const byHand = localLinearFit(
      Float64Array.from(alpha, (a, i) => a * g[i]),
      d,
      w,
      y,
      0.1,
    );
    expect(ll.effect[0]).toBeCloseTo(byHand?.theta[treatmentIndex(1)] ?? NaN, 12);
    // Forest weights alone (the sample weights ignored) give another effect.
    const unweighted = localLinearFit(alpha, d, w, y, 0.1);
    expect(Math.abs(ll.effect[0] - (unweighted?.theta[treatmentIndex(1)] ?? NaN))).toBeGreaterThan(
      1e-3,
    );
  });

  it('with no correction columns is the weighted forest’s own estimate and variance', () => {
    const c = simulateCohort('heterogeneous', 500, 4, 7);
    const b = binFeatures(c.X, c.nRows, 4, new Uint8Array(4));
    const yr = Float64Array.from(c.y, (v, i) => v - c.baseline[i] - c.propensity[i] * c.tau[i]);
    const wr = Float64Array.from(c.w, (v, i) => v - c.propensity[i]);
    const gr = Float64Array.from({ length: c.nRows }, (_, i) => 1 + (i % 7) / 2);
    const f = fitCausalForest(b, yr, wr, {
      numTrees: 80,
      randomState: 2,
      keepFilled: true,
      sampleWeights: gr,
    });
    const none = { variables: [], columns: [], lambda: 0.1 };
    const ll = predictLocalLinear(f, b, yr, wr, none, 'oob');
    const own = predictCausalOob(f, b);
    for (let i = 0; i < c.nRows; i++) {
      expect(ll.effect[i]).toBeCloseTo(own.effect[i], 10);
      expect(ll.variance[i]).toBeCloseTo(own.variance[i], 12);
    }
  });

  it('weights of 1 give bit for bit the unweighted correction, and of 2 the same to rounding', async () => {
    const c = simulateCohort('strong', 500, 4, 2);
    const cat = new Uint8Array(4);
    const fit = (sampleWeights?: Float64Array) =>
      fitEffects(
        c.X,
        c.nRows,
        4,
        cat,
        c.y,
        c.w,
        { numTrees: 60, randomState: 3 },
        { localLinear: { variables: 1, lambda: 0.1 }, ...(sampleWeights ? { sampleWeights } : {}) },
      );
    const plain = await fit();
    expect(plain.localLinear).not.toBeNull();
    const ones = await fit(new Float64Array(c.nRows).fill(1));
    expect(Array.from(ones.cohort.effect)).toEqual(Array.from(plain.cohort.effect));
    expect(Array.from(ones.cohort.standardError)).toEqual(Array.from(plain.cohort.standardError));
    const twos = await fit(new Float64Array(c.nRows).fill(2));
    for (let i = 0; i < c.nRows; i++) {
      expect(twos.cohort.effect[i]).toBeCloseTo(plain.cohort.effect[i], 12);
      expect(twos.cohort.standardError[i]).toBeCloseTo(plain.cohort.standardError[i], 12);
    }
    const x = Float32Array.from({ length: 4 * 3 }, (_, i) => (i % 5) / 4 - 0.5);
    expect(Array.from(predictEffects(ones, x, 3).effect)).toEqual(
      Array.from(predictEffects(plain, x, 3).effect),
    );
  });
});

describe('weighted checks', () => {
  it('AIPW average with weights (worked by hand)', () => {
    // m = e = 0.5, τ = 0: Γ = (w − e)/(e(1 − e))·(y − m) = 1, −1, −1, 1. Weights 3, 1, 1, 1: mean (3 − 1 − 1 + 1)/6 = 1/3;
    // variance Σ(G(Γ − 1/3))²/(ΣG)² · n/(n − 1) = (4 + 16/9 + 16/9 + 4/9)/36 · 4/3 = 8/27.
    const inp: EffectInputs = {
      y: Uint8Array.of(1, 0, 1, 0),
      w: Uint8Array.of(1, 1, 0, 0),
      m: new Float64Array(4).fill(0.5),
      e: new Float64Array(4).fill(0.5),
      tau: new Float64Array(4),
      weights: Float64Array.of(3, 1, 1, 1),
    };
    const ate = averageEffect(inp);
    expect(ate.estimate).toBeCloseTo(1 / 3, 14);
    expect(ate.standardError).toBeCloseTo(Math.sqrt(8 / 27), 14);
  });

  it('weighted least squares gives the coefficients of the rows repeated as often as their weight', () => {
    const y = Float64Array.of(1, 3, 2, 5, 4);
    const a = Float64Array.of(1, 1, 1, 1, 1);
    const b = Float64Array.of(0, 1, 2, 3, 4);
    const k = [2, 1, 3, 1, 2];
    const rep = (v: Float64Array): Float64Array =>
      Float64Array.from(k.flatMap((c, i) => new Array<number>(c).fill(v[i])));
    const weighted = olsHc3(y, [a, b], Float64Array.from(k));
    const repeated = olsHc3(rep(y), [rep(a), rep(b)]);
    weighted.coef.forEach((v, i) => expect(v).toBeCloseTo(repeated.coef[i], 12));
  });
});
