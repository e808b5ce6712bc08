/**
 * The ONE typed interface between the UI and the engine. The UI imports this file as types only
 * (`import type`), and talks to the engine through an `EngineClient` (see client.ts), which runs every
 * heavy step in Web Workers via Comlink. Everything here is plain, structured-cloneable data.
 */
import type { ColumnKind, Encoding, ParseIssue, PatientInput, TableSchema } from '../engine/data/types';
import type { ForestParams } from '../engine/forest/types';

export type { ColumnKind, Encoding, ParseIssue, PatientInput, TableSchema, ForestParams };

/** Options every long call accepts. Aborting terminates the workers doing the job at once. */
export interface CallOptions<P> {
  signal?: AbortSignal;
  onProgress?: (progress: P) => void;
}

export interface ParseProgress {
  bytesRead: number;
  totalBytes: number;
  rowsRead: number;
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

/** The user's choices for one column (override of the inferred schema). */
export interface ColumnChoice {
  name: string;
  kind: Extract<ColumnKind, 'numeric' | 'categorical'>;
  excluded: boolean;
}

export interface TrainingSetup {
  target: string;
  /** Choices for columns the user changed; others keep the inferred kind/exclusion. */
  columns: ColumnChoice[];
}

/** The outcome as it would be trained, for the class-balance display and validation. */
export interface OutcomeSummary {
  target: string;
  classes: string[];
  classCounts: number[];
  rowsUsed: number;
  droppedMissingTarget: number;
  nFeatures: number;
  /** Plain-words problems that block training (one class, ...) — empty when training can go ahead. */
  errors: string[];
  /** Plain-words cautions (a class with very few patients, mostly-empty outcome, ...). */
  warnings: string[];
}

export interface TrainProgress {
  treesDone: number;
  treesTotal: number;
  elapsedMs: number;
  /** Estimated remaining time, null until it can be estimated. */
  remainingMs: number | null;
}

export interface FeatureImportance {
  feature: string;
  importance: number;
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
}

export interface PatientWarning {
  field: string | null;
  kind: 'out-of-range' | 'unseen-category' | 'not-a-number' | 'unfamiliar' | 'missing';
  message: string;
}

export interface Prediction {
  classes: string[];
  /** Forest probability per class (mean of the trees' leaf distributions). */
  probabilities: number[];
  /** Per class: 10th–90th percentile of the individual trees' probabilities. */
  intervals: { low: number; high: number }[];
  predictedClass: string;
  warnings: PatientWarning[];
  missingFields: string[];
  /** 0..1: how typical the patient is of the cohort (1 = as close to the cohort as its own patients). */
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

export interface DependenceCurve {
  feature: string;
  classIndex: number;
  /** Grid of feature values (numeric) or category names (categorical). */
  grid: (number | string)[];
  /** This patient's probability at each grid value. */
  patient: number[];
  /** Average over the cohort (partial dependence). */
  average: number[];
  /** A sample of cohort patients' ICE curves. */
  ice: number[][];
}

export interface CurvePoint {
  threshold: number;
  tpr: number;
  fpr: number;
  precision: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface ClassCurves {
  className: string;
  auc: number;
  averagePrecision: number;
  /** Sorted by threshold descending; confusion counts at "predict positive when p >= threshold". */
  points: CurvePoint[];
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  meanPredicted: number;
  fractionPositive: number;
  count: number;
}

export interface EvaluationMetrics {
  auc: number;
  accuracy: number;
  balancedAccuracy: number;
  brier: number;
  /** One-vs-rest curves; binary outcomes have one entry, for the second class in sorted order. */
  curves: ClassCurves[];
  /** At argmax: confusion[trueClass][predictedClass]. */
  confusion: number[][];
  /** Calibration of the positive class (binary) or of the predicted class (multi-class). */
  calibration: CalibrationBin[];
}

export interface EvaluationProgress {
  foldsDone: number;
  folds: number;
  treesDone: number;
  treesTotal: number;
}

export interface EvaluationReport {
  classes: string[];
  folds: number;
  /** Plain-words note when fewer folds than requested were used. */
  foldsNote: string | null;
  oob: EvaluationMetrics | null;
  cv: EvaluationMetrics;
  permutationImportance: FeatureImportance[];
  impurityImportance: FeatureImportance[];
  summary: string;
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
  loadCsv(file: Blob, fileName: string, options?: CallOptions<ParseProgress>): Promise<TableSummary>;
  /** Validate a target/column setup and describe the outcome. */
  describeOutcome(setup: TrainingSetup): Promise<OutcomeSummary>;
  train(setup: TrainingSetup, params: ForestParams, options?: CallOptions<TrainProgress>): Promise<ModelInfo>;
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
