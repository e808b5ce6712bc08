/**
 * Quick one-thread timing of GenoForest on a synthetic table, for profiling (`node --cpu-prof`) and A/B runs:
 *   node --import tsx bench/profile.ts <rows>x<features> [kind=snp-heavy|mixed|snp] [trees=100] [seed=1]
 * Prints binning and growth seconds, test AUC and the model's node count.
 */
import process from 'node:process';
import { binFeatures } from '../src/engine/forest/binning.ts';
import { growTrees } from '../src/engine/forest/grow.ts';
import { assembleForest } from '../src/engine/forest/forest.ts';
import { predictProba } from '../src/engine/forest/predict.ts';
import { DEFAULT_PARAMS } from '../src/engine/forest/types.ts';
import { gatherRows } from '../src/engine/evaluate/heldOut.ts';
import { rocAuc } from '../src/engine/evaluate/metrics.ts';
import { splitTrainTest, synthTable, type SynthKind } from './synth.ts';

const [size, kindText, treesText, seedText] = process.argv.slice(2);
const [n, p] = (size ?? '5000x2000').split('x').map(Number);
const kind = (kindText ?? 'snp-heavy') as SynthKind;
const nTrees = Number(treesText ?? 100);
const seed = Number(seedText ?? 1);
const t = synthTable(n, p, 42, kind);
const split = splitTrainTest(t.y, 0.25, 7);
const Xtr = gatherRows(t.X, n, p, split.train);
const Xte = gatherRows(t.X, n, p, split.test);
const ytr = Uint8Array.from(split.train, (r) => t.y[r]);
const yte = Uint8Array.from(split.test, (r) => t.y[r]);
const params = { ...DEFAULT_PARAMS, nEstimators: nTrees, randomState: seed, oobScore: false };
const t0 = performance.now();
const binned = binFeatures(Xtr, split.train.length, p, new Uint8Array(p));
const t1 = performance.now();
const shard = growTrees(
  binned,
  ytr,
  2,
  params,
  Array.from({ length: nTrees }, (_, i) => i),
);
const t2 = performance.now();
const model = assembleForest([shard], params, split.train.length, 2, p);
const proba = predictProba(model, Xte, split.test.length);
const auc = rocAuc(
  yte,
  Array.from({ length: split.test.length }, (_, i) => proba[i * 2 + 1]),
);
const nodes = model.trees.reduce((a, tr) => a + tr.nodeCount, 0);
process.stdout.write(
  JSON.stringify({
    size,
    kind,
    binS: +((t1 - t0) / 1000).toFixed(3),
    growS: +((t2 - t1) / 1000).toFixed(3),
    auc: +auc.toFixed(4),
    nodes,
  }) + '\n',
);
