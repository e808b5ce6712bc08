import { describe, expect, it } from 'vitest';
import { fitForest } from '../forest/forest';
import { predictProba, predictProbaRow, predictProbaRows } from '../forest/predict';
import { Rng } from '../forest/rng';
import { gatherRows, scoreHeldOut, topFeatures } from './heldOut';
import { permutationImportance } from './permutation';

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
  it('reads the rows in place yet gives the figures of a copy of them, bit for bit (also on a sample)', () => {
    const copy = gatherRows(data.X, data.nRows, 3, test);
    const yTest = Uint8Array.from(test, (r) => data.y[r]);
    // 37 of 300 rows are read in place, 10 copied (permutationImportanceOnRows' COPY_SHARE).
    for (const maxRows of [undefined, 37, 10]) {
      const options = { seed: 4, repeats: 2, features: [0, 1, 2], maxRows };
      const s = scoreHeldOut(forest, data, test, options);
      expect(Array.from(s.proba)).toEqual(Array.from(predictProba(forest, copy, test.length)));
      const expected = permutationImportance(
        (X, n) => predictProba(forest, X, n),
        copy.slice(),
        test.length,
        3,
        yTest,
        2,
        options,
      );
      expect(Array.from(s.permutation as Float64Array)).toEqual(Array.from(expected));
    }
  });
});

describe('predictProbaRows', () => {
  const data = cohort(120);
  const forest = fitForest(data.X, 120, 3, new Uint8Array(3), data.y, 2, {
    nEstimators: 7,
    randomState: 5,
  });
  const rows = Int32Array.from([5, 119, 0, 64, 5]);

  it('predicts rows of the matrix as predictProba predicts a copy of them', () => {
    const copy = gatherRows(data.X, 120, 3, rows);
    expect(Array.from(predictProbaRows(forest, data.X, 120, rows))).toEqual(
      Array.from(predictProba(forest, copy, rows.length)),
    );
  });

  it('reads a replaced column for its feature, the matrix for the others', () => {
    const values = Float32Array.from([0.9, 0.1, 0.95, 0.05, 0.02]);
    const copy = gatherRows(data.X, 120, 3, rows);
    copy.set(values, 0);
    const replaced = predictProbaRows(forest, data.X, 120, rows, { feature: 0, values });
    expect(Array.from(replaced)).toEqual(Array.from(predictProba(forest, copy, rows.length)));
    // Feature 0 decides the class: the replaced values, not the matrix's, move the predictions.
    expect(replaced[1]).toBeGreaterThan(0.5);
    expect(replaced[3]).toBeLessThan(0.5);
  });
});
