/**
 * Latency figures of the app's interactive steps, run in a child by bench/run.ts on one table:
 *   node --import tsx bench/extras.ts <data-dir> <seed> <threads>
 * A 500-tree forest (pool): predicting one patient and TreeSHAP for one patient (medians of repeats);
 * 5-fold stratified cross-validation with 100 trees in the pool. Then, through the app's client on Node workers (the
 * test table of src/app/testData.ts, 40,000 rows): predict and explain answered during a 5-fold evaluation (the
 * order is what src/worker/interactiveFirst.test.ts checks; the time is measured here), and how soon a cancelled fit
 * has its worker threads ended (src/worker/pool.test.ts checks that they end). Prints one JSON line.
 */
import process from 'node:process';
import { Worker } from 'node:worker_threads';
import { binFeatures } from '../src/engine/forest/binning.ts';
import { predictProba, predictProbaRow } from '../src/engine/forest/predict.ts';
import { DEFAULT_PARAMS } from '../src/engine/forest/types.ts';
import { stratifiedKFold, trainingRows } from '../src/engine/evaluate/crossValidation.ts';
import { aucFromProba } from '../src/engine/evaluate/metrics.ts';
import { forestShap } from '../src/engine/explain/treeshap.ts';
import { createEngineClient } from '../src/worker/client.ts';
import { createNodePool, spawnNodeWorker, trainInPool } from '../src/worker/node.ts';
import { syntheticBinned, syntheticCsv } from '../src/app/testData.ts';
import { medianInPlace } from '../src/engine/data/values.ts';
import { readBenchData } from './data.ts';
import { gatherRows } from '../src/engine/evaluate/heldOut.ts';

/** What extras.ts reports. */
export interface ExtrasResult {
  nTrees: number;
  forestFitSeconds: number;
  predictOneMs: { median: number; first: number };
  shapOneMs: { median: number; first: number };
  cv: { folds: number; trees: number; seconds: number; auc: number };
  peakRssMB: number;
  duringCv: DuringCv;
  abort: AbortStop;
}

/** Interactive calls while a cross-validation runs, through the app's client; milliseconds. */
interface DuringCv {
  rows: number;
  trees: number;
  folds: number;
  seconds: number;
  predictAloneMs: number;
  predict: { count: number; median: number; max: number };
  explainAloneMs: number;
  explain: { count: number; max: number };
}

/** A fit cancelled at its first tree: milliseconds from the abort to the rejection and to every thread's exit. */
interface AbortStop {
  trees: number;
  rejectedMs: number;
  exitedMs: number;
  treesAfterAbort: number;
}

/** Time fn `repeats` times after a first (cold) call; milliseconds. */
function timeIt(fn: () => void, repeats: number): { median: number; first: number } {
  let t = performance.now();
  fn();
  const first = performance.now() - t;
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return { median: medianInPlace(Float64Array.from(times), times.length), first };
}

const median = (xs: number[]): number => medianInPlace(Float64Array.from(xs), xs.length);

async function duringCv(threads: number, seed: number): Promise<DuringCv> {
  const rows = 40_000;
  const trees = 40;
  const patient = { age: 64, bmi: 31.2, rs123: 2, smoking: 'current' };
  const engine = createEngineClient({ spawn: spawnNodeWorker, workers: threads });
  try {
    await engine.loadCsv(new Blob([syntheticCsv(rows)]), 'tall.csv');
    await engine.train(
      { target: 'response', columns: [] },
      { ...DEFAULT_PARAMS, nEstimators: trees, randomState: seed },
    );
    // The first prediction and explanation build caches over the cohort: not what a user waits for each time.
    await engine.predict(patient);
    await engine.explain(patient);
    const timed = async (fn: () => Promise<unknown>): Promise<number> => {
      const t = performance.now();
      await fn();
      return performance.now() - t;
    };
    const alone: number[] = [];
    for (let i = 0; i < 10; i++) alone.push(await timed(() => engine.predict(patient)));
    const explainAlone: number[] = [];
    for (let i = 0; i < 3; i++) explainAlone.push(await timed(() => engine.explain(patient)));
    let finished = false;
    const t0 = performance.now();
    const evaluation = engine.evaluate(5).finally(() => {
      finished = true;
    });
    const predicts: number[] = [];
    const explains: number[] = [];
    while (!finished) {
      const ms = await timed(() => engine.predict(patient));
      if (!finished) predicts.push(ms);
      if (predicts.length % 4 === 0) {
        const e = await timed(() => engine.explain(patient));
        if (!finished) explains.push(e);
      }
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    await evaluation;
    return {
      rows,
      trees,
      folds: 5,
      seconds: (performance.now() - t0) / 1000,
      predictAloneMs: median(alone),
      predict: { count: predicts.length, median: median(predicts), max: Math.max(...predicts) },
      explainAloneMs: median(explainAlone),
      explain: { count: explains.length, max: Math.max(...explains) },
    };
  } finally {
    engine.dispose();
  }
}

async function abortStop(threads: number, seed: number): Promise<AbortStop> {
  // Node resolves terminate() when the thread has exited: wrapped here to see when that is.
  const exits: Promise<number>[] = [];
  const terminate = Worker.prototype.terminate;
  Worker.prototype.terminate = function (this: Worker) {
    const exited = terminate.call(this);
    exits.push(exited);
    return exited;
  };
  const pool = createNodePool(threads, { idleTimeoutMs: 0 });
  try {
    const trees = 2000;
    const controller = new AbortController();
    let abortedAt = NaN;
    let seen = 0;
    let atAbort = 0;
    const fit = trainInPool(
      syntheticBinned(4000, 40, 3),
      { ...DEFAULT_PARAMS, nEstimators: trees, randomState: seed },
      {
        pool,
        signal: controller.signal,
        onProgress: () => {
          seen++;
          if (Number.isNaN(abortedAt)) {
            atAbort = seen;
            abortedAt = performance.now();
            controller.abort();
          }
        },
      },
    );
    await fit.catch(() => undefined);
    const rejectedMs = performance.now() - abortedAt;
    await Promise.all(exits);
    const exitedMs = performance.now() - abortedAt;
    return { trees, rejectedMs, exitedMs, treesAfterAbort: seen - atAbort };
  } finally {
    Worker.prototype.terminate = terminate;
    pool.dispose();
  }
}

async function main(): Promise<void> {
  const [dir, seedText, threadsText] = process.argv.slice(2);
  const seed = Number(seedText ?? '1');
  const threads = Number(threadsText ?? '2');
  const d = readBenchData(dir);
  const numeric = new Uint8Array(d.nFeatures);
  const Xtrain = gatherRows(d.X, d.nRows, d.nFeatures, d.train);
  const yTrain = Uint8Array.from(d.train, (r) => d.y[r]);
  const pool = createNodePool(threads, { idleTimeoutMs: 0 });
  try {
    const nTrees = 500;
    const t0 = performance.now();
    const binnedTrain = binFeatures(Xtrain, d.train.length, d.nFeatures, numeric);
    const forest = await trainInPool(
      { binned: binnedTrain, y: yTrain, nClasses: 2 },
      { ...DEFAULT_PARAMS, nEstimators: nTrees, randomState: seed, oobScore: false },
      { pool },
    );
    const forestFitSeconds = (performance.now() - t0) / 1000;
    // One test patient's row (raw encoded values, as the app's form produces).
    const x = Float32Array.from({ length: d.nFeatures }, (_, f) => d.X[f * d.nRows + d.test[0]]);
    const predictOneMs = timeIt(() => void predictProbaRow(forest, x), 200);
    const shapOneMs = timeIt(() => void forestShap(forest, x), 10);

    // 5-fold CV over the whole table, folds grown in the pool on row subsets of one binned table.
    const t1 = performance.now();
    const split = stratifiedKFold(d.y, 2, 5, seed);
    const binned = binFeatures(d.X, d.nRows, d.nFeatures, numeric);
    const oof = new Float64Array(d.nRows * 2);
    for (let f = 0; f < split.k; f++) {
      const model = await trainInPool(
        { binned, y: d.y, nClasses: 2 },
        { ...DEFAULT_PARAMS, nEstimators: 100, randomState: seed, oobScore: false },
        { pool, rows: trainingRows(split, f, d.nRows) },
      );
      const test = split.folds[f];
      const p = predictProba(model, gatherRows(d.X, d.nRows, d.nFeatures, test), test.length);
      for (let i = 0; i < test.length; i++) {
        oof[test[i] * 2] = p[i * 2];
        oof[test[i] * 2 + 1] = p[i * 2 + 1];
      }
    }
    const cvSeconds = (performance.now() - t1) / 1000;
    const result: ExtrasResult = {
      nTrees,
      forestFitSeconds,
      predictOneMs,
      shapOneMs,
      cv: { folds: split.k, trees: 100, seconds: cvSeconds, auc: aucFromProba(d.y, oof, 2) },
      peakRssMB: process.resourceUsage().maxRSS / 1024,
      duringCv: await duringCv(threads, seed),
      abort: await abortStop(threads, seed),
    };
    await new Promise<void>((done) =>
      process.stdout.write(JSON.stringify(result) + '\n', () => done()),
    );
  } finally {
    pool.dispose();
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
