/**
 * `npm run bench`: GenoForest against scikit-learn, R's ranger (where installed) and ml-random-forest on seeded
 * synthetic genomic tables, each contender in its own child process on the same 75/25 split; writes
 * bench/RESULTS.md from the measured numbers only.
 *
 *   npm run bench -- [--quick] [--sizes 300x50,5000x2000:mixed,20000x500:snp] [--seeds 9] [--cap 300]
 *     [--no-mlrf] [--no-repeat] [--no-extras] [--out file] [--genomes 1000x28000] [--genomes-big] [--genomes-browser] [--no-genomes]
 *     [--no-survival] [--no-genetics] [--only classification|genetics]
 * --only classification: just the forests on the synthetic tables (GenoForest at scikit-learn's defaults and tuned,
 * scikit-learn n_jobs=1, ranger's and XGBoost's random-forest defaults), printed and, with --out, written there;
 * RESULTS.md is left as it is. Extra seeds default to none there (--seeds to ask).
 * --only genetics: just QC, LD pruning and PCA against plink1.9 and importance p-values against ranger (bench/genetics.ts),
 * printed; RESULTS.md is left as it is.
 * A size may name a table kind after a colon (snp-heavy, the default; mixed; snp), see bench/synth.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brierScore, rocAuc } from '../src/engine/evaluate/metrics.ts';
import { pairedAucDifference } from '../src/engine/evaluate/intervals.ts';
import type { ContenderResult } from './contender.ts';
import { writeBenchData } from './data.ts';
import type { ExtrasResult } from './extras.ts';
import { GENOME_OPTIONS, genomeSizes, renderGenomes, runGenomeBench } from './genomes.ts';
import { SYNTH_KINDS, splitTrainTest, synthTable, type SynthKind } from './synth.ts';
import {
  REPEATS,
  REPEAT_UNDER_SECONDS,
  RSCRIPT,
  medianRun,
  rPackageVersion,
  runChild,
} from './child.ts';
import { renderSurvival, runSurvivalBench } from './survival.ts';
import { runGeneticsBench } from './genetics.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, 'bench', '.cache');
const PYTHON = '/usr/bin/python3';
/** A benchmark table: rows × features of one synthetic kind. */
type TableSpec = [rows: number, features: number, kind: SynthKind];
const ALL_SIZES: TableSpec[] = [
  [300, 50, 'snp-heavy'],
  [1000, 200, 'snp-heavy'],
  [2000, 1000, 'snp-heavy'],
  [5000, 2000, 'snp-heavy'],
  [20000, 500, 'snp-heavy'],
  [5000, 2000, 'mixed'],
  [20000, 500, 'mixed'],
  [5000, 2000, 'snp'],
  [20000, 500, 'snp'],
];
/** Table on which the pool also grows as many trees as it can in scikit-learn's (n_jobs=1) 100-tree fit time. */
const BUDGET_SIZE: TableSpec = [5000, 2000, 'snp-heavy'];
/** Table the latency figures (predict one, TreeSHAP one, 5-fold CV) are measured on. */
const EXTRAS_SIZE: TableSpec = [2000, 1000, 'snp-heavy'];
/** Time cap of the latency run (a 500-tree forest and a 5-fold CV; not expected to come near it). */
const EXTRAS_CAP_S = 1800;
/** On tables up to this many cells, GenoForest (1 thread) and scikit-learn (n_jobs=1) are refitted with more
 * seeds (untimed, --seeds, default 9) and their mean test AUC is compared too: one forest's AUC varies by seed. */
const MULTI_SEED_MAX_CELLS = 10_000_000;
const DEFAULT_EXTRA_SEEDS = 9;

type ContenderId =
  | 'genoforest-1'
  | 'genoforest-pool'
  | 'genoforest-pool-budget'
  | 'genoforest-tuned'
  | 'genoforest-tuned-warm'
  | 'ranger-defaults'
  | 'xgboost-rf'
  | 'sklearn-1'
  | 'sklearn-all'
  | 'ranger-1'
  | 'ml-random-forest';

/** The contenders of the classification comparison (issue 19), in the order they are shown. */
const CLASSIFICATION_IDS: ContenderId[] = [
  'genoforest-tuned',
  'genoforest-tuned-warm',
  'genoforest-1',
  'sklearn-1',
  'ranger-defaults',
  'xgboost-rf',
];

/** The outcome of one contender on one size. */
interface Run {
  id: ContenderId;
  label: string;
  status: 'ok' | 'over-cap' | 'failed' | 'skipped' | 'unavailable';
  note?: string;
  result?: ContenderResult;
  auc?: number;
  /** Brier score of the test probabilities (lower is better). */
  brier?: number;
  /** Mean test AUC over the main seed and the extra seeds, when they were run. */
  aucMean?: number;
  aucSeeds?: number;
  wallSeconds?: number;
  /** Fit times of every run when the fit was timed more than once (REPEAT_UNDER_SECONDS); result holds the median's. */
  fitRuns?: number[];
}

interface SizeReport {
  rows: number;
  features: number;
  kind: SynthKind;
  nTrain: number;
  nTest: number;
  positives: number;
  runs: Run[];
  /** Test rows' outcomes, for the paired differences of the classification comparison. */
  yTest?: Uint8Array;
}

/** Cache directory of the n × p table of a kind, where the contenders' child processes read it. */
function dataDir(n: number, p: number, kind: SynthKind): string {
  return path.join(CACHE, kind === 'snp-heavy' ? `${n}x${p}` : `${n}x${p}-${kind}`);
}

/** Generate the seeded synthetic table and its 75/25 train/test split, and write them to dataDir. */
function writeSynthData(
  n: number,
  p: number,
  kind: SynthKind,
): { dir: string; y: Uint8Array; split: { train: Int32Array; test: Int32Array } } {
  const t = synthTable(n, p, 42, kind);
  const split = splitTrainTest(t.y, 0.25, 7);
  const dir = dataDir(n, p, kind);
  writeBenchData(dir, {
    nRows: n,
    nFeatures: p,
    X: t.X,
    y: t.y,
    train: split.train,
    test: split.test,
  });
  return { dir, y: t.y, split };
}

function lastJsonLine<T>(stdout: string): T {
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as T;
}

function sklearnVersions(): { sklearn: string; numpy: string; python: string } | null {
  if (!existsSync(PYTHON)) return null;
  const r = spawnSync(
    PYTHON,
    [
      '-c',
      'import sys, sklearn, numpy; print(sklearn.__version__, numpy.__version__, sys.version.split()[0])',
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) return null;
  const [sklearn, numpy, python] = r.stdout.trim().split(/\s+/);
  return { sklearn, numpy, python };
}

/** XGBoost's version at PYTHON, or null when it is not installed there. */
function xgboostVersion(): string | null {
  if (!existsSync(PYTHON)) return null;
  const r = spawnSync(PYTHON, ['-c', 'import xgboost; print(xgboost.__version__)'], {
    encoding: 'utf8',
  });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Brier score of class-1 probabilities against 0/1 outcomes. */
function brierOf(y: Uint8Array, p1: number[]): number {
  const proba = new Float64Array(2 * p1.length);
  for (let i = 0; i < p1.length; i++) {
    proba[2 * i] = 1 - p1[i];
    proba[2 * i + 1] = p1[i];
  }
  return brierScore(y, proba, 2);
}

function packageVersion(dir: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

function parseSizes(text: string): TableSpec[] {
  return text.split(',').map((s) => {
    const m = /^\s*(\d+)\s*[x×]\s*(\d+)\s*(?::\s*([a-z-]+))?\s*$/.exec(s);
    if (!m) throw new Error(`--sizes: "${s}" is not ROWSxFEATURES[:KIND] (e.g. 1000x200:mixed)`);
    const kind = (m[3] ?? 'snp-heavy') as SynthKind;
    if (!SYNTH_KINDS.includes(kind))
      throw new Error(`--sizes: unknown table kind "${kind}" (${SYNTH_KINDS.join(', ')})`);
    return [Number(m[1]), Number(m[2]), kind];
  });
}

const tableName = (t: { rows: number; features: number; kind: SynthKind }): string =>
  `${t.rows} × ${t.features} ${t.kind}`;

const f2 = (x: number | undefined, d = 2): string =>
  x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d);

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      sizes: { type: 'string' },
      quick: { type: 'boolean' },
      cap: { type: 'string' },
      seed: { type: 'string' },
      seeds: { type: 'string' },
      out: { type: 'string' },
      'no-mlrf': { type: 'boolean' },
      'no-repeat': { type: 'boolean' },
      'no-extras': { type: 'boolean' },
      'no-survival': { type: 'boolean' },
      'no-genetics': { type: 'boolean' },
      only: { type: 'string' },
      ...GENOME_OPTIONS,
    },
  });
  const sizes = values.sizes
    ? parseSizes(values.sizes)
    : values.quick
      ? ALL_SIZES.slice(0, 2)
      : ALL_SIZES;
  if (values.only !== undefined && values.only !== 'classification' && values.only !== 'genetics') {
    throw new Error(
      `--only: "${values.only}" is not a section that runs alone (classification, genetics)`,
    );
  }
  if (values.only === 'genetics') {
    await runGeneticsBench((s) => void process.stdout.write(s + '\n'));
    return;
  }
  const onlyClassification = values.only === 'classification';
  const cap = Number(values.cap ?? 300);
  const extraSeedCount = Number(values.seeds ?? (onlyClassification ? 0 : DEFAULT_EXTRA_SEEDS));
  const seed = Number(values.seed ?? 1);
  const outFile = path.resolve(ROOT, values.out ?? 'bench/RESULTS.md');
  const threads = os.availableParallelism();
  const sk = sklearnVersions();
  const ranger = rPackageVersion('ranger');
  const xgboost = xgboostVersion();
  const loadStart = os.loadavg();
  const started = new Date();
  const log = (s: string): void => void process.stdout.write(s + '\n');
  if (!sk) log(`scikit-learn not available at ${PYTHON} (apt-get install python3-sklearn)`);
  if (!ranger) log(`R's ranger not available (${RSCRIPT}; apt-get install r-cran-ranger)`);
  if (!xgboost) log(`XGBoost not available at ${PYTHON} (apt-get install python3-xgboost)`);

  const reports: SizeReport[] = [];
  /** Sizes on which ml-random-forest was cut at the cap: a size at least as large in both is not retried. */
  const mlrfCut: [number, number][] = [];
  for (const [n, p, kind] of sizes) {
    const { dir, y, split } = writeSynthData(n, p, kind);
    const yTest = Uint8Array.from(split.test, (r) => y[r]);
    const report: SizeReport = {
      rows: n,
      features: p,
      kind,
      nTrain: split.train.length,
      nTest: split.test.length,
      positives: y.reduce((a, b) => a + b, 0),
      runs: [],
      yTest,
    };
    log(`\n${tableName(report)}: ${report.nTrain} train / ${report.nTest} test rows`);
    const tsx = ['--import', 'tsx'];
    const extraSeeds =
      n * p <= MULTI_SEED_MAX_CELLS && extraSeedCount > 0
        ? Array.from({ length: extraSeedCount }, (_, i) => seed + 1 + i).join(',')
        : '';
    // The cap is on the timed fit: a child that also refits the extra seeds (untimed) may run that many caps more,
    // and is cut only when its timed fit passes the cap (checked below).
    const seedCap = extraSeeds === '' ? cap : cap * (1 + extraSeedCount);
    const plan: {
      id: ContenderId;
      label: string;
      cmd: string;
      args: string[];
      cap: number;
      /** Arguments that depend on earlier runs of this size; null: not run. */
      argsAfter?: (runs: Run[]) => string[] | null;
    }[] = [
      {
        id: 'genoforest-1',
        label: 'GenoForest, 1 thread',
        cmd: process.execPath,
        args: [...tsx, 'bench/contender.ts', 'genoforest-1', dir, String(seed), '1', extraSeeds],
        cap: seedCap,
      },
      {
        id: 'genoforest-tuned',
        label: 'GenoForest tuned (default), 1 thread',
        cmd: process.execPath,
        args: [...tsx, 'bench/contender.ts', 'genoforest-tuned', dir, String(seed)],
        cap,
      },
      {
        id: 'genoforest-tuned-warm',
        label: 'GenoForest tuned (default), one warm worker',
        cmd: process.execPath,
        args: [...tsx, 'bench/contender.ts', 'genoforest-tuned-warm', dir, String(seed)],
        cap,
      },
      {
        id: 'genoforest-pool',
        label: `GenoForest, pool of ${threads} workers`,
        cmd: process.execPath,
        args: [...tsx, 'bench/contender.ts', 'genoforest-pool', dir, String(seed), String(threads)],
        cap,
      },
      {
        id: 'sklearn-1',
        label: 'scikit-learn, n_jobs=1',
        cmd: PYTHON,
        args: ['bench/sklearn_contender.py', dir, '1', String(seed), extraSeeds],
        cap: seedCap,
      },
      {
        id: 'sklearn-all',
        label: 'scikit-learn, n_jobs=-1',
        cmd: PYTHON,
        args: ['bench/sklearn_contender.py', dir, '-1', String(seed)],
        cap,
      },
      {
        id: 'ranger-1',
        label: `ranger ${ranger ?? ''}, num.threads=1`,
        cmd: RSCRIPT,
        args: ['bench/ranger_contender.R', dir, '1', String(seed)],
        cap,
      },
      {
        id: 'ranger-defaults',
        label: `ranger ${ranger ?? ''} probability forest, its defaults, num.threads=1`,
        cmd: RSCRIPT,
        args: ['bench/ranger_contender.R', dir, '1', String(seed), 'defaults'],
        cap,
      },
      {
        id: 'xgboost-rf',
        label: `XGBoost ${xgboost ?? ''} XGBRFClassifier, its defaults, n_jobs=1`,
        cmd: PYTHON,
        args: ['bench/sklearn_contender.py', dir, '1', String(seed), '', 'xgbrf'],
        cap,
      },
      ...(n === BUDGET_SIZE[0] && p === BUDGET_SIZE[1] && kind === BUDGET_SIZE[2]
        ? [
            {
              id: 'genoforest-pool-budget' as const,
              label: `GenoForest, pool of ${threads} workers, trees grown in scikit-learn's 100-tree time`,
              cmd: process.execPath,
              args: [],
              cap,
              argsAfter: (runs: Run[]): string[] | null => {
                const sk1 = runs.find((x) => x.id === 'sklearn-1' && x.status === 'ok');
                const budget = sk1?.result?.fitSeconds;
                if (budget === undefined) return null;
                return [
                  ...tsx,
                  'bench/contender.ts',
                  'genoforest-pool-budget',
                  dir,
                  String(seed),
                  String(threads),
                  String(budget),
                ];
              },
            },
          ]
        : []),
      {
        id: 'ml-random-forest',
        label: `ml-random-forest ${packageVersion(path.join(ROOT, 'node_modules', 'ml-random-forest'))}`,
        cmd: process.execPath,
        args: [...tsx, 'bench/contender.ts', 'ml-random-forest', dir, String(seed)],
        cap,
      },
    ];
    for (const c of plan) {
      if (onlyClassification && !CLASSIFICATION_IDS.includes(c.id)) continue;
      const run: Run = { id: c.id, label: c.label, status: 'ok' };
      report.runs.push(run);
      if (c.id.startsWith('sklearn') && !sk) {
        run.status = 'unavailable';
        run.note = `scikit-learn not available at ${PYTHON} (apt-get install python3-sklearn)`;
        continue;
      }
      if (c.id === 'xgboost-rf' && !xgboost) {
        run.status = 'unavailable';
        run.note = `not installed here (XGBoost at ${PYTHON}; apt-get install python3-xgboost)`;
        continue;
      }
      if ((c.id === 'ranger-1' || c.id === 'ranger-defaults') && !ranger) {
        run.status = 'unavailable';
        run.note = `not installed here (${RSCRIPT} with the ranger package; apt-get install r-cran-ranger)`;
        continue;
      }
      if (c.id === 'ml-random-forest') {
        if (values['no-mlrf']) {
          run.status = 'skipped';
          run.note = 'not run (--no-mlrf)';
          continue;
        }
        const smaller = mlrfCut.find(([cn, cp]) => cn <= n && cp <= p);
        if (smaller) {
          run.status = 'over-cap';
          run.note = `over ${cap} s (not run: already over ${cap} s on ${smaller[0]}×${smaller[1]})`;
          log(`  ${c.label}: ${run.note}`);
          continue;
        }
      }
      const args = c.argsAfter ? c.argsAfter(report.runs) : c.args;
      if (!args) {
        run.status = 'skipped';
        run.note = 'not run (needs the scikit-learn n_jobs=1 fit time)';
        continue;
      }
      const out = await runChild(c.cmd, args, c.cap);
      run.wallSeconds = out.wallSeconds;
      const timed =
        out.timedOut || out.code !== 0 ? null : lastJsonLine<ContenderResult>(out.stdout);
      if (out.timedOut || (timed !== null && timed.fitSeconds > cap)) {
        run.status = 'over-cap';
        run.note = `over ${cap} s`;
        if (c.id === 'ml-random-forest') mlrfCut.push([n, p]);
      } else if (out.code !== 0) {
        run.status = 'failed';
        run.note =
          (out.stderr.trim().split('\n')[0] ?? '').slice(0, 200) || `exit code ${out.code}`;
      } else {
        run.result = timed ?? lastJsonLine<ContenderResult>(out.stdout);
        if (!values['no-repeat']) {
          // The same fit again in fresh processes (the same forest: seeded); the median run's times are reported.
          const first = run.result;
          const { median, runs } = await medianRun(
            first,
            (r) => r.fitSeconds,
            async () => {
              const again = await runChild(c.cmd, args, c.cap);
              return again.timedOut || again.code !== 0
                ? null
                : lastJsonLine<ContenderResult>(again.stdout);
            },
          );
          if (runs.length > 1) {
            run.fitRuns = runs.map((r) => r.fitSeconds);
            run.result = { ...median, proba: first.proba, extraProba: first.extraProba };
          }
        }
        run.auc = rocAuc(yTest, run.result.proba);
        run.brier = brierOf(yTest, run.result.proba);
        const extra = run.result.extraProba ?? [];
        if (extra.length > 0) {
          const aucs = [run.auc, ...extra.map((q) => rocAuc(yTest, q))];
          run.aucMean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
          run.aucSeeds = aucs.length;
        }
      }
      log(
        run.status === 'ok'
          ? `  ${c.label}: fit ${f2(run.result?.fitSeconds)} s` +
              (run.fitRuns
                ? ` (median of ${run.fitRuns.length}: ${run.fitRuns.map((t) => t.toFixed(4)).join(', ')} s)`
                : '') +
              `, predict ${f2(run.result?.predictSeconds, 3)} s, ` +
              `peak ${f2(run.result?.peakRssMB, 0)} MiB, AUC ${f2(run.auc, 4)}, Brier ${f2(run.brier, 4)}` +
              (run.result?.tuned
                ? ` (chose leaf ${run.result.tuned.minSamplesLeaf}, ${run.result.tuned.featuresPerSplit} features per split)`
                : '') +
              (run.aucMean !== undefined
                ? ` (mean of ${run.aucSeeds} seeds ${f2(run.aucMean, 4)})`
                : '')
          : `  ${c.label}: ${run.note}`,
      );
    }
    reports.push(report);
  }

  if (onlyClassification) {
    const load = { start: loadStart, end: os.loadavg() };
    const md = renderClassification(reports, { ranger, xgboost, seed, started, threads, load });
    log('\n' + md);
    if (values.out) {
      writeFileSync(outFile, md);
      log(`Wrote ${path.relative(ROOT, outFile)}`);
    }
    return;
  }
  let extras: ExtrasResult | null = null;
  let extrasNote = '';
  if (!values['no-extras']) {
    const [n, p, kind] = EXTRAS_SIZE;
    const dir = dataDir(n, p, kind);
    if (!existsSync(path.join(dir, 'meta.json'))) writeSynthData(n, p, kind);
    log(`\nLatency on ${n} × ${p} (500-tree forest, pool of ${threads})`);
    const out = await runChild(
      process.execPath,
      ['--import', 'tsx', 'bench/extras.ts', dir, String(seed), String(threads)],
      EXTRAS_CAP_S,
    );
    if (out.code === 0) {
      extras = lastJsonLine<ExtrasResult>(out.stdout);
      log(
        `  predict one ${f2(extras.predictOneMs.median, 3)} ms, TreeSHAP one ${f2(extras.shapOneMs.median, 1)} ms, ` +
          `5-fold CV ${f2(extras.cv.seconds)} s; during a CV predict at most ${f2(extras.duringCv.predict.max, 0)} ms, ` +
          `explain at most ${f2(extras.duringCv.explain.max, 0)} ms; cancelled fit's threads ended in ${f2(extras.abort.exitedMs, 0)} ms`,
      );
    } else {
      extrasNote = out.timedOut
        ? `over ${EXTRAS_CAP_S} s`
        : (out.stderr.trim().split('\n')[0] ?? 'failed');
      log(`  failed: ${extrasNote}`);
    }
  }

  const genomes = await runGenomeBench(genomeSizes(values), log, {
    browser: values['genomes-browser'] === true,
  });
  const md = renderMarkdown({
    started,
    finished: new Date(),
    loadStart,
    loadEnd: os.loadavg(),
    threads,
    sk,
    ranger,
    xgboost,
    cap,
    seed,
    extraSeedCount,
    reports,
    extras,
    extrasNote,
  });
  // The survival figures go to their own file (bench/survival.ts also runs alone), linked from RESULTS.md.
  let survivalLink = '';
  if (!values['no-survival']) {
    const survival = await runSurvivalBench(log, { seed, noRepeat: values['no-repeat'] === true });
    const survivalFile = path.join(path.dirname(outFile), 'SURVIVAL.md');
    writeFileSync(survivalFile, renderSurvival(survival));
    log(`\nWrote ${path.relative(ROOT, survivalFile)}`);
    survivalLink = `\n## Survival forests\n\nMeasured in this run; see [SURVIVAL.md](SURVIVAL.md) (GenoForest against R ranger and Cox).\n`;
  }
  let genetics = '';
  if (!values['no-genetics']) {
    const lines = await runGeneticsBench(log);
    genetics = `\n## Genetics\n\n\`\`\`\n${lines.join('\n').trim()}\n\`\`\`\n`;
  }
  writeFileSync(outFile, md + renderGenomes(genomes) + survivalLink + genetics);
  log(`\nWrote ${path.relative(ROOT, outFile)}`);
}

interface RenderInput {
  started: Date;
  finished: Date;
  loadStart: number[];
  loadEnd: number[];
  threads: number;
  sk: { sklearn: string; numpy: string; python: string } | null;
  ranger: string | null;
  xgboost: string | null;
  cap: number;
  seed: number;
  extraSeedCount: number;
  reports: SizeReport[];
  extras: ExtrasResult | null;
  extrasNote: string;
}

/** RESULTS.md from the measured numbers. */
function renderMarkdown(r: RenderInput): string {
  const cpus = os.cpus();
  const L: string[] = [];
  const mlrfVersion = packageVersion(path.join(ROOT, 'node_modules', 'ml-random-forest'));
  L.push('# GenoForest benchmark results', '');
  L.push(
    'Generated by `npm run bench` (bench/run.ts); every number below was measured in that run.',
    '',
  );
  L.push('## Machine and versions', '');
  L.push(
    `- Date: ${r.started.toISOString()} (run took ${((+r.finished - +r.started) / 60000).toFixed(1)} min)`,
  );
  L.push(
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} logical cores (os.availableParallelism() = ${r.threads})`,
  );
  L.push(
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB; OS: ${os.type()} ${os.release()} (${os.arch()})`,
  );
  L.push(
    `- Load average (1/5/15 min) at start ${r.loadStart.map((x) => x.toFixed(2)).join(' / ')}, at end ${r.loadEnd.map((x) => x.toFixed(2)).join(' / ')}` +
      ' — other work on the machine slows every contender.',
  );
  L.push(
    `- Node ${process.version}; genoforest ${packageVersion(ROOT)}; ml-random-forest ${mlrfVersion}`,
  );
  L.push(
    r.sk
      ? `- scikit-learn ${r.sk.sklearn}, numpy ${r.sk.numpy}, Python ${r.sk.python} (${PYTHON})`
      : `- scikit-learn not available at ${PYTHON} (apt-get install python3-sklearn)`,
  );
  L.push(
    r.ranger
      ? `- R ranger ${r.ranger} (${RSCRIPT})`
      : `- R's ranger: NOT installed on this machine (${RSCRIPT} with the ranger package; apt-get install r-cran-ranger), so it is not compared`,
  );
  L.push('');
  L.push('## Method', '');
  L.push(
    '- Data: bench/synth.ts, seed 42, three kinds of table. "snp-heavy": SNP genotypes 0/1/2 (about 80 % of columns,',
    '  minor-allele frequencies 0.02–0.5) and gene-expression values (20 %, full float32 precision); the outcome (about',
    '  40 % positive) from an additive SNP, a dominant SNP, an expression value, a SNP × expression interaction and noise.',
    '  "mixed": half SNPs, half expression values with 3 decimals (thousands of distinct values per column), same outcome',
    '  model. "snp": SNPs only, the outcome from two additive SNPs, a dominant SNP, a SNP × SNP interaction and noise.',
    '  Mostly-SNP tables suit GenoForest: a 0/1/2 column needs 3 of its 255 histogram bins and its split search is exact;',
    '  continuous columns with more than 255 distinct values are cut into 255 quantile bins, where scikit-learn and ranger',
    '  try every distinct value. The mixed tables are there to show that case. Same stratified 75/25 split (seed 7) for every contender.',
    '- Every contender runs in a fresh child process; data loading is not timed. Fit = wall time of fitting 100 trees',
    '  (GenoForest: binning the features included). Predict = probabilities of all test rows.',
    `- A fit under ${REPEAT_UNDER_SECONDS} s (its first run) is timed ${REPEATS} times, each in a fresh process, for every contender`,
    '  alike, and the median run is shown (its fit, CPU and warm-up times; the forest is the same in every run): one run of',
    "  a few tens of milliseconds swings by a fifth either way on this shared machine. The runs' fit times are in the log.",
    "  Peak memory = the child process's maximum resident set size (getrusage maxrss; ranger: VmHWM), data included.",
    '- GenoForest pool, two rows: "warm workers" times the fit on workers started beforehand (as the app keeps its workers',
    '  between fits); "cold start + fit" adds starting the worker threads and loading the engine in them. As in the app,',
    '  the pool bins the raw columns across its workers (binning counted in the fit).',
    '- GenoForest tuned (the app\'s default), two rows: "1 thread" times the tuned fit in a fresh process, which compiles the',
    '  engine (V8) as it fits, as a command-line run does; "one warm worker" first runs the training worker\'s start-up',
    "  warm-up (src/worker/trainingWorker.ts warmUpTrainingWorker) and the page's warm-up of the search",
    '  (src/app/warmUpSearch.ts), untimed (their seconds are in the issue-19 section), as the app runs them before any fit,',
    "  then times the same fit with the table held, screened and grown by the training worker's code (bench/warmWorker.ts).",
    `- On ${BUDGET_SIZE[0]} × ${BUDGET_SIZE[1]} ${BUDGET_SIZE[2]}, one more pool row: after binning, the warm pool grows batches of`,
    "  8 trees per worker (each batch its own random state) until scikit-learn n_jobs=1's 100-tree fit time of that run has",
    "  passed; the trees of batches finished within it are kept (their number in the row) and that forest's test AUC is given.",
    `- GenoForest, scikit-learn and ranger: 100 trees, max_features "sqrt" (ranger mtry = floor(sqrt(p))), no depth limit`,
    `  (ranger min.node.size = 1, probability forest), bootstrap, oob_score off, seed ${r.seed}.`,
    `- ml-random-forest: 100 trees, its other defaults (features drawn once per tree, maxFeatures 1.0); its probability is`,
    '  the fraction of trees voting for the class (hard votes).',
    `- Every contender has the same time cap on its timed fit, ${r.cap} s ("over ${r.cap} s"); a child that also refits the extra`,
    '  seeds (below) may run that many caps longer in all. ml-random-forest is not run on a table at least as',
    '  large in rows and features as one where it was cut (it would be cut again, at the same cap, after as long a wait).',
    "- Ratios are against scikit-learn n_jobs=1 (fit time ratio: below 1 = faster than scikit-learn); ΔAUC = AUC − scikit-learn's.",
    "  With a few hundred test rows one forest's AUC varies by a few hundredths between seeds, so on tables up to",
    `  ${MULTI_SEED_MAX_CELLS.toLocaleString('en')} cells GenoForest (1 thread) and scikit-learn n_jobs=1 are also refitted with ${r.extraSeedCount} more seeds (untimed) and the mean AUCs compared.`,
    '',
  );
  for (const rep of r.reports) {
    const sk1 = rep.runs.find((x) => x.id === 'sklearn-1');
    const skFit = sk1?.status === 'ok' ? sk1.result?.fitSeconds : undefined;
    const skAuc = sk1?.status === 'ok' ? sk1.auc : undefined;
    L.push(`## ${tableName(rep)}`, '');
    L.push(
      `${rep.nTrain} training rows, ${rep.nTest} test rows, ${rep.positives} positives in all.`,
      '',
    );
    const skMean = sk1?.status === 'ok' ? sk1.aucMean : undefined;
    L.push(
      `| contender | fit (s) | fit ÷ sklearn n_jobs=1 | predict test rows (s) | peak memory (MiB) | test AUC | ΔAUC vs sklearn | mean AUC of ${r.extraSeedCount + 1} seeds (Δ) |`,
    );
    L.push('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const run of rep.runs) {
      if (run.status !== 'ok' || !run.result) {
        L.push(`| ${run.label} | ${run.note ?? run.status} | | | | | | |`);
        continue;
      }
      const res = run.result;
      const ratio = skFit !== undefined ? `${f2(res.fitSeconds / skFit)}×` : '–';
      const dAuc =
        skAuc !== undefined && run.auc !== undefined
          ? (run.auc - skAuc >= 0 ? '+' : '') + f2(run.auc - skAuc, 4)
          : '–';
      const mean =
        run.aucMean === undefined
          ? '–'
          : `${f2(run.aucMean, 4)}` +
            (skMean !== undefined
              ? ` (${run.aucMean - skMean >= 0 ? '+' : ''}${f2(run.aucMean - skMean, 4)})`
              : '');
      const label =
        res.treesInBudget !== undefined
          ? `${run.label}: ${res.treesInBudget} trees (warm workers)`
          : res.poolStartSeconds === undefined
            ? run.label
            : `${run.label}, warm workers`;
      L.push(
        `| ${label} | ${f2(res.fitSeconds)} | ${ratio} | ${f2(res.predictSeconds, 3)} | ${f2(res.peakRssMB, 0)} | ${f2(run.auc, 4)} | ${dAuc} | ${mean} |`,
      );
      if (res.poolStartSeconds !== undefined) {
        const cold = res.poolStartSeconds + res.fitSeconds;
        L.push(
          `| ${run.label}, cold start + fit | ${f2(cold)} (${f2(res.poolStartSeconds)} start) | ${skFit !== undefined ? `${f2(cold / skFit)}×` : '–'} | | | | | |`,
        );
      }
    }
    L.push('');
  }

  L.push(
    renderClassification(r.reports, {
      ranger: r.ranger,
      xgboost: r.xgboost,
      seed: r.seed,
      started: r.started,
      threads: r.threads,
      load: { start: r.loadStart, end: r.loadEnd },
    }).replace(/^# /, '## '),
    '',
  );
  const get = (rep: SizeReport | undefined, id: ContenderId): Run | undefined =>
    rep?.runs.find((x) => x.id === id && x.status === 'ok');
  // Issue 21's goal for SNP-only tall tables: one worker ≤ 0.3×, the warm pool ≤ 0.2× scikit-learn's n_jobs=1 fit
  // time, test AUC within 0.01 (of this run's seed; with --seeds, the mean over them).
  const snpLines: string[] = [];
  for (const rep of r.reports) {
    if (rep.kind !== 'snp') continue;
    const s1 = get(rep, 'sklearn-1');
    const g1 = get(rep, 'genoforest-1');
    const pool = get(rep, 'genoforest-pool')?.result;
    const sFit = s1?.result?.fitSeconds;
    if (sFit === undefined || g1?.result === undefined) continue;
    const one = g1.result.fitSeconds / sFit;
    const parts = [`one worker ${f2(one)}× (goal ≤ 0.3×: ${one <= 0.3 ? 'met' : 'not met'})`];
    if (pool) {
      const warm = pool.fitSeconds / sFit;
      parts.push(`pool warm ${f2(warm)}× (goal ≤ 0.2×: ${warm <= 0.2 ? 'met' : 'not met'})`);
    }
    if (g1.auc !== undefined && s1?.auc !== undefined) {
      const useMean = g1.aucMean !== undefined && s1.aucMean !== undefined;
      const d = useMean ? (g1.aucMean as number) - (s1.aucMean as number) : g1.auc - s1.auc;
      parts.push(
        `AUC ${d >= 0 ? '+' : ''}${d.toFixed(4)}${useMean ? ` (mean of ${g1.aucSeeds} seeds)` : ''} (goal within 0.01: ${Math.abs(d) <= 0.01 ? 'met' : 'not met'})`,
      );
    }
    snpLines.push(
      `- ${tableName(rep)} (scikit-learn n_jobs=1 ${f2(sFit)} s): ${parts.join('; ')}.`,
    );
  }
  if (snpLines.length > 0) L.push('## Goal of issue 21 on SNP-only tables', '', ...snpLines, '');
  L.push('## Targets of issue 13', '');
  for (const rep of r.reports) {
    if (!(rep.rows * rep.features >= 10_000_000)) continue;
    const g1 = get(rep, 'genoforest-1')?.result?.fitSeconds;
    const pool = get(rep, 'genoforest-pool')?.result;
    const s1 = get(rep, 'sklearn-1')?.result?.fitSeconds;
    if (s1 === undefined) continue;
    const parts: string[] = [];
    if (g1 !== undefined)
      parts.push(
        `one worker ${f2(g1)} s = ${f2(g1 / s1)}× (target ≤ 0.35×: ${g1 <= 0.35 * s1 ? 'met' : 'not met'})`,
      );
    if (pool?.poolStartSeconds !== undefined) {
      const cold = pool.fitSeconds + pool.poolStartSeconds;
      parts.push(
        `pool warm ${f2(pool.fitSeconds)} s = ${f2(pool.fitSeconds / s1)}×, cold ${f2(cold)} s = ${f2(cold / s1)}× (target ≤ 0.2×: ${pool.fitSeconds <= 0.2 * s1 ? 'met warm' : 'not met'})`,
      );
    }
    L.push(`- ${tableName(rep)} (scikit-learn n_jobs=1 ${f2(s1)} s): ${parts.join('; ')}.`);
    const budget = get(rep, 'genoforest-pool-budget');
    const sk1 = get(rep, 'sklearn-1');
    if (budget?.result?.treesInBudget !== undefined)
      L.push(
        `- ${tableName(rep)}: in scikit-learn's 100-tree fit time (${f2(budget.result.budgetSeconds)} s in that run) the pool of ${r.threads} ` +
          `grows ${budget.result.treesInBudget} trees (binning included; last kept batch done at ${f2(budget.result.fitSeconds)} s), ` +
          `test AUC ${f2(budget.auc, 4)} against scikit-learn's ${f2(sk1?.auc, 4)} with 100 trees.`,
      );
  }
  const aucLines: string[] = [];
  let worstMem = 0;
  for (const rep of r.reports) {
    const skRun = get(rep, 'sklearn-1');
    for (const id of ['genoforest-1', 'genoforest-pool'] as ContenderId[]) {
      const run = get(rep, id);
      if (run?.result) worstMem = Math.max(worstMem, run.result.peakRssMB);
      if (run?.auc !== undefined && skRun?.auc !== undefined && id === 'genoforest-1') {
        const useMean = run.aucMean !== undefined && skRun.aucMean !== undefined;
        const d = useMean
          ? (run.aucMean as number) - (skRun.aucMean as number)
          : run.auc - skRun.auc;
        aucLines.push(
          `${tableName(rep)}: ${d >= 0 ? '+' : ''}${d.toFixed(4)}${useMean ? ` (mean of ${run.aucSeeds} seeds)` : ''}` +
            `${Math.abs(d) <= 0.01 ? '' : ' (outside ±0.01)'}`,
        );
      }
    }
  }
  if (aucLines.length > 0)
    L.push(
      `- Test AUC within 0.01 of scikit-learn's (GenoForest − sklearn): ${aucLines.join('; ')}.`,
    );
  L.push(
    `- Peak memory of GenoForest runs: at most ${f2(worstMem, 0)} MiB — ${worstMem < 1024 ? 'below' : 'above'} 1 GiB.`,
  );
  if (r.extras) {
    L.push(
      `- Predicting one patient with a ${r.extras.nTrees}-tree forest: ${f2(r.extras.predictOneMs.median, 3)} ms (median; first call ${f2(r.extras.predictOneMs.first, 2)} ms) — target < 1 ms ${r.extras.predictOneMs.median < 1 ? 'met' : 'missed'}.`,
      `- TreeSHAP for one patient, ${r.extras.nTrees} trees: ${f2(r.extras.shapOneMs.median, 1)} ms (median) — target < 20 ms ${r.extras.shapOneMs.median < 20 ? 'met' : 'missed'}.`,
    );
  }
  L.push('');

  L.push(`## Interactive steps on ${EXTRAS_SIZE[0]} × ${EXTRAS_SIZE[1]} ${EXTRAS_SIZE[2]}`, '');
  if (r.extras) {
    const e = r.extras;
    L.push('| step | time | target |');
    L.push('|---|---:|---|');
    L.push(
      `| fit a ${e.nTrees}-tree forest (pool of ${r.threads}) | ${f2(e.forestFitSeconds)} s | |`,
    );
    L.push(
      `| predict one patient, ${e.nTrees} trees | ${f2(e.predictOneMs.median, 3)} ms (first call ${f2(e.predictOneMs.first, 2)} ms) | < 1 ms |`,
    );
    L.push(
      `| TreeSHAP for one patient, ${e.nTrees} trees | ${f2(e.shapOneMs.median, 1)} ms (first call ${f2(e.shapOneMs.first, 1)} ms) | < 20 ms |`,
    );
    L.push(
      `| ${e.cv.folds}-fold stratified CV, ${e.cv.trees} trees per fold (pool of ${r.threads}) | ${f2(e.cv.seconds)} s (out-of-fold AUC ${f2(e.cv.auc, 4)}) | |`,
    );
    L.push(`| peak memory of this run | ${f2(e.peakRssMB, 0)} MiB | |`);
    const d = e.duringCv;
    const table = `the app's client on a ${d.rows}-row test table (src/app/testData.ts), ${d.trees} trees`;
    L.push(
      `| predict one patient through ${table}, alone / during a ${d.folds}-fold CV (${f2(d.seconds)} s) | ${f2(d.predictAloneMs, 1)} ms / median ${f2(d.predict.median, 1)} ms, slowest of ${d.predict.count} ${f2(d.predict.max, 0)} ms | not queued behind the CV |`,
    );
    L.push(
      `| explain one patient, same, alone / during the CV | ${f2(d.explainAloneMs, 0)} ms / slowest of ${d.explain.count} ${f2(d.explain.max, 0)} ms | |`,
    );
    L.push(
      `| cancel a ${e.abort.trees}-tree fit at its first tree (pool of ${r.threads}): rejected / every thread ended | ${f2(e.abort.rejectedMs, 1)} ms / ${f2(e.abort.exitedMs, 0)} ms (${e.abort.treesAfterAbort} trees reported after the abort) | |`,
    );
  } else {
    L.push(
      r.extrasNote ? `Not measured: ${r.extrasNote}.` : 'Not measured in this run (--no-extras).',
    );
  }
  L.push('');
  return L.join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

/**
 * The tuned forest's test AUC and Brier score minus the best contender's, each with its standard error over the test
 * patients (paired: the same patients; DeLong's paired variance for the AUC, the per-patient squared-error differences
 * for the Brier score), so a goal missed by less than the test set's noise reads as such.
 */
function pairedText(yTest: Uint8Array | undefined, tuned: Run, byAuc: Run, byBrier: Run): string {
  const p = (run: Run): number[] | undefined => run.result?.proba;
  const t = p(tuned);
  const a = p(byAuc);
  const b = p(byBrier);
  if (!yTest || !t || !a || !b) return '';
  const auc = pairedAucDifference(yTest, t, a);
  const d = t.map((q, i) => (q - yTest[i]) ** 2 - (b[i] - yTest[i]) ** 2);
  const mean = d.reduce((x, v) => x + v, 0) / d.length;
  const se = Math.sqrt(d.reduce((x, v) => x + (v - mean) ** 2, 0) / (d.length - 1) / d.length);
  const sign = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(4)}`;
  return (
    ` Paired over the ${yTest.length} test patients: AUC ${sign(auc.difference)} ± ${auc.se.toFixed(4)} (SE) against ${byAuc.label.split(' ')[0]}, ` +
    `Brier ${sign(mean)} ± ${se.toFixed(4)} against ${byBrier.label.split(' ')[0]}.`
  );
}

/**
 * The defaults compared (issue 19): per table, test AUC, Brier score and fit time (tuning included) of GenoForest
 * tuned and at scikit-learn's defaults, scikit-learn, ranger's and XGBoost's random forests at their defaults; and
 * whether the tuned default reaches the best of ranger and XGBoost-RF (AUC − 0.005, Brier no worse) in at most half
 * scikit-learn's fit time.
 */
function renderClassification(
  reports: SizeReport[],
  r: {
    ranger: string | null;
    xgboost: string | null;
    seed: number;
    started: Date;
    threads: number;
    /** Load averages (1/5/15 min) at the start and the end of the run. */
    load: { start: number[]; end: number[] };
  },
): string {
  const L: string[] = ['# Forests at their defaults: accuracy and fit time (issue 19)', ''];
  L.push(
    `Measured ${r.started.toISOString()} on ${os.cpus()[0]?.model ?? 'unknown CPU'} (${r.threads} logical cores), seed ${r.seed}, one thread each, 100 trees each.`,
    "GenoForest tuned = the app's default: minimum patients per leaf and features per split tuned on out-of-bag patients",
    '(src/engine/forest/tune.ts), then the final forest; its fit time includes binning and tuning. GenoForest and scikit-learn at',
    "scikit-learn's defaults. ranger: probability = TRUE at its defaults (min.node.size 10, mtry floor(sqrt(p)))." +
      (r.ranger ? '' : ' Not installed here (apt-get install r-cran-ranger), so not compared.'),
    'XGBoost: XGBRFClassifier at its defaults (max_depth 6, subsample 0.8, colsample_bynode 0.8).' +
      (r.xgboost ? '' : ' Not installed here (apt-get install python3-xgboost), so not compared.'),
    'Brier score: mean squared error of the test probabilities (lower is better). Same 75/25 split for all.',
    'GenoForest tuned, two rows: "1 thread" in a fresh process, which compiles the engine (V8) while it fits, as a',
    'command-line run does; "one warm worker" after the training worker\'s start-up warm-up (src/worker/trainingWorker.ts',
    "warmUpTrainingWorker, on the worker that then fits: a tuned fit's own calls with fewer candidates, on a small synthetic table), which every worker of the",
    "app runs when it starts, and the page's warm-up of the search's bookkeeping (src/app/warmUpSearch.ts: the search on",
    'made-up out-of-bag sums, in idle slices); their cost (seconds in that row) is paid before any fit, not in it. The same',
    "forest either way. The fit-time goal is judged on the warm worker's fit (the app's case); the cold process's ratio is",
    'given beside it: a command-line run has no warm worker and pays the compilation in its fit.',
    ...(reports.some((rep) => rep.runs.some((x) => x.fitRuns))
      ? [
          `A fit under ${REPEAT_UNDER_SECONDS} s (its first run) is timed ${REPEATS} times, each in a fresh process, for every contender alike, and the median run is shown (the runs' times are in the log).`,
        ]
      : []),
    `Load average (1/5/15 min) at start ${r.load.start.map((x) => x.toFixed(2)).join(' / ')}, at end ${r.load.end.map((x) => x.toFixed(2)).join(' / ')}` +
      ' on a machine shared with other work: contenders ran one after another, at whatever load each met, so fit times and their ratios swing with it.',
    '',
  );
  const goals: string[] = [];
  for (const rep of reports) {
    const runs = CLASSIFICATION_IDS.map((id) => rep.runs.find((x) => x.id === id)).filter(
      (x): x is Run => x !== undefined,
    );
    if (runs.length === 0) continue;
    const skRun = rep.runs.find((x) => x.id === 'sklearn-1' && x.status === 'ok')?.result;
    const sk = skRun?.fitSeconds;
    // CPU seconds too: on a shared machine a fit's wall time also counts the time others held the cores.
    const skCpu = skRun?.fitCpuSeconds;
    L.push(`## ${tableName(rep)}`, '');
    L.push(
      '| contender | fit (s) | fit ÷ sklearn n_jobs=1 | fit CPU (s) | CPU ÷ sklearn | test AUC | Brier | settings chosen |',
    );
    L.push('|---|---:|---:|---:|---:|---:|---:|---|');
    for (const run of runs) {
      if (run.status !== 'ok' || !run.result) {
        L.push(`| ${run.label} | ${run.note ?? run.status} | | | | | | |`);
        continue;
      }
      const t = run.result.tuned;
      const cpuOf = run.result.fitCpuSeconds;
      const w = run.result.warmUpSeconds;
      const warmText =
        w === undefined
          ? ''
          : `; worker and search warm-ups before it ${f2(w)} s (${f2(run.result.warmUpCpuSeconds)} s CPU), not in the fit`;
      L.push(
        `| ${run.label} | ${f2(run.result.fitSeconds)} | ${sk !== undefined ? `${f2(run.result.fitSeconds / sk)}×` : '–'} | ${f2(cpuOf)} | ${skCpu !== undefined && cpuOf !== undefined ? `${f2(cpuOf / skCpu)}×` : '–'} | ${f2(run.auc, 4)} | ${f2(run.brier, 4)} | ${t ? `leaf ${t.minSamplesLeaf}, ${t.featuresPerSplit} features per split${t.screened ? ', screened draws' : ''} (${t.candidates} candidates, ${t.treesGrown} trees)${warmText}` : ''} |`,
      );
    }
    L.push('');
    const ok = (id: ContenderId): Run | undefined =>
      rep.runs.find((x) => x.id === id && x.status === 'ok');
    const tuned = ok('genoforest-tuned');
    const others = [ok('ranger-defaults'), ok('xgboost-rf')].filter(
      (x): x is Run => x?.auc !== undefined && x.brier !== undefined,
    );
    if (!tuned || tuned.auc === undefined || tuned.brier === undefined) continue;
    if (others.length === 0) {
      goals.push(`- ${tableName(rep)}: neither ranger nor XGBoost-RF ran, so not compared.`);
      continue;
    }
    const bestAucRun = others.reduce((a, b) => ((b.auc as number) > (a.auc as number) ? b : a));
    const bestBrierRun = others.reduce((a, b) =>
      (b.brier as number) < (a.brier as number) ? b : a,
    );
    const bestAuc = bestAucRun.auc as number;
    const bestBrier = bestBrierRun.brier as number;
    const aucMet = tuned.auc >= bestAuc - 0.005;
    const brierMet = tuned.brier <= bestBrier;
    // The fit-time goal is judged on one warm worker (as the app fits), the cold process's ratio given beside it.
    const warm = ok('genoforest-tuned-warm');
    const ratios = (run: Run): string => {
      const fit = run.result?.fitSeconds as number;
      const cpu = run.result?.fitCpuSeconds;
      return (
        `${f2(fit / (sk as number))}×` +
        (cpu !== undefined && skCpu !== undefined ? ` (CPU ${f2(cpu / skCpu)}×)` : '')
      );
    };
    const judged = warm ?? tuned;
    const judgedFit = judged.result?.fitSeconds;
    const met = sk !== undefined && judgedFit !== undefined && judgedFit <= 0.5 * sk;
    const timeText =
      sk === undefined || judgedFit === undefined
        ? 'fit time not compared (no scikit-learn run)'
        : warm
          ? `fit on one warm worker ${ratios(warm)} scikit-learn's (≤ 0.5×: ${met ? 'met' : 'not met'}), ` +
            `in a cold process ${ratios(tuned)}` +
            (warm.auc !== tuned.auc
              ? ' (NB: the warm fit gave another AUC: not the same forest)'
              : '')
          : `fit ${ratios(tuned)} scikit-learn's in a cold process (≤ 0.5×: ${met ? 'met' : 'not met'}; no warm-worker run)`;
    const paired = pairedText(rep.yTest, tuned, bestAucRun, bestBrierRun);
    goals.push(
      `- ${tableName(rep)}: tuned AUC ${f2(tuned.auc, 4)} vs best of ranger/XGBoost-RF ${f2(bestAuc, 4)} (≥ −0.005: ${aucMet ? 'met' : 'not met'}); ` +
        `Brier ${f2(tuned.brier, 4)} vs ${f2(bestBrier, 4)} (no worse: ${brierMet ? 'met' : 'not met'}); ${timeText}.` +
        paired,
    );
  }
  if (goals.length > 0) L.push('## Goals of issue 19', '', ...goals, '');
  return L.join('\n');
}
