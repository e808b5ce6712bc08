/**
 * Where tuning's time goes: `npx tsx bench/tuneProfile.ts <data-dir> [seed]` (a bench/.cache table, e.g.
 * bench/.cache/2000x1000) tunes as the bench's genoforest-tuned contender does, one thread, and prints each
 * candidate's settings, score and seconds, the final forest's seconds (grown afresh, and reusing the chosen setting's
 * trees from the search: the same forest, checked) and the test AUC / Brier. CPU seconds of this process.
 */
import process from 'node:process';
import { binFeatures } from '../src/engine/forest/binning.ts';
import { assembleForest } from '../src/engine/forest/forest.ts';
import { predictProba } from '../src/engine/forest/predict.ts';
import { DEFAULT_PARAMS, type ForestParams, type TreeShard } from '../src/engine/forest/types.ts';
import { gatherRows } from '../src/engine/evaluate/heldOut.ts';
import { growTrees } from '../src/engine/forest/grow.ts';
import { brierScore, rocAuc } from '../src/engine/evaluate/metrics.ts';
import { reusableShards, tuneOnOutOfBag } from '../src/app/tuneForest.ts';
import { readBenchData } from './data.ts';

const [dir, seedText] = process.argv.slice(2);
const seed = Number(seedText ?? '1');
const d = readBenchData(dir);
const nTrain = d.train.length;
const Xtrain = gatherRows(d.X, d.nRows, d.nFeatures, d.train);
const Xtest = gatherRows(d.X, d.nRows, d.nFeatures, d.test);
const yTrain = Uint8Array.from(d.train, (r) => d.y[r]);
const yTest = Uint8Array.from(d.test, (r) => d.y[r]);
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const t0 = cpu();
const binned = binFeatures(Xtrain, nTrain, d.nFeatures, new Uint8Array(d.nFeatures));
const binSeconds = cpu() - t0;
const timings: { leaf: number; mtry: number; depth: number | null; seconds: number }[] = [];
const grow = (p: ForestParams, first = 0): TreeShard => {
  const s0 = cpu();
  const shard = growTrees(
    binned,
    yTrain,
    2,
    p,
    Array.from({ length: p.nEstimators }, (_, i) => first + i),
  );
  if (p.oobScore) {
    timings.push({
      leaf: p.minSamplesLeaf,
      mtry: Number(p.maxFeatures),
      depth: p.maxDepth,
      seconds: cpu() - s0,
    });
  }
  return shard;
};
const base: ForestParams = {
  ...DEFAULT_PARAMS,
  nEstimators: 100,
  randomState: seed,
  oobScore: true,
};
const t1 = cpu();
const tuned = await tuneOnOutOfBag(
  { y: yTrain, nClasses: 2, nFeatures: d.nFeatures },
  base,
  (p, first) => Promise.resolve([grow(p, first)]),
);
const tuneSeconds = cpu() - t1;
const final = { ...tuned.params, oobScore: false };
const t2 = cpu();
const afresh = assembleForest([grow(final)], final, nTrain, 2, d.nFeatures, yTrain);
const finalSeconds = cpu() - t2;
const t3 = cpu();
const reuse = reusableShards(tuned.firstTrees, final.nEstimators);
const rest = final.nEstimators - reuse.firstTree;
const shards = [
  ...reuse.shards,
  ...(rest > 0 ? [grow({ ...final, nEstimators: rest }, reuse.firstTree)] : []),
];
const model = assembleForest(shards, final, nTrain, 2, d.nFeatures, yTrain);
const reusedSeconds = cpu() - t3;
if (JSON.stringify(model.trees) !== JSON.stringify(afresh.trees)) {
  throw new Error('The forest reusing the search’s trees differs from the forest grown afresh.');
}
const p = predictProba(model, Xtest, d.test.length);
const p1 = Array.from({ length: d.test.length }, (_, i) => p[2 * i + 1]);
// Refined candidates grow their extra groups later in the search: their seconds are summed by setting.
for (const c of tuned.report.candidates) {
  const s = timings
    .filter(
      (t) => t.leaf === c.minSamplesLeaf && t.mtry === c.maxFeatures && t.depth === c.maxDepth,
    )
    .reduce((a, t) => a + t.seconds, 0);
  process.stdout.write(
    `${c.stage.padEnd(8)} leaf ${String(c.minSamplesLeaf).padStart(3)} mtry ${String(c.maxFeatures).padStart(5)} depth ${String(c.maxDepth ?? '-').padStart(2)} ` +
      `trees ${String(c.trees).padStart(3)} score ${c.brier.toFixed(5)} gain ${c.gain.toFixed(5)} ± ${c.gainStandardError.toFixed(5)} ${s.toFixed(2)} s\n`,
  );
}
process.stdout.write(
  `bin ${binSeconds.toFixed(2)} s, tuning ${tuneSeconds.toFixed(2)} s (${tuned.report.treesGrown} trees), final ${finalSeconds.toFixed(2)} s afresh, ` +
    `${reusedSeconds.toFixed(2)} s reusing the search's first ${reuse.firstTree} trees (the same forest); ` +
    `chose leaf ${tuned.params.minSamplesLeaf} mtry ${String(tuned.report.chosen.maxFeatures)} depth ${String(tuned.params.maxDepth ?? '-')}; test AUC ${rocAuc(yTest, p1).toFixed(4)} Brier ${brierScore(yTest, p, 2).toFixed(4)}\n`,
);
