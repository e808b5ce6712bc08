import { describe, expect, it } from 'vitest';
import { binFeatures } from './binning';
import { growTrees } from './grow';
import { adoptPackedCodes, packColumnCodes, packedColumns } from './packedSnp';
import { Rng } from './rng';
import { DEFAULT_PARAMS } from './types';

/** 203 rows: genotype columns (one with missing cells), a continuous one and a categorical 0/1/2 one. */
function table() {
  const n = 203;
  const p = 5;
  const rng = new Rng(5);
  const X = new Float32Array(n * p);
  for (let r = 0; r < n; r++) {
    X[r] = rng.nextInt(3);
    X[n + r] = rng.nextInt(10) === 0 ? NaN : rng.nextInt(3);
    X[2 * n + r] = rng.nextFloat();
    X[3 * n + r] = rng.nextInt(3);
    X[4 * n + r] = rng.nextInt(2);
  }
  const isCategorical = Uint8Array.from([0, 0, 0, 1, 0]);
  const y = Uint8Array.from({ length: n }, (_, r) => (X[r] + rng.nextInt(2) > 1 ? 1 : 0));
  return { n, p, X, isCategorical, y };
}

describe('2-bit codes made while binning', () => {
  it('are the codes packedColumns makes, and growth on them grows the same trees', () => {
    const { n, p, X, isCategorical, y } = table();
    const stride = (n + 3) >>> 2;
    const params = { ...DEFAULT_PARAMS, nEstimators: 5, randomState: 2, oobScore: true };
    const own = binFeatures(X, n, p, isCategorical);
    const ownCols = packedColumns(own);
    const expected = growTrees(own, y, 2, params, [0, 1, 2, 3, 4]);

    const b = binFeatures(X, n, p, isCategorical);
    const codes = new Uint8Array(stride * p);
    const packMissing = packColumnCodes(b.bins, n, b.nBins, isCategorical, codes);
    expect(Array.from(packMissing)).toEqual([0, 1, 0, 0, 0]);
    const packOff = Int32Array.from({ length: p }, (_, f) =>
      ownCols.packOff[f] >= 0 ? f * stride : -1,
    );
    adoptPackedCodes(b, { packed: codes, packOff, packMissing });
    const adopted = packedColumns(b);
    expect(adopted.packed).toBe(codes);
    for (let f = 0; f < p; f++) {
      if (packOff[f] < 0) continue;
      expect(Array.from(codes.subarray(f * stride, (f + 1) * stride))).toEqual(
        Array.from(ownCols.packed.subarray(ownCols.packOff[f], ownCols.packOff[f] + stride)),
      );
    }
    const got = growTrees(b, y, 2, params, [0, 1, 2, 3, 4]);
    expect(got.trees.map((t) => Array.from(t.feature))).toEqual(
      expected.trees.map((t) => Array.from(t.feature)),
    );
    expect(got.trees.map((t) => Array.from(t.value))).toEqual(
      expected.trees.map((t) => Array.from(t.value)),
    );
    expect(Array.from(got.oobSum ?? [])).toEqual(Array.from(expected.oobSum ?? []));
  });

  it('are ignored unless they cover exactly the packable columns', () => {
    const { n, p, X, isCategorical } = table();
    const b = binFeatures(X, n, p, isCategorical);
    const stride = (n + 3) >>> 2;
    const codes = new Uint8Array(stride * p);
    const packMissing = packColumnCodes(b.bins, n, b.nBins, isCategorical, codes);
    // The categorical 0/1/2 column (3) marked packed: not the columns packedColumns packs.
    const wrong = Int32Array.from({ length: p }, (_, f) => (f === 2 ? -1 : f * stride));
    adoptPackedCodes(b, { packed: codes, packOff: wrong, packMissing });
    expect(packedColumns(b).packed).not.toBe(codes);
  });
});
