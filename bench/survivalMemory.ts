/**
 * Memory and fit time of one survival forest on a CSV, by default with every distinct event time on the grid (the
 * issue's worst case: ranger keeps a cumulative hazard over all of them in every node of every tree). Grown in this
 * process on one thread, or with --threads n on the Node worker pool (worker threads live in this process, so its
 * peak covers them). Prints one JSON line: the RSS before and after the fit and the process's peak resident memory
 * (Linux VmHWM) at the end, which bench/survival.ts reports as the memory row of bench/SURVIVAL.md.
 *
 *   npx tsx bench/survivalMemory.ts --file flchain.csv --time time --event event [--rows 5000] [--trees 500]
 *                                   [--time-points 10000] [--leaf 15] [--threads 1] [--seed 1]
 *                                   [--max-features N]
 */
import { readFileSync } from 'node:fs';
import { inferSchema } from '../src/engine/data/schema.ts';
import { encodeSurvival } from '../src/engine/survival/survivalData.ts';
import { fitSurvivalForest, survivalTreeCount } from '../src/engine/forest/survivalForest.ts';
import { treeBytes } from '../src/engine/forest/compact.ts';
import { readCohort } from '../src/cli/cohortFiles.ts';
import { trainSurvivalInPool } from '../src/worker/node.ts';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && i + 1 < process.argv.length) return process.argv[i + 1];
  if (fallback === undefined) throw new Error(`--${name} is required`);
  return fallback;
}

const load = await readCohort(arg('file'));
const all = encodeSurvival(load.table, inferSchema(load.table), {
  time: arg('time'),
  event: arg('event'),
});
const n = Math.min(all.nRows, Number(arg('rows', '5000')));
const p = all.nFeatures;
const X = new Float32Array(n * p);
for (let f = 0; f < p; f++) X.set(all.X.subarray(f * all.nRows, f * all.nRows + n), f * n);
const time = all.time.subarray(0, n);
const event = all.event.subarray(0, n);
const distinct = new Set(Array.from(time).filter((_, i) => event[i] === 1)).size;
const rssBefore = process.memoryUsage().rss;
const start = performance.now();
const params = {
  nEstimators: Number(arg('trees', '500')),
  maxTimePoints: Number(arg('time-points', '10000')),
  minSamplesLeaf: Number(arg('leaf', '15')),
  randomState: Number(arg('seed', '1')),
  ...(process.argv.includes('--max-features') ? { maxFeatures: Number(arg('max-features')) } : {}),
};
const threads = Number(arg('threads', '1'));
const model =
  threads <= 1
    ? fitSurvivalForest(X, n, p, all.isCategorical, time, event, params)
    : await trainSurvivalInPool(
        { X, nRows: n, nFeatures: p, isCategorical: all.isCategorical, time, event },
        params,
        { threads },
      );
const fitSeconds = (performance.now() - start) / 1000;
const rssAfter = process.memoryUsage().rss;
const mb = (b: number): number => Math.round(b / 2 ** 20);
const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
console.log(
  JSON.stringify({
    rows: n,
    features: p,
    distinctEventTimes: distinct,
    gridPoints: model.timeGrid.length,
    trees: survivalTreeCount(model),
    threads,
    nodes: model.flatTrees.nodeCount,
    treesMB: mb(treeBytes(model.flatTrees)),
    rssBeforeMB: mb(rssBefore),
    rssAfterFitMB: mb(rssAfter),
    peakMB: hwm ? Math.round(Number(hwm[1]) / 1024) : null,
    fitSeconds: Number(fitSeconds.toFixed(2)),
    oobCindex: model.oobCindex,
  }),
);
