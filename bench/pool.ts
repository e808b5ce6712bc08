/**
 * The training pool against one thread, counting everything the user waits for (binning, getting the data to the
 * workers, growing, assembling), on the synthetic 5,000 × 2,000 SNP-heavy table (or another --kind; bench/synth.ts,
 * 75 % training rows, 100 trees, scikit-learn's defaults without OOB). Runs are interleaved (A, B, C, A, B, C, …)
 * because the machine may be shared; the load average is printed with the table.
 *
 *   npx tsx bench/pool.ts [--rows 5000] [--features 2000] [--trees 100] [--reps 3] [--threads 2] [--sklearn]
 *                         [--kind snp-heavy|mixed|snp]
 *
 * Modes:
 * - 1 thread: binFeatures and growTrees on the calling thread (no worker).
 * - pool cold: a new pool (workers started, engine loaded in them), bin in the pool, grow, assemble; starting the
 *   workers overlaps the first call, so it shows in the binning column.
 * - pool warm: workers already running (as in the app after the first fit); new data binned in the pool, grown.
 * - pool warm, no shared memory: the same with slices and bins moved by transfer and cloned to each worker (a page
 *   served without cross-origin isolation headers).
 * Pool rows also give the CPU time of each thread (Linux /proc) while binning and while growing: this thread, the
 * two busiest others (the workers) and the rest (V8's compiler and GC threads).
 * With --cv (alone), the app's path on a tall table instead: a 100,000 × 30 CSV (synthTable) through the EngineClient
 * on Node workers: one fit, then 5-fold cross-validation with a prediction asked every 100 ms meanwhile (the slowest
 * answer is reported: predictions must not queue behind the evaluation).
 * With --sklearn, scikit-learn RandomForestClassifier(n_jobs=1) fits the same training rows once
 * (bench/sklearn_contender.py through /usr/bin/python3).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { binFeatures } from '../src/engine/forest/binning.ts';
import { assembleForest } from '../src/engine/forest/forest.ts';
import { growTrees } from '../src/engine/forest/grow.ts';
import { DEFAULT_PARAMS, type ForestParams } from '../src/engine/forest/types.ts';
import { createNodePool, spawnNodeWorker } from '../src/worker/node.ts';
import { TrainingPool } from '../src/worker/pool.ts';
import { writeBenchData } from './data.ts';
import { gatherRows } from '../src/engine/evaluate/heldOut.ts';
import { SYNTH_KINDS, splitTrainTest, synthTable, type SynthKind } from './synth.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const nRowsAll = arg('rows', 5000);
const nFeatures = arg('features', 2000);
const nTrees = arg('trees', 100);
const reps = arg('reps', 3);
const threads = arg('threads', 2);
const withSklearn = process.argv.includes('--sklearn');

const kindAt = process.argv.indexOf('--kind');
const kind = (kindAt >= 0 ? process.argv[kindAt + 1] : 'snp-heavy') as SynthKind;
if (!SYNTH_KINDS.includes(kind)) throw new Error(`--kind: one of ${SYNTH_KINDS.join(', ')}`);
const table = synthTable(nRowsAll, nFeatures, 42, kind);
const split = splitTrainTest(table.y);
const nRows = split.train.length;
const X = gatherRows(table.X, nRowsAll, nFeatures, split.train);
const y = Uint8Array.from(split.train, (r) => table.y[r]);
const isCategorical = new Uint8Array(nFeatures);
const params: ForestParams = {
  ...DEFAULT_PARAMS,
  nEstimators: nTrees,
  randomState: 1,
  oobScore: false,
};
const allTrees = Array.from({ length: nTrees }, (_, i) => i);

interface Timing {
  total: number;
  /** Binning, including getting the columns to the workers and the bins back. */
  bin: number;
  /** Growing, including giving the bins to each worker. */
  grow: number;
  /** CPU seconds of the whole process (all threads), a figure a busy machine disturbs less than wall time. */
  cpu?: number;
  /** Pool only: seconds from the 90th percent of the trees done to the last (the tail, where workers idle). */
  tail?: number;
  /** Pool only: seconds assembling the shards into the forest on the calling thread. */
  assemble?: number;
  /**
   * Pool only (Linux): CPU seconds of the process's threads while binning and while growing: this thread, the two
   * busiest others (the workers) and the rest (V8's compiler and GC threads).
   */
  threadCpu?: { bin: ThreadSplit; grow: ThreadSplit };
}

interface ThreadSplit {
  main: number;
  workers: number[];
  rest: number;
}

/** CPU seconds of each thread of this process (Linux /proc; empty elsewhere). */
function threadTimes(): Map<string, number> {
  const times = new Map<string, number>();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return times;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks (100 a second on Linux).
      times.set(tid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // A thread that ended meanwhile.
    }
  }
  return times;
}

function threadSplit(before: Map<string, number>, after: Map<string, number>): ThreadSplit {
  const main = String(process.pid);
  const others: number[] = [];
  let mainCpu = 0;
  for (const [tid, t] of after) {
    const d = t - (before.get(tid) ?? 0);
    if (tid === main) mainCpu = d;
    else others.push(d);
  }
  others.sort((a, b) => b - a);
  const workers = others.slice(0, threads);
  const rest = others.slice(threads).reduce((a, b) => a + b, 0);
  return { main: mainCpu, workers, rest };
}

/** Medians of the runs' thread splits, part by part (undefined when a run has none). */
function medianSplit(splits: (ThreadSplit | undefined)[]): ThreadSplit | undefined {
  if (splits.length === 0 || splits.some((x) => x === undefined)) return undefined;
  const all = splits as ThreadSplit[];
  return {
    main: median(all.map((x) => x.main)),
    workers: all[0].workers.map((_, i) => median(all.map((x) => x.workers[i] ?? 0))),
    rest: median(all.map((x) => x.rest)),
  };
}

function showSplit(s: ThreadSplit | undefined): string {
  if (!s) return '–';
  return `${s.main.toFixed(2)} / ${s.workers.map((w) => w.toFixed(2)).join(' + ')} / ${s.rest.toFixed(2)}`;
}

const now = (): number => performance.now() / 1000;

function oneThread(): Timing {
  const t0 = now();
  const binned = binFeatures(X, nRows, nFeatures, isCategorical);
  const t1 = now();
  const shard = growTrees(binned, y, 2, params, allTrees);
  assembleForest([shard], params, nRows, 2, nFeatures, y);
  const t2 = now();
  return { total: t2 - t0, bin: t1 - t0, grow: t2 - t1 };
}

let dataCounter = 0;

/** A fit on `pool` of fresh data (a new id, so it is binned and sent again, as a new table in the app). */
async function poolFit(pool: TrainingPool): Promise<Timing> {
  const c0 = threadTimes();
  const t0 = now();
  await pool.prepareData({
    id: `bench-${++dataCounter}`,
    X,
    nRows,
    nFeatures,
    isCategorical,
    y,
    nClasses: 2,
  });
  const t1 = now();
  const c1 = threadTimes();
  const doneAt: number[] = [];
  const shards = await pool.grow(params, { onProgress: () => doneAt.push(now()) });
  const tg = now();
  const c2 = threadTimes();
  assembleForest(shards, params, nRows, 2, nFeatures, y);
  const t2 = now();
  const p90 = doneAt[Math.floor(0.9 * (doneAt.length - 1))] ?? tg;
  const threadCpu =
    c0.size > 0 ? { bin: threadSplit(c0, c1), grow: threadSplit(c1, c2) } : undefined;
  return {
    total: t2 - t0,
    bin: t1 - t0,
    grow: t2 - t1,
    tail: tg - p90,
    assemble: t2 - tg,
    threadCpu,
  };
}

/** Starts a pool's workers and loads the engine in them with a tiny fit. */
async function warmUp(pool: TrainingPool): Promise<number> {
  const t0 = now();
  const tiny = new Float32Array(64).map((_, i) => i % 7);
  await pool.prepareData({
    id: `tiny-${++dataCounter}`,
    X: tiny,
    nRows: 32,
    nFeatures: 2,
    isCategorical: new Uint8Array(2),
    y: new Uint8Array(32).map((_, i) => i % 2),
    nClasses: 2,
  });
  await pool.grow({ ...params, nEstimators: pool.size });
  return now() - t0;
}

async function coldFit(): Promise<Timing> {
  const t0 = now();
  const pool = createNodePool(threads, { idleTimeoutMs: 0 });
  try {
    const t = await poolFit(pool);
    // Starting the workers and loading the engine in them overlaps the first call: it is counted in binning.
    return { ...t, total: now() - t0 };
  } finally {
    pool.dispose();
  }
}

function sklearn(): number | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'genoforest-pool-bench-'));
  try {
    writeBenchData(dir, { nRows: nRowsAll, nFeatures, X: table.X, y: table.y, ...split });
    const r = spawnSync('/usr/bin/python3', ['bench/sklearn_contender.py', dir, '1', '1'], {
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    if (r.status !== 0) {
      process.stderr.write(`scikit-learn run failed: ${r.stderr}\n`);
      return null;
    }
    return (JSON.parse(r.stdout) as { fitSeconds: number }).fitSeconds;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The --cv run: fit and 5-fold evaluation of a tall table through the app's client, predictions meanwhile. */
async function tallEvaluation(): Promise<void> {
  const rows = arg('rows', 100_000);
  const cols = arg('features', 30);
  const t = synthTable(rows, cols);
  const lines = [[...t.names, 'outcome'].join(',')];
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let f = 0; f < cols; f++) cells.push(String(Math.round(t.X[f * rows + r] * 1000) / 1000));
    lines.push(`${cells.join(',')},${t.y[r] ? 'case' : 'control'}`);
  }
  const { createEngineClient } = await import('../src/worker/client.ts');
  const engine = createEngineClient({ spawn: spawnNodeWorker, workers: threads });
  const load0 = loadavg();
  try {
    let t0 = now();
    await engine.loadCsv(new Blob([lines.join('\n')]), 'tall.csv');
    const loadSeconds = now() - t0;
    const setup = { target: 'outcome', columns: [] };
    t0 = now();
    const info = await engine.train(setup, {
      ...DEFAULT_PARAMS,
      nEstimators: nTrees,
      randomState: 1,
    });
    const fitSeconds = now() - t0;
    const patient = Object.fromEntries(t.names.map((n, f) => [n, t.X[f * rows]]));
    await engine.predict(patient);
    let finished = false;
    t0 = now();
    let grownAt = NaN;
    const foldScoredAt: number[] = [];
    const evaluation = engine
      .evaluate(5, {
        onProgress: (p) => {
          if (p.treesDone === p.treesTotal && Number.isNaN(grownAt)) grownAt = now() - t0;
          if (p.foldsDone > foldScoredAt.length) foldScoredAt.push(now() - t0);
        },
      })
      .finally(() => {
        finished = true;
      });
    const waits: number[] = [];
    while (!finished) {
      const p0 = now();
      await engine.predict(patient);
      waits.push(now() - p0);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const report = await evaluation;
    const cvSeconds = now() - t0;
    process.stdout.write(
      [
        '',
        `Tall table through the app's client: ${rows} × ${cols} CSV, ${nTrees} trees, ${threads} training workers; load average ${load0.map((l) => l.toFixed(1)).join(' / ')} before.`,
        '',
        '| step | seconds |',
        '|---|---|',
        `| load CSV | ${loadSeconds.toFixed(2)} |`,
        `| train (encode, bin on the pool, grow, assemble) | ${fitSeconds.toFixed(2)} (${info.treesPerSecond?.toFixed(1)} trees/s growing) |`,
        `| 5-fold cross-validation | ${cvSeconds.toFixed(2)} (${(cvSeconds / fitSeconds).toFixed(1)}× the fit; CV AUC ${report.cv.auc?.toFixed(4)}) |`,
        `| … every fold's trees grown after | ${grownAt.toFixed(2)} |`,
        `| … folds scored (evaluation worker) after | ${foldScoredAt.map((x) => x.toFixed(1)).join(', ')} |`,
        `| slowest of ${waits.length} predictions during it | ${Math.max(...waits).toFixed(3)} (median ${median(waits).toFixed(3)}) |`,
      ].join('\n') + '\n',
    );
  } finally {
    engine.dispose();
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--cv')) return tallEvaluation();
  const load0 = loadavg();
  const warm = createNodePool(threads, { idleTimeoutMs: 0 });
  const warmCopy = new TrainingPool(spawnNodeWorker, {
    size: threads,
    idleTimeoutMs: 0,
    shareMemory: false,
  });
  const startSeconds = [await warmUp(warm), await warmUp(warmCopy)];
  const modes: [string, () => Promise<Timing>][] = [
    ['1 thread (no worker)', async () => oneThread()],
    [`pool of ${threads}, cold start`, coldFit],
    [`pool of ${threads}, warm workers, shared memory`, () => poolFit(warm)],
    [`pool of ${threads}, warm workers, transfer + clone`, () => poolFit(warmCopy)],
  ];
  const results = new Map<string, Timing[]>(modes.map(([name]) => [name, []]));
  let sk: number | null = null;
  for (let rep = 0; rep < reps; rep++) {
    for (const [name, run] of modes) {
      const c0 = process.cpuUsage();
      const t = await run();
      const c = process.cpuUsage(c0);
      t.cpu = (c.user + c.system) / 1e6;
      results.get(name)?.push(t);
      process.stderr.write(
        `rep ${rep + 1} ${name}: ${t.total.toFixed(2)} s (bin ${t.bin.toFixed(2)}, grow ${t.grow.toFixed(2)}, cpu ${t.cpu.toFixed(2)}${t.threadCpu ? `; thread CPU main / workers / rest: binning ${showSplit(t.threadCpu.bin)}, growing ${showSplit(t.threadCpu.grow)}` : ''})\n`,
      );
    }
    if (withSklearn && rep === 0) {
      sk = sklearn();
      process.stderr.write(`scikit-learn n_jobs=1: ${sk?.toFixed(2) ?? 'failed'} s\n`);
    }
  }
  warm.dispose();
  warmCopy.dispose();
  const load1 = loadavg();

  const single = median((results.get(modes[0][0]) ?? []).map((t) => t.total));
  const lines = [
    `Pool benchmark, ${nRows} training rows × ${nFeatures} features (synthTable(${nRowsAll}, ${nFeatures}, 42, ${kind}), 75 % split), ${nTrees} trees, ${threads} workers, ${reps} interleaved runs (median; all runs in brackets).`,
    `Load average before ${load0.map((l) => l.toFixed(1)).join(' / ')}, after ${load1.map((l) => l.toFixed(1)).join(' / ')}; warm-up of the warm pools (start + engine load) ${startSeconds.map((s) => s.toFixed(2)).join(' s, ')} s.`,
    '',
    `| mode | total (s) | binning + data to workers (s) | growing + assembling (s) | … last 10 % of trees (s) | … assembling (s) | CPU, all threads (s) | CPU binning: this thread / workers / other threads (s) | CPU growing: the same (s) | ÷ 1 thread |${sk ? ' ÷ scikit-learn n_jobs=1 |' : ''}`,
    `|---|---|---|---|---|---|---|---|---|---|${sk ? '---|' : ''}`,
  ];
  for (const [name] of modes) {
    const ts = results.get(name) ?? [];
    const total = median(ts.map((t) => t.total));
    const all = ts.map((t) => t.total.toFixed(1)).join(', ');
    lines.push(
      `| ${name} | ${total.toFixed(2)} [${all}] | ${median(ts.map((t) => t.bin)).toFixed(2)} | ${median(ts.map((t) => t.grow)).toFixed(2)} | ${ts[0]?.tail === undefined ? '–' : median(ts.map((t) => t.tail ?? NaN)).toFixed(3)} | ${ts[0]?.assemble === undefined ? '–' : median(ts.map((t) => t.assemble ?? NaN)).toFixed(3)} | ${median(ts.map((t) => t.cpu ?? NaN)).toFixed(2)} | ${showSplit(medianSplit(ts.map((t) => t.threadCpu?.bin)))} | ${showSplit(medianSplit(ts.map((t) => t.threadCpu?.grow)))} | ${(total / single).toFixed(2)} |${sk ? ` ${(total / sk).toFixed(2)} |` : ''}`,
    );
  }
  if (sk)
    lines.push(
      '',
      `scikit-learn RandomForestClassifier(n_estimators=100, n_jobs=1) fit: ${sk.toFixed(2)} s (one run).`,
    );
  process.stdout.write('\n' + lines.join('\n') + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
