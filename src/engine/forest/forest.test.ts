import { describe, expect, it } from 'vitest';
import { assembleForest, fitForest, validateParams } from './forest.ts';
import { binFeatures } from './binning.ts';
import { growTrees } from './grow.ts';
import {
  leafIndex,
  leafIndexColumnMajor,
  predictProba,
  predictProbaRow,
  treeProbabilities,
} from './predict.ts';
import { deriveSeed, Rng } from './rng.ts';
import { DEFAULT_PARAMS, type ForestParams, type Tree } from './types.ts';

/** Column-major matrix from row arrays. */
function colMajor(rows: number[][]): Float32Array {
  const n = rows.length;
  const p = rows[0].length;
  const X = new Float32Array(n * p);
  for (let r = 0; r < n; r++) for (let f = 0; f < p; f++) X[f * n + r] = rows[r][f];
  return X;
}

const SINGLE: Partial<ForestParams> = {
  nEstimators: 1,
  bootstrap: false,
  maxFeatures: 'all',
  oobScore: false,
};

function depthOf(tree: Tree, node = 0): number {
  if (tree.left[node] === -1) return 0;
  return 1 + Math.max(depthOf(tree, tree.left[node]), depthOf(tree, tree.right[node]));
}

/** Seeded synthetic table: numeric, SNP-like, categorical and missing cells; y depends on a few features. */
function synthetic(n: number, p: number, seed: number, nClasses = 2) {
  const rng = new Rng(seed);
  const X = new Float32Array(n * p);
  const isCat = new Uint8Array(p);
  isCat[p - 1] = 1;
  for (let f = 0; f < p; f++) {
    for (let r = 0; r < n; r++) {
      let v: number;
      if (isCat[f]) v = rng.nextInt(5);
      else if (f % 2 === 0) v = rng.nextFloat() * 10 - 5;
      else v = rng.nextInt(3);
      if (f === 2 && rng.nextFloat() < 0.2) v = NaN;
      X[f * n + r] = v;
    }
  }
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const s = X[r] + X[n + r] + (X[(p - 1) * n + r] === 3 ? 3 : 0) + (rng.nextFloat() - 0.5) * 2;
    y[r] = nClasses === 2 ? (s > 1 ? 1 : 0) : s < -1 ? 0 : s < 2 ? 1 : 2;
  }
  return { X, y, isCat };
}

describe('rng', () => {
  it('is reproducible and tree seeds differ', () => {
    const a = new Rng(deriveSeed(7, 3));
    const b = new Rng(deriveSeed(7, 3));
    for (let i = 0; i < 100; i++) expect(a.nextU32()).toBe(b.nextU32());
    expect(deriveSeed(7, 3)).not.toBe(deriveSeed(7, 4));
    expect(deriveSeed(7, 3)).not.toBe(deriveSeed(8, 3));
    const r = new Rng(1);
    for (let i = 0; i < 1000; i++) {
      const v = r.nextInt(10);
      expect(v >= 0 && v < 10 && Number.isInteger(v)).toBe(true);
    }
  });
});

describe('binning', () => {
  it('uses midpoints between distinct values, a missing bin, and category indices', () => {
    const X = new Float32Array([1, 3, 3, NaN, 7, /* categorical */ 0, 2, NaN, 300, 1]);
    const b = binFeatures(X, 5, 2, new Uint8Array([0, 1]));
    expect(Array.from(b.thresholds[0])).toEqual([2, 5]);
    expect(b.nBins[0]).toBe(3);
    expect(Array.from(b.bins.subarray(0, 5))).toEqual([0, 1, 1, 255, 2]);
    expect(Array.from(b.bins.subarray(5))).toEqual([0, 2, 255, 254, 1]);
  });

  it('caps numeric features at maxBins quantile bins', () => {
    const n = 2000;
    const X = new Float32Array(n);
    for (let i = 0; i < n; i++) X[i] = ((i * 7919) % n) - 1000.25; // negatives exercise the radix sort
    const b = binFeatures(X, n, 1, new Uint8Array(1), 255);
    expect(b.nBins[0]).toBeLessThanOrEqual(255);
    expect(b.nBins[0]).toBeGreaterThan(200);
    const counts = new Array(b.nBins[0]).fill(0);
    for (let i = 0; i < n; i++) counts[b.bins[i]]++;
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(2);
    // bin(x) <= k exactly when x <= thresholds[k]
    for (let i = 0; i < n; i++) {
      const bin = b.bins[i];
      if (bin > 0) expect(X[i]).toBeGreaterThan(b.thresholds[0][bin - 1]);
      if (bin < b.nBins[0] - 1) expect(X[i]).toBeLessThanOrEqual(b.thresholds[0][bin]);
    }
  });
});

describe('a single tree', () => {
  // x0 = 1..6, y = 0 1 0 1 1 1; x1 is a weaker feature.
  const rows = [
    [1, 1],
    [2, 1],
    [3, 2],
    [4, 2],
    [5, 1],
    [6, 2],
  ];
  const y = new Uint8Array([0, 1, 0, 1, 1, 1]);
  it('matches the hand-computed best split and leaf probabilities', () => {
    // Gini proxies for x0: after 1: 4.4, after 2: 3.5, after 3: 5/3+3 = 4.667 (best), after 4: 4, after 5: 3.6.
    const m = fitForest(colMajor(rows), 6, 2, new Uint8Array(2), y, 2, { ...SINGLE, maxDepth: 1 });
    const t = m.trees[0];
    expect(t.nodeCount).toBe(3);
    expect(t.feature[0]).toBe(0);
    expect(t.threshold[0]).toBe(3.5);
    expect(t.value[t.left[0] * 2]).toBeCloseTo(2 / 3, 6);
    expect(t.value[t.left[0] * 2 + 1]).toBeCloseTo(1 / 3, 6);
    expect(Array.from(t.value.subarray(t.right[0] * 2, t.right[0] * 2 + 2))).toEqual([0, 1]);
    expect(t.weight[0]).toBe(6);
    // impurity decrease = 6*gini(root) - 3*gini(left) - 3*gini(right) = 6*(1-(1/9+4/9)) ... root gini = 4/9
    // The assembled (compact) model drops impurity decreases; the grown tree has them.
    const p = validateParams({ ...SINGLE, maxDepth: 1 }, 2);
    const binned = binFeatures(colMajor(rows), 6, 2, new Uint8Array(2));
    const grown = growTrees(binned, y, 2, p, [0]).trees[0];
    expect(grown.impurityDecrease[0]).toBeCloseTo(6 * (4 / 9) - 3 * (4 / 9) - 0, 10);
    expect(Array.from(predictProbaRow(m, [2.5, 1]))).toEqual([
      Math.fround(2 / 3),
      Math.fround(1 / 3),
    ]);
    expect(Array.from(predictProbaRow(m, [3.6, 1]))).toEqual([0, 1]);
    expect(leafIndex(t, [2.5, 1])).toBe(t.left[0]);
    expect(leafIndex(t, [3.6, 1])).toBe(t.right[0]);
  });

  it('grows to pure leaves and reproduces the training labels', () => {
    const m = fitForest(colMajor(rows), 6, 2, new Uint8Array(2), y, 2, SINGLE);
    const p = predictProba(m, colMajor(rows), 6);
    for (let r = 0; r < 6; r++) expect(p[r * 2 + y[r]]).toBe(1);
    expect(m.featureImportances[0] + m.featureImportances[1]).toBeCloseTo(1, 12);
    expect(m.featureImportances[0]).toBeGreaterThan(m.featureImportances[1]);
  });
});

describe('missing values', () => {
  it('learns which side missing values go to', () => {
    // Missing rows are class 1 like the low values: missing must go left.
    const X = new Float32Array([1, 2, 3, 4, NaN, NaN]);
    const y = new Uint8Array([1, 1, 0, 0, 1, 1]);
    const m = fitForest(X, 6, 1, new Uint8Array(1), y, 2, SINGLE);
    const t = m.trees[0];
    expect(t.threshold[0]).toBe(2.5);
    expect(t.missingLeft[0]).toBe(1);
    expect(predictProbaRow(m, [NaN])[1]).toBe(1);
    expect(predictProbaRow(m, [2])[1]).toBe(1);
    expect(predictProbaRow(m, [10])[1]).toBe(0);
  });

  it('can split missing against every present value', () => {
    const X = new Float32Array([1, 2, NaN, NaN, 3, 4]);
    const y = new Uint8Array([0, 0, 1, 1, 0, 0]);
    const m = fitForest(X, 6, 1, new Uint8Array(1), y, 2, SINGLE);
    const t = m.trees[0];
    expect(t.nodeCount).toBe(3);
    expect(t.threshold[0]).toBe(Infinity);
    expect(t.missingLeft[0]).toBe(0);
    expect(predictProbaRow(m, [NaN])[1]).toBe(1);
    expect(predictProbaRow(m, [1e30])[1]).toBe(0);
  });

  it('sends missing values to the heavier side when training had none', () => {
    const X = new Float32Array([1, 2, 3, 4, 5, 6]);
    const y = new Uint8Array([0, 0, 1, 1, 1, 1]);
    const m = fitForest(X, 6, 1, new Uint8Array(1), y, 2, SINGLE);
    expect(m.trees[0].missingLeft[0]).toBe(0);
    expect(predictProbaRow(m, [NaN])[1]).toBe(1);
  });
});

describe('categorical splits', () => {
  // Categories 1 and 3 are class 0, 0 and 2 are class 1; category 0 is the most frequent.
  const cats = [0, 0, 1, 1, 2, 2, 3, 3, 0];
  const y = new Uint8Array([1, 1, 0, 0, 1, 1, 0, 0, 1]);
  const m = fitForest(new Float32Array(cats), 9, 1, new Uint8Array([1]), y, 2, SINGLE);
  const t = m.trees[0];

  it('groups categories by class fraction into one split', () => {
    expect(t.nodeCount).toBe(3);
    expect(t.catOffset[0]).toBeGreaterThanOrEqual(0);
    for (const c of [0, 1, 2, 3]) {
      const p = predictProbaRow(m, [c]);
      expect(p[1]).toBe(c === 0 || c === 2 ? 1 : 0);
    }
  });

  it('sends unseen categories and missing the missing way (heavier side here)', () => {
    // No missing in training: the heavier side (categories 0 and 2, 5 rows) takes missing and unseen.
    const side = t.missingLeft[0] === 1 ? t.left[0] : t.right[0];
    expect(t.value[side * 2 + 1]).toBe(1);
    expect(predictProbaRow(m, [7])[1]).toBe(1);
    expect(predictProbaRow(m, [NaN])[1]).toBe(1);
    expect(predictProbaRow(m, [1000])[1]).toBe(1);
  });
});

describe('packed SNP columns', () => {
  it('grow the same trees as the general histogram path, missing genotypes included', () => {
    // Two classes use 2-bit packed SNP columns; declaring a third, absent class takes the general path,
    // whose Gini arithmetic is the same (the absent class adds exact zeros).
    const n = 403;
    const p = 12;
    const rng = new Rng(9);
    const X = new Float32Array(n * p);
    for (let i = 0; i < n * p; i++) X[i] = rng.nextFloat() < 0.05 ? NaN : rng.nextInt(3);
    const y = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      const g = X[r] + (X[3 * n + r] === X[3 * n + r] ? 0 : 2);
      y[r] = g + rng.nextFloat() * 2 > 2.2 ? 1 : 0;
    }
    const binned = binFeatures(X, n, p, new Uint8Array(p));
    const params = validateParams({ nEstimators: 6, randomState: 3, maxFeatures: 3 });
    const trees = [0, 1, 2, 3, 4, 5];
    const two = growTrees(binned, y, 2, params, trees).trees;
    const three = growTrees(binned, y, 3, params, trees).trees;
    expect(two.some((t) => t.nodeCount > 50)).toBe(true);
    expect(two.some((t) => Array.from(t.threshold).includes(Infinity))).toBe(true);
    for (let i = 0; i < trees.length; i++) {
      for (const key of ['feature', 'threshold', 'left', 'missingLeft', 'weight'] as const) {
        expect(Array.from(two[i][key])).toEqual(Array.from(three[i][key]));
      }
    }
  });
});

describe('forest', () => {
  const n = 300;
  const p = 8;
  const { X, y, isCat } = synthetic(n, p, 42);

  it('gives the same trees whatever the sharding', () => {
    const params = validateParams({ nEstimators: 10, randomState: 5 });
    const binned = binFeatures(X, n, p, isCat);
    const all = growTrees(binned, y, 2, params, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const a = growTrees(binned, y, 2, params, [5, 6, 7, 8, 9]);
    const b = growTrees(binned, y, 2, params, [0, 1, 2, 3, 4]);
    const m1 = assembleForest([all], params, n, 2, p, y);
    const m2 = assembleForest([a, b], params, n, 2, p, y);
    expect(Array.from(predictProba(m2, X, n))).toEqual(Array.from(predictProba(m1, X, n)));
    expect(Array.from(m2.oobProba ?? [])).toEqual(Array.from(m1.oobProba ?? []));
    expect(m2.oobScore).toBe(m1.oobScore);
    expect(Array.from(m2.featureImportances)).toEqual(Array.from(m1.featureImportances));
    const m3 = fitForest(X, n, p, isCat, y, 2, { nEstimators: 10, randomState: 6 });
    expect(Array.from(predictProba(m3, X, n))).not.toEqual(Array.from(predictProba(m1, X, n)));
  });

  it('predicts probabilities that sum to 1 and agree with per-row prediction', () => {
    const m = fitForest(X, n, p, isCat, y, 2, { nEstimators: 20 });
    const proba = predictProba(m, X, n);
    const row = new Float64Array(p);
    for (let r = 0; r < n; r++) {
      expect(proba[r * 2] + proba[r * 2 + 1]).toBeCloseTo(1, 6);
      for (let f = 0; f < p; f++) row[f] = X[f * n + r];
      const pr = predictProbaRow(m, row);
      expect(pr[0]).toBe(proba[r * 2]);
      const tp = treeProbabilities(m, row);
      expect(tp.length).toBe(40);
    }
  });

  it('computes a sensible OOB score on a separable table', () => {
    const nn = 400;
    const rng = new Rng(3);
    const Xs = new Float32Array(nn * 3);
    const ys = new Uint8Array(nn);
    for (let r = 0; r < nn; r++) {
      for (let f = 0; f < 3; f++) Xs[f * nn + r] = rng.nextFloat();
      ys[r] = Xs[r] > 0.5 ? 1 : 0;
    }
    const m = fitForest(Xs, nn, 3, new Uint8Array(3), ys, 2, { nEstimators: 30 });
    expect(m.oobScore).not.toBeNull();
    expect(m.oobScore as number).toBeGreaterThan(0.95);
    expect(m.featureImportances[0]).toBeGreaterThan(0.8);
    const oob = m.oobProba as Float64Array;
    let withOob = 0;
    for (let r = 0; r < nn; r++) if (!Number.isNaN(oob[r * 2])) withOob++;
    expect(withOob).toBeGreaterThan(nn * 0.95);
  });

  it('respects maxDepth and minSamplesLeaf', () => {
    const d = fitForest(X, n, p, isCat, y, 2, { nEstimators: 5, maxDepth: 3 });
    for (const t of d.trees) expect(depthOf(t)).toBeLessThanOrEqual(3);
    const full = fitForest(X, n, p, isCat, y, 2, { nEstimators: 5 });
    expect(Math.max(...full.trees.map((t) => depthOf(t)))).toBeGreaterThan(3);
    const leaf = fitForest(X, n, p, isCat, y, 2, {
      nEstimators: 5,
      bootstrap: false,
      oobScore: false,
      minSamplesLeaf: 10,
    });
    for (const t of leaf.trees) {
      for (let i = 0; i < t.nodeCount; i++)
        if (t.left[i] === -1) expect(t.weight[i]).toBeGreaterThanOrEqual(10);
    }
  });

  it('weights classes with classWeight "balanced"', () => {
    // A constant feature: the root is a leaf holding the (weighted) class fractions.
    const Xc = new Float32Array([1, 1, 1, 1]);
    const yc = new Uint8Array([0, 0, 0, 1]);
    const plain = fitForest(Xc, 4, 1, new Uint8Array(1), yc, 2, SINGLE);
    expect(Array.from(plain.trees[0].value)).toEqual([0.75, 0.25]);
    const bal = fitForest(Xc, 4, 1, new Uint8Array(1), yc, 2, {
      ...SINGLE,
      classWeight: 'balanced',
    });
    expect(Array.from(bal.trees[0].value)).toEqual([0.5, 0.5]);
    expect(bal.trees[0].weight[0]).toBeCloseTo(4, 12);
  });

  it('handles three classes', () => {
    const s = synthetic(400, 6, 9, 3);
    const ntr = 300;
    const Xtr = new Float32Array(ntr * 6);
    const Xte = new Float32Array(100 * 6);
    for (let f = 0; f < 6; f++) {
      Xtr.set(s.X.subarray(f * 400, f * 400 + ntr), f * ntr);
      Xte.set(s.X.subarray(f * 400 + ntr, f * 400 + 400), f * 100);
    }
    const m = fitForest(Xtr, ntr, 6, s.isCat, s.y.subarray(0, ntr), 3, { nEstimators: 50 });
    const proba = predictProba(m, Xte, 100);
    let correct = 0;
    for (let r = 0; r < 100; r++) {
      expect(proba[r * 3] + proba[r * 3 + 1] + proba[r * 3 + 2]).toBeCloseTo(1, 6);
      let best = 0;
      for (let k = 1; k < 3; k++) if (proba[r * 3 + k] > proba[r * 3 + best]) best = k;
      if (best === s.y[ntr + r]) correct++;
    }
    expect(correct).toBeGreaterThan(60);
    expect(m.oobScore as number).toBeGreaterThan(0.5);
  });

  it('trains on a subset of rows with OOB only among them', () => {
    const rows = Int32Array.from({ length: 200 }, (_, i) => i * 1.5 - ((i * 1.5) % 1));
    const params = validateParams({ nEstimators: 10 });
    const shard = growTrees(
      binFeatures(X, n, p, isCat),
      y,
      2,
      params,
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      { rows },
    );
    const m = assembleForest([shard], params, n, 2, p, y);
    const inRows = new Set(rows);
    for (let r = 0; r < n; r++) {
      if (!inRows.has(r)) expect(Number.isNaN((m.oobProba as Float64Array)[r * 2])).toBe(true);
    }
    for (const t of m.trees) expect(t.weight[0]).toBe(200);
  });

  it('reports progress and stops when asked', () => {
    const binned = binFeatures(X, n, p, isCat);
    const seen: number[] = [];
    const shard = growTrees(binned, y, 2, validateParams({}), [0, 1, 2, 3, 4], {
      onTreeDone: (d) => seen.push(d),
      shouldStop: () => seen.length >= 2,
    });
    expect(seen).toEqual([1, 2]);
    expect(shard.treeIndices).toEqual([0, 1]);
  });

  it('rejects bad parameters with clear messages', () => {
    expect(() => validateParams({ nEstimators: 0 })).toThrow(/nEstimators/);
    expect(() => validateParams({ maxDepth: 0 })).toThrow(/maxDepth/);
    expect(() => validateParams({ minSamplesLeaf: 0 })).toThrow(/minSamplesLeaf/);
    expect(() => validateParams({ maxFeatures: 20 }, 8)).toThrow(/maxFeatures/);
    expect(() => validateParams({ maxFeatures: 1.5 }, 8)).toThrow(/maxFeatures/);
    expect(() => validateParams({ classWeight: 'x' as unknown as null })).toThrow(/classWeight/);
    expect(validateParams({}, 8)).toEqual(DEFAULT_PARAMS);
  });

  it('sends a patient to one leaf per tree, the same leaf alone as in a table', () => {
    // How fast this is on 500 trees is measured by `npm run bench` (bench/extras.ts), not asserted here.
    const m = fitForest(X, n, p, isCat, y, 2, { nEstimators: 20 });
    for (const r of [0, 17, n - 1]) {
      const row = Array.from({ length: p }, (_, f) => X[f * n + r]);
      const sum = [0, 0];
      for (const tree of m.trees) {
        const leaf = leafIndex(tree, row);
        expect(tree.left[leaf]).toBe(-1);
        expect(leafIndexColumnMajor(tree, X, n, r)).toBe(leaf);
        sum[0] += tree.value[leaf * 2];
        sum[1] += tree.value[leaf * 2 + 1];
      }
      expect(Array.from(predictProbaRow(m, row))).toEqual([sum[0] / 20, sum[1] / 20]);
    }
  });
});
