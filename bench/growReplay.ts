/**
 * Steady-state growth of a tuned fit's trees: `npx tsx bench/growReplay.ts <data-dir> [--reps N] [--check]`
 * records the growTrees calls a tuned fit makes (tuneOnOutOfBag as bench/tuneProfile.ts calls it, then the final
 * forest's), then replays those calls N times in this one process; prints CPU and wall µs per tree of each
 * replay after the first. --check prints a digest of every tree and out-of-bag sum of the last replay.
 */
import process from 'node:process';
import { createHash } from 'node:crypto';
import { binFeatures } from '../src/engine/forest/binning.ts';
import { DEFAULT_PARAMS, type ForestParams, type TreeShard } from '../src/engine/forest/types.ts';
import { gatherRows } from '../src/engine/evaluate/heldOut.ts';
import { growTrees } from '../src/engine/forest/grow.ts';
import { screenWeights } from '../src/engine/forest/featureWeights.ts';
import { tuneOnOutOfBag } from '../src/app/tuneForest.ts';
import { finalShards } from './finalShards.ts';
import { readBenchData } from './data.ts';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const reps = Number(flag('--reps') ?? '20');
const check = args.includes('--check');
const dir = args[0];
const d = readBenchData(dir);
const nTrain = d.train.length;
const Xtrain = gatherRows(d.X, d.nRows, d.nFeatures, d.train);
const yTrain = Uint8Array.from(d.train, (r) => d.y[r]);
const numeric = new Uint8Array(d.nFeatures);
const binned = binFeatures(Xtrain, nTrain, d.nFeatures, numeric);
const calls: { p: ForestParams; first: number }[] = [];
const grow = (p: ForestParams, first = 0): TreeShard => {
  calls.push({ p, first });
  return growTrees(
    binned,
    yTrain,
    2,
    p,
    Array.from({ length: p.nEstimators }, (_, i) => first + i),
  );
};
const base: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 100, randomState: 1, oobScore: true };
const featureWeights = screenWeights(binned, yTrain, 2);
const tuned = await tuneOnOutOfBag(
  { y: yTrain, nClasses: 2, nFeatures: d.nFeatures, featureWeights },
  base,
  (p, first) => Promise.resolve([grow(p, first)]),
);
finalShards(tuned.firstTrees, { ...tuned.params, oobScore: false }, grow);
const nTrees = calls.reduce((a, c) => a + c.p.nEstimators, 0);
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e3;
};
const hash = createHash('sha256');
const rows: string[] = [];
for (let rep = 0; rep < reps; rep++) {
  const c0 = cpuNow();
  const w0 = performance.now();
  for (const c of calls) {
    const s = growTrees(
      binned,
      yTrain,
      2,
      c.p,
      Array.from({ length: c.p.nEstimators }, (_, i) => c.first + i),
    );
    if (check && rep === reps - 1) {
      hash.update(JSON.stringify(s.trees));
      if (s.oobSum) hash.update(new Uint8Array(s.oobSum.buffer));
      if (s.oobCount) hash.update(new Uint8Array(s.oobCount.buffer));
    }
  }
  const cpu = cpuNow() - c0;
  const wall = performance.now() - w0;
  if (rep > 0)
    rows.push(`${((cpu * 1000) / nTrees).toFixed(1)}/${((wall * 1000) / nTrees).toFixed(1)}`);
}
process.stdout.write(
  `${dir}: ${calls.length} calls, ${nTrees} trees; µs per tree CPU/wall by replay: ${rows.join(' ')}\n`,
);
const wallSorted = rows.map((r) => Number(r.split('/')[1])).sort((a, b) => a - b);
const cpuSorted = rows.map((r) => Number(r.split('/')[0])).sort((a, b) => a - b);
process.stdout.write(
  `median µs per tree CPU ${cpuSorted[cpuSorted.length >> 1]} wall ${wallSorted[wallSorted.length >> 1]}\n`,
);
if (check) process.stdout.write(`digest ${hash.digest('hex')}\n`);
