/**
 * Tuning through the pool: the same seed chooses the same settings with the same figures whether the candidates
 * are grown in this thread, in a pool of Node workers as assembled forests (the command line's path), or as the
 * pool's raw shards (the app's training client's path).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { assembleForest } from '../engine/forest/forest';
import { growTrees } from '../engine/forest/grow';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import { createNodePool, trainInPool } from '../worker/node';
import { syntheticBinned } from './testData';
import {
  TUNING_WORK_LIMIT,
  forestWork,
  oobProbaFromShards,
  summarizeTuning,
  tuneOnOutOfBag,
  tuningSkipReason,
} from './tuneForest';

const pool = createNodePool(2, { idleTimeoutMs: 0 });
afterAll(() => pool.dispose());

describe('tuning on the pool', () => {
  const data = syntheticBinned(500, 12, 3);
  const task = { y: data.y, nClasses: 2, nFeatures: 12 };
  const base: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 40, randomState: 5 };

  it('chooses the same settings with the same figures on one thread and on the pool', async () => {
    const oneThread = await tuneOnOutOfBag(task, base, (params) => {
      const indices = Array.from({ length: params.nEstimators }, (_, i) => i);
      const shard = growTrees(data.binned, data.y, 2, params, indices);
      return Promise.resolve(assembleForest([shard], params, 500, 2, 12, data.y));
    });
    const onPool = await tuneOnOutOfBag(task, base, (params) =>
      trainInPool(data, params, { pool }),
    );
    // The app's client hands the pool's shards over as they come.
    const fromShards = await tuneOnOutOfBag(task, base, (params) => pool.grow(params));
    expect(onPool).toEqual(oneThread);
    expect(fromShards).toEqual(oneThread);
    // A real search: all candidates scored, on most patients.
    const { report } = oneThread;
    // Every leaf size and the features per split always tried; doublings and leaf retries only while they help.
    expect(report.candidates.length).toBeGreaterThanOrEqual(
      report.plan.leafSizes.length + report.plan.featureCountsAlways,
    );
    // Each candidate's trees as the table records them: the leaders (and the base) refined on more.
    expect(report.treesGrown).toBe(report.candidates.reduce((sum, c) => sum + c.trees, 0));
    expect(
      report.candidates.filter((c) => c.trees === report.plan.refinedTreesPerCandidate).length,
    ).toBeGreaterThanOrEqual(3);
    expect(report.treesGrown).toBeLessThanOrEqual(report.plan.tuningTrees);
    for (const c of report.candidates) expect(c.rowsScored).toBeGreaterThan(400);
    const summary = summarizeTuning(report, oneThread.params, 12);
    expect(summary.candidates.filter((c) => c.chosen)).toHaveLength(1);
    expect(summary.chosen.minSamplesLeaf).toBe(report.chosen.minSamplesLeaf);
  });

  it('sums shards as assembleForest does', async () => {
    const params = { ...base, nEstimators: 9 };
    await trainInPool(data, params, { pool });
    const shards = await pool.grow(params);
    expect(shards.length).toBeGreaterThan(1);
    const assembled = assembleForest(shards, params, 500, 2, 12, data.y);
    expect(oobProbaFromShards(shards, 500, 2)).toEqual(assembled.oobProba);
  });
});

describe('when the app skips tuning', () => {
  const base: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 500 };

  it('tunes cohorts whose one fit is quick, and skips those predicted to take long, saying why', () => {
    // The sample cohort's size and a 5,000 × 2,000 genomic table: tuned.
    expect(tuningSkipReason(base, 400, 30)).toBeNull();
    expect(tuningSkipReason(base, 5000, 2000)).toBeNull();
    // 500 trees on 500,000 patients: over the limit, and the words say so with the figures.
    const work = forestWork(base, 500_000, 50);
    expect(work).toBeGreaterThan(TUNING_WORK_LIMIT);
    const reason = tuningSkipReason(base, 500_000, 50);
    expect(reason).toMatch(/^Tuning was skipped: one forest of 500 trees on 500,000 patients/);
    // Fewer trees make the same cohort quick enough again.
    expect(tuningSkipReason({ ...base, nEstimators: 20 }, 500_000, 50)).toBeNull();
    expect(tuningSkipReason({ ...base, bootstrap: false }, 400, 30)).toMatch(/bootstrap/);
  });
});
