/**
 * Survival tree growth per tree, one thread, on lung's complete cases: the 5 folds of bench/survival.ts (same
 * planSurvivalCv seed, 500 trees, leaves of 15, ⌊√p⌋ features), fitted `--reps` times in one process. Prints
 * the CPU time (user + system, compiler threads included) of each fold's fit: the first fold holds V8's warm-up
 * (interpreted and baseline code run several times slower until the optimised code is ready), the later ones
 * the warm cost, given as the median µs per tree. Also a digest of every tree's arrays, which must not change
 * when growth only gets faster.
 *
 *   npx tsx bench/survivalPerTree.ts [--reps 6] [--trees 500]
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseCsvText } from '../src/engine/data/parse.ts';
import { inferSchema } from '../src/engine/data/schema.ts';
import { fitSurvivalForest, survivalTrees } from '../src/engine/forest/survivalForest.ts';
import { encodeSurvival } from '../src/engine/survival/survivalData.ts';
import { planSurvivalCv } from '../src/engine/survival/survivalEvaluation.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Seed of the folds, as bench/survival.ts. */
const FOLD_SEED = 7;

const { values } = parseArgs({
  options: { reps: { type: 'string', default: '6' }, trees: { type: 'string', default: '500' } },
});
const reps = Number(values.reps);
const trees = Number(values.trees);

const table = parseCsvText(readFileSync(path.join(ROOT, 'testdata', 'lung.csv'), 'utf8'));
const all = encodeSurvival(table, inferSchema(table), { time: 'time', event: 'event' });
const p = all.nFeatures;
// Complete cases, as ranger needs them in bench/survival.ts.
const rows: number[] = [];
for (let r = 0; r < all.nRows; r++) {
  let complete = true;
  for (let f = 0; f < p; f++) if (Number.isNaN(all.X[f * all.nRows + r])) complete = false;
  if (complete) rows.push(r);
}
const time = Float64Array.from(rows, (r) => all.time[r]);
const event = Uint8Array.from(rows, (r) => all.event[r]);
// Only the outcome decides the folds (stratified by event); the features are cut per fold below.
const plan = planSurvivalCv(
  {
    X: new Float32Array(0),
    nRows: rows.length,
    nFeatures: 0,
    isCategorical: new Uint8Array(0),
    time,
    event,
  },
  5,
  FOLD_SEED,
);
const folds = plan.train.map((train) => {
  const n = train.length;
  const X = new Float32Array(n * p);
  for (let f = 0; f < p; f++) {
    for (let i = 0; i < n; i++) X[f * n + i] = all.X[f * all.nRows + rows[train[i]]];
  }
  return {
    X,
    n,
    time: Float64Array.from(train, (i) => time[i]),
    event: Uint8Array.from(train, (i) => event[i]),
  };
});

const hash = createHash('sha256');
const cpuMs: number[] = [];
for (let rep = 0; rep < reps; rep++) {
  for (const fold of folds) {
    const start = process.cpuUsage();
    const model = fitSurvivalForest(fold.X, fold.n, p, new Uint8Array(p), fold.time, fold.event, {
      nEstimators: trees,
      maxFeatures: Math.max(1, Math.floor(Math.sqrt(p))),
      minSamplesLeaf: 15,
      randomState: 1,
      oobScore: false,
    });
    const used = process.cpuUsage(start);
    cpuMs.push((used.user + used.system) / 1000);
    if (rep > 0) continue;
    for (const tree of survivalTrees(model)) {
      for (const [key, v] of Object.entries(tree).sort(([a], [b]) => a.localeCompare(b))) {
        hash.update(key);
        if (ArrayBuffer.isView(v))
          hash.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
        else hash.update(String(v));
      }
    }
  }
}
const warm = cpuMs.slice(folds.length).sort((a, b) => a - b);
console.log(
  `lung, ${rows.length} complete cases, ${folds.length} folds × ${trees} trees, ${reps} times`,
);
console.log(`fit CPU ms per fold: ${cpuMs.map((c) => c.toFixed(0)).join(' ')}`);
console.log(
  `first 5 folds (as bench/survival.ts): ${cpuMs
    .slice(0, 5)
    .reduce((a, b) => a + b, 0)
    .toFixed(0)} ms CPU`,
);
if (warm.length > 0) {
  console.log(
    `warm: ${((warm[warm.length >> 1] / trees) * 1000).toFixed(1)} µs CPU per tree (median fold)`,
  );
}
console.log(
  `trees digest ${hash.digest('hex').slice(0, 16)}; load average ${process.platform === 'linux' ? readFileSync('/proc/loadavg', 'utf8').split(' ')[0] : 'n/a'}`,
);
