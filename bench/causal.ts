/**
 * Causal forest on grf-style simulated cohorts (src/engine/causal/simulate.ts): per design and seed, the
 * coverage of the per-patient 95 % intervals (out of bag on the cohort, and on 1,000 fresh patients), the
 * error of the fresh patients' effects against a T-learner of two GenoForest forests (500 trees each;
 * scikit-learn's defaults, and leaves of 20), whether the average effect's interval covers the truth, the
 * overlap warning, the calibration test's verdict, and the fit's CPU seconds in one thread — or, with --threads N
 * (N > 1), the fit's wall seconds with every tree grown on a Node pool of N workers (the same figures otherwise).
 *
 *   npx tsx bench/causal.ts [--n 2000] [--trees 2000] [--seeds 1,2,3] [--designs heterogeneous,constant,poorOverlap,randomised] [--threads 2]
 *     [--ll-variables 1 --ll-lambda 0.1] [--no-tlearner]
 *
 * --ll-variables K applies the local linear correction (src/engine/causal/localLinear.ts) on the K columns the effect
 * forest splits on most (default 1, λ 0.1: the app's and the CLI's default; 0 for the forest's own estimates); --no-tlearner skips the T-learners (their ratios print as —), for quicker runs: the
 * T-learners do not depend on the causal forest, so a run without them can borrow their RMSE from one with them.
 *
 * With --export DIR it fits nothing and writes every design and seed's cohort and fresh patients as CSV
 * (DIR/<design>-<seed>-{train,test}.csv: x1..x10, w, y, tau), for grf itself (bench/grf_causal.R) on the same data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fitEffects, predictEffects } from '../src/engine/causal/effects.ts';
import {
  simulateCohort,
  type Design,
  type SimulatedCohort,
} from '../src/engine/causal/simulate.ts';
import { fitForest } from '../src/engine/forest/forest.ts';
import { predictProba } from '../src/engine/forest/predict.ts';
import { createNodePool } from '../src/worker/node.ts';
import { poolEffectGrowers } from '../src/worker/pool.ts';

const P = 10;
const TEST_ROWS = 1000;

function tLearnerRmse(
  c: SimulatedCohort,
  test: SimulatedCohort,
  leaf: number,
  seed: number,
): number {
  const probs = [0, 1].map((arm) => {
    const keep: number[] = [];
    for (let i = 0; i < c.nRows; i++) if (c.w[i] === arm) keep.push(i);
    const X = new Float32Array(keep.length * P);
    for (let f = 0; f < P; f++)
      for (let i = 0; i < keep.length; i++) X[f * keep.length + i] = c.X[f * c.nRows + keep[i]];
    const y = Uint8Array.from(keep, (i) => c.y[i]);
    const m = fitForest(X, keep.length, P, new Uint8Array(P), y, 2, {
      nEstimators: 500,
      minSamplesLeaf: leaf,
      randomState: seed,
    });
    return predictProba(m, test.X, test.nRows);
  });
  let s = 0;
  for (let i = 0; i < test.nRows; i++)
    s += (probs[1][i * 2 + 1] - probs[0][i * 2 + 1] - test.tau[i]) ** 2;
  return Math.sqrt(s / test.nRows);
}

/** A cohort as CSV: the columns, then the arm, the outcome and the true effect. */
function cohortCsv(c: SimulatedCohort): string {
  const head = [...Array.from({ length: P }, (_, f) => `x${f + 1}`), 'w', 'y', 'tau'].join(',');
  const lines = [head];
  for (let r = 0; r < c.nRows; r++) {
    const xs = Array.from({ length: P }, (_, f) => String(c.X[f * c.nRows + r]));
    lines.push([...xs, c.w[r], c.y[r], c.tau[r]].join(','));
  }
  return lines.join('\n') + '\n';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      n: { type: 'string', default: '2000' },
      trees: { type: 'string', default: '2000' },
      seeds: { type: 'string', default: '1,2,3' },
      designs: { type: 'string', default: 'heterogeneous,constant,poorOverlap,randomised' },
      threads: { type: 'string', default: '1' },
      export: { type: 'string' },
      // Local linear correction on this many columns (0: none, the forest's own) with this ridge penalty; 1 and 0.1
      // are the app's and the CLI's default.
      'll-variables': { type: 'string', default: '1' },
      'll-lambda': { type: 'string', default: '0.1' },
      // Skip the T-learners (their ratios print as —): for quick exploration runs.
      'no-tlearner': { type: 'boolean', default: false },
    },
  });
  if (values.export) {
    const dir = values.export;
    mkdirSync(dir, { recursive: true });
    for (const design of values.designs.split(',') as Design[])
      for (const seed of values.seeds.split(',').map(Number)) {
        // The same cohorts and fresh patients as the fits below.
        writeFileSync(
          join(dir, `${design}-${seed}-train.csv`),
          cohortCsv(simulateCohort(design, Number(values.n), P, seed)),
        );
        writeFileSync(
          join(dir, `${design}-${seed}-test.csv`),
          cohortCsv(simulateCohort(design, TEST_ROWS, P, seed + 1000)),
        );
      }
    return;
  }
  const threads = Number(values.threads);
  const pool = threads > 1 ? createNodePool(threads, { idleTimeoutMs: 0 }) : null;
  const growers = pool ? poolEffectGrowers(pool) : undefined;
  const n = Number(values.n);
  const trees = Number(values.trees);
  const seeds = values.seeds.split(',').map(Number);
  const designs = values.designs.split(',') as Design[];
  const f3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '—');
  console.log(
    `Causal forest, n = ${n}, p = ${P}, ${trees} trees; fresh patients: ${TEST_ROWS}; ${pool ? `trees on a pool of ${threads} workers, wall seconds` : 'one thread, CPU seconds'}\n`,
  );
  console.log(
    `| design | seed | coverage (OOB) | coverage (fresh) | RMSE | ÷ T-learner (leaf 1) | ÷ T-learner (leaf 20) | ATE ± SE | truth | covers | overlap warning | differential (p) | ${pool ? 'wall s' : 'CPU s'} |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const design of designs) {
    for (const seed of seeds) {
      const c = simulateCohort(design, n, P, seed);
      const cpu0 = process.cpuUsage().user;
      const wall0 = performance.now();
      const fit = await fitEffects(
        c.X,
        n,
        P,
        new Uint8Array(P),
        c.y,
        c.w,
        { numTrees: trees, randomState: seed },
        {
          growers,
          localLinear:
            Number(values['ll-variables']) > 0
              ? { variables: Number(values['ll-variables']), lambda: Number(values['ll-lambda']) }
              : undefined,
        },
      );
      const cpu = pool
        ? (performance.now() - wall0) / 1000
        : (process.cpuUsage().user - cpu0) / 1e6;
      let cov = 0;
      for (let i = 0; i < n; i++)
        if (fit.cohort.lower[i] <= c.tau[i] && c.tau[i] <= fit.cohort.upper[i]) cov++;
      const truth = c.tau.reduce((a, b) => a + b, 0) / n;
      const test = simulateCohort(design, TEST_ROWS, P, seed + 1000);
      const pe = predictEffects(fit, test.X, TEST_ROWS);
      let tc = 0;
      let e2 = 0;
      for (let i = 0; i < TEST_ROWS; i++) {
        if (pe.lower[i] <= test.tau[i] && test.tau[i] <= pe.upper[i]) tc++;
        e2 += (pe.effect[i] - test.tau[i]) ** 2;
      }
      const rmse = Math.sqrt(e2 / TEST_ROWS);
      const covers = fit.ate.lower <= truth && truth <= fit.ate.upper;
      console.log(
        `| ${design} | ${seed} | ${f3(cov / n)} | ${f3(tc / TEST_ROWS)} | ${f3(rmse)} | ${f3(values['no-tlearner'] ? NaN : rmse / tLearnerRmse(c, test, 1, seed))} | ${f3(values['no-tlearner'] ? NaN : rmse / tLearnerRmse(c, test, 20, seed))} | ${f3(fit.ate.estimate)} ± ${f3(fit.ate.standardError)} | ${f3(truth)} | ${Number.isFinite(fit.ate.estimate) ? (covers ? 'yes' : 'no') : 'not estimable'} | ${fit.overlap.warning ? `yes (${(fit.overlap.extremeShare * 100).toFixed(1)} %)` : 'no'} | ${fit.calibration.differential.toFixed(2)} (${fit.calibration.differentialP.toPrecision(2)}) | ${cpu.toFixed(1)} |`,
      );
    }
  }
  pool?.dispose();
}

await main();
