/**
 * The Node pool's warm-up of its calling thread (node.ts warmUpSurvivalHere): alone in its file, since a fit growing
 * in this thread (any other test's) ends every later warm-up of the process.
 */
import { describe, expect, it } from 'vitest';
import { fitSurvivalForest } from '../engine/forest/survivalForest';
import { createNodePool, trainSurvivalForestsInPool, type SurvivalFitJob } from './node';
import { survivalTestCohort as cohort, survivalTreesOf as treesOf } from './survivalTestCohort';

describe("the Node pool's warm-up", () => {
  it("warms up through the pool's own fold fits and settles, after which a fit gives one thread's forests", async () => {
    const warm = createNodePool(2);
    try {
      const jobs: SurvivalFitJob[] = [0, 1, 2].map((k) => {
        const data = cohort(90 + 10 * k, 40 + k);
        return { input: data };
      });
      const params = { nEstimators: 8, randomState: 4, minSamplesLeaf: 5, oobScore: false };
      let fitsAsked = 0;
      const grow = warm.growSurvivalForests.bind(warm);
      warm.growSurvivalForests = (...args) => {
        fitsAsked++;
        return grow(...args);
      };
      warm.warmUp();
      const started = performance.now();
      await warm.whenWarm();
      // The warm-up's fold fits went through the pool (its calling thread's share included), then it settled.
      expect(fitsAsked).toBeGreaterThan(1);
      expect(performance.now() - started).toBeLessThan(30_000);
      const asked = fitsAsked;
      const pooled = await trainSurvivalForestsInPool(jobs, params, { pool: warm, poolMinWork: 0 });
      expect(fitsAsked).toBe(asked + 1);
      jobs.forEach(({ input }, j) => {
        const { X, nRows, nFeatures, isCategorical, time, event } = input;
        const alone = fitSurvivalForest(X, nRows, nFeatures, isCategorical, time, event, params);
        expect(treesOf(pooled[j])).toEqual(treesOf(alone));
      });
    } finally {
      warm.dispose();
    }
  });

  it('ends its warm-up once the pool is disposed, and a pool never warmed up is warm at once', async () => {
    const cold = createNodePool(2);
    await cold.whenWarm();
    expect(cold.running).toBe(0);
    cold.warmUp();
    cold.dispose();
    await cold.whenWarm();
    expect(cold.isDisposed).toBe(true);
  });
});
