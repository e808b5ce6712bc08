/**
 * `npm run bench`: GenoForest against ml-random-forest and scikit-learn on seeded synthetic genomic tables,
 * each contender in its own child process on the same 75/25 split; writes bench/RESULTS.md from the measured
 * numbers only.
 *
 *   npm run bench -- [--quick] [--sizes 300x50,1000x200] [--cap 120] [--no-mlrf] [--no-extras] [--out file]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rocAuc } from '../src/engine/evaluate/metrics.ts';
import type { ContenderResult } from './contender.ts';
import { writeBenchData } from './data.ts';
import type { ExtrasResult } from './extras.ts';
import { splitTrainTest, synthTable } from './synth.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, 'bench', '.cache');
const PYTHON = '/usr/bin/python3';
const ALL_SIZES: [number, number][] = [
  [300, 50],
  [1000, 200],
  [2000, 1000],
  [5000, 2000],
  [20000, 500],
];
/** Table the latency figures (predict one, TreeSHAP one, 5-fold CV) are measured on. */
const EXTRAS_SIZE: [number, number] = [2000, 1000];
/** Time cap of GenoForest and scikit-learn runs (they are not expected to come near it). */
const GENEROUS_CAP_S = 1800;
/** On tables up to this many cells, GenoForest (1 thread) and scikit-learn (n_jobs=1) are refitted with 4 more
 * seeds (untimed) and their mean test AUC is compared too: on small tables one forest's AUC varies a lot by seed. */
const MULTI_SEED_MAX_CELLS = 10_000_000;
const EXTRA_SEEDS = 9;

type ContenderId =
  'genoforest-1' | 'genoforest-pool' | 'sklearn-1' | 'sklearn-all' | 'ml-random-forest';

/** The outcome of one contender on one size. */
interface Run {
  id: ContenderId;
  label: string;
  status: 'ok' | 'over-cap' | 'failed' | 'skipped' | 'unavailable';
  note?: string;
  result?: ContenderResult;
  auc?: number;
  /** Mean test AUC over the main seed and the extra seeds, when they were run. */
  aucMean?: number;
  aucSeeds?: number;
  wallSeconds?: number;
}

interface SizeReport {
  rows: number;
  features: number;
  nTrain: number;
  nTest: number;
  positives: number;
  runs: Run[];
}

interface ChildOutcome {
  code: number | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  wallSeconds: number;
}

/** Cache directory of the n × p table, where the contenders' child processes read it. */
function dataDir(n: number, p: number): string {
  return path.join(CACHE, `${n}x${p}`);
}

/** Generate the seeded n × p synthetic table and its 75/25 train/test split, and write them to dataDir(n, p). */
function writeSynthData(
  n: number,
  p: number,
): { dir: string; y: Uint8Array; split: { train: Int32Array; test: Int32Array } } {
  const t = synthTable(n, p, 42);
  const split = splitTrainTest(t.y, 0.25, 7);
  const dir = dataDir(n, p);
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

/** Run a child process, killing it (SIGKILL) after capSeconds. */
function runChild(command: string, args: string[], capSeconds: number): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, capSeconds * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, timedOut, stdout, stderr, wallSeconds: (performance.now() - start) / 1000 });
    });
  });
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

function packageVersion(dir: string): string {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string })
      .version;
  } catch {
    return 'unknown';
  }
}

function parseSizes(text: string): [number, number][] {
  return text.split(',').map((s) => {
    const m = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/.exec(s);
    if (!m) throw new Error(`--sizes: "${s}" is not ROWSxFEATURES (e.g. 1000x200)`);
    return [Number(m[1]), Number(m[2])] as [number, number];
  });
}

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
      out: { type: 'string' },
      'no-mlrf': { type: 'boolean' },
      'no-extras': { type: 'boolean' },
    },
  });
  const sizes = values.sizes
    ? parseSizes(values.sizes)
    : values.quick
      ? ALL_SIZES.slice(0, 2)
      : ALL_SIZES;
  const cap = Number(values.cap ?? 120);
  const seed = Number(values.seed ?? 1);
  const outFile = path.resolve(ROOT, values.out ?? 'bench/RESULTS.md');
  const threads = os.availableParallelism();
  const sk = sklearnVersions();
  const loadStart = os.loadavg();
  const started = new Date();
  const log = (s: string): void => void process.stdout.write(s + '\n');
  if (!sk) log(`scikit-learn not available at ${PYTHON} (apt-get install python3-sklearn)`);

  const reports: SizeReport[] = [];
  /** Sizes on which ml-random-forest was cut at the cap: a size at least as large in both is not retried. */
  const mlrfCut: [number, number][] = [];
  for (const [n, p] of sizes) {
    const { dir, y, split } = writeSynthData(n, p);
    const yTest = Uint8Array.from(split.test, (r) => y[r]);
    const report: SizeReport = {
      rows: n,
      features: p,
      nTrain: split.train.length,
      nTest: split.test.length,
      positives: y.reduce((a, b) => a + b, 0),
      runs: [],
    };
    log(`\n${n} × ${p}: ${report.nTrain} train / ${report.nTest} test rows`);
    const tsx = ['--import', 'tsx'];
    const extraSeeds =
      n * p <= MULTI_SEED_MAX_CELLS
        ? Array.from({ length: EXTRA_SEEDS }, (_, i) => seed + 1 + i).join(',')
        : '';
    const plan: { id: ContenderId; label: string; cmd: string; args: string[]; cap: number }[] = [
      {
        id: 'genoforest-1',
        label: 'GenoForest, 1 thread',
        cmd: process.execPath,
        args: [...tsx, 'bench/contender.ts', 'genoforest-1', dir, String(seed), '1', extraSeeds],
        cap: GENEROUS_CAP_S,
      },
      {
        id: 'genoforest-pool',
        label: `GenoForest, pool of ${threads} workers`,
        cmd: process.execPath,
        args: [...tsx, 'bench/contender.ts', 'genoforest-pool', dir, String(seed), String(threads)],
        cap: GENEROUS_CAP_S,
      },
      {
        id: 'sklearn-1',
        label: 'scikit-learn, n_jobs=1',
        cmd: PYTHON,
        args: ['bench/sklearn_contender.py', dir, '1', String(seed), extraSeeds],
        cap: GENEROUS_CAP_S,
      },
      {
        id: 'sklearn-all',
        label: 'scikit-learn, n_jobs=-1',
        cmd: PYTHON,
        args: ['bench/sklearn_contender.py', dir, '-1', String(seed)],
        cap: GENEROUS_CAP_S,
      },
      {
        id: 'ml-random-forest',
        label: `ml-random-forest ${packageVersion(path.join(ROOT, 'node_modules', 'ml-random-forest'))}`,
        cmd: process.execPath,
        args: [...tsx, 'bench/contender.ts', 'ml-random-forest', dir, String(seed)],
        cap,
      },
    ];
    for (const c of plan) {
      const run: Run = { id: c.id, label: c.label, status: 'ok' };
      report.runs.push(run);
      if (c.id.startsWith('sklearn') && !sk) {
        run.status = 'unavailable';
        run.note = `scikit-learn not available at ${PYTHON} (apt-get install python3-sklearn)`;
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
      const out = await runChild(c.cmd, c.args, c.cap);
      run.wallSeconds = out.wallSeconds;
      if (out.timedOut) {
        run.status = 'over-cap';
        run.note = `over ${c.cap} s`;
        if (c.id === 'ml-random-forest') mlrfCut.push([n, p]);
      } else if (out.code !== 0) {
        run.status = 'failed';
        run.note =
          (out.stderr.trim().split('\n')[0] ?? '').slice(0, 200) || `exit code ${out.code}`;
      } else {
        run.result = lastJsonLine<ContenderResult>(out.stdout);
        run.auc = rocAuc(yTest, run.result.proba);
        const extra = run.result.extraProba ?? [];
        if (extra.length > 0) {
          const aucs = [run.auc, ...extra.map((q) => rocAuc(yTest, q))];
          run.aucMean = aucs.reduce((a, b) => a + b, 0) / aucs.length;
          run.aucSeeds = aucs.length;
        }
      }
      log(
        run.status === 'ok'
          ? `  ${c.label}: fit ${f2(run.result?.fitSeconds)} s, predict ${f2(run.result?.predictSeconds, 3)} s, ` +
              `peak ${f2(run.result?.peakRssMB, 0)} MiB, AUC ${f2(run.auc, 4)}` +
              (run.aucMean !== undefined
                ? ` (mean of ${run.aucSeeds} seeds ${f2(run.aucMean, 4)})`
                : '')
          : `  ${c.label}: ${run.note}`,
      );
    }
    reports.push(report);
  }

  let extras: ExtrasResult | null = null;
  let extrasNote = '';
  if (!values['no-extras']) {
    const [n, p] = EXTRAS_SIZE;
    const dir = dataDir(n, p);
    if (!existsSync(path.join(dir, 'meta.json'))) writeSynthData(n, p);
    log(`\nLatency on ${n} × ${p} (500-tree forest, pool of ${threads})`);
    const out = await runChild(
      process.execPath,
      ['--import', 'tsx', 'bench/extras.ts', dir, String(seed), String(threads)],
      GENEROUS_CAP_S,
    );
    if (out.code === 0) {
      extras = lastJsonLine<ExtrasResult>(out.stdout);
      log(
        `  predict one ${f2(extras.predictOneMs.median, 3)} ms, TreeSHAP one ${f2(extras.shapOneMs.median, 1)} ms, ` +
          `5-fold CV ${f2(extras.cv.seconds)} s`,
      );
    } else {
      extrasNote = out.timedOut
        ? `over ${GENEROUS_CAP_S} s`
        : (out.stderr.trim().split('\n')[0] ?? 'failed');
      log(`  failed: ${extrasNote}`);
    }
  }

  const md = renderMarkdown({
    started,
    finished: new Date(),
    loadStart,
    loadEnd: os.loadavg(),
    threads,
    sk,
    cap,
    seed,
    reports,
    extras,
    extrasNote,
  });
  writeFileSync(outFile, md);
  log(`\nWrote ${path.relative(ROOT, outFile)}`);
}

interface RenderInput {
  started: Date;
  finished: Date;
  loadStart: number[];
  loadEnd: number[];
  threads: number;
  sk: { sklearn: string; numpy: string; python: string } | null;
  cap: number;
  seed: number;
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
  L.push('');
  L.push('## Method', '');
  L.push(
    '- Data: bench/synth.ts, seed 42 — SNP genotypes 0/1/2 (about 80 % of columns, minor-allele frequencies 0.02–0.5)',
    '  and gene-expression values (20 %); a binary outcome (about 40 % positive) from an additive SNP, a dominant SNP,',
    '  an expression value, a SNP × expression interaction and Gaussian noise. Same stratified 75/25 split (seed 7) for every contender.',
    `- Every contender runs in a fresh child process; data loading is not timed. Fit = wall time of fitting 100 trees`,
    '  (GenoForest: binning included; pool: starting the worker threads included). Predict = probabilities of all test rows.',
    "  Peak memory = the child process's maximum resident set size (getrusage maxrss), data included.",
    `- GenoForest and scikit-learn: 100 trees, max_features "sqrt", no depth limit, bootstrap, oob_score off, seed ${r.seed}.`,
    `- ml-random-forest: 100 trees, its other defaults (features drawn once per tree, maxFeatures 1.0); its probability is`,
    `  the fraction of trees voting for the class (hard votes). Cut at ${r.cap} s ("over ${r.cap} s"); a size at least as`,
    '  large in rows and features as one where it was cut is not run again.',
    '- GenoForest pool: the workers are started (and the engine loaded in them) before the timed fit, as the app keeps its',
    '  workers between fits; that start-up is shown beside the fit time. The fit includes binning the features.',
    "- Ratios are against scikit-learn n_jobs=1 (fit time ratio: below 1 = faster than scikit-learn); ΔAUC = AUC − scikit-learn's.",
    "  With a few hundred test rows one forest's AUC varies by a few hundredths between seeds, so on tables up to",
    `  ${MULTI_SEED_MAX_CELLS.toLocaleString('en')} cells both are also refitted with ${EXTRA_SEEDS} more seeds (untimed) and the mean AUCs compared.`,
    '',
  );
  for (const rep of r.reports) {
    const sk1 = rep.runs.find((x) => x.id === 'sklearn-1');
    const skFit = sk1?.status === 'ok' ? sk1.result?.fitSeconds : undefined;
    const skAuc = sk1?.status === 'ok' ? sk1.auc : undefined;
    L.push(`## ${rep.rows} × ${rep.features}`, '');
    L.push(
      `${rep.nTrain} training rows, ${rep.nTest} test rows, ${rep.positives} positives in all.`,
      '',
    );
    const skMean = sk1?.status === 'ok' ? sk1.aucMean : undefined;
    L.push(
      `| contender | fit (s) | fit ÷ sklearn n_jobs=1 | predict test rows (s) | peak memory (MiB) | test AUC | ΔAUC vs sklearn | mean AUC of ${EXTRA_SEEDS + 1} seeds (Δ) |`,
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
      L.push(
        `| ${run.label} | ${f2(res.fitSeconds)}${res.poolStartSeconds === undefined ? '' : ` (+${f2(res.poolStartSeconds)} worker start)`} | ${ratio} | ${f2(res.predictSeconds, 3)} | ${f2(res.peakRssMB, 0)} | ${f2(run.auc, 4)} | ${dAuc} | ${mean} |`,
      );
    }
    L.push('');
  }

  L.push('## Targets of issue 3', '');
  const big = r.reports.find((x) => x.rows === 5000 && x.features === 2000);
  const get = (rep: SizeReport | undefined, id: ContenderId): Run | undefined =>
    rep?.runs.find((x) => x.id === id && x.status === 'ok');
  if (big) {
    const g1 = get(big, 'genoforest-1')?.result?.fitSeconds;
    const gp = get(big, 'genoforest-pool')?.result?.fitSeconds;
    const s1 = get(big, 'sklearn-1')?.result?.fitSeconds;
    if (g1 !== undefined && s1 !== undefined) {
      L.push(
        `- 5000 × 2000, one thread no slower than scikit-learn n_jobs=1: ${f2(g1)} s vs ${f2(s1)} s (${f2(g1 / s1)}×) — ${g1 <= s1 ? 'met' : `missed by ${f2(g1 - s1)} s`}.`,
      );
    }
    if (gp !== undefined && s1 !== undefined) {
      L.push(
        `- 5000 × 2000, pool at most half of scikit-learn n_jobs=1: ${f2(gp)} s vs ${f2(s1 / 2)} s (${f2(gp / s1)}× of sklearn) — ${gp <= s1 / 2 ? 'met' : `missed by ${f2(gp - s1 / 2)} s`}.`,
      );
    }
    if (gp !== undefined && g1 !== undefined) {
      L.push(`- Pool vs one thread on 5000 × 2000: ${f2(gp / g1)}× the one-thread time.`);
    }
  } else {
    L.push('- 5000 × 2000 was not part of this run.');
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
          `${rep.rows}×${rep.features}: ${d >= 0 ? '+' : ''}${d.toFixed(4)}${useMean ? ` (mean of ${run.aucSeeds} seeds)` : ''}` +
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
      `- Predicting one patient with a ${r.extras.nTrees}-tree forest: ${f2(r.extras.predictOneMs.median, 3)} ms (median; first call ${f2(r.extras.predictOneMs.first, 2)} ms) — target < 5 ms ${r.extras.predictOneMs.median < 5 ? 'met' : 'missed'}.`,
    );
  }
  L.push('');

  L.push(`## Interactive steps on ${EXTRAS_SIZE[0]} × ${EXTRAS_SIZE[1]}`, '');
  if (r.extras) {
    const e = r.extras;
    L.push('| step | time | target |');
    L.push('|---|---:|---|');
    L.push(
      `| fit a ${e.nTrees}-tree forest (pool of ${r.threads}) | ${f2(e.forestFitSeconds)} s | |`,
    );
    L.push(
      `| predict one patient, ${e.nTrees} trees | ${f2(e.predictOneMs.median, 3)} ms (first call ${f2(e.predictOneMs.first, 2)} ms) | < 5 ms |`,
    );
    L.push(
      `| TreeSHAP for one patient, ${e.nTrees} trees | ${f2(e.shapOneMs.median, 1)} ms (first call ${f2(e.shapOneMs.first, 1)} ms) | < 100 ms |`,
    );
    L.push(
      `| ${e.cv.folds}-fold stratified CV, ${e.cv.trees} trees per fold (pool of ${r.threads}) | ${f2(e.cv.seconds)} s (out-of-fold AUC ${f2(e.cv.auc, 4)}) | |`,
    );
    L.push(`| peak memory of this run | ${f2(e.peakRssMB, 0)} MiB | |`);
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
