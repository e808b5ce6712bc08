/**
 * The survival section of `npm run bench`: GenoForest's survival forest (one thread) against R's ranger
 * (num.threads = 1, splitrule logrank) and R survival's Cox model, where installed, on the complete cases of
 * testdata/lung.csv and on a seeded synthetic cohort with thousands of distinct event times. Every contender runs in
 * its own child process on the same CSV files and the same stratified 75/25 split, and writes its held-out risk
 * scores and survival probabilities to a CSV; Harrell's C and the IPCW integrated Brier score of all of them are then
 * computed here with GenoForest's own functions, so the metric is the same code for everyone.
 *
 *   npx tsx bench/survival.ts [--trees 500] [--seed 1] [--cap 900] [--out bench/SURVIVAL.md]
 *
 * Writes bench/SURVIVAL.md from the measured numbers only (run.ts rewrites RESULTS.md as a whole, so the survival
 * figures live in their own file).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
} from '../src/engine/forest/survivalForest.ts';
import { RSCRIPT, rPackageVersion, runChild } from './child.ts';
import { Rng } from '../src/engine/forest/rng.ts';
import { integratedBrierScore } from '../src/engine/survival/brier.ts';
import { harrellC } from '../src/engine/survival/concordance.ts';
import { brierTimes } from '../src/engine/survival/survivalEvaluation.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, 'bench', '.cache');
/** Leaf size of GenoForest, and ranger's min.node.size, in every survival fit here (the issue's setting). */
const LEAF = 15;

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

type SurvContenderId = 'genoforest-1' | 'ranger-1' | 'coxph';

/** What a contender's child process prints as its last line. */
interface ChildReport {
  fitSeconds: number;
  predictSeconds: number;
  peakMB: number;
  gridPoints?: number;
}

/** The measured outcome of one contender on one table. */
export interface SurvRun {
  id: SurvContenderId;
  label: string;
  status: 'ok' | 'failed' | 'over-cap' | 'unavailable';
  note?: string;
  fitSeconds?: number;
  predictSeconds?: number;
  peakMB?: number;
  gridPoints?: number;
  cindex?: number;
  integratedBrier?: number;
}

/** One table's figures. */
export interface SurvTableReport {
  name: string;
  note: string;
  rows: number;
  features: number;
  nTrain: number;
  nTest: number;
  events: number;
  distinctEventTimes: number;
  brierFrom: number;
  brierTo: number;
  brierCount: number;
  runs: SurvRun[];
}

/** Everything the section measured. */
export interface SurvivalBenchResult {
  started: Date;
  finished: Date;
  /** os.loadavg() when the section started: other work on the machine slows every contender. */
  loadStart: number[];
  trees: number;
  seed: number;
  rangerVersion: string | null;
  survivalVersion: string | null;
  tables: SurvTableReport[];
}

/** The complete cases of testdata/lung.csv (ranger refuses missing values), sex coded 1 = male. */
function lungTable(): SurvTable {
  const lines = readFileSync(path.join(ROOT, 'testdata', 'lung.csv'), 'utf8')
    .trim()
    .split(/\r?\n/);
  const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
  const ti = header.indexOf('time');
  const ei = header.indexOf('event');
  const feats = header.map((_, i) => i).filter((i) => i !== ti && i !== ei);
  const t: SurvTable = {
    name: 'lung (NCCTG, complete cases)',
    note: 'testdata/lung.csv without the rows that have a missing value; sex coded 1 = male, 0 = female',
    featureNames: feats.map((i) => header[i].replace(/\./g, '_')),
    X: [],
    time: [],
    event: [],
  };
  for (const line of lines.slice(1)) {
    const cells = line.split(',').map((c) => c.replace(/"/g, '').trim());
    const row = feats.map((i) => {
      const c = cells[i];
      if (c === 'male') return 1;
      if (c === 'female') return 0;
      return c === '' ? NaN : Number(c);
    });
    if (row.some((v) => !Number.isFinite(v))) continue;
    const time = Number(cells[ti]);
    const event = Number(cells[ei]);
    if (!Number.isFinite(time) || (event !== 0 && event !== 1))
      throw new Error(`lung.csv: bad time/event in "${line}"`);
    t.X.push(row.map((v) => Math.fround(v)));
    t.time.push(time);
    t.event.push(event);
  }
  return t;
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
    note: `seeded (seed ${seed}); log hazard 0.7·x1 − 0.5·x2 + 0.4·(x3² − 1) + 0.6·x7 + 0.4·x1·x8, x4–x6, x9, x10 noise; exponential censoring`,
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

/** A 75/25 split stratified by event, seeded: the same rows for every contender. */
function splitByEvent(event: number[], seed: number): { train: number[]; test: number[] } {
  const rng = new Rng(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const cls of [0, 1]) {
    const rows = event.flatMap((e, i) => (e === cls ? [i] : []));
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    const nTest = Math.round(rows.length * 0.25);
    test.push(...rows.slice(0, nTest));
    train.push(...rows.slice(nTest));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

function writeCsv(file: string, t: SurvTable, rows: number[]): void {
  const out = [['time', 'event', ...t.featureNames].join(',')];
  for (const r of rows) out.push([t.time[r], t.event[r], ...t.X[r]].map(String).join(','));
  writeFileSync(file, out.join('\n') + '\n');
}

/** A numeric CSV written by writeCsv or a contender: header, then rows of numbers. */
function readNumericCsv(file: string): { header: string[]; rows: number[][] } {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',').map((h) => h.replace(/"/g, ''));
  const rows = lines.slice(1).map((l, i) => {
    const v = l.split(',').map(Number);
    if (v.length !== header.length || v.some((x) => Number.isNaN(x)))
      throw new Error(`${path.basename(file)} line ${i + 2}: not ${header.length} numbers`);
    return v;
  });
  return { header, rows };
}

/** Peak resident memory of this process so far (Linux VmHWM), MiB. */
function peakMB(): number {
  const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

/**
 * The GenoForest contender, in its own process: fit on DIR/train.csv with one thread, predict DIR/test.csv, write
 * DIR/pred-genoforest-1.csv (risk, then survival at each time of DIR/times.csv) and print a ChildReport line.
 */
function genoforestChild(dir: string, trees: number, seed: number): void {
  const train = readNumericCsv(path.join(dir, 'train.csv'));
  const test = readNumericCsv(path.join(dir, 'test.csv'));
  const times = readNumericCsv(path.join(dir, 'times.csv')).rows.map((r) => r[0]);
  const p = train.header.length - 2;
  const colMajor = (rows: number[][]): Float32Array => {
    const n = rows.length;
    const X = new Float32Array(n * p);
    for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) X[j * n + i] = rows[i][j + 2];
    return X;
  };
  const n = train.rows.length;
  const Xtr = colMajor(train.rows);
  const time = Float64Array.from(train.rows, (r) => r[0]);
  const event = Uint8Array.from(train.rows, (r) => r[1]);
  const start = performance.now();
  const model = fitSurvivalForest(Xtr, n, p, new Uint8Array(p), time, event, {
    nEstimators: trees,
    maxFeatures: Math.max(1, Math.floor(Math.sqrt(p))),
    minSamplesLeaf: LEAF,
    randomState: seed,
    oobScore: false,
  });
  const fitSeconds = (performance.now() - start) / 1000;
  const m = test.rows.length;
  const predStart = performance.now();
  const H = predictCumHazard(model, colMajor(test.rows), m);
  const risk = riskFromCumHazard(H, model.timeGrid.length);
  const surv = curvesAt(survivalFromCumHazard(H), model.timeGrid, times, 1);
  const predictSeconds = (performance.now() - predStart) / 1000;
  const out = [['risk', ...times.map((_, k) => `s${k + 1}`)].join(',')];
  for (let i = 0; i < m; i++) {
    const row = [risk[i]];
    for (let k = 0; k < times.length; k++) row.push(surv[i * times.length + k]);
    out.push(row.map(String).join(','));
  }
  writeFileSync(path.join(dir, 'pred-genoforest-1.csv'), out.join('\n') + '\n');
  const report: ChildReport = {
    fitSeconds,
    predictSeconds,
    peakMB: peakMB(),
    gridPoints: model.timeGrid.length,
  };
  console.log(JSON.stringify(report));
}

/**
 * The R side, written to a temporary directory at run time: ranger (1 thread, logrank) or coxph on train.csv,
 * predictions on test.csv written as pred-<id>.csv (risk, then survival at times.csv, the step function's value at
 * the last curve time <= t, 1 before the first). Risk: ranger's summed cumulative hazard (the same "mortality" as
 * GenoForest's), Cox's linear predictor.
 */
const R_SCRIPT = String.raw`
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; which <- args[2]; trees <- as.integer(args[3]); seed <- as.integer(args[4]); leaf <- as.integer(args[5])
suppressPackageStartupMessages(library(survival))
train <- read.csv(file.path(dir, "train.csv"))
test <- read.csv(file.path(dir, "test.csv"))
times <- read.csv(file.path(dir, "times.csv"))$t
at <- function(curveTimes, S, t) {
  idx <- findInterval(t, curveTimes)
  sapply(idx, function(k) if (k == 0) rep(1, nrow(S)) else S[, k])
}
peak <- function() {
  s <- readLines("/proc/self/status")
  as.numeric(sub("[^0-9]*([0-9]+).*", "\\1", s[grepl("^VmHWM", s)])) / 1024
}
grid <- NA
if (which == "ranger-1") {
  suppressPackageStartupMessages(library(ranger))
  p <- ncol(train) - 2
  t0 <- proc.time()[["elapsed"]]
  fit <- ranger(Surv(time, event) ~ ., data = train, num.trees = trees, num.threads = 1,
                splitrule = "logrank", min.node.size = leaf, mtry = max(1, floor(sqrt(p))), seed = seed)
  fitSeconds <- proc.time()[["elapsed"]] - t0
  t0 <- proc.time()[["elapsed"]]
  pr <- predict(fit, data = test, num.threads = 1)
  risk <- rowSums(pr$chf)
  S <- at(pr$unique.death.times, pr$survival, times)
  predictSeconds <- proc.time()[["elapsed"]] - t0
  grid <- length(pr$unique.death.times)
} else {
  t0 <- proc.time()[["elapsed"]]
  fit <- coxph(Surv(time, event) ~ ., data = train, ties = "efron")
  fitSeconds <- proc.time()[["elapsed"]] - t0
  t0 <- proc.time()[["elapsed"]]
  risk <- predict(fit, newdata = test, type = "lp")
  sf <- survfit(fit, newdata = test)
  S <- at(sf$time, t(sf$surv), times)
  predictSeconds <- proc.time()[["elapsed"]] - t0
}
S <- matrix(S, nrow = nrow(test))
out <- cbind(risk = risk, S)
colnames(out) <- c("risk", paste0("s", seq_along(times)))
write.csv(out, file.path(dir, paste0("pred-", which, ".csv")), row.names = FALSE)
cat(sprintf('{"fitSeconds":%.6f,"predictSeconds":%.6f,"peakMB":%.1f%s}\n', fitSeconds, predictSeconds, peak(),
            if (is.na(grid)) "" else sprintf(',"gridPoints":%d', grid)))
`;

const f = (x: number | undefined, d: number): string =>
  x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(d);

/** A fit-time ratio: three decimals, or two significant digits below 0.01 (Cox's is tiny). */
const ratioText = (x: number): string => (x >= 0.01 ? x.toFixed(3) : x.toPrecision(2));

/** Measure every contender on lung and the synthetic cohort; log progress line by line. */
export async function runSurvivalBench(
  log: (s: string) => void,
  options: { trees?: number; seed?: number; cap?: number; syntheticRows?: number } = {},
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
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'genoforest-survbench-'));
  const rFile = path.join(tmp, 'survival_contender.R');
  writeFileSync(rFile, R_SCRIPT);
  const tables: SurvTableReport[] = [];
  try {
    for (const [slug, t] of [
      ['lung', lungTable()],
      ['synth', synthSurvival(options.syntheticRows ?? 3000, 11)],
    ] as const) {
      const dir = path.join(CACHE, `survival-${slug}`);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const split = splitByEvent(t.event, 7);
      writeCsv(path.join(dir, 'train.csv'), t, split.train);
      writeCsv(path.join(dir, 'test.csv'), t, split.test);
      const trainOutcome = {
        time: split.train.map((r) => t.time[r]),
        event: split.train.map((r) => t.event[r]),
      };
      const testOutcome = {
        time: split.test.map((r) => t.time[r]),
        event: split.test.map((r) => t.event[r]),
      };
      // The 10th..90th percentiles of the held-out event times, within the training follow-up (the censoring
      // distribution that weights the Brier score is estimated there and is unknown beyond it).
      const trainMax = Math.max(...trainOutcome.time);
      const times = Array.from(brierTimes(testOutcome.time, testOutcome.event)).filter(
        (x) => x <= trainMax,
      );
      writeFileSync(path.join(dir, 'times.csv'), ['t', ...times.map(String)].join('\n') + '\n');
      const rep: SurvTableReport = {
        name: t.name,
        note: t.note,
        rows: t.time.length,
        features: t.featureNames.length,
        nTrain: split.train.length,
        nTest: split.test.length,
        events: t.event.reduce((a, b) => a + b, 0),
        distinctEventTimes: new Set(t.time.filter((_, i) => t.event[i] === 1)).size,
        brierFrom: times[0],
        brierTo: times[times.length - 1],
        brierCount: times.length,
        runs: [],
      };
      log(
        `\nSurvival: ${rep.name}: ${rep.rows} patients, ${rep.events} events, ${rep.distinctEventTimes} distinct event times; ` +
          `${rep.nTrain} train / ${rep.nTest} test`,
      );
      const plan: { id: SurvContenderId; label: string; cmd: string; args: string[] }[] = [
        {
          id: 'genoforest-1',
          label: 'GenoForest, 1 thread',
          cmd: process.execPath,
          args: [
            '--import',
            'tsx',
            'bench/survival.ts',
            '--child',
            dir,
            '--trees',
            String(trees),
            '--seed',
            String(seed),
          ],
        },
        {
          id: 'ranger-1',
          label: `ranger${rangerVersion ? ` ${rangerVersion}` : ''}, num.threads=1`,
          cmd: RSCRIPT,
          args: [rFile, dir, 'ranger-1', String(trees), String(seed), String(LEAF)],
        },
        {
          id: 'coxph',
          label: `survival${survivalVersion ? ` ${survivalVersion}` : ''} coxph`,
          cmd: RSCRIPT,
          args: [rFile, dir, 'coxph', String(trees), String(seed), String(LEAF)],
        },
      ];
      for (const c of plan) {
        const run: SurvRun = { id: c.id, label: c.label, status: 'ok' };
        rep.runs.push(run);
        if ((c.id === 'ranger-1' && !rangerVersion) || (c.id === 'coxph' && !survivalVersion)) {
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
          const rec = JSON.parse(out.stdout.trim().split('\n').pop() ?? '') as ChildReport;
          Object.assign(run, rec);
          const pred = readNumericCsv(path.join(dir, `pred-${c.id}.csv`)).rows;
          if (pred.length !== rep.nTest || pred[0].length !== times.length + 1) {
            run.status = 'failed';
            run.note = `predictions have ${pred.length} × ${pred[0]?.length ?? 0} values, expected ${rep.nTest} × ${times.length + 1}`;
          } else {
            run.cindex = harrellC(
              testOutcome,
              pred.map((r) => r[0]),
            ).cindex;
            run.integratedBrier = integratedBrierScore(
              trainOutcome,
              testOutcome,
              pred.flatMap((r) => r.slice(1)),
              times,
            );
          }
        }
        log(
          run.status === 'ok'
            ? `  ${c.label}: fit ${f(run.fitSeconds, 2)} s, predict ${f(run.predictSeconds, 3)} s, peak ${f(run.peakMB, 0)} MiB, ` +
                `C ${f(run.cindex, 4)}, integrated Brier ${f(run.integratedBrier, 4)}` +
                (run.gridPoints !== undefined ? `, ${run.gridPoints} curve times` : '')
            : `  ${c.label}: ${run.note}`,
        );
      }
      tables.push(rep);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return {
    started,
    finished: new Date(),
    loadStart,
    trees,
    seed,
    rangerVersion,
    survivalVersion,
    tables,
  };
}

/** SURVIVAL.md from the measured numbers. */
export function renderSurvival(r: SurvivalBenchResult): string {
  const cpus = os.cpus();
  const L: string[] = ['# GenoForest survival benchmark', ''];
  L.push(
    'Generated by bench/survival.ts (the survival section of `npm run bench`, or `npx tsx bench/survival.ts` alone); every number below was measured in that run.',
    '',
    `- Date: ${r.started.toISOString()} (took ${((+r.finished - +r.started) / 60000).toFixed(1)} min); CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} logical cores; load average (1/5/15 min) at start ${r.loadStart.map((x) => x.toFixed(2)).join(' / ')}, at end ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' / ')}`,
    `- Node ${process.version}; ${r.rangerVersion ? `R ranger ${r.rangerVersion}` : "R's ranger NOT installed (not compared)"}; ${r.survivalVersion ? `R survival ${r.survivalVersion}` : "R's survival NOT installed (Cox not compared)"}`,
    '',
    '## Method',
    '',
    `- Each table is split once, 75/25 stratified by event (seed 7); every contender fits on the same train.csv and predicts the same test.csv, in its own process.`,
    `- GenoForest: ${r.trees} trees, one thread, features per split ⌊√p⌋, leaves of at least ${LEAF} patients, its default time grid (at most 200 event-time quantiles), seed ${r.seed}.`,
    `- ranger: ${r.trees} trees, num.threads = 1, splitrule "logrank", min.node.size = ${LEAF}, mtry = ⌊√p⌋, seed ${r.seed}, its curves over every distinct training follow-up time (ranger 0.14 takes censored times too: the “curve times” column). ranger's min.node.size stops splitting small nodes; GenoForest's leaf size bounds the leaves — close, not identical.`,
    '- Cox: survival::coxph, all features linear, Efron ties; survival curves from survfit (Breslow baseline).',
    "- Harrell's C and the integrated Brier score (IPCW, censoring distribution from the training rows; trapezoid over the 10th–90th percentiles of the held-out event times) are computed for every contender by GenoForest's own functions on the predicted risks and survival probabilities each wrote to a CSV. Risk: summed cumulative hazard over the model's curve times (GenoForest, ranger), the linear predictor (Cox).",
    "- Fit time: the model fit alone (not reading the data, not predicting). Peak memory: the process's peak resident set (Linux VmHWM) at its end, including the runtime (Node or R) itself.",
    '- One held-out split: on lung (about 40 test patients) the C-index moves by a few hundredths with the split; treat differences there as noise.',
    '',
  );
  for (const t of r.tables) {
    L.push(`## ${t.name}`, '');
    L.push(
      `${t.note}. ${t.rows} patients × ${t.features} features, ${t.events} events, ${t.distinctEventTimes} distinct event times; ${t.nTrain} training / ${t.nTest} test patients; Brier score over ${t.brierCount} times from ${t.brierFrom} to ${t.brierTo}.`,
      '',
    );
    const ranger = t.runs.find((x) => x.id === 'ranger-1' && x.status === 'ok');
    L.push(
      "| contender | fit (s) | fit ÷ ranger | predict test (s) | peak memory (MiB) | curve times | Harrell's C (test) | integrated Brier (test) |",
    );
    L.push('|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const run of t.runs) {
      if (run.status !== 'ok') {
        L.push(`| ${run.label} | ${run.note ?? run.status} | | | | | | |`);
        continue;
      }
      const ratio =
        ranger?.fitSeconds && run.fitSeconds !== undefined
          ? `${ratioText(run.fitSeconds / ranger.fitSeconds)}×`
          : '–';
      L.push(
        `| ${run.label} | ${f(run.fitSeconds, 2)} | ${ratio} | ${f(run.predictSeconds, 3)} | ${f(run.peakMB, 0)} | ${run.gridPoints ?? '–'} | ${f(run.cindex, 4)} | ${f(run.integratedBrier, 4)} |`,
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
      trees: { type: 'string' },
      seed: { type: 'string' },
      cap: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const trees = Number(values.trees ?? 500);
  const seed = Number(values.seed ?? 1);
  if (values.child !== undefined) {
    genoforestChild(values.child, trees, seed);
    return;
  }
  const log = (s: string): void => void process.stdout.write(s + '\n');
  const result = await runSurvivalBench(log, { trees, seed, cap: Number(values.cap ?? 900) });
  const outFile = path.resolve(ROOT, values.out ?? 'bench/SURVIVAL.md');
  writeFileSync(outFile, renderSurvival(result));
  log(`\nWrote ${path.relative(ROOT, outFile)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
