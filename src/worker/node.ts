// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types of an untyped ESM path, see the file
/// <reference path="./comlink-node-adapter.d.ts" />
/**
 * The engine workers in Node (CLI, benchmark, Vitest), through the same pool and client code as the browser:
 * node:worker_threads workers running node.data.worker.ts or node.training.worker.ts, adapted with Comlink's node
 * adapter to look like Web Workers.
 *
 * Why a bootstrap instead of `execArgv: ['--import', 'tsx']`: on Node 20 a worker started with that flag does not
 * get tsx's loader hooks for its entry module and fails with ERR_UNKNOWN_FILE_EXTENSION ".ts" (nodejs/node#47747,
 * privatenumber/tsx#354). The worker is therefore started from a tiny inline ES module that registers tsx through
 * its documented API (`tsx/esm/api`, resolved to an absolute URL here, so the worker's working directory does not
 * matter) and then imports the role's entry. This works under `npx tsx`, `npm run`, and `npx vitest`, on Node 20+.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { Endpoint } from 'comlink';
import type { EncodedCohort, EncodedDataset } from '../engine/data/types';
import type { BinnedData, ForestModel, ForestParams, TreeShard } from '../engine/forest/types';
import { assembleForest } from '../engine/forest/forest';
import {
  assembleSurvivalForest,
  fitSurvivalForest,
  prepareSurvivalFit,
  type SurvivalColumns,
  type SurvivalForestModel,
} from '../engine/forest/survivalForest';
import type { SurvivalParams } from '../engine/forest/survivalParams';
import {
  growSurvivalTrees,
  growSurvivalTreesPacked,
  type SurvivalShardWire,
} from '../engine/forest/survivalGrow';
import { growClaimed } from '../engine/forest/survivalShardPack';
import { warmUpPerTreeCalls, warmUpSurvivalTable } from '../engine/forest/warmUp';
import { binFeatures } from '../engine/forest/binning';
import type { TrainingColumns } from './api';
import { abortError, type WorkerLike, type WorkerRole } from './host';
import {
  TrainingPool,
  clampPoolSize,
  splitTrees,
  type PoolOptions,
  type SurvivalJobColumns,
} from './pool';
import { binTable, categoricalMask } from '../app/trainingData';
import { holdsSnpPacked, isSnpPacked } from '../engine/forest/packedSnp';
import type { SurvivalFoldsFitter } from '../app/survivalEvaluation';

export { binTable };

const WORKER_ENTRIES: Record<WorkerRole, URL> = {
  data: new URL('./node.data.worker.ts', import.meta.url),
  training: new URL('./node.training.worker.ts', import.meta.url),
  evaluation: new URL('./node.evaluation.worker.ts', import.meta.url),
  effect: new URL('./node.effect.worker.ts', import.meta.url),
};

/** URL of tsx's ESM registration API, resolved from this package (not from the worker's cwd). */
function tsxApiUrl(): string {
  const meta = import.meta as ImportMeta & { resolve?: (specifier: string) => string };
  if (typeof meta.resolve === 'function') {
    try {
      return meta.resolve('tsx/esm/api');
    } catch {
      // Fall through to require.resolve (e.g. under a transform that does not provide import.meta.resolve).
    }
  }
  // The "require" condition points at the .cjs build; the ESM build is its sibling (package "exports").
  const cjs = createRequire(import.meta.url).resolve('tsx/esm/api');
  return pathToFileURL(cjs.replace(/\.cjs$/, '.mjs')).href;
}

let tsxApi: string | null = null;

/**
 * The inline module a Node engine worker starts from: hand on this thread's test-hook switch (testHooks.ts), register
 * tsx, then load the role's entry.
 */
function bootstrap(role: WorkerRole): string {
  tsxApi ??= tsxApiUrl();
  const hooks = globalThis.__GENOFOREST_TEST_HOOKS__ === true;
  return (
    `globalThis.__GENOFOREST_TEST_HOOKS__ = ${hooks};` +
    `import(${JSON.stringify(tsxApi)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_ENTRIES[role].href)}); });`
  );
}

/** A worker_threads Worker seen as a Web Worker: message events via Comlink's adapter, error on crash or exit. */
class NodeWorkerAdapter implements WorkerLike {
  private readonly worker: Worker;
  private readonly endpoint: Endpoint;
  private readonly errorListeners = new Set<EventListenerOrEventListenerObject>();
  private ended = false;
  private failed = false;

  constructor(worker: Worker) {
    this.worker = worker;
    // Comlink's types for the adapter predate Node's own types; the Worker has the on/off/postMessage it uses.
    this.endpoint = nodeEndpoint(worker as unknown as Parameters<typeof nodeEndpoint>[0]);
    worker.on('error', (error: unknown) => {
      this.fail(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    });
    worker.on('exit', (code: number) => {
      if (!this.ended) this.fail(`the worker exited with code ${code}`);
    });
  }

  postMessage(message: unknown, transfer?: Transferable[]): void {
    this.endpoint.postMessage(message, transfer);
  }

  addEventListener(type: string, listener: EventListenerOrEventListenerObject): void {
    if (type === 'message') this.endpoint.addEventListener(type, listener);
    else if (type === 'error') this.errorListeners.add(listener);
  }

  removeEventListener(type: string, listener: EventListenerOrEventListenerObject): void {
    if (type === 'message') this.endpoint.removeEventListener(type, listener);
    else if (type === 'error') this.errorListeners.delete(listener);
  }

  terminate(): void {
    this.ended = true;
    void this.worker.terminate();
  }

  ref(): void {
    this.worker.ref();
  }

  unref(): void {
    this.worker.unref();
  }

  private fail(message: string): void {
    if (this.failed || this.ended) return;
    this.failed = true;
    const event = Object.assign(new Event('error'), { message });
    for (const l of this.errorListeners) {
      if (typeof l === 'function') l(event);
      else l.handleEvent(event);
    }
  }
}

/** Adapts any worker_threads Worker to WorkerLike (an 'error' event on crash or unexpected exit). */
export function adaptNodeWorker(worker: Worker): WorkerLike {
  return new NodeWorkerAdapter(worker);
}

/** Starts one Node engine worker of a role (its entry through the tsx bootstrap), adapted to WorkerLike. */
export function spawnNodeWorker(role: WorkerRole): WorkerLike {
  const worker = new Worker(bootstrap(role), {
    eval: true,
    // Do not inherit the parent's flags (Vitest's or tsx's loaders); the bootstrap registers what it needs.
    execArgv: [],
    name: `genoforest-${role}`,
  });
  return adaptNodeWorker(worker);
}

/** A pool of `n` Node training workers (default: the machine's cores, clamped to 1..8). */
export function createNodePool(n?: number, options: Omit<PoolOptions, 'size'> = {}): TrainingPool {
  const size = n ?? availableParallelism();
  return new TrainingPool(spawnNodeWorker, {
    warmUpHere: warmUpSurvivalHere,
    ...options,
    size: clampPoolSize(size),
  });
}

/** Calls of the calling thread's survival warm-up (warmUpSurvivalHere), a slice of the event loop each. */
const HERE_WARM_CALLS = 10;
/** Trees of each call. */
const HERE_WARM_TREES = 100;
/** Fits of the warm-up table's folds through the pool after those calls (warmUpPooledFolds), and their trees. */
const POOL_WARM_FITS = 24;
const POOL_WARM_TREES = 4;
/** Set when a fit first grows trees in this thread: the warm-up's remaining calls are dropped. */
let hereGrowing = false;
/** The options of the warm-up's own fits through the pool (their growth here is not a user's fit). */
const warmUpFits = new WeakSet<object>();

/**
 * The calling thread's share of a pool's warm-up (PoolOptions.warmUpHere), since it grows survival folds beside the
 * workers (trainSurvivalForestsInPool): a thousand trees on the engine's small survival table (warmUpSurvivalTable),
 * a call per turn of the event loop, through the paths a fold takes here — its own trees grown and assembled, and
 * a worker's packed shard unpacked and assembled with one of this thread's (a fold split between them). The
 * workers warm up alike (trainingWorker.ts warmUpTrainingWorker). Measured on lung's five 134-patient folds, this
 * thread growing them alone, each fit the first of a fresh process (medians of 6, load ~2): 64.7 ms cold (and with
 * the workers' 128 trees), 53.1 ms after 1,000 trees, 51.3 ms after 5,000. About 25 ms of this thread's time.
 * First the per-tree helpers (warmUp.ts warmUpPerTreeCalls), then warmUpPooledFolds. Settles when done, or when a fit
 * started growing here first.
 */
function warmUpSurvivalHere(pool: TrainingPool): Promise<void> {
  warmUpPerTreeCalls();
  const t = warmUpSurvivalTable();
  const local = new Promise<void>((resolve) => {
    let call = 0;
    const step = (): void => {
      if (hereGrowing || pool.isDisposed || call >= HERE_WARM_CALLS) {
        resolve();
        return;
      }
      const params = { nEstimators: HERE_WARM_TREES, randomState: call + 1, oobScore: false };
      if (call % 2 === 0) {
        fitSurvivalForest(t.X, t.nRows, t.nFeatures, t.isCategorical, t.time, t.event, params);
      } else {
        const fit = prepareSurvivalFit(t.time, t.event, params, t.nFeatures);
        const binned = binFeatures(t.X, t.nRows, t.nFeatures, t.isCategorical, 255);
        const [a, b] = splitTrees(HERE_WARM_TREES, 2);
        const grow = (indices: number[], packed: boolean) =>
          (packed ? growSurvivalTreesPacked : growSurvivalTrees)(
            binned,
            t.time,
            t.event,
            fit.grid,
            fit.params,
            indices,
          );
        // The packed shard cloned, as a worker's answer arrives (its tree indices an array made by the clone).
        const packed = structuredClone(grow(a, true));
        assembleSurvivalForest([packed, grow(b, false)], fit.params, t.nFeatures, fit.grid);
      }
      call++;
      // Not unref'd: with only unref'd immediates pending an idle event loop waits in its poll for other events
      // (seconds, measured), so the warm-up stalled. Ten short calls; a disposed pool ends them.
      setImmediate(step);
    };
    setImmediate(step);
  });
  // No settling once a fit has started: its own compiling is its own.
  return local
    .then(() => warmUpPooledFolds(pool, t))
    .then(() => (hereGrowing || pool.isDisposed ? undefined : settled()));
}

/** Longest wait of settled, and its window. */
const SETTLE_MAX_MS = 500;
const SETTLE_WINDOW_MS = 20;

/**
 * Settles once the process has used under a tenth of a core over SETTLE_WINDOW_MS (or after SETTLE_MAX_MS): V8
 * compiles what the warm-up made hot on background threads after the warm-up's calls return, and a fit started
 * meanwhile shares the cores with that compiler (node --trace-opt: 20–60 ms of compiling during the first fit).
 */
async function settled(): Promise<void> {
  const end = performance.now() + SETTLE_MAX_MS;
  while (performance.now() < end) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    await new Promise((resolve) => setTimeout(resolve, SETTLE_WINDOW_MS).unref());
    const used = process.cpuUsage(cpu);
    if ((used.user + used.system) / 1000 < 0.1 * (performance.now() - start)) return;
  }
}

/**
 * The last of the calling thread's warm-up: a cross-validation's folds of the warm-up table fitted through the pool
 * as `evaluate --time` and the benchmark fit them (trainSurvivalForestsInPool, each fold's rows a table of its own,
 * a few trees each), POOL_WARM_FITS times, dropped once a fit grows here. What the calls above do not reach is
 * compiled here, not in the first fit: the pool's sending and the workers' answering of the fold calls (Comlink on
 * both ends, the tables' cloning, holdColumns), the workers' packed shards and this thread's reading of them, and the
 * per-fit code that grows hot over a session's first fits (survivalKernel's setup: its compiling now happens here).
 * Measured on lung's five 134-patient folds, pool of 2, each fit the first of a fresh process: the threads' first
 * trees began 1.2–1.5 ms after the call instead of 2.9–6.8 ms (6 a side); 36.5 against 37.6 ms median wall, 61.8
 * against 64.9 ms CPU (14 a side, interleaved, load ~2). 12 fits left survivalKernel's compiling to the first fit in
 * 3 of 4 processes; 4 trees a fold rather than 16 keep the growing loops (growShard, unpackSurvivalShard) below the
 * point where V8 compiles them, 20–40 ms of a compiler thread that would otherwise fall in the first fit. About
 * 0.1 s of the pool's start.
 */
async function warmUpPooledFolds(pool: TrainingPool, t: SurvivalTrainInput): Promise<void> {
  const k = 5;
  const folds = Array.from({ length: k }, (_, fold) => {
    const rows: number[] = [];
    for (let r = 0; r < t.nRows; r++) if (r % k !== fold) rows.push(r);
    const n = rows.length;
    const X = new Float32Array(n * t.nFeatures);
    for (let f = 0; f < t.nFeatures; f++) {
      for (let i = 0; i < n; i++) X[f * n + i] = t.X[f * t.nRows + rows[i]];
    }
    const input: SurvivalTrainInput = {
      X,
      nRows: n,
      nFeatures: t.nFeatures,
      isCategorical: t.isCategorical,
      time: Float64Array.from(rows, (r) => t.time[r]),
      event: Uint8Array.from(rows, (r) => t.event[r]),
    };
    return { input };
  });
  for (let fit = 0; fit < POOL_WARM_FITS && !hereGrowing && !pool.isDisposed; fit++) {
    const options = { pool, poolMinWork: 0 };
    warmUpFits.add(options);
    await trainSurvivalForestsInPool(
      folds,
      { nEstimators: POOL_WARM_TREES, randomState: fit + 1, oobScore: false },
      options,
    );
  }
}

/** Options of trainInPool. */
export interface TrainInPoolOptions {
  /** Workers to use (default: cores, 1..8); ignored when `pool` is given. */
  threads?: number;
  /** Reuse this pool (e.g. across cross-validation folds) instead of starting and ending one. */
  pool?: TrainingPool;
  /** Trees done over the whole pool and the total. */
  onProgress?: (treesDone: number, treesTotal: number) => void;
  signal?: AbortSignal;
  /** Train on these rows only (a cross-validation fold). */
  rows?: Int32Array;
  /** Each row's group: the shards also sum the out-of-bag votes by group (GrowOptions.groups). */
  groups?: Int32Array;
  /** Index of the forest's first tree (GrowOptions.firstTree; default 0). */
  firstTree?: number;
  /**
   * Shards of the forest's trees 0 to firstTree − 1, grown before (a tuned setting's trees from the search): assembled
   * with the new ones into one forest of firstTree + nEstimators trees.
   */
  kept?: TreeShard[];
  /** Called with the shards grown, before they are assembled (for a caller that keeps them, e.g. tuning). */
  onShards?: (shards: TreeShard[]) => void;
  /** Survival fits under this many training rows × trees grow in the calling thread (default SURVIVAL_POOL_MIN_WORK; 0: always the pool). */
  poolMinWork?: number;
}

/**
 * Training data as trainInPool accepts it: an encoded table or raw columns (both binned in the pool), or already
 * binned features.
 */
export type TrainInput =
  | EncodedDataset
  | EncodedCohort
  | Omit<TrainingColumns, 'id'>
  | { binned: BinnedData; y: Uint8Array; nClasses: number };

let nextDataId = 1;
const dataIds = new WeakMap<object, string>();

/** A stable id per input object, so a pool that holds it already is not sent it again (e.g. across CV folds). */
function idOf(input: object): string {
  let id = dataIds.get(input);
  if (id === undefined) {
    id = `node-${nextDataId++}`;
    dataIds.set(input, id);
  }
  return id;
}

/**
 * Trains a forest in a pool of Node workers, the same path the browser takes: bin (in parallel across the pool),
 * grow contiguous shards of trees in the workers, assemble (here, on the calling thread). The same seed gives the
 * same model whatever the number of threads.
 */
export async function trainInPool(
  input: TrainInput,
  params: ForestParams,
  options: TrainInPoolOptions = {},
): Promise<ForestModel> {
  const pool = options.pool ?? createNodePool(options.threads);
  try {
    // As the app's train() decides: genotypes held only 2-bit packed when every fit on the data takes the packed path.
    const snpPacked =
      !('binned' in input) &&
      holdsSnpPacked({
        X: input.X,
        nRows: input.nRows,
        nClasses: 'encoding' in input ? input.encoding.classes.length : input.nClasses,
        params,
      });
    const id = idOf('binned' in input ? input.binned : input) + (snpPacked ? '+snp' : '');
    let nRows: number;
    let nFeatures: number;
    let y: Uint8Array;
    let nClasses: number;
    if ('binned' in input) {
      ({ nRows, nFeatures } = input.binned);
      ({ y, nClasses } = input);
      if (pool.dataId !== id) pool.setTrainingData({ id, ...input });
    } else {
      ({ nRows, nFeatures, y } = input);
      const isCategorical = 'encoding' in input ? categoricalMask(input) : input.isCategorical;
      nClasses = 'encoding' in input ? input.encoding.classes.length : input.nClasses;
      if (pool.dataId !== id) {
        await pool.prepareData(
          { id, X: input.X, nRows, nFeatures, isCategorical, y, nClasses, snpPacked },
          options.signal,
        );
      }
    }
    const shards = await pool.grow(params, {
      rows: options.rows ?? null,
      ...(options.groups ? { groups: options.groups } : {}),
      firstTree: options.firstTree,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    options.onShards?.(shards);
    if (!options.kept) return assembleForest(shards, params, nRows, nClasses, nFeatures, y);
    const whole = { ...params, nEstimators: (options.firstTree ?? 0) + params.nEstimators };
    return assembleForest([...options.kept, ...shards], whole, nRows, nClasses, nFeatures, y);
  } finally {
    if (!options.pool) pool.dispose();
  }
}

/**
 * Training rows × trees below which a survival fit grows in the calling thread rather than on the pool. First measured
 * before the WebAssembly kernel (flchain rows, 500 trees, warm engine, Node pool of 2 on 2 cores): the pool lost at
 * every size up to 400 × 500 (134 × 500: 0.10 s here, 0.39 s on the pool) and won from 1000 × 1000 (1.9 s vs 1.1 s).
 * Measured again with the kernel, the workers' survival warm-up and no progress reports when none is asked for
 * (synthetic 8 columns, 500 trees, warm, fits alternating in one process, medians of 7, load 4.6–6.3 on the 2 cores):
 * 134 × 500 one thread 43–45 ms wall / 22–23 ms CPU, pool 74–96 ms / 37–45 ms; 400 × 500 127–198 vs 119–183 ms wall;
 * 1000 × 500 333–476 vs 314–455 ms: a small fit still loses, the pool's cost per fit now being some 5–20 ms of CPU
 * (messages, the trees' clone, assembling 500 trees from shards; more under load) rather than 0.15–0.3 s, and around
 * this threshold neither side wins while other work holds the cores. Kept where it was, below the last crossover
 * measured.
 */
export const SURVIVAL_POOL_MIN_WORK = 250_000;

/** A survival cohort as trainSurvivalInPool takes it: column-major features and every row's follow-up. */
export type SurvivalTrainInput = SurvivalColumns;

/**
 * Trains a survival forest in a pool of Node workers: bin in the pool, grow chunks of trees in the workers on the
 * time grid made here, assemble here; a fit under SURVIVAL_POOL_MIN_WORK grows here instead. The same seed gives the
 * same model as fitSurvivalForest in one thread.
 */
export async function trainSurvivalInPool(
  input: SurvivalTrainInput,
  params: Partial<SurvivalParams>,
  options: TrainInPoolOptions = {},
): Promise<SurvivalForestModel> {
  const { X, nRows, nFeatures, isCategorical, time, event } = input;
  const fit = prepareSurvivalFit(time, event, params, nFeatures, options.rows);
  const work = (options.rows?.length ?? nRows) * fit.params.nEstimators;
  if (work < (options.poolMinWork ?? SURVIVAL_POOL_MIN_WORK)) {
    // Shipping the table to the workers and the trees back costs more than growing them here; each tree seeds its
    // own generator, so these are the pool's trees.
    if (options.signal?.aborted) throw abortError();
    const total = fit.params.nEstimators;
    return fitSurvivalForest(X, nRows, nFeatures, isCategorical, time, event, params, {
      rows: options.rows,
      onTreeDone: options.onProgress && ((done) => options.onProgress?.(done, total)),
    });
  }
  const pool = options.pool ?? createNodePool(options.threads);
  try {
    const id = idOf(input);
    if (pool.dataId !== id) {
      // The event stands in for the class: the workers hold it beside the bins, the follow-up comes with each call.
      await pool.prepareData(
        { id, X, nRows, nFeatures, isCategorical, y: event, nClasses: 2 },
        options.signal,
      );
    }
    const shards = await pool.growSurvival(
      fit.params,
      { time, event, grid: fit.grid },
      { rows: options.rows ?? null, signal: options.signal, onProgress: options.onProgress },
    );
    return assembleSurvivalForest(shards, fit.params, nFeatures, fit.grid, { time, event });
  } finally {
    if (!options.pool) pool.dispose();
  }
}

/**
 * Training rows × trees, all forests together, below which trainSurvivalForestsInPool grows a batch in the calling
 * thread alone. Above it the calling thread grows folds beside size − 1 workers (SurvivalForestsOptions.growHere),
 * each taking the next fold when free, their trees sent packed (survivalGrow.ts growSurvivalTreesPacked), every thread
 * warmed up beforehand (PoolOptions.warmUpHere, the workers' own warm-up). Measured with a scratch script timing
 * lung's five 134-patient folds as bench/survival.ts fits them (each the first fit of a fresh process, the pool of 2
 * started and warmed beforehand, 8 processes a side, interleaved, load 2.5–3): 500 trees (335,000) 40.9 ms wall /
 * 67 ms CPU this way against 57.0 / 68 ms in the calling thread alone; 250 trees (167,500) 21.5 / 36 against 33.3 /
 * 38; 100 trees (67,000) 16.5 / 22 against 15.8 / 16; 40 trees 10.2 / 15 against 9.1 / 8. Set between the last
 * two. (Before the calling thread grew its share, the pool's 2 workers beside an idle calling thread lost on lung:
 * their messages, the trees' cloning and a third thread on 2 cores cost some 40 % more CPU, and the threshold stood
 * at 1,000,000.) Flchain's five 800-patient folds (2,000,000) took 0.72–0.77 s at once on the pool against
 * 1.13–2.22 s fold after fold, each sharded: at once wins well above it.
 */
export const SURVIVAL_FOLDS_MIN_WORK = 100_000;

/**
 * SURVIVAL_FOLDS_MIN_WORK when the pool's workers are not running yet: starting them (loading the engine and warming
 * up, ~1 s on 2 cores) costs more than a small batch's second thread saves. `evaluate --time --threads 2` on lung's
 * 228 patients (300 trees) took 2.95 s with the workers started for its folds against 1.51 s without them. The
 * threshold the pool had before its calling thread grew a share.
 */
export const SURVIVAL_FOLDS_COLD_MIN_WORK = 1_000_000;

/** One forest of trainSurvivalForestsInPool: its cohort and, for a cross-validation fold, its training rows. */
export interface SurvivalFitJob {
  input: SurvivalTrainInput;
  rows?: Int32Array;
}

/** Options of trainSurvivalForestsInPool. */
export interface SurvivalForestsInPoolOptions {
  /** Workers to use (default: cores, 1..8); ignored when `pool` is given. */
  threads?: number;
  pool?: TrainingPool;
  signal?: AbortSignal;
  /** Trees done over every forest and the total. */
  onProgress?: (treesDone: number, treesTotal: number) => void;
  /** Called with each forest as soon as it is assembled (forests finish in any order). */
  onForest?: (job: number, model: SurvivalForestModel) => void;
  /**
   * A batch under this many training rows × trees, all forests together, grows in the calling thread (default
   * SURVIVAL_FOLDS_MIN_WORK on a pool whose workers run, SURVIVAL_FOLDS_COLD_MIN_WORK otherwise; 0: always the pool).
   */
  poolMinWork?: number;
}

/**
 * Trains several survival forests at once on a pool of Node workers (a cross-validation's folds): each whole forest
 * in one worker while there are forests enough for every worker, the last ones split across them
 * (TrainingPool.growSurvivalForests), so k folds on w workers take about k / w fold-times and no per-chunk messages.
 * One cohort shared by every job is binned across the pool and held there (as trainSurvivalInPool); cohorts of their
 * own are binned here, each when a worker first takes it. Every forest is the one fitSurvivalForest grows for its
 * seed and rows.
 *
 * A batch under SURVIVAL_FOLDS_MIN_WORK (training rows × trees of all its forests) grows in this thread; above it the
 * folds grow at once whatever their size, never sharded fold by fold.
 */
export async function trainSurvivalForestsInPool(
  jobs: readonly SurvivalFitJob[],
  params: Partial<SurvivalParams>,
  options: SurvivalForestsInPoolOptions = {},
): Promise<SurvivalForestModel[]> {
  const fits = jobs.map(({ input, rows }) =>
    prepareSurvivalFit(input.time, input.event, params, input.nFeatures, rows),
  );
  const work = jobs.reduce(
    (a, { input, rows }, j) => a + (rows?.length ?? input.nRows) * fits[j].params.nEstimators,
    0,
  );
  const warm = options.pool !== undefined && options.pool.running > 0;
  const minWork =
    options.poolMinWork ?? (warm ? SURVIVAL_FOLDS_MIN_WORK : SURVIVAL_FOLDS_COLD_MIN_WORK);
  const userFit = !warmUpFits.has(options);
  if (work < minWork) {
    if (userFit) hereGrowing = true;
    const total = fits.reduce((a, f) => a + f.params.nEstimators, 0);
    let before = 0;
    return jobs.map(({ input, rows }, j) => {
      if (options.signal?.aborted) throw abortError();
      const { X, nRows, nFeatures, isCategorical, time, event } = input;
      const model = fitSurvivalForest(X, nRows, nFeatures, isCategorical, time, event, params, {
        rows,
        onTreeDone: options.onProgress && ((done) => options.onProgress?.(before + done, total)),
      });
      before += fits[j].params.nEstimators;
      options.onForest?.(j, model);
      return model;
    });
  }
  const pool = options.pool ?? createNodePool(options.threads);
  try {
    const inputs = [...new Set(jobs.map((j) => j.input))];
    const columnsOf = new Map<SurvivalTrainInput, SurvivalJobColumns>();
    /** Each cohort's bins in this thread, for the trees it grows (binFeatures: the workers' bins). */
    const binnedHere = new Map<SurvivalTrainInput, BinnedData>();
    if (inputs.length === 1) {
      // One cohort (a cross-validation's): binned across the pool and held there, as trainSurvivalInPool does.
      const [input] = inputs;
      const id = idOf(input);
      if (pool.dataId !== id) {
        const { X, nRows, nFeatures, isCategorical, event } = input;
        const held = await pool.prepareData(
          { id, X, nRows, nFeatures, isCategorical, y: event, nClasses: 2 },
          options.signal,
        );
        if (!isSnpPacked(held.binned)) binnedHere.set(input, held.binned);
      }
    } else {
      // Cohorts of their own (each fold's rows alone, as the benchmark fits them): each binned by the worker that
      // grows on it (holdColumns), so this thread neither bins nor waits for a table to be binned and sent.
      for (const input of inputs) {
        const { X, nRows, isCategorical, event } = input;
        // The event stands in for the class, as in trainSurvivalInPool.
        columnsOf.set(input, { id: idOf(input), X, nRows, isCategorical, y: event, nClasses: 2 });
      }
    }
    const models: SurvivalForestModel[] = [];
    await pool.growSurvivalForests(
      jobs.map(({ input, rows }, j) => ({
        params: fits[j].params,
        outcome: { time: input.time, event: input.event, grid: fits[j].grid },
        rows: rows ?? null,
        columns: columnsOf.get(input),
      })),
      {
        signal: options.signal,
        onProgress: options.onProgress,
        // This thread grows a share too, rather than wait: `threads` threads grow in all, as ranger's num.threads.
        growHere: async (j, treeIndices, claim) => {
          if (userFit) hereGrowing = true;
          // The workers' parts are out; their answers are read between this thread's parts.
          await new Promise((resolve) => setImmediate(resolve));
          const { input, rows } = jobs[j];
          let binned = binnedHere.get(input);
          if (!binned) {
            const { X, nRows, nFeatures, isCategorical } = input;
            binned = binFeatures(X, nRows, nFeatures, isCategorical, 255);
            binnedHere.set(input, binned);
          }
          const { params: p, grid } = fits[j];
          // Packed, as a worker's, unless out-of-bag curves make the trees anyway.
          const grown = (indices: number[]): SurvivalShardWire =>
            growSurvivalTreesPacked(binned, input.time, input.event, grid, p, indices, {
              rows: rows ?? undefined,
            });
          return claim ? growClaimed(claim, treeIndices, grown) : grown(treeIndices);
        },
        onForest: (j, shards) => {
          const { input } = jobs[j];
          const { params: p, grid } = fits[j];
          models[j] = assembleSurvivalForest(shards, p, input.nFeatures, grid, input);
          options.onForest?.(j, models[j]);
        },
      },
    );
    return models;
  } finally {
    if (!options.pool) pool.dispose();
  }
}

/**
 * The folds fitter (app/survivalEvaluation's evaluateSurvival) that grows a cross-validation's folds on `data` all
 * at once on the pool (trainSurvivalForestsInPool): what `evaluate --time` uses when it has workers.
 */
export function survivalFoldsInPool(
  data: SurvivalTrainInput,
  options: Omit<SurvivalForestsInPoolOptions, 'onForest'>,
): SurvivalFoldsFitter {
  return {
    async allFolds(train, params, onForest) {
      await trainSurvivalForestsInPool(
        train.map((rows) => ({ input: data, rows })),
        params,
        { ...options, onForest },
      );
    },
  };
}
