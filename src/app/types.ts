/**
 * The types of the application's use cases (src/app): what goes in and comes out of loading a cohort, training,
 * predicting, explaining, evaluating and model files, and the interface of the data session that holds them.
 * Plain, structured-cloneable data, so the same values cross the worker boundary (src/worker/api.ts re-exports
 * them for the UI) and serve the CLI in-process.
 */
import type {
  ColumnChoice,
  ColumnKind,
  Conversion,
  Encoding,
  GenotypeCoding,
  OutcomeSummary,
  ParseIssue,
  ParseProgress,
  PatientInput,
  RawTable,
  TableHints,
  TableSchema,
  TrainingSetup,
} from '../engine/data/types';
import type { CohortFormat } from '../engine/data/genomic/loadFiles';
import type { PcaPartProduct, PcaSweepData } from '../engine/genetics/pcaSweep';
import type {
  SurvivalChoice,
  SurvivalComparison,
  SurvivalOutcomeSummary,
  SurvivalPatientPrediction,
  SurvivalReport,
  SurvivalTrainSettings,
  TimeToEventProposal,
} from './survivalCohort';
import type { SurvivalBatchResult } from './survivalBatch';
import type { JoinKeyChoice, JoinRefusal, JoinSummary } from '../engine/data/genomic/join';
import type { PositiveReason } from '../engine/data/positiveClass';
import type {
  CalibrationBin,
  ClassCurves,
  CurvePoint,
  EvaluationMetrics,
  Interval,
  MetricIntervals,
  ThresholdIntervals,
} from '../engine/evaluate/types';
import type { ChanceVerdict, RecalibrationFit } from '../engine/evaluate/clinical';
import type { ConformalCoverage, SetReading } from '../engine/evaluate/conformal';
import type { DecisionCurve, NetBenefitPoint } from '../engine/evaluate/netBenefit';
import type {
  ExternalValidation,
  LogisticCalibration,
} from '../engine/evaluate/externalValidation';
import type { Calibrator } from '../engine/evaluate/recalibrate';
import type {
  CrossValidationReport,
  FeatureImportance,
  RepeatSpreadReport,
  Spread,
  CrossValidationData,
  CrossValidationOptions,
} from '../engine/evaluate/evaluation';
import type { DependenceCurve, PatientWarning } from '../engine/explain/types';
import type { BinnedData, ForestModel, ForestParams, TreeShard } from '../engine/forest/types';
import type { PackedCodes, SnpPackedBins } from '../engine/forest/packedSnp';
import type { TuningBudget, TuningCandidateSummary, TuningSummary } from './tuneForest';
import type { SurvivalShardWire } from '../engine/forest/survivalGrow';
import type { SurvivalParams } from '../engine/forest/survivalParams';
import type { SurvivalFoldPlan, SurvivalHorizonFigures } from './survivalEvaluation';
import type {
  VariantEffectsReport,
  VariantImportanceInput,
  VariantImportanceReport,
  VariantImportanceRow,
} from './variantImportance';
import type { EffectReport, EffectRequest, MultiArmReport, PatientEffect } from './treatmentEffect';
import type { PatientArmEffects } from './treatmentEffect';
import type { EffectProgress } from '../engine/causal/effects';
import type { CausalForestParams, PackedCausalTrees } from '../engine/causal/causalForest';
import type { EffectGrowers } from '../engine/causal/growers';
import type { AncestryProjection, AncestryRequest, AncestryView } from './cohortGenetics';
import type { QcFilterReport } from './qcFilter';
import type { QcFilters } from '../engine/genetics/qc';
import type { PatientGenotypes } from './patientGenotypes';
import type { FeatureColumns } from '../engine/forest/featureColumns';
export type { GenotypeFill, GenotypeFileSample, PatientGenotypes } from './patientGenotypes';

export type { AncestryProjection, AncestryRequest, AncestryView } from './cohortGenetics';
export type { QcFilterReport } from './qcFilter';
export type { QcFilters } from '../engine/genetics/qc';
export type { LdPruneOptions } from '../engine/genetics/ldPrune';

// The engine owns these data shapes (it never imports from this layer above it); the UI sees them here.
export type { ColumnKind, Encoding, ParseIssue, PatientInput, TableSchema, ForestParams };
export type { ColumnChoice, OutcomeSummary, ParseProgress, TrainingSetup };
export type { CalibrationBin, ClassCurves, CurvePoint, EvaluationMetrics, FeatureImportance };
export type { DependenceCurve, PatientWarning };
export type { BinnedData, TreeShard };
export type { TuningCandidateSummary, TuningSummary };
export type { TuningBudget };
export type {
  PositionSource,
  VariantImportanceInput,
  VariantImportanceReport,
  VariantImportanceRow,
  VariantEffect,
  VariantEffectsReport,
} from './variantImportance';
export type {
  CohortFormat,
  Conversion,
  GenotypeCoding,
  JoinKeyChoice,
  JoinRefusal,
  JoinSummary,
  TableHints,
};
export type { RepeatSpreadReport, Spread };
export type { Interval, MetricIntervals, ThresholdIntervals };

/** A file handed to loadFiles: the browser's File (or any Blob with a name). */
export type NamedFile = Blob & { readonly name: string };

/** How the Evaluate step cross-validates (a number alone means that many folds, nothing else). */
export interface EvaluationSettings {
  folds: number;
  /** Column whose values are groups (family, site, patient) kept on one side of every split; null = none. */
  groupColumn?: string | null;
  /** Repeats of the k-fold split with new shuffles (default 1). */
  repeats?: number;
  /** Two-class outcomes: the class ROC, sensitivity, the threshold and the model card are about. */
  positiveClass?: string | null;
}

/** The outcome as describeOutcome reports it, with the default positive class of a two-class outcome. */
export interface OutcomeDescription extends OutcomeSummary {
  /**
   * Two classes: the class named like an event (recurrence, death, case, responder, yes, 1…) or whose partner is
   * named like its absence (no_…, control, negative…); PLINK: case; else a guess (the smaller class) to confirm.
   */
  positiveClass?: string | null;
  /** Why that class: named like an event, its partner named like a negation, PLINK's coding, or a guess. */
  positiveReason?: PositiveReason;
  /**
   * The outcome a patient would want ("what would change the outlook"), when the class names say it: the one named
   * as hoped for (responder, remission, no_recurrence, alive…), or the other of one named as feared; else null.
   */
  wantedClass?: string | null;
}

export type { ChanceVerdict, RecalibrationFit, ConformalCoverage, DecisionCurve, NetBenefitPoint };
export type { SetReading, ExternalValidation, LogisticCalibration };
export type { Calibrator, PositiveReason };

/** Options of one prediction: the prediction set's confidence and an optional recalibration. */
export interface PredictOptions {
  /** Confidence (1 − α) of the prediction set, e.g. 0.9 (the default). */
  confidence?: number;
  /**
   * A recalibration map from the evaluation (EvaluationReport.recalibration), applied to the
   * probability of class `recalibrationClass` of a two-class outcome; null or absent: none.
   */
  recalibration?: Calibrator | null;
  /** The class the map was fitted on (RecalibrationFit.positive); absent: the second, as older reports. */
  recalibrationClass?: number;
  /**
   * Probabilities of the same patient as entered: the answer's words then also give this prediction (a what-if)
   * against them as a difference in icons (`words.vsEntered`).
   */
  compareWith?: number[];
}

/** The jackknife standard error of one class probability. */
export interface StandardError {
  se: number;
  /** False when too few trees make the estimate itself noisy: say "more trees needed". */
  stable: boolean;
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
  /** Why no outcome was suggested (no column can be one: one class, continuous, identifier…); absent when one was. */
  outcomeNote?: string | null;
  /** The genotype format loaded ('text' for CSV/TSV/TXT); set by loadFiles and loadCsv. */
  format?: CohortFormat;
  /** Every file used, genotypes first. */
  files?: string[];
  /** Set when genotypes were joined to a clinical table by sample ID: the key, joined and unmatched samples. */
  join?: JoinSummary;
  /** Every change made on the way in: missing codes, genotype coding, number formats, dropped columns, unmatched. */
  conversions?: Conversion[];
  /** Roles the file format gives columns (sample ID, family, PLINK PHENOTYPE). */
  hints?: TableHints;
  /** Columns that make sense as a Group column (PLINK FID, identifier-like text columns with repeats). */
  groupCandidates?: string[];
  /** Number of genotype columns (their allele coding is on schema.columns[i].genotype). */
  genotypeColumns?: number;
  /** What the genotypes need in memory to load, train and find which variants matter (a .bed, said before load). */
  memoryNote?: string;
}

export interface TrainProgress {
  treesDone: number;
  treesTotal: number;
  elapsedMs: number;
  /** Estimated remaining time, null until it can be estimated. */
  remainingMs: number | null;
  /** Trees grown per second so far over the whole pool (absent before the first tree). */
  treesPerSecond?: number;
  /**
   * What the trees counted are for: small forests scoring candidate settings on out-of-bag patients, then the final
   * forest (absent: the final forest, no tuning). treesTotal counts both.
   */
  stage?: 'tuning' | 'growing';
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
  /** Where the model came from (absent: trained in GenoForest, before provenance was recorded). */
  provenance?: ModelProvenance;
  /**
   * Measured speed of the training that made this model: trees per second of growing on the pool (binning and
   * assembling excluded), so "N more trees would take about N / treesPerSecond s". Absent for opened models.
   */
  treesPerSecond?: number;
  /** Training workers the pool grew this model with (absent for opened models). */
  workers?: number;
  /** What tuning tried and chose, when the forest was tuned on out-of-bag patients (kept in model files). */
  tuning?: TuningSummary;
  /** Why a forest asked to be tuned was grown with the settings as given (tuning was skipped). */
  tuningSkipped?: string;
  /**
   * Whether the model's training cohort is loaded in this session (never saved in the file): what needs the
   * training rows (out-of-bag figures, prediction sets, standard errors, familiarity) is computed only when it is.
   */
  trainingCohort?: TrainingCohortStatus;
  /**
   * SHA-256 (64 hex digits) of the serialised forest and its encoding (app/modelHash): the same for a model
   * trained here, saved and opened again, or named by the command line; absent only for descriptions made before.
   */
  modelHash?: string;
  /** Set when ancestry components were added as features: what gives a new patient the same components. */
  ancestry?: AncestryProjection;
  /** What the QC filters removed before this model was trained (for this session: a model file does not read it back). */
  qc?: QcFilterReport;
}

/** Whether the training cohort of a model is at hand, decided by its fingerprint (engine/data/cohortIdentity). */
export interface TrainingCohortStatus {
  /**
   * 'trained-here': trained in this session; 'loaded': the loaded table is the training cohort, row for row;
   * 'reordered': the same patients in another order (mapped back); 'not-loaded': no table with the model's columns
   * is loaded; 'other': the loaded table is not the training cohort; 'unknown': the file carries no fingerprint.
   */
  status: 'trained-here' | 'loaded' | 'reordered' | 'not-loaded' | 'other' | 'unknown';
  /** Plain words for the user when the training rows are not available; null when they are. */
  note: string | null;
}

/** How an imported model's feature indexes got their column names. */
export interface ColumnMapping {
  source: 'preprocessing-spec' | 'file-feature-names' | 'csv-header' | 'column-list' | 'unmapped';
  /** Plain words: where the names came from (a file name, the metadata entry). */
  detail: string;
  /** Column name per feature index. */
  names: string[];
}

/** Where a model came from and what was checked on this device (model card, issue 12). */
export interface ModelProvenance {
  origin: 'genoforest' | 'imported';
  /** File the model was opened from, when imported. */
  fileName: string | null;
  format: 'onnx' | 'genoforest-json' | null;
  producerName: string;
  producerVersion: string;
  irVersion: number | null;
  /** Opset of the ai.onnx.ml domain. */
  mlOpset: number | null;
  operator: string | null;
  /** What this device checked, in plain words. */
  checks: string[];
  columns: ColumnMapping | null;
  /** Local cohort used for familiarity and explanation covers of an imported model. */
  referenceCohort: { fileName: string; rows: number } | null;
}

/** How to name an imported model's features: a column list (one name per line) or a CSV's header. */
export type ColumnMappingRequest =
  | { kind: 'column-list'; text: string; fileName: string }
  | { kind: 'csv-header'; file: Blob; fileName: string };

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
  /**
   * Outcomes that cannot be ruled out at `setConfidence` (class-conditional conformal sets calibrated on
   * the model's out-of-bag probabilities of its training patients, or for an imported model on its labelled
   * reference cohort). [] = unlike any patient seen. Null when it cannot be computed (trees grown without
   * bootstrap, the training cohort is not loaded, or an imported model's reference cohort has no outcomes).
   * Only `predict` fills these fields; batch predictions leave them out.
   */
  predictionSet?: string[] | null;
  setConfidence?: number;
  /**
   * How to read the set (engine/evaluate/conformal readSet): an empty set of a patient who looks like the cohort is
   * 'empty-between' (between the outcomes at this confidence), of a patient flagged unfamiliar or out of range
   * 'empty-unlike'. Present with the set.
   */
  setReading?: SetReading;
  /** Per class, the least probability that puts it in the set (0: never ruled out). Present with the set. */
  setCutoffs?: number[];
  /** Why a class can never be ruled out at this confidence (too few patients of it). */
  setWarnings?: string[];
  /**
   * Why there is no prediction set where one is expected (an imported model without a labelled reference cohort,
   * or a model whose training cohort is not loaded).
   */
  predictionSetNote?: string;
  /** Why the standard errors are not available (the training cohort is not loaded); absent when they are. */
  standardErrorNote?: string;
  /**
   * Per class, the standard error of the forest's probability (infinitesimal jackknife: how much it would move
   * if the cohort were drawn again). Null when unavailable (no bootstrap or cohort unknown).
   */
  standardErrors?: StandardError[] | null;
  /** Whether no outcome is ahead of the others by more than its standard error (then never say "most likely"). */
  tie?: { tie: boolean; tiedWith: string[] };
  /** True when `probabilities` were recalibrated with PredictOptions.recalibration. */
  recalibrated?: boolean;
  /** The forest's own probabilities before recalibration (present when recalibrated). */
  rawProbabilities?: number[];
  /** The probabilities in natural frequencies and icons. */
  words?: PredictionWords;
}

/** One outcome's icons before and after (the cohort vs this patient, or this patient vs a what-if). */
export interface IconDifference {
  outcome: string;
  before: number;
  after: number;
  difference: number;
  sentence: string;
}

/**
 * A prediction in natural frequencies (engine/explain/riskWords): "About N out of 100 patients like this one in
 * your cohort would have the outcome …" per outcome, the 100 icons grouped by outcome, and the table alternative.
 * The counts are also the percentages to show, so words, icons and numbers agree.
 */
export interface PredictionWords {
  /** Icons per outcome; they add up to 100. */
  counts: number[];
  /** Outcome index of each of the 100 icons, grouped. */
  cells: number[];
  sentences: string[];
  /** All sentences: the icon array's accessible label. */
  label: string;
  table: { outcome: string; count: number; percent: string }[];
  /** The cohort overall (its share of each outcome) vs this patient, in icons. */
  vsCohort: IconDifference[];
  /** The patient as entered vs this what-if, in icons (when PredictOptions.compareWith was given). */
  vsEntered?: IconDifference[];
}

/** "What would change the outlook": what to look for. */
export interface CounterfactualRequest {
  /** The outcome wanted: its probability is raised to the threshold, never lowered (unless allowWorse). */
  targetClass: number;
  /** Threshold probability (e.g. the Decision threshold). */
  threshold: number;
  /** Feature names the user marked modifiable. */
  fields: string[];
  /** Most fields changed at once (default 2). */
  maxFields?: number;
  /** Asked for explicitly: when the wanted outcome is already at the threshold, look for what would lower it. */
  allowWorse?: boolean;
}

/** The nearest change found, described in the patient's own terms. */
export interface CounterfactualAnswer {
  found: boolean;
  /** 'above': the wanted outcome's probability rises to the threshold; 'below' (allowWorse only): falls beneath it. */
  direction: 'above' | 'below';
  /** The wanted outcome is already at or above the threshold: no change was looked for. */
  alreadyThere: boolean;
  targetClass: string;
  threshold: number;
  baseline: number;
  /** The target probability after the change (baseline when none was found). */
  probability: number;
  /** Its jackknife standard error; null when unavailable. */
  standardError: StandardError | null;
  changes: { field: string; from: string; to: string }[];
  /** The patient with the changes applied (a what-if to predict). */
  patient: PatientInput;
  /** All outcomes' probabilities after the change. */
  probabilities: number[];
  /** The target probability's change written out, e.g. "−12.5 percentage points". */
  change: string;
  /** This patient now vs the what-if, in icons out of 100. */
  difference: IconDifference[];
  /** True when the search stopped before trying every combination. */
  truncated: boolean;
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
  /** Which TreeSHAP was used, in plain words (absent: path-dependent on the training cohort). */
  method?: string;
  /**
   * Set when no explanation can be computed (an imported model without a reference cohort): why, in plain
   * words. Then `contributions` is empty and `baseValues` equal `probabilities`.
   */
  unavailable?: string;
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
/** Read-outs added after model files were first written: zod drops them from files, so they are optional here. */
type ClinicalFields =
  'conformal' | 'conformalLevels' | 'decisionCurve' | 'recalibration' | 'chance' | 'cautions';

export interface EvaluationReport
  extends
    Omit<CrossValidationReport, 'aucFolds' | ClinicalFields>,
    Partial<Pick<CrossValidationReport, ClinicalFields>> {
  /** ROC AUC of each fold on its own; absent in model files saved before it was recorded. */
  aucFolds?: number[];
  seconds: number;
  /**
   * Names the evaluation worker's run that made this report, whose out-of-fold predictions it keeps (see
   * EngineClient.reportAs); absent in reports read from model files.
   */
  runKey?: string;
  /**
   * Whether the figures cover the tuning of the settings: tuned again inside each fold on its training patients only,
   * in words, with the settings each fold chose; absent when the model was not tuned.
   */
  tuning?: { inEachFold: boolean; note: string };
}

export interface BatchRow {
  index: number;
  /** Value of the first identifier column, or the row number. */
  label: string;
  prediction: Prediction;
  /** Outcome in the file, when it has the target column. */
  actual: string | null;
  /**
   * True when the row is one of the model's training patients (same encoded features and outcome, by the cohort
   * fingerprint): its prediction is in-sample, and it is left out of the external validation. Absent when the file
   * has no outcome column or the model carries no fingerprint.
   */
  trainingPatient?: boolean;
}

/** A batch file with the outcome column, scored as an external validation (app/predictBatch). */
export interface BatchValidation {
  /** Batch rows (0-based) that are training patients by the model's cohort fingerprint: left out of the figures. */
  trainingRows: number[];
  /** False when the model carries no fingerprint of its training cohort, so training patients cannot be found. */
  fingerprintKnown: boolean;
  /** Rows left out for an empty outcome, or an outcome the model does not know. */
  missingOutcome: number;
  unknownOutcome: number;
  /** The figures on the other rows; null when none are left (see note). */
  validation: ExternalValidation | null;
  /** Plain words: why there are no figures, or what to bear in mind; null when nothing. */
  note: string | null;
}

export interface BatchResult {
  rows: BatchRow[];
  /** CSV text ready to save, with formula-injection protection applied. */
  csv: string;
  issues: string[];
  /** Present when the file has the outcome column: the external validation of the model on its new patients. */
  external?: BatchValidation;
}

/** A saved model file (.genoforest.json), validated with zod when opened. */
export interface SavedModelFile {
  format: 'genoforest-model';
  /** 3 since files carry the training cohort's fingerprint; 2 since forests are saved compact; 1 and 2 still open. */
  version: 1 | 2 | 3;
  savedAt: string;
  info: ModelInfo;
  /** Serialised forest (see engine/forest/serialize). */
  model: unknown;
  evaluation: EvaluationReport | null;
  /** The training cohort's fingerprint (engine/data/cohortIdentity), row hashes as base64; null when unknown. */
  trainingCohort?: { nRows: number; nFeatures: number; table: string; rows: string } | null;
}

/** Binned training data as every training worker holds it; `id` names the dataset so it is sent once. */
export interface TrainingData {
  id: string;
  binned: BinnedData | SnpPackedBins;
  /** Class index per row (length binned.nRows). */
  y: Uint8Array;
  nClasses: number;
  /** The 2-bit codes of the packable columns, made while binning in the pool (workers then do not pack them again). */
  snpCodes?: PackedCodes;
}

/**
 * One training worker's memory as the worker itself measures it: Node's process.memoryUsage() covers the whole
 * process, so the Node worker reads its own isolate's v8 heap statistics; a Chromium worker reads
 * performance.memory (heap only); elsewhere the heap numbers are NaN and only the held arrays are known.
 */
export interface WorkerMemory {
  source: 'v8' | 'performance.memory' | 'none';
  /** JS heap in use now, and the most any sample saw. */
  heapBytes: number;
  peakHeapBytes: number;
  /** Off-heap memory of the worker's isolate (ArrayBuffers; v8 external_memory) now and at most; NaN unless v8. */
  externalBytes: number;
  peakExternalBytes: number;
  /** Bytes of the typed arrays the worker holds (training data, shared or not) now, and the most at any sample. */
  heldBytes: number;
  peakHeldBytes: number;
  /** Of heldBytes, those in SharedArrayBuffers (the same memory in every pool worker: count them once). */
  sharedBytes: number;
}

/** The binning of a slice of columns by one training worker (bins null when written to shared memory). */
export interface BinnedColumns {
  nBins: Uint16Array;
  thresholds: Float64Array[];
  bins: Uint8Array | null;
  /** With codes asked for: per column of the slice, 1 when its 2-bit codes mark a missing value. */
  packMissing?: Uint8Array;
}

/**
 * Encoded (not yet binned) training columns, as `prepareColumns` returns them for the pool to bin in parallel.
 * X lives in a SharedArrayBuffer when the page is cross-origin isolated, else it is a transferred copy.
 */
export interface TrainingColumns {
  id: string;
  /** Column-major: X[f * nRows + r]; NaN is missing. Or feature columns (genotypes 2-bit packed). */
  X: Float32Array | FeatureColumns;
  nRows: number;
  nFeatures: number;
  isCategorical: Uint8Array;
  y: Uint8Array;
  nClasses: number;
  /**
   * Hold the genotype columns only as 2-bit codes, with no byte bins (binFeaturesSnpPacked): for data that only
   * two-class fits on the packed path grow on (any other fit expands them back to byte bins in each worker).
   */
  snpPacked?: boolean;
}

/** What the data worker returns from `prepareColumns`: the columns to bin, plus how long encoding took. */
export interface PreparedColumns extends TrainingColumns {
  encoding: Encoding;
  /** The parameters, checked and with defaults filled in. */
  params: ForestParams;
  seconds: number;
}

/** A cross-validation run as planned by the evaluation worker: the rows each fold trains on. */
export interface EvaluationPlan {
  /** Id of the TrainingData the folds index into (the current model's training data). */
  dataId: string;
  /** Fold forests to grow: folds actually used (fewer than asked when a class is small) × repeats. */
  k: number;
  note: string | null;
  /** Training rows of each fold (the fold's test rows are all the others). */
  trainRows: Int32Array[];
  /** The current model's parameters, with which every fold's forest is grown. */
  params: ForestParams;
  /** Each row's group when the folds kept groups together (tuning inside a fold then keeps them too). */
  groups?: Int32Array;
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
   * Load a cohort from several files (loadCohortFiles), keep it as the current table and describe it. `names` gives
   * each file's name where cloning drops it (Node's worker threads clone a File as a plain Blob).
   */
  loadFiles(
    files: NamedFile[],
    onProgress?: (progress: ParseProgress) => void,
    loadId?: string,
    names?: string[],
    joinKey?: JoinKeyChoice,
  ): Promise<TableSummary>;
  /**
   * Why the loadFiles call `loadId` refused to join its files (a rejected call's error carries only its message
   * across the worker boundary), or null.
   */
  joinRefusal(loadId: string): Promise<JoinRefusal | null>;
  /**
   * Cancel the loadCsv/predictBatch started with `loadId`: stop its parse between chunks, or, when a loadCsv already
   * finished, put the previous table back. Either way the state is as before that call.
   */
  cancelLoad(loadId: string): Promise<void>;
  /** Validate a setup against the current table and describe its outcome. */
  describeOutcome(setup: TrainingSetup): Promise<OutcomeDescription>;
  /** The trees tuning `params` would grow on the cohort `setup` makes, or why it would be skipped (shown before training). */
  tuningBudget(setup: TrainingSetup, params: ForestParams): Promise<TuningBudget>;
  /**
   * Check the params and encode the current table (no binning: the pool bins it in parallel); keeps the encoded data
   * for assembleModel and returns its columns (shared when memory can be shared, else a transferred copy).
   */
  prepareColumns(setup: TrainingSetup, params: ForestParams): Promise<PreparedColumns>;
  /**
   * Each row's group of the cohort the last prepareColumns encoded, by the loaded table's column `column` (an
   * unlabelled row a group of its own): what group-aware tuning of the Train step keeps together.
   */
  trainingGroups(
    column: string,
  ): Promise<{ index: Int32Array; column: string; count: number; unlabelled: number }>;
  /** Assemble the pool's shards of the prepared data into the current model (the old one is kept for revertModel). */
  assembleModel(
    shards: TreeShard[],
    params: ForestParams,
    growSeconds: number,
    /** What tuning tried and chose (or why it was skipped), kept with the model and saved in its file. */
    tuned?: Pick<ModelInfo, 'tuning' | 'tuningSkipped'>,
  ): Promise<ModelInfo>;
  /** Put back the model that was current before the last assembleModel (a cancelled train). */
  revertModel(): Promise<void>;
  /** The binned training data of the current model (to re-send to the pool). */
  trainingData(): Promise<TrainingData>;
  /**
   * What the evaluation worker needs to cross-validate the current model with these settings (its cohort only
   * when `withCohort`: the evaluation worker may hold it already). Throws when the model has no training data.
   */
  evaluationInput(
    withCohort: boolean,
    settings?: number | EvaluationSettings,
  ): Promise<EvaluationInput>;
  /** Predict one patient with the current model (with its prediction set, standard errors and tie). */
  predict(patient: PatientInput, options?: PredictOptions): Promise<Prediction>;
  /** "What would change the outlook" for one patient. */
  counterfactual(
    patient: PatientInput,
    request: CounterfactualRequest,
  ): Promise<CounterfactualAnswer>;
  /** TreeSHAP explanation of one patient. */
  explain(patient: PatientInput): Promise<Explanation>;
  /** Partial dependence / ICE of one feature around one patient. */
  dependence(patient: PatientInput, feature: string, classIndex: number): Promise<DependenceCurve>;
  /**
   * Predict every row of a file of new patients: a CSV Blob, or named files in any cohort format (a .raw or .vcf
   * File, or a .bed+.bim+.fam set) read by loadCohortFiles.
   */
  predictBatch(
    file: Blob | NamedFile[],
    onProgress?: (progress: ParseProgress) => void,
    loadId?: string,
    /**
     * Two classes: the positive class of the external validation's figures, the one the Evaluate step's read-outs
     * are about (absent: the event-like default). A name the model does not know is refused.
     */
    positiveClass?: string,
  ): Promise<BatchResult>;
  /** Typical values of the training cohort. */
  typicalPatient(): Promise<PatientInput>;
  /**
   * A new patient's genotype fields from the patient's own genotype file (a VCF, a .bed+.bim+.fam set or a .raw):
   * with one sample (or the row `sample` chosen), the doses of the model's counted alleles; with several and none
   * chosen, the samples to choose from (app/patientGenotypes).
   */
  patientGenotypes(
    files: NamedFile[],
    sample?: number,
    onProgress?: (progress: ParseProgress) => void,
    loadId?: string,
  ): Promise<PatientGenotypes>;

  /** The loaded table as it is held (for the treatment-effect worker); throws when none is loaded. */
  loadedTable(): Promise<RawTable>;
  /** The current model as .genoforest.json text. */
  exportModel(evaluation: EvaluationReport | null): Promise<string>;
  /** Validate and load a .genoforest.json text or .onnx bytes; the current model is unchanged when it throws. */
  importModel(
    file: string | Uint8Array,
    fileName?: string,
  ): Promise<{ info: ModelInfo; evaluation: EvaluationReport | null }>;
  /** The current model as .onnx bytes, read back and compared on this device before it is returned. */
  exportOnnx(): Promise<Uint8Array>;
  /** Name the features of an imported model (drops a reference cohort encoded under the old names). */
  mapColumns(request: ColumnMappingRequest): Promise<ModelInfo>;
  /** Encode a CSV with an imported model's columns as its reference cohort. */
  setReferenceCohort(file: Blob, fileName: string): Promise<ModelInfo>;
  /** What the variant importance of the current model needs: its binned rows, each feature described, its settings. */
  variantImportanceInput(): Promise<VariantImportanceInput>;
  /**
   * Out-of-bag permutation importance and direction of effect of the top rows of an importance report, from the current
   * model (risk of the positive class named, else the default one), with the report's CSV carrying them.
   */
  variantEffects(
    rows: VariantImportanceRow[],
    positiveClass?: string | null,
  ): Promise<VariantEffectsReport>;
  /** The time and event columns the loaded table seems to hold (a guess for the user to confirm), or null. */
  proposeSurvival(): Promise<TimeToEventProposal | null>;
  /**
   * The trees survival tuning from leaf size `baseLeaf` grows on `patients` usable patients for a forest of `trees`, in
   * words (shown before training).
   */
  survivalTuningBudget(patients: number, trees: number, baseLeaf: number): Promise<string>;
  /** The event column's values and counts for a time/event choice, or why it cannot be trained on. */
  describeSurvival(choice: {
    time: string;
    event: string;
    eventValue: string | null;
    columns?: ColumnChoice[];
  }): Promise<SurvivalOutcomeSummary>;
  /**
   * Encode the loaded table for a survival forest and check its settings (kept for assembleSurvival); returns the
   * columns and follow-up the pool grows the trees from, and the time grid they share.
   */
  prepareSurvival(
    choice: SurvivalChoice,
    settings: SurvivalTrainSettings,
  ): Promise<
    SurvivalColumns & {
      /** With settings.tune: the candidate forests' settings to grow first, in order (see addSurvivalTuningCandidate). */
      tuningCandidates?: SurvivalParams[];
    }
  >;
  /** Keep tuning candidate k's out-of-bag risks from the pool's shards of its forest. */
  addSurvivalTuningCandidate(k: number, shards: SurvivalShardWire[]): Promise<void>;
  /** Choose the leaf from the candidates grown; returns the final forest's settings (assembleSurvival uses them). */
  chooseSurvivalSettings(): Promise<SurvivalParams>;
  /** Assemble the pool's survival shards of the prepared cohort, evaluate it and make it the current survival model. */
  assembleSurvival(shards: SurvivalShardWire[], growSeconds: number): Promise<SurvivalReport>;
  /** One patient's survival curve and "N out of 100" at `horizon` with the current survival model. */
  predictSurvival(patient: PatientInput, horizon: number): Promise<SurvivalPatientPrediction>;
  /** The patient's curve and icons for each value of `column` at `horizon` (associations, not effects). */
  compareSurvival(
    patient: PatientInput,
    column: string,
    horizon: number,
  ): Promise<SurvivalComparison>;
  /** The current survival model as .genoforest.json text (version 4, with its unit and cohort fingerprint). */
  exportSurvivalModel(): Promise<string>;
  /** Open a saved survival model (the current one is unchanged when it throws) and describe it. */
  openSurvivalModel(text: string, fileName: string): Promise<SurvivalReport>;
  /**
   * Survival at each of `horizons` for every patient of a file with the current survival model, and its CSV: a CSV
   * Blob, or genotype files (a .raw or .vcf File, or a .bed+.bim+.fam set) matched to the model's alleles.
   */
  predictSurvivalBatch(
    file: Blob | NamedFile[],
    horizons: number[],
    onProgress?: (progress: ParseProgress) => void,
    loadId?: string,
  ): Promise<SurvivalBatchResult>;
  /**
   * Plan a k-fold cross-validation of the current survival model (folds stratified by event, group-aware with a
   * group column): each fold's training
   * rows, settings and time grid for the pool, and the id of the cohort the pool must hold.
   */
  planSurvivalCv(
    folds: number,
    /** Column whose groups (family, site) each stay wholly in one fold; null or absent: none. */
    groupColumn?: string | null,
  ): Promise<{
    dataId: string;
    time: Float64Array;
    event: Uint8Array;
    folds: SurvivalFoldPlan[];
  }>;
  /** The current survival model's cohort as the pool takes it (when the pool holds other data). */
  survivalColumns(): Promise<SurvivalColumns>;
  /** Keep tuning candidate k of fold f of the planned cross-validation (a tuned model: tuned again in each fold). */
  addSurvivalFoldCandidate(f: number, k: number, shards: SurvivalShardWire[]): Promise<void>;
  /** Choose fold f's leaf from its candidates; returns the settings its forest is grown with. */
  chooseSurvivalFoldSettings(f: number): Promise<SurvivalParams>;
  /** Assemble fold f's forest of the planned cross-validation from the pool's shards and score its patients. */
  addSurvivalFold(f: number, shards: SurvivalShardWire[], seconds: number): Promise<void>;
  /** The k-fold figures once every fold is scored, made part of the current survival model's report. */
  finishSurvivalCv(): Promise<SurvivalReport>;
  /** Time-dependent AUC, Uno's C and calibration of the cross-validation's out-of-fold predictions at `horizon`. */
  survivalHorizon(horizon: number): Promise<SurvivalHorizonFigures>;
  /** What PLINK's QC filters would remove from the loaded cohort's genotypes, step by step. */
  qcSummary(filters: QcFilters): Promise<QcFilterReport>;
  /**
   * Ancestry components of the loaded cohort's genotypes (after the QC filters given), for the PC1–PC2 view; with
   * `sweeper` (and shared memory) each sweep over the genotypes is split across the training pool.
   */
  ancestry(request: AncestryRequest, sweeper?: PcaSweeper): Promise<AncestryView>;
}

/** Genotypes packed for component sweeps, in shared memory, with an id so workers know them again. */
export interface PcaSweepJob {
  id: string;
  data: PcaSweepData;
}

/** Does one sweep's parts (engine/genetics/pca sweepPart) on other workers; the parts come back in any order. */
export type PcaSweeper = (
  job: PcaSweepJob,
  q: Float64Array,
  w: number,
  withG: boolean,
) => Promise<PcaPartProduct[]>;

export type * from './survivalCohort';
export type * from './survivalBatch';
export type * from './survivalEvaluation';

/** What the evaluation worker needs of the current model to cross-validate its setup (see evaluationInput). */
export interface EvaluationInput {
  /** Id of the model's training data (the pool's data id, and the cohort's). */
  dataId: string;
  params: ForestParams;
  /** The full model's importances and OOB probabilities (reported, and ranking permutation features). */
  model: Pick<ForestModel, 'featureImportances' | 'oobProba'>;
  /** The encoded training rows; absent when the caller said the evaluation worker holds them already. */
  cohort?: CrossValidationData;
  /** Groups kept together, repeats and the positive class, from the Evaluate step's settings. */
  options: Pick<CrossValidationOptions, 'groups' | 'repeats' | 'positive' | 'confidence'>;
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
  begin(input: EvaluationInput, folds: number | EvaluationSettings): Promise<EvaluationPlan>;
  /** Score fold `fold` with the forest grown on its training rows. */
  scoreFold(fold: number, shards: TreeShard[]): Promise<void>;
  /** Finish the evaluation (CV metrics, OOB, importances, summary); the run is kept for reportAs. */
  finish(seconds: number): Promise<EvaluationReport>;
  /**
   * The report of the finished run `runKey` again, with `positiveClass` as the positive class (no tree regrown:
   * its out-of-fold predictions are kept); null when that run is no longer kept.
   */
  reportAs(runKey: string, positiveClass: string): Promise<EvaluationReport | null>;
  /** Grow the shadow forest of variant importance (src/app/variantImportance.ts); progress: trees done. */
  variantImportance(
    input: VariantImportanceInput,
    onProgress?: (treesDone: number) => void,
  ): Promise<VariantImportanceReport>;
}

/**
 * A training worker of the pool (training.worker.ts in the browser, node.training.worker.ts in Node), exposed with
 * Comlink and called by the pool (pool.ts): `setTrainingData` once per dataset, then `growTrees` per shard. It loads
 * the forest engine only.
 */
export interface TrainingWorkerApi {
  /** Hold the binned data (and its id) that the following growTrees calls train on. */
  setTrainingData(
    binned: BinnedData | SnpPackedBins,
    y: Uint8Array,
    nClasses: number,
    id?: string,
    snpCodes?: PackedCodes,
  ): Promise<void>;
  /**
   * Bin a table (column-major X of `isCategorical.length` features) as binFeatures does and hold it, with its id, as
   * setTrainingData holds binned data: for a small table of its own (a cross-validation fold's), which the worker
   * that grows on it bins faster than the calling thread would bin it and send it.
   */
  holdColumns(
    X: Float32Array,
    nRows: number,
    isCategorical: Uint8Array,
    y: Uint8Array,
    nClasses: number,
    id: string,
  ): Promise<void>;
  /**
   * Bin a slice of columns (column-major X of `isCategorical.length` features) exactly as binFeatures bins a whole
   * table. With `out` (a view of shared memory the size of the slice) the bins are written there; else returned.
   * With `codesOut` too (shared memory, (nRows + 3) >> 2 bytes a column of the slice), the packable columns' 2-bit codes
   * (packedSnp.ts) are written there, column f of the slice at f × that stride.
   */
  binColumns(
    X: Float32Array | FeatureColumns,
    nRows: number,
    isCategorical: Uint8Array,
    out: Uint8Array | null,
    codesOut?: Uint8Array | null,
  ): Promise<BinnedColumns>;
  /**
   * Bin a whole table whose genotype columns are 2-bit packed with no byte a genotype for them (binFeaturesSnpPacked),
   * the result in shared memory: binned in a worker so the page's own thread never bins (a 20,000-column table took
   * 60–70 ms there). `X` must be in shared memory.
   */
  binSnpPacked(X: FeatureColumns, isCategorical: Uint8Array): Promise<BinnedData | SnpPackedBins>;
  /** This worker's memory now and at its peak (sampled on receiving data, after binning and after every tree). */
  memoryUsage(): Promise<WorkerMemory>;
  /**
   * Draw weights of an enriched forest from a screen of the held data's `rows` (all when null): engine/forest
   * featureWeights.ts screenWeights, for tuning's screened candidates.
   */
  screenWeights(rows: Int32Array | null): Promise<number[]>;
  /** These parts of one ancestry-component sweep over the job's shared genotypes (engine/genetics/pca sweepPart). */
  pcaSweepParts(
    job: PcaSweepJob,
    q: Float64Array,
    w: number,
    parts: number[],
    withG: boolean,
  ): Promise<PcaPartProduct[]>;
  /**
   * Grow the trees with these global indices, on `rows` only when given; reports the latest tree's index at most
   * every 100 ms and always the last (the pool counts the trees between two reports).
   */
  growTrees(
    params: ForestParams,
    treeIndices: number[],
    rows: Int32Array | null,
    onTreeDone?: (treeIndex: number) => void,
    /** Each row's group: the shard also sums the out-of-bag votes by group (engine/forest/grow GrowOptions.groups). */
    groups?: Int32Array | null,
  ): Promise<TreeShard>;
  /**
   * Grow the survival trees with these global indices on the held binned data, with every row's follow-up and
   * the forest's time grid (engine/forest/survivalGrow); on `rows` only when given; reports as growTrees. With
   * `claim` (a counter in shared memory that other threads growing the same forest share), only the trees this
   * worker claims from it (survivalShardPack.ts growClaimed), without progress reports.
   */
  growSurvivalTrees(
    params: SurvivalParams,
    treeIndices: number[],
    rows: Int32Array | null,
    outcome: SurvivalFollowUp,
    onTreeDone?: (treeIndex: number) => void,
    claim?: Int32Array | null,
  ): Promise<SurvivalShardWire>;
  /**
   * Grow the causal forest's little bags with these indices on the held binned data and the orthogonalised
   * residuals (engine/causal/causalForest growCausalBags); reports bags as growTrees reports trees.
   */
  growCausalBags(
    params: CausalForestParams,
    bagIndices: number[],
    residuals: CausalResiduals,
    onBagDone?: (bagIndex: number) => void,
  ): Promise<CausalBagShard>;
}

/** The orthogonalised outcome and treatment of every training row: Y − m(X) and W − e(X). */
export interface CausalResiduals {
  y: Float64Array;
  w: Float64Array;
}

/** Bags grown by one worker: their indices (treeIndices, as every shard) and their trees, two per bag, packed. */
export interface CausalBagShard {
  treeIndices: number[];
  trees: PackedCausalTrees;
}

/** A survival cohort prepared for the pool: its columns (the event as y), follow-up, settings and time grid. */
export interface SurvivalColumns extends SurvivalFollowUp {
  id: string;
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  isCategorical: Uint8Array;
  params: SurvivalParams;
}

/** Every training row's follow-up and the time grid a survival forest's trees share. */
export interface SurvivalFollowUp {
  time: Float64Array;
  event: Uint8Array;
  grid: Float64Array;
}

/**
 * The treatment-effect worker (effect.worker.ts in the browser, node.effect.worker.ts in Node): fits the causal forest
 * of src/app/treatmentEffect.ts on a copy of the loaded table, in a thread of its own so that Cancel (which ends it)
 * loses nothing else, and keeps the fit for the patients typed in afterwards.
 */
export interface EffectWorkerApi {
  /** Fit treatment effects on `table` and keep the fit for patientEffect. */
  estimateEffects(
    table: RawTable,
    request: EffectRequest,
    onProgress?: (progress: EffectProgress) => void,
    /** Grows the trees on the training pool (a proxy to the client's); without it, this worker grows them. */
    growers?: EffectGrowers,
  ): Promise<EffectReport>;
  /**
   * Every arm of a treatment column of three or more values against `request.comparisonValue`, by one joint multi-arm
   * forest (src/app/treatmentEffect.ts fitArmEffects); its fit is kept for patientArmEffects (not patientEffect).
   */
  estimateArmEffects(
    table: RawTable,
    request: EffectRequest & { comparisonValue: string },
    onProgress?: (progress: EffectProgress) => void,
    growers?: EffectGrowers,
  ): Promise<MultiArmReport>;
  /** One patient's effect from the last estimateEffects here; null when there is none. */
  patientEffect(patient: PatientInput): Promise<PatientEffect | null>;
  /** One patient under every arm from the last estimateArmEffects here; null when there is none. */
  patientArmEffects(patient: PatientInput): Promise<PatientArmEffects | null>;
}

export type { EffectProgress, EffectReport, EffectRequest, PatientEffect };
export type { MultiArmReport };
export type { PatientArmEffects };
