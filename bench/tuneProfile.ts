/**
 * Where tuning's time goes: `npx tsx bench/tuneProfile.ts <data-dir> [seed] [--runs N] [--warm]` (a bench/.cache
 * table, e.g. bench/.cache/2000x1000) tunes as the bench's genoforest-tuned contender does (bin, screen, search, the
 * final forest reusing the chosen setting's trees), one thread, N times in this one process (the first run pays V8's
 * compilation of the engine, the later ones meet compiled code); with --warm, a training worker's start-up warm-up
 * (warmUpTrainingWorker) runs first, then the page's warm-up of the search (warmUpTuningSearch; not with
 * --cold-search), as in the app and in the bench's genoforest-tuned-warm contender, and each run's
 * table is held, screened and grown by a training worker's code as the app's pool asks one worker (bench/warmWorker.ts;
 * "bin" then includes handing the table over). Per run: CPU
 * and wall seconds of binning, the screen, the search's growth (its candidates' trees), the search's own work (scoring
 * and bookkeeping: the search's time less its growth) and the final forest's remaining trees; then, for the last run,
 * each candidate's settings, score and growth seconds, and the test AUC / Brier. The forest reusing the search's trees
 * is checked to be the one grown afresh. CPU seconds are this process's, all threads (V8's compiler threads too).
 */
import process from 'node:process';
import { binFeatures } from '../src/engine/forest/binning.ts';
import { assembleForest } from '../src/engine/forest/forest.ts';
import { predictProba } from '../src/engine/forest/predict.ts';
import { DEFAULT_PARAMS, type ForestParams, type TreeShard } from '../src/engine/forest/types.ts';
import { gatherRows } from '../src/engine/evaluate/heldOut.ts';
import { growTrees } from '../src/engine/forest/grow.ts';
import { screenWeights } from '../src/engine/forest/featureWeights.ts';
import { brierScore, rocAuc } from '../src/engine/evaluate/metrics.ts';
import { tuneOnOutOfBag } from '../src/app/tuneForest.ts';
import { finalShardsAsync } from './finalShards.ts';
import { benchTrainingWorker, warmWorkerFit } from './warmWorker.ts';
import { warmUpTrainingWorker } from '../src/worker/trainingWorker.ts';
import { warmUpTuningSearch } from '../src/app/warmUpSearch.ts';
import { readBenchData } from './data.ts';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const warm = args.includes('--warm');
const runs = Number(flag('--runs') ?? '1');
const positional = args.filter(
  (a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1] === '--runs'),
);
const [dir, seedText] = positional;
const seed = Number(seedText ?? '1');
const d = readBenchData(dir);
const nTrain = d.train.length;
const Xtrain = gatherRows(d.X, d.nRows, d.nFeatures, d.train);
const Xtest = gatherRows(d.X, d.nRows, d.nFeatures, d.test);
const yTrain = Uint8Array.from(d.train, (r) => d.y[r]);
const yTest = Uint8Array.from(d.test, (r) => d.y[r]);
const numeric = new Uint8Array(d.nFeatures);
/** CPU and wall seconds since the process started. */
const clock = (): { cpu: number; wall: number } => {
  const u = process.cpuUsage();
  return { cpu: (u.user + u.system) / 1e6, wall: performance.now() / 1000 };
};
const since = (t: { cpu: number; wall: number }): { cpu: number; wall: number } => {
  const n = clock();
  return { cpu: n.cpu - t.cpu, wall: n.wall - t.wall };
};
const text = (s: { cpu: number; wall: number }): string =>
  `${s.cpu.toFixed(3)}/${s.wall.toFixed(3)}`;

// --warm: the worker warmed up and then fitting, as the app's training worker warms up the very worker it exposes.
const trainer = warm ? benchTrainingWorker() : null;
if (trainer) {
  const w0 = clock();
  await warmUpTrainingWorker(false, trainer);
  process.stdout.write(`warm-up (warmUpTrainingWorker) ${text(since(w0))} s CPU/wall\n`);
  if (!args.includes('--cold-search')) {
    const p0 = clock();
    await warmUpTuningSearch(() => Promise.resolve());
    process.stdout.write(`search warm-up (warmUpTuningSearch) ${text(since(p0))} s CPU/wall\n`);
  }
}

const base: ForestParams = {
  ...DEFAULT_PARAMS,
  nEstimators: 100,
  randomState: seed,
  oobScore: true,
};
for (let run = 1; run <= runs; run++) {
  const timings: { p: ForestParams; cpu: number; wall: number }[] = [];
  const t0 = clock();
  const binned = binFeatures(Xtrain, nTrain, d.nFeatures, numeric);
  // --warm: the table handed to one warm training worker, as the app's pool gives it (bench/warmWorker.ts).
  const worker = trainer ? await warmWorkerFit(binned, yTrain, 2, trainer) : null;
  const bin = since(t0);
  const grow = async (p: ForestParams, first = 0): Promise<TreeShard> => {
    const s0 = clock();
    const shard = worker
      ? await worker.grow(p, first)
      : growTrees(
          binned,
          yTrain,
          2,
          p,
          Array.from({ length: p.nEstimators }, (_, i) => first + i),
        );
    timings.push({ p, ...since(s0) });
    return shard;
  };
  const s0 = clock();
  const featureWeights = worker ? await worker.screen() : screenWeights(binned, yTrain, 2);
  const screen = since(s0);
  const u0 = clock();
  const tuned = await tuneOnOutOfBag(
    { y: yTrain, nClasses: 2, nFeatures: d.nFeatures, featureWeights },
    base,
    async (p, first) => [await grow(p, first)],
  );
  const search = since(u0);
  const growth = timings.reduce((a, t) => ({ cpu: a.cpu + t.cpu, wall: a.wall + t.wall }), {
    cpu: 0,
    wall: 0,
  });
  const final = { ...tuned.params, oobScore: false };
  const f0 = clock();
  const { shards, reused } = await finalShardsAsync(tuned.firstTrees, final, grow);
  const model = assembleForest(shards, final, nTrain, 2, d.nFeatures, yTrain);
  const finalForest = since(f0);
  const total = since(t0);
  process.stdout.write(
    `run ${run}: total ${text(total)} s CPU/wall = bin ${text(bin)} + screen ${text(screen)} + search ${text(search)} ` +
      `(growth ${text(growth)}, own work ${text({ cpu: search.cpu - growth.cpu, wall: search.wall - growth.wall })}; ` +
      `${tuned.report.candidates.length} candidates, ${tuned.report.treesGrown} trees) + final ${text(finalForest)} ` +
      `(${final.nEstimators - reused} trees grown, ${reused} reused)\n`,
  );
  if (run < runs) continue;
  const afresh = assembleForest([await grow(final)], final, nTrain, 2, d.nFeatures, yTrain);
  if (JSON.stringify(model.trees) !== JSON.stringify(afresh.trees)) {
    throw new Error('The forest reusing the search’s trees differs from the forest grown afresh.');
  }
  const p = predictProba(model, Xtest, d.test.length);
  const p1 = Array.from({ length: d.test.length }, (_, i) => p[2 * i + 1]);
  // Refined candidates grow their extra groups later in the search: their seconds are summed by setting.
  for (const c of tuned.report.candidates) {
    const s = timings
      .filter(
        (t) =>
          t.p.oobScore &&
          t.p.minSamplesLeaf === c.minSamplesLeaf &&
          t.p.maxFeatures === c.maxFeatures &&
          t.p.maxDepth === c.maxDepth &&
          (t.p.featureWeights != null) === (c.screened === true),
      )
      .reduce((a, t) => a + t.cpu, 0);
    process.stdout.write(
      `${c.stage.padEnd(8)} leaf ${String(c.minSamplesLeaf).padStart(3)} mtry ${String(c.maxFeatures).padStart(5)} depth ${String(c.maxDepth ?? '-').padStart(2)}${c.screened ? ' screened' : '         '} ` +
        `trees ${String(c.trees).padStart(3)} score ${c.brier.toFixed(5)} gain ${c.gain.toFixed(5)} ± ${c.gainStandardError.toFixed(5)} ${s.toFixed(3)} s CPU\n`,
    );
  }
  process.stdout.write(
    `chose leaf ${tuned.params.minSamplesLeaf} mtry ${String(tuned.report.chosen.maxFeatures)} depth ${String(tuned.params.maxDepth ?? '-')}${tuned.report.chosen.screened ? ' screened' : ''}; ` +
      `test AUC ${rocAuc(yTest, p1).toFixed(4)} Brier ${brierScore(yTest, p, 2).toFixed(4)}\n`,
  );
}
