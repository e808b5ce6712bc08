/**
 * growTrees keeps its node buffers for the thread's next call (grow.ts spareNodes) and lays each tree's arrays out
 * in one buffer (TreeNodes.trimShared): a call's trees must be those it grows in a fresh thread, whatever the call
 * before it grew (a larger table, categorical splits, another leaf size), and each tree's arrays its own.
 */
import { describe, expect, it, vi } from 'vitest';
import { binFeatures } from './binning.ts';
import { Rng } from './rng.ts';
import { DEFAULT_PARAMS, type ForestParams, type TreeShard } from './types.ts';

type GrowModule = typeof import('./grow.ts');

/** A table of numeric, categorical (column 1) and SNP-like (0/1/2) columns with ~5 % missing values. */
function table(n: number, p: number, seed: number) {
  const rng = new Rng(seed);
  const X = new Float32Array(n * p);
  const isCat = new Uint8Array(p);
  isCat[1] = 1;
  const y = new Uint8Array(n);
  for (let f = 0; f < p; f++) {
    for (let r = 0; r < n; r++) {
      let v = f === 0 ? rng.nextFloat() : f === 1 ? rng.nextInt(6) : rng.nextInt(3);
      if (rng.nextFloat() < 0.05) v = NaN;
      X[f * n + r] = v;
    }
  }
  for (let r = 0; r < n; r++)
    y[r] = (X[r] || 0) + 0.3 * (X[2 * n + r] || 0) + rng.nextFloat() > 1 ? 1 : 0;
  return binFeatures(X, n, p, isCat);
}

/** Every array of every tree and the out-of-bag sums, as plain numbers. */
function contents(s: TreeShard): unknown {
  return {
    trees: s.trees.map((t) =>
      Object.fromEntries(
        Object.entries(t).map(([k, v]) => [
          k,
          ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v,
        ]),
      ),
    ),
    oobSum: Array.from(s.oobSum ?? []),
    oobCount: Array.from(s.oobCount ?? []),
  };
}

describe('growTrees reusing buffers across calls', () => {
  const big = table(600, 12, 1);
  const small = table(90, 8, 2);
  const y = (b: { nRows: number }, seed: number): Uint8Array => {
    const rng = new Rng(seed);
    return Uint8Array.from({ length: b.nRows }, () => rng.nextInt(2));
  };
  const yBig = y(big, 3);
  const ySmall = y(small, 4);
  const deep: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 4, randomState: 5, oobScore: true };
  const leafy: ForestParams = { ...deep, minSamplesLeaf: 4, randomState: 6, maxFeatures: 'all' };

  async function freshGrow(): Promise<GrowModule> {
    vi.resetModules();
    return import('./grow.ts');
  }

  it('gives each call the trees it grows in a fresh thread', async () => {
    const fresh = await freshGrow();
    const smallAlone = contents(fresh.growTrees(small, ySmall, 2, leafy, [0, 1, 2, 3]));
    const fresh2 = await freshGrow();
    const bigAlone = contents(fresh2.growTrees(big, yBig, 2, deep, [0, 1, 2, 3]));

    const g = await freshGrow();
    const first = g.growTrees(big, yBig, 2, deep, [0, 1, 2, 3]);
    // After a call of deep trees on a larger table (more nodes, categorical splits), then before one again.
    const second = g.growTrees(small, ySmall, 2, leafy, [0, 1, 2, 3]);
    const third = g.growTrees(big, yBig, 2, deep, [0, 1, 2, 3]);
    expect(contents(second)).toEqual(smallAlone);
    expect(contents(first)).toEqual(bigAlone);
    expect(contents(third)).toEqual(bigAlone);
    // The trees of the first call are untouched by the calls after it (copies, not views of the kept buffers).
    expect(contents(first)).toEqual(bigAlone);
  });

  it('gives a call made from a progress callback its own buffers', async () => {
    const g = await freshGrow();
    const alone = contents(g.growTrees(small, ySmall, 2, leafy, [0, 1, 2, 3]));
    const bigAlone = contents(g.growTrees(big, yBig, 2, deep, [0, 1, 2, 3]));
    let inner: TreeShard | null = null;
    const outer = g.growTrees(big, yBig, 2, deep, [0, 1, 2, 3], {
      onTreeDone: (done) => {
        if (done === 2) inner = g.growTrees(small, ySmall, 2, leafy, [0, 1, 2, 3]);
      },
    });
    expect(contents(inner as unknown as TreeShard)).toEqual(alone);
    expect(contents(outer)).toEqual(bigAlone);
  });

  it('gives each tree arrays of its own, of its node count', async () => {
    const g = await freshGrow();
    const s = g.growTrees(small, ySmall, 2, leafy, [0, 1]);
    const [a, b] = s.trees;
    for (const k of ['feature', 'threshold', 'left', 'value', 'missingLeft'] as const) {
      expect(a[k].buffer).not.toBe(b[k].buffer);
    }
    expect(a.threshold.length).toBe(a.nodeCount);
    expect(a.value.length).toBe(a.nodeCount * 2);
  });
});
