/**
 * The EngineClient the UI uses: one stateful data worker (table, prepared data, model), a pool of training
 * workers, and an evaluation worker that scores cross-validation folds so predictions never wait behind them. The main thread only forwards requests, times them and relays progress; every computation runs in a
 * worker. Cancelling train/evaluate terminates the pool only, so the loaded table and the previous model survive.
 *
 * A watchdog guards the data worker: a call that has no Cancel of its own (predict, explain, opening a model file…)
 * and is not answered within its limit, or a file load that reports no progress for long, means the worker is stuck;
 * it is ended and a fresh one starts, the call rejects saying so, and onDataWorkerRestart listeners learn that the
 * table and model it held are gone.
 */
import { proxy, transfer, type Remote } from 'comlink';
import type { RawTable } from '../engine/data/types';
import type { EffectGrowers } from '../engine/causal/growers';
import type {
  CallOptions,
  DataWorkerApi,
  EngineClient,
  EffectProgress,
  EffectWorkerApi,
  EvaluationProgress,
  EvaluationReport,
  EvaluationWorkerApi,
  ForestParams,
  JoinKeyChoice,
  DataWorkerRestart,
  ModelInfo,
  ParseProgress,
  TableSummary,
  EvaluationSettings,
  NamedFile,
  PatientGenotypes,
  PcaSweepJob,
  TrainOptions,
  TrainProgress,
  TrainingData,
  TrainingSetup,
  TreeShard,
  TuningBudget,
  TuningSummary,
} from './api';
import { WorkerHost, abortError, spawnBrowserWorker, whenAborted, type SpawnWorker } from './host';
import { TrainingPool, poolEffectGrowers, reasonOf, type PoolOptions } from './pool';
import {
  reusableShards,
  summarizeTuning,
  tuneOnOutOfBag,
  tuningGroupNote,
  tuningGroupWords,
  tuningSkipReason,
} from '../app/tuneForest';
import { tuningPlan } from '../engine/forest/tune';
import { warmUpTuningSearch } from '../app/warmUpSearch';
import { holdsSnpPacked, isSnpPacked } from '../engine/forest/packedSnp';
import type { SurvivalFollowUp } from '../app/types';
import type { SurvivalShardWire } from '../engine/forest/survivalGrow';
import type { SurvivalParams } from '../engine/forest/survivalParams';
import {
  cohortTransferables,
  shardTransferables,
  survivalShardTransferables,
} from './transferables';

/** Options of createEngineClient. */
export interface EngineClientOptions {
  /** Training workers (default navigator.hardwareConcurrency, clamped to 1..8). */
  workers?: number;
  /** How workers are started (default: the Vite-bundled worker entries; Node passes spawnNodeWorker). */
  spawn?: SpawnWorker;
  /** Idle time after which the training workers are ended (default 60 s). */
  idleTimeoutMs?: PoolOptions['idleTimeoutMs'];
  /** How long a cancelled file load may take to answer before the data worker is restarted empty (default 3 s). */
  loadCancelGraceMs?: number;
  /**
   * How long a data-worker call without a Cancel of its own may go unanswered before the worker is taken as stuck
   * and restarted (default 60 s; more for large tables, models and files, see BYTES_PER_LIMIT and the others).
   */
  callTimeoutMs?: number;
  /** How long a file load may report no progress before it is taken as stuck and stopped (default 2 min). */
  loadStallMs?: number;
  /**
   * Whether the page compiles the tuned fit's search ahead of the first fit, in idle slices (app/warmUpSearch.ts).
   * Default: where the page has idle callbacks (requestIdleCallback), so never in Node (the command line, tests).
   */
  warmUpSearch?: boolean;
}

/** Default watchdog limit of a data-worker call (before scaling). */
export const CALL_TIMEOUT_MS = 60_000;
/** Default time a load may go without a progress report (they come every few MB, several a second). */
export const LOAD_STALL_MS = 120_000;

/**
 * How much work one default limit covers, with a wide margin for slow devices and busy machines: a file of 100 MiB
 * (CSV parsed at ~30 MB/s, bench/RESULTS.md), a table of 5·10^8 cells (encoded in ~7 s there), a model of 10^7
 * trees × training rows for predicting, explaining and saving it, 10^6 for the ONNX export (it writes the file and
 * reads it back). Measured through this client on Node workers, on 2 cores at a load average of 10 (so about five
 * times slower than an idle machine): 100 trees on 50,000 rows (5·10^6) took 5.0 s for the first prediction, 1.3 s to
 * explain, 4.5 s to save (59 MB), 1.6 s to open and 40 s for the ONNX export; on 20,000 rows, 31 s for the ONNX
 * export. A call on more gets proportionally more time.
 */
const BYTES_PER_LIMIT = 100 * 1024 * 1024;
const CELLS_PER_LIMIT = 5e8;
const MODEL_WORK_PER_LIMIT = 1e7;
const ONNX_WORK_PER_LIMIT = 1e6;

/** A limit in words: "0.2 s", "60 s", "4 min". */
export function limitWords(ms: number): string {
  if (ms >= 120_000) return `${Math.round(ms / 60_000)} min`;
  return `${Number((ms / 1000).toFixed(ms < 10_000 ? 1 : 0))} s`;
}

/** What a restarted data worker held, in words, or null when it held nothing. */
function lostWords(lost: { table: boolean; model: boolean }): string | null {
  if (lost.table && lost.model) return 'the loaded table and the model';
  if (lost.table) return 'the loaded table';
  return lost.model ? 'the model' : null;
}

/** The message of a call the client stopped by restarting the data worker: `cause`, then what was lost. */
export function dataWorkerRestartMessage(
  cause: string,
  lost: { table: boolean; model: boolean },
): string {
  const what = lostWords(lost);
  if (!what) return `${cause}; the app restarted its data worker.`;
  const again = lost.table ? 'Load the file again' : 'Open or train the model again';
  return `${cause}; the app restarted its data worker, which lost ${what}. ${again}; your settings are kept.`;
}

/** What the client knows of one data worker: what it holds, and its calls in flight. */
interface DataWorkerState {
  /** Whether it holds a table / a model (so a restart can say what it lost). */
  table: boolean;
  model: boolean;
  /** Watchdog scales of its table and model (1 = the default limit suffices). */
  tableScale: number;
  modelScale: number;
  onnxScale: number;
  /** Timed calls waiting for an answer, by the order they were sent: when each one's clock (re)started. */
  waiting: Map<number, number>;
  /** Loads and training/evaluation steps whose caller still waits, by number: calls sent after them are not timed. */
  long: Set<number>;
  /** Why the client restarted it, and what it held then; its pending calls reject saying so. */
  restarted: DataWorkerRestart | null;
}

/** How a data-worker call is guarded. */
type Guard =
  /** A load or a step of training/evaluation (they have a Cancel and progress): not timed; calls behind it wait. */
  | { long: true; signal?: AbortSignal }
  /** Any other call: restarted after `ms` unanswered; `cause` says what was stopped, given the limit in words. */
  | { ms: number; cause: (limit: string) => string };

/** Message when the data worker dies; the user has to load the file again. */
export function dataWorkerCrashMessage(reason: string): string {
  return `The engine stopped unexpectedly (${reason}). Please load the file again; your settings are kept.`;
}

/** Message when the evaluation worker dies; the model and the table are kept. */
export function evaluationCrashMessage(reason: string): string {
  return `The evaluation stopped unexpectedly (${reason}). The model is kept; evaluate again.`;
}

/** Message when the worker finding which variants matter dies; the model and the table are kept. */
export function importanceCrashMessage(reason: string): string {
  return `Finding which variants matter stopped unexpectedly (${reason}). The model is kept; try again.`;
}

/**
 * The evaluation's words on tuning inside each fold: what each fold chose, and (with a Group column) whether each
 * fold's tuning kept groups together (`groupAware`, each fold's report; absent: none did).
 */
export function foldTuningWords(
  chosen: string[],
  groupColumn: string | null,
  groupAware?: readonly boolean[],
): NonNullable<EvaluationReport['tuning']> {
  const each = chosen.map((c, i) => `fold ${i + 1}: ${c}`).join('; ');
  const note =
    `The settings were tuned again inside each fold, on its training patients only, so the cross-validated figures ` +
    `cover the tuning as well as the forest (chosen minimum patients per leaf and features per split — ${each}). ` +
    `The out-of-bag ones do not: the model's settings were chosen on those same out-of-bag patients (and its first ` +
    `trees can be the chosen setting's own from the search), so they may read a little better than on new patients.` +
    (groupColumn
      ? ` ${groupAware ? tuningGroupWords(groupColumn, groupAware) : tuningGroupNote(groupColumn)}`
      : '');
  return { inEachFold: true, note };
}

/** Creates the engine client: a data worker now, training workers when first needed. */
export function createEngineClient(options: EngineClientOptions = {}): EngineClient {
  const spawn = options.spawn ?? spawnBrowserWorker;
  const pool = new TrainingPool(spawn, {
    size: options.workers,
    idleTimeoutMs: options.idleTimeoutMs,
  });
  if (options.warmUpSearch ?? typeof requestIdleCallback === 'function') {
    // The search's bookkeeping runs here, on the page (the workers warm up their growth when they start): each slice
    // (one of its grow calls' scoring, a few milliseconds) waits for idle time, so none delays a click.
    void warmUpTuningSearch(
      () =>
        new Promise<void>((resolve) => {
          if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve());
          else setTimeout(resolve, 0);
        }),
    );
  }
  const loadCancelGraceMs = options.loadCancelGraceMs ?? 3000;
  const callTimeoutMs = options.callTimeoutMs ?? CALL_TIMEOUT_MS;
  const loadStallMs = options.loadStallMs ?? LOAD_STALL_MS;
  let data: WorkerHost<DataWorkerApi> | null = null;
  const states = new WeakMap<WorkerHost<DataWorkerApi>, DataWorkerState>();
  const restartListeners = new Set<(restart: DataWorkerRestart) => void>();
  /** Numbers the data-worker calls in the order they are sent. */
  let sent = 0;
  /** Scores cross-validation folds beside the data worker (started with the first evaluation). */
  let evaluator: WorkerHost<EvaluationWorkerApi> | null = null;
  /** Fits treatment effects and keeps the last fit (started by estimateEffects, ended by its Cancel). */
  let effecter: WorkerHost<EffectWorkerApi> | null = null;
  /** Stops the estimate in progress: a new estimate (or dispose) aborts it, so its trees stop growing on the pool. */
  let effectRun: AbortController | null = null;
  /**
   * One estimate in a fresh effect worker (a pair's or every arm's, as `call` asks it): a new estimate aborts the one
   * in progress, and Cancel ends the worker and the pool's trees for it.
   */
  async function runEffects<T>(
    options: CallOptions<EffectProgress> | undefined,
    call: (
      api: Remote<EffectWorkerApi>,
      table: RawTable,
      onProgress: ((p: EffectProgress) => void) | undefined,
      growers: EffectGrowers,
    ) => Promise<T>,
  ): Promise<T> {
    // A superseded estimate's trees would otherwise keep the pool busy ahead of this one's.
    effectRun?.abort();
    const own = new AbortController();
    effectRun = own;
    const linked = whenAborted(options?.signal, () => own.abort());
    const signal = own.signal;
    if (signal?.aborted) throw abortError();
    const table = await abortable(
      signal,
      onData((host) => host.api.loadedTable(), { long: true, signal }),
    );
    if (signal?.aborted) throw abortError();
    if (disposed) throw new Error('The engine has been shut down.');
    effecter?.terminate();
    const host = new WorkerHost<EffectWorkerApi>(() => spawn('effect'));
    effecter = host;
    // Cancelling ends the worker at once, and the pool growing its trees through the same signal.
    const stop = whenAborted(signal, () => {
      host.terminate();
      if (effecter === host) effecter = null;
    });
    const onProgress = options?.onProgress;
    const forward = onProgress ? proxy((p: EffectProgress) => onProgress(p)) : undefined;
    // The trees grow on the training pool; the effect worker only orchestrates and assembles.
    const growers = proxy(poolEffectGrowers(pool, signal));
    try {
      return await Promise.race([
        call(host.api, table, forward, growers),
        host.stopped,
        stop.promise,
      ]);
    } catch (error) {
      if (host.failure) {
        host.terminate();
        if (effecter === host) effecter = null;
        throw new Error(
          `Estimating the treatment effects stopped unexpectedly (${reasonOf(host.failure)}).`,
          { cause: error },
        );
      }
      throw error;
    } finally {
      stop.dispose();
      linked.dispose();
      if (effectRun === own) effectRun = null;
    }
  }
  let disposed = false;
  let loads = 0;
  /** The training data of the last model trained here, so evaluate need not fetch it again. */
  let modelData: TrainingData | null = null;
  /**
   * The settings tuning started from and chose for the last model trained here with tuning (null: not tuned), so its
   * cross-validation can tune again inside each fold.
   */
  let tunedModel: { dataId: string; base: ForestParams; params: ForestParams } | null = null;
  /** How the last evaluation tuned, by its run, so a report for another positive class says it too. */
  let lastTuning: { runKey: string; tuning: NonNullable<EvaluationReport['tuning']> } | null = null;

  function dataWorker(): WorkerHost<DataWorkerApi> {
    if (disposed) throw new Error('The engine has been shut down.');
    if (!data || data.terminated) data = new WorkerHost<DataWorkerApi>(() => spawn('data'));
    return data;
  }

  function stateOf(host: WorkerHost<DataWorkerApi>): DataWorkerState {
    let state = states.get(host);
    if (!state) {
      state = {
        table: false,
        model: false,
        tableScale: 1,
        modelScale: 1,
        onnxScale: 1,
        waiting: new Map(),
        long: new Set(),
        restarted: null,
      };
      states.set(host, state);
    }
    return state;
  }

  /**
   * Ends the data worker `host` (when it is still the current one) so the next call starts a fresh, empty one, and
   * tells the listeners why and what was lost. Every restart goes through here: a crash, a watchdog, a stuck load.
   */
  function restartDataWorker(host: WorkerHost<DataWorkerApi>, cause: string): void {
    if (data !== host) return;
    const state = stateOf(host);
    const restart: DataWorkerRestart = { cause, lostTable: state.table, lostModel: state.model };
    state.restarted = restart;
    host.terminate();
    data = null;
    for (const listener of restartListeners) {
      try {
        listener(restart);
      } catch {
        // A listener's failure must not stop the others (nor the restart).
      }
    }
  }

  /** The clocks of the timed calls sent after call `seq` start again now (it answered, or stopped holding them). */
  function restartClocks(state: DataWorkerState, seq: number): void {
    const now = performance.now();
    for (const k of state.waiting.keys()) if (k > seq) state.waiting.set(k, now);
  }

  /**
   * The watchdog of call `seq`: rejects, and restarts the worker, once the call has waited `ms` with nothing ahead of
   * it. Its clock starts when it is sent and again whenever a call sent before it answers, and stands still while a
   * load or training step sent before it runs, so a call queued behind slow but living work is not taken for a stuck
   * one (a stuck load is caught by its own stall watchdog, a stuck training step by the user's Cancel).
   */
  function watch(
    host: WorkerHost<DataWorkerApi>,
    state: DataWorkerState,
    seq: number,
    guard: { ms: number; cause: (limit: string) => string },
  ): { promise: Promise<never>; dispose: () => void } {
    state.waiting.set(seq, performance.now());
    let timer: ReturnType<typeof setTimeout> | undefined;
    let expire: (error: Error) => void = () => undefined;
    const promise = new Promise<never>((_, reject) => (expire = reject));
    promise.catch(() => undefined);
    const check = (): void => {
      const since = state.waiting.get(seq);
      if (since === undefined || state.restarted || host.terminated) return;
      let behind = false;
      for (const k of state.long) if (k < seq) behind = true;
      for (const k of state.waiting.keys()) if (k < seq) behind = true;
      const waited = performance.now() - since;
      if (behind || waited < guard.ms) {
        timer = setTimeout(check, behind ? guard.ms : guard.ms - waited);
        return;
      }
      const cause = guard.cause(limitWords(guard.ms));
      // Rejected before the worker ends, so this call says its own cause (onData words it with what was lost).
      expire(new Error(cause));
      restartDataWorker(host, cause);
    };
    timer = setTimeout(check, guard.ms);
    return { promise, dispose: () => clearTimeout(timer) };
  }

  /** The watchdog limit of a call: the default, times the largest of the given scales. */
  function limit(...scales: number[]): number {
    return callTimeoutMs * Math.max(1, ...scales);
  }

  /** Scale of a call that reads a file of `bytes`. */
  function fileScale(bytes: number | undefined): number {
    return (bytes ?? 0) / BYTES_PER_LIMIT;
  }

  /** Watchdog scale of calls on the current model. */
  function modelScale(): number {
    return data ? stateOf(data).modelScale : 1;
  }

  /** Watchdog scale of the ONNX export of the current model. */
  function onnxScale(): number {
    return data ? stateOf(data).onnxScale : 1;
  }

  /** Notes the table the worker holds now (a load answered). */
  function heldTable(host: WorkerHost<DataWorkerApi>, table: TableSummary): void {
    const state = stateOf(host);
    state.table = true;
    state.tableScale = (table.rowCount * table.columnCount) / CELLS_PER_LIMIT;
  }

  /** Notes the model the worker holds now (trained, or opened from a file of `bytes`). */
  function heldModel(host: WorkerHost<DataWorkerApi>, info: ModelInfo, bytes = 0): void {
    const state = stateOf(host);
    state.model = true;
    const work = info.nTrees * info.nRows;
    state.modelScale = Math.max(work / MODEL_WORK_PER_LIMIT, fileScale(bytes));
    // An opened model's training rows may be unknown: its file's size stands for its nodes then.
    state.onnxScale = Math.max(work / ONNX_WORK_PER_LIMIT, fileScale(bytes) * 10);
  }

  function evaluationWorker(): WorkerHost<EvaluationWorkerApi> {
    if (disposed) throw new Error('The engine has been shut down.');
    if (!evaluator || evaluator.terminated)
      evaluator = new WorkerHost<EvaluationWorkerApi>(() => spawn('evaluation'));
    return evaluator;
  }

  /** Runs one evaluation-worker call; if it dies meanwhile, it is ended (restarted next time) and the call rejects. */
  async function onEvaluator<T>(
    call: (host: WorkerHost<EvaluationWorkerApi>) => Promise<T>,
  ): Promise<T> {
    const host = evaluationWorker();
    try {
      return await Promise.race([call(host), host.stopped]);
    } catch (error) {
      if (host.failure) {
        host.terminate();
        if (evaluator === host) evaluator = null;
        throw new Error(evaluationCrashMessage(reasonOf(host.failure)), { cause: error });
      }
      throw error;
    }
  }

  /**
   * Runs one data-worker call under its guard. If the data worker dies meanwhile, or the client restarts it (this
   * call's watchdog or another's, a stuck load), it starts again empty and the call rejects saying why.
   */
  /**
   * Grows each survival tuning candidate's forest on the pool, one after another, and hands its shards (moved, not
   * copied) to the data worker with `keep`, which scores it; `onGrown` counts its trees for the progress.
   */
  async function growSurvivalCandidates(
    candidates: readonly SurvivalParams[],
    followUp: SurvivalFollowUp,
    grow: { rows?: Int32Array; signal?: AbortSignal; onProgress: (done: number) => void },
    keep: (api: DataWorkerApi, k: number, shards: SurvivalShardWire[]) => Promise<void>,
    onGrown: (k: number) => void,
  ): Promise<void> {
    const { signal } = grow;
    for (let k = 0; k < candidates.length; k++) {
      const tried = await pool.growSurvival(candidates[k], followUp, grow);
      if (signal?.aborted) throw abortError();
      await abortable(
        signal,
        onData((host) => keep(host.api, k, transfer(tried, survivalShardTransferables(tried))), {
          long: true,
          signal,
        }),
      );
      onGrown(k);
    }
  }

  async function onData<T>(
    call: (host: WorkerHost<DataWorkerApi>) => Promise<T>,
    guard: Guard,
  ): Promise<T> {
    const host = dataWorker();
    const state = stateOf(host);
    const seq = ++sent;
    let watchdog: Promise<never> = host.stopped;
    let stopWatching = (): void => undefined;
    if ('long' in guard) {
      state.long.add(seq);
      // Once the caller stops waiting (Cancel), calls behind it are timed again: a stuck step cannot hold them.
      stopWatching = (): void => {
        if (!state.long.delete(seq)) return;
        guard.signal?.removeEventListener('abort', stopWatching);
        restartClocks(state, seq);
      };
      guard.signal?.addEventListener('abort', stopWatching, { once: true });
    } else {
      const watched = watch(host, state, seq, guard);
      watchdog = watched.promise;
      stopWatching = watched.dispose;
    }
    try {
      return await Promise.race([call(host), host.stopped, watchdog]);
    } catch (error) {
      if (host.failure) {
        restartDataWorker(host, `The data worker stopped unexpectedly (${reasonOf(host.failure)})`);
        throw new Error(dataWorkerCrashMessage(reasonOf(host.failure)), { cause: error });
      }
      const restarted = state.restarted;
      if (restarted) {
        const lost = { table: restarted.lostTable, model: restarted.lostModel };
        throw new Error(dataWorkerRestartMessage(restarted.cause, lost), { cause: error });
      }
      throw error;
    } finally {
      stopWatching();
      state.waiting.delete(seq);
      restartClocks(state, seq);
    }
  }

  /** Waits for a data-worker call; rejects with an AbortError as soon as `signal` aborts (the call goes on). */
  async function abortable<T>(signal: AbortSignal | undefined, promise: Promise<T>): Promise<T> {
    const aborted = whenAborted(signal);
    try {
      return await Promise.race([promise, aborted.promise]);
    } finally {
      aborted.dispose();
    }
  }

  /**
   * Reads a file in the data worker (`what` names the job: "Reading cohort.csv"). Aborting asks the worker to stop
   * between chunks, and restarts it when it does not answer; so does a load that reports no progress for loadStallMs,
   * which rejects saying so.
   */
  async function parseWith<T>(
    call: (
      host: WorkerHost<DataWorkerApi>,
      onProgress: (p: ParseProgress) => void,
      loadId: string,
    ) => Promise<T>,
    options: CallOptions<ParseProgress> | undefined,
    what: string,
  ): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) throw abortError();
    const onProgress = options?.onProgress;
    const host = dataWorker();
    let lastSign = performance.now();
    // Always asked for: progress is also the sign of life the stall watchdog waits for.
    const forward = proxy((p: ParseProgress) => {
      lastSign = performance.now();
      onProgress?.(p);
    });
    const loadId = `load-${++loads}`;
    const stopped = new AbortController();
    const work = onData(() => call(host, forward, loadId), { long: true, signal: stopped.signal });
    /** Asks the worker to stop this load (or undo it if it just finished); one that does not answer is restarted. */
    const stopLoad = (cause: string): void => {
      stopped.abort();
      // A worker that does not even answer within the grace time is stuck in a long computation: end it (its table
      // and model are then lost).
      const timer = setTimeout(() => restartDataWorker(host, cause), loadCancelGraceMs);
      void host.api
        .cancelLoad(loadId)
        .catch(() => undefined)
        .finally(() => clearTimeout(timer));
    };
    const aborted = whenAborted(signal, () =>
      stopLoad(
        `${what} was cancelled, and the data worker did not stop within ${limitWords(loadCancelGraceMs)}`,
      ),
    );
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    const stalled = new Promise<never>((_, reject) => {
      const check = (): void => {
        const quiet = performance.now() - lastSign;
        if (quiet < loadStallMs) {
          stallTimer = setTimeout(check, loadStallMs - quiet);
          return;
        }
        const cause = `${what} made no progress for ${limitWords(loadStallMs)}`;
        reject(new Error(`${cause} and was stopped.`));
        stopLoad(`${cause}, and the data worker did not stop when asked`);
      };
      stallTimer = setTimeout(check, loadStallMs);
    });
    stalled.catch(() => undefined);
    try {
      return await Promise.race([work, aborted.promise, stalled]);
    } finally {
      aborted.dispose();
      clearTimeout(stallTimer);
      stopped.abort();
    }
  }

  const client: EngineClient = {
    loadCsv(
      file: Blob,
      fileName: string,
      options?: CallOptions<ParseProgress>,
    ): Promise<TableSummary> {
      const loaded = parseWith(
        async (host, onProgress, loadId) => {
          const table = await host.api.loadCsv(file, fileName, onProgress, loadId);
          heldTable(host, table);
          return table;
        },
        options,
        `Reading ${fileName}`,
      );
      // Training usually follows a load: have the training workers load the engine meanwhile.
      void loaded.then(
        () => pool.warmUp(),
        () => undefined,
      );
      return loaded;
    },

    loadFiles(
      files: NamedFile[],
      options?: CallOptions<ParseProgress>,
      joinKey?: JoinKeyChoice,
    ): Promise<TableSummary> {
      return parseWith(
        (host, onProgress, loadId) =>
          host.api
            .loadFiles(
              files,
              onProgress,
              loadId,
              files.map((f) => f.name),
              joinKey,
            )
            .then((table) => {
              heldTable(host, table);
              return table;
            })
            .catch(async (error: unknown) => {
              // Only the message crosses the worker boundary: fetch the refusal's details (the columns to choose
              // the key from) so the load summary can offer them.
              if ((error as Error | null)?.name === 'JoinRefusedError') {
                const refusal = await host.api.joinRefusal(loadId).catch(() => null);
                if (refusal) throw Object.assign(error as Error, { refusal });
              }
              throw error;
            }),
        options,
        `Reading ${files.map((f) => f.name).join(' + ')}`,
      );
    },

    describeOutcome(setup: TrainingSetup) {
      const scale = data ? stateOf(data).tableScale : 1;
      return onData((host) => host.api.describeOutcome(setup), {
        ms: limit(scale),
        cause: (s) =>
          `Checking the outcome column “${setup.target}” took longer than ${s} and was stopped`,
      });
    },

    tuningBudget(setup: TrainingSetup, params: ForestParams): Promise<TuningBudget> {
      const scale = data ? stateOf(data).tableScale : 1;
      return onData<TuningBudget>((host) => host.api.tuningBudget(setup, params), {
        ms: limit(scale),
        cause: (s) => `Working out the tuning's trees took longer than ${s} and was stopped`,
      });
    },

    async train(
      setup: TrainingSetup,
      params: ForestParams,
      options?: TrainOptions,
    ): Promise<ModelInfo> {
      const signal = options?.signal;
      const onProgress = options?.onProgress;
      if (signal?.aborted) throw abortError();
      const prepared = await abortable(
        signal,
        onData((host) => host.api.prepareColumns(setup, params), { long: true, signal }),
      );
      const binStart = performance.now();
      // Genotypes held only 2-bit packed when every fit on this data grows on the packed path (two classes, weights
      // of 1): no byte a genotype for the bins (issue 21).
      const snpPacked = holdsSnpPacked(prepared);
      // Binned in parallel across the pool; the same table and setup as last time are not binned again.
      const training: TrainingData =
        pool.dataId === prepared.id &&
        pool.heldData &&
        isSnpPacked(pool.heldData.binned) === snpPacked
          ? pool.heldData
          : await pool.prepareData(
              {
                id: prepared.id,
                X: prepared.X,
                nRows: prepared.nRows,
                nFeatures: prepared.nFeatures,
                isCategorical: prepared.isCategorical,
                y: prepared.y,
                nClasses: prepared.nClasses,
                snpPacked,
              },
              signal,
            );
      const binSeconds = (performance.now() - binStart) / 1000;
      const base = prepared.params;
      const nRows = prepared.nRows;
      // Decided by the cohort's size alone (never a measured time), so a seed gives the same model anywhere.
      const skipped = options?.tune ? tuningSkipReason(base, nRows, prepared.nFeatures) : null;
      const tune = options?.tune === true && skipped === null;
      const tuningTrees = tune ? tuningPlan(base, nRows, prepared.nFeatures, true).tuningTrees : 0;
      const treesTotal = tuningTrees + base.nEstimators;
      const start = performance.now();
      let treesBefore = 0;
      let stage: TrainProgress['stage'] = tune ? 'tuning' : undefined;
      const report = (done: number): void => {
        const treesDone = treesBefore + done;
        const elapsedMs = performance.now() - start;
        const remainingMs =
          treesDone > 0 ? (elapsedMs / treesDone) * (treesTotal - treesDone) : null;
        const treesPerSecond = elapsedMs > 0 ? (treesDone * 1000) / elapsedMs : undefined;
        onProgress?.({
          treesDone,
          treesTotal,
          elapsedMs,
          remainingMs,
          treesPerSecond,
          ...(stage ? { stage } : {}),
        });
      };
      onProgress?.({
        treesDone: 0,
        treesTotal,
        elapsedMs: 0,
        remainingMs: null,
        ...(stage ? { stage } : {}),
      });
      let grownWith = base;
      let tuning: TuningSummary | undefined;
      // The chosen setting's trees from the search: the final forest's first trees, not grown again.
      let reuse = reusableShards(null, base.nEstimators);
      if (tune) {
        // With a Group column, relatives are kept out of the bag of the trees that score a patient (tune.ts).
        const groupColumn = options?.groupColumn ?? null;
        const groups = groupColumn
          ? await abortable(
              signal,
              onData((host) => host.api.trainingGroups(groupColumn), { long: true, signal }),
            )
          : null;
        // The screen for the screened candidates, on the training patients (all the pool holds).
        const featureWeights = await pool.screenWeights(undefined, signal);
        // The search's logic is the use case's; the pool only grows each candidate's trees (the same per seed).
        const tuned = await tuneOnOutOfBag(
          {
            y: training.y,
            nClasses: prepared.nClasses,
            nFeatures: prepared.nFeatures,
            ...(groups ? { groups: groups.index } : {}),
            featureWeights,
          },
          base,
          (p, firstTree, byGroup) =>
            pool.grow(p, {
              signal,
              onProgress: report,
              firstTree,
              ...(byGroup ? { groups: Int32Array.from(byGroup) } : {}),
            }),
          {
            // Called after each group of trees: the next group's progress counts from here.
            onProgress: (done) => {
              treesBefore = done;
            },
          },
        );
        grownWith = tuned.params;
        tuning = summarizeTuning(tuned.report, grownWith, prepared.nFeatures);
        if (groupColumn) tuning.groups = tuningGroupWords(groupColumn, [tuned.report.groupAware]);
        reuse = reusableShards(tuned.firstTrees, grownWith.nEstimators);
        if (reuse.firstTree > 0) tuning.treesReused = reuse.firstTree;
        treesBefore = tuningTrees + reuse.firstTree;
        stage = 'growing';
      }
      const finalStart = performance.now();
      const rest = grownWith.nEstimators - reuse.firstTree;
      const shards = [
        ...reuse.shards,
        ...(rest > 0
          ? await pool.grow(
              { ...grownWith, nEstimators: rest },
              { signal, onProgress: report, firstTree: reuse.firstTree },
            )
          : []),
      ];
      if (rest === 0) report(0);
      const growSeconds = (performance.now() - start) / 1000;
      const finalSeconds = (performance.now() - finalStart) / 1000;
      if (signal?.aborted) throw abortError();
      const info = await onData(
        async (host) => {
          // The fit time counts the tuning: it is part of what training this model took.
          const assembled = await host.api.assembleModel(
            transfer(shards, shardTransferables(shards)),
            grownWith,
            binSeconds + growSeconds,
            // Kept with the model, so that its file says what tuning tried (as the command line's files do).
            { ...(tuning ? { tuning } : {}), ...(skipped ? { tuningSkipped: skipped } : {}) },
          );
          heldModel(host, assembled);
          return assembled;
        },
        { long: true, signal },
      );
      if (signal?.aborted) {
        // Cancelled while the model was being assembled: put the previous model back.
        await onData((host) => host.api.revertModel(), { long: true });
        throw abortError();
      }
      modelData = training;
      tunedModel = tune ? { dataId: prepared.id, base, params: grownWith } : null;
      return {
        ...info,
        // The final forest's speed (the trees grown for it): what "N more trees would take" is estimated from; all the
        // trees of this training when the search had grown every one of the forest's.
        treesPerSecond:
          rest > 0
            ? finalSeconds > 0
              ? rest / finalSeconds
              : undefined
            : growSeconds > 0
              ? (tuning?.treesGrown ?? 0) / growSeconds
              : undefined,
        workers: pool.size,
        ...(tuning ? { tuning } : {}),
        ...(skipped ? { tuningSkipped: skipped } : {}),
      };
    },

    async evaluate(
      folds: number | EvaluationSettings,
      options?: CallOptions<EvaluationProgress>,
    ): Promise<EvaluationReport> {
      const signal = options?.signal;
      const onProgress = options?.onProgress;
      if (signal?.aborted) throw abortError();
      const start = performance.now();
      // Cancelling ends the evaluation worker too, so no scoring goes on in the background.
      const stopScoring = whenAborted(signal, () => {
        evaluator?.terminate();
        evaluator = null;
      });
      try {
        const input = await abortable(
          signal,
          onData((host) => host.api.evaluationInput(false, folds), { long: true, signal }),
        );
        const held = await abortable(
          signal,
          onEvaluator((host) => host.api.cohortId()),
        );
        if (held !== input.dataId) {
          // The evaluation worker gets its own copy of the cohort (or the same shared columns) once per dataset.
          const full = await abortable(
            signal,
            onData((host) => host.api.evaluationInput(true, folds), { long: true, signal }),
          );
          const cohort = full.cohort;
          if (!cohort) throw new Error('The training rows of the model could not be read.');
          await abortable(
            signal,
            onEvaluator((host) =>
              host.api.setCohort(full.dataId, transfer(cohort, cohortTransferables(cohort))),
            ),
          );
        }
        const plan = await abortable(
          signal,
          onEvaluator((host) => host.api.begin(input, folds)),
        );
        if (pool.dataId !== plan.dataId) {
          // The pool holds other data (e.g. of a cancelled training): give it the model's back.
          pool.setTrainingData(
            modelData?.id === plan.dataId
              ? modelData
              : await abortable(
                  signal,
                  onData((host) => host.api.trainingData(), { long: true, signal }),
                ),
          );
        }
        const perFold = plan.params.nEstimators;
        // A model tuned here is evaluated with tuning inside each fold, on the fold's training patients only, so the
        // figures cover the choice of settings as well as the forest (the command line's evaluate --tune does too).
        const tuned =
          tunedModel &&
          tunedModel.dataId === plan.dataId &&
          tunedModel.params.minSamplesLeaf === plan.params.minSamplesLeaf &&
          tunedModel.params.maxFeatures === plan.params.maxFeatures &&
          tunedModel.params.maxDepth === plan.params.maxDepth
            ? {
                ...plan.params,
                minSamplesLeaf: tunedModel.base.minSamplesLeaf,
                maxFeatures: tunedModel.base.maxFeatures,
                maxDepth: tunedModel.base.maxDepth,
                // The model's screen saw every patient: each fold screens its own training rows instead.
                featureWeights: tunedModel.base.featureWeights ?? null,
              }
            : null;
        const poolData = pool.heldData;
        const yAll = tuned ? (poolData?.y ?? null) : null;
        const tuneNFeatures = poolData?.binned.nFeatures ?? 0;
        const tuneNClasses = poolData?.nClasses ?? 0;
        const foldTuning = plan.trainRows.map((rows) =>
          tuned ? tuningPlan(tuned, rows.length, tuneNFeatures, true).tuningTrees : 0,
        );
        const treesTotal = perFold * plan.k + foldTuning.reduce((a, b) => a + b, 0);
        let foldsDone = 0;
        let treesDone = 0;
        let stage: EvaluationProgress['stage'] = 'growing';
        const emit = (): void =>
          onProgress?.({ foldsDone, folds: plan.k, treesDone, treesTotal, stage });
        emit();
        const chosen: string[] = [];
        const foldGroupAware: boolean[] = [];
        // Scoring a fold (evaluation worker) overlaps growing the next one (pool); the data worker stays free.
        const scoring: Promise<void>[] = [];
        let scoringError: unknown = null;
        for (let f = 0; f < plan.k; f++) {
          if (scoringError) throw scoringError;
          let before = treesDone;
          let foldParams = plan.params;
          let foldKept: TreeShard[] | null = null;
          if (tuned && yAll) {
            const rows = plan.trainRows[f];
            // Screened on the fold's training rows only, never its held-out patients.
            const featureWeights = await pool.screenWeights(rows, signal);
            const result = await tuneOnOutOfBag(
              {
                y: yAll,
                nClasses: tuneNClasses,
                nFeatures: tuneNFeatures,
                rows,
                ...(plan.groups ? { groups: plan.groups } : {}),
                featureWeights,
              },
              tuned,
              (p, firstTree, byGroup) =>
                pool.grow(p, {
                  rows,
                  ...(byGroup ? { groups: Int32Array.from(byGroup) } : {}),
                  signal,
                  firstTree,
                  onProgress: (done) => {
                    treesDone = before + done;
                    emit();
                  },
                }),
              {
                onProgress: (done) => {
                  treesDone = before + done;
                },
              },
            );
            foldParams = result.params;
            foldKept = result.firstTrees;
            foldGroupAware.push(result.report.groupAware);
            chosen.push(
              `${result.report.chosen.minSamplesLeaf} per leaf, ${result.report.chosen.maxFeatures} per split${result.report.chosen.screened ? ', screened draws' : ''}`,
            );
            treesDone = before + foldTuning[f];
            before = treesDone;
          } else if (plan.params.featureWeights) {
            // A screened model's weights came from a screen of every patient (e.g. a model file reopened): each fold
            // screens its own training rows instead, so its test patients take no part in the draws.
            foldParams = {
              ...plan.params,
              featureWeights: await pool.screenWeights(plan.trainRows[f], signal),
            };
          }
          // The fold's chosen setting's trees from its search are its forest's first: only the rest is grown.
          const reuse = reusableShards(foldKept, foldParams.nEstimators);
          before += reuse.firstTree;
          const rest = foldParams.nEstimators - reuse.firstTree;
          const shards = [
            ...reuse.shards,
            ...(rest > 0
              ? await pool.grow(
                  { ...foldParams, nEstimators: rest },
                  {
                    rows: plan.trainRows[f],
                    signal,
                    firstTree: reuse.firstTree,
                    onProgress: (done) => {
                      treesDone = before + done;
                      emit();
                    },
                  },
                )
              : []),
          ];
          treesDone = before - reuse.firstTree + perFold;
          const fold = f;
          scoring.push(
            onEvaluator((host) =>
              host.api.scoreFold(fold, transfer(shards, shardTransferables(shards))),
            ).then(() => {
              foldsDone++;
              emit();
            }),
          );
          // A failed scoring surfaces before the next fold is grown, not after all of them.
          scoring[scoring.length - 1].catch((error: unknown) => {
            scoringError ??= error;
          });
        }
        stage = 'scoring';
        emit();
        await abortable(signal, Promise.all(scoring));
        stage = 'summarising';
        emit();
        const seconds = (performance.now() - start) / 1000;
        const report = await abortable(
          signal,
          onEvaluator((host) => host.api.finish(seconds)),
        );
        const group = typeof folds === 'number' ? null : (folds.groupColumn ?? null);
        const tuning = tuned
          ? foldTuningWords(chosen, group, plan.groups ? foldGroupAware : undefined)
          : undefined;
        lastTuning = tuning && report.runKey ? { runKey: report.runKey, tuning } : null;
        return tuning ? { ...report, tuning } : report;
      } finally {
        stopScoring.dispose();
      }
    },

    async reportAs(runKey, positiveClass) {
      // No evaluation worker (never started, cancelled, crashed) keeps no run: never start one just to say so.
      if (!evaluator || evaluator.terminated) return null;
      const report = await onEvaluator((host) => host.api.reportAs(runKey, positiveClass));
      const tuning = lastTuning?.runKey === runKey ? lastTuning.tuning : undefined;
      return report && tuning ? { ...report, tuning } : report;
    },

    predict(patient, options) {
      return onData((host) => host.api.predict(patient, options), {
        ms: limit(modelScale()),
        cause: (s) => `Predicting the patient took longer than ${s} and was stopped`,
      });
    },
    counterfactual(patient, request) {
      return onData((host) => host.api.counterfactual(patient, request), {
        ms: limit(modelScale()),
        cause: (s) => `Searching for the nearest change took longer than ${s} and was stopped`,
      });
    },

    explain(patient) {
      return onData((host) => host.api.explain(patient), {
        ms: limit(modelScale()),
        cause: (s) => `Explaining the prediction took longer than ${s} and was stopped`,
      });
    },

    dependence(patient, feature, classIndex) {
      return onData((host) => host.api.dependence(patient, feature, classIndex), {
        ms: limit(modelScale()),
        cause: (s) =>
          `Drawing how the prediction changes with “${feature}” took longer than ${s} and was stopped`,
      });
    },

    predictBatch(file, options, positiveClass) {
      const name = Array.isArray(file)
        ? file.map((f) => f.name).join(', ')
        : (file as Partial<File>).name;
      return parseWith(
        (host, onProgress, loadId) =>
          host.api.predictBatch(file, onProgress, loadId, positiveClass ?? undefined),
        options,
        `Predicting the patients of ${name ? `“${name}”` : 'the file'}`,
      );
    },

    async variantImportance(options) {
      const signal = options?.signal;
      if (signal?.aborted) throw abortError();
      const input = await abortable(
        signal,
        onData((host) => host.api.variantImportanceInput(), { long: true, signal }),
      );
      // A worker of its own (the evaluation role's code): cancelling ends it without touching a running evaluation.
      const host = new WorkerHost<EvaluationWorkerApi>(() => spawn('evaluation'));
      const stop = whenAborted(signal, () => host.terminate());
      const onProgress = options?.onProgress;
      // A proxied callback has a port of its own: its last reports may arrive after the answer. None is passed on then.
      let settled = false;
      try {
        return await Promise.race([
          host.api.variantImportance(
            input,
            onProgress
              ? proxy((done: number) => {
                  if (!settled) onProgress({ treesDone: done, trees: input.params.nEstimators });
                })
              : undefined,
          ),
          host.stopped,
          stop.promise,
        ]);
      } catch (error) {
        if (host.failure)
          throw new Error(importanceCrashMessage(reasonOf(host.failure)), { cause: error });
        throw error;
      } finally {
        settled = true;
        stop.dispose();
        host.terminate();
      }
    },

    variantEffects(report, positiveClass) {
      // Each top variant is re-scored on the out-of-bag patients a few times: a long step, like training.
      return onData((host) => host.api.variantEffects(report.variants, positiveClass), {
        long: true,
      });
    },

    exportModel(evaluation) {
      return onData((host) => host.api.exportModel(evaluation), {
        ms: limit(modelScale()),
        cause: (s) => `Writing the model file took longer than ${s} and was stopped`,
      });
    },

    importModel(file, fileName) {
      const bytes = typeof file === 'string' ? file.length : file.byteLength;
      const scale = data ? stateOf(data).tableScale : 1;
      return onData(
        async (host) => {
          const opened = await host.api.importModel(file, fileName);
          heldModel(host, opened.info, bytes);
          // An opened model's cross-validation grows its settings as they are.
          tunedModel = null;
          return opened;
        },
        {
          // Opening also matches the model to the loaded table (its cohort fingerprint).
          ms: limit(fileScale(bytes), scale),
          cause: (s) =>
            `The model file${fileName ? ` “${fileName}”` : ''} took longer than ${s} to open and was stopped`,
        },
      );
    },

    exportOnnx() {
      return onData((host) => host.api.exportOnnx(), {
        ms: limit(onnxScale()),
        cause: (s) => `Writing the ONNX file took longer than ${s} and was stopped`,
      });
    },

    mapColumns(request) {
      const bytes = request.kind === 'csv-header' ? request.file.size : request.text.length;
      return onData((host) => host.api.mapColumns(request), {
        ms: limit(fileScale(bytes), modelScale()),
        cause: (s) =>
          `Naming the model's columns from “${request.fileName}” took longer than ${s} and was stopped`,
      });
    },

    setReferenceCohort(file, fileName) {
      return onData((host) => host.api.setReferenceCohort(file, fileName), {
        ms: limit(fileScale(file.size), modelScale()),
        cause: (s) =>
          `Reading the reference cohort “${fileName}” took longer than ${s} and was stopped`,
      });
    },

    estimateEffects(request, options) {
      return runEffects(options, (api, table, forward, growers) =>
        api.estimateEffects(table, request, forward, growers),
      );
    },

    estimateArmEffects(request, options) {
      return runEffects(options, (api, table, forward, growers) =>
        api.estimateArmEffects(table, request, forward, growers),
      );
    },

    async patientEffect(patient) {
      const host = effecter;
      if (!host || host.terminated) return null;
      return Promise.race([host.api.patientEffect(patient), host.stopped]);
    },

    async patientArmEffects(patient) {
      const host = effecter;
      if (!host || host.terminated) return null;
      return Promise.race([host.api.patientArmEffects(patient), host.stopped]);
    },

    qcSummary(filters) {
      const scale = data ? stateOf(data).tableScale : 1;
      return onData((host) => host.api.qcSummary(filters), {
        ms: limit(scale),
        cause: (s) => `Checking the variants (QC) took longer than ${s} and was stopped`,
      });
    },

    ancestry(request) {
      // Each sweep's parts run on the training pool (when memory is shared); the data worker drives the iteration.
      const sweeper = proxy(
        async (job: PcaSweepJob, q: Float64Array, w: number, withG: boolean) => {
          const parts = await pool.sweepPca(job, q, w, withG);
          return transfer(
            parts,
            parts.flatMap((r) => (r.g ? [r.p.buffer, r.g.buffer] : [r.p.buffer]) as ArrayBuffer[]),
          );
        },
      );
      // Components sweep the genotypes a dozen times: timed as a long step, like training.
      return onData((host) => host.api.ancestry(request, sweeper), { long: true });
    },

    patientGenotypes(files, sample, options) {
      return parseWith<PatientGenotypes>(
        (host, onProgress, loadId) => host.api.patientGenotypes(files, sample, onProgress, loadId),
        options,
        `Reading the patient’s genotypes from “${files.map((f) => f.name).join(', ')}”`,
      );
    },

    typicalPatient() {
      return onData((host) => host.api.typicalPatient(), {
        ms: limit(),
        cause: (s) => `Filling the form with typical values took longer than ${s} and was stopped`,
      });
    },

    proposeSurvival() {
      return onData((host) => host.api.proposeSurvival(), {
        ms: limit(),
        cause: (s) => `Looking for time and event columns took longer than ${s} and was stopped`,
      });
    },

    survivalTuningBudget(patients, trees, baseLeaf) {
      return onData((host) => host.api.survivalTuningBudget(patients, trees, baseLeaf), {
        ms: limit(),
        cause: (s) => `Working out the tuning's trees took longer than ${s} and was stopped`,
      });
    },

    describeSurvival(choice) {
      const scale = data ? stateOf(data).tableScale : 1;
      return onData((host) => host.api.describeSurvival(choice), {
        ms: limit(scale),
        cause: (s) =>
          `Checking the time “${choice.time}” and event “${choice.event}” columns took longer than ${s} and was stopped`,
      });
    },

    async trainSurvival(choice, settings, options) {
      const signal = options?.signal;
      const onProgress = options?.onProgress;
      if (signal?.aborted) throw abortError();
      // Encoded in the data worker, grown on the pool, assembled and evaluated back in the data worker.
      const c = await abortable(
        signal,
        onData((host) => host.api.prepareSurvival(choice, settings), { long: true, signal }),
      );
      const start = performance.now();
      await pool.prepareData(
        {
          id: c.id,
          X: c.X,
          nRows: c.nRows,
          nFeatures: c.nFeatures,
          isCategorical: c.isCategorical,
          y: c.event,
          nClasses: 2,
        },
        signal,
      );
      // With tuning, the candidate forests first (their out-of-bag risks kept by the data worker), then the final one.
      const candidates = c.tuningCandidates ?? [];
      const tuned = candidates.length > 0;
      const treesTotal = candidates.reduce((a, p) => a + p.nEstimators, 0) + c.params.nEstimators;
      let before = 0;
      const tick = (stage: 'tuning' | 'growing') => (done: number) => {
        const treesDone = before + done;
        const elapsedMs = performance.now() - start;
        onProgress?.({
          treesDone,
          treesTotal,
          elapsedMs,
          remainingMs: treesDone > 0 ? (elapsedMs / treesDone) * (treesTotal - treesDone) : null,
          ...(tuned ? { stage } : {}),
        });
      };
      tick(tuned ? 'tuning' : 'growing')(0);
      const followUp = { time: c.time, event: c.event, grid: c.grid };
      await growSurvivalCandidates(
        candidates,
        followUp,
        { signal, onProgress: tick('tuning') },
        (api, k, shards) => api.addSurvivalTuningCandidate(k, shards),
        (k) => {
          before += candidates[k].nEstimators;
        },
      );
      const params = tuned
        ? await abortable(
            signal,
            onData((host) => host.api.chooseSurvivalSettings(), { long: true, signal }),
          )
        : c.params;
      const shards = await pool.growSurvival(params, followUp, {
        signal,
        onProgress: tick('growing'),
      });
      if (signal?.aborted) throw abortError();
      // The fit time counts binning on the pool and the tuning, as the class model's: what training this model took.
      const growSeconds = (performance.now() - start) / 1000;
      return abortable(
        signal,
        // Moved, not copied: the trees and out-of-bag sums are megabytes the main thread has no use for.
        onData(
          (host) =>
            host.api.assembleSurvival(
              transfer(shards, survivalShardTransferables(shards)),
              growSeconds,
            ),
          { long: true, signal },
        ),
      );
    },

    async evaluateSurvival(folds, options) {
      const signal = options?.signal;
      const onProgress = options?.onProgress;
      if (signal?.aborted) throw abortError();
      const plan = await abortable(
        signal,
        onData((host) => host.api.planSurvivalCv(folds, options?.groupColumn ?? null), {
          long: true,
          signal,
        }),
      );
      if (pool.dataId !== plan.dataId) {
        // The pool holds other data (a class model's, or a cancelled training's): give it the survival cohort back.
        const c = await abortable(
          signal,
          onData((host) => host.api.survivalColumns(), { long: true, signal }),
        );
        await pool.prepareData(
          {
            id: c.id,
            X: c.X,
            nRows: c.nRows,
            nFeatures: c.nFeatures,
            isCategorical: c.isCategorical,
            y: c.event,
            nClasses: 2,
          },
          signal,
        );
      }
      // A tuned model is tuned again inside each fold: its candidate forests count too.
      const perFold = plan.folds.map(
        (f) =>
          f.params.nEstimators + (f.tuningCandidates ?? []).reduce((a, p) => a + p.nEstimators, 0),
      );
      const treesTotal = perFold.reduce((a, b) => a + b, 0);
      const k = plan.folds.length;
      let before = 0;
      onProgress?.({ foldsDone: 0, folds: k, treesDone: 0, treesTotal, stage: 'growing' });
      const { time, event } = plan;
      const scoring: Promise<void>[] = [];
      /** Hands fold f's forest (moved, not copied: megabytes the main thread has no use for) to the data worker. */
      const score = (f: number, shards: SurvivalShardWire[], seconds: number): void => {
        scoring.push(
          onData(
            (host) =>
              host.api.addSurvivalFold(
                f,
                transfer(shards, survivalShardTransferables(shards)),
                seconds,
              ),
            { long: true, signal },
          ),
        );
      };
      const together = plan.folds.every((fold) => (fold.tuningCandidates ?? []).length === 0);
      let foldsDone = 0;
      if (together) {
        // Every fold at once, a whole fold's forest per worker (the last ones split across them): k folds take about
        // k / workers fold-times, without a message per chunk. The data worker scores each fold as it comes back,
        // while the others grow; each fold's seconds run from the fold before it, so that they add up to the wall
        // clock.
        let last = performance.now();
        await pool.growSurvivalForests(
          plan.folds.map((fold) => ({
            params: fold.params,
            outcome: { time, event, grid: fold.grid },
            rows: fold.rows,
          })),
          {
            signal,
            onProgress: (done) =>
              onProgress?.({
                foldsDone,
                folds: k,
                treesDone: done,
                treesTotal,
                stage: 'growing',
              }),
            onForest: (f, shards) => {
              const now = performance.now();
              score(f, shards, (now - last) / 1000);
              last = now;
              foldsDone++;
            },
          },
        );
        if (signal?.aborted) throw abortError();
      }
      // Otherwise fold after fold, each fold's trees over every worker (a tuned fold's leaf is chosen from its
      // candidates before its forest grows); the data worker scores a fold while the next grows.
      for (let f = 0; !together && f < k; f++) {
        const fold = plan.folds[f];
        const start = performance.now();
        const tick = (done: number) =>
          onProgress?.({
            foldsDone: f,
            folds: k,
            treesDone: before + done,
            treesTotal,
            stage: 'growing',
          });
        const candidates = fold.tuningCandidates ?? [];
        await growSurvivalCandidates(
          candidates,
          { time, event, grid: fold.grid },
          { rows: fold.rows, signal, onProgress: tick },
          (api, c, shards) => api.addSurvivalFoldCandidate(f, c, shards),
          (c) => {
            before += candidates[c].nEstimators;
          },
        );
        const params =
          candidates.length > 0
            ? await abortable(
                signal,
                onData((host) => host.api.chooseSurvivalFoldSettings(f), { long: true, signal }),
              )
            : fold.params;
        const shards = await pool.growSurvival(
          params,
          { time, event, grid: fold.grid },
          { rows: fold.rows, signal, onProgress: tick },
        );
        if (signal?.aborted) throw abortError();
        score(f, shards, (performance.now() - start) / 1000);
        before += params.nEstimators;
      }
      onProgress?.({ foldsDone: k, folds: k, treesDone: treesTotal, treesTotal, stage: 'scoring' });
      await abortable(signal, Promise.all(scoring));
      return abortable(
        signal,
        onData((host) => host.api.finishSurvivalCv(), { long: true, signal }),
      );
    },

    survivalHorizon(horizon) {
      return onData((host) => host.api.survivalHorizon(horizon), {
        ms: limit(modelScale()),
        cause: (s) => `The figures at ${horizon} took longer than ${s} and were stopped`,
      });
    },

    predictSurvival(patient, horizon) {
      return onData((host) => host.api.predictSurvival(patient, horizon), {
        ms: limit(modelScale()),
        cause: (s) => `Predicting the patient's survival took longer than ${s} and was stopped`,
      });
    },

    compareSurvival(patient, column, horizon) {
      return onData((host) => host.api.compareSurvival(patient, column, horizon), {
        ms: limit(modelScale()),
        cause: (s) => `Comparing the values of “${column}” took longer than ${s} and was stopped`,
      });
    },

    exportSurvivalModel() {
      return onData((host) => host.api.exportSurvivalModel(), {
        ms: limit(modelScale()),
        cause: (s) => `Writing the survival model file took longer than ${s} and was stopped`,
      });
    },

    openSurvivalModel(text, fileName) {
      return onData((host) => host.api.openSurvivalModel(text, fileName), {
        ms: limit(fileScale(text.length)),
        cause: (s) => `Opening “${fileName}” took longer than ${s} and was stopped`,
      });
    },

    predictSurvivalBatch(file, horizons, options) {
      const name = Array.isArray(file)
        ? file.map((f) => f.name).join(', ')
        : (file as Partial<File>).name;
      return parseWith(
        (host, onProgress, loadId) =>
          host.api.predictSurvivalBatch(file, horizons, onProgress, loadId),
        options,
        `Predicting the survival of the patients of ${name ? `“${name}”` : 'the file'}`,
      );
    },

    onDataWorkerRestart(listener) {
      restartListeners.add(listener);
      return () => {
        restartListeners.delete(listener);
      };
    },

    dispose() {
      disposed = true;
      restartListeners.clear();
      pool.dispose();
      evaluator?.terminate();
      evaluator = null;
      effectRun?.abort();
      effecter?.terminate();
      effecter = null;
      data?.terminate();
      data = null;
    },
  };
  return client;
}
