/**
 * One-thread fit of GenoForest on an SNP-only benchmark table (the data and split of bench/run.ts), with the packed
 * scan's WebAssembly kernel on or off (packedKernel.ts), for interleaved A/B runs, each in a fresh process:
 *   node --import tsx bench/snpKernel.ts <rows>x<features> <wasm|js> [trees=100]
 * Prints the fit's wall and CPU seconds (binning and growth, as the benchmark's fit), the load average, the test
 * AUC and a checksum of the trees (equal checksums: the same forest).
 */
import process from 'node:process';
import { loadavg } from 'node:os';
import { fitForest } from '../src/engine/forest/forest.ts';
import { setPackedKernelEnabled } from '../src/engine/forest/packedKernel.ts';
import { predictProba } from '../src/engine/forest/predict.ts';
import { DEFAULT_PARAMS } from '../src/engine/forest/types.ts';
import { gatherRows } from '../src/engine/evaluate/heldOut.ts';
import { rocAuc } from '../src/engine/evaluate/metrics.ts';
import { splitTrainTest, synthTable } from './synth.ts';

const [size, mode, treesText] = process.argv.slice(2);
const [n, p] = (size ?? '5000x2000').split('x').map(Number);
if (mode !== 'wasm' && mode !== 'js') throw new Error('mode: wasm or js');
setPackedKernelEnabled(mode === 'wasm');
const nTrees = Number(treesText ?? 100);
const t = synthTable(n, p, 42, 'snp');
const split = splitTrainTest(t.y, 0.25, 7);
const Xtr = gatherRows(t.X, n, p, split.train);
const Xte = gatherRows(t.X, n, p, split.test);
const ytr = Uint8Array.from(split.train, (r) => t.y[r]);
const yte = Uint8Array.from(split.test, (r) => t.y[r]);
const params = { ...DEFAULT_PARAMS, nEstimators: nTrees, randomState: 1, oobScore: false };
const load = loadavg();
const c0 = process.cpuUsage();
const w0 = performance.now();
const model = fitForest(Xtr, split.train.length, p, new Uint8Array(p), ytr, 2, params);
const wall = (performance.now() - w0) / 1000;
const c = process.cpuUsage(c0);
const proba = predictProba(model, Xte, split.test.length);
const auc = rocAuc(
  yte,
  Array.from({ length: split.test.length }, (_, i) => proba[i * 2 + 1]),
);
let sum = 0;
for (const tree of model.trees) {
  for (let i = 0; i < tree.nodeCount; i++) {
    sum = (sum * 31 + tree.feature[i] + 7 * tree.threshold[i] + 13 * tree.value[i * 2]) % 1e9;
  }
}
process.stdout.write(
  JSON.stringify({
    size,
    mode,
    wallS: +wall.toFixed(3),
    cpuS: +((c.user + c.system) / 1e6).toFixed(3),
    load: load.map((x) => +x.toFixed(2)),
    auc: +auc.toFixed(4),
    checksum: sum,
  }) + '\n',
);
