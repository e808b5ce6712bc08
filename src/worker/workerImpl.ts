/**
 * The implementation of WorkerApi, free of DOM and Node APIs, so the browser worker (engine.worker.ts) and the
 * Node worker (node.worker.ts) expose the very same object, and tests can call it in-process.
 *
 * State lives only in the data worker: the loaded table, the training data prepared from it, the current model
 * (with the cohort it was trained on, for explanations and familiarity) and a running evaluation. Training
 * workers hold only the binned data they grow trees on.
 */
import { releaseProxy, transfer } from 'comlink';
import type { EncodedDataset, RawTable, TableSchema } from '../engine/data/types';
import { parseCsvBlob, previewRows } from '../engine/data/parse';
import { inferSchema, schemaIssues, suggestTarget } from '../engine/data/schema';
import {
  buildEncoding,
  encodePatient,
  encodeTable,
  typicalPatient as typicalOf,
} from '../engine/data/encode';
import { toCsv, type CsvCell } from '../engine/data/csvExport';
import { binFeatures } from '../engine/forest/binning';
import { growTrees as growShard } from '../engine/forest/grow';
import { assembleForest, validateParams } from '../engine/forest/forest';
import { predictProbaRow } from '../engine/forest/predict';
import type { BinnedData, ForestParams, TreeShard } from '../engine/forest/types';
import {
  stratifiedKFold,
  trainingRows,
  type StratifiedFolds,
} from '../engine/evaluate/crossValidation';
import { computeMetrics } from '../engine/evaluate/metrics';
import { scoreHeldOut, topFeatures } from '../engine/evaluate/heldOut';
import { summarizeMetrics } from '../engine/evaluate/summary';
import { forestShap } from '../engine/explain/treeshap';
import type {
  BatchResult,
  BatchRow,
  DependenceCurve,
  EvaluationPlan,
  EvaluationReport,
  Explanation,
  ModelInfo,
  OutcomeSummary,
  ParseProgress,
  PatientInput,
  Prediction,
  PreparedTraining,
  TableSummary,
  TrainingData,
  TrainingSetup,
  WorkerApi,
} from './api';
import { modelDependence, predictPatient, type PatientModel } from './predictPatient';
import { shardTransferables, trainingTransferables } from './transferables';
import { exportModelFile, parseModelFile } from './modelFile';
import { describeModel, namedImportances } from './modelInfo';

/** Rows of a loaded table shown as a preview. */
const PREVIEW_ROWS = 20;
/** Permutation importance is computed for at most this many features (the top ones by impurity importance)... */
export const MAX_PERMUTATION_FEATURES = 100;
/** ...and at least this many (when the table has them), whatever the budget below. */
export const MIN_PERMUTATION_FEATURES = 20;
/**
 * Work allowed per fold for permutation importance, in (test row × tree) predictions: about a second in a browser.
 * A fold of 600 patients and 100 trees affords 22 features × 3 shuffles; the breast-cancer table all 30.
 */
export const PERMUTATION_BUDGET = 4_000_000;
/** Shuffles per feature in permutation importance. */
const PERMUTATION_REPEATS = 3;

/** The model a data worker holds, with the cohort it learned from when that is known. */
interface HeldModel extends PatientModel {
  info: ModelInfo;
  /** Binned training data, for cross-validation in the pool; null after importing a model. */
  training: TrainingData | null;
}

interface Prepared {
  data: EncodedDataset;
  training: TrainingData;
  params: ForestParams;
  /** Seconds spent encoding and binning (counted in the fit time, also when reused). */
  seconds: number;
  /** The setup it was prepared for, as JSON: training again with other settings reuses it. */
  setupKey: string;
}

interface RunningEvaluation {
  model: HeldModel;
  data: EncodedDataset;
  folds: StratifiedFolds;
  scored: Uint8Array;
  /** Out-of-fold probabilities, row-major nRows×nClasses. */
  oof: Float64Array;
  /** Sum over folds of permutation importance × test rows, and the test rows counted. */
  permSum: Float64Array;
  permRows: number;
  permFeatures: Int32Array;
  params: ForestParams;
}

let idCounter = 0;
/** An id for a prepared dataset that is unique across worker restarts. */
function newDataId(): string {
  idCounter++;
  const random = Math.floor(Math.random() * 0xffffffff).toString(36);
  return `${Date.now().toString(36)}-${random}-${idCounter}`;
}

/** Seconds elapsed since `start` (performance.now() milliseconds). */
function since(start: number): number {
  return (performance.now() - start) / 1000;
}

/**
 * Calls a callback that may be a Comlink proxy (whose calls return promises that reject once the other side is
 * gone) without letting a failed progress report break the work.
 */
function report<T>(
  callback: ((value: T) => void) | undefined,
  value: T,
): Promise<unknown> | undefined {
  if (!callback) return undefined;
  try {
    const result = callback(value) as unknown;
    if (result instanceof Promise) return result.catch(() => undefined);
  } catch {
    // A progress report must never stop the work.
  }
  return undefined;
}

/** Drops the worker side of a Comlink-proxied callback so the caller's MessagePort closes. */
function release(callback: unknown): void {
  if (typeof callback !== 'function') return;
  try {
    const releaser = (callback as unknown as { [releaseProxy]?: unknown })[releaseProxy];
    if (typeof releaser === 'function') (releaser as () => void)();
  } catch {
    // Not a Comlink proxy (an in-process call): nothing to release.
  }
}

/** Copies the binned data and labels into fresh buffers (so one copy can be transferred away). */
function cloneTraining(t: TrainingData): TrainingData {
  const b = t.binned;
  const binned: BinnedData = {
    bins: b.bins.slice(),
    nRows: b.nRows,
    nFeatures: b.nFeatures,
    nBins: b.nBins.slice(),
    thresholds: b.thresholds.map((a) => a.slice()),
    isCategorical: b.isCategorical.slice(),
  };
  return { id: t.id, binned, y: t.y.slice(), nClasses: t.nClasses };
}

/** 1 for each categorical feature of an encoded table (what binFeatures needs). */
export function categoricalMask(data: Pick<EncodedDataset, 'encoding'>): Uint8Array {
  return Uint8Array.from(data.encoding.features, (f) => (f.kind === 'categorical' ? 1 : 0));
}

/** A new implementation object with its own state (one per worker). */
export function createWorkerImpl(): WorkerApi {
  let table: RawTable | null = null;
  let schema: TableSchema | null = null;
  let prepared: Prepared | null = null;
  let model: HeldModel | null = null;
  let previousModel: HeldModel | null = null;
  let evaluation: RunningEvaluation | null = null;
  /** The parse under way, with the id the caller gave it (to cancel it). */
  let loading: { id: string | undefined; controller: AbortController } | null = null;
  /** The state before the last completed loadCsv, so a cancel that arrives after it finished can undo it. */
  let undoLoad: {
    id: string;
    table: RawTable | null;
    schema: TableSchema | null;
    prepared: Prepared | null;
  } | null = null;
  // Training-worker state.
  let training: TrainingData | null = null;
  /** Trees left before this worker crashes on purpose (crashAfterTreesForTest), or null: never. */
  let crashAfterTrees: number | null = null;

  function requireTable(): { table: RawTable; schema: TableSchema } {
    if (!table || !schema) throw new Error('No table is loaded: load a CSV file first.');
    return { table, schema };
  }

  function requireModel(): HeldModel {
    if (!model) throw new Error('There is no model yet: train one or open a saved model first.');
    return model;
  }

  async function parse(
    file: Blob,
    onProgress: ((p: ParseProgress) => void) | undefined,
    id: string | undefined,
  ): Promise<RawTable> {
    loading?.controller.abort();
    undoLoad = null;
    const current = { id, controller: new AbortController() };
    loading = current;
    try {
      return await parseCsvBlob(file, (p) => void report(onProgress, p), {
        signal: current.controller.signal,
      });
    } catch (error) {
      if (current.controller.signal.aborted) {
        throw new DOMException('Loading the file was cancelled.', 'AbortError');
      }
      throw error;
    } finally {
      if (loading === current) loading = null;
      release(onProgress);
    }
  }

  /** The cohort of a model opened from a file: the loaded table, when it has the model's columns. */
  function cohortFromTable(info: ModelInfo): EncodedDataset | null {
    if (!table) return null;
    try {
      const data = encodeTable(table, info.encoding);
      if (data.nRows === 0 || (data.missingColumns?.length ?? 0) > 0) return null;
      return data;
    } catch {
      return null;
    }
  }

  const api: WorkerApi = {
    async loadCsv(file, fileName, onProgress, loadId): Promise<TableSummary> {
      const parsed = await parse(file, onProgress, loadId);
      const inferred = inferSchema(parsed);
      if (loadId !== undefined) undoLoad = { id: loadId, table, schema, prepared };
      table = parsed;
      schema = inferred;
      prepared = null;
      return {
        fileName,
        bytes: file.size,
        rowCount: parsed.rowCount,
        columnCount: parsed.headers.length,
        headers: parsed.headers,
        preview: previewRows(parsed, PREVIEW_ROWS),
        schema: inferred,
        issues: [...parsed.issues, ...schemaIssues(inferred)],
        delimiter: parsed.delimiter,
        suggestedTarget: suggestTarget(inferred),
      };
    },

    async cancelLoad(loadId: string): Promise<void> {
      if (loading && loading.id === loadId) {
        loading.controller.abort();
      } else if (undoLoad && undoLoad.id === loadId) {
        // The load finished before the cancel arrived (a small or fast file): put the previous table back.
        ({ table, schema, prepared } = undoLoad);
        undoLoad = null;
      }
    },

    async describeOutcome(setup: TrainingSetup): Promise<OutcomeSummary> {
      const t = requireTable();
      return buildEncoding(t.table, t.schema, setup).summary;
    },

    async prepare(setup: TrainingSetup, params: ForestParams): Promise<PreparedTraining> {
      const start = performance.now();
      const t = requireTable();
      const setupKey = JSON.stringify(setup);
      let p = prepared;
      if (!p || p.setupKey !== setupKey) {
        const { encoding, summary } = buildEncoding(t.table, t.schema, setup);
        if (summary.errors.length > 0) throw new Error(summary.errors.join(' '));
        validateParams(params, encoding.features.length);
        const data = encodeTable(t.table, encoding);
        const binned = binFeatures(data.X, data.nRows, data.nFeatures, categoricalMask(data));
        const training: TrainingData = {
          id: newDataId(),
          binned,
          y: data.y,
          nClasses: encoding.classes.length,
        };
        p = { data, training, params, seconds: since(start), setupKey };
      }
      // Same table and setup as last time (training again with other settings): the encoded data is reused,
      // keeps its id, and the pool need not receive it again.
      const checked = validateParams(params, p.data.nFeatures);
      prepared = { ...p, params: checked };
      const copy = cloneTraining(p.training);
      const result: PreparedTraining = {
        ...copy,
        encoding: p.data.encoding,
        params: checked,
        seconds: p.seconds,
      };
      return transfer(result, trainingTransferables(copy));
    },

    async assembleModel(
      shards: TreeShard[],
      params: ForestParams,
      growSeconds: number,
    ): Promise<ModelInfo> {
      const start = performance.now();
      const p = prepared;
      if (!p) throw new Error('The training data is gone (a new file was loaded): train again.');
      const { data } = p;
      const nClasses = data.encoding.classes.length;
      const forest = assembleForest(shards, params, data.nRows, nClasses, data.nFeatures, data.y);
      if (forest.trees.length !== params.nEstimators) {
        throw new Error(`Only ${forest.trees.length} of ${params.nEstimators} trees were grown.`);
      }
      const info = describeModel(forest, data, p.seconds + growSeconds + since(start));
      previousModel = model;
      model = { forest, info, cohort: data, training: p.training };
      evaluation = null;
      return info;
    },

    async revertModel(): Promise<void> {
      model = previousModel;
      previousModel = null;
      evaluation = null;
    },

    async trainingData(): Promise<TrainingData> {
      const m = requireModel();
      if (!m.training) {
        throw new Error(
          'This model was opened from a file without its training data, so it cannot be cross-validated here: train it again on the data.',
        );
      }
      return m.training;
    },

    async beginEvaluation(k: number): Promise<EvaluationPlan> {
      const m = requireModel();
      if (!m.training || !m.cohort) {
        throw new Error(
          'This model was opened from a file without its training data, so it cannot be cross-validated here: train it again on the data.',
        );
      }
      const data = m.cohort;
      const nClasses = m.forest.nClasses;
      const params: ForestParams = { ...m.info.params, oobScore: false };
      const folds = stratifiedKFold(
        data.y,
        nClasses,
        k,
        params.randomState,
        m.info.encoding.classes,
      );
      const trainRows = folds.folds.map((_, f) => trainingRows(folds, f, data.nRows));
      // Permutation importance for the features the model uses most (all of them on small tables).
      const largestFold = folds.folds.reduce((a, f) => Math.max(a, f.length), 1);
      const affordable = Math.floor(
        PERMUTATION_BUDGET / (PERMUTATION_REPEATS * largestFold * params.nEstimators),
      );
      const nPerm = Math.min(
        data.nFeatures,
        Math.max(MIN_PERMUTATION_FEATURES, Math.min(MAX_PERMUTATION_FEATURES, affordable)),
      );
      const permFeatures = topFeatures(m.forest.featureImportances, nPerm);
      evaluation = {
        model: m,
        data,
        folds,
        scored: new Uint8Array(folds.k),
        oof: new Float64Array(data.nRows * nClasses).fill(NaN),
        permSum: new Float64Array(data.nFeatures),
        permRows: 0,
        permFeatures,
        params,
      };
      return { dataId: m.training.id, k: folds.k, note: folds.note, trainRows, params };
    },

    async scoreFold(fold: number, shards: TreeShard[]): Promise<void> {
      const ev = evaluation;
      if (!ev || ev.model !== model)
        throw new Error('The evaluation was interrupted: evaluate again.');
      if (!(fold >= 0 && fold < ev.folds.k)) throw new Error(`There is no fold ${fold}.`);
      const { data } = ev;
      const nClasses = ev.model.forest.nClasses;
      const forest = assembleForest(shards, ev.params, data.nRows, nClasses, data.nFeatures);
      const test = ev.folds.folds[fold];
      const { proba, permutation } = scoreHeldOut(forest, data, test, {
        repeats: PERMUTATION_REPEATS,
        seed: ev.params.randomState + fold,
        features: ev.permFeatures,
        metric: 'auc',
      });
      for (let i = 0; i < test.length; i++) {
        for (let k = 0; k < nClasses; k++) ev.oof[test[i] * nClasses + k] = proba[i * nClasses + k];
      }
      for (const f of ev.permFeatures) {
        const v = permutation?.[f] ?? NaN;
        if (Number.isFinite(v)) ev.permSum[f] += v * test.length;
      }
      ev.permRows += test.length;
      ev.scored[fold] = 1;
    },

    async finishEvaluation(seconds: number): Promise<EvaluationReport> {
      const ev = evaluation;
      if (!ev || ev.model !== model)
        throw new Error('The evaluation was interrupted: evaluate again.');
      if (ev.scored.some((s) => s === 0)) throw new Error('Not every fold has been scored yet.');
      const { data, model: m } = ev;
      const classes = m.info.encoding.classes;
      const nClasses = classes.length;
      const names = m.info.encoding.features.map((f) => f.name);
      const cv = computeMetrics(data.y, ev.oof, nClasses, classes);
      const oob = m.forest.oobProba
        ? computeMetrics(data.y, m.forest.oobProba, nClasses, classes)
        : null;
      const perm = new Float64Array(data.nFeatures).fill(NaN);
      if (ev.permRows > 0) for (const f of ev.permFeatures) perm[f] = ev.permSum[f] / ev.permRows;
      evaluation = null;
      return {
        classes,
        folds: ev.folds.k,
        foldsNote: ev.folds.note,
        oob,
        cv,
        permutationImportance: namedImportances(names, perm, ev.permFeatures),
        impurityImportance: namedImportances(names, m.forest.featureImportances),
        summary: summarizeMetrics(cv, classes, { source: 'cv' }),
        seconds,
      };
    },

    async predict(patient: PatientInput): Promise<Prediction> {
      return predictPatient(requireModel(), patient);
    },

    async explain(patient: PatientInput): Promise<Explanation> {
      const m = requireModel();
      const { encoding } = m.info;
      const K = m.forest.nClasses;
      const { x } = encodePatient(encoding, patient);
      const { base, shap } = forestShap(m.forest, x);
      // The forest's own probabilities (base + contributions equal them to rounding, as the SHAP tests check).
      const probabilities = Array.from(predictProbaRow(m.forest, x));
      const contributions = encoding.features.map((feature, f) => {
        const values: number[] = [];
        for (let k = 0; k < K; k++) values.push(shap[f * K + k]);
        return { feature: feature.name, value: shownValue(patient[feature.name]), shap: values };
      });
      const size = (s: number[]): number => s.reduce((a, v) => Math.max(a, Math.abs(v)), 0);
      contributions.sort((a, b) => size(b.shap) - size(a.shap));
      return {
        classes: encoding.classes,
        baseValues: Array.from(base),
        probabilities,
        contributions,
      };
    },

    async dependence(
      patient: PatientInput,
      feature: string,
      classIndex: number,
    ): Promise<DependenceCurve> {
      return modelDependence(requireModel(), patient, feature, classIndex);
    },

    async predictBatch(
      file: Blob,
      onProgress?: (p: ParseProgress) => void,
      loadId?: string,
    ): Promise<BatchResult> {
      const m = requireModel();
      const batch = await parse(file, onProgress, loadId);
      return predictTable(m, batch, table && schema ? schema : null);
    },

    async typicalPatient(): Promise<PatientInput> {
      return typicalOf(requireModel().info.encoding);
    },

    async exportModel(evaluationReport: EvaluationReport | null): Promise<string> {
      const m = requireModel();
      return exportModelFile(m.forest, m.info, evaluationReport);
    },

    async importModel(
      text: string,
    ): Promise<{ info: ModelInfo; evaluation: EvaluationReport | null }> {
      // parseModelFile throws a specific message on any problem, before anything here changes.
      const file = parseModelFile(text);
      const cohort = cohortFromTable(file.info);
      previousModel = model;
      model = { forest: file.forest, info: file.info, cohort, training: null };
      evaluation = null;
      return { info: file.info, evaluation: file.evaluation };
    },

    async setTrainingData(binned, y, nClasses, id): Promise<void> {
      if (y.length !== binned.nRows) {
        throw new Error(
          `The outcome has ${y.length} rows but the binned data has ${binned.nRows}.`,
        );
      }
      training = { id: id ?? newDataId(), binned, y, nClasses };
    },

    async crashAfterTreesForTest(trees: number): Promise<void> {
      crashAfterTrees = Math.max(0, Math.floor(trees));
    },

    async growTrees(params, treeIndices, rows, onTreeDone): Promise<TreeShard> {
      const t = training;
      if (!t) throw new Error('This training worker has no training data.');
      let last: Promise<unknown> | undefined;
      try {
        if (crashAfterTrees === 0) {
          crashAfterTrees = null;
          return await crashForTest(0);
        }
        const shard = growShard(t.binned, t.y, t.nClasses, params, treeIndices, {
          rows: rows ?? undefined,
          onTreeDone: (done) => {
            last = report(onTreeDone, treeIndices[done - 1]) ?? last;
            if (crashAfterTrees !== null && --crashAfterTrees <= 0) {
              crashAfterTrees = null;
              throw new TestCrash(done);
            }
          },
        });
        // Progress goes over its own channel; wait for the last report so it arrives before the result.
        await last;
        return transfer(shard, shardTransferables([shard]));
      } catch (error) {
        if (error instanceof TestCrash) return await crashForTest(error.trees);
        throw error;
      } finally {
        release(onTreeDone);
      }
    },
  };
  return api;
}

/** Thrown out of tree growing to stop it where crashAfterTreesForTest said. */
class TestCrash extends Error {
  constructor(readonly trees: number) {
    super(`stopped after ${trees} trees`);
  }
}

/**
 * Dies the way a crashed worker does (test hook): the error goes uncaught to the thread that started the worker
 * (an `error` event on its Worker), the worker closes, and the call never answers.
 */
function crashForTest(trees: number): Promise<never> {
  const error = new Error(`the worker was stopped on purpose by a test after ${trees} trees`);
  const scope = globalThis as { reportError?: (e: unknown) => void; close?: () => void };
  if (typeof scope.reportError === 'function') scope.reportError(error);
  else
    setTimeout(() => {
      throw error;
    });
  scope.close?.();
  return new Promise<never>(() => undefined);
}

/** A patient's value as shown next to its contribution ("unknown" when missing). */
function shownValue(raw: PatientInput[string]): string {
  if (raw === null || raw === undefined) return 'unknown';
  if (typeof raw === 'number') return Number.isFinite(raw) ? String(raw) : 'unknown';
  const text = raw.trim();
  return text === '' ? 'unknown' : text;
}

/** Predicts every row of a table of new patients (outcome optional) and builds the CSV to save. */
function predictTable(
  m: HeldModel,
  batch: RawTable,
  trainingSchema: TableSchema | null,
): BatchResult {
  const { encoding } = m.info;
  const classes = encoding.classes;
  const issues = batch.issues.map((i) => i.message);
  const featureNames = new Set(encoding.features.map((f) => f.name));
  const absent = encoding.features
    .filter((f) => !batch.headers.includes(f.name))
    .map((f) => f.name);
  if (absent.length === encoding.features.length) {
    throw new Error(
      `None of the model's columns are in this file (the model uses ${listSome([...featureNames])}).`,
    );
  }
  if (absent.length > 0) {
    issues.push(
      `${absent.length === 1 ? 'The column' : `${absent.length} columns`} ${listSome(absent)} ${absent.length === 1 ? 'is' : 'are'} not in the file: treated as unknown for every patient.`,
    );
  }
  const labelColumn = findLabelColumn(batch, featureNames, encoding.target, trainingSchema);
  const targetIndex = batch.headers.indexOf(encoding.target);
  const rows: BatchRow[] = [];
  const csvRows: CsvCell[][] = [];
  for (let r = 0; r < batch.rowCount; r++) {
    const patient: PatientInput = {};
    for (const name of featureNames) {
      const c = batch.headers.indexOf(name);
      patient[name] = c >= 0 ? batch.columns[c][r] : null;
    }
    const prediction = predictPatient(m, patient);
    const label =
      labelColumn >= 0 ? batch.columns[labelColumn][r] || `Row ${r + 1}` : `Row ${r + 1}`;
    const actualCell = targetIndex >= 0 ? batch.columns[targetIndex][r] : '';
    const actual = actualCell.trim() === '' ? null : actualCell;
    rows.push({ index: r, label, prediction, actual });
    csvRows.push([
      label,
      ...(targetIndex >= 0 ? [actual ?? ''] : []),
      prediction.predictedClass,
      ...prediction.probabilities.map((p) => round(p)),
      ...prediction.intervals.flatMap((i) => [round(i.low), round(i.high)]),
      round(prediction.familiarity),
      prediction.warnings.map((w) => w.message).join(' '),
    ]);
  }
  const headers = [
    labelColumn >= 0 ? batch.headers[labelColumn] : 'row',
    ...(targetIndex >= 0 ? [`actual ${encoding.target}`] : []),
    'predicted',
    ...classes.map((c) => `P(${c})`),
    ...classes.flatMap((c) => [`P(${c}) low`, `P(${c}) high`]),
    'familiarity',
    'warnings',
  ];
  return { rows, csv: toCsv(headers, csvRows), issues };
}

/** Column naming each patient of a batch: an identifier column of the training table, else of this file. */
function findLabelColumn(
  batch: RawTable,
  features: Set<string>,
  target: string,
  trainingSchema: TableSchema | null,
): number {
  const usable = (name: string): boolean => !features.has(name) && name !== target;
  for (const c of trainingSchema?.columns ?? []) {
    if (c.inferred === 'identifier' && usable(c.name)) {
      const i = batch.headers.indexOf(c.name);
      if (i >= 0) return i;
    }
  }
  const inferred = inferSchema(batch);
  const id = inferred.columns.find((c) => c.inferred === 'identifier' && usable(c.name));
  return id ? id.index : -1;
}

function round(x: number): number {
  return Number.isFinite(x) ? Math.round(x * 1e6) / 1e6 : NaN;
}

function listSome(names: string[]): string {
  const quoted = names.slice(0, 5).map((n) => `"${n}"`);
  return names.length > 5 ? `${quoted.join(', ')} and ${names.length - 5} more` : quoted.join(', ');
}
