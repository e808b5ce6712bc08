import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import { fitForest } from '../engine/forest/forest';
import { predictProba } from '../engine/forest/predict';
import { adaptNodeWorker, createNodePool, spawnNodeWorker, trainInPool } from './node';
import { TrainingPool, splitTrees, taperedChunks, workerCrashMessage } from './pool';
import { TEST_CRASH_FLAG } from './testHooks';
import type { WorkerLike } from './host';
import { syntheticBinned } from '../app/testData';

const small = syntheticBinned(300, 8);
const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 24, randomState: 42 };
const pools: TrainingPool[] = [];

function track(pool: TrainingPool): TrainingPool {
  pools.push(pool);
  return pool;
}

afterEach(() => {
  for (const p of pools.splice(0)) p.dispose();
});

describe('splitTrees', () => {
  it('splits tree indices into contiguous near-equal shards', () => {
    expect(splitTrees(10, 3)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(splitTrees(2, 8)).toEqual([[0], [1]]);
    expect(splitTrees(5, 1)).toEqual([[0, 1, 2, 3, 4]]);
  });
});

describe('taperedChunks', () => {
  it('covers every tree once in contiguous chunks that get smaller, the last ones a few trees', () => {
    const chunks = taperedChunks(100, 8, 2);
    expect(chunks.map((c) => c.length)).toEqual([22, 20, 16, 14, 11, 9, 5, 3]);
    expect(chunks.flat()).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
  it('falls back to near-equal chunks when there are too few trees or chunks to taper', () => {
    expect(taperedChunks(10, 8, 2)).toEqual(splitTrees(10, 8));
    expect(taperedChunks(3, 8, 2)).toEqual([[0], [1], [2]]);
    // One chunk per worker (out-of-bag sums of a tall table): equal shares.
    expect(taperedChunks(100, 2, 2)).toEqual(splitTrees(100, 2));
  });
});

describe('TrainingPool in Node worker_threads', () => {
  it('gives the same forest with 1, 2 and 3 workers, equal to a single-thread fit', async () => {
    const probas: Float64Array[] = [];
    for (const threads of [1, 2, 3]) {
      const model = await trainInPool(small, params, { threads });
      expect(model.trees).toHaveLength(params.nEstimators);
      probas.push(predictProba(model, small.X, small.binned.nRows));
    }
    expect(Array.from(probas[1])).toEqual(Array.from(probas[0]));
    expect(Array.from(probas[2])).toEqual(Array.from(probas[0]));
    const local = fitForest(small.X, 300, 8, new Uint8Array(8), small.y, 2, params);
    expect(Array.from(predictProba(local, small.X, 300))).toEqual(Array.from(probas[0]));
  });

  it('reports progress up to the exact total, in order, coalesced rather than per tree', async () => {
    const pool = track(createNodePool(2));
    const seen: [number, number][] = [];
    await trainInPool(small, params, {
      pool,
      onProgress: (done, total) => seen.push([done, total]),
    });
    const done = seen.map(([d]) => d);
    expect(done.at(-1)).toBe(params.nEstimators);
    expect(done.every((d, i) => i === 0 || d > done[i - 1])).toBe(true);
    expect(seen.every(([, t]) => t === params.nEstimators)).toBe(true);
    // A worker reports a chunk's first and last tree and at most one more per 100 ms: these small trees take a
    // millisecond or so, so far fewer reports than trees arrive (one per tree before).
    expect(seen.length).toBeLessThan(params.nEstimators);
  });

  it('trains on the given rows only (a cross-validation fold)', async () => {
    const rows = Int32Array.from({ length: 150 }, (_, i) => i * 2);
    const pooled = await trainInPool(small, params, { threads: 2, rows });
    const local = fitForest(small.X, 300, 8, new Uint8Array(8), small.y, 2, params, { rows });
    expect(Array.from(predictProba(pooled, small.X, 300))).toEqual(
      Array.from(predictProba(local, small.X, 300)),
    );
  });

  it('on abort rejects with AbortError, ends every worker thread, grows no more trees, and the next call works', async () => {
    // Each thread's exit, as Node reports it: proof that the trees stopped growing, not just that the promise
    // rejected (the rejection alone comes at once whatever the workers do).
    const exits: Promise<number>[] = [];
    const terminate = Worker.prototype.terminate;
    const spy = vi.spyOn(Worker.prototype, 'terminate').mockImplementation(function (this: Worker) {
      const exited = terminate.call(this);
      exits.push(exited);
      return exited;
    });
    try {
      const big = syntheticBinned(4000, 40, 3);
      const pool = track(createNodePool(2));
      const controller = new AbortController();
      const nEstimators = 2000;
      let treesSeen = 0;
      const error = await trainInPool(
        big,
        { ...params, nEstimators },
        {
          pool,
          signal: controller.signal,
          onProgress: () => {
            treesSeen++;
            controller.abort();
          },
        },
      ).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(DOMException);
      expect((error as DOMException).name).toBe('AbortError');
      expect(pool.running).toBe(0);
      expect(exits).toHaveLength(2);
      await Promise.all(exits);
      const treesAtExit = treesSeen;
      expect(treesAtExit).toBeLessThan(nEstimators);

      // A fresh pool of workers is started, and the training data is sent again. Its round trips also let any
      // message of the old threads still on its way arrive: none is a tree of the cancelled fit.
      const model = await trainInPool(small, params, { pool });
      expect(model.trees).toHaveLength(params.nEstimators);
      expect(pool.running).toBe(2);
      expect(treesSeen).toBe(treesAtExit);
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects at once when the signal is already aborted', async () => {
    const pool = track(createNodePool(1));
    const controller = new AbortController();
    controller.abort();
    await expect(
      trainInPool(small, params, { pool, signal: controller.signal }),
    ).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(pool.running).toBe(0);
  });

  it('rejects with a clear message when a worker cannot start, and recovers', async () => {
    let calls = 0;
    const pool = track(
      new TrainingPool(
        () => {
          calls++;
          if (calls === 1) throw new Error('Out of memory');
          return spawnNodeWorker('training');
        },
        { size: 2 },
      ),
    );
    await expect(trainInPool(small, params, { pool })).rejects.toThrow(
      workerCrashMessage('could not start: Out of memory'),
    );
    expect(pool.running).toBe(0);
    const model = await trainInPool(small, params, { pool });
    expect(model.trees).toHaveLength(params.nEstimators);
  });

  it('rejects with a clear message when a worker dies mid-call, replaces the pool and recovers', async () => {
    let crashing = true;
    // A worker that exits as soon as it is asked to do anything: what an out-of-memory kill looks like.
    const dying = (): WorkerLike =>
      adaptNodeWorker(
        new Worker(
          "require('node:worker_threads').parentPort.once('message', () => process.exit(7));",
          {
            eval: true,
          },
        ),
      );
    const pool = track(
      new TrainingPool(() => (crashing ? dying() : spawnNodeWorker('training')), { size: 2 }),
    );
    const error = await trainInPool(small, params, { pool }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toMatch(
      /^A training worker stopped unexpectedly \(.*exited with code 7.*\)\./,
    );
    expect(error?.message).toContain(
      'The data and settings are kept; try again, perhaps with fewer trees.',
    );
    expect(pool.running).toBe(0);
    crashing = false;
    const model = await trainInPool(small, params, { pool });
    expect(model.trees).toHaveLength(params.nEstimators);
  });

  it('the e2e crash hook kills a real worker after n trees, for one fit only', async () => {
    const scope = globalThis as Record<string, unknown>;
    // The switch a test build compiles in (testHooks.ts); node.ts hands it on to the workers it starts.
    globalThis.__GENOFOREST_TEST_HOOKS__ = true;
    try {
      const pool = track(createNodePool(2));
      scope[TEST_CRASH_FLAG] = 3;
      let trees = 0;
      const error = await trainInPool(small, params, {
        pool,
        onProgress: (done) => (trees = done),
      }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(scope[TEST_CRASH_FLAG]).toBeUndefined();
      expect(error?.message).toMatch(
        /^A training worker stopped unexpectedly \(.*stopped on purpose by a test after 3 trees\)\./,
      );
      expect(trees).toBeLessThan(params.nEstimators);
      expect(pool.running).toBe(0);
      const model = await trainInPool(small, params, { pool });
      expect(model.trees).toHaveLength(params.nEstimators);
    } finally {
      delete globalThis.__GENOFOREST_TEST_HOOKS__;
      delete scope[TEST_CRASH_FLAG];
    }
  });

  it('ignores the crash flag when test hooks are off (production, the CLI)', async () => {
    const scope = globalThis as Record<string, unknown>;
    scope[TEST_CRASH_FLAG] = 1;
    try {
      const model = await trainInPool(small, params, { threads: 2 });
      expect(model.trees).toHaveLength(params.nEstimators);
      expect(scope[TEST_CRASH_FLAG]).toBe(1);
    } finally {
      delete scope[TEST_CRASH_FLAG];
    }
  });

  it('passes an ordinary engine error on as it is and keeps the workers', async () => {
    const pool = track(createNodePool(2));
    await expect(trainInPool(small, { ...params, maxFeatures: 50 }, { pool })).rejects.toThrow(
      /maxFeatures=50 is larger than the number of features \(8\)/,
    );
    expect(pool.running).toBe(2);
    const model = await trainInPool(small, params, { pool });
    expect(model.trees).toHaveLength(params.nEstimators);
  });

  it("throws the worker's own error about the data, though the first chunk follows the data unanswered", async () => {
    const pool = track(createNodePool(2));
    const y = small.y.subarray(0, small.y.length - 1);
    pool.setTrainingData({ id: 'short-y', binned: small.binned, y, nClasses: 2 });
    await expect(pool.grow(params)).rejects.toThrow(
      `The outcome has ${y.length} rows but the binned data has ${small.binned.nRows}.`,
    );
    expect(pool.running).toBe(2);
    const model = await trainInPool(small, params, { pool });
    expect(model.trees).toHaveLength(params.nEstimators);
  });

  it('ends idle workers after the idle timeout', async () => {
    const pool = track(createNodePool(2, { idleTimeoutMs: 200 }));
    await trainInPool(small, params, { pool });
    expect(pool.running).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(pool.running).toBe(0);
    const model = await trainInPool(small, params, { pool });
    expect(model.trees).toHaveLength(params.nEstimators);
  });
});
