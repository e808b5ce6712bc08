/**
 * Binning in the pool: each worker bins a slice of columns, in shared memory or by transfer, and the result is
 * exactly the single-thread binFeatures of the whole table, so models stay bit-identical for any number of workers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { binFeatures } from '../engine/forest/binning';
import { heldBinBytes, isSnpPacked, packedColumns } from '../engine/forest/packedSnp';
import { fitForest } from '../engine/forest/forest';
import { predictProba } from '../engine/forest/predict';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import { Rng } from '../engine/forest/rng';
import { assembleForest } from '../engine/forest/forest';
import { spawnNodeWorker } from './node';
import { CHUNKS_PER_WORKER, TrainingPool, chunkCount, splitColumns } from './pool';
import type { TrainingColumns } from './api';
import {
  allocateColumns,
  denseMatrix,
  setPackedDose,
  type FeatureColumns,
} from '../engine/forest/featureColumns';

const pools: TrainingPool[] = [];
afterEach(() => {
  for (const p of pools.splice(0)) p.dispose();
});

/** A table mixing SNP-like, continuous (with missing cells) and categorical columns. */
function mixedColumns(
  nRows: number,
  nFeatures: number,
  seed = 3,
): TrainingColumns & { X: Float32Array } {
  const rng = new Rng(seed);
  const X = new Float32Array(nRows * nFeatures);
  const isCategorical = new Uint8Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const kind = f % 3;
    if (kind === 2) isCategorical[f] = 1;
    for (let r = 0; r < nRows; r++) {
      const i = f * nRows + r;
      if (kind === 0) X[i] = rng.nextInt(3);
      else if (kind === 1) X[i] = rng.nextInt(20) === 0 ? NaN : rng.nextInt(100_000) / 1000;
      else X[i] = rng.nextInt(5);
    }
  }
  const y = new Uint8Array(nRows);
  for (let r = 0; r < nRows; r++) y[r] = (X[r] + (X[nRows + r] > 50 ? 1 : 0) + rng.nextInt(2)) % 2;
  return { id: `mixed-${seed}`, X, nRows, nFeatures, isCategorical, y, nClasses: 2 };
}

/** The same columns with the 0/1/2 ones (every third from the first) 2-bit packed. */
function packedOf(columns: TrainingColumns & { X: Float32Array }): FeatureColumns {
  const { X, nRows, nFeatures } = columns;
  const pack = Uint8Array.from({ length: nFeatures }, (_, f) => (f % 3 === 0 ? 1 : 0));
  const c = allocateColumns(nRows, pack);
  for (let f = 0; f < nFeatures; f++) {
    for (let r = 0; r < nRows; r++) {
      if (pack[f]) setPackedDose(c, f, r, X[f * nRows + r]);
      else c.dense[c.denseOff[f] + r] = X[f * nRows + r];
    }
  }
  return c;
}

describe('splitColumns', () => {
  it('covers every column once in contiguous ranges', () => {
    expect(splitColumns(10, 3)).toEqual([
      [0, 4],
      [4, 7],
      [7, 10],
    ]);
    expect(splitColumns(2, 8)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});

describe('chunkCount', () => {
  const small = { binned: { nRows: 1000 }, nClasses: 2 } as Parameters<typeof chunkCount>[2];
  const tall = { binned: { nRows: 4_000_000 }, nClasses: 2 } as Parameters<typeof chunkCount>[2];
  const oob = { bootstrap: true, oobScore: true };
  it('gives each worker several chunks, never more chunks than trees', () => {
    expect(chunkCount(100, 2, small, oob)).toBe(2 * CHUNKS_PER_WORKER);
    expect(chunkCount(3, 2, small, oob)).toBe(3);
  });
  it('keeps the out-of-bag sums in flight bounded on tall tables, with a chunk per worker at least', () => {
    expect(chunkCount(100, 2, tall, oob)).toBe(
      Math.max(2, Math.floor((256 * 2 ** 20) / (4e6 * 20))),
    );
    expect(chunkCount(100, 8, tall, oob)).toBe(8);
    expect(chunkCount(100, 2, tall, { bootstrap: true, oobScore: false })).toBe(
      2 * CHUNKS_PER_WORKER,
    );
  });
});

describe('TrainingPool.warmUp', () => {
  it('starts the workers ahead of a fit and ends them when none comes', async () => {
    const pool = new TrainingPool(spawnNodeWorker, { size: 2, idleTimeoutMs: 300 });
    pools.push(pool);
    pool.warmUp();
    expect(pool.running).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(pool.running).toBe(0);
  });
});

describe('TrainingPool.prepareData', () => {
  const columns = mixedColumns(400, 13);
  const whole = binFeatures(columns.X, 400, 13, columns.isCategorical);
  const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 12, randomState: 9 };
  const local = fitForest(columns.X, 400, 13, columns.isCategorical, columns.y, 2, params);
  const localProba = Array.from(predictProba(local, columns.X, 400));

  for (const shareMemory of [true, false]) {
    for (const size of [1, 2, 3]) {
      it(`bins like binFeatures and trains the same forest (${size} workers, shared ${shareMemory})`, async () => {
        const pool = new TrainingPool(spawnNodeWorker, { size, shareMemory });
        pools.push(pool);
        expect(pool.shareMemory).toBe(shareMemory);
        const data = await pool.prepareData(columns);
        if (isSnpPacked(data.binned)) throw new Error('expected byte bins');
        expect(data.binned.bins.buffer instanceof SharedArrayBuffer).toBe(shareMemory);
        expect(Array.from(data.binned.bins)).toEqual(Array.from(whole.bins));
        expect(Array.from(data.binned.nBins)).toEqual(Array.from(whole.nBins));
        expect(data.binned.thresholds.map((t) => Array.from(t))).toEqual(
          whole.thresholds.map((t) => Array.from(t)),
        );
        expect(Array.from(data.binned.isCategorical)).toEqual(Array.from(columns.isCategorical));
        // With shared memory the binning workers also made the 2-bit codes of the 0/1/2 columns (the growing
        // workers take them instead of packing the table): the codes packedColumns makes, column by column.
        expect(data.snpCodes !== undefined).toBe(shareMemory);
        if (data.snpCodes) {
          const own = packedColumns(whole);
          const stride = 100;
          for (let f = 0; f < 13; f++) {
            expect(data.snpCodes.packOff[f] >= 0).toBe(own.packOff[f] >= 0);
            expect(data.snpCodes.packMissing[f]).toBe(own.packMissing[f]);
            if (own.packOff[f] < 0) continue;
            const at = data.snpCodes.packOff[f];
            expect(Array.from(data.snpCodes.packed.subarray(at, at + stride))).toEqual(
              Array.from(own.packed.subarray(own.packOff[f], own.packOff[f] + stride)),
            );
          }
        }
        expect(pool.dataId).toBe(columns.id);
        // The caller's columns are left intact (slices are copies when they travel by transfer).
        expect(columns.X.length).toBe(400 * 13);
        const shards = await pool.grow(params);
        const forest = assembleForest(shards, params, 400, 2, 13, columns.y);
        expect(Array.from(predictProba(forest, columns.X, 400))).toEqual(localProba);
      });
    }
    it(`bins 2-bit packed genotype columns in slices like binFeatures of the floats (shared ${shareMemory})`, async () => {
      const pool = new TrainingPool(spawnNodeWorker, { size: 2, shareMemory });
      pools.push(pool);
      const packed = packedOf(columns);
      const data = await pool.prepareData({ ...columns, id: 'packed', X: packed });
      if (isSnpPacked(data.binned)) throw new Error('expected byte bins');
      expect(Array.from(data.binned.bins)).toEqual(Array.from(whole.bins));
      expect(Array.from(data.binned.nBins)).toEqual(Array.from(whole.nBins));
      expect(data.binned.thresholds.map((t) => Array.from(t))).toEqual(
        whole.thresholds.map((t) => Array.from(t)),
      );
      // The caller's packed columns are left intact.
      expect(denseMatrix(packed)).toEqual(columns.X);
    });
  }

  for (const shareMemory of [true, false]) {
    it(`holds the genotype columns 2-bit packed only when asked and memory is shared, and grows the same trees (shared ${shareMemory})`, async () => {
      const pool = new TrainingPool(spawnNodeWorker, { size: 2, shareMemory });
      pools.push(pool);
      const packed = packedOf(columns);
      const data = await pool.prepareData({ ...columns, id: 'snp', X: packed, snpPacked: true });
      if (shareMemory) {
        // Binned by a worker into shared memory (never in the page's thread).
        if (!isSnpPacked(data.binned)) throw new Error('expected the genotype columns packed only');
        expect(data.binned.byteBins.buffer instanceof SharedArrayBuffer).toBe(true);
        expect(data.binned.snp.packed.buffer instanceof SharedArrayBuffer).toBe(true);
        // 8 byte columns and 5 genotype columns of 100 bytes: no byte a genotype (13 × 400 before).
        expect(heldBinBytes(data.binned)).toBe(8 * 400 + 5 * 100);
      } else {
        // Without shared memory the table would cross to the page: byte bins, binned in the workers as before.
        expect(isSnpPacked(data.binned)).toBe(false);
        expect(heldBinBytes(data.binned)).toBe(13 * 400);
      }
      const oobParams = { ...params, oobScore: true };
      const shards = await pool.grow(oobParams);
      const rows = Int32Array.from({ length: 300 }, (_, i) => i + 50);
      const foldShards = await pool.grow(oobParams, { rows });
      const bytes = new TrainingPool(spawnNodeWorker, { size: 2, shareMemory });
      pools.push(bytes);
      await bytes.prepareData({ ...columns, id: 'bytes', X: packed });
      expect(shards).toEqual(await bytes.grow(oobParams));
      expect(foldShards).toEqual(await bytes.grow(oobParams, { rows }));
      const forest = assembleForest(shards, params, 400, 2, 13, columns.y);
      expect(Array.from(predictProba(forest, columns.X, 400))).toEqual(localProba);
    });
  }

  it('rejects columns that do not match their shape', async () => {
    const pool = new TrainingPool(spawnNodeWorker, { size: 2 });
    pools.push(pool);
    await expect(pool.prepareData({ ...columns, nFeatures: 12 })).rejects.toThrow(/do not match/);
  });
});
