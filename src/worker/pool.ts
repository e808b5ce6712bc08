/**
 * A small pool of training workers. A fit's trees are split into contiguous chunks of global tree indices that
 * the workers take from a common queue (a few per worker, so a worker given less CPU does not hold the fit up);
 * since each tree seeds its own generator from (randomState, treeIndex) and out-of-bag sums are exact, the forest
 * is the same whatever the number of workers and however the chunks fall. Cancelling (AbortSignal) or a crash terminates every pool worker at
 * once, so the CPU really stops; the next call starts fresh workers and re-sends the training data, which
 * the pool keeps on the calling thread. Workers idle for a while are ended too (as squoosh's worker bridge).
 *
 * Binning runs in the pool too (`prepareData`): workers take contiguous ranges of columns from a queue. When memory can be
 * shared (Node, or a cross-origin isolated page), the encoded columns and the bins live in SharedArrayBuffers that
 * every worker reads, so no worker gets a copy; otherwise slices and bins travel by transfer, and only the final
 * bins are cloned once per worker.
 */
import { proxy, transfer } from 'comlink';
import type {
  BinnedColumns,
  ForestParams,
  TrainingColumns,
  TrainingData,
  TrainingWorkerApi,
  TreeShard,
  WorkerMemory,
} from './api';
import type { CausalResiduals, SurvivalFollowUp } from '../app/types';
import {
  CI_GROUP_SIZE,
  type CausalForestParams,
  type PackedCausalTrees,
} from '../engine/causal/causalForest';
import type { SurvivalShardWire } from '../engine/forest/survivalGrow';
import type { SurvivalParams } from '../engine/forest/survivalParams';
import { armTestCrash } from './testHooks';
import { canShareMemory, isShared, toShared, toSharedColumns } from '../app/sharedMemory';
import {
  asColumns,
  copyColumns,
  hasPacked,
  isFeatureColumns,
  sliceColumns,
} from '../engine/forest/featureColumns';
import type { SnpPackedBins } from '../engine/forest/packedSnp';
import type { BinnedData } from '../engine/forest/types';
import { newDataId } from '../app/dataId';
import type { EffectGrowers } from '../engine/causal/growers';
import { causalPackTransferables } from './transferables';
import { sparseProgress } from './effectGrowers';
import { pcaSweepParts, type PcaPartProduct } from '../engine/genetics/pcaSweep';
import type { PcaSweepJob } from '../app/types';
import { WorkerHost, abortError, isAbortError, whenAborted, type SpawnWorker } from './host';

/** Most workers a pool starts, whatever the machine reports. */
export const MAX_POOL_WORKERS = 8;
/** Idle time after which pool workers are ended. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** The pool size for this machine: navigator.hardwareConcurrency clamped to 1..8. */
export function defaultPoolSize(): number {
  const cores = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  return clampPoolSize(cores ?? 1);
}

/** A requested worker count clamped to 1..MAX_POOL_WORKERS. */
export function clampPoolSize(n: number): number {
  if (!Number.isFinite(n)) return 1;
  return Math.max(1, Math.min(MAX_POOL_WORKERS, Math.floor(n)));
}

/** Splits tree indices 0..nTrees-1 into at most `parts` contiguous, near-equal, non-empty shards. */
export function splitTrees(nTrees: number, parts: number): number[][] {
  const n = Math.max(0, Math.floor(nTrees));
  const p = Math.max(1, Math.min(parts, n));
  const shards: number[][] = [];
  let start = 0;
  for (let i = 0; i < p; i++) {
    const size = Math.floor(n / p) + (i < n % p ? 1 : 0);
    const shard: number[] = [];
    for (let t = start; t < start + size; t++) shard.push(t);
    if (shard.length > 0) shards.push(shard);
    start += size;
  }
  return shards;
}

/**
 * Splits tree indices 0..nTrees-1 into `parts` contiguous non-empty chunks of decreasing size (weights parts,
 * parts-1, …, 1), so that the chunks left when the queue runs dry are small and the worker that finishes last
 * waits on a few trees only (equal chunks left up to a whole chunk, an eighth of a worker's share, to one
 * worker at the end). Equal chunks (splitTrees) when there are fewer than two chunks per worker (each worker's
 * share would then be unequal) or too few trees to taper.
 */
export function taperedChunks(nTrees: number, parts: number, workers: number): number[][] {
  const n = Math.max(0, Math.floor(nTrees));
  const p = Math.max(1, Math.min(parts, n));
  const total = (p * (p + 1)) / 2;
  if (n < total || p < 2 * workers) return splitTrees(n, p);
  const chunks: number[][] = [];
  let start = 0;
  let weight = 0;
  for (let i = 0; i < p; i++) {
    weight += p - i;
    const end = i === p - 1 ? n : Math.round((n * weight) / total);
    const chunk: number[] = [];
    for (let t = start; t < end; t++) chunk.push(t);
    chunks.push(chunk);
    start = end;
  }
  return chunks;
}

/** The message of the error a call rejects with when a training worker dies. */
export function workerCrashMessage(reason: string): string {
  return `A training worker stopped unexpectedly (${reason}). The data and settings are kept; try again, perhaps with fewer trees.`;
}

/** Options of one `grow` call. */
export interface GrowOptions {
  /** Train on these rows of the training data only (a cross-validation fold); all rows when absent. */
  rows?: Int32Array | null;
  /** Each row's group: the shards also sum the out-of-bag votes by group (group-aware tuning, tune.ts). */
  groups?: Int32Array | null;
  signal?: AbortSignal;
  /** Called after every tree with the trees done so far over the whole pool and the total. */
  onProgress?: (treesDone: number, treesTotal: number) => void;
  /**
   * Index of the first tree (default 0): the trees are firstTree to firstTree + nEstimators − 1 of the forest, each
   * seeded by its index, so a forest grown in parts is the forest grown at once (a tuned setting's trees, then the rest).
   */
  firstTree?: number;
  /**
   * Grow on this data instead of the held data, which stays held: a fit of its own (treatment effects) never changes
   * the data another fit, queued or between its folds, trains on.
   */
  data?: TrainingData;
}

/** Splits columns 0..nFeatures-1 into at most `parts` contiguous near-equal ranges [start, end). */
export function splitColumns(nFeatures: number, parts: number): [number, number][] {
  return splitTrees(nFeatures, parts).map((s) => [s[0], s[s.length - 1] + 1]);
}

/** Options of a pool. */
export interface PoolOptions {
  /** Share the training data between workers in SharedArrayBuffers; default canShareMemory(). */
  shareMemory?: boolean;
  /** Number of workers; default navigator.hardwareConcurrency clamped to 1..8. */
  size?: number;
  /** Milliseconds without work after which the workers are ended; default 60 s. 0 or Infinity: never. */
  idleTimeoutMs?: number;
  /**
   * Warms the calling thread up for its share of growth (SurvivalForestsOptions.growHere), called once by warmUp
   * when it starts the workers (Node), with the pool (for fits through it); settles when that warm-up is done
   * (whenWarm).
   */
  warmUpHere?: (pool: TrainingPool) => Promise<void> | void;
}

interface Member {
  host: WorkerHost<TrainingWorkerApi>;
  /** Id of the TrainingData this worker holds. */
  dataId: string | null;
}

/**
 * Gives a worker the pool's training data unless it holds it already. Shared bins are not copied: cloning a view of a
 * SharedArrayBuffer shares its memory.
 */
async function holdData(member: Member, data: TrainingData): Promise<void> {
  if (member.dataId === data.id) return;
  await member.host.api.setTrainingData(data.binned, data.y, data.nClasses, data.id, data.snpCodes);
  member.dataId = data.id;
}

/** A pool of training workers started by `spawn`, growing the trees of one fit at a time. */
export class TrainingPool {
  /** Number of workers a fit is split across. */
  readonly size: number;
  private readonly spawn: SpawnWorker;
  private readonly idleTimeoutMs: number;
  /** Whether training data is shared between the workers rather than copied to each. */
  readonly shareMemory: boolean;
  private members: Member[] = [];
  private data: TrainingData | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private disposed = false;

  /** A pool of `options.size` workers (none started until the first call). */
  private warmUpHere: ((pool: TrainingPool) => Promise<void> | void) | undefined;
  /** The calling thread's warm-up (warmUpHere) until it is done. */
  private warming: Promise<void> = Promise.resolve();

  constructor(spawn: SpawnWorker, options: PoolOptions = {}) {
    this.spawn = spawn;
    this.size = options.size === undefined ? defaultPoolSize() : clampPoolSize(options.size);
    this.idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.shareMemory = (options.shareMemory ?? true) && canShareMemory();
    this.warmUpHere = options.warmUpHere;
  }

  /** Whether dispose was called (a warm-up then stops). */
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Number of workers currently running (for tests and diagnostics). */
  get running(): number {
    return this.members.length;
  }

  /** Id of the training data the pool holds, or null. */
  get dataId(): string | null {
    return this.data?.id ?? null;
  }

  /** The training data the pool holds (as prepareData or setTrainingData gave it), or null. */
  get heldData(): TrainingData | null {
    return this.data;
  }

  /** Sets the binned data the following fits train on; workers receive it lazily, once each. */
  setTrainingData(data: TrainingData): void {
    this.data = data;
  }

  /**
   * Grows the forest's `params.nEstimators` trees across the pool and returns the shards in tree order.
   * Rejects with an AbortError when `signal` aborts (all pool workers are terminated), with a plain-words Error
   * when a worker cannot start, dies or runs out of memory (the pool is replaced), or with the engine's own error
   * (e.g. impossible settings; the workers are kept). Calls run one after another.
   */
  grow(params: ForestParams, options: GrowOptions = {}): Promise<TreeShard[]> {
    const run = this.queue.catch(() => undefined).then(() => this.growNow(params, options));
    this.queue = run;
    return run;
  }

  /**
   * Grows a survival forest's trees across the pool on the held binned data, with every row's follow-up and the
   * time grid, as grow does for classes (same chunking, errors and cancellation; each tree seeds its own generator,
   * so the forest is the same for a seed however many workers grow it). Shards come back in tree order.
   */
  growSurvival(
    params: SurvivalParams,
    outcome: SurvivalFollowUp,
    options: GrowOptions = {},
  ): Promise<SurvivalShardWire[]> {
    const run = this.queue
      .catch(() => undefined)
      .then(() => {
        const data = options.data ?? this.data;
        if (data && outcome.time.length !== data.binned.nRows) {
          throw new Error(
            `The follow-up has ${outcome.time.length} rows but the training data has ${data.binned.nRows}.`,
          );
        }
        // Each chunk's out-of-bag sums are rows × grid points, as a classifier's are rows × classes.
        const perRow = { nClasses: outcome.grid.length };
        return this.growChunks(
          params.nEstimators,
          params,
          perRow,
          options,
          (api, indices, rows, done) => api.growSurvivalTrees(params, indices, rows, outcome, done),
        );
      });
    this.queue = run;
    return run;
  }

  /**
   * Grows several survival forests at once (a cross-validation's folds), each whole forest in one worker where there
   * are enough forests to keep every worker busy: no chunks, one message and one shard per forest. The forests left
   * over when fewer remain than workers (the fifth fold of five on two workers) are split into a part per worker, so
   * no worker idles while another grows a whole forest. Each tree seeds its own generator, so every forest is the one
   * growSurvival (or one thread) grows for its seed. `onForest` gets each forest's shards, in tree order, as soon as
   * its last part is back (forests finish in any order); the answer holds them all in job order. Errors and
   * cancelling as grow.
   */
  growSurvivalForests(
    jobs: readonly SurvivalForestJob[],
    options: SurvivalForestsOptions = {},
  ): Promise<SurvivalShardWire[][]> {
    const run = this.queue
      .catch(() => undefined)
      .then(() => this.growSurvivalForestsNow(jobs, options));
    this.queue = run;
    return run;
  }

  private async growSurvivalForestsNow(
    jobs: readonly SurvivalForestJob[],
    options: SurvivalForestsOptions,
  ): Promise<SurvivalShardWire[][]> {
    const { signal, onProgress, onForest } = options;
    if (signal?.aborted) throw abortError();
    if (this.disposed) throw new Error('The training workers have been shut down.');
    for (const job of jobs) {
      const n = job.params.nEstimators;
      if (!Number.isInteger(n) || n < 1) {
        throw new Error(`The number of trees must be a whole number of at least 1 (got ${n}).`);
      }
    }
    const datas: (TrainingData | undefined)[] = [];
    /** Job j's data, made (when given as a function) when a worker first takes one of its parts. */
    const dataOf = (j: number): TrainingData => {
      let data = datas[j];
      if (!data) {
        const given = jobs[j].data;
        data = (typeof given === 'function' ? given() : given) ?? this.data ?? undefined;
        if (!data) throw new Error('No training data has been given to the training workers.');
        const rows = jobs[j].outcome.time.length;
        if (rows !== data.binned.nRows) {
          throw new Error(
            `Forest ${j + 1}: the follow-up has ${rows} rows but the training data has ${data.binned.nRows}.`,
          );
        }
        datas[j] = data;
      }
      return data;
    };
    jobs.forEach((job, j) => {
      const rows = job.outcome.time.length;
      if (job.columns && rows !== job.columns.nRows) {
        throw new Error(
          `Forest ${j + 1}: the follow-up has ${rows} rows but the table has ${job.columns.nRows}.`,
        );
      }
    });
    if (jobs.length > 0 && !jobs[0].columns) dataOf(0);
    // With a grower here, this thread is one of the pool's threads: parts go round it and size − 1 workers, each
    // taking the next part when free (this thread between its own parts: it answers no message while it grows).
    const here = options.growHere && this.size > 1 ? options.growHere : undefined;
    const workers = here ? this.size - 1 : this.size;
    const parts = survivalForestParts(
      jobs.map((j) => j.params.nEstimators),
      here ? workers + 1 : workers,
      this.shareMemory,
    );
    const treesTotal = jobs.reduce((a, j) => a + j.params.nEstimators, 0);
    const grown: SurvivalShardWire[][] = jobs.map(() => []);
    const partsLeft = jobs.map((_, j) => parts.filter((p) => p.job === j).length);
    let next = 0;
    let done = 0;
    /** The next part's index, or −1 when every part is taken (or the workers failed: see `local`). */
    const nextPart = (): number => (next < parts.length ? next++ : -1);
    /** A finished part's shard, and its forest to onForest when that was its last part. */
    const keep = (j: number, shard: SurvivalShardWire): void => {
      grown[j].push(shard);
      if (--partsLeft[j] === 0) {
        grown[j].sort((a, b) => (a.treeIndices[0] ?? 0) - (b.treeIndices[0] ?? 0));
        onForest?.(j, grown[j]);
      }
    };
    /**
     * Takes the next part for `member` and posts it at once, its table first when the worker does not hold it: the
     * worker runs its messages in order, so the part does not wait for the table's answer.
     */
    const take = (member: Member): Promise<{ j: number; shard: SurvivalShardWire }> | null => {
      const i = nextPart();
      if (i < 0) return null;
      const { job: j, indices, claim } = parts[i];
      const job = jobs[j];
      const table = job.columns ?? dataOf(j);
      const id = table.id;
      let held: Promise<void> | undefined;
      if (member.dataId !== id) {
        const api = member.host.api;
        held = (
          'binned' in table
            ? api.setTrainingData(table.binned, table.y, table.nClasses, id, table.snpCodes)
            : api.holdColumns(
                table.X,
                table.nRows,
                table.isCategorical,
                table.y,
                table.nClasses,
                id,
              )
        ).catch((error: unknown) => {
          member.dataId = null;
          throw error;
        });
        member.dataId = id;
      }
      // As growChunks: no proxy (a message channel per part) when nobody asked for progress. A claimed part's
      // trees are counted when it returns.
      const onTreeDone =
        onProgress &&
        !claim &&
        treeProgress(indices, (more) => {
          done += more;
          onProgress(done, treesTotal);
        });
      const shard = member.host.api.growSurvivalTrees(
        job.params,
        indices,
        job.rows ?? null,
        job.outcome,
        onTreeDone || undefined,
        claim ?? null,
      );
      return Promise.all([shard, held]).then(([s]) => {
        if (claim && onProgress) {
          done += s.treeIndices.length;
          onProgress(done, treesTotal);
        }
        return { j, shard: s };
      });
    };
    const remote = this.onMembers(Math.min(workers, parts.length), signal, async (member, w) => {
      if (globalThis.__GENOFOREST_TEST_HOOKS__ && w === 0) await armTestCrash(member.host.api);
      let current = take(member);
      // Every worker takes its first part before any takes a second (parts go round the workers).
      await Promise.resolve();
      while (current) {
        // One part queued behind the one growing, so that the worker starts it as soon as it is done instead of
        // idling while its answer comes back here and the next part goes out (measured on lung's five 134-patient
        // folds, 2 warm workers: gaps of 2–9 ms per part, a fifth of a part's growing).
        const queued = take(member);
        // Its failure is met when it is awaited; not an unhandled rejection should this one fail first.
        queued?.catch(() => undefined);
        const { j, shard } = await current;
        if (signal?.aborted) throw abortError();
        keep(j, shard);
        current = queued;
      }
    });
    // This thread's parts, taken once the workers' first ones are out (growHere yields to the event loop first, so
    // that their answers are read and their next parts sent between this thread's). Should the workers fail, this
    // thread takes no further part: the call fails with their error.
    remote.catch(() => {
      next = parts.length;
    });
    const local = async (): Promise<void> => {
      if (!here) return;
      for (let i = nextPart(); i >= 0; i = nextPart()) {
        const { job: j, indices, claim } = parts[i];
        const shard = await here(j, indices, claim);
        if (signal?.aborted) throw abortError();
        if (onProgress) {
          done += shard.treeIndices.length;
          onProgress(done, treesTotal);
        }
        keep(j, shard);
      }
    };
    await Promise.all([remote, local()]);
    return grown;
  }

  /**
   * Grows a causal forest's little bags (two trees each) across the pool on the held binned data and the rows'
   * residuals, as grow does for trees (same chunking over bag indices, errors and cancellation; each bag seeds its
   * own generator, so the forest is the same for a seed however many workers grow it). Trees come back in global
   * order; progress counts trees.
   */
  growCausal(
    params: CausalForestParams,
    residuals: CausalResiduals,
    options: GrowOptions = {},
  ): Promise<PackedCausalTrees[]> {
    const run = this.queue
      .catch(() => undefined)
      .then(async () => {
        const data = options.data ?? this.data;
        if (data && residuals.y.length !== data.binned.nRows) {
          throw new Error(
            `The residuals have ${residuals.y.length} rows but the training data has ${data.binned.nRows}.`,
          );
        }
        const nBags = params.numTrees / CI_GROUP_SIZE;
        const onProgress = options.onProgress;
        const shards = await this.growChunks(
          nBags,
          { bootstrap: false, oobScore: false },
          null,
          {
            ...options,
            onProgress: onProgress && ((done) => onProgress(done * CI_GROUP_SIZE, params.numTrees)),
          },
          (api, indices, _rows, done) => api.growCausalBags(params, indices, residuals, done),
        );
        return shards.map((s) => s.trees);
      });
    this.queue = run;
    return run;
  }

  /**
   * Draw weights of an enriched forest from a screen of the held data's `rows` (all when absent), computed by one
   * worker on the data it holds (tuning's screened candidates; engine/forest/featureWeights.ts). Calls run in turn
   * with grow.
   */
  screenWeights(rows?: Int32Array, signal?: AbortSignal): Promise<number[]> {
    const run = this.queue
      .catch(() => undefined)
      .then(async () => {
        const data = this.data;
        if (!data) throw new Error('No training data has been given to the training workers.');
        const [weights] = await this.onMembers(1, signal, async (member) => {
          await holdData(member, data);
          return member.host.api.screenWeights(rows ?? null);
        });
        return weights;
      });
    this.queue = run;
    return run;
  }

  /**
   * Bins encoded columns across the pool (contiguous ranges of columns from a queue, exactly as binFeatures would
   * bin the whole table) and keeps the result as the data the following fits train on. Calls run in turn with grow.
   */
  prepareData(columns: TrainingColumns, signal?: AbortSignal): Promise<TrainingData> {
    const run = this.queue.catch(() => undefined).then(() => this.prepareNow(columns, signal));
    this.queue = run;
    return run;
  }

  /**
   * One sweep of an ancestry-component iteration across the pool: the sweep's parts taken from a queue by the
   * workers, which read the job's genotypes in shared memory. The parts come back as done (combinePcaParts sums
   * them in part order, so the components do not depend on the pool's size). Calls run in turn with fits.
   */
  sweepPca(
    job: PcaSweepJob,
    q: Float64Array,
    w: number,
    withG: boolean,
    signal?: AbortSignal,
  ): Promise<PcaPartProduct[]> {
    const run = this.queue
      .catch(() => undefined)
      .then(async () => {
        const count = pcaSweepParts(job.data);
        const done: PcaPartProduct[] = [];
        let next = 0;
        await this.onMembers(Math.min(this.size, count), signal, async (member) => {
          while (next < count) {
            const part = next++;
            done.push(...(await member.host.api.pcaSweepParts(job, q, w, [part], withG)));
          }
        });
        return done;
      });
    this.queue = run;
    return run;
  }

  /**
   * Starts the workers ahead of the first fit (e.g. while the user looks at a loaded table), so that fit does not
   * wait for them to load the engine. They end again after the idle timeout when no fit comes.
   */
  warmUp(): void {
    if (this.disposed || this.members.length >= this.size) return;
    try {
      // Idle workers must not keep a Node process alive.
      for (const m of this.start(this.size)) m.host.setBusy(false);
    } catch {
      // A worker that cannot start is reported by the first real call.
      return;
    }
    this.scheduleIdleTimer();
    const here = this.warmUpHere;
    this.warmUpHere = undefined;
    if (here) this.warming = Promise.resolve(here(this)).catch(() => undefined);
  }

  /**
   * Settles once the warm-up warmUp started is done, the calling thread's included (at once without one): a caller
   * about to time or to start its first fit waits for it, so that the fit neither queues behind the warm-up's
   * calls nor shares the cores with them. Holds the process (Node) while it waits: the warm-up's own steps do not.
   */
  async whenWarm(): Promise<void> {
    const hold = setInterval(() => undefined, 1 << 30);
    try {
      await this.warming;
    } finally {
      clearInterval(hold);
    }
  }

  /**
   * Each running worker's memory, now and at its peak (an empty list when none runs). Runs in turn with fits, so
   * it answers after the one in progress, with that fit's peaks.
   */
  memoryUsage(): Promise<WorkerMemory[]> {
    const run = this.queue.catch(() => undefined).then(() => this.memoryNow());
    this.queue = run;
    return run;
  }

  private async memoryNow(): Promise<WorkerMemory[]> {
    const members = this.members;
    // Idle Node workers are unref'd; hold them while they answer, or the process could exit meanwhile.
    for (const m of members) m.host.setBusy(true);
    try {
      return await Promise.all(members.map((m) => m.host.api.memoryUsage()));
    } finally {
      for (const m of members) m.host.setBusy(false);
    }
  }

  /** Ends every worker; later calls start new ones (unless disposed). */
  terminate(): void {
    this.clearIdleTimer();
    for (const m of this.members) m.host.terminate();
    this.members = [];
  }

  /** Ends every worker and refuses further calls. */
  dispose(): void {
    this.disposed = true;
    this.data = null;
    this.terminate();
  }

  private async prepareNow(columns: TrainingColumns, signal?: AbortSignal): Promise<TrainingData> {
    const { nRows, nFeatures, isCategorical } = columns;
    const shape = isFeatureColumns(columns.X)
      ? columns.X.nRows === nRows && columns.X.nFeatures === nFeatures
      : columns.X.length === nRows * nFeatures;
    if (!shape || isCategorical.length !== nFeatures) {
      throw new Error(`The columns do not match ${nRows} rows × ${nFeatures} features.`);
    }
    // Several column ranges per worker, taken from a common queue: binning costs differ a lot between columns
    // (a 0/1/2 column bins in one pass, a continuous one needs a sort), and tables often keep columns of a kind
    // together, so equal halves could leave one worker with all the sorting.
    const ranges = splitColumns(nFeatures, this.size * BIN_CHUNKS_PER_WORKER);
    const share = this.shareMemory;
    const given = columns.X;
    // A float matrix is copied into shared memory one column range at a time, each just before a worker takes it, so
    // the workers bin while the rest is copied (the whole copy first cost 18 ms of this thread on 3750 × 2000 before
    // any worker began).
    const lazy = share && !isFeatureColumns(given) && !isShared(given) ? given : null;
    const sharedX = lazy ? new Float32Array(new SharedArrayBuffer(lazy.byteLength)) : null;
    // Genotypes 2-bit packed are binned from their codes; a float matrix as columns costs no copy.
    const X = asColumns(
      share
        ? isFeatureColumns(given)
          ? toSharedColumns(given)
          : (sharedX ?? toShared(given))
        : given,
      nRows,
    );
    // Packed genotypes keep no byte bins, binned by one worker straight into shared memory (never in this thread: the
    // page's); without shared memory the byte bins below, as before.
    if (share && columns.snpPacked && isFeatureColumns(X) && hasPacked(X)) {
      const [binned] = await this.onMembers<BinnedData | SnpPackedBins>(1, signal, (member) =>
        member.host.api.binSnpPacked(X, isCategorical),
      );
      return this.keep(columns, binned);
    }
    const bins = share
      ? new Uint8Array(new SharedArrayBuffer(nRows * nFeatures))
      : new Uint8Array(nRows * nFeatures);
    // The packable columns' 2-bit codes, made by the binning workers beside the bins (a slot for every column: those
    // left unused are never written), so that no growing worker packs the whole table again (~13 ms each on
    // 3750 × 2000 SNPs).
    const stride = (nRows + 3) >>> 2;
    const codes = share ? new Uint8Array(new SharedArrayBuffer(stride * nFeatures)) : null;
    const parts: BinnedColumns[] = [];
    let next = 0;
    const binRange = async (member: Member, i: number): Promise<void> => {
      const [f0, f1] = ranges[i];
      if (lazy && sharedX) sharedX.set(lazy.subarray(f0 * nRows, f1 * nRows), f0 * nRows);
      const slice = sliceColumns(X, f0, f1);
      const cats = isCategorical.slice(f0, f1);
      if (share) {
        parts[i] = await member.host.api.binColumns(
          slice,
          nRows,
          cats,
          bins.subarray(f0 * nRows, f1 * nRows),
          codes?.subarray(f0 * stride, f1 * stride),
        );
      } else {
        // Without shared memory each call gets its own slice, moved rather than copied again.
        const own = copyColumns(slice);
        parts[i] = await member.host.api.binColumns(
          transfer(own, [own.dense.buffer as ArrayBuffer, own.packed.buffer as ArrayBuffer]),
          nRows,
          cats,
          null,
        );
      }
    };
    await this.onMembers(Math.min(this.size, ranges.length), signal, async (member) => {
      let current = next < ranges.length ? binRange(member, next++) : null;
      // Every worker takes its first range before any takes a second.
      await Promise.resolve();
      while (current) {
        // The worker's next range is sent before its current one comes back, so it waits in the worker's queue: the
        // worker bins on while the answer crosses to this thread and the range after is copied and sent (~3 ms a range
        // that the worker idled, 4 ranges a worker, on 3750 × 2000 SNPs).
        const ahead = next < ranges.length ? binRange(member, next++) : null;
        // Its rejection, if any, is thrown when it is awaited; not an unhandled one meanwhile.
        ahead?.catch(() => undefined);
        await current;
        current = ahead;
      }
    });
    const nBins = new Uint16Array(nFeatures);
    const thresholds: Float64Array[] = [];
    parts.forEach((part, i) => {
      const [f0] = ranges[i];
      nBins.set(part.nBins, f0);
      thresholds.push(...part.thresholds);
      if (part.bins) bins.set(part.bins, f0 * nRows);
    });
    const data: TrainingData = {
      id: columns.id,
      binned: { bins, nRows, nFeatures, nBins, thresholds, isCategorical: isCategorical.slice() },
      y: share ? toShared(columns.y) : columns.y,
      nClasses: columns.nClasses,
    };
    if (codes && parts.every((part) => part.packMissing)) {
      const packOff = new Int32Array(nFeatures).fill(-1);
      const packMissing = new Uint8Array(nFeatures);
      for (let f = 0; f < nFeatures; f++) {
        if (isCategorical[f] === 0 && nBins[f] <= 3) packOff[f] = f * stride;
      }
      parts.forEach((part, i) => {
        if (part.packMissing) packMissing.set(part.packMissing, ranges[i][0]);
      });
      data.snpCodes = { packed: codes, packOff, packMissing };
    }
    this.data = data;
    return data;
  }

  /** Keeps binned columns as the data the following fits train on. */
  private keep(columns: TrainingColumns, binned: BinnedData | SnpPackedBins): TrainingData {
    const share = this.shareMemory;
    const data: TrainingData = {
      id: columns.id,
      binned,
      y: share ? toShared(columns.y) : columns.y,
      nClasses: columns.nClasses,
    };
    this.data = data;
    return data;
  }

  /**
   * Runs `work` on the first `n` workers (started as needed) and returns their answers in order, with the pool's
   * handling of cancelling (all workers end), crashes (all workers are replaced; a plain-words Error) and engine
   * errors (passed on, the workers are kept).
   */
  private async onMembers<T>(
    n: number,
    signal: AbortSignal | undefined,
    work: (member: Member, index: number) => Promise<T>,
  ): Promise<T[]> {
    if (signal?.aborted) throw abortError();
    if (this.disposed) throw new Error('The training workers have been shut down.');
    this.clearIdleTimer();
    const aborted = whenAborted(signal, () => this.terminate());
    let members: Member[] = [];
    try {
      members = this.start(n);
      for (const m of members) m.host.setBusy(true);
      const stopped = Promise.race(members.map((m) => m.host.stopped));
      const result = await Promise.race([
        Promise.all(members.map((m, i) => work(m, i))),
        stopped,
        aborted.promise,
      ]);
      if (signal?.aborted) throw abortError();
      return result;
    } catch (error) {
      if (isAbortError(error) || signal?.aborted) {
        this.terminate();
        throw abortError();
      }
      const crashed =
        members.length === 0 ||
        members.some((m) => m.host.failure !== null) ||
        isResourceError(error);
      // An ordinary error of the engine (e.g. impossible settings) leaves the workers sound: pass it on as it is.
      if (!crashed) throw error;
      // A worker that died or ran out of memory may be in any state: replace them all.
      this.terminate();
      throw new Error(workerCrashMessage(reasonOf(error)), { cause: error });
    } finally {
      aborted.dispose();
      for (const m of this.members) m.host.setBusy(false);
      this.scheduleIdleTimer();
    }
  }

  private growNow(params: ForestParams, options: GrowOptions): Promise<TreeShard[]> {
    return this.growChunks(
      params.nEstimators,
      params,
      null,
      options,
      (api, indices, rows, done) =>
        options.groups
          ? api.growTrees(params, indices, rows, done, options.groups)
          : api.growTrees(params, indices, rows, done),
      true,
    );
  }

  /** Grows nTrees trees in chunks across the pool; `growChunk` asks one worker for one chunk. */
  private async growChunks<S extends { treeIndices: number[] }>(
    nTrees: number,
    params: Pick<ForestParams, 'bootstrap' | 'oobScore'>,
    oobWidth: { nClasses: number } | null,
    options: GrowOptions,
    growChunk: (
      api: TrainingWorkerApi,
      indices: number[],
      rows: Int32Array | null,
      onTreeDone: ((treeIndex: number) => void) | undefined,
    ) => Promise<S>,
    sendAhead = false,
  ): Promise<S[]> {
    const { signal, onProgress } = options;
    if (signal?.aborted) throw abortError();
    if (this.disposed) throw new Error('The training workers have been shut down.');
    const data = options.data ?? this.data;
    if (!data) throw new Error('No training data has been given to the training workers.');
    if (!Number.isInteger(nTrees) || nTrees < 1) {
      throw new Error(`The number of trees must be a whole number of at least 1 (got ${nTrees}).`);
    }

    // Workers take chunks of trees from a common queue, so one that gets less of the CPU (another tab, a busy core)
    // does not hold the whole fit up. Each tree seeds its own generator, so the forest is the same however the
    // chunks fall.
    const sizing = oobWidth ? { binned: data.binned, nClasses: oobWidth.nClasses } : data;
    const first = options.firstTree ?? 0;
    const chunks = taperedChunks(
      nTrees,
      chunkCount(nTrees, this.size, sizing, params),
      this.size,
    ).map((c) => (first === 0 ? c : c.map((t) => t + first)));
    const rows = options.rows ?? null;
    // Test builds only: the first worker grows the first chunk itself, so a crash armed in it (testHooks.ts)
    // always fires, however fast the other workers empty the queue.
    const reserveFirst = Boolean(globalThis.__GENOFOREST_TEST_HOOKS__) && chunks.length > 1;
    let next = reserveFirst ? 1 : 0;
    let done = 0;
    const perWorker = await this.onMembers(
      Math.min(this.size, chunks.length),
      signal,
      async (member, w) => {
        const held = holdData(member, data);
        // Sending ahead, the first chunk follows the data without waiting for the worker's answer (a worker takes its
        // messages in order), which saves a round trip between this thread and the worker per fit.
        held.catch(() => undefined);
        if (!sendAhead || globalThis.__GENOFOREST_TEST_HOOKS__) await held;
        // Test builds only (compiled out otherwise, see testHooks.ts): a page flag may crash the first worker.
        if (globalThis.__GENOFOREST_TEST_HOOKS__ && w === 0) await armTestCrash(member.host.api);
        const grown: S[] = [];
        const grow = async (indices: number[]): Promise<void> => {
          // No caller to tell: no proxy (a message channel per chunk) and no reports for the worker to wait on.
          const onTreeDone =
            onProgress &&
            treeProgress(indices, (more) => {
              done += more;
              onProgress(done, nTrees);
            });
          grown.push(await growChunk(member.host.api, indices, rows, onTreeDone));
        };
        if (reserveFirst && w === 0) await grow(chunks[0]);
        if (!sendAhead) {
          while (next < chunks.length) await grow(chunks[next++]);
          return grown;
        }
        let current = next < chunks.length ? grow(chunks[next++]) : null;
        current?.catch(() => undefined);
        // An error in taking the data is the one thrown (the chunk sent behind it is then never used).
        await held;
        // Every worker takes its first chunk before any takes a second.
        await Promise.resolve();
        while (current) {
          // The worker's next chunk is sent before its current one comes back, so it waits in the worker's queue and
          // the worker grows on while the trees cross to this thread (a busy page thread may answer late), but only
          // while more chunks than workers are left: the last ones go to whichever worker is free first.
          const ahead = chunks.length - next > this.size ? grow(chunks[next++]) : null;
          // Its rejection, if any, is thrown when it is awaited; not an unhandled one meanwhile.
          ahead?.catch(() => undefined);
          await current;
          current = ahead ?? (next < chunks.length ? grow(chunks[next++]) : null);
        }
        return grown;
      },
    );
    return perWorker.flat().sort((a, b) => (a.treeIndices[0] ?? 0) - (b.treeIndices[0] ?? 0));
  }

  /** The first `n` members, starting workers as needed; throws the crash message when one cannot start. */
  private start(n: number): Member[] {
    while (this.members.length < n) {
      let host: WorkerHost<TrainingWorkerApi>;
      try {
        host = new WorkerHost<TrainingWorkerApi>(() => this.spawn('training'));
      } catch (error) {
        throw new Error(`could not start: ${reasonOf(error)}`, { cause: error });
      }
      this.members.push({ host, dataId: null });
    }
    return this.members.slice(0, n);
  }

  private scheduleIdleTimer(): void {
    this.clearIdleTimer();
    if (this.members.length === 0 || !(this.idleTimeoutMs > 0) || this.idleTimeoutMs === Infinity)
      return;
    const timer = setTimeout(() => {
      this.idleTimer = null;
      this.terminate();
    }, this.idleTimeoutMs);
    // In Node, an idle pool must not keep the process alive.
    (timer as { unref?: () => void }).unref?.();
    this.idleTimer = timer;
  }

  private clearIdleTimer(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }
}

/**
 * The progress relay of one chunk of trees (a Comlink proxy the worker calls). Workers report now and then
 * (trainingWorker.ts), each time their latest tree's index: the chunk's trees up to it count, so the total stays exact;
 * `more` is told how many trees are newly done.
 */
function treeProgress(
  indices: number[],
  more: (trees: number) => void,
): (treeIndex: number) => void {
  let counted = 0;
  return proxy((treeIndex: number) => {
    const upTo = indices.indexOf(treeIndex) + 1;
    if (upTo <= counted) return;
    const newly = upTo - counted;
    counted = upTo;
    more(newly);
  });
}

/** Column ranges per worker when binning in the pool (taken from a common queue, for balance). */
const BIN_CHUNKS_PER_WORKER = 4;

/** Chunks a worker takes at a time: several per worker for balance, fewer when each carries large OOB sums. */
export const CHUNKS_PER_WORKER = 4;
/** Out-of-bag sums a fit may hold in flight across its chunks (each chunk returns nRows × classes of them). */
const OOB_BUDGET_BYTES = 256 * 1024 * 1024;

/** How many chunks the trees of a fit are split into (at least one per worker, at most one per tree). */
export function chunkCount(
  nTrees: number,
  workers: number,
  data: Pick<TrainingData, 'binned' | 'nClasses'>,
  params: Pick<ForestParams, 'bootstrap' | 'oobScore'>,
): number {
  let chunks = workers * CHUNKS_PER_WORKER;
  if (params.bootstrap && params.oobScore) {
    const perChunk = data.binned.nRows * (8 * data.nClasses + 4);
    chunks = Math.min(chunks, Math.max(workers, Math.floor(OOB_BUDGET_BYTES / perChunk)));
  }
  return Math.max(1, Math.min(nTrees, chunks));
}

/** Whether an error thrown inside a worker means it ran out of memory or another resource. */
function isResourceError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'RangeError' || /memory|allocation/i.test(error.message);
}

/** A short reason from any thrown value. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) {
    const name = error.name && error.name !== 'Error' ? `${error.name}: ` : '';
    return `${name}${error.message}`;
  }
  return String(error);
}

/**
 * A treatment-effect fit's trees grown on `pool`: the nuisance forests as any classification forest (grow), the
 * causal forest's little bags by growCausal. Each tree and bag seeds its own generator, so the fit is the same as in
 * one thread; `signal` cancels (ends the pool's workers) as for training. Causal trees move on packed, by transfer, when the growers
 * are called from another thread.
 */
export function poolEffectGrowers(pool: TrainingPool, signal?: AbortSignal): EffectGrowers {
  return {
    async forest(binned, y, params, onTreesDone) {
      // Data of its own (a fresh id: the workers take the labels afresh, the outcome then the treatment); the pool's
      // held data stays for the fits that use it.
      const data = { id: newDataId(), binned, y, nClasses: 2 };
      // Copied, not transferred, to another thread: moving a forest's thousands of small arrays cost more than
      // copying them (500 trees: about 25 ms to copy on a loaded machine).
      return pool.grow(params, {
        signal,
        onProgress: onTreesDone && sparseProgress(onTreesDone),
        data,
      });
    },
    async causal(binned, yRes, wRes, params, onTreesDone) {
      // The causal bags read the residuals, not labels: these labels only satisfy the worker's data shape.
      const data = { id: newDataId(), binned, y: new Uint8Array(binned.nRows), nClasses: 1 };
      const trees = await pool.growCausal(
        params,
        { y: yRes, w: wRes },
        { signal, onProgress: onTreesDone && sparseProgress(onTreesDone), data },
      );
      return transfer(trees, causalPackTransferables(trees));
    },
  };
}

/** One forest of TrainingPool.growSurvivalForests: a cross-validation fold's, say. */
export interface SurvivalForestJob {
  params: SurvivalParams;
  /** Every row's follow-up (of the job's data) and the forest's time grid. */
  outcome: SurvivalFollowUp;
  /** The forest's training rows (a fold's); all rows when absent. */
  rows?: Int32Array | null;
  /**
   * Grow on this data instead of the held data, which stays held (a fold's own table); a function is called when a
   * worker first takes a part of this forest, so that a later fold's table is made while the first ones grow.
   */
  data?: TrainingData | (() => TrainingData);
  /**
   * Or a table of the forest's own as columns, binned by each worker that takes a part of it (holdColumns: the bins
   * binFeatures makes in any thread) rather than here: a cross-validation fold's rows alone.
   */
  columns?: SurvivalJobColumns;
}

/** A survival forest's own table as SurvivalForestJob.columns takes it: column-major features, the event as class. */
export interface SurvivalJobColumns {
  id: string;
  X: Float32Array;
  nRows: number;
  isCategorical: Uint8Array;
  y: Uint8Array;
  nClasses: number;
}

/** Options of TrainingPool.growSurvivalForests. */
export interface SurvivalForestsOptions {
  signal?: AbortSignal;
  /** Trees done over every forest and the total. */
  onProgress?: (treesDone: number, treesTotal: number) => void;
  /** Called with each forest's shards (in tree order) as soon as it is whole, forests in any order. */
  onForest?: (job: number, shards: SurvivalShardWire[]) => void;
  /**
   * Grows trees of forest `job` in the calling thread, which then counts as one of the pool's threads (Node, where
   * that thread waits otherwise; never a page's). Pools of one worker ignore it.
   */
  growHere?: (job: number, treeIndices: number[], claim?: Int32Array) => Promise<SurvivalShardWire>;
}

/**
 * The parts of growSurvivalForests, in the order workers take them: whole forests while at least `workers` remain
 * (rounds of one forest per worker), then each forest left split into `workers` contiguous parts (trees 0..n−1 of
 * forest `job`) — or, with `shared` memory, grown together: `workers` parts of every tree of the forest sharing one
 * counter (`claim`), from which each thread that takes one claims trees a few at a time until none is left
 * (survivalShardPack.ts growClaimed), so that the threads end together however fast each went before (on lung's
 * folds on a pool of 2 the calling thread, which also assembles every forest, ended its fixed half 3–8 ms after the
 * worker).
 */
export function survivalForestParts(
  trees: readonly number[],
  workers: number,
  shared = false,
): { job: number; indices: number[]; claim?: Int32Array }[] {
  const w = Math.max(1, workers);
  const whole = trees.length - (trees.length % w);
  const parts: { job: number; indices: number[]; claim?: Int32Array }[] = [];
  trees.forEach((n, job) => {
    if (job < whole || w === 1) parts.push({ job, indices: splitTrees(n, 1)[0] });
    else if (shared) {
      const claim = new Int32Array(new SharedArrayBuffer(4));
      const indices = splitTrees(n, 1)[0];
      for (let k = 0; k < w; k++) parts.push({ job, indices, claim });
    } else for (const indices of splitTrees(n, w)) parts.push({ job, indices });
  });
  return parts;
}
