import { describe, expect, it } from 'vitest';
import { fitForest } from './forest';
import { predictProba, predictProbaRows } from './predict';
import { Rng } from './rng';
import { replayOobProba } from '../evaluate/oobReplay';
import { scoreHeldOut } from '../evaluate/heldOut';
import { familiarityIndex } from '../explain/familiarity';
import { dependenceCurve } from '../explain/dependence';
import { fingerprintCohort } from '../data/cohortIdentity';
import { countCover } from '../interop/onnxImport';
import {
  allocateColumns,
  columnValue,
  denseColumns,
  denseMatrix,
  gatherColumnRows,
  readColumn,
  readRow,
  setPackedDose,
  sliceColumns,
  type FeatureColumns,
} from './featureColumns';
import type { FeatureEncoding } from '../data/types';

/**
 * 2 numeric columns and 6 genotype columns (doses 0..2, 5 % missing), column-major; the class follows
 * genotype 2 and numeric 0. Rows not a multiple of 4, so the last packed byte is partly used.
 */
function cohort(n: number) {
  const rng = new Rng(11);
  const nFeatures = 8;
  const X = new Float32Array(n * nFeatures);
  const y = new Uint8Array(n);
  const pack = Uint8Array.from([0, 0, 1, 1, 1, 1, 1, 1]);
  for (let r = 0; r < n; r++) {
    X[r] = rng.nextFloat() * 10;
    X[n + r] = rng.nextFloat() < 0.1 ? NaN : rng.nextFloat();
    for (let f = 2; f < nFeatures; f++) {
      X[f * n + r] = rng.nextFloat() < 0.05 ? NaN : rng.nextInt(3);
    }
    y[r] = X[2 * n + r] + (X[r] > 5 ? 1 : 0) >= 2 ? 1 : 0;
  }
  const columns = allocateColumns(n, pack);
  for (let f = 0; f < nFeatures; f++) {
    for (let r = 0; r < n; r++) {
      const v = X[f * n + r];
      if (pack[f]) setPackedDose(columns, f, r, v);
      else columns.dense[columns.denseOff[f] + r] = v;
    }
  }
  return { X, y, n, nFeatures, columns };
}

describe('feature columns', () => {
  const { X, y, n, nFeatures, columns } = cohort(301);

  it('hold genotype columns at 2 bits a value and read back every value as the float matrix has it', () => {
    // 2 float columns (4 bytes a row) and 6 packed columns of ceil(301 / 4) bytes.
    expect(columns.dense.byteLength).toBe(2 * 301 * 4);
    expect(columns.packed.byteLength).toBe(6 * 76);
    for (let f = 0; f < nFeatures; f++) {
      for (let r = 0; r < n; r++)
        expect(Object.is(columnValue(columns, f, r), X[f * n + r])).toBe(true);
    }
    expect(denseMatrix(columns)).toEqual(X);
    const rows = Int32Array.from([300, 0, 5, 4, 3]);
    expect(gatherColumnRows(columns, rows)).toEqual(
      gatherColumnRows(denseColumns(X, n, nFeatures), rows),
    );
    expect(readColumn(columns, 4)).toEqual(X.subarray(4 * n, 5 * n));
    expect(Array.from(readRow(columns, 7))).toEqual(
      Array.from({ length: 8 }, (_, f) => X[f * n + 7]),
    );
  });

  it('a dense matrix is its own array, without a copy', () => {
    expect(denseMatrix(denseColumns(X, n, nFeatures))).toBe(X);
  });

  it('overwriting a packed dose leaves its neighbours in the byte alone', () => {
    const c: FeatureColumns = allocateColumns(6, Uint8Array.of(1));
    [2, 1, 0, NaN, 2, 1].forEach((v, r) => setPackedDose(c, 0, r, v));
    setPackedDose(c, 0, 1, 2);
    expect(Array.from(readColumn(c, 0))).toEqual([2, 2, 0, NaN, 2, 1]);
    expect(Array.from(c.packed)).toEqual([0b11001010, 0b0110]);
  });

  const train = Int32Array.from({ length: 200 }, (_, i) => i);
  const test = Int32Array.from({ length: 101 }, (_, i) => 300 - i);
  const forest = fitForest(
    X,
    n,
    nFeatures,
    new Uint8Array(nFeatures),
    y,
    2,
    { nEstimators: 15, randomState: 5, bootstrap: true },
    { rows: train },
  );

  it('predict, out-of-bag replay and familiarity give the same numbers on packed columns as on the floats', () => {
    // The forest splits on the genotype columns, so the packed path is exercised.
    expect(
      forest.trees.some((t) => Array.from(t.feature).some((f, i) => f >= 2 && t.left[i] !== -1)),
    ).toBe(true);
    expect(predictProba(forest, columns, n)).toEqual(predictProba(forest, X, n));
    expect(predictProbaRows(forest, columns, n, test)).toEqual(
      predictProbaRows(forest, X, n, test),
    );
    const params = forest.params;
    expect(replayOobProba(forest, params, columns, n, train)).toEqual(
      replayOobProba(forest, params, X, n, train),
    );
    const packedIndex = familiarityIndex(forest, columns, n);
    const floatIndex = familiarityIndex(forest, X, n);
    expect(packedIndex.referenceScores).toEqual(floatIndex.referenceScores);
  });

  it('held-out scoring with permutation importance is the same on packed columns', () => {
    const options = { repeats: 2, seed: 3, metric: 'auc' as const };
    const packed = scoreHeldOut(forest, { X: columns, y, nRows: n, nFeatures }, test, options);
    const floats = scoreHeldOut(forest, { X, y, nRows: n, nFeatures }, test, options);
    expect(packed.proba).toEqual(floats.proba);
    expect(packed.permutation).toEqual(floats.permutation);
    // A sample small enough to be copied (at most 1/16 of the rows) takes the copying path.
    const small = scoreHeldOut(forest, { X: columns, y, nRows: n, nFeatures }, test, {
      ...options,
      maxRows: 18,
    });
    expect(small.permutation).toEqual(
      scoreHeldOut(forest, { X, y, nRows: n, nFeatures }, test, { ...options, maxRows: 18 })
        .permutation,
    );
  });

  it('dependence curves and the cohort fingerprint are the same on packed columns', () => {
    const feature: FeatureEncoding = { kind: 'numeric', name: 'g2', min: 0, max: 2, median: 1 };
    const x = readRow(columns, 3);
    expect(dependenceCurve(forest, columns, n, x, 2, feature, 1)).toEqual(
      dependenceCurve(forest, X, n, x, 2, feature, 1),
    );
    expect(fingerprintCohort(columns, y, n, nFeatures)).toEqual(
      fingerprintCohort(X, y, n, nFeatures),
    );
    // TreeSHAP's covers of an imported forest counted over a cohort.
    const covers = (f: typeof forest) => f.trees.map((t) => Array.from(t.weight));
    expect(covers(countCover(forest, columns, n))).toEqual(covers(countCover(forest, X, n)));
  });
});

describe('sliceColumns on packed columns read in place (gaps between them)', () => {
  it('views a range of features with the gaps inside it, and refuses columns out of feature order', () => {
    // Three packed columns of 5 rows (2 bytes each) at bytes 0, 4 and 6 of a table's codes: bytes 2–3 are a column
    // that is not a feature.
    const packed = Uint8Array.from([
      0b10_01_00, 0b01, 0xff, 0xff, 0b00_10_10, 0b11, 0b01_01_01, 0b10,
    ]);
    const c: FeatureColumns = {
      nRows: 5,
      nFeatures: 3,
      dense: new Float32Array(0),
      denseOff: Int32Array.from([-1, -1, -1]),
      packed,
      packOff: Int32Array.from([0, 4, 6]),
    };
    const s = sliceColumns(c, 0, 2);
    expect(Array.from(s.packOff)).toEqual([0, 4]);
    expect(s.packed.byteLength).toBe(6);
    expect(Array.from(readColumn(s, 0))).toEqual([0, 1, 2, 0, 1]);
    expect(Array.from(readColumn(s, 1))).toEqual([2, 2, 0, 0, NaN]);
    const t = sliceColumns(c, 1, 3);
    expect(Array.from(t.packOff)).toEqual([0, 2]);
    expect(Array.from(readColumn(t, 1))).toEqual([1, 1, 1, 0, 2]);
    expect(() => sliceColumns({ ...c, packOff: Int32Array.from([4, 0, 6]) }, 0, 2)).toThrow(
      'not in feature order',
    );
  });
});
