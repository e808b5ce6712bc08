/**
 * Latency figures of the app's interactive steps, run in a child by bench/run.ts on one table:
 *   node --import tsx bench/extras.ts <data-dir> <seed> <threads>
 * A 500-tree forest (pool): predicting one patient and TreeSHAP for one patient (medians of repeats);
 * 5-fold stratified cross-validation with 100 trees in the pool. Prints one JSON line.
 */
import process from 'node:process';
import { binFeatures } from '../src/engine/forest/binning.ts';
import { predictProba, predictProbaRow } from '../src/engine/forest/predict.ts';
import { DEFAULT_PARAMS } from '../src/engine/forest/types.ts';
import { stratifiedKFold, trainingRows } from '../src/engine/evaluate/crossValidation.ts';
import { aucFromProba } from '../src/engine/evaluate/metrics.ts';
import { forestShap } from '../src/engine/explain/treeshap.ts';
import { createNodePool, trainInPool } from '../src/worker/node.ts';
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
