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

  // scikit-learn's max_samples: smaller bootstraps leave more rows out of bag, and the replay must know it.
  for (const maxSamples of [0.3, 50]) {
    it(`with maxSamples ${maxSamples}: that many draws, OOB rows = training rows − distinct in-bag rows`, () => {
      const rows = Int32Array.from({ length: 80 }, (_, i) => (i * 37) % 120);
      const params = validateParams(
        { nEstimators: 6, randomState: 99, oobScore: true, maxSamples },
        4,
      );
      const draws = maxSamples < 1 ? Math.round(maxSamples * 80) : maxSamples;
      for (let t = 0; t < 6; t++) {
        const shard = growTrees(binned, d.y, 2, params, [t], { rows });
        const cnt = treeInBagCounts(params, d.nRows, t, rows);
        let total = 0;
        let distinct = 0;
        for (let r = 0; r < d.nRows; r++) {
          total += cnt[r];
          if (cnt[r] > 0) distinct++;
        }
        expect(total).toBe(draws);
        const oobRows = Array.from(shard.oobCount ?? []).filter((c) => c === 1).length;
        expect(oobRows).toBe(80 - distinct);
        // More rows are left out than by a full bootstrap's ~37 % (about 47 % expected at 50 draws).
        expect(oobRows).toBeGreaterThan(0.4 * 80);
        for (let r = 0; r < d.nRows; r++) {
          expect(shard.oobCount?.[r]).toBe(rows.includes(r) && cnt[r] === 0 ? 1 : 0);
        }
        expect(shard.trees[0].weight[0]).toBe(draws);
      }
    });
  }

  it('maxSamples unset, null or all the training rows grows the same trees', () => {
    const base = validateParams({ nEstimators: 4, randomState: 5, oobScore: true }, 4);
    const a = growTrees(binned, d.y, 2, base, [0, 1, 2, 3]);
    for (const maxSamples of [null, d.nRows]) {
      const b = growTrees(binned, d.y, 2, { ...base, maxSamples }, [0, 1, 2, 3]);
      expect(b.trees.map((t) => Array.from(t.feature))).toEqual(
        a.trees.map((t) => Array.from(t.feature)),
      );
      expect(Array.from(b.oobSum ?? [])).toEqual(Array.from(a.oobSum ?? []));
    }
  });

  it('refuses maxSamples above the training rows, non-integers above 1, and without bootstrap', () => {
    expect(() => treeInBagCounts({ randomState: 1, bootstrap: true, maxSamples: 6 }, 5, 0)).toThrow(
      /more than the 5 training rows/,
    );
    expect(() => validateParams({ maxSamples: 1.5 })).toThrow(/maxSamples must be/);
    expect(() => validateParams({ maxSamples: 0.5, bootstrap: false })).toThrow(/needs bootstrap/);
  });

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
