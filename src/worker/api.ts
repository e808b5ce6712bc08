/**
 * The ONE typed interface between the UI and the engine. The UI imports this file as types only
 * (`import type`), and talks to the engine through an `EngineClient` (see client.ts), which runs every
 * heavy step in Web Workers via Comlink. Everything here is plain, structured-cloneable data.
 */
import type {
  ColumnChoice,
  ColumnKind,
  Encoding,
  OutcomeSummary,
  ParseIssue,
  ParseProgress,
  PatientInput,
  TableSchema,
  TrainingSetup,
} from '../engine/data/types';
import type {
  CalibrationBin,
  ClassCurves,
  CurvePoint,
  EvaluationMetrics,
} from '../engine/evaluate/types';
import type {
  CrossValidationData,
  CrossValidationReport,
  FeatureImportance,
} from '../engine/evaluate/evaluation';
import type { DependenceCurve, PatientWarning } from '../engine/explain/types';
import type { BinnedData, ForestModel, ForestParams, TreeShard } from '../engine/forest/types';

// The engine owns these data shapes (it never imports from this layer above it); the UI sees them here.
export type { ColumnKind, Encoding, ParseIssue, PatientInput, TableSchema, ForestParams };
export type { ColumnChoice, OutcomeSummary, ParseProgress, TrainingSetup };
export type { CalibrationBin, ClassCurves, CurvePoint, EvaluationMetrics, FeatureImportance };
export type { DependenceCurve, PatientWarning };
export type { BinnedData, TreeShard };

/** Options every long call accepts. Aborting terminates the workers doing the job at once. */
export interface CallOptions<P> {
  signal?: AbortSignal;
  onProgress?: (progress: P) => void;
}

/** What the user sees after loading a CSV. */
export interface TableSummary {
  fileName: string;
  bytes: number;
  rowCount: number;
  columnCount: number;
  headers: string[];
  /** First rows, row-major, raw cell text (render as text, never as markup). */
  preview: string[][];
  schema: TableSchema;
  issues: ParseIssue[];
  delimiter: string;
  /** Good guess for the outcome column: named like outcome/response/status/diagnosis/class, else the last. */
  suggestedTarget: string | null;
}

export interface TrainProgress {
  treesDone: number;
  treesTotal: number;
  elapsedMs: number;
  /** Estimated remaining time, null until it can be estimated. */
  remainingMs: number | null;
  /** Trees grown per second so far over the whole pool (absent before the first tree). */
  treesPerSecond?: number;
}

export interface ModelInfo {
  params: ForestParams;
  encoding: Encoding;
  nTrees: number;
  nRows: number;
  classCounts: number[];
  fitSeconds: number;
  oobScore: number | null;
  /** MDI importances, sorted descending. */
  importances: FeatureImportance[];
  trainedAt: string;
  /**
   * Measured speed of the training that made this model: trees per second of growing on the pool (binning and
   * assembling excluded), so "N more trees would take about N / treesPerSecond s". Absent for opened models.
   */
  treesPerSecond?: number;
  /** Training workers the pool grew this model with (absent for opened models). */
  workers?: number;
}

export interface Prediction {
  classes: string[];
  /** Forest probability per class (mean of the trees' leaf distributions). */
  probabilities: number[];
  /**
   * Per class, the trees' spread: the mean of the individual trees' probabilities ± one standard deviation of
   * them, clipped to [0, 1] (engine/explain/uncertainty). It always contains `probabilities[k]`; wide means the
   * trees disagree about this patient. Not a confidence interval for the true risk.
   */
  intervals: { low: number; high: number }[];
  predictedClass: string;
  warnings: PatientWarning[];
  missingFields: string[];
  /**
   * 0..1: percentile rank of the patient's random-forest proximity to its nearest training patients among the
   * training patients' own (0.5 = as typical as a typical training patient; below 0.05 adds an 'unfamiliar'
   * warning). NaN when the cohort is unknown (a model opened without its training file loaded).
   */
  familiarity: number;
}

export interface Contribution {
  feature: string;
  /** The patient's value as entered ("unknown" when missing). */
  value: string;
  /** SHAP value for each class's probability. */
  shap: number[];
}

export interface Explanation {
  classes: string[];
  /** Cohort average probability per class (the TreeSHAP expected value). */
  baseValues: number[];
  probabilities: number[];
  /** Sorted by the largest absolute contribution across classes. */
  contributions: Contribution[];
}

export interface EvaluationProgress {
  foldsDone: number;
  folds: number;
  treesDone: number;
  treesTotal: number;
  /**
   * What is under way: growing folds' trees on the pool (scoring of earlier folds may overlap it), scoring the last
   * folds once every tree is grown, or summarising (metrics and importances over all folds).
   */
  stage?: 'growing' | 'scoring' | 'summarising';
}

/**
 * A cross-validation as the Evaluate step shows it and a model file keeps it (engine/evaluate/evaluation):
 * `cv` over the pooled out-of-fold predictions, `permutationImportance` for the features with the highest impurity
 * importance (all of them on small tables, at least 20, at most 100, as the table's size allows).
 */
export interface EvaluationReport extends Omit<CrossValidationReport, 'aucFolds'> {
  /** ROC AUC of each fold on its own; absent in model files saved before it was recorded. */
  aucFolds?: number[];
  seconds: number;
}

export interface BatchRow {
  index: number;
  /** Value of the first identifier column, or the row number. */
  label: string;
  prediction: Prediction;
  /** Outcome in the file, when it has the target column. */
  actual: string | null;
}

export interface BatchResult {
  rows: BatchRow[];
  /** CSV text ready to save, with formula-injection protection applied. */
  csv: string;
  issues: string[];
}

/** A saved model file (.genoforest.json), validated with zod when opened. */
export interface SavedModelFile {
  format: 'genoforest-model';
  version: 1;
  savedAt: string;
  info: ModelInfo;
  /** Serialised forest (see engine/forest/serialize). */
  model: unknown;
  evaluation: EvaluationReport | null;
}

/**
 * The engine as the UI sees it. Every method runs in workers. Methods that take CallOptions can be
 * cancelled with an AbortSignal: the workers doing the job are terminated and fresh ones start next time;
 * the state held before the call (loaded table, previous model) is kept.
 */
export interface EngineClient {
  loadCsv(
    file: Blob,
    fileName: string,
    options?: CallOptions<ParseProgress>,
  ): Promise<TableSummary>;
  /** Validate a target/column setup and describe the outcome. */
  describeOutcome(setup: TrainingSetup): Promise<OutcomeSummary>;
  train(
    setup: TrainingSetup,
    params: ForestParams,
    options?: CallOptions<TrainProgress>,
  ): Promise<ModelInfo>;
  evaluate(folds: number, options?: CallOptions<EvaluationProgress>): Promise<EvaluationReport>;
  predict(patient: PatientInput): Promise<Prediction>;
  explain(patient: PatientInput): Promise<Explanation>;
  dependence(patient: PatientInput, feature: string, classIndex: number): Promise<DependenceCurve>;
  predictBatch(file: Blob, options?: CallOptions<ParseProgress>): Promise<BatchResult>;
  /** The model as a .genoforest.json text. */
  exportModel(evaluation: EvaluationReport | null): Promise<string>;
  /** Validate and load a .genoforest.json text; throws Error with a specific message when invalid. */
  importModel(text: string): Promise<{ info: ModelInfo; evaluation: EvaluationReport | null }>;
  /** Typical values (median / most common) of the training cohort, for filling the form. */
  typicalPatient(): Promise<PatientInput>;
  dispose(): void;
}

/** Binned training data as every training worker holds it; `id` names the dataset so it is sent once. */
export interface TrainingData {
  id: string;
  binned: BinnedData;
  /** Class index per row (length binned.nRows). */
  y: Uint8Array;
  nClasses: number;
}

/** The binning of a slice of columns by one training worker (bins null when written to shared memory). */
export interface BinnedColumns {
  nBins: Uint16Array;
  thresholds: Float64Array[];
  bins: Uint8Array | null;
}

/**
 * Encoded (not yet binned) training columns, as `prepareColumns` returns them for the pool to bin in parallel.
 * X lives in a SharedArrayBuffer when the page is cross-origin isolated, else it is a transferred copy.
 */
export interface TrainingColumns {
  id: string;
  /** Column-major: X[f * nRows + r]; NaN is missing. */
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  isCategorical: Uint8Array;
  y: Uint8Array;
  nClasses: number;
}

/** What the data worker returns from `prepareColumns`: the columns to bin, plus how long encoding took. */
export interface PreparedColumns extends TrainingColumns {
  encoding: Encoding;
  /** The parameters, checked and with defaults filled in. */
  params: ForestParams;
  seconds: number;
}

/** What the data worker returns from `prepare`: the training data, plus how long encoding and binning took. */
export interface PreparedTraining extends TrainingData {
  encoding: Encoding;
  /** The parameters, checked and with defaults filled in. */
  params: ForestParams;
  seconds: number;
}

/** A cross-validation run as planned by the data worker: the rows each fold trains on. */
export interface EvaluationPlan {
  /** Id of the TrainingData the folds index into (the current model's training data). */
  dataId: string;
  /** Folds actually used (fewer than asked when a class is small) and why. */
  k: number;
  note: string | null;
  /** Training rows of each fold (the fold's test rows are all the others). */
  trainRows: Int32Array[];
  /** The current model's parameters, with which every fold's forest is grown. */
  params: ForestParams;
}

/**
 * The stateful data worker (data.worker.ts in the browser, node.data.worker.ts in Node), exposed with Comlink and
 * called by `EngineClient` (client.ts): it holds the loaded table, the prepared training data and the current model,
 * and does everything except growing trees (loading, encoding, binning, assembling, predicting, explaining,
 * scoring). Callbacks must be passed wrapped in `Comlink.proxy`.
 */
export interface DataWorkerApi {
  /** Parse a CSV, keep it as the current table (replacing any previous one) and describe it. */
  loadCsv(
    file: Blob,
    fileName: string,
    onProgress?: (progress: ParseProgress) => void,
    loadId?: string,
  ): Promise<TableSummary>;
  /**
   * Cancel the loadCsv/predictBatch started with `loadId`: stop its parse between chunks, or, when a loadCsv already
   * finished, put the previous table back. Either way the state is as before that call.
   */
  cancelLoad(loadId: string): Promise<void>;
  /** Validate a setup against the current table and describe its outcome. */
  describeOutcome(setup: TrainingSetup): Promise<OutcomeSummary>;
  /** Check the params, encode and bin the current table; keeps them for assembleModel, returns a copy. */
  prepare(setup: TrainingSetup, params: ForestParams): Promise<PreparedTraining>;
  /**
   * Check the params and encode the current table (no binning: the pool bins it in parallel); keeps the encoded data
   * for assembleModel and returns its columns (shared when memory can be shared, else a transferred copy).
   */
  prepareColumns(setup: TrainingSetup, params: ForestParams): Promise<PreparedColumns>;
  /** Assemble the pool's shards of the prepared data into the current model (the old one is kept for revertModel). */
  assembleModel(shards: TreeShard[], params: ForestParams, growSeconds: number): Promise<ModelInfo>;
  /** Put back the model that was current before the last assembleModel (a cancelled train). */
  revertModel(): Promise<void>;
  /** The binned training data of the current model (to re-send to the pool). */
  trainingData(): Promise<TrainingData>;
  /**
   * What the evaluation worker needs to cross-validate the current model (its cohort only when `withCohort`: the
   * evaluation worker may hold it already). Throws when the model has no training data (opened from a file).
   */
  evaluationInput(withCohort: boolean): Promise<EvaluationInput>;
  /** Start a cross-validation of the current model's setup; returns the folds to grow. */
  beginEvaluation(folds: number): Promise<EvaluationPlan>;
  /** Score fold `fold` of the running evaluation with the forest grown on its training rows. */
  scoreFold(fold: number, shards: TreeShard[]): Promise<void>;
  /** Finish the running evaluation (OOB, CV metrics, importances, summary). */
  finishEvaluation(seconds: number): Promise<EvaluationReport>;
  /** Predict one patient with the current model. */
  predict(patient: PatientInput): Promise<Prediction>;
  /** TreeSHAP explanation of one patient. */
  explain(patient: PatientInput): Promise<Explanation>;
  /** Partial dependence / ICE of one feature around one patient. */
  dependence(patient: PatientInput, feature: string, classIndex: number): Promise<DependenceCurve>;
  /** Predict every row of a CSV of new patients. */
  predictBatch(
    file: Blob,
    onProgress?: (progress: ParseProgress) => void,
    loadId?: string,
  ): Promise<BatchResult>;
  /** Typical values of the training cohort. */
  typicalPatient(): Promise<PatientInput>;
  /** The current model as .genoforest.json text. */
  exportModel(evaluation: EvaluationReport | null): Promise<string>;
  /** Validate and load a .genoforest.json text; the current model is unchanged when it throws. */
  importModel(text: string): Promise<{ info: ModelInfo; evaluation: EvaluationReport | null }>;
}

/** What the evaluation worker needs of the current model to cross-validate its setup (see evaluationInput). */
export interface EvaluationInput {
  /** Id of the model's training data (the pool's data id, and the cohort's). */
  dataId: string;
  params: ForestParams;
  /** The full model's importances and OOB probabilities (reported, and ranking permutation features). */
  model: Pick<ForestModel, 'featureImportances' | 'oobProba'>;
  /** The encoded training rows; absent when the caller said the evaluation worker holds them already. */
  cohort?: CrossValidationData;
}

/**
 * The evaluation worker (evaluation.worker.ts in the browser, node.evaluation.worker.ts in Node): scores the folds of
 * a cross-validation on its own copy of the cohort, so the data worker stays free for the user's predictions.
 */
export interface EvaluationWorkerApi {
  /** Hold the cohort (the model's encoded training rows) the following evaluations score on. */
  setCohort(dataId: string, cohort: CrossValidationData): Promise<void>;
  /** Id of the cohort held, or null. */
  cohortId(): Promise<string | null>;
  /** Plan a cross-validation of the model on the held cohort; returns the folds to grow. */
  begin(input: EvaluationInput, folds: number): Promise<EvaluationPlan>;
  /** Score fold `fold` with the forest grown on its training rows. */
  scoreFold(fold: number, shards: TreeShard[]): Promise<void>;
  /** Finish the evaluation (CV metrics, OOB, importances, summary). */
  finish(seconds: number): Promise<EvaluationReport>;
}

/**
 * A training worker of the pool (training.worker.ts in the browser, node.training.worker.ts in Node), exposed with
 * Comlink and called by the pool (pool.ts): `setTrainingData` once per dataset, then `growTrees` per shard. It loads
 * the forest engine only.
 */
export interface TrainingWorkerApi {
  /** Hold the binned data (and its id) that the following growTrees calls train on. */
  setTrainingData(binned: BinnedData, y: Uint8Array, nClasses: number, id?: string): Promise<void>;
  /**
   * Bin a slice of columns (column-major X of `isCategorical.length` features) exactly as binFeatures bins a whole
   * table. With `out` (a view of shared memory the size of the slice) the bins are written there; else returned.
   */
  binColumns(
    X: Float32Array,
    nRows: number,
    isCategorical: Uint8Array,
    out: Uint8Array | null,
  ): Promise<BinnedColumns>;
  /** Grow the trees with these global indices, on `rows` only when given; reports each tree. */
  growTrees(
    params: ForestParams,
    treeIndices: number[],
    rows: Int32Array | null,
    onTreeDone?: (treeIndex: number) => void,
  ): Promise<TreeShard>;
}
