import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import { createNodePool, trainInPool } from './node';
import type { TrainingPool } from './pool';
import { syntheticBinned } from '../app/testData';

const pools: TrainingPool[] = [];
afterEach(() => {
  for (const p of pools.splice(0)) p.dispose();
});

describe('training pool memory', () => {
  it("reports every worker's own heap, off-heap and held bytes, with peaks", async () => {
    const pool = createNodePool(2);
    pools.push(pool);
    expect(await pool.memoryUsage()).toEqual([]);
    const data = syntheticBinned(3000, 10);
    const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 8, randomState: 2 };
    await trainInPool(data, params, { pool });
    const report = await pool.memoryUsage();
    expect(report).toHaveLength(2);
    const dataBytes = data.binned.bins.byteLength + data.y.byteLength;
    for (const m of report) {
      expect(m.source).toBe('v8');
      expect(m.heapBytes).toBeGreaterThan(1e6);
      expect(m.peakHeapBytes).toBeGreaterThanOrEqual(m.heapBytes);
      expect(m.externalBytes).toBeGreaterThan(0);
      expect(m.peakExternalBytes).toBeGreaterThanOrEqual(m.externalBytes);
      expect(m.heldBytes).toBeGreaterThanOrEqual(dataBytes);
      expect(m.peakHeldBytes).toBeGreaterThanOrEqual(m.heldBytes);
      expect(m.sharedBytes).toBeLessThanOrEqual(m.heldBytes);
    }
    // A worker that grew trees held them too before handing them back (on a busy machine one worker may take
    // every chunk, so not necessarily both).
    expect(report.some((m) => m.peakHeldBytes > m.heldBytes)).toBe(true);
  });
});
