/**
 * One benchmark contender, run in a fresh child process by bench/run.ts so that its peak memory is its own:
 *   node --import tsx bench/contender.ts <genoforest-1|genoforest-pool|ml-random-forest> <data-dir> <seed> [threads]
 *     [extra seeds, comma-separated: genoforest-1 refits with each, untimed, for the AUC only]
 *   node --import tsx bench/contender.ts genoforest-pool-budget <data-dir> <seed> <threads> <seconds>
 *     (grows trees on the pool, in small batches, for as long as the given time, e.g. scikit-learn's fit time)
 *   node --import tsx bench/contender.ts genoforest-tuned <data-dir> <seed>
 *     (the app's default: settings tuned on out-of-bag patients, then the final forest; one thread, tuning timed)
 *   node --import tsx bench/contender.ts genoforest-tuned-warm <data-dir> <seed>
 *     (the same fit on one warm worker: the app's training-worker start-up warm-up first, untimed, its own seconds
 *     reported; then the tuned fit timed as genoforest-tuned, its table held, screened and grown by the training
 *     worker's code as the app's pool asks one worker, bench/warmWorker.ts)
 * Prints one JSON line: fit and predict seconds, peak RSS (MiB) and the test rows' probability of class 1.
 */
import process from 'node:process';
import { availableParallelism } from 'node:os';
import { binFeatures } from '../src/engine/forest/binning.ts';
import { assembleForest, fitForest } from '../src/engine/forest/forest.ts';
import { predictProba } from '../src/engine/forest/predict.ts';
import {
  DEFAULT_PARAMS,
  type ForestModel,
  type ForestParams,
  type TreeShard,
} from '../src/engine/forest/types.ts';
import type { TrainingColumns } from '../src/worker/api.ts';
import type { TrainingPool } from '../src/worker/pool.ts';
import { createNodePool, trainInPool } from '../src/worker/node.ts';
import { readBenchData } from './data.ts';
import { gatherRows } from '../src/engine/evaluate/heldOut.ts';
import { growTrees } from '../src/engine/forest/grow.ts';
import { tuneOnOutOfBag } from '../src/app/tuneForest.ts';
import { finalShardsAsync } from './finalShards.ts';
import { benchTrainingWorker, warmWorkerFit } from './warmWorker.ts';
import { screenWeights } from '../src/engine/forest/featureWeights.ts';
import { warmUpTrainingWorker } from '../src/worker/trainingWorker.ts';
import { warmUpTuningSearch } from '../src/app/warmUpSearch.ts';

/** What a contender reports. */
export interface ContenderResult {
  fitSeconds: number;
  predictSeconds: number;
  peakRssMB: number;
  proba: number[];
  /** Test probabilities of forests fitted with the extra seeds (not timed), for a steadier AUC. */
  extraProba?: number[][];
  /** CPU seconds of the timed fit, all threads of the process (GenoForest one thread and pool; scikit-learn). */
  fitCpuSeconds?: number;
  /** Pool only: seconds to start the workers and load the engine in them (the app keeps them warm). */
  poolStartSeconds?: number;
  /**
   * genoforest-tuned-warm only: wall and CPU seconds of the training worker's start-up warm-up (warmUpTrainingWorker)
   * and the page's warm-up of the search (warmUpTuningSearch), run before the timed fit as the app runs them before any
   * fit; a command-line run pays neither.
   */
  warmUpSeconds?: number;
  warmUpCpuSeconds?: number;
  /** Budget mode: trees grown (binning included) within the time budget, and that budget. */
  treesInBudget?: number;
  budgetSeconds?: number;
  /** Tuned mode: the settings chosen and the trees the search grew. */
  tuned?: {
    minSamplesLeaf: number;
    featuresPerSplit: number;
    treesGrown: number;
    candidates: number;
    /** Whether the chosen setting draws features by the screen (tune.ts' screened candidates). */
    screened: boolean;
  };
}

/** Trees per pool call in budget mode, per worker: small batches, so little of the budget is left unused. */
const BUDGET_BATCH_PER_WORKER = 8;

/** GenoForest with scikit-learn's defaults (oob_score off, as RandomForestClassifier's default). */
function benchParams(seed: number): ForestParams {
  return { ...DEFAULT_PARAMS, nEstimators: 100, randomState: seed, oobScore: false };
}

/**
 * Bins the columns on the pool, then grows batches of trees (each batch its own random state, so every tree is
 * new) until `budget` seconds have passed since the start; a batch that ends after the budget is not kept.
 * Returns the forest of the kept trees and the time at which the last kept batch ended.
 */
async function growForBudget(
  pool: TrainingPool,
  columns: Omit<TrainingColumns, 'id' | 'nClasses'>,
  params: ForestParams,
  budget: number,
): Promise<{ model: ForestModel; seconds: number }> {
  const t0 = performance.now();
  const elapsed = (): number => (performance.now() - t0) / 1000;
  await pool.prepareData({ id: 'budget', ...columns, nClasses: 2 });
  const batch = BUDGET_BATCH_PER_WORKER * pool.size;
  const kept: TreeShard[] = [];
  let seconds = elapsed();
  for (let k = 0; elapsed() < budget; k++) {
    const shards = await pool.grow({
      ...params,
      nEstimators: batch,
      // Batch 0 grows the same trees as the first ones of the 100-tree fit; later batches other, new trees.
      randomState: params.randomState + k * 1_000_003,
    });
    if (elapsed() > budget) break;
    seconds = elapsed();
    for (const s of shards)
      kept.push({ ...s, treeIndices: s.treeIndices.map((t) => t + k * batch) });
  }
  const nTrees = kept.reduce((a, s) => a + s.trees.length, 0);
  const model = assembleForest(
    kept,
    { ...params, nEstimators: nTrees },
    columns.nRows,
    2,
    columns.nFeatures,
  );
  return { model, seconds };
}

async function main(): Promise<void> {
  const [mode, dir, seedText, threadsText, extraText] = process.argv.slice(2);
  const extraSeeds =
    extraText && mode !== 'genoforest-pool-budget' ? extraText.split(',').map(Number) : [];
  let budgetFields: Pick<ContenderResult, 'treesInBudget' | 'budgetSeconds'> = {};
  let extraProba: number[][] | undefined;
  let tunedFields: Pick<ContenderResult, 'tuned' | 'warmUpSeconds' | 'warmUpCpuSeconds'> = {};
  const seed = Number(seedText ?? '1');
  const d = readBenchData(dir);
  const nTrain = d.train.length;
  const nTest = d.test.length;
  const Xtrain = gatherRows(d.X, d.nRows, d.nFeatures, d.train);
  const Xtest = gatherRows(d.X, d.nRows, d.nFeatures, d.test);
  const yTrain = Uint8Array.from(d.train, (r) => d.y[r]);
  const numeric = new Uint8Array(d.nFeatures);
  let fitSeconds: number;
  let predictSeconds: number;
  let proba: number[];
  let poolStartSeconds: number | undefined;
  let fitCpuSeconds: number | undefined;

  if (mode === 'genoforest-1' || mode === 'genoforest-pool' || mode === 'genoforest-pool-budget') {
    const params = benchParams(seed);
    // The app starts its workers once and keeps them; start them here on a tiny table, untimed in the fit.
    const pool =
      mode === 'genoforest-1'
        ? undefined
        : createNodePool(Number(threadsText ?? availableParallelism()));
    if (pool) {
      const s0 = performance.now();
      const tiny = new Float32Array(64).map((_, i) => i % 7);
      await trainInPool(
        {
          binned: binFeatures(tiny, 32, 2, new Uint8Array(2)),
          y: new Uint8Array(32).map((_, i) => i % 2),
          nClasses: 2,
        },
        { ...params, nEstimators: pool.size },
        { pool },
      );
      poolStartSeconds = (performance.now() - s0) / 1000;
    }
    // As the app does: the raw columns go to the pool, which bins them in parallel across its workers.
    const columns = { X: Xtrain, nRows: nTrain, nFeatures: d.nFeatures, isCategorical: numeric };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let model: ForestModel;
    if (pool && mode === 'genoforest-pool-budget') {
      const budget = Number(extraText);
      const r = await growForBudget(pool, { ...columns, y: yTrain }, params, budget);
      model = r.model;
      fitSeconds = r.seconds;
      budgetFields = { treesInBudget: model.trees.length, budgetSeconds: budget };
    } else {
      model = pool
        ? await trainInPool({ ...columns, y: yTrain, nClasses: 2 }, params, { pool })
        : fitForest(Xtrain, nTrain, d.nFeatures, numeric, yTrain, 2, params);
      fitSeconds = (performance.now() - t0) / 1000;
    }
    const cpu = process.cpuUsage(cpu0);
    fitCpuSeconds = (cpu.user + cpu.system) / 1e6;
    pool?.dispose();
    const t1 = performance.now();
    const p =
      model.trees.length > 0
        ? predictProba(model, Xtest, nTest)
        : new Float64Array(2 * nTest).fill(0.5);
    predictSeconds = (performance.now() - t1) / 1000;
    proba = Array.from({ length: nTest }, (_, i) => p[i * 2 + 1]);
    if (mode === 'genoforest-pool-budget') poolStartSeconds = undefined;
    if (mode === 'genoforest-1' && extraSeeds.length > 0) {
      extraProba = extraSeeds.map((s) => {
        const m = fitForest(Xtrain, nTrain, d.nFeatures, numeric, yTrain, 2, benchParams(s));
        const q = predictProba(m, Xtest, nTest);
        return Array.from({ length: nTest }, (_, i) => Math.round(q[i * 2 + 1] * 1e6) / 1e6);
      });
    }
  } else if (mode === 'genoforest-tuned' || mode === 'genoforest-tuned-warm') {
    // One warm worker: what an app's training worker runs when it starts, before the user can train
    // (src/worker/trainingWorker.ts warmUpTrainingWorker; its data not in shared memory, as the fit's below are not).
    // The search's own bookkeeping (tune.ts) runs on the page in the app, not in the worker: the page warms it up in
    // idle slices (app/warmUpSearch.ts), here run whole after the worker's.
    let warmUp: Pick<ContenderResult, 'warmUpSeconds' | 'warmUpCpuSeconds'> = {};
    // The warm row's worker: warmed up, then holding the table and growing the trees, as the app's training worker
    // warms up the very worker it exposes.
    const trainer = mode === 'genoforest-tuned-warm' ? benchTrainingWorker() : null;
    if (trainer) {
      const w0 = performance.now();
      const wCpu0 = process.cpuUsage();
      await warmUpTrainingWorker(false, trainer);
      // And the page's warm-up of the search's bookkeeping, which the app runs in idle slices (app/warmUpSearch.ts).
      await warmUpTuningSearch(() => Promise.resolve());
      const wCpu = process.cpuUsage(wCpu0);
      warmUp = {
        warmUpSeconds: (performance.now() - w0) / 1000,
        warmUpCpuSeconds: (wCpu.user + wCpu.system) / 1e6,
      };
    }
    // As the command line's --tune and the app's default: bin once, tune on out-of-bag patients, grow the final
    // forest with the chosen settings; binning and tuning are in the timed fit.
    const base = { ...benchParams(seed), oobScore: true };
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const binned = binFeatures(Xtrain, nTrain, d.nFeatures, numeric);
    // The warm worker's row: the table held, screened and grown by a training worker's code as the app's pool asks
    // one worker (bench/warmWorker.ts: cloned as a message clones it, timed); otherwise the engine called directly.
    const worker = trainer ? await warmWorkerFit(binned, yTrain, 2, trainer) : null;
    const grow = async (p: ForestParams, first = 0): Promise<TreeShard> =>
      worker
        ? worker.grow(p, first)
        : growTrees(
            binned,
            yTrain,
            2,
            p,
            Array.from({ length: p.nEstimators }, (_, i) => first + i),
          );
    // The screen of the screened candidates, on the training rows, as the command line and the app make it.
    const featureWeights = worker ? await worker.screen() : screenWeights(binned, yTrain, 2);
    const tuned = await tuneOnOutOfBag(
      { y: yTrain, nClasses: 2, nFeatures: d.nFeatures, featureWeights },
      base,
      async (p, first) => [await grow(p, first)],
    );
    // The final forest as the bench's others: no out-of-bag pass (scikit-learn's oob_score=False); the chosen
    // setting's trees from the search are its first trees, as the command line and the app reuse them.
    const final = { ...tuned.params, oobScore: false };
    const { shards } = await finalShardsAsync(tuned.firstTrees, final, grow);
    const model = assembleForest(shards, final, nTrain, 2, d.nFeatures, yTrain);
    fitSeconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    fitCpuSeconds = (cpu.user + cpu.system) / 1e6;
    const t1 = performance.now();
    const p = predictProba(model, Xtest, nTest);
    predictSeconds = (performance.now() - t1) / 1000;
    proba = Array.from({ length: nTest }, (_, i) => p[i * 2 + 1]);
    tunedFields = {
      ...warmUp,
      tuned: {
        minSamplesLeaf: tuned.params.minSamplesLeaf,
        featuresPerSplit: tuned.report.chosen.maxFeatures,
        treesGrown: tuned.report.treesGrown,
        candidates: tuned.report.candidates.length,
        screened: tuned.report.chosen.screened === true,
      },
    };
  } else if (mode === 'ml-random-forest') {
    const { RandomForestClassifier } = await import('ml-random-forest');
    const rowsOf = (X: Float32Array, n: number): number[][] =>
      Array.from({ length: n }, (_, r) =>
        Array.from({ length: d.nFeatures }, (_, f) => X[f * n + r]),
      );
    const trainRows = rowsOf(Xtrain, nTrain);
    const testRows = rowsOf(Xtest, nTest);
    // Its defaults otherwise (maxFeatures 1.0 drawn once per tree, ml-cart trees); 100 trees, no OOB pass.
    const rf = new RandomForestClassifier({ nEstimators: 100, seed, noOOB: true });
    const t0 = performance.now();
    rf.train(trainRows, Array.from(yTrain));
    fitSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    // Its probabilities are the fraction of trees voting for the class (hard votes), not leaf distributions.
    const p = (
      rf as unknown as { predictProbability(X: number[][], label: number): number[] }
    ).predictProbability(testRows, 1);
    predictSeconds = (performance.now() - t1) / 1000;
    proba = p;
  } else {
    throw new Error(`unknown contender ${mode}`);
  }
  const result: ContenderResult = {
    fitSeconds,
    predictSeconds,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    proba: proba.map((v) => Math.round(v * 1e6) / 1e6),
    extraProba,
    poolStartSeconds,
    fitCpuSeconds,
    ...budgetFields,
    ...tunedFields,
  };
  // Exit only once the (possibly large) line has reached the pipe: exiting at once would cut it short.
  process.stdout.write(JSON.stringify(result) + '\n', () => process.exit(0));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
