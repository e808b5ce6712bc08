/**
 * A tall cohort through the Node training pool: a seeded synthetic 'mixed' table (bench/synth.ts: half SNP
 * genotypes 0/1/2, half continuous values), `--rows` training patients plus a quarter as many held out, 100 trees
 * grown on a pool of 2 workers, once fully grown (min leaf 1, the default) and once per leaf-size cap. For each:
 * fit time, every worker's peak memory (TrainingPool.memoryUsage), the process's peak RSS, the model's size in memory
 * and saved (forest format version 2, compact, against version 1), held-out AUC and prediction time.
 *
 *   npx tsx bench/tall.ts [--rows 1000000] [--features 50] [--trees 100] [--threads 2] [--leaves 1,5,20]
 *                         [--out bench/TALL.md]
 *
 * Not part of `npm run bench` (minutes and gigabytes at a million rows): run it on its own. Node worker threads live
 * in the main process, so its peak RSS covers the workers too; each worker's own figure is its isolate's v8 heap
 * and off-heap (ArrayBuffer) bytes. Saved sizes are summed tree by tree: a whole fully grown million-row forest is
 * longer than the longest string V8 allows (2^29 - 24 characters), so it could not be written as one JSON text.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { gatherRows } from '../src/engine/evaluate/heldOut.ts';
import { rocAuc } from '../src/engine/evaluate/metrics.ts';
import { treeBytes } from '../src/engine/forest/compact.ts';
import { predictProba } from '../src/engine/forest/predict.ts';
import { serializeForest, serializeForestV1 } from '../src/engine/forest/serialize.ts';
import { DEFAULT_PARAMS, type ForestModel, type Tree } from '../src/engine/forest/types.ts';
import type { WorkerMemory } from '../src/worker/api.ts';
import { createNodePool, trainInPool } from '../src/worker/node.ts';
import { synthTable } from './synth.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const nTrain = Number(arg('rows', '1000000'));
const nFeatures = Number(arg('features', '50'));
const nTrees = Number(arg('trees', '100'));
const threads = Number(arg('threads', '2'));
const leaves = arg('leaves', '1,5,20').split(',').map(Number);
const outFile = arg('out', 'bench/TALL.md');

const MiB = 1024 * 1024;
const mib = (b: number): string => (Number.isFinite(b) ? (b / MiB).toFixed(0) : '–');
const now = (): number => performance.now() / 1000;
const log = (s: string): void => console.error(s);

/** Bytes the tree would hold in the version-1 layout (float64 threshold, weight and impurity decrease). */
function v1TreeBytes(t: Tree): number {
  return treeBytes(t) + t.nodeCount * (4 + 4 + 8) - t.impurityDecrease.byteLength;
}

/** Saved JSON length of the forest, tree by tree (see the file comment), in a format's serializer. */
function savedLength(model: ForestModel, serialize: typeof serializeForest): number {
  const head = JSON.stringify(serialize({ ...model, trees: [] })).length;
  let trees = 0;
  for (const t of model.trees)
    trees +=
      JSON.stringify(serialize({ ...model, trees: [t], oobProba: null }).trees[0]).length + 1;
  return head + trees - 1;
}

interface Run {
  minLeaf: number;
  fitSeconds: number;
  workers: WorkerMemory[];
  nodes: number;
  maxDepthSeen: number;
  memCompact: number;
  memV1: number;
  savedV2: number;
  savedV1: number;
  oobBytes: number;
  auc: number;
  predictMsPer1000: number;
}

function depthOf(t: Tree): number {
  const depth = new Int32Array(t.nodeCount);
  let max = 0;
  for (let i = 0; i < t.nodeCount; i++) {
    if (t.left[i] === -1) continue;
    depth[t.left[i]] = depth[t.right[i]] = depth[i] + 1;
    max = Math.max(max, depth[i] + 1);
  }
  return max;
}

async function main(): Promise<void> {
  const t0 = now();
  const nAll = nTrain + Math.round(nTrain / 4);
  const table = synthTable(nAll, nFeatures, 42, 'mixed');
  // The synthetic rows are independent draws, so the last fifth is as good a held-out set as a shuffled one
  // (splitTrainTest spreads the labels into Math.max, too many arguments at a million rows).
  const split = {
    train: Int32Array.from({ length: nTrain }, (_, i) => i),
    test: Int32Array.from({ length: nAll - nTrain }, (_, i) => nTrain + i),
  };
  const n = split.train.length;
  const X = gatherRows(table.X, nAll, nFeatures, split.train);
  const y = Uint8Array.from(split.train, (r) => table.y[r]);
  const nTest = split.test.length;
  const Xt = gatherRows(table.X, nAll, nFeatures, split.test);
  const yt = Uint8Array.from(split.test, (r) => table.y[r]);
  log(
    `synthesised ${nAll} × ${nFeatures} mixed in ${(now() - t0).toFixed(1)} s; train ${n}, test ${nTest}`,
  );
  const isCategorical = new Uint8Array(nFeatures);
  const runs: Run[] = [];
  for (const minLeaf of leaves) {
    const pool = createNodePool(threads, { idleTimeoutMs: 0 });
    try {
      const params = { ...DEFAULT_PARAMS, nEstimators: nTrees, minSamplesLeaf: minLeaf };
      const f0 = now();
      const model = await trainInPool(
        { X, nRows: n, nFeatures, isCategorical, y, nClasses: 2 },
        params,
        { pool },
      );
      const fitSeconds = now() - f0;
      const workers = await pool.memoryUsage();
      pool.dispose();
      const p0 = now();
      const proba = predictProba(model, Xt, nTest);
      const predictSeconds = now() - p0;
      const scores = new Float64Array(nTest);
      for (let r = 0; r < nTest; r++) scores[r] = proba[2 * r + 1];
      const run: Run = {
        minLeaf,
        fitSeconds,
        workers,
        nodes: model.trees.reduce((s, t) => s + t.nodeCount, 0),
        maxDepthSeen: Math.max(...model.trees.map(depthOf)),
        memCompact: model.trees.reduce((s, t) => s + treeBytes(t), 0),
        memV1: model.trees.reduce((s, t) => s + v1TreeBytes(t), 0),
        savedV2: savedLength(model, serializeForest),
        savedV1: savedLength(model, serializeForestV1),
        oobBytes: model.oobProba ? model.oobProba.byteLength : 0,
        auc: rocAuc(yt, scores),
        predictMsPer1000: (predictSeconds * 1e6) / nTest,
      };
      runs.push(run);
      log(
        `min leaf ${minLeaf}: fit ${fitSeconds.toFixed(1)} s, ${run.nodes} nodes, in memory ${mib(run.memCompact)} MiB ` +
          `(v1 ${mib(run.memV1)}), saved ${mib(run.savedV2)} MiB (v1 ${mib(run.savedV1)}), AUC ${run.auc.toFixed(4)}, ` +
          `workers peak heap ${workers.map((w) => mib(w.peakHeapBytes)).join('/')} MiB, ` +
          `off-heap ${workers.map((w) => mib(w.peakExternalBytes)).join('/')} MiB`,
      );
    } finally {
      pool.dispose();
    }
    // Written after every setting, so a long run that is stopped still leaves what it measured.
    const rssPeak = process.resourceUsage().maxRSS * 1024;
    const mainHeap = getHeapStatistics().used_heap_size;
    writeFileSync(outFile, report(runs, n, nTest, rssPeak, mainHeap, now() - t0));
    log(`wrote ${outFile}`);
  }
}

function report(
  runs: Run[],
  n: number,
  nTest: number,
  rssPeak: number,
  mainHeap: number,
  seconds: number,
): string {
  const lines = [
    `# Tall cohort: ${n.toLocaleString('en')} patients × ${nFeatures} columns`,
    '',
    `Measured by \`npx tsx bench/tall.ts --rows ${nTrain} --features ${nFeatures} --trees ${nTrees} --threads ${threads} --leaves ${leaves.join(',')}\``,
    `on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load average at the end ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        ' ',
      )} (the machine is shared: times are noisy). Synthetic 'mixed' table (bench/synth.ts, half SNPs`,
    `0/1/2, half continuous), ${nTest.toLocaleString('en')} more patients held out; ${nTrees} trees, sklearn's defaults`,
    `(max features sqrt, bootstrap, out-of-bag on), pool of ${threads} Node workers; whole run ${seconds.toFixed(0)} s.`,
    '',
    '| min patients per leaf | fit | nodes | deepest | in memory v2 (v1) | saved v2 (v1) | held-out AUC | predict 1,000 patients |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...runs.map(
      (r) =>
        `| ${r.minLeaf} | ${r.fitSeconds.toFixed(1)} s | ${r.nodes.toLocaleString('en')} | ${r.maxDepthSeen} | ` +
        `${mib(r.memCompact)} MiB (${mib(r.memV1)}) | ${mib(r.savedV2)} MiB (${mib(r.savedV1)}) | ${r.auc.toFixed(4)} | ` +
        `${r.predictMsPer1000.toFixed(1)} ms |`,
    ),
    '',
    'Saved sizes are the trees and the out-of-bag probabilities of the training patients ' +
      `(${mib(runs[0]?.oobBytes ?? 0)} MiB of float64 before base64, in both versions), without the evaluation.`,
    '',
    '## Memory of every training worker (its own isolate, peak over the fit)',
    '',
    '| min leaf | worker | peak JS heap | peak off-heap (ArrayBuffers) | peak typed arrays held | of them shared |',
    '|---:|---:|---:|---:|---:|---:|',
    ...runs.flatMap((r) =>
      r.workers.map(
        (w, i) =>
          `| ${r.minLeaf} | ${i + 1} | ${mib(w.peakHeapBytes)} MiB | ${mib(w.peakExternalBytes)} MiB | ` +
          `${mib(w.peakHeldBytes)} MiB | ${mib(w.sharedBytes)} MiB |`,
      ),
    ),
    '',
    `Peak RSS of the whole process (main thread and worker threads together): ${mib(rssPeak)} MiB; main thread's JS ` +
      `heap at the end: ${mib(mainHeap)} MiB.`,
    '',
  ];
  return lines.join('\n');
}

await main();
