/**
 * The ONE typed interface between the UI and the engine. The UI imports this file as types only
 * (`import type`), and talks to the engine through an `EngineClient` (see client.ts), which runs every
 * heavy step in Web Workers via Comlink. The use cases' own types live in src/app/types.ts and are
 * re-exported here, so the UI has one place to import from.
 */
import type {
  AncestryRequest,
  AncestryView,
  BatchResult,
  ColumnChoice,
  ColumnMappingRequest,
  CounterfactualAnswer,
  CounterfactualRequest,
  DependenceCurve,
  EffectProgress,
  EffectReport,
  MultiArmReport,
  EffectRequest,
  EvaluationProgress,
  EvaluationReport,
  EvaluationSettings,
  Explanation,
  ForestParams,
  JoinKeyChoice,
  ModelInfo,
  NamedFile,
  OutcomeDescription,
  ParseProgress,
  PatientEffect,
  PatientArmEffects,
  PatientGenotypes,
  PatientInput,
  PredictOptions,
  Prediction,
  SurvivalChoice,
  SurvivalComparison,
  SurvivalHorizonFigures,
  SurvivalOutcomeSummary,
  SurvivalPatientPrediction,
  SurvivalReport,
  SurvivalTrainSettings,
  SurvivalBatchResult,
  TimeToEventProposal,
  QcFilterReport,
  QcFilters,
  TableSummary,
  TrainProgress,
  TrainingSetup,
  TuningBudget,
  VariantImportanceReport,
  VariantEffectsReport,
} from '../app/types';

export type * from '../app/types';

/** Options every long call accepts. Aborting terminates the workers doing the job at once. */
export interface CallOptions<P> {
  signal?: AbortSignal;
  onProgress?: (progress: P) => void;
}

/** Options of train: how the forest's settings are chosen besides the common ones. */
export interface TrainOptions extends CallOptions<TrainProgress> {
  /**
   * Tune minimum patients per leaf and features per split on out-of-bag patients first (src/app/tuneForest.ts),
   * starting from the params given; cross-validation then tunes inside each fold too.
   */
  tune?: boolean;
  /**
   * The Group column (families, sites, a patient's repeated records): tuning then scores each patient only by trees
   * that drew nobody of their group, where the groups are small enough (src/engine/forest/tune.ts). Null or absent:
   * patients are unrelated.
   */
  groupColumn?: string | null;
}

/**
 * Why the engine restarted its data worker, and what the worker held: the restart lost it (the app must not show
 * that table or model as loaded any more).
 */
export interface DataWorkerRestart {
  /** What happened, as a sentence without its full stop: "Predicting the patient took longer than 60 s and was stopped". */
  cause: string;
  lostTable: boolean;
  lostModel: boolean;
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
  /**
   * Load one cohort from several files (genotypes in any supported format plus a clinical table), joined on
   * `joinKey` when given. A refused join rejects with an Error whose `refusal` (JoinRefusal) says why and what the
   * key can be chosen from.
   */
  loadFiles(
    files: NamedFile[],
    options?: CallOptions<ParseProgress>,
    joinKey?: JoinKeyChoice,
  ): Promise<TableSummary>;
  /** Validate a target/column setup and describe the outcome. */
  describeOutcome(setup: TrainingSetup): Promise<OutcomeDescription>;
  /** The trees tuning `params` would grow on the cohort of `setup` (the Train step shows it before training). */
  tuningBudget(setup: TrainingSetup, params: ForestParams): Promise<TuningBudget>;
  train(setup: TrainingSetup, params: ForestParams, options?: TrainOptions): Promise<ModelInfo>;
  evaluate(
    settings: number | EvaluationSettings,
    options?: CallOptions<EvaluationProgress>,
  ): Promise<EvaluationReport>;
  /**
   * The last evaluation (report.runKey) again with another positive class, from its kept out-of-fold predictions
   * (no tree regrown); null when they are no longer kept (another evaluation, a new cohort, a restarted worker):
   * evaluate again.
   */
  reportAs(runKey: string, positiveClass: string): Promise<EvaluationReport | null>;
  predict(patient: PatientInput, options?: PredictOptions): Promise<Prediction>;
  explain(patient: PatientInput): Promise<Explanation>;
  dependence(patient: PatientInput, feature: string, classIndex: number): Promise<DependenceCurve>;
  /** The nearest change to modifiable fields that moves an outcome's probability past a threshold. */
  counterfactual(
    patient: PatientInput,
    request: CounterfactualRequest,
  ): Promise<CounterfactualAnswer>;
  /** A CSV/TSV/TXT Blob, a .raw or VCF File, or a .bed with its .bim and .fam (several Files). */
  predictBatch(
    file: Blob | File[],
    options?: CallOptions<ParseProgress>,
    /** The positive class in force (the Evaluate step's), for the external validation's figures. */
    positiveClass?: string | null,
  ): Promise<BatchResult>;
  /** The model as a .genoforest.json text. */
  exportModel(evaluation: EvaluationReport | null): Promise<string>;
  /**
   * Validate and load a .genoforest.json text, or the bytes of an .onnx tree-ensemble classifier; throws Error
   * with a specific message when invalid (the current model stays).
   */
  importModel(
    file: string | Uint8Array,
    fileName?: string,
  ): Promise<{ info: ModelInfo; evaluation: EvaluationReport | null }>;
  /**
   * Treatment effects (causal forest) on the loaded table, in a worker of their own: cancelling ends only that
   * worker. The fit is kept there for patientEffect.
   */
  estimateEffects(
    request: EffectRequest,
    options?: CallOptions<EffectProgress>,
  ): Promise<EffectReport>;
  /**
   * Every arm of a treatment column of three or more values against the comparison arm, by one joint multi-arm forest
   * in the same worker as estimateEffects (it replaces that worker's fit; patientEffect then answers null and
   * patientArmEffects answers from this fit).
   */
  estimateArmEffects(
    request: EffectRequest & { comparisonValue: string },
    options?: CallOptions<EffectProgress>,
  ): Promise<MultiArmReport>;
  /** One patient's effect of treatment from the last estimateEffects; null when there is none (or it was lost). */
  patientEffect(patient: PatientInput): Promise<PatientEffect | null>;
  /** One patient under every arm from the last estimateArmEffects; null when there is none (or it was lost). */
  patientArmEffects(patient: PatientInput): Promise<PatientArmEffects | null>;
  /** Typical values (median / most common) of the training cohort, for filling the form. */
  typicalPatient(): Promise<PatientInput>;
  /**
   * A new patient's genotype fields from the patient's own genotype file (a .vcf/.vcf.gz, a .bed+.bim+.fam set
   * or a .raw), read in the data worker: filled for one sample (or the row `sample`), else the samples to choose.
   */
  patientGenotypes(
    files: File[],
    sample?: number,
    options?: CallOptions<ParseProgress>,
  ): Promise<PatientGenotypes>;
  /** The current model as .onnx bytes (checked by reading it back on this device). */
  exportOnnx(): Promise<Uint8Array>;
  /** Name the features of an imported model; returns its updated description. */
  mapColumns(request: ColumnMappingRequest): Promise<ModelInfo>;
  /** Use a CSV as an imported model's reference cohort (familiarity, explanation covers). */
  setReferenceCohort(file: Blob, fileName: string): Promise<ModelInfo>;
  /** What PLINK's QC filters (--mind, --geno, --hwe, --maf) would remove from the loaded genotypes, step by step. */
  qcSummary(filters: QcFilters): Promise<QcFilterReport>;
  /** Ancestry components of the loaded genotypes after the QC filters given (the PC1–PC2 view). */
  ancestry(request: AncestryRequest): Promise<AncestryView>;
  /**
   * Calls `listener` each time the data worker is restarted empty: it crashed, a call of it went unanswered past its
   * watchdog limit (the call rejects saying so), or a file load stalled or was cancelled and the worker did not stop.
   * Returns the function that stops listening.
   */
  onDataWorkerRestart(listener: (restart: DataWorkerRestart) => void): () => void;
  /**
   * Which variants matter for the current model's outcome: corrected impurity importance with Janitza p-values and
   * Benjamini–Hochberg q-values, grown in a worker of its own (src/app/variantImportance.ts).
   */
  variantImportance(
    options?: CallOptions<VariantImportanceProgress>,
  ): Promise<VariantImportanceReport>;
  /**
   * The top variants of an importance report measured further on the current model (in the data worker): out-of-bag
   * permutation importance with its standard error, and the risk at 0/1/2 copies (src/app/variantImportance.ts).
   */
  variantEffects(
    report: VariantImportanceReport,
    positiveClass?: string | null,
  ): Promise<VariantEffectsReport>;
  dispose(): void;
  /** The time and event columns the loaded table seems to hold (a guess), or null. */
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
   * Train a survival forest on the worker pool (encoded and evaluated in the data worker) and make it the current
   * survival model; progress counts trees, and aborting stops the pool.
   */
  trainSurvival(
    choice: SurvivalChoice,
    settings: SurvivalTrainSettings,
    options?: CallOptions<TrainProgress>,
  ): Promise<SurvivalReport>;
  /**
   * K-fold cross-validation of the current survival model (trained here): each fold's forest grown on the worker
   * pool, scored in the data worker; progress counts folds and trees, aborting stops the pool. The figures are the
   * same for a seed however many workers there are. Resolves with the model's report carrying them.
   */
  evaluateSurvival(
    folds: number,
    options?: CallOptions<EvaluationProgress> & {
      /** Column whose groups (family, site) each stay wholly in one fold; null or absent: none. */
      groupColumn?: string | null;
    },
  ): Promise<SurvivalReport>;
  /** Time-dependent AUC, Uno's C and calibration of the last cross-validation at `horizon`, or why not. */
  survivalHorizon(horizon: number): Promise<SurvivalHorizonFigures>;
  /** One patient's survival curve and "N out of 100" at `horizon`; rejects beyond the longest follow-up. */
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
   * Survival at each of `horizons` (in the model's unit) for every patient of a CSV, or of genotype files (.raw,
   * VCF, or .bed with .bim and .fam) matched to the model's alleles as the class batch's are, with the CSV to save.
   */
  predictSurvivalBatch(
    file: Blob | File[],
    horizons: number[],
    options?: CallOptions<ParseProgress>,
  ): Promise<SurvivalBatchResult>;
}

/** Trees of the importance forest grown so far. */
export interface VariantImportanceProgress {
  treesDone: number;
  trees: number;
}
