import { describe, expect, it } from 'vitest';
import { fitForest } from '../forest/forest';
import { goesLeft, leafIndex, predictProbaRow } from '../forest/predict';
import { Rng } from '../forest/rng';
import type { Tree } from '../forest/types';
import { buildTree, randomTree, type NodeSpec } from './testTrees';
import { coverFraction, expectedValue, forestShap, treeShap, treeShapPath } from './treeshap';

/** E[f(x) | x_S] the path-dependent way: follow x for features in S, cover-weight both children otherwise. */
function conditional(tree: Tree, x: ArrayLike<number>, inS: boolean[], node = 0): number[] {
  const K = tree.nClasses;
  if (tree.left[node] === -1) return Array.from(tree.value.subarray(node * K, node * K + K));
  const l = tree.left[node];
  const r = tree.right[node];
  const f = tree.feature[node];
  if (inS[f]) return conditional(tree, x, inS, goesLeft(tree, node, x[f]) ? l : r);
  const a = conditional(tree, x, inS, l);
  const b = conditional(tree, x, inS, r);
  const wl = coverFraction(tree, node, l);
  const wr = coverFraction(tree, node, r);
  return a.map((v, k) => wl * v + wr * b[k]);
}

/** Shapley values by enumerating every subset of the other features (M ≤ 6 here). */
function bruteForceShapley(tree: Tree, x: ArrayLike<number>, M: number): number[] {
  const K = tree.nClasses;
  const fact = [1];
  for (let i = 1; i <= M; i++) fact.push(fact[i - 1] * i);
  const phi = new Array<number>(M * K).fill(0);
  for (let i = 0; i < M; i++) {
    for (let mask = 0; mask < 1 << M; mask++) {
      if (mask & (1 << i)) continue;
      const inS = Array.from({ length: M }, (_, f) => (mask & (1 << f)) !== 0);
      const size = inS.filter(Boolean).length;
      const w = (fact[size] * fact[M - size - 1]) / fact[M];
      const without = conditional(tree, x, inS);
      inS[i] = true;
      const withI = conditional(tree, x, inS);
      for (let k = 0; k < K; k++) phi[i * K + k] += w * (withI[k] - without[k]);
    }
  }
  return phi;
}

function treePrediction(tree: Tree, x: ArrayLike<number>): number[] {
  const leaf = leafIndex(tree, x);
  return Array.from(tree.value.subarray(leaf * tree.nClasses, (leaf + 1) * tree.nClasses));
}

function expectAdditive(tree: Tree, x: ArrayLike<number>, M: number): void {
  const phi = treeShap(tree, x, M);
  const base = expectedValue(tree);
  const pred = treePrediction(tree, x);
  for (let k = 0; k < tree.nClasses; k++) {
    let s = base[k];
    for (let f = 0; f < M; f++) s += phi[f * tree.nClasses + k];
    expect(Math.abs(s - pred[k])).toBeLessThan(1e-6);
  }
}

// Feature 0: categorical (categories 0..5); 1..3 numeric. Depth 4, feature 1 repeated on a path.
const handMade: NodeSpec = {
  feature: 1,
  threshold: 0.5,
  missingLeft: false,
  left: {
    feature: 0,
    leftCategories: [0, 2, 3],
    missingLeft: true,
    left: {
      feature: 2,
      threshold: -1,
      missingLeft: false,
      left: { counts: [5, 1] },
      right: {
        feature: 1,
        threshold: 0.1,
        missingLeft: true,
        left: { counts: [2, 6] },
        right: { counts: [4, 0] },
      },
    },
    right: { counts: [1, 7] },
  },
  right: {
    feature: 3,
    threshold: 2,
    missingLeft: true,
    left: { counts: [3, 3] },
    right: {
      feature: 0,
      leftCategories: [1],
      missingLeft: false,
      left: { counts: [0, 4] },
      right: { counts: [6, 2] },
    },
  },
};

describe('treeShap', () => {
  const tree = buildTree(handMade, 2);
  const patients: number[][] = [
    [2, 0.3, -2, 5], // categorical 2 (left), low feature 2
    [NaN, 0.05, 0, 1], // missing category → missingLeft; feature 1 repeated near the leaf
    [4, 0.3, 0.5, 0], // category 4 not in the left set
    [1, 0.9, 0, 3], // right branch, category 1 left at the second categorical split
    [9, 0.9, NaN, NaN], // unseen category 9, missing numerics
    [NaN, NaN, NaN, NaN], // everything missing
  ];

  it('equals brute-force Shapley values on a hand-made tree (categorical split, missing values)', () => {
    for (const x of patients) {
      const phi = treeShap(tree, x, 4);
      const path = treeShapPath(tree, x, 4);
      const ref = bruteForceShapley(tree, x, 4);
      for (let i = 0; i < ref.length; i++) {
        expect(phi[i]).toBeCloseTo(ref[i], 12);
        expect(path[i]).toBeCloseTo(ref[i], 12);
      }
      expectAdditive(tree, x, 4);
    }
  });

  it('hand-worked case: a stump gives the whole difference to its feature', () => {
    const stump = buildTree(
      {
        feature: 1,
        threshold: 0,
        missingLeft: false,
        left: { counts: [3, 1] },
        right: { counts: [0, 4] },
      },
      2,
    );
    // Expected value = 0.5 · 0.25 + 0.5 · 1 = 0.625 for class 1; x1 = -1 → leaf value 0.25.
    const phi = treeShap(stump, [7, -1, 7], 3);
    expect(expectedValue(stump)[1]).toBeCloseTo(0.625, 12);
    expect(Array.from(phi)).toEqual([0, 0, 0.375, -0.375, 0, 0].map((v) => expect.closeTo(v, 12)));
  });

  it('equals brute-force Shapley values on random small trees (2–3 classes, 3–5 features)', () => {
    const rng = new Rng(5);
    for (let t = 0; t < 150; t++) {
      const M = 3 + rng.nextInt(3);
      const K = 2 + rng.nextInt(2);
      const tr = randomTree(rng, M, K, 4, { categorical: [0], nCategories: 6 });
      for (let j = 0; j < 4; j++) {
        const x = Array.from({ length: M }, (_, f) => {
          if (rng.nextFloat() < 0.2) return NaN;
          return f === 0 ? rng.nextInt(8) : Math.round((rng.nextFloat() * 2 - 1) * 100) / 100;
        });
        const phi = treeShap(tr, x, M);
        const path = treeShapPath(tr, x, M);
        const ref = bruteForceShapley(tr, x, M);
        for (let i = 0; i < ref.length; i++) {
          expect(Math.abs(phi[i] - ref[i])).toBeLessThan(1e-10);
          expect(Math.abs(path[i] - ref[i])).toBeLessThan(1e-10);
        }
        expectAdditive(tr, x, M);
      }
    }
  });

  it('is additive on deep trees for every tree and for the forest', () => {
    const rng = new Rng(9);
    const M = 30;
    const trees: Tree[] = [];
    for (let t = 0; t < 30; t++) {
      trees.push(
        randomTree(rng, M, 3, 12, {
          categorical: [0, 1, 2],
          nCategories: 10,
          leafProbability: 0.15,
        }),
      );
    }
    const model = { trees, nClasses: 3, nFeatures: M };
    for (let j = 0; j < 10; j++) {
      const x = Array.from({ length: M }, (_, f) =>
        rng.nextFloat() < 0.1 ? NaN : f < 3 ? rng.nextInt(12) : rng.nextFloat() * 2 - 1,
      );
      for (const tree of trees) {
        expectAdditive(tree, x, M);
        // The O(nodes·depth) quadrature version equals Algorithm 2 on deep trees with repeated features.
        const a = treeShap(tree, x, M);
        const b = treeShapPath(tree, x, M);
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-9);
      }
      const { base, shap } = forestShap(model, x);
      const pred = predictProbaRow(model, x);
      for (let k = 0; k < 3; k++) {
        let s = base[k];
        for (let f = 0; f < M; f++) s += shap[f * 3 + k];
        expect(Math.abs(s - pred[k])).toBeLessThan(1e-6);
      }
      // Probabilities sum to 1 (up to float32 leaf values), so contributions over classes sum to 0.
      for (let f = 0; f < M; f++)
        expect(Math.abs(shap[f * 3] + shap[f * 3 + 1] + shap[f * 3 + 2])).toBeLessThan(1e-6);
    }
  });

  it('is additive and equals Algorithm 2 on a forest grown by forest/fitForest (categorical, missing)', () => {
    const rng = new Rng(21);
    const n = 300;
    const M = 8;
    const X = new Float32Array(n * M);
    const y = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      for (let f = 0; f < M; f++) {
        const v = f < 2 ? rng.nextInt(5) : rng.nextFloat() * 4 - 2;
        X[f * n + r] = rng.nextFloat() < 0.1 ? NaN : v;
      }
      const a = X[r];
      const b = X[2 * n + r];
      y[r] = ((a === 1 || a === 3 ? 1 : 0) + (b > 0 ? 1 : 0) + (rng.nextFloat() < 0.2 ? 1 : 0)) % 3;
    }
    const isCat = Uint8Array.from({ length: M }, (_, f) => (f < 2 ? 1 : 0));
    const model = fitForest(X, n, M, isCat, y, 3, { nEstimators: 25, randomState: 4 });
    for (let r = 0; r < 12; r++) {
      const x = Array.from({ length: M }, (_, f) => X[f * n + r]);
      if (r === 11) x[0] = 4.5; // not a category index: follows the missing direction
      for (const tree of model.trees) {
        expectAdditive(tree, x, M);
        const a = treeShap(tree, x, M);
        const b = treeShapPath(tree, x, M);
        for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-12);
      }
      const { base, shap } = forestShap(model, x);
      const pred = predictProbaRow(model, x);
      for (let k = 0; k < 3; k++) {
        let s = base[k];
        for (let f = 0; f < M; f++) s += shap[f * 3 + k];
        expect(Math.abs(s - pred[k])).toBeLessThan(1e-6);
      }
    }
  });
});
