import { describe, expect, it } from 'vitest';
import { binFeatures } from './binning';
import { growTrees } from './grow';
import { forestInBagCounts, treeInBagCounts } from './inbag';
import { validateParams } from './params';
import { leafIndexColumnMajor } from './predict';
import { Rng } from './rng';

/** Column-major table: 3 numeric features, one categorical with 4 levels; y depends on two of them. */
function table(nRows: number, seed: number) {
  const rng = new Rng(seed);
  const nFeatures = 4;
  const X = new Float32Array(nRows * nFeatures);
  const y = new Uint8Array(nRows);
  for (let r = 0; r < nRows; r++) {
    for (let f = 0; f < 3; f++) X[f * nRows + r] = Math.round(rng.nextFloat() * 50) / 10;
    X[3 * nRows + r] = rng.nextInt(4);
    y[r] = X[r] + (X[3 * nRows + r] === 2 ? 2 : 0) + rng.nextFloat() * 2 > 3.5 ? 1 : 0;
  }
  return { X, y, nRows, nFeatures, isCat: Uint8Array.from([0, 0, 0, 1]) };
}

describe('in-bag counts recomputed from the seed', () => {
  const d = table(120, 7);
  const binned = binFeatures(d.X, d.nRows, d.nFeatures, d.isCat);
  const cases: { name: string; rows?: Int32Array }[] = [
    { name: 'all rows' },
    { name: 'a training subset', rows: Int32Array.from({ length: 80 }, (_, i) => (i * 37) % 120) },
  ];
  for (const { name, rows } of cases) {
    it(`match the trees grown (${name}): OOB rows and every leaf's weight`, () => {
      const params = validateParams({ nEstimators: 12, randomState: 12345, oobScore: true }, 4);
      const inbag = forestInBagCounts(params, d.nRows, 12, rows);
      const train = rows ? new Set(rows) : null;
      for (let t = 0; t < 12; t++) {
        const shard = growTrees(binned, d.y, 2, params, [t], rows ? { rows } : {});
        const cnt = inbag.counts.subarray(t * d.nRows, (t + 1) * d.nRows);
        expect(Array.from(treeInBagCounts(params, d.nRows, t, rows))).toEqual(Array.from(cnt));
        let total = 0;
        for (let r = 0; r < d.nRows; r++) {
          total += cnt[r];
          const inTrain = train ? train.has(r) : true;
          if (!inTrain) expect(cnt[r]).toBe(0);
          // The forest used exactly the training rows with count 0 as out-of-bag rows.
          expect(shard.oobCount?.[r]).toBe(inTrain && cnt[r] === 0 ? 1 : 0);
        }
        expect(total).toBe(rows ? rows.length : d.nRows);
        // Each leaf's weight is the sum of the bootstrap counts of the in-bag rows reaching it.
        const tree = shard.trees[0];
        const leafWeight = new Float64Array(tree.nodeCount);
        for (let r = 0; r < d.nRows; r++) {
          if (cnt[r] > 0) leafWeight[leafIndexColumnMajor(tree, d.X, d.nRows, r)] += cnt[r];
        }
        for (let i = 0; i < tree.nodeCount; i++) {
          if (tree.left[i] === -1) expect(leafWeight[i]).toBeCloseTo(tree.weight[i], 9);
        }
      }
    });
  }

  it('without bootstrap every training row counts once', () => {
    const c = treeInBagCounts({ randomState: 1, bootstrap: false }, 5, 3, [0, 2, 4]);
    expect(Array.from(c)).toEqual([1, 0, 1, 0, 1]);
  });

  it('rejects rows out of range', () => {
    expect(() => forestInBagCounts({ randomState: 1, bootstrap: true }, 5, 2, [0, 5])).toThrow(
      /out of range/,
    );
  });
});
