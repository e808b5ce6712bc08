/**
 * The tuned fit's screened forests on an SNP-only benchmark table (a bench/.cache table, e.g. bench/.cache/5000x2000-snp)
 * grown in one thread, for A/B runs of the packed path's weighted draws and larger leaves in fresh processes:
 *   node --import tsx bench/snpScreened.ts <data-dir> [leaf=20] [trees=100] [rounds=3]
 * Bins the training rows, screens them as the tuned contender does (screenWeights), then grows `trees` trees with the
 * screened draw weights at minSamplesLeaf `leaf` (the tuned search's usual choice on these tables), `rounds` times;
 * prints the CPU seconds of each growth (this process, all threads), the load average and a checksum of the trees
 * (equal checksums: the same forest).
 */
import process from 'node:process';
import { loadavg } from 'node:os';
import { createHash } from 'node:crypto';
import { binFeatures } from '../src/engine/forest/binning.ts';
import { growTrees } from '../src/engine/forest/grow.ts';
import { screenWeights } from '../src/engine/forest/featureWeights.ts';
import { DEFAULT_PARAMS } from '../src/engine/forest/types.ts';
import { gatherRows } from '../src/engine/evaluate/heldOut.ts';
import { readBenchData } from './data.ts';

const [dir, leafText, treesText, roundsText] = process.argv.slice(2);
const d = readBenchData(dir);
const nTrain = d.train.length;
const X = gatherRows(d.X, d.nRows, d.nFeatures, d.train);
const y = Uint8Array.from(d.train, (r) => d.y[r]);
const binned = binFeatures(X, nTrain, d.nFeatures, new Uint8Array(d.nFeatures));
const featureWeights = screenWeights(binned, y, 2);
const nTrees = Number(treesText ?? 100);
const params = {
  ...DEFAULT_PARAMS,
  nEstimators: nTrees,
  randomState: 1,
  minSamplesLeaf: Number(leafText ?? 20),
  featureWeights,
};
const trees = Array.from({ length: nTrees }, (_, i) => i);
const seconds: string[] = [];
let sum = '';
for (let round = 0; round < Number(roundsText ?? 3); round++) {
  const c0 = process.cpuUsage();
  const shard = growTrees(binned, y, 2, params, trees);
  const c = process.cpuUsage(c0);
  seconds.push(((c.user + c.system) / 1e6).toFixed(3));
  const h = createHash('sha256');
  for (const t of shard.trees)
    for (const a of [t.feature, t.threshold, t.left, t.value])
      h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  sum = h.digest('hex').slice(0, 12);
}
console.log(
  `${dir} leaf ${params.minSamplesLeaf}: growth CPU s ${seconds.join(' ')}, load ${loadavg()[0].toFixed(2)}, trees ${sum}`,
);
