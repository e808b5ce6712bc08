/** Survival forests grown on the Node worker pool: the same forest for a seed as in one thread. */
import { afterAll, describe, expect, it } from 'vitest';
import { survivalTrees, fitSurvivalForest } from '../engine/forest/survivalForest';
import {
  SURVIVAL_POOL_MIN_WORK,
  createNodePool,
  spawnNodeWorker,
  trainSurvivalInPool,
} from './node';
import { TrainingPool } from './pool';
import { evaluateSurvival } from '../app/survivalEvaluation';
import { survivalTestCohort as cohort } from './survivalTestCohort';

const pool = createNodePool(2);
afterAll(() => pool.dispose());

describe('survival forests on the worker pool', () => {
  it('grow the same trees, curves and out-of-bag figures as one thread, for a seed', async () => {
    const data = cohort(300);
    const params = { nEstimators: 24, randomState: 5, minSamplesLeaf: 5 };
    const one = fitSurvivalForest(
      data.X,
      data.nRows,
      data.nFeatures,
      data.isCategorical,
      data.time,
      data.event,
      params,
    );
    let progress = 0;
    const pooled = await trainSurvivalInPool(data, params, {
      pool,
      poolMinWork: 0,
      onProgress: (done) => (progress = done),
    });
    expect(progress).toBe(24);
    expect(survivalTrees(pooled)).toHaveLength(24);
    expect(Array.from(pooled.timeGrid)).toEqual(Array.from(one.timeGrid));
    for (let t = 0; t < 24; t++) {
      const a = survivalTrees(pooled)[t];
      const b = survivalTrees(one)[t];
      expect(Array.from(a.feature)).toEqual(Array.from(b.feature));
      expect(Array.from(a.threshold)).toEqual(Array.from(b.threshold));
      expect(Array.from(a.hazardPoint)).toEqual(Array.from(b.hazardPoint));
      expect(Array.from(a.hazardValue)).toEqual(Array.from(b.hazardValue));
    }
    expect(Array.from(pooled.oobRisk ?? [])).toEqual(Array.from(one.oobRisk ?? []));
    expect(pooled.oobCindex).toBe(one.oobCindex);
    expect(Array.from(pooled.featureImportances)).toEqual(Array.from(one.featureImportances));
  });

  it('grows on the rows of a fold only, as one thread does', async () => {
    const data = cohort(200);
    const rows = Int32Array.from({ length: 150 }, (_, i) => i + 50);
    const params = { nEstimators: 8, randomState: 2 };
    const one = fitSurvivalForest(
      data.X,
      200,
      3,
      data.isCategorical,
      data.time,
      data.event,
      params,
      { rows },
    );
    const pooled = await trainSurvivalInPool(data, params, { pool, rows, poolMinWork: 0 });
    expect(survivalTrees(pooled).map((t) => Array.from(t.hazardValue))).toEqual(
      survivalTrees(one).map((t) => Array.from(t.hazardValue)),
    );
    // Rows outside the fold are never out of bag.
    expect(Number.isNaN(pooled.oobRisk?.[0])).toBe(true);
  });

  it("grows a fit under the work threshold in the calling thread, with the pool's trees", async () => {
    const data = cohort(120);
    const rows = Int32Array.from({ length: 100 }, (_, i) => i + 20);
    const params = { nEstimators: 6, randomState: 3 };
    expect(100 * 6).toBeLessThan(SURVIVAL_POOL_MIN_WORK);
    const fresh = createNodePool(2);
    try {
      let progress = 0;
      const here = await trainSurvivalInPool(data, params, {
        pool: fresh,
        rows,
        onProgress: (done, total) => (progress = done === total ? done : -1),
      });
      // No worker was started and no data sent: the trees grew here.
      expect(fresh.running).toBe(0);
      expect(fresh.dataId).toBeNull();
      expect(progress).toBe(6);
      const pooled = await trainSurvivalInPool(data, params, { pool: fresh, rows, poolMinWork: 0 });
      expect(fresh.running).toBe(2);
      expect(survivalTrees(here).map((t) => Array.from(t.hazardValue))).toEqual(
        survivalTrees(pooled).map((t) => Array.from(t.hazardValue)),
      );
      expect(survivalTrees(here).map((t) => Array.from(t.feature))).toEqual(
        survivalTrees(pooled).map((t) => Array.from(t.feature)),
      );
      expect(Array.from(here.oobRisk ?? [])).toEqual(Array.from(pooled.oobRisk ?? []));
    } finally {
      fresh.dispose();
    }
  });

  it('cross-validates with the same figures on one thread and on two workers, for a seed', async () => {
    const data = cohort(240);
    const options = { folds: 3, params: { nEstimators: 10, randomState: 8 }, seed: 4 };
    const one = await evaluateSurvival(data, options);
    const pooled = await evaluateSurvival(data, options, (rows, params) =>
      trainSurvivalInPool(data, params, { pool, rows, poolMinWork: 0 }),
    );
    expect(pooled.cindex).toBe(one.cindex);
    expect(pooled.cindexInterval).toEqual(one.cindexInterval);
    expect(pooled.cindexFolds).toEqual(one.cindexFolds);
    expect(pooled.integratedBrier).toBe(one.integratedBrier);
    expect(Array.from(pooled.risk)).toEqual(Array.from(one.risk));
  });

  it('sends the workers no progress callback when the caller asks for no progress', async () => {
    // Message ports each call hands a worker (a Comlink callback travels as one).
    const ports: number[] = [];
    const spying = new TrainingPool(
      () => {
        const w = spawnNodeWorker('training');
        const post = w.postMessage.bind(w);
        w.postMessage = (message: unknown, transfer?: Transferable[]) => {
          ports.push((transfer ?? []).filter((t) => t instanceof MessagePort).length);
          post(message, transfer);
        };
        return w;
      },
      { size: 2 },
    );
    try {
      const data = cohort(150);
      const params = { nEstimators: 16, randomState: 4 };
      const quiet = await trainSurvivalInPool(data, params, { pool: spying, poolMinWork: 0 });
      const sent = ports.length;
      expect(sent).toBeGreaterThan(0);
      expect(ports.reduce((a, b) => a + b, 0)).toBe(0);
      let progress = 0;
      const told = await trainSurvivalInPool(data, params, {
        pool: spying,
        poolMinWork: 0,
        onProgress: (done) => (progress = done),
      });
      expect(progress).toBe(16);
      expect(ports.slice(sent).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(survivalTrees(told).map((t) => Array.from(t.hazardValue))).toEqual(
        survivalTrees(quiet).map((t) => Array.from(t.hazardValue)),
      );
    } finally {
      spying.dispose();
    }
  });
});
