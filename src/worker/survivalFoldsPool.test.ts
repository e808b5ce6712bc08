/** A cross-validation's survival forests grown at once on the Node worker pool, a whole fold per worker. */
import { afterAll, describe, expect, it } from 'vitest';
import { fitSurvivalForest, survivalTrees } from '../engine/forest/survivalForest';
import { planSurvivalCv } from '../engine/survival/survivalEvaluation';
import {
  createNodePool,
  spawnNodeWorker,
  SURVIVAL_FOLDS_COLD_MIN_WORK,
  SURVIVAL_FOLDS_MIN_WORK,
  trainSurvivalForestsInPool,
  type SurvivalFitJob,
} from './node';
import { TrainingPool, survivalForestParts } from './pool';
import type { SpawnWorker, WorkerLike } from './host';
import { survivalTestCohort as cohort, survivalTreesOf as treesOf } from './survivalTestCohort';

const pool = createNodePool(2);
afterAll(() => pool.dispose());

describe('cross-validation folds grown in parallel on the worker pool', () => {
  it('plans whole forests per worker, then splits the ones left over across the workers', () => {
    const parts = survivalForestParts([10, 10, 10, 10, 10], 2);
    expect(parts.map((p) => p.job)).toEqual([0, 1, 2, 3, 4, 4]);
    expect(parts[0].indices).toHaveLength(10);
    expect(parts[4].indices).toEqual([0, 1, 2, 3, 4]);
    expect(parts[5].indices).toEqual([5, 6, 7, 8, 9]);
    // Fewer forests than workers: every forest split.
    expect(survivalForestParts([6], 3).map((p) => p.indices)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    // With shared memory, a forest left over is grown together: a part per worker, every tree, one counter.
    const shared = survivalForestParts([10, 10, 10, 10, 10], 2, true);
    expect(shared.map((p) => p.job)).toEqual([0, 1, 2, 3, 4, 4]);
    expect(shared[4].indices).toHaveLength(10);
    expect(shared[4].claim?.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(shared[5].claim).toBe(shared[4].claim);
    expect(shared[0].claim).toBeUndefined();
  });

  it("grows every fold's forest as one thread does, whole or split, each handed on when done", async () => {
    const data = cohort(240);
    const plan = planSurvivalCv(data, 5, 3);
    const params = { nEstimators: 12, randomState: 9, minSamplesLeaf: 5, oobScore: false };
    const jobs: SurvivalFitJob[] = plan.train.map((rows) => ({ input: data, rows }));
    const handed: number[] = [];
    let progress = 0;
    const pooled = await trainSurvivalForestsInPool(jobs, params, {
      pool,
      poolMinWork: 0,
      onForest: (j) => handed.push(j),
      onProgress: (done, total) => (progress = done === total ? done : progress),
    });
    expect(pool.running).toBe(2);
    expect([...handed].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(progress).toBe(60);
    plan.train.forEach((rows, f) => {
      const one = fitSurvivalForest(
        data.X,
        data.nRows,
        data.nFeatures,
        data.isCategorical,
        data.time,
        data.event,
        params,
        { rows },
      );
      expect(Array.from(pooled[f].timeGrid)).toEqual(Array.from(one.timeGrid));
      expect(treesOf(pooled[f])).toEqual(treesOf(one));
    });
  });

  it('grows folds given as tables of their own, each binned alone, as one thread does', async () => {
    const tables = [cohort(90, 1), cohort(110, 2), cohort(70, 3)];
    const params = { nEstimators: 10, randomState: 4, minSamplesLeaf: 5, oobScore: false };
    const pooled = await trainSurvivalForestsInPool(
      tables.map((input) => ({ input })),
      params,
      { pool, poolMinWork: 0 },
    );
    tables.forEach((t, f) => {
      const one = fitSurvivalForest(t.X, t.nRows, 3, t.isCategorical, t.time, t.event, params);
      expect(treesOf(pooled[f])).toEqual(treesOf(one));
    });
  });

  it("grows folds in the calling thread beside the worker, the worker's next fold queued, its table binned there", async () => {
    // Each worker's calls as they go out and their answers as they come back, in order.
    const logs: string[][] = [];
    const spawn: SpawnWorker = (role) => {
      const worker = spawnNodeWorker(role);
      const log: string[] = [];
      logs.push(log);
      const names = new Map<string, string>();
      worker.addEventListener('message', (ev) => {
        const name = names.get(((ev as MessageEvent).data as { id?: string } | null)?.id ?? '');
        if (name) log.push(`answer ${name}`);
      });
      const watched: WorkerLike = {
        postMessage: (message: { id?: string; path?: string[] }, transfer?: Transferable[]) => {
          const name = message?.path?.[0];
          if (
            name &&
            message.id &&
            /^(holdColumns|setTrainingData|growSurvivalTrees)$/.test(name)
          ) {
            names.set(message.id, name);
            log.push(`post ${name}`);
          }
          worker.postMessage(message, transfer);
        },
        addEventListener: (type, listener, options) =>
          worker.addEventListener(type, listener, options),
        removeEventListener: (type, listener, options) =>
          worker.removeEventListener(type, listener, options),
        terminate: () => worker.terminate(),
        ref: () => worker.ref?.(),
        unref: () => worker.unref?.(),
      };
      return watched;
    };
    // Two threads: the calling one and a worker (the pool's second worker is never started).
    const watchedPool = new TrainingPool(spawn, { size: 2 });
    try {
      const tables = [1, 2, 3, 4, 5].map((seed) => cohort(60, seed));
      const params = { nEstimators: 40, randomState: 6, minSamplesLeaf: 5, oobScore: false };
      const pooled = await trainSurvivalForestsInPool(
        tables.map((input) => ({ input })),
        params,
        { pool: watchedPool, poolMinWork: 0 },
      );
      tables.forEach((t, f) => {
        const one = fitSurvivalForest(t.X, t.nRows, 3, t.isCategorical, t.time, t.event, params);
        expect(treesOf(pooled[f])).toEqual(treesOf(one));
      });
      expect(logs).toHaveLength(1);
      const [log] = logs;
      // Tables of their own go as columns, binned in the worker; each goes out with its fold, unanswered yet.
      expect(log).not.toContain('post setTrainingData');
      expect(log.slice(0, 4)).toEqual([
        'post holdColumns',
        'post growSurvivalTrees',
        'post holdColumns',
        'post growSurvivalTrees',
      ]);
      // Of six parts (four whole folds, the fifth in halves), the worker grew some and the calling thread the others.
      const answers = log.filter((e) => e === 'answer growSurvivalTrees').length;
      expect(answers).toBeGreaterThanOrEqual(2);
      expect(answers).toBeLessThan(6);
    } finally {
      watchedPool.dispose();
    }
  });

  it('gives the same forests for a seed every time, and other forests for another seed', async () => {
    const data = cohort(200);
    const jobs = planSurvivalCv(data, 3, 1).train.map((rows) => ({ input: data, rows }));
    const params = { nEstimators: 8, randomState: 2, oobScore: false };
    const a = await trainSurvivalForestsInPool(jobs, params, { pool, poolMinWork: 0 });
    const b = await trainSurvivalForestsInPool(jobs, params, { pool, poolMinWork: 0 });
    const c = await trainSurvivalForestsInPool(
      jobs,
      { ...params, randomState: 3 },
      { pool, poolMinWork: 0 },
    );
    expect(a.map(treesOf)).toEqual(b.map(treesOf));
    expect(a.map(treesOf)).not.toEqual(c.map(treesOf));
  });

  it('grows a small batch in the calling thread, with the same forests', async () => {
    const data = cohort(120);
    const jobs = planSurvivalCv(data, 3, 1).train.map((rows) => ({ input: data, rows }));
    const params = { nEstimators: 4, randomState: 2, oobScore: false };
    const fresh = createNodePool(2);
    try {
      const here = await trainSurvivalForestsInPool(jobs, params, { pool: fresh });
      expect(fresh.running).toBe(0);
      const there = await trainSurvivalForestsInPool(jobs, params, { pool: fresh, poolMinWork: 0 });
      expect(fresh.running).toBe(2);
      expect(here.map(treesOf)).toEqual(there.map(treesOf));
    } finally {
      fresh.dispose();
    }
  });

  it('starts no worker for a batch under the cold threshold, but grows one over the warm threshold beside them once they run', async () => {
    const data = cohort(120);
    const jobs = planSurvivalCv(data, 3, 1).train.map((rows) => ({ input: data, rows }));
    // 3 folds of 80 training rows: 240 rows × trees in all, between the two thresholds.
    const trees = Math.ceil((SURVIVAL_FOLDS_MIN_WORK + 1) / 240);
    expect(240 * trees).toBeLessThan(SURVIVAL_FOLDS_COLD_MIN_WORK);
    const params = { nEstimators: trees, randomState: 2, oobScore: false };
    const fresh = createNodePool(2);
    try {
      const cold = await trainSurvivalForestsInPool(jobs, params, { pool: fresh });
      expect(fresh.running).toBe(0);
      fresh.warmUp();
      // The workers run, warmed up, holding no table (the warm-up forgets its own).
      expect((await fresh.memoryUsage()).map((m) => m.heldBytes)).toEqual([0, 0]);
      let progress = 0;
      const warm = await trainSurvivalForestsInPool(jobs, params, {
        pool: fresh,
        onProgress: (done) => (progress = done),
      });
      expect(progress).toBe(3 * trees);
      expect(warm.map(treesOf)).toEqual(cold.map(treesOf));
      // The cohort went to the workers (binned across them and held), which grew folds beside this thread.
      expect((await fresh.memoryUsage()).some((m) => m.heldBytes > 0)).toBe(true);
    } finally {
      fresh.dispose();
    }
  });

  it('stops when cancelled: the call rejects and the workers are ended', async () => {
    const data = cohort(400);
    const jobs = planSurvivalCv(data, 5, 1).train.map((rows) => ({ input: data, rows }));
    const controller = new AbortController();
    const run = trainSurvivalForestsInPool(
      jobs,
      { nEstimators: 400, randomState: 1, oobScore: false },
      {
        pool,
        poolMinWork: 0,
        signal: controller.signal,
        onProgress: (done) => {
          if (done > 0) controller.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(pool.running).toBe(0);
  });

  it("passes a worker's error on in its own words, and the pool keeps working", async () => {
    const data = cohort(100);
    const fit = { params: { nEstimators: 4, randomState: 1 }, rows: null };
    await pool.prepareData({
      id: 'folds-error',
      X: data.X,
      nRows: 100,
      nFeatures: 3,
      isCategorical: data.isCategorical,
      y: data.event,
      nClasses: 2,
    });
    const { validateSurvivalParams } = await import('../engine/forest/survivalParams');
    const params = validateSurvivalParams(fit.params, 3);
    await expect(
      pool.growSurvivalForests([
        { params, outcome: { time: data.time, event: data.event, grid: new Float64Array(0) } },
      ]),
    ).rejects.toThrow('The time grid is empty');
    await expect(
      pool.growSurvivalForests([
        {
          params,
          outcome: { time: data.time.subarray(1), event: data.event, grid: Float64Array.of(1) },
        },
      ]),
    ).rejects.toThrow('Forest 1: the follow-up has 99 rows but the training data has 100.');
    const after = await trainSurvivalForestsInPool([{ input: data }], fit.params, {
      pool,
      poolMinWork: 0,
    });
    expect(survivalTrees(after[0])).toHaveLength(4);
  });
});
