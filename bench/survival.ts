/**
 * The survival section of `npm run bench`: GenoForest's survival forest (one thread, and its Node worker pool)
 * against R's ranger (num.threads = 1 and = every core) and R survival's Cox model, where installed, measured as
 * issue 17's goals are stated:
 *
 * - 5-fold cross-validation, stratified by event, the same folds for every contender (planSurvivalCv, as the CLI's
 *   `evaluate --time`), 500 trees: Harrell's C over the pooled out-of-fold risks (with its 95 % bootstrap interval)
 *   and the folds' mean and spread, the integrated IPCW Brier score of the pooled out-of-fold curves, on the
 *   complete cases of lung, a seeded sample of flchain's complete cases and a synthetic cohort;
 * - fit time: the five folds' fits, GenoForest one thread ÷ ranger num.threads = 1, and the pool (its five folds
 *   grown at once, as the app's Evaluate grows them) ÷ ranger on every core;
 * - memory: one fit on 5,000 synthetic patients with thousands of distinct event times, each in its own process,
 *   peak resident memory; ranger is sampled while it runs and stopped at a time or memory cap (then said so).
 *
 * Every contender runs in its own child process on the same CSV files and writes its out-of-fold risks and
 * survival probabilities; the figures of all of them are computed here with GenoForest's own functions.
 *
 *   npx tsx bench/survival.ts [--trees 500] [--seed 1] [--cap 900] [--flchain-rows 1000] [--synth-rows 1000]
 *                             [--memory-rows 5000] [--memory-cap-seconds 150] [--memory-cap-mb 6144]
 *                             [--tables lung,flchain,synth,memory] [--no-repeat] [--out bench/SURVIVAL.md]
 *
 * --tables runs only the named parts (e.g. `--tables lung`); a subset must name its own --out file, so that
 * bench/SURVIVAL.md always holds a whole run.
 *
 * Writes bench/SURVIVAL.md from the measured numbers only (run.ts rewrites RESULTS.md as a whole, so the survival
 * figures live in their own file).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  curvesAt,
  fitSurvivalForest,
  predictCumHazard,
  riskFromCumHazard,
  survivalFromCumHazard,
  type SurvivalForestModel,
} from '../src/engine/forest/survivalForest.ts';
import type { SurvivalParams } from '../src/engine/forest/survivalParams.ts';
import {
  REPEATS,
  REPEAT_UNDER_SECONDS,
  RSCRIPT,
  medianRun,
  rPackageVersion,
  runChild,
} from './child.ts';
import { Rng } from '../src/engine/forest/rng.ts';
import { integratedBrierScore } from '../src/engine/survival/brier.ts';
import { harrellC } from '../src/engine/survival/concordance.ts';
import { bootstrapInterval, planSurvivalCv } from '../src/engine/survival/survivalEvaluation.ts';
import {
  SURVIVAL_FOLDS_MIN_WORK,
  SURVIVAL_FOLDS_COLD_MIN_WORK,
  SURVIVAL_POOL_MIN_WORK,
  createNodePool,
  trainSurvivalForestsInPool,
  trainSurvivalInPool,
} from '../src/worker/node.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, 'bench', '.cache');
const R_FILE = path.join(ROOT, 'bench', 'survival_contenders.R');
/** Leaf size of GenoForest, and ranger's min.node.size, in every survival fit here (the issue's setting). */
const LEAF = 15;
const FOLDS = 5;
/** Seed of the folds (and of the C-index bootstrap interval). */
const FOLD_SEED = 7;
/** Workers of GenoForest's pool and ranger's "every core" threads: this machine's logical cores. */
const CORES = Math.max(1, os.availableParallelism());

/** One survival table as every contender reads it: numeric features, time, event (1) or censored (0). */
interface SurvTable {
  name: string;
  note: string;
  featureNames: string[];
  /** Row-major rows × features. */
  X: number[][];
  time: number[];
  event: number[];
}

type SurvContenderId = 'genoforest-1' | 'genoforest-pool' | 'ranger-1' | 'ranger-all' | 'coxph';

/** What a contender's child process prints as its last line. */
interface ChildReport {
  fitSeconds: number[];
  /** CPU time (user + system, every thread of the process) of each fold's fit. */
  fitCpuSeconds: number[];
  predictSeconds: number[];
  gridPoints: number[];
  peakMB: number;
  /** The pool's worker start-up (not in fitSeconds). */
  startSeconds?: number;
  /**
   * The pool's folds grow at once (fitSeconds then holds one figure, all five): the time from the start until fold
   * 1's forest was back.
   */
  firstFoldSeconds?: number;
  /**
   * Fold 1 fitted once more after the five, its code compiled and loaded (V8's optimised code, R's loaded
   * namespaces): what a further fit costs. Wall and CPU seconds; not in fitSeconds.
   */
  warmFitSeconds?: number;
  warmFitCpuSeconds?: number;
}

/** The measured outcome of one contender on one table. */
export interface SurvRun {
  id: SurvContenderId;
  label: string;
  threads: number;
  status: 'ok' | 'failed' | 'over-cap' | 'unavailable';
  note?: string;
  /** The folds' fit times, summed. */
  fitSeconds?: number;
  /** The first fold's (GenoForest's includes V8 compiling the engine). */
  firstFoldSeconds?: number;
  firstFoldCpuSeconds?: number;
  /** Fold 1 fitted again after the five (ChildReport.warmFitSeconds), wall and CPU. */
  warmFitSeconds?: number;
  warmFitCpuSeconds?: number;
  /** The folds' fits' CPU time (user + system over the process's threads), summed: less moved by other load. */
  fitCpuSeconds?: number;
  predictSeconds?: number;
  startSeconds?: number;
  peakMB?: number;
  /** Curve times of the folds' models (min..max). */
  gridPoints?: [number, number];
  cindex?: number;
  cindexInterval?: [number, number];
  cindexFoldMean?: number;
  cindexFoldSd?: number;
  integratedBrier?: number;
  /** The five folds' fit times of every run when they were timed more than once (REPEAT_UNDER_SECONDS). */
  fitRuns?: number[];
}

/** One table's figures. */
export interface SurvTableReport {
  name: string;
  note: string;
  rows: number;
  features: number;
  events: number;
  distinctEventTimes: number;
  foldSizes: number[];
  brierFrom: number;
  brierTo: number;
  brierCount: number;
  runs: SurvRun[];
}

/** One contender's single fit on the memory table. */
export interface MemoryRun {
  label: string;
  status: 'ok' | 'stopped' | 'failed' | 'unavailable';
  note?: string;
  fitSeconds?: number;
  wallSeconds: number;
  /** Peak resident memory of the process (VmHWM), MiB: at its end, or the last sample before it was stopped. */
  peakMB?: number;
  gridPoints?: number;
}

/** The memory row: one table, one fit per contender. */
export interface MemoryReport {
  name: string;
  note: string;
  rows: number;
  features: number;
  events: number;
  distinctEventTimes: number;
  distinctTimes: number;
  capSeconds: number;
  capMB: number;
  runs: MemoryRun[];
}

/** Everything the section measured. */
export interface SurvivalBenchResult {
  started: Date;
  finished: Date;
  /** os.loadavg() when the section started: other work on the machine slows every contender. */
  loadStart: number[];
  loadEnd: number[];
  trees: number;
  seed: number;
  cores: number;
  rangerVersion: string | null;
  survivalVersion: string | null;
  tables: SurvTableReport[];
  memory: MemoryReport | null;
  /** The parts run when not all (--tables). */
  parts?: string[];
}

/** The options of runSurvivalBench (defaults: the issue's goals, sized to run in about ten minutes here). */
export interface SurvivalBenchOptions {
  trees?: number;
  seed?: number;
  /** Cap of each cross-validation child process, seconds. */
  cap?: number;
  flchainRows?: number;
  synthRows?: number;
  memoryRows?: number;
  memoryCapSeconds?: number;
  memoryCapMB?: number;
  /** Parts to run (lung, flchain, synth, memory); all when absent. */
  tables?: string[];
  /** Time every contender once, however short its fit (REPEAT_UNDER_SECONDS). */
  noRepeat?: boolean;
}

/** The parts of the section, as --tables names them. */
export const SURVIVAL_PARTS = ['lung', 'flchain', 'synth', 'memory'] as const;

/** Parse a CSV line with optional double quotes (the cohorts here have no embedded commas). */
const cellsOf = (line: string): string[] => line.split(',').map((c) => c.replace(/"/g, '').trim());

/** The complete cases of a testdata cohort (time, event first), with a per-column value coder. */
function cohortTable(
  file: string,
  name: string,
  note: string,
  code: (column: string, cell: string) => number,
): SurvTable {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = cellsOf(lines[0]);
  const ti = header.indexOf('time');
  const ei = header.indexOf('event');
  if (ti < 0 || ei < 0) throw new Error(`${path.basename(file)}: no time or event column`);
  const feats = header.map((_, i) => i).filter((i) => i !== ti && i !== ei);
  const t: SurvTable = {
    name,
    note,
    featureNames: feats.map((i) => header[i].replace(/\./g, '_')),
    X: [],
    time: [],
    event: [],
  };
  for (const line of lines.slice(1)) {
    const cells = cellsOf(line);
    const row = feats.map((i) =>
      cells[i] === '' || cells[i] === 'NA' ? NaN : code(header[i], cells[i]),
    );
    if (row.some((v) => !Number.isFinite(v))) continue;
    const time = Number(cells[ti]);
    const event = Number(cells[ei]);
    if (!(time >= 0) || (event !== 0 && event !== 1))
      throw new Error(`${path.basename(file)}: bad time/event in "${line}"`);
    t.X.push(row.map((v) => Math.fround(v)));
    t.time.push(time);
    t.event.push(event);
  }
  return t;
}

/** The complete cases of testdata/lung.csv (ranger refuses missing values), sex coded 1 = male. */
function lungTable(): SurvTable {
  return cohortTable(
    path.join(ROOT, 'testdata', 'lung.csv'),
    'lung (NCCTG, complete cases)',
    'testdata/lung.csv without the rows that have a missing value; sex coded 1 = male, 0 = female',
    (_, c) => (c === 'male' ? 1 : c === 'female' ? 0 : Number(c)),
  );
}

/**
 * A seeded sample of flchain's complete cases (testdata/flchain.csv), sex coded 1 = M. Sampled because ranger's
 * cost grows with patients × distinct follow-up times: all 6,524 complete cases take it minutes per fold.
 */
function flchainTable(rows: number, seed: number): SurvTable | null {
  const file = path.join(ROOT, 'testdata', 'flchain.csv');
  if (!existsSync(file)) return null;
  const all = cohortTable(file, '', '', (_, c) => (c === 'M' ? 1 : c === 'F' ? 0 : Number(c)));
  const total = all.time.length;
  const order = Array.from({ length: total }, (_, i) => i);
  const rng = new Rng(seed);
  for (let i = total - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const keep = order.slice(0, Math.min(rows, total)).sort((a, b) => a - b);
  return {
    name: `flchain (Olmsted County), ${keep.length} of ${total} complete cases`,
    note: `testdata/flchain.csv, the ${total} rows without a missing value (creatinine), of which ${keep.length} drawn at random (seed ${seed}; ranger's cost grows with patients × distinct follow-up times, and all of them take it minutes per fold); sex coded 1 = M`,
    featureNames: all.featureNames,
    X: keep.map((i) => all.X[i]),
    time: keep.map((i) => all.time[i]),
    event: keep.map((i) => all.event[i]),
  };
}

/**
 * A seeded cohort with exponential hazards: six normal and four binary features, log hazard
 * 0.7·x1 − 0.5·x2 + 0.4·(x3² − 1) + 0.6·x7 + 0.4·x1·x8 (x4..x6, x9, x10 noise), independent exponential censoring
 * (about a third censored); times kept to 4 decimals, so nearly every event time is distinct.
 */
function synthSurvival(n: number, seed: number): SurvTable {
  const rng = new Rng(seed);
  const normal = (): number => {
    const u = 1 - rng.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
  };
  const expo = (rate: number): number => -Math.log(1 - rng.nextFloat()) / rate;
  const t: SurvTable = {
    name: `synthetic exponential hazards ${n} × 10`,
    note: `seeded (seed ${seed}); log hazard 0.7·x1 − 0.5·x2 + 0.4·(x3² − 1) + 0.6·x7 + 0.4·x1·x8, x4–x6, x9, x10 noise; exponential censoring; times to 4 decimals`,
    featureNames: Array.from({ length: 10 }, (_, j) => `x${j + 1}`),
    X: [],
    time: [],
    event: [],
  };
  for (let i = 0; i < n; i++) {
    const x = Array.from({ length: 10 }, (_, j) =>
      Math.fround(j < 6 ? normal() : rng.nextFloat() < 0.5 ? 1 : 0),
    );
    const eta = 0.7 * x[0] - 0.5 * x[1] + 0.4 * (x[2] * x[2] - 1) + 0.6 * x[6] + 0.4 * x[0] * x[7];
    const T = expo(0.1 * Math.exp(eta));
    const C = expo(0.05);
    t.X.push(x);
    t.time.push(Math.max(1e-4, Number(Math.min(T, C).toFixed(4))));
    t.event.push(T <= C ? 1 : 0);
  }
  return t;
}

function writeCsv(file: string, t: SurvTable): void {
  const out = [['time', 'event', ...t.featureNames].join(',')];
  for (let r = 0; r < t.time.length; r++)
    out.push([t.time[r], t.event[r], ...t.X[r]].map(String).join(','));
  writeFileSync(file, out.join('\n') + '\n');
}

/** A numeric CSV written by writeCsv or a contender: header, then rows of numbers. */
function readNumericCsv(file: string): { header: string[]; rows: number[][] } {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = cellsOf(lines[0]);
  const rows = lines.slice(1).map((l, i) => {
    const v = l.split(',').map(Number);
    if (v.length !== header.length || v.some((x) => Number.isNaN(x)))
      throw new Error(`${path.basename(file)} line ${i + 2}: not ${header.length} numbers`);
    return v;
  });
  return { header, rows };
}

/** Peak resident memory of a process so far (Linux VmHWM), MiB; NaN when unreadable (it ended). */
function peakMBOf(pid: number | 'self'): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** The settings of every GenoForest fit here (ranger's are set alike in survival_contenders.R). */
function forestParams(trees: number, seed: number, p: number): Partial<SurvivalParams> {
  return {
    nEstimators: trees,
    maxFeatures: Math.max(1, Math.floor(Math.sqrt(p))),
    minSamplesLeaf: LEAF,
    randomState: seed,
    oobScore: false,
  };
}

/**
 * The GenoForest contender, in its own process: for each fold of DIR/folds.csv, fit on the other folds' rows of
 * DIR/data.csv (one thread, or the pool of `threads` Node workers started beforehand), predict the fold, and write
 * DIR/pred-genoforest-<threads>.csv (per row: out-of-fold risk, then survival at each time of DIR/times.csv); print
 * a ChildReport line.
 */
async function genoforestChild(
  dir: string,
  trees: number,
  seed: number,
  threads: number,
): Promise<void> {
  const data = readNumericCsv(path.join(dir, 'data.csv')).rows;
  const fold = readNumericCsv(path.join(dir, 'folds.csv')).rows.map((r) => r[0]);
  const times = readNumericCsv(path.join(dir, 'times.csv')).rows.map((r) => r[0]);
  const p = data[0].length - 2;
  const colMajor = (rows: number[]): Float32Array => {
    const n = rows.length;
    const X = new Float32Array(n * p);
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) X[j * n + i] = data[rows[i]][j + 2];
    return X;
  };
  const nt = times.length;
  const risk = new Float64Array(data.length);
  const surv = new Float64Array(data.length * nt);
  const report: ChildReport = {
    fitSeconds: [],
    fitCpuSeconds: [],
    predictSeconds: [],
    gridPoints: [],
    peakMB: 0,
  };
  let pool: ReturnType<typeof createNodePool> | null = null;
  const params = forestParams(trees, seed, p);
  /** One fit on a fold's training rows, timed: wall clock and CPU (every thread), seconds. */
  const fitFold = async (
    X: Float32Array,
    n: number,
    time: Float64Array,
    event: Uint8Array,
  ): Promise<{ model: SurvivalForestModel; wall: number; cpu: number }> => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const model: SurvivalForestModel = pool
      ? await trainSurvivalInPool(
          { X, nRows: n, nFeatures: p, isCategorical: new Uint8Array(p), time, event },
          params,
          { pool },
        )
      : fitSurvivalForest(X, n, p, new Uint8Array(p), time, event, params);
    const wall = (performance.now() - start) / 1000;
    const used = process.cpuUsage(cpu);
    return { model, wall, cpu: (used.user + used.system) / 1e6 };
  };
  if (threads > 1) {
    const start = performance.now();
    pool = createNodePool(threads);
    pool.warmUp();
    // Once the warm-up is done, the calling thread's fold fits through the pool included (a fit timed meanwhile would
    // queue behind them and share the cores with them), and every worker has loaded the engine.
    await pool.whenWarm();
    await pool.memoryUsage();
    report.startSeconds = (performance.now() - start) / 1000;
  }
  try {
    const nFolds = Math.max(...fold) + 1;
    /** Fold k's out-of-fold risks and curves from its forest, timed. */
    const predictFold = (k: number, test: number[], model: SurvivalForestModel): void => {
      const predStart = performance.now();
      const H = predictCumHazard(model, colMajor(test), test.length);
      const r = riskFromCumHazard(H, model.timeGrid.length);
      const s = curvesAt(survivalFromCumHazard(H), model.timeGrid, times, 1);
      report.predictSeconds[k] = (performance.now() - predStart) / 1000;
      report.gridPoints[k] = model.timeGrid.length;
      test.forEach((row, i) => {
        risk[row] = r[i];
        surv.set(s.subarray(i * nt, i * nt + nt), row * nt);
      });
    };
    const folds = Array.from({ length: nFolds }, (_, k) => {
      const train = fold.flatMap((f, i) => (f === k ? [] : [i]));
      const test = fold.flatMap((f, i) => (f === k ? [i] : []));
      return { train, test };
    });
    if (pool) {
      // The folds as the app and `evaluate --time` fit them on a pool: all at once, a whole fold's forest per worker
      // (the last ones split across the workers), each fold's table sent to the worker that grows it. Each fold's
      // training rows alone, as ranger gets them (and the one-thread row), made before the clock starts.
      const inputs = folds.map(({ train }) => ({
        X: colMajor(train),
        nRows: train.length,
        nFeatures: p,
        isCategorical: new Uint8Array(p),
        time: Float64Array.from(train, (r) => data[r][0]),
        event: Uint8Array.from(train, (r) => data[r][1]),
      }));
      const start = performance.now();
      const cpu = process.cpuUsage();
      const models = await trainSurvivalForestsInPool(
        inputs.map((input) => ({ input })),
        params,
        {
          pool,
          onForest: (k) => {
            if (k === 0) report.firstFoldSeconds = (performance.now() - start) / 1000;
          },
        },
      );
      const used = process.cpuUsage(cpu);
      report.fitSeconds.push((performance.now() - start) / 1000);
      report.fitCpuSeconds.push((used.user + used.system) / 1e6);
      folds.forEach(({ test }, k) => predictFold(k, test, models[k]));
    } else {
      for (let k = 0; k < nFolds; k++) {
        const { train, test } = folds[k];
        // Each fold's training rows alone, as ranger gets them: nothing of the held-out rows is binned.
        const X = colMajor(train);
        const n = train.length;
        const time = Float64Array.from(train, (r) => data[r][0]);
        const event = Uint8Array.from(train, (r) => data[r][1]);
        const { model, wall, cpu } = await fitFold(X, n, time, event);
        report.fitSeconds.push(wall);
        report.fitCpuSeconds.push(cpu);
        predictFold(k, test, model);
      }
    }
    // The first fold once more, now that V8 has compiled the engine (as the R child does with ranger).
    const train = fold.flatMap((f, i) => (f === 0 ? [] : [i]));
    const again = await fitFold(
      colMajor(train),
      train.length,
      Float64Array.from(train, (r) => data[r][0]),
      Uint8Array.from(train, (r) => data[r][1]),
    );
    report.warmFitSeconds = again.wall;
    report.warmFitCpuSeconds = again.cpu;
  } finally {
    pool?.dispose();
  }
  const out = [['risk', ...times.map((_, k) => `s${k + 1}`)].join(',')];
  for (let i = 0; i < data.length; i++)
    out.push([risk[i], ...surv.subarray(i * nt, i * nt + nt)].map(String).join(','));
  writeFileSync(path.join(dir, `pred-genoforest-${threads}.csv`), out.join('\n') + '\n');
  // Worker threads live in this process: its peak covers them.
  report.peakMB = peakMBOf('self');
  console.log(JSON.stringify(report));
}

/**
 * Run a child, reading its peak resident memory every 200 ms; SIGKILL it when it passes capSeconds or its resident
 * memory passes capMB. The last sample's peak stands for a stopped process.
 */
function runSampled(
  command: string,
  args: string[],
  capSeconds: number,
  capMB: number,
): Promise<{
  code: number | null;
  stopped: string | null;
  stdout: string;
  stderr: string;
  wallSeconds: number;
  sampledPeakMB: number;
}> {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stopped: string | null = null;
    let sampledPeakMB = 0;
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setInterval(() => {
      const pk = child.pid === undefined ? NaN : peakMBOf(child.pid);
      if (Number.isFinite(pk)) sampledPeakMB = Math.max(sampledPeakMB, pk);
      const secs = (performance.now() - start) / 1000;
      if (stopped === null && (secs > capSeconds || sampledPeakMB > capMB)) {
        stopped = secs > capSeconds ? `time cap ${capSeconds} s` : `memory cap ${capMB} MiB`;
        child.kill('SIGKILL');
      }
    }, 200);
    child.on('close', (code) => {
      clearInterval(timer);
      resolve({
        code,
        stopped,
        stdout,
        stderr,
        wallSeconds: (performance.now() - start) / 1000,
        sampledPeakMB,
      });
    });
  });
}

const mean = (x: number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: number[]): number => {
  const m = mean(x);
  return Math.sqrt(x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1));
};

/** Scores a contender's out-of-fold predictions with GenoForest's functions (as the CLI's evaluate). */
function scoreRun(
  run: SurvRun,
  pred: number[][],
  t: SurvTable,
  folds: Int32Array[],
  times: Float64Array,
): void {
  const nt = times.length;
  if (pred.length !== t.time.length || pred[0]?.length !== nt + 1) {
    run.status = 'failed';
    run.note = `predictions have ${pred.length} × ${pred[0]?.length ?? 0} values, expected ${t.time.length} × ${nt + 1}`;
    return;
  }
  const time = Float64Array.from(t.time);
  const event = Uint8Array.from(t.event);
  const risk = Float64Array.from(pred, (r) => r[0]);
  const outcome = { time, event };
  run.cindex = harrellC(outcome, risk).cindex;
  run.cindexInterval = bootstrapInterval(time, event, risk, FOLD_SEED);
  const foldC = folds.map(
    (rows) =>
      harrellC(
        { time: Array.from(rows, (i) => time[i]), event: Array.from(rows, (i) => event[i]) },
        Array.from(rows, (i) => risk[i]),
      ).cindex,
  );
  run.cindexFoldMean = mean(foldC);
  run.cindexFoldSd = sd(foldC);
  run.integratedBrier = integratedBrierScore(
    outcome,
    outcome,
    pred.flatMap((r) => r.slice(1)),
    times,
  );
}

/** Measure every contender on every table, then the memory row; log progress line by line. */
export async function runSurvivalBench(
  log: (s: string) => void,
  options: SurvivalBenchOptions = {},
): Promise<SurvivalBenchResult> {
  const trees = options.trees ?? 500;
  const seed = options.seed ?? 1;
  const cap = options.cap ?? 900;
  const started = new Date();
  const loadStart = os.loadavg();
  const rangerVersion = rPackageVersion('ranger');
  const survivalVersion = rPackageVersion('survival');
  if (!rangerVersion) log(`R's ranger not available (${RSCRIPT}; apt-get install r-cran-ranger)`);
  if (!survivalVersion)
    log(`R's survival not available (${RSCRIPT}; apt-get install r-cran-survival)`);
  const tables: SurvTableReport[] = [];
  const wanted = (part: string): boolean => !options.tables || options.tables.includes(part);
  const plans: [string, SurvTable][] = [];
  if (wanted('lung')) plans.push(['lung', lungTable()]);
  if (wanted('flchain')) {
    const flchain = flchainTable(options.flchainRows ?? 1000, 5);
    if (flchain) plans.push(['flchain', flchain]);
    else log('testdata/flchain.csv not found: flchain not measured');
  }
  if (wanted('synth')) plans.push(['synth', synthSurvival(options.synthRows ?? 1000, 11)]);
  for (const [slug, t] of plans) {
    const dir = path.join(CACHE, `survival-${slug}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const n = t.time.length;
    const plan = planSurvivalCv(
      {
        X: new Float32Array(0),
        nRows: n,
        nFeatures: t.featureNames.length,
        isCategorical: new Uint8Array(t.featureNames.length),
        time: Float64Array.from(t.time),
        event: Uint8Array.from(t.event),
      },
      FOLDS,
      FOLD_SEED,
    );
    const foldOf = new Int32Array(n);
    plan.folds.forEach((rows, k) => rows.forEach((r) => (foldOf[r] = k)));
    writeCsv(path.join(dir, 'data.csv'), t);
    writeFileSync(
      path.join(dir, 'folds.csv'),
      ['fold', ...Array.from(foldOf, String)].join('\n') + '\n',
    );
    const times = plan.times;
    writeFileSync(
      path.join(dir, 'times.csv'),
      ['t', ...Array.from(times, String)].join('\n') + '\n',
    );
    const rep: SurvTableReport = {
      name: t.name,
      note: t.note,
      rows: n,
      features: t.featureNames.length,
      events: t.event.reduce((a, b) => a + b, 0),
      distinctEventTimes: new Set(t.time.filter((_, i) => t.event[i] === 1)).size,
      foldSizes: plan.folds.map((f) => f.length),
      brierFrom: times[0],
      brierTo: times[times.length - 1],
      brierCount: times.length,
      runs: [],
    };
    log(
      `\nSurvival: ${rep.name}: ${rep.rows} patients, ${rep.events} events, ${rep.distinctEventTimes} distinct event times; ` +
        `${FOLDS}-fold CV (${rep.foldSizes.join(' / ')} held out)`,
    );
    const gf = (threads: number): string[] => [
      '--import',
      'tsx',
      'bench/survival.ts',
      '--child',
      dir,
      '--trees',
      String(trees),
      '--seed',
      String(seed),
      '--threads',
      String(threads),
    ];
    const r = (which: string, threads: number): string[] => [
      R_FILE,
      dir,
      which,
      String(threads),
      String(trees),
      String(seed),
      String(LEAF),
    ];
    const rv = rangerVersion ? ` ${rangerVersion}` : '';
    const contenders: {
      id: SurvContenderId;
      label: string;
      threads: number;
      cmd: string;
      args: string[];
      pred: string;
    }[] = [
      {
        id: 'genoforest-1',
        label: 'GenoForest, 1 thread',
        threads: 1,
        cmd: process.execPath,
        args: gf(1),
        pred: 'pred-genoforest-1.csv',
      },
      {
        id: 'ranger-1',
        label: `ranger${rv}, num.threads=1`,
        threads: 1,
        cmd: RSCRIPT,
        args: r('ranger', 1),
        pred: 'pred-ranger-1.csv',
      },
      {
        id: 'genoforest-pool',
        label: `GenoForest, pool of ${CORES} threads`,
        threads: CORES,
        cmd: process.execPath,
        args: gf(CORES),
        pred: `pred-genoforest-${CORES}.csv`,
      },
      {
        id: 'ranger-all',
        label: `ranger${rv}, num.threads=${CORES}`,
        threads: CORES,
        cmd: RSCRIPT,
        args: r('ranger', CORES),
        pred: `pred-ranger-${CORES}.csv`,
      },
      {
        id: 'coxph',
        label: `survival${survivalVersion ? ` ${survivalVersion}` : ''} coxph`,
        threads: 1,
        cmd: RSCRIPT,
        args: r('coxph', 1),
        pred: 'pred-coxph-1.csv',
      },
    ];
    for (const c of contenders) {
      const run: SurvRun = { id: c.id, label: c.label, threads: c.threads, status: 'ok' };
      rep.runs.push(run);
      const isRanger = c.id === 'ranger-1' || c.id === 'ranger-all';
      if ((isRanger && !rangerVersion) || (c.id === 'coxph' && !survivalVersion)) {
        run.status = 'unavailable';
        run.note = `not installed here (${RSCRIPT} with ${c.id === 'coxph' ? 'survival; apt-get install r-cran-survival' : 'ranger; apt-get install r-cran-ranger'})`;
        log(`  ${c.label}: ${run.note}`);
        continue;
      }
      const out = await runChild(c.cmd, c.args, cap);
      if (out.timedOut) {
        run.status = 'over-cap';
        run.note = `over ${cap} s`;
      } else if (out.code !== 0) {
        run.status = 'failed';
        run.note =
          (out.stderr.trim().split('\n').pop() ?? '').slice(0, 200) || `exit code ${out.code}`;
      } else {
        let rec = JSON.parse(out.stdout.trim().split('\n').pop() ?? '') as ChildReport;
        if (!options.noRepeat) {
          // The same folds again in fresh processes (the same forests and predictions: seeded); the median run's
          // times are reported.
          const total = (r: ChildReport): number => r.fitSeconds.reduce((a, b) => a + b, 0);
          const { median, runs } = await medianRun(rec, total, async () => {
            const again = await runChild(c.cmd, c.args, cap);
            return again.timedOut || again.code !== 0
              ? null
              : (JSON.parse(again.stdout.trim().split('\n').pop() ?? '') as ChildReport);
          });
          if (runs.length > 1) run.fitRuns = runs.map(total);
          rec = median;
        }
        run.fitSeconds = rec.fitSeconds.reduce((a, b) => a + b, 0);
        run.firstFoldSeconds = rec.firstFoldSeconds ?? rec.fitSeconds[0];
        run.firstFoldCpuSeconds =
          rec.firstFoldSeconds === undefined ? rec.fitCpuSeconds[0] : undefined;
        run.warmFitSeconds = rec.warmFitSeconds;
        run.warmFitCpuSeconds = rec.warmFitCpuSeconds;
        run.fitCpuSeconds = rec.fitCpuSeconds.reduce((a, b) => a + b, 0);
        run.predictSeconds = rec.predictSeconds.reduce((a, b) => a + b, 0);
        run.peakMB = rec.peakMB;
        run.startSeconds = rec.startSeconds;
        if (rec.gridPoints.length > 0)
          run.gridPoints = [Math.min(...rec.gridPoints), Math.max(...rec.gridPoints)];
        scoreRun(run, readNumericCsv(path.join(dir, c.pred)).rows, t, plan.folds, times);
      }
      log(
        run.status === 'ok'
          ? `  ${c.label}: fit ${f(run.fitSeconds, 2)} s (${FOLDS} folds${run.fitRuns ? `; median of ${run.fitRuns.length} runs: ${run.fitRuns.map((x) => x.toFixed(3)).join(', ')} s` : ''}), predict ${f(run.predictSeconds, 2)} s, peak ${f(run.peakMB, 0)} MiB, ` +
              `C ${f(run.cindex, 4)} (folds ${f(run.cindexFoldMean, 4)} ± ${f(run.cindexFoldSd, 4)}), integrated Brier ${f(run.integratedBrier, 4)}` +
              (run.startSeconds !== undefined
                ? `, workers started in ${f(run.startSeconds, 2)} s`
                : '')
          : `  ${c.label}: ${run.note}`,
      );
    }
    tables.push(rep);
  }
  const memory = wanted('memory')
    ? await memoryRow(log, trees, seed, rangerVersion, {
        rows: options.memoryRows ?? 5000,
        capSeconds: options.memoryCapSeconds ?? 150,
        capMB: options.memoryCapMB ?? 6144,
        cap,
      })
    : null;
  return {
    started,
    finished: new Date(),
    loadStart,
    loadEnd: os.loadavg(),
    trees,
    seed,
    cores: CORES,
    rangerVersion,
    survivalVersion,
    tables,
    memory,
    parts: options.tables,
  };
}

/**
 * The memory row: one fit on a synthetic cohort with thousands of distinct event times, each contender in its own
 * process. GenoForest through bench/survivalMemory.ts (its default grid of 200 event-time quantiles, and every
 * distinct event time on the grid, the issue's worst case); ranger sampled and stopped at the caps.
 */
async function memoryRow(
  log: (s: string) => void,
  trees: number,
  seed: number,
  rangerVersion: string | null,
  o: { rows: number; capSeconds: number; capMB: number; cap: number },
): Promise<MemoryReport> {
  const t = synthSurvival(o.rows, 12);
  const dir = path.join(CACHE, 'survival-memory');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'data.csv');
  writeCsv(file, t);
  const rep: MemoryReport = {
    name: t.name,
    note: t.note,
    rows: t.time.length,
    features: t.featureNames.length,
    events: t.event.reduce((a, b) => a + b, 0),
    distinctEventTimes: new Set(t.time.filter((_, i) => t.event[i] === 1)).size,
    distinctTimes: new Set(t.time).size,
    capSeconds: o.capSeconds,
    capMB: o.capMB,
    runs: [],
  };
  log(
    `\nSurvival memory: ${rep.name}: ${rep.events} events, ${rep.distinctEventTimes} distinct event times, one fit of ${trees} trees`,
  );
  for (const [label, timePoints] of [
    ['GenoForest, 1 thread, default grid (≤ 200 event-time quantiles)', 200],
    ['GenoForest, 1 thread, every distinct event time on the grid', 10_000],
  ] as const) {
    const out = await runSampled(
      process.execPath,
      [
        '--import',
        'tsx',
        'bench/survivalMemory.ts',
        '--file',
        file,
        '--time',
        'time',
        '--event',
        'event',
        '--rows',
        String(o.rows),
        '--trees',
        String(trees),
        '--leaf',
        String(LEAF),
        '--seed',
        String(seed),
        '--max-features',
        String(Math.floor(Math.sqrt(rep.features))),
        '--time-points',
        String(timePoints),
      ],
      o.cap,
      Infinity,
    );
    const run: MemoryRun = { label, status: 'ok', wallSeconds: out.wallSeconds };
    if (out.code !== 0 || out.stopped) {
      run.status = 'failed';
      run.note = out.stopped ?? (out.stderr.trim().split('\n').pop() ?? '').slice(0, 200);
    } else {
      const rec = JSON.parse(out.stdout.trim().split('\n').pop() ?? '') as {
        fitSeconds: number;
        peakMB: number;
        gridPoints: number;
      };
      run.fitSeconds = rec.fitSeconds;
      run.peakMB = rec.peakMB;
      run.gridPoints = rec.gridPoints;
    }
    rep.runs.push(run);
    log(`  ${memoryLine(run)}`);
  }
  const label = `ranger${rangerVersion ? ` ${rangerVersion}` : ''}, num.threads=1`;
  if (!rangerVersion) {
    rep.runs.push({ label, status: 'unavailable', note: 'not installed here', wallSeconds: 0 });
  } else {
    const out = await runSampled(
      RSCRIPT,
      [R_FILE, dir, 'fit', '1', String(trees), String(seed), String(LEAF)],
      o.capSeconds,
      o.capMB,
    );
    const run: MemoryRun = { label, status: 'ok', wallSeconds: out.wallSeconds };
    if (out.stopped) {
      run.status = 'stopped';
      run.note = out.stopped;
      run.peakMB = out.sampledPeakMB;
    } else if (out.code !== 0) {
      run.status = 'failed';
      run.note = (out.stderr.trim().split('\n').pop() ?? '').slice(0, 200);
      run.peakMB = out.sampledPeakMB;
    } else {
      const rec = JSON.parse(out.stdout.trim().split('\n').pop() ?? '') as ChildReport;
      run.fitSeconds = rec.fitSeconds[0];
      run.peakMB = rec.peakMB;
      run.gridPoints = rec.gridPoints[0];
    }
    rep.runs.push(run);
    log(`  ${memoryLine(run)}`);
  }
  return rep;
}

function memoryLine(run: MemoryRun): string {
  if (run.status === 'stopped')
    return `${run.label}: stopped at ${f(run.wallSeconds, 0)} s (${run.note}), ${f((run.peakMB ?? NaN) / 1024, 2)} GiB resident at its peak so far`;
  if (run.status !== 'ok') return `${run.label}: ${run.note ?? run.status}`;
  return `${run.label}: fit ${f(run.fitSeconds, 1)} s, peak ${f(run.peakMB, 0)} MiB, ${run.gridPoints} curve times`;
}

const f = (x: number | undefined, d: number): string =>
  x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d);

/** A fit-time ratio: three decimals, or two significant digits below 0.01 (Cox's is tiny). */
const ratioText = (x: number): string => (x >= 0.01 ? x.toFixed(3) : x.toPrecision(2));

/** ✓ or ✗ and the measured figures behind it, or why it could not be judged. */
function verdict(ok: boolean | null, text: string): string {
  return `${ok === null ? '–' : ok ? 'met' : 'NOT met'}: ${text}`;
}

/** The memory goal, 0.5 GB read strictly as 500,000,000 bytes, in MiB. */
const GOAL_MB = 5e8 / 2 ** 20;

/** The goals of issue 17, judged on the measured figures. */
function goalLines(r: SurvivalBenchResult): string[] {
  const L: string[] = [];
  for (const t of r.tables) {
    const get = (id: SurvContenderId): SurvRun | undefined =>
      t.runs.find((x) => x.id === id && x.status === 'ok');
    const g1 = get('genoforest-1');
    const gp = get('genoforest-pool');
    const r1 = get('ranger-1');
    const ra = get('ranger-all');
    if (!g1 || !r1) {
      L.push(`- ${t.name}: not judged (GenoForest or ranger did not finish; see the table)`);
      continue;
    }
    const dc = (g1.cindex ?? NaN) - (r1.cindex ?? NaN);
    const db = (g1.integratedBrier ?? NaN) - (r1.integratedBrier ?? NaN);
    const q1 = (g1.fitSeconds ?? NaN) / (r1.fitSeconds ?? NaN);
    const q1cpu = (g1.fitCpuSeconds ?? NaN) / (r1.fitCpuSeconds ?? NaN);
    L.push(
      `- ${t.name}: Harrell's C ${verdict(dc >= -0.01, `${f(g1.cindex, 4)} vs ranger ${f(r1.cindex, 4)} (${dc >= 0 ? '+' : '−'}${f(Math.abs(dc), 4)}; goal ≥ −0.01)`)}; ` +
        `integrated Brier ${verdict(db <= 0.005, `${f(g1.integratedBrier, 4)} vs ${f(r1.integratedBrier, 4)} (${db >= 0 ? '+' : '−'}${f(Math.abs(db), 4)}; goal ≤ +0.005)`)}; ` +
        `fit, one thread ${verdict(q1 <= 0.25, `${ratioText(q1)}× ranger's wall time (goal ≤ 0.25×; CPU time ${ratioText(q1cpu)}×)`)}` +
        (g1.warmFitSeconds !== undefined && r1.warmFitSeconds && r1.warmFitCpuSeconds
          ? ` (fold 1 fitted again, warm: ${ratioText(g1.warmFitSeconds / r1.warmFitSeconds)}× wall, ${ratioText((g1.warmFitCpuSeconds ?? NaN) / r1.warmFitCpuSeconds)}× CPU; not the goal's figure)`
          : '') +
        (gp && ra
          ? `; pool ${verdict(
              (gp.fitSeconds ?? NaN) / (ra.fitSeconds ?? NaN) <= 0.15,
              `${ratioText((gp.fitSeconds ?? NaN) / (ra.fitSeconds ?? NaN))}× ranger's on ${r.cores} threads (goal ≤ 0.15×)`,
            )}`
          : '; pool: not judged'),
    );
  }
  const m = r.memory;
  if (m) {
    const worst = m.runs[1];
    const rg = m.runs[2];
    L.push(
      `- ${m.rows} patients, ${m.distinctEventTimes} distinct event times, one fit: peak memory ${verdict(
        worst?.status === 'ok' ? (worst.peakMB ?? Infinity) < GOAL_MB : null,
        `GenoForest ${f(m.runs[0]?.peakMB, 0)} MiB (default grid), ${f(worst?.peakMB, 0)} MiB (every event time on the grid); goal < 0.5 GB = ${f(GOAL_MB, 0)} MiB`,
      )}; ranger ${rg?.status === 'ok' ? `${f(rg.peakMB, 0)} MiB` : rg?.status === 'stopped' ? `stopped at ${f(rg.wallSeconds, 0)} s with ${f((rg.peakMB ?? NaN) / 1024, 2)} GiB` : (rg?.note ?? 'not run')}`,
    );
  }
  return L;
}

/** SURVIVAL.md from the measured numbers. */
export function renderSurvival(r: SurvivalBenchResult): string {
  const cpus = os.cpus();
  const load = (x: number[]): string => x.map((v) => v.toFixed(2)).join(' / ');
  const L: string[] = ['# GenoForest survival benchmark', ''];
  L.push(
    'Generated by bench/survival.ts (the survival section of `npm run bench`, or `npx tsx bench/survival.ts` alone); every number below was measured in that run.',
    '',
    `- Date: ${r.started.toISOString()} (took ${((+r.finished - +r.started) / 60000).toFixed(1)} min); CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} logical cores; load average (1/5/15 min) at start ${load(r.loadStart)}, at end ${load(r.loadEnd)}`,
    `- Node ${process.version}; ${r.rangerVersion ? `R ranger ${r.rangerVersion}` : "R's ranger NOT installed (not compared)"}; ${r.survivalVersion ? `R survival ${r.survivalVersion}` : "R's survival NOT installed (Cox not compared)"}`,
    ...(r.parts
      ? [
          `- Only part of the section was run (--tables ${r.parts.join(',')}); bench/SURVIVAL.md holds the last whole run.`,
        ]
      : []),
    '- The machine is shared: a load average above its core count means other work took CPU time from every contender, and wall-clock fit times (and their ratios) move with it.',
    '',
    '## Goals of issue 17, on these measurements',
    '',
    ...goalLines(r),
    '',
    '## Method',
    '',
    `- ${FOLDS}-fold cross-validation stratified by event (seed ${FOLD_SEED}; the CLI's \`evaluate --time\` folds): every contender, in its own process, fits on the same four folds (each fold's training rows only) and predicts the fifth, five times, writing each patient's out-of-fold risk and survival curve.`,
    `- GenoForest: ${r.trees} trees, features per split ⌊√p⌋, leaves of at least ${LEAF} patients, its default time grid (at most 200 event-time quantiles), seed ${r.seed}; one thread, fold after fold, and its Node pool of ${r.cores} threads fitting the five folds at once as \`evaluate --time\` does (src/worker/node.ts trainSurvivalForestsInPool): the calling thread and ${r.cores} − 1 worker${r.cores === 2 ? '' : 's'}, each taking the next fold when free (a whole fold's forest each while folds enough remain for every thread; a fold left over grown together, each thread claiming 32 of its trees at a time from a counter in shared memory until none is left), each fold's table sent as columns to the worker that grows it and binned there, a worker's next fold queued behind the one it grows, its trees sent back packed (the kernel's batch buffers); the same trees as one thread for each fold. (The app's Evaluate grows them on its workers alone: a page's calling thread never computes.) The pool is started and warmed up before the first fold, and the fit waits until that warm-up is done (pool.whenWarm): the workers' own, the calling thread's trees, then the warm-up table's folds fitted through the pool a few trees each, until the process is near idle (its compiler threads done) — that start-up is reported beside the row, not in the fit time. Five folds of fewer than ${SURVIVAL_FOLDS_MIN_WORK.toLocaleString('en')} training rows × trees in all grow in the calling thread alone (SURVIVAL_FOLDS_MIN_WORK: below it the pool was not measured faster; ${SURVIVAL_FOLDS_COLD_MIN_WORK.toLocaleString('en')} on a pool whose workers are not running yet, as a lone \`evaluate --time\` command's, whose start-up costs more than a small batch's second thread saves). Its fold 1 again is a single fit (trainSurvivalInPool: its trees sharded across the workers, or under ${SURVIVAL_POOL_MIN_WORK.toLocaleString('en')} rows × trees grown in the calling thread).`,
    `- ranger: ${r.trees} trees, splitrule "logrank", min.node.size = ${LEAF}, mtry = ⌊√p⌋, seed ${r.seed}, num.threads = 1 and = ${r.cores} (every logical core here), oob.error = FALSE in the cross-validated fits (GenoForest's folds skip their out-of-bag curves too: the same work; the memory row's fits both keep them); its curves over every distinct training follow-up time (ranger 0.14 takes censored times too: the “curve times” column). ranger's min.node.size stops splitting small nodes; GenoForest's leaf size bounds the leaves — close, not identical.`,
    '- Cox: survival::coxph, all features linear, Efron ties; survival curves from survfit (Breslow baseline).',
    "- Figures, computed for every contender by GenoForest's own functions on the risks and curves it wrote (as the CLI's `evaluate --time`): **Harrell's C over the pooled out-of-fold risks** (the goal's figure), with a 95 % percentile bootstrap interval over patients (200 resamples); the mean and standard deviation of the five folds' own C; the **integrated IPCW Brier score of the pooled out-of-fold curves**, censoring distribution from the whole table, trapezoid over the distinct 10th–90th percentiles of the event times. Risk: summed cumulative hazard over the model's curve times (GenoForest, ranger), the linear predictor (Cox).",
    `- Fit time: one thread and ranger, the five folds' fits added up; the pool, whose folds grow at once, the wall clock from the start of the call (sending each fold's table and binning it in its worker included) until the last fold's forest is back (its fold 1 column: until fold 1's forest was back); wall clock (not reading data, not predicting; GenoForest's first fold includes V8's warm-up of the engine code, as a user's first fit does, ranger's is compiled), and their CPU time (user + system of every thread of the process: what the fit cost, less moved by other work on the machine than the wall clock; a pool's or ranger's threads add up). Ratios: GenoForest one thread ÷ ranger num.threads = 1, the pool ÷ ranger num.threads = ${r.cores}. The goals are judged on the wall clock, as stated. **Fold 1 again, warm**: after the five folds each contender fits fold 1 once more (not used for predictions), its code compiled and loaded: what a further fit in the same session costs, without GenoForest's V8 warm-up (or R's first-call costs); shown beside, not the goal's figure. Peak memory: the process's peak resident set (Linux VmHWM) at its end, including the runtime (Node or R) and, for the pool, its worker threads.`,
    ...(r.tables.some((t) => t.runs.some((x) => x.fitRuns))
      ? [
          `- Five folds fitted in under ${REPEAT_UNDER_SECONDS} s (a contender's first run) are fitted ${REPEATS} times, each in a fresh process, for every contender alike, and the median run's times are shown (the forests and predictions are the same in every run; the runs' times are in the log): one run of a few tens of milliseconds swings by a fifth on this shared machine.`,
        ]
      : []),
    "- Table sizes: ranger's fit and prediction grow with patients × distinct follow-up times, so the cross-validated tables are lung, a random sample of flchain and a small synthetic cohort (sizes in their sections; `--flchain-rows`, `--synth-rows` change them), to keep the section near ten minutes on this machine. The worst case, thousands of distinct event times, is the memory row's single fit.",
    '',
  );
  for (const t of r.tables) {
    L.push(`## ${t.name}`, '');
    L.push(
      `${t.note}. ${t.rows} patients × ${t.features} features, ${t.events} events, ${t.distinctEventTimes} distinct event times; folds of ${t.foldSizes.join(' / ')} patients; Brier score over ${t.brierCount} times from ${t.brierFrom} to ${t.brierTo}.`,
      '',
    );
    L.push(
      "| contender | fit, 5 folds (s) | of which fold 1 (s) | fit ÷ ranger (same threads) | fit CPU time (s) | CPU ÷ ranger's | fold 1 again, warm: wall / CPU (s) | warm ÷ ranger's warm: wall / CPU | predict (s) | peak memory (MiB) | curve times | Harrell's C, pooled [95 % CI] | C of the folds, mean ± SD | integrated Brier, pooled |",
    );
    L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const base = (run: SurvRun): SurvRun | undefined =>
      t.runs.find(
        (x) =>
          x.status === 'ok' &&
          (run.threads > 1 || run.id === 'coxph'
            ? x.id === (run.id === 'coxph' ? 'ranger-1' : 'ranger-all')
            : x.id === 'ranger-1'),
      );
    for (const run of t.runs) {
      if (run.status !== 'ok') {
        L.push(`| ${run.label} | ${run.note ?? run.status} | | | | | | | | | | | | |`);
        continue;
      }
      const b = base(run);
      const ratio =
        b?.fitSeconds && run.fitSeconds !== undefined
          ? `${ratioText(run.fitSeconds / b.fitSeconds)}×`
          : '–';
      const cpuRatio =
        b?.fitCpuSeconds && run.fitCpuSeconds !== undefined
          ? `${ratioText(run.fitCpuSeconds / b.fitCpuSeconds)}×`
          : '–';
      const grid = run.gridPoints
        ? run.gridPoints[0] === run.gridPoints[1]
          ? String(run.gridPoints[0])
          : `${run.gridPoints[0]}–${run.gridPoints[1]}`
        : '–';
      const ci = run.cindexInterval
        ? ` [${f(run.cindexInterval[0], 3)}, ${f(run.cindexInterval[1], 3)}]`
        : '';
      const start =
        run.startSeconds !== undefined ? ` (+ ${f(run.startSeconds, 2)} s pool start)` : '';
      const warm = `${f(run.warmFitSeconds, 3)} / ${f(run.warmFitCpuSeconds, 3)}`;
      const warmRatio =
        b?.warmFitSeconds && b.warmFitCpuSeconds && run.warmFitSeconds !== undefined
          ? `${ratioText(run.warmFitSeconds / b.warmFitSeconds)}× / ${ratioText((run.warmFitCpuSeconds ?? NaN) / b.warmFitCpuSeconds)}×`
          : '–';
      L.push(
        `| ${run.label} | ${f(run.fitSeconds, 2)}${start} | ${f(run.firstFoldSeconds, 2)} | ${ratio} | ${f(run.fitCpuSeconds, 2)} | ${cpuRatio} | ${warm} | ${warmRatio} | ${f(run.predictSeconds, 2)} | ${f(run.peakMB, 0)} | ${grid} | ${f(run.cindex, 4)}${ci} | ${f(run.cindexFoldMean, 4)} ± ${f(run.cindexFoldSd, 4)} | ${f(run.integratedBrier, 4)} |`,
      );
    }
    L.push('');
  }
  const m = r.memory;
  if (m) {
    L.push(`## Memory: ${m.name}, one fit`, '');
    L.push(
      `${m.note}. ${m.rows} patients × ${m.features} features, ${m.events} events, ${m.distinctEventTimes} distinct event times (${m.distinctTimes} distinct follow-up times); one fit of ${r.trees} trees on every patient, each contender in its own process. GenoForest through bench/survivalMemory.ts; ranger's process is sampled every 0.2 s and stopped (SIGKILL) after ${m.capSeconds} s or above ${m.capMB} MiB resident (the machine is shared), its peak then being the last sample's.`,
      '',
    );
    L.push('| contender | fit (s) | peak memory (MiB) | curve times | note |');
    L.push('|---|---:|---:|---:|---|');
    for (const run of m.runs) {
      const note =
        run.status === 'stopped'
          ? `stopped at ${f(run.wallSeconds, 0)} s (${run.note}) with ${f((run.peakMB ?? NaN) / 1024, 2)} GiB resident: did not finish`
          : run.status === 'ok'
            ? ''
            : (run.note ?? run.status);
      L.push(
        `| ${run.label} | ${f(run.fitSeconds, 1)} | ${f(run.peakMB, 0)} | ${run.gridPoints ?? '–'} | ${note} |`,
      );
    }
    L.push('');
  }
  return L.join('\n');
}

/** Run the section alone (or, with --child DIR, be GenoForest's contender process). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      child: { type: 'string' },
      threads: { type: 'string' },
      trees: { type: 'string' },
      seed: { type: 'string' },
      cap: { type: 'string' },
      'flchain-rows': { type: 'string' },
      'synth-rows': { type: 'string' },
      'memory-rows': { type: 'string' },
      'memory-cap-seconds': { type: 'string' },
      'memory-cap-mb': { type: 'string' },
      out: { type: 'string' },
      tables: { type: 'string' },
      'no-repeat': { type: 'boolean' },
    },
  });
  const num = (v: string | undefined): number | undefined => (v === undefined ? v : Number(v));
  const trees = Number(values.trees ?? 500);
  const seed = Number(values.seed ?? 1);
  if (values.child !== undefined) {
    await genoforestChild(values.child, trees, seed, Number(values.threads ?? 1));
    return;
  }
  const log = (s: string): void => void process.stdout.write(s + '\n');
  const parts = values.tables?.split(',').map((t) => t.trim());
  const unknown = parts?.filter((t) => !(SURVIVAL_PARTS as readonly string[]).includes(t)) ?? [];
  if (parts && (unknown.length > 0 || parts.length === 0)) {
    throw new Error(
      `--tables takes ${SURVIVAL_PARTS.join(', ')} (comma-separated); unknown: ${unknown.join(', ') || '(none given)'}`,
    );
  }
  const defaultOut = path.resolve(ROOT, 'bench/SURVIVAL.md');
  const subset = parts !== undefined && SURVIVAL_PARTS.some((t) => !parts.includes(t));
  if (subset && (values.out === undefined || path.resolve(ROOT, values.out) === defaultOut)) {
    throw new Error(
      '--tables runs part of the section: give --out FILE other than bench/SURVIVAL.md, which holds a whole run',
    );
  }
  const result = await runSurvivalBench(log, {
    tables: parts,
    trees,
    seed,
    cap: num(values.cap),
    flchainRows: num(values['flchain-rows']),
    synthRows: num(values['synth-rows']),
    memoryRows: num(values['memory-rows']),
    memoryCapSeconds: num(values['memory-cap-seconds']),
    memoryCapMB: num(values['memory-cap-mb']),
    noRepeat: values['no-repeat'] === true,
  });
  const outFile = path.resolve(ROOT, values.out ?? 'bench/SURVIVAL.md');
  writeFileSync(outFile, renderSurvival(result));
  log(`\nWrote ${path.relative(ROOT, outFile)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
