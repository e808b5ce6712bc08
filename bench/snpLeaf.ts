/**
 * Growth time of one thread on an SNP-only table at several minimum leaf sizes (issue 19: the packed SNP path
 * at any minSamplesLeaf), for A/B runs against a copy of the engine:
 *   npx tsx bench/snpLeaf.ts [rows]x[features] [trees=10] [leaves=1,5,10,20] [engineDir=../src/engine] [missing=0]
 * missing: the share of cells made missing (seeded), as real genotype calls are.
 * Prints ms per tree (wall and CPU, the faster of two passes after a warm-up tree), the node count and a checksum
 * of the trees per leaf size.
 */
import process from 'node:process';
import { synthTable } from './synth.ts';

const [size, treesText, leavesText, engineDir, missingText] = process.argv.slice(2);
const [n, p] = (size ?? '5000x2000').split('x').map(Number);
const nTrees = Number(treesText ?? 10);
const leaves = (leavesText ?? '1,5,10,20').split(',').map(Number);
const dir = engineDir ?? '../src/engine';
const { binFeatures } = (await import(
  `${dir}/forest/binning.ts`
)) as typeof import('../src/engine/forest/binning.ts');
const { growTrees } = (await import(
  `${dir}/forest/grow.ts`
)) as typeof import('../src/engine/forest/grow.ts');
const { DEFAULT_PARAMS } = (await import(
  `${dir}/forest/types.ts`
)) as typeof import('../src/engine/forest/types.ts');
const t = synthTable(n, p, 42, 'snp');
const missing = Number(missingText ?? 0);
if (missing > 0) {
  let seed = 12345;
  for (let i = 0; i < t.X.length; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    if (seed / 2 ** 32 < missing) t.X[i] = NaN;
  }
}
const binned = binFeatures(t.X, n, p, new Uint8Array(p));
const trees = Array.from({ length: nTrees }, (_, i) => i);
for (const leaf of leaves) {
  const params = {
    ...DEFAULT_PARAMS,
    nEstimators: nTrees,
    randomState: 1,
    oobScore: false,
    minSamplesLeaf: leaf,
  };
  // One tree first (compiles the hot loops), then the trees twice: the faster pass is kept, in wall and CPU time
  // (CPU time is steadier on a shared machine).
  growTrees(binned, t.y, 2, params, [nTrees]);
  let ms = Infinity;
  let cpuMs = Infinity;
  let shard = growTrees(binned, t.y, 2, params, []);
  for (let pass = 0; pass < 2; pass++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    shard = growTrees(binned, t.y, 2, params, trees);
    const c = process.cpuUsage(c0);
    ms = Math.min(ms, (performance.now() - t0) / nTrees);
    cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000 / nTrees);
  }
  const nodes = shard.trees.reduce((a, tr) => a + tr.nodeCount, 0);
  // A checksum of every split (feature, threshold, missing side) and leaf weight, to tell identical trees.
  let hash = 0;
  for (const tr of shard.trees) {
    for (let i = 0; i < tr.nodeCount; i++) {
      const h = tr.feature[i] * 31 + tr.threshold[i] * 7 + tr.missingLeft[i] + tr.weight[i] * 3;
      hash = (Math.imul(hash, 1000003) + Math.round(h * 1024)) | 0;
    }
  }
  process.stdout.write(
    JSON.stringify({
      engine: dir,
      leaf,
      msPerTree: +ms.toFixed(1),
      cpuMsPerTree: +cpuMs.toFixed(2),
      nodes,
      hash,
    }) + '\n',
  );
}
