/**
 * The EngineClient the UI uses: one stateful data worker (table, prepared data, model), a pool of training
 * workers, and an evaluation worker that scores cross-validation folds so predictions never wait behind them. The main thread only forwards requests, times them and relays progress; every computation runs in a
 * worker. Cancelling train/evaluate terminates the pool only, so the loaded table and the previous model survive.
 */
import { proxy, transfer } from 'comlink';
import type {
  CallOptions,
  DataWorkerApi,
  EngineClient,
  EvaluationProgress,
  EvaluationReport,
  EvaluationWorkerApi,
  ForestParams,
  JoinKeyChoice,
  ModelInfo,
  ParseProgress,
  TableSummary,
  EvaluationSettings,
  NamedFile,
  TrainProgress,
  TrainingData,
  TrainingSetup,
} from './api';
import { WorkerHost, abortError, spawnBrowserWorker, whenAborted, type SpawnWorker } from './host';
import { TrainingPool, reasonOf, type PoolOptions } from './pool';
import { cohortTransferables, shardTransferables } from './transferables';

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
}

/** Message when the data worker dies; the user has to load the file again. */
export function dataWorkerCrashMessage(reason: string): string {
  return `The engine stopped unexpectedly (${reason}). Please load the file again; your settings are kept.`;
}

/** Message when the evaluation worker dies; the model and the table are kept. */
export function evaluationCrashMessage(reason: string): string {
  return `The evaluation stopped unexpectedly (${reason}). The model is kept; evaluate again.`;
}

/** Creates the engine client: a data worker now, training workers when first needed. */
export function createEngineClient(options: EngineClientOptions = {}): EngineClient {
  const spawn = options.spawn ?? spawnBrowserWorker;
  const pool = new TrainingPool(spawn, {
    size: options.workers,
    idleTimeoutMs: options.idleTimeoutMs,
  });
  const loadCancelGraceMs = options.loadCancelGraceMs ?? 3000;
  let data: WorkerHost<DataWorkerApi> | null = null;
  /** Scores cross-validation folds beside the data worker (started with the first evaluation). */
  let evaluator: WorkerHost<EvaluationWorkerApi> | null = null;
  let disposed = false;
  let loads = 0;
  /** The training data of the last model trained here, so evaluate need not fetch it again. */
  let modelData: TrainingData | null = null;

  function dataWorker(): WorkerHost<DataWorkerApi> {
    if (disposed) throw new Error('The engine has been shut down.');
    if (!data || data.terminated) data = new WorkerHost<DataWorkerApi>(() => spawn('data'));
    return data;
  }

  function restartDataWorker(): void {
    data?.terminate();
    data = null;
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

  /** Runs one data-worker call; if the data worker dies meanwhile, it is restarted empty and the call rejects. */
  async function onData<T>(call: (host: WorkerHost<DataWorkerApi>) => Promise<T>): Promise<T> {
    const host = dataWorker();
    try {
      return await Promise.race([call(host), host.stopped]);
    } catch (error) {
      if (host.failure) {
        if (data === host) restartDataWorker();
        throw new Error(dataWorkerCrashMessage(reasonOf(host.failure)), { cause: error });
      }
      throw error;
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

  /** Parses a file in the data worker; aborting asks it to stop between chunks, else restarts it. */
  async function parseWith<T>(
    call: (
      host: WorkerHost<DataWorkerApi>,
      onProgress: ((p: ParseProgress) => void) | undefined,
      loadId: string,
    ) => Promise<T>,
    options: CallOptions<ParseProgress> | undefined,
  ): Promise<T> {
    const signal = options?.signal;
    if (signal?.aborted) throw abortError();
    const onProgress = options?.onProgress;
    const host = dataWorker();
    const forward = onProgress ? proxy((p: ParseProgress) => onProgress(p)) : undefined;
    const loadId = `load-${++loads}`;
    const work = onData(() => call(host, forward, loadId));
    const aborted = whenAborted(signal, () => {
      // Ask the worker to stop between chunks (or undo a load that just finished). A worker that does not even
      // answer within the grace time is stuck in a long computation: end it (its table and model are then lost).
      const timer = setTimeout(() => {
        if (data === host) restartDataWorker();
      }, loadCancelGraceMs);
      void host.api
        .cancelLoad(loadId)
        .catch(() => undefined)
        .finally(() => clearTimeout(timer));
    });
    try {
      return await Promise.race([work, aborted.promise]);
    } finally {
      aborted.dispose();
    }
  }

  const client: EngineClient = {
    loadCsv(
      file: Blob,
      fileName: string,
      options?: CallOptions<ParseProgress>,
    ): Promise<TableSummary> {
      const loaded = parseWith(
        (host, onProgress, loadId) => host.api.loadCsv(file, fileName, onProgress, loadId),
        options,
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
      );
    },

    describeOutcome(setup: TrainingSetup) {
      return onData((host) => host.api.describeOutcome(setup));
    },

    async train(
      setup: TrainingSetup,
      params: ForestParams,
      options?: CallOptions<TrainProgress>,
    ): Promise<ModelInfo> {
      const signal = options?.signal;
      const onProgress = options?.onProgress;
      if (signal?.aborted) throw abortError();
      const prepared = await abortable(
        signal,
        onData((host) => host.api.prepareColumns(setup, params)),
      );
      const binStart = performance.now();
      // Binned in parallel across the pool; the same table and setup as last time are not binned again.
      const training: TrainingData =
        pool.dataId === prepared.id && pool.heldData
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
              },
              signal,
            );
      const binSeconds = (performance.now() - binStart) / 1000;
      onProgress?.({
        treesDone: 0,
        treesTotal: prepared.params.nEstimators,
        elapsedMs: 0,
        remainingMs: null,
      });
      const start = performance.now();
      const shards = await pool.grow(prepared.params, {
        signal,
        onProgress: (treesDone, treesTotal) => {
          const elapsedMs = performance.now() - start;
          const remainingMs =
            treesDone > 0 ? (elapsedMs / treesDone) * (treesTotal - treesDone) : null;
          const treesPerSecond = elapsedMs > 0 ? (treesDone * 1000) / elapsedMs : undefined;
          onProgress?.({ treesDone, treesTotal, elapsedMs, remainingMs, treesPerSecond });
        },
      });
      const growSeconds = (performance.now() - start) / 1000;
      if (signal?.aborted) throw abortError();
      const info = await onData((host) =>
        host.api.assembleModel(
          transfer(shards, shardTransferables(shards)),
          prepared.params,
          binSeconds + growSeconds,
        ),
      );
      if (signal?.aborted) {
        // Cancelled while the model was being assembled: put the previous model back.
        await onData((host) => host.api.revertModel());
        throw abortError();
      }
      modelData = training;
      return {
        ...info,
        treesPerSecond: growSeconds > 0 ? prepared.params.nEstimators / growSeconds : undefined,
        workers: pool.size,
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
          onData((host) => host.api.evaluationInput(false, folds)),
        );
        const held = await abortable(
          signal,
          onEvaluator((host) => host.api.cohortId()),
        );
        if (held !== input.dataId) {
          // The evaluation worker gets its own copy of the cohort (or the same shared columns) once per dataset.
          const full = await abortable(
            signal,
            onData((host) => host.api.evaluationInput(true, folds)),
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
                  onData((host) => host.api.trainingData()),
                ),
          );
        }
        const perFold = plan.params.nEstimators;
        const treesTotal = perFold * plan.k;
        let foldsDone = 0;
        let treesDone = 0;
        let stage: EvaluationProgress['stage'] = 'growing';
        const emit = (): void =>
          onProgress?.({ foldsDone, folds: plan.k, treesDone, treesTotal, stage });
        emit();
        // Scoring a fold (evaluation worker) overlaps growing the next one (pool); the data worker stays free.
        const scoring: Promise<void>[] = [];
        let scoringError: unknown = null;
        for (let f = 0; f < plan.k; f++) {
          if (scoringError) throw scoringError;
          const before = treesDone;
          const shards = await pool.grow(plan.params, {
            rows: plan.trainRows[f],
            signal,
            onProgress: (done) => {
              treesDone = before + done;
              emit();
            },
          });
          treesDone = before + perFold;
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
        return await abortable(
          signal,
          onEvaluator((host) => host.api.finish(seconds)),
        );
      } finally {
        stopScoring.dispose();
      }
    },

    async reportAs(runKey, positiveClass) {
      // No evaluation worker (never started, cancelled, crashed) keeps no run: never start one just to say so.
      if (!evaluator || evaluator.terminated) return null;
      return onEvaluator((host) => host.api.reportAs(runKey, positiveClass));
    },

    predict(patient, options) {
      return onData((host) => host.api.predict(patient, options));
    },
    counterfactual(patient, request) {
      return onData((host) => host.api.counterfactual(patient, request));
    },

    explain(patient) {
      return onData((host) => host.api.explain(patient));
    },

    dependence(patient, feature, classIndex) {
      return onData((host) => host.api.dependence(patient, feature, classIndex));
    },

    predictBatch(file, options) {
      return parseWith(
        (host, onProgress, loadId) => host.api.predictBatch(file, onProgress, loadId),
        options,
      );
    },

    exportModel(evaluation) {
      return onData((host) => host.api.exportModel(evaluation));
    },

    importModel(file, fileName) {
      return onData((host) => host.api.importModel(file, fileName));
    },

    exportOnnx() {
      return onData((host) => host.api.exportOnnx());
    },

    mapColumns(request) {
      return onData((host) => host.api.mapColumns(request));
    },

    setReferenceCohort(file, fileName) {
      return onData((host) => host.api.setReferenceCohort(file, fileName));
    },

    typicalPatient() {
      return onData((host) => host.api.typicalPatient());
    },

    dispose() {
      disposed = true;
      pool.dispose();
      evaluator?.terminate();
      evaluator = null;
      data?.terminate();
      data = null;
    },
  };
  return client;
}
