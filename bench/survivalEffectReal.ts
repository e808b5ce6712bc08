/**
 * Treatment effects on survival at a horizon on real censored cohorts (R's survival package: colon, gbsg, rotterdam;
 * see bench/survival_trials.R), GenoForest's `effect --time --event --horizon` (the CLI, one thread) beside grf's
 * causal_survival_forest on the same patients, horizon and trees, and the unadjusted Kaplan–Meier difference: no truth
 * is known on real data, so this is agreement with the reference and with the trial's plain comparison (the randomised
 * one), not accuracy. Writes bench/SURVIVAL_EFFECT_REAL.md (or --out).
 *
 *   npx tsx bench/survivalEffectReal.ts [--trees 2000] [--seed 1] [--horizon 1826] [--out bench/SURVIVAL_EFFECT_REAL.md]
 *
 * R's grf is looked for by Rscript (R_LIBS as set, e.g. R_LIBS=/path/to/grf/library); without it the grf columns say so.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { correlation, mean, meanAbsDiff, sd } from './agreement.ts';
import { RSCRIPT, rPackageVersion, runChild } from './child.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const Z95 = 1.959963984540054;

const { values } = parseArgs({
  options: {
    trees: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    horizon: { type: 'string', default: '1826' },
    out: { type: 'string', default: path.join(ROOT, 'bench', 'SURVIVAL_EFFECT_REAL.md') },
  },
});
const trees = Number(values.trees);
const seed = Number(values.seed);
const horizon = Number(values.horizon);

interface Cohort {
  name: string;
  about: string;
  randomised: boolean;
}
const COHORTS: Cohort[] = [
  {
    name: 'colon',
    about:
      'colon (Moertel et al. 1990 adjuvant trial, NCCTG): deaths, levamisole + 5-FU vs observation, randomised (the Lev-alone arm left out)',
    randomised: true,
  },
  {
    name: 'gbsg',
    about:
      'gbsg (German Breast Cancer Study Group 2): recurrence-free survival, hormonal therapy vs none (treated as observational)',
    randomised: false,
  },
  {
    name: 'rotterdam',
    about:
      'rotterdam (Rotterdam tumour bank): overall survival, chemotherapy vs none, observational',
    randomised: false,
  },
];

/** One method's figures on one cohort. */
interface Estimate {
  /** The average effect over all patients; null when it was refused (`refused` says why). */
  ate: number | null;
  se: number | null;
  refused?: string;
  /** The overlap-weighted average effect (patients weighted by e(x)(1 − e(x))). */
  ato: number;
  atoSe: number;
  tau: Float64Array;
  tauSe: Float64Array;
  seconds: number;
}

const cacheDir = path.join(ROOT, 'bench', '.cache', 'survival-effect-real');
mkdirSync(cacheDir, { recursive: true });
const grfVersion = rPackageVersion('grf');
const survivalVersion = rPackageVersion('survival');
if (!survivalVersion) throw new Error('R survival was not found by Rscript: it holds the cohorts.');
const loadStart = os.loadavg();
const started = Date.now();

const r = await runChild(
  RSCRIPT,
  ['bench/survival_trials.R', cacheDir, String(trees), String(seed), String(horizon)],
  3600,
);
if (r.code !== 0) throw new Error(`bench/survival_trials.R failed: ${r.stderr}`);
console.log(r.stdout.trim());

const csvRows = (file: string): string[][] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

/** Share of patients whose 95 % interval leaves out zero. */
const clearShare = (e: Estimate): number =>
  Array.from(e.tau).filter((t, i) => Math.abs(t) > Z95 * e.tauSe[i]).length / e.tau.length;

interface OursJson {
  ate: { estimate: number | null; standardError: number | null };
  overlapWeighted: { estimate: number; standardError: number };
  warnings: string[];
  overlap: { min: number; max: number; warning: boolean; extremeShare: number };
  censoring: { dropped: number; known: number; weightMax: number };
  rows: { effect: number; standardError: number }[];
  patients: number;
  treatedCount: number;
}

const f4 = (v: number): string => v.toFixed(4);
const interval = (v: number, se: number): string =>
  `${f4(v)} ± ${f4(se)} [${f4(v - Z95 * se)}, ${f4(v + Z95 * se)}]`;
const pm = (v: number | null, se: number | null): string =>
  v === null || se === null ? 'refused' : Number.isNaN(v) ? 'NaN' : `${f4(v)} ± ${f4(se)}`;
const sections: string[] = [];
const summary: string[] = [];
for (const c of COHORTS) {
  const file = path.join(cacheDir, `${c.name}.csv`);
  const table = csvRows(file);
  const events = table.filter((row) => row.at(-1) === '1').length;
  const args = [
    '--import',
    'tsx',
    'src/cli/main.ts',
    'effect',
    file,
    '--time',
    'time',
    '--event',
    'status',
    '--event-value',
    '1',
    '--horizon',
    String(horizon),
    '--treatment',
    'w',
    '--treated-value',
    '1',
    '--trees',
    String(trees),
    '--seed',
    String(seed),
    '--threads',
    '1',
    '--json',
    ...(c.randomised ? ['--randomised'] : []),
  ];
  const run = await runChild(process.execPath, args, 3600);
  if (run.code !== 0) throw new Error(`effect on ${c.name} failed: ${run.stderr}`);
  const j = JSON.parse(run.stdout) as OursJson;
  const ours: Estimate = {
    ate: j.ate.estimate,
    se: j.ate.standardError,
    refused: j.warnings.find((w) => w.startsWith('The average effect over all patients cannot')),
    ato: j.overlapWeighted.estimate,
    atoSe: j.overlapWeighted.standardError,
    tau: Float64Array.from(j.rows, (row) => row.effect),
    tauSe: Float64Array.from(j.rows, (row) => row.standardError),
    seconds: run.wallSeconds,
  };
  const km = csvRows(path.join(cacheDir, `${c.name}-km.csv`)).map((row) => row.map(Number));
  const kmDiff = km[1][1] - km[0][1];
  const kmSe = Math.hypot(km[0][2], km[1][2]);
  let grf: Estimate | null = null;
  if (grfVersion) {
    const per = csvRows(path.join(cacheDir, `grf-${c.name}.csv`));
    const [est, se, secs, ato, atoSe] = csvRows(
      path.join(cacheDir, `grf-${c.name}-ate.csv`),
    )[0].map(Number);
    grf = {
      ate: est,
      se,
      ato,
      atoSe,
      tau: Float64Array.from(per, (row) => Number(row[0])),
      tauSe: Float64Array.from(per, (row) => Number(row[1])),
      seconds: secs,
    };
  }
  const line = (who: string, e: Estimate): string =>
    `| ${who} | ${e.ate === null || e.se === null ? `refused: ${e.refused ?? 'no estimate'}` : Number.isNaN(e.ate) ? 'NaN (not a number, with a warning that propensities reach 0 or 1)' : interval(e.ate, e.se)} | ${interval(e.ato, e.atoSe)} | ${f4(sd(e.tau))} | ${f4(mean(e.tauSe))} | ${(100 * clearShare(e)).toFixed(1)} % | ${e.seconds.toFixed(1)} |`;
  const out = [
    `## ${c.name}`,
    '',
    `${c.about}. ${table.length} patients (${j.treatedCount} treated), ${events} events; horizon ${horizon} days;`,
    `${j.censoring.dropped} patients censored before it (left out of our fit, predicted; grf keeps them). Our propensities`,
    `${f4(j.overlap.min)}–${f4(j.overlap.max)}${c.randomised ? ' (randomised: the treated share)' : ''}; overlap warning ${j.overlap.warning ? `yes (${(100 * j.overlap.extremeShare).toFixed(1)} % of patients at ≤ 0.01 or ≥ 0.99)` : 'no'}; largest censoring weight ${j.censoring.weightMax.toFixed(2)}.`,
    '',
    '| method | average effect ± SE [95 % interval] | overlap-weighted average ± SE [95 % interval] | SD of per-patient effects | mean per-patient SE | intervals leaving out 0 | seconds |',
    '|---|---|---|---|---|---|---|',
    line('GenoForest `effect` (IPCW, forest)', ours),
    grf
      ? line(`grf ${grfVersion} causal_survival_forest`, grf)
      : '| grf | not run: R grf was not found by Rscript | | | | | |',
    `| Kaplan–Meier difference, unadjusted | ${interval(kmDiff, kmSe)} | | | | | |`,
    '',
  ];
  if (grf) {
    // Compared on the overlap-weighted average: defined for every cohort (ours refuses the plain one without overlap).
    const z = (ours.ato - grf.ato) / Math.hypot(ours.atoSe, grf.atoSe);
    const corr = correlation(ours.tau, grf.tau);
    const mad = meanAbsDiff(ours.tau, grf.tau);
    out.push(
      `Ours against grf: overlap-weighted averages differ by ${f4(ours.ato - grf.ato)} (${z.toFixed(2)} combined standard errors); per patient, correlation ${corr.toFixed(3)}, mean absolute difference ${f4(mad)}.`,
      '',
    );
    summary.push(
      `| ${c.name} | ${pm(ours.ate, ours.se)} | ${pm(grf.ate, grf.se)} | ${pm(ours.ato, ours.atoSe)} | ${pm(grf.ato, grf.atoSe)} | ${pm(kmDiff, kmSe)} | ${z.toFixed(2)} | ${corr.toFixed(3)} | ${f4(mad)} |`,
    );
  }
  sections.push(...out);
  console.log(out.join('\n'));
}

const loadEnd = os.loadavg();
const doc = [
  '# Treatment effects on survival at a horizon: real cohorts against grf',
  '',
  `Made by \`npx tsx bench/survivalEffectReal.ts --trees ${trees} --seed ${seed} --horizon ${horizon}\` on ${new Date(started).toISOString()} (took ${((Date.now() - started) / 60000).toFixed(1)} min); ${os.cpus()[0]?.model ?? 'CPU'}, ${os.cpus().length} logical cores; load average ${loadStart.map((l) => l.toFixed(1)).join(' / ')} at start, ${loadEnd.map((l) => l.toFixed(1)).join(' / ')} at end (a shared machine: seconds move with it).`,
  `Node ${process.version}; R survival ${survivalVersion}${grfVersion ? `; grf ${grfVersion}` : '; grf not found'}.`,
  '',
  "Effects are S(horizon | x, treated) − S(horizon | x, comparison): the difference in the chance of being event-free at the horizon. GenoForest: the CLI's `effect --time --event --horizon` (censoring weights from an out-of-bag survival forest of the censoring times, weighted nuisance and causal forests, one thread, `--randomised` for the trial); grf: causal_survival_forest with target \"survival.probability\", the same horizon, trees and seed, W.hat the treated share for the trial, its defaults otherwise, one thread. Per-patient effects: ours out of bag where the patient's status at the horizon is known, else predicted by forests that never saw the patient; grf's out of bag. grf implements only the plain average for this forest, so its overlap-weighted average is taken from its doubly robust scores weighted by e(x)(1 − e(x)) (patients at exactly 0 or 1 weigh nothing), with the same sandwich standard error. No truth is known on real data: this is agreement, and the randomised trial's unadjusted Kaplan–Meier difference is a check of the average effect that needs no model.",
  '',
];
if (summary.length > 0)
  doc.push(
    '## Summary',
    '',
    '| cohort | ours, all ± SE | grf, all ± SE | ours, overlap-weighted ± SE | grf, overlap-weighted ± SE | Kaplan–Meier difference ± SE | overlap-weighted: (ours − grf) / combined SE | per-patient correlation | per-patient mean absolute difference |',
    '|---|---|---|---|---|---|---|---|---|',
    ...summary,
    '',
  );
doc.push(...sections);
writeFileSync(values.out, doc.join('\n'));
