/**
 * Treatment effects on survival at a horizon (src/engine/causal/survivalHorizon.ts) on the simulated cohort of
 * src/engine/causal/simulateSurvival.ts (known S(h | x, w); censoring three to four times as heavy in the treated arm
 * and rising with X2): per seed, the AIPW average effect with its interval and whether it covers the truth, and the
 * per-patient effects' RMSE against the true τ(x) and coverage of their 95 % intervals, for
 *   - IPCW (forest): the app's recipe, censoring weights from an out-of-bag survival forest of the censoring times;
 *   - IPCW (Kaplan–Meier per arm);
 *   - complete case: the patients censored before h left out, unweighted (what ignoring censoring gives);
 *   - oracle: every patient's status at h known (no censoring), unweighted;
 *   - grf's causal_survival_forest (target "survival.probability", the same horizon, trees and data) when R has grf.
 * Per-patient figures are over every patient: out of bag where the patient was fitted, else predicted by the forests.
 * Writes bench/SURVIVAL_EFFECT.md (or --out).
 *
 *   npx tsx bench/survivalEffect.ts [--n 2000] [--trees 1000] [--seeds 1,2,3,4,5] [--out bench/SURVIVAL_EFFECT.md]
 *
 * R's grf is looked for by Rscript (R_LIBS as set, e.g. R_LIBS=/path/to/grf/library).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fitEffects, predictEffects, type EffectFit } from '../src/engine/causal/effects.ts';
import {
  simulateSurvivalCohort,
  type SimulatedSurvivalCohort,
} from '../src/engine/causal/simulateSurvival.ts';
import {
  censoringBeforeForest,
  censoringBeforeKaplanMeier,
  censoringWeights,
  horizonOutcome,
} from '../src/engine/causal/survivalHorizon.ts';
import { correlation, mean, meanAbsDiff } from './agreement.ts';
import { RSCRIPT, rPackageVersion, runChild } from './child.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const P = 5;
const Z95 = 1.959963984540054;

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    trees: { type: 'string', default: '1000' },
    seeds: { type: 'string', default: '1,2,3,4,5' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'SURVIVAL_EFFECT.md') },
  },
});
const n = Number(values.n);
const trees = Number(values.trees);
const seeds = values.seeds.split(',').map(Number);

/** One method's figures on one seed. */
interface Row {
  ate: number;
  se: number;
  covers: boolean;
  rmse: number;
  coverage: number;
  seconds: number;
}

/** Per-patient effects (and SE) of every patient: out of bag for rows fitted, predicted for the others. */
function everyPatient(
  fit: EffectFit,
  c: SimulatedSurvivalCohort,
  fitted: Int32Array,
): { tau: Float64Array; se: Float64Array } {
  const all = predictEffects(fit, c.X, c.nRows);
  const tau = Float64Array.from(all.effect);
  const se = Float64Array.from(all.standardError);
  fitted.forEach((r, i) => {
    tau[r] = fit.cohort.effect[i];
    se[r] = fit.cohort.standardError[i];
  });
  return { tau, se };
}

function score(
  c: SimulatedSurvivalCohort,
  tau: Float64Array,
  se: Float64Array,
  ate: number,
  ateSe: number,
  seconds: number,
): Row {
  const truth = c.tau.reduce((s, v) => s + v, 0) / c.nRows;
  let sq = 0;
  let cov = 0;
  for (let i = 0; i < c.nRows; i++) {
    sq += (tau[i] - c.tau[i]) ** 2;
    if (Math.abs(tau[i] - c.tau[i]) <= Z95 * se[i]) cov++;
  }
  return {
    ate,
    se: ateSe,
    covers: Math.abs(ate - truth) <= Z95 * ateSe,
    rmse: Math.sqrt(sq / c.nRows),
    coverage: cov / c.nRows,
    seconds,
  };
}

function subset(c: SimulatedSurvivalCohort, rows: Int32Array): Float32Array {
  const m = rows.length;
  const X = new Float32Array(m * P);
  for (let f = 0; f < P; f++) for (let i = 0; i < m; i++) X[f * m + i] = c.X[f * c.nRows + rows[i]];
  return X;
}

const METHODS = ['IPCW (forest)', 'IPCW (Kaplan–Meier per arm)', 'complete case', 'oracle'];
const results = new Map<string, Row[]>();
const truths: number[] = [];
const dropped: number[] = [];
const maxWeight: number[] = [];
const cat = new Uint8Array(P);
const cacheDir = path.join(ROOT, 'bench', '.cache', 'survival-effect');
mkdirSync(cacheDir, { recursive: true });
const cohorts = new Map<number, SimulatedSurvivalCohort>();
/** Our per-patient effects (IPCW, forest) per seed, to set beside grf's. */
const oursTau = new Map<number, Float64Array>();

for (const seed of seeds) {
  const c = simulateSurvivalCohort(n, P, seed);
  cohorts.set(seed, c);
  truths.push(c.tau.reduce((s, v) => s + v, 0) / n);
  const o = horizonOutcome(c.time, c.event, c.horizon);
  dropped.push(n - o.keep.length);
  const X = subset(c, o.keep);
  const w = Uint8Array.from(o.keep, (r) => c.w[r]);
  const params = { numTrees: trees, randomState: seed };
  const run = async (
    method: string,
    fitIt: () => Promise<{ fit: EffectFit; rows: Int32Array }>,
  ): Promise<void> => {
    const start = performance.now();
    const { fit, rows } = await fitIt();
    const seconds = (performance.now() - start) / 1000;
    const { tau, se } = everyPatient(fit, c, rows);
    if (method === METHODS[0]) oursTau.set(seed, tau);
    const row = score(c, tau, se, fit.ate.estimate, fit.ate.standardError, seconds);
    results.set(method, [...(results.get(method) ?? []), row]);
    console.log(
      `seed ${seed} ${method}: ATE ${row.ate.toFixed(4)} ± ${row.se.toFixed(4)} (truth ${truths.at(-1)!.toFixed(4)}), RMSE ${row.rmse.toFixed(4)}, coverage ${row.coverage.toFixed(3)}, ${seconds.toFixed(1)} s`,
    );
  };
  await run(METHODS[0], async () => {
    const g = censoringBeforeForest(c.X, n, P, cat, c.time, c.event, c.w, o.keep, o.at, {
      nEstimators: 200,
      randomState: seed,
    });
    const cw = censoringWeights(g.value);
    maxWeight.push(cw.max);
    const fit = await fitEffects(X, o.keep.length, P, cat, o.y, w, params, {
      sampleWeights: cw.weights,
    });
    return { fit, rows: o.keep };
  });
  await run(METHODS[1], async () => {
    const g = censoringBeforeKaplanMeier(c.time, c.event, c.w, o.keep, o.at);
    const fit = await fitEffects(X, o.keep.length, P, cat, o.y, w, params, {
      sampleWeights: censoringWeights(g).weights,
    });
    return { fit, rows: o.keep };
  });
  await run(METHODS[2], async () => ({
    fit: await fitEffects(X, o.keep.length, P, cat, o.y, w, params),
    rows: o.keep,
  }));
  await run(METHODS[3], async () => ({
    fit: await fitEffects(
      c.X,
      n,
      P,
      cat,
      Uint8Array.from(c.eventTime, (t) => (t > c.horizon ? 1 : 0)),
      c.w,
      params,
    ),
    rows: Int32Array.from({ length: n }, (_, i) => i),
  }));
  const lines = ['x1,x2,x3,x4,x5,w,time,event,tau'];
  for (let i = 0; i < n; i++) {
    const xs = Array.from({ length: P }, (_, f) => c.X[f * n + i]);
    lines.push([...xs, c.w[i], c.time[i], c.event[i], c.tau[i]].join(','));
  }
  writeFileSync(path.join(cacheDir, `survival-${seed}.csv`), lines.join('\n') + '\n');
}

// grf's causal survival forest on the same cohorts, when R has it.
const grfVersion = rPackageVersion('grf');
const grfRows: Row[] = [];
const agreement: { corr: number; meanAbs: number }[] = [];
if (grfVersion) {
  const r = await runChild(
    RSCRIPT,
    ['bench/grf_survival_effect.R', cacheDir, seeds.join(','), '1', String(trees)],
    3600,
  );
  if (r.code !== 0) throw new Error(`grf failed: ${r.stderr}`);
  for (const seed of seeds) {
    const c = cohorts.get(seed)!;
    const per = readFileSync(path.join(cacheDir, `grf-${seed}.csv`), 'utf8')
      .trim()
      .split('\n');
    const tau = Float64Array.from(per.slice(1), (l) => Number(l.split(',')[0]));
    const se = Float64Array.from(per.slice(1), (l) => Number(l.split(',')[1]));
    const [est, ateSe, secs] = readFileSync(path.join(cacheDir, `grf-${seed}-ate.csv`), 'utf8')
      .trim()
      .split('\n')[1]
      .split(',')
      .map(Number);
    grfRows.push(score(c, tau, se, est, ateSe, secs));
    const ours = oursTau.get(seed)!;
    agreement.push({ corr: correlation(ours, tau), meanAbs: meanAbsDiff(ours, tau) });
  }
  results.set(`grf ${grfVersion} causal_survival_forest`, grfRows);
}

const f4 = (v: number): string => v.toFixed(4);
const out: string[] = [
  '# Treatment effects on survival at a horizon',
  '',
  `Made by \`npx tsx bench/survivalEffect.ts --n ${n} --trees ${trees} --seeds ${seeds.join(',')}\` (one thread).`,
  '',
  `Design (src/engine/causal/simulateSurvival.ts): ${n} patients, ${P} columns N(0, 1); treatment confounded by X2`,
  '(chance 0.2 + 0.6·Φ(X2)); event hazard 0.5·exp(0.6·X2 − W·min(1.2·max(X1, 0), 2.4)); censoring hazard',
  '0.15·exp(0.4·X2 + 1.5·W), follow-up ending at 3; horizon 1. The effect is S(1 | x, treated) − S(1 | x, untreated)',
  `(true average ${f4(mean(truths))} over the seeds). Patients censored before the horizon: ${Math.min(...dropped)}–${Math.max(...dropped)} of ${n};`,
  `largest censoring weight (forest): ${Math.max(...maxWeight).toFixed(2)} (none capped at 20).`,
  '',
  'Per seed, averaged: the AIPW average effect, its bias against the truth, how often its 95 % interval covers the',
  'truth; per patient (all patients: out of bag where fitted, else predicted), RMSE against τ(x) and coverage of the 95 %',
  'intervals; fit seconds (ours: censoring model + nuisance and causal forests, one thread; grf: its own).',
  '',
  '| method | mean ATE | mean bias | ATE interval covers | mean ATE SE | per-patient RMSE | per-patient coverage | seconds |',
  '|---|---|---|---|---|---|---|---|',
];
for (const [method, rows] of results) {
  out.push(
    `| ${method} | ${f4(mean(rows.map((r) => r.ate)))} | ${f4(mean(rows.map((r, i) => r.ate - truths[i])))} | ${rows.filter((r) => r.covers).length}/${rows.length} | ${f4(mean(rows.map((r) => r.se)))} | ${f4(mean(rows.map((r) => r.rmse)))} | ${mean(rows.map((r) => r.coverage)).toFixed(3)} | ${mean(rows.map((r) => r.seconds)).toFixed(1)} |`,
  );
}
if (agreement.length > 0)
  out.push(
    '',
    `Per patient, ours (IPCW, forest) against grf's causal survival forest on the same patients: correlation ${mean(agreement.map((a) => a.corr)).toFixed(3)} (per seed ${agreement.map((a) => a.corr.toFixed(2)).join(', ')}), mean absolute difference ${f4(mean(agreement.map((a) => a.meanAbs)))}.`,
    "grf's forest is not an IPCW forest: it uses doubly robust censoring-adjusted scores (Cui et al. 2023) and keeps the censored patients, so the two agree in what they estimate, not in their arithmetic.",
  );
if (!grfVersion)
  out.push(
    '',
    'R grf was not found by Rscript: its row is missing (set R_LIBS to a library holding grf).',
  );
out.push('');
writeFileSync(values.out, out.join('\n'));
console.log(out.join('\n'));
