/**
 * One benchmark contender, run in a fresh child process by bench/run.ts so that its peak memory is its own:
 *   node --import tsx bench/contender.ts <genoforest-1|genoforest-pool|ml-random-forest> <data-dir> <seed> [threads]
 *     [extra seeds, comma-separated: genoforest-1 refits with each, untimed, for the AUC only]
 * Prints one JSON line: fit and predict seconds, peak RSS (MiB) and the test rows' probability of class 1.
 */
import process from 'node:process';
import { availableParallelism } from 'node:os';
import { binFeatures } from '../src/engine/forest/binning.ts';
import { fitForest } from '../src/engine/forest/forest.ts';
import { predictProba } from '../src/engine/forest/predict.ts';
import { DEFAULT_PARAMS, type ForestParams } from '../src/engine/forest/types.ts';
import { createNodePool, trainInPool } from '../src/worker/node.ts';
import { readBenchData } from './data.ts';
import { gatherRows } from '../src/engine/evaluate/heldOut.ts';

/** What a contender reports. */
export interface ContenderResult {
  fitSeconds: number;
  predictSeconds: number;
  peakRssMB: number;
  proba: number[];
  /** Test probabilities of forests fitted with the extra seeds (not timed), for a steadier AUC. */
  extraProba?: number[][];
  /** Pool only: seconds to start the workers and load the engine in them (the app keeps them warm). */
  poolStartSeconds?: number;
}

/** GenoForest with scikit-learn's defaults (oob_score off, as RandomForestClassifier's default). */
function benchParams(seed: number): ForestParams {
  return { ...DEFAULT_PARAMS, nEstimators: 100, randomState: seed, oobScore: false };
}

async function main(): Promise<void> {
  const [mode, dir, seedText, threadsText, extraText] = process.argv.slice(2);
  const extraSeeds = extraText ? extraText.split(',').map(Number) : [];
  let extraProba: number[][] | undefined;
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

  if (mode === 'genoforest-1' || mode === 'genoforest-pool') {
    const params = benchParams(seed);
    // The app starts its workers once and keeps them; start them here on a tiny table, untimed in the fit.
    const pool =
      mode === 'genoforest-pool'
        ? createNodePool(Number(threadsText ?? availableParallelism()))
        : undefined;
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
    const t0 = performance.now();
    const model = pool
      ? await trainInPool(
          { binned: binFeatures(Xtrain, nTrain, d.nFeatures, numeric), y: yTrain, nClasses: 2 },
          params,
          { pool },
        )
      : fitForest(Xtrain, nTrain, d.nFeatures, numeric, yTrain, 2, params);
    fitSeconds = (performance.now() - t0) / 1000;
    pool?.dispose();
    const t1 = performance.now();
    const p = predictProba(model, Xtest, nTest);
    predictSeconds = (performance.now() - t1) / 1000;
    proba = Array.from({ length: nTest }, (_, i) => p[i * 2 + 1]);
    if (mode === 'genoforest-1' && extraSeeds.length > 0) {
      extraProba = extraSeeds.map((s) => {
        const m = fitForest(Xtrain, nTrain, d.nFeatures, numeric, yTrain, 2, benchParams(s));
        const q = predictProba(m, Xtest, nTest);
        return Array.from({ length: nTest }, (_, i) => Math.round(q[i * 2 + 1] * 1e6) / 1e6);
      });
    }
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
