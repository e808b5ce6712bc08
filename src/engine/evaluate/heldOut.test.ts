import { describe, expect, it } from 'vitest';
import { fitForest } from '../forest/forest';
import { predictProbaRow } from '../forest/predict';
import { Rng } from '../forest/rng';
import { gatherRows, scoreHeldOut, topFeatures } from './heldOut';

// Column-major data: feature 0 decides the class, feature 1 is noise, feature 2 is constant.
function cohort(n: number): { X: Float32Array; y: Uint8Array; nRows: number; nFeatures: number } {
  const rng = new Rng(7);
  const X = new Float32Array(3 * n);
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    X[r] = rng.nextFloat();
    X[n + r] = rng.nextFloat();
    X[2 * n + r] = 1;
    y[r] = X[r] > 0.5 ? 1 : 0;
  }
  return { X, y, nRows: n, nFeatures: 3 };
}

describe('gatherRows', () => {
  it('copies the chosen rows of every column, in the order given', () => {
    // 3 rows × 2 features, column-major.
    const X = Float32Array.from([1, 2, 3, 10, 20, 30]);
    expect(Array.from(gatherRows(X, 3, 2, Int32Array.from([2, 0])))).toEqual([3, 1, 30, 10]);
  });
});

describe('topFeatures', () => {
  it('returns the largest importances first, at most max, ties in feature order', () => {
    expect(Array.from(topFeatures([0.1, 0.5, 0.1, 0.3], 3))).toEqual([1, 3, 0]);
  });
});

describe('scoreHeldOut', () => {
  const data = cohort(300);
  const trainRows = Int32Array.from({ length: 200 }, (_, i) => i);
  const test = Int32Array.from({ length: 100 }, (_, i) => 299 - i);
  const forest = fitForest(
    data.X,
    data.nRows,
    3,
    new Uint8Array(3),
    data.y,
    2,
    { nEstimators: 20, randomState: 3 },
    { rows: trainRows },
  );

  it('predicts each held-out row as the forest does, with its own class', () => {
    const s = scoreHeldOut(forest, data, test);
    expect(s.permutation).toBeNull();
    expect(Array.from(s.y)).toEqual(Array.from(test, (r) => data.y[r]));
    test.forEach((r, i) => {
      const x = [data.X[r], data.X[300 + r], data.X[600 + r]];
      expect(Array.from(s.proba.subarray(2 * i, 2 * i + 2))).toEqual(
        Array.from(predictProbaRow(forest, x)),
      );
    });
  });

  it('gives permutation importance to the deciding feature only, NaN for features not asked for', () => {
    const X = data.X.slice();
    const s = scoreHeldOut(forest, data, test, { seed: 1, features: [0, 1] });
    const perm = s.permutation as Float64Array;
    expect(perm[0]).toBeGreaterThan(0.3);
    expect(Math.abs(perm[1])).toBeLessThan(0.05);
    expect(perm[2]).toBeNaN();
    expect(Array.from(data.X)).toEqual(Array.from(X)); // the caller's matrix is not touched
  });
});
