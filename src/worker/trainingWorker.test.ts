import { describe, expect, it } from 'vitest';
import { binFeatures } from '../engine/forest/binning';
import { growTrees } from '../engine/forest/grow';
import { snpPackedBins } from '../engine/forest/packedSnp';
import { Rng } from '../engine/forest/rng';
import { growSurvivalTrees } from '../engine/forest/survivalGrow';
import { unpackSurvivalShard } from '../engine/forest/survivalShardPack';
import { validateSurvivalParams } from '../engine/forest/survivalParams';
import { timeGrid } from '../engine/forest/timeGrid';
import { DEFAULT_PARAMS } from '../engine/forest/types';
import { createTrainingWorker, warmUpSnpPoolFit } from './trainingWorker';

/** 400 rows of 20 SNP columns (some missing) and one continuous column; a two-class outcome and a follow-up. */
function table() {
  const n = 400;
  const p = 21;
  const rng = new Rng(3);
  const X = new Float32Array(n * p);
  for (let i = 0; i < n * (p - 1); i++) {
    const g = (rng.nextFloat() < 0.3 ? 1 : 0) + (rng.nextFloat() < 0.3 ? 1 : 0);
    X[i] = rng.nextFloat() < 0.04 ? NaN : g;
  }
  for (let r = 0; r < n; r++) X[(p - 1) * n + r] = rng.nextFloat();
  const y = new Uint8Array(n);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    y[r] = (X[r] || 0) + X[(p - 1) * n + r] + rng.nextFloat() > 1.5 ? 1 : 0;
    time[r] = 1 + Math.floor(rng.nextFloat() * 50) + 10 * (X[n + r] || 0);
    event[r] = rng.nextFloat() < 0.7 ? 1 : 0;
  }
  return { full: binFeatures(X, n, p, new Uint8Array(p)), y, time, event, n, p };
}

describe('a training worker holding SNP columns 2-bit packed only', () => {
  it('grows the same trees, holds fewer bytes, and expands for survival growth', async () => {
    const { full, y, time, event, n, p } = table();
    const params = { ...DEFAULT_PARAMS, nEstimators: 6, randomState: 4, oobScore: true };
    const all = [0, 1, 2, 3, 4, 5];
    const held = createTrainingWorker(undefined, () => ({
      source: 'none',
      heap: NaN,
      external: NaN,
    }));
    await held.setTrainingData(snpPackedBins(full), y, 2, 'packed');
    const shard = await held.growTrees(params, all, null);
    expect(shard).toEqual(growTrees(full, y, 2, params, all));
    // One byte column and 20 packed ones of ceil(400 / 4) bytes, besides y, nBins and thresholds.
    const binBytes = n + (p - 1) * Math.ceil(n / 4);
    const rest = n + 2 * p + full.thresholds.reduce((s, t) => s + t.byteLength, 0);
    expect((await held.memoryUsage()).heldBytes).toBe(binBytes + rest);
    const sp = validateSurvivalParams({ nEstimators: 3, randomState: 2 });
    const grid = timeGrid(time, event);
    const surv = await held.growSurvivalTrees(sp, [0, 1, 2], null, { time, event, grid });
    // Sent packed (the kernel's batch buffers and where each tree lies in them), the same trees once unpacked.
    expect(surv.trees).toBeUndefined();
    expect(unpackSurvivalShard(surv)).toEqual(
      growSurvivalTrees(full, time, event, grid, sp, [0, 1, 2]),
    );
    // Survival growth read byte bins: the worker now holds them in place of the packed codes.
    expect((await held.memoryUsage()).heldBytes).toBe(n * p + rest);
  });
});

describe('a training worker given a table as columns', () => {
  it('bins and holds it, growing the trees of the bins the calling thread would make', async () => {
    const rng = new Rng(8);
    const n = 90;
    const p = 4;
    const X = new Float32Array(n * p);
    for (let i = 0; i < X.length; i++) X[i] = rng.nextFloat() < 0.05 ? NaN : rng.nextFloat() * 9;
    const isCategorical = Uint8Array.of(0, 0, 0, 0);
    const time = Float64Array.from({ length: n }, () => 1 + Math.floor(rng.nextFloat() * 40));
    const event = Uint8Array.from({ length: n }, () => (rng.nextFloat() < 0.6 ? 1 : 0));
    const worker = createTrainingWorker(undefined, () => ({
      source: 'none',
      heap: NaN,
      external: NaN,
    }));
    await worker.holdColumns(X, n, isCategorical, event, 2, 'fold-1');
    const sp = validateSurvivalParams({ nEstimators: 5, randomState: 3, minSamplesLeaf: 5 });
    const grid = timeGrid(time, event);
    const shard = await worker.growSurvivalTrees(sp, [0, 1, 2, 3, 4], null, { time, event, grid });
    const binned = binFeatures(X, n, p, isCategorical);
    expect(unpackSurvivalShard(shard)).toEqual(
      growSurvivalTrees(binned, time, event, grid, sp, [0, 1, 2, 3, 4]),
    );
    // Held as binned data of n rows × p byte bins (beside the event, bin counts and thresholds).
    const thresholds = binned.thresholds.reduce((s, t) => s + t.byteLength, 0);
    expect((await worker.memoryUsage()).heldBytes).toBe(n * p + n + 2 * p + thresholds);
    await expect(
      worker.holdColumns(X, n, isCategorical, event.subarray(1), 2, 'x'),
    ).rejects.toThrow('The outcome has 89 rows but the table has 90.');
  });
});

describe("the training worker's SNP-only warm-up", () => {
  // It runs in the worker's start, where any error is swallowed (a worker that could not warm up still works): this
  // checks that its calls succeed, so that it does compile the path of a pool's SNP-only fit.
  it.each([true, false])(
    'bins, holds and grows as a pool fit does, the trees of one thread (shared %s)',
    async (share) => {
      const n = 403;
      const p = 12;
      const rng = new Rng(9);
      const X = new Float32Array(n * p);
      for (let i = 0; i < n * p; i++) {
        const g = (rng.nextFloat() < 0.4 ? 1 : 0) + (rng.nextFloat() < 0.4 ? 1 : 0);
        X[i] = i < n && rng.nextFloat() < 0.05 ? NaN : g;
      }
      const y = Uint8Array.from({ length: n }, (_, r) =>
        (X[n + r] || 0) + rng.nextFloat() > 1.2 ? 1 : 0,
      );
      const params = { ...DEFAULT_PARAMS, nEstimators: 8, randomState: 5, oobScore: false };
      const api = createTrainingWorker(undefined, () => ({
        source: 'none',
        heap: NaN,
        external: NaN,
      }));
      const shards = await warmUpSnpPoolFit(api, X, n, y, share, 'snp', params);
      const binned = binFeatures(X, n, p, new Uint8Array(p));
      for (const shard of shards) {
        expect(shard).toEqual(growTrees(binned, y, 2, params, shard.treeIndices));
      }
      expect(shards.flatMap((s) => s.treeIndices)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    },
  );
});
