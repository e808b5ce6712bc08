/**
 * The data session: the application's one stateful use case, hosted by the data worker. It holds the loaded table, the training data prepared from it, the
 * current model (with the cohort it was trained on, for explanations and familiarity) and a running evaluation, and
 * does every job except growing trees. DOM-, Node- and Comlink-free: src/worker/dataWorker.ts hosts it in the browser
 * and Node workers (adding transfers and proxy release), and the CLI and tests call it in-process.
 */
import type {
  EncodedCohort,
  OutcomeSummary,
  PatientInput,
  RawTable,
  TableSchema,
  TrainingSetup,
  VariantLoci,
} from '../engine/data/types';
import { parseCsvBlob, parseCsvText, previewRows } from '../engine/data/parse';
import { listConversions } from '../engine/data/conversions';
import { shortName } from '../engine/data/values';
import { inferSchema, outcomeGuessNote, schemaIssues, suggestTarget } from '../engine/data/schema';
import { buildEncoding, encodeColumns } from '../engine/data/encode';
import { SHARED_COLUMNS } from '../engine/forest/featureColumns';
import { typicalPatient } from '../engine/data/encodePatient';
import { assembleForest, validateParams } from '../engine/forest/forest';
import { tuningBudget } from './tuneForest';
import { loadCohortFiles, type CohortLoad } from '../engine/data/genomic/loadFiles';
import {
  JoinRefusedError,
  type JoinKeyChoice,
  type JoinRefusal,
} from '../engine/data/genomic/join';
import { defaultPositiveClass, wantedOutcome } from '../engine/data/positiveClass';
import { cellText } from '../engine/data/cells';
import { groupsFromCells } from '../engine/evaluate/crossValidation';
import { cohortSummary, groupCandidates } from './cohortSummary';
import type { ForestModel, ForestParams } from '../engine/forest/types';
import type {
  DataWorkerApi,
  EvaluationInput,
  EvaluationSettings,
  ModelInfo,
  NamedFile,
  OutcomeDescription,
  ParseProgress,
  PreparedColumns,
  TableSummary,
  TrainingData,
} from './types';
import { report } from './progress';
import {
  compareSurvivalValues,
  describeSurvival,
  evaluateSurvivalForest,
  withCrossValidation,
  exportSurvivalModel,
  openSurvivalModel,
  predictSurvivalPatient,
  prepareSurvivalTraining,
  proposeSurvival,
  type HeldSurvival,
  type SurvivalChoice,
  type SurvivalTraining,
  withModelHash,
} from './survivalCohort';
import { assembleSurvivalForest } from '../engine/forest/survivalForest';
import { SurvivalCvRun, type SurvivalCvGroups } from './survivalEvaluation';
import type { SurvivalDataset } from '../engine/survival/survivalData';
import type { SurvivalTuningReport } from '../engine/forest/survivalTune';
import { SurvivalTuningRun, survivalTuningBudgetWords } from './survivalTuning';
import { attachTrainingCohort } from './trainingCohort';
import { fingerprintCohort, type CohortFingerprint } from '../engine/data/cohortIdentity';
import { patientCounterfactual } from './counterfactualPatient';
import { explainPatient } from './explainPatient';
import { exportModelFile, parseModelFile } from './modelFile';
import { describeModel } from './modelInfo';
import { predictTable } from './predictBatch';
import { alignGenotypeTable, modelVariants, patientGenotypes } from './patientGenotypes';
import { predictSurvivalBatch } from './survivalBatch';
import { modelHash } from './modelHash';
import { modelDependence, predictPatient, type PatientModel } from './predictPatient';
import { binTableFor, categoricalMask } from './trainingData';
import { newDataId } from './dataId';
import { describeVariants, importanceParams } from './variantImportance';
import { variantEffectsReport } from './variantEffects';
import { canShareMemory, isSharedColumns } from './sharedMemory';
import {
  createAncestryViewer,
  geneticTable,
  qcSummary,
  withAncestry,
  withAncestryColumns,
  type AncestryProjection,
} from './cohortGenetics';
import type { QcFilterReport } from './qcFilter';
import {
  exportCheckedOnnx,
  IMPORTED_SHAP_METHOD,
  looksLikeJson,
  namesFromColumnList,
  namesFromCsvHeader,
  NEEDS_COHORT_DEPENDENCE,
  NEEDS_COHORT_EXPLAIN,
  NEEDS_COHORT_TYPICAL,
  NOT_IMPORTED,
  openOnnxModel,
  referenceCohort,
  renamedInfo,
  unavailableExplanation,
} from './onnxModel';

/** Rows of a loaded table shown as a preview. */
const PREVIEW_ROWS = 20;

/** The model a data worker holds, with the cohort it learned from when that is known. */
interface HeldModel extends PatientModel {
  info: ModelInfo;
  /** Binned training data, for cross-validation in the pool; null until binned here or after importing a model. */
  training: TrainingData | null;
  /** A model opened from an .onnx file (or a .genoforest.json saved from one): its forest without local covers. */
  imported?: { base: ForestModel };
  /** Id of the training data the model was grown on; null after importing a model. */
  dataId: string | null;
  /** The training cohort's fingerprint: trained here, or read from the model file; absent when unknown. */
  identity?: CohortFingerprint | null;
  /** Where the genotype columns lie, from the file the model was trained on (.bim, VCF). */
  loci?: VariantLoci;
  /** The table the cohort's rows index when QC filters or components made it (samples may be removed). */
  source?: RawTable;
}

interface Prepared {
  data: EncodedCohort;
  /** Id of the training data (binned in the pool, or here by `prepare`). */
  dataId: string;
  /** Binned here by `prepare`; null when the pool bins it (`prepareColumns`). */
  training: TrainingData | null;
  params: ForestParams;
  /** Seconds spent encoding (and binning, by `prepare`), counted in the fit time, also when reused. */
  seconds: number;
  /** The setup it was prepared for, as JSON: training again with other settings reuses it. */
  setupKey: string;
  /** The ancestry components added as features, and what the QC filters removed (setup.genetics). */
  ancestry: AncestryProjection | null;
  qc: QcFilterReport | null;
  /** The table encoded: the loaded one, or the one setup.genetics made from it. */
  source: RawTable;
}

const NO_TRAINING_DATA =
  'This model was opened from a file without its training data, so it cannot be cross-validated here: train it again on the data.';

/** A file name whose format is not delimited text (PLINK .raw, VCF): loadCohortFiles reads it. */
function isGenomicName(name: string): boolean {
  return /\.(raw|vcf|vcf\.gz|vcf\.bgz)$/i.test(name);
}

/**
 * Index of the positive class chosen by name, else the default by the class names and counts (an event over its
 * negation, else the smaller class); undefined unless two classes.
 */
function positiveIndex(
  classes: string[],
  name: string | null | undefined,
  counts: number[],
): number | undefined {
  if (classes.length !== 2) return undefined;
  if (name == null) return defaultPositiveClass(classes, counts)?.index;
  const i = classes.indexOf(name);
  if (i < 0) throw new Error(`“${shortName(name)}” is not one of the outcome classes.`);
  return i;
}

/**
 * `info` with the hash of the model it describes. An imported model keeps the hash it was opened with: column names
 * and a reference cohort given later are facts of this session, like the training cohort's status, not of the file.
 */
async function withHash(forest: ForestModel, info: ModelInfo): Promise<ModelInfo> {
  return { ...info, modelHash: await modelHash(forest, info.encoding) };
}

/** Seconds elapsed since `start` (performance.now() milliseconds). */
function since(start: number): number {
  return (performance.now() - start) / 1000;
}

/** What the transport hosting a session does on its behalf (the worker layer lets go of Comlink callbacks). */
export interface SessionHooks {
  /** Called with a caller's progress callback once the call it came with is over. */
  release?: (callback: unknown) => void;
  /**
   * Bytes a genotype load may take (the browser's device memory, the CLI's cap): a .bed or VCF needing more is refused
   * with a plain message before its genotypes are held. Absent: no budget.
   */
  memoryBudgetBytes?: number;
  /** Training workers the app's pool starts, for what a .bed will need to train; absent: grown in this thread. */
  trainingWorkers?: number;
}

/** A new data session with its own state: the data worker's role, and the CLI's in-process engine. */
export function createDataSession(hooks: SessionHooks = {}): DataWorkerApi {
  let table: RawTable | null = null;
  let schema: TableSchema | null = null;
  let prepared: Prepared | null = null;
  let model: HeldModel | null = null;
  let previousModel: HeldModel | null = null;
  /** The survival model trained on the current table (time-to-event mode), or null. */
  let survival: HeldSurvival | null = null;
  /** The survival cohort prepared for the pool, until its shards come back. */
  /** The pool's id of the current survival model's cohort (null for a model opened from a file). */
  let survivalDataId: string | null = null;
  /** The survival cross-validation under way or done, with the model it is of. */
  let survivalCv: { run: SurvivalCvRun; held: HeldSurvival } | null = null;
  let survivalPrep: {
    id: string;
    training: SurvivalTraining;
    choice: SurvivalChoice;
    /** The leaf-size search when the settings are tuned, and its report once chosen. */
    tuning?: SurvivalTuningRun | null;
    tuningReport?: SurvivalTuningReport;
  } | null = null;
  /** The parse under way, with the id the caller gave it (to cancel it). */
  let loading: { id: string | undefined; controller: AbortController } | null = null;
  /** The last loadFiles whose join was refused, for joinRefusal. */
  let refused: { id: string | undefined; refusal: JoinRefusal } | null = null;
  /** The state before the last completed loadCsv, so a cancel that arrives after it finished can undo it. */
  let undoLoad: {
    id: string;
    table: RawTable | null;
    schema: TableSchema | null;
    prepared: Prepared | null;
  } | null = null;

  /** A new patient's multi-sample genotype file, kept while a sample is chosen from it (by names, sizes, dates). */
  let patientFile: { key: string; table: RawTable } | null = null;

  /** The binned training rows of a model trained here (binned again, once, when the pool binned them). */
  function modelTraining(m: HeldModel): TrainingData {
    if (!m.dataId || !m.cohort) throw new Error(NO_TRAINING_DATA);
    // The table the cohort was encoded from, known for certain only while its preparation is held: its genotype
    // codes are then binned directly (the same bins as from the floats). Shared where possible: the pool's workers
    // and the evaluation worker (variant importance) then read these bins instead of a copy each.
    const source = prepared?.data === m.cohort ? prepared.source : undefined;
    m.training ??= {
      id: m.dataId,
      // Two-class fits (the folds' too) grow on the genotypes' 2-bit codes: no byte a genotype for them (issue 21).
      binned: binTableFor(m.cohort, m.info.params.classWeight, {
        source,
        shared: canShareMemory(),
      }),
      y: m.cohort.y,
      nClasses: m.cohort.encoding.classes.length,
    };
    return m.training;
  }

  function requireTable(): { table: RawTable; schema: TableSchema } {
    if (!table || !schema) throw new Error('No table is loaded: load a CSV file first.');
    return { table, schema };
  }

  let ancestryOf = createAncestryViewer();

  /**
   * The last two cohorts made by setup.genetics (QC filters, ancestry components) from the loaded table: the outcome
   * check asks for the filtered one, training for the one with components, and each is kept while the other is
   * asked for (they share their columns, so the second costs little).
   */
  let genetic: {
    source: RawTable;
    key: string;
    table: RawTable;
    schema: TableSchema;
    ancestry: AncestryProjection | null;
    qc: QcFilterReport | null;
  }[] = [];

  /** The table a setup trains on: the loaded one, or the one its QC filters and ancestry components make. */
  function setupTable(setup: TrainingSetup): {
    table: RawTable;
    schema: TableSchema;
    ancestry: AncestryProjection | null;
    qc: QcFilterReport | null;
  } {
    const t = requireTable();
    const g = setup.genetics;
    if (!g || (g.qc === undefined && !g.ancestryComponents)) {
      return { ...t, ancestry: null, qc: null };
    }
    const key = JSON.stringify(g);
    const held = genetic.find((e) => e.source === t.table && e.key === key);
    if (held) return held;
    // Components the ancestry view computed with these settings (on the pool) are not computed again.
    const made = geneticTable(t.table, g, ancestryOf.componentsFor(t.table, g));
    const entry = {
      source: t.table,
      key,
      table: made.table,
      schema: inferSchema(made.table),
      ancestry: made.projection,
      qc: made.qc,
    };
    genetic = [entry, ...genetic.filter((e) => e.source === t.table)].slice(0, 2);
    return entry;
  }

  /** The last outcome summary, for tuningBudget (asked for as the tree count is typed: not encoded again each time). */
  let described: { source: RawTable; key: string; summary: OutcomeSummary } | null = null;

  /** The outcome summary of a setup, its patients and features as training will have them. */
  function outcomeSummary(setup: TrainingSetup): {
    summary: OutcomeSummary;
    table: ReturnType<typeof setupTable>;
  } {
    // The QC filters change the patients and variants; the components are computed at training only (they
    // take many sweeps over the genotypes), and here only add their count to the features.
    const components = setup.genetics?.ancestryComponents ?? 0;
    const qc = setup.genetics?.qc;
    const t = setupTable(qc ? { ...setup, genetics: { qc } } : { ...setup, genetics: undefined });
    const encoded = buildEncoding(t.table, t.schema, setup).summary;
    const summary = { ...encoded, nFeatures: encoded.nFeatures + components };
    described = { source: requireTable().table, key: JSON.stringify(setup), summary };
    return { summary, table: t };
  }

  /** Lets go of the tables the QC filters and components made from the previous cohort (they can be as large). */
  function forgetGenetics(): void {
    genetic = [];
    described = null;
    ancestryOf = createAncestryViewer();
  }

  /** The patient with the model's ancestry components computed from the patient's genotypes. */
  function withComponents(m: HeldModel, patient: PatientInput): PatientInput {
    return withAncestry(m.info.ancestry, patient).patient;
  }

  function requireModel(): HeldModel {
    if (!model) throw new Error('There is no model yet: train one or open a saved model first.');
    return model;
  }

  function requireImported(): HeldModel & { imported: { base: ForestModel } } {
    const m = requireModel();
    if (!m.imported) throw new Error(NOT_IMPORTED);
    return m as HeldModel & { imported: { base: ForestModel } };
  }

  /**
   * Runs one file read as the current load: a new load stops the previous one, cancelLoad(id) stops this one
   * between chunks, and a cancelled read rejects with an AbortError.
   */
  async function asLoad<T>(
    onProgress: ((p: ParseProgress) => void) | undefined,
    id: string | undefined,
    read: (signal: AbortSignal, progress: (p: ParseProgress) => void) => Promise<T>,
  ): Promise<T> {
    loading?.controller.abort();
    undoLoad = null;
    const current = { id, controller: new AbortController() };
    loading = current;
    try {
      return await read(current.controller.signal, (p) => void report(onProgress, p));
    } catch (error) {
      if (current.controller.signal.aborted) {
        throw new DOMException('Loading the file was cancelled.', 'AbortError');
      }
      throw error;
    } finally {
      if (loading === current) loading = null;
      hooks.release?.(onProgress);
    }
  }

  /** Parses one delimited text file (papaparse, streamed), columns held as 1-byte codes or numbers, not text. */
  function parse(
    file: Blob,
    onProgress: ((p: ParseProgress) => void) | undefined,
    id: string | undefined,
  ): Promise<RawTable> {
    return asLoad(onProgress, id, (signal, progress) =>
      parseCsvBlob(file, progress, { signal, compactColumns: true }),
    );
  }

  /** Loads a cohort from files through loadCohortFiles (genotypes in any format plus a clinical table). */
  function parseFiles(
    files: NamedFile[],
    onProgress: ((p: ParseProgress) => void) | undefined,
    id: string | undefined,
    joinKey?: JoinKeyChoice,
  ): Promise<CohortLoad> {
    return asLoad(onProgress, id, (signal, progress) =>
      loadCohortFiles(files, {
        signal,
        onProgress: progress,
        joinKey,
        memoryBudgetBytes: hooks.memoryBudgetBytes,
        growth: {
          workers: hooks.trainingWorkers ?? 1,
          sharedMemory: canShareMemory(),
          inProcess: hooks.trainingWorkers === undefined,
        },
      }),
    );
  }

  /**
   * A file of new patients to predict: a CSV, or genotype files in any cohort format whose genotype columns are
   * recoded to count the model's alleles (`variants`; swapped alleles recounted, strand flips read on the other
   * strand, ambiguous ones left unknown), with `notes` saying what was recoded or left out.
   */
  async function readBatch(
    file: Blob | NamedFile[],
    variants: ReturnType<typeof modelVariants>,
    onProgress: ((p: ParseProgress) => void) | undefined,
    loadId: string | undefined,
  ): Promise<{ table: RawTable; notes: string[] }> {
    const name = Array.isArray(file) ? undefined : (file as Partial<NamedFile>).name;
    const genomic = Array.isArray(file) || (typeof name === 'string' && isGenomicName(name));
    const read = Array.isArray(file)
      ? (await parseFiles(file, onProgress, loadId)).table
      : genomic
        ? (await parseFiles([file as NamedFile], onProgress, loadId)).table
        : await parse(file, onProgress, loadId);
    // Genotype files count their own alleles (a VCF its ALT): recoded to the model's counted alleles, or refused.
    return genomic ? alignGenotypeTable(variants, read) : { table: read, notes: [] };
  }

  /** Keeps a loaded cohort as the current table and describes it. */
  function keepCohort(load: CohortLoad, loadId: string | undefined, name: string, bytes: number) {
    const inferred = inferSchema(load.table);
    if (loadId !== undefined) undoLoad = { id: loadId, table, schema, prepared };
    table = load.table;
    schema = inferred;
    prepared = null;
    survival = null;
    forgetGenetics();
    reattachOpenedModel();
    return cohortSummary(load, inferred, name, bytes);
  }

  /** A model opened from a file finds its training cohort in a table loaded after it (by its fingerprint only). */
  function reattachOpenedModel(): void {
    const m = model;
    if (!m || m.imported || m.dataId !== null || m.cohort) return;
    const { cohort, info } = cohortFromTable(m.info, m.identity ?? null);
    model = { ...m, cohort, info };
  }

  /** Group index per training row of the model's cohort, from the loaded table's column `name`. */
  function groupsOf(m: HeldModel, name: string) {
    // The cohort's rows index the table it was encoded from (QC may have removed samples from the loaded one).
    const t = m.source ?? requireTable().table;
    const c = t.headers.indexOf(name);
    if (c < 0) throw new Error(`The group column “${shortName(name)}” is not in the loaded table.`);
    if (!m.cohort) throw new Error(NO_TRAINING_DATA);
    const rows = m.cohort.rowIndex;
    const cells = Array.from(rows, (r) => cellText(t, c, r));
    return { ...groupsFromCells(cells), column: name };
  }

  /** Group index per patient of a survival cohort (encoded from the loaded table), from its column `name`. */
  function survivalGroups(data: SurvivalDataset, name: string): SurvivalCvGroups {
    return rowGroups(requireTable().table, data.rowIndex, name);
  }

  /** Group index of each of `rows` (rows of `t`) by its column `name`. */
  function rowGroups(t: RawTable, rows: ArrayLike<number>, name: string): SurvivalCvGroups {
    const c = t.headers.indexOf(name);
    if (c < 0) throw new Error(`The group column “${shortName(name)}” is not in the loaded table.`);
    const g = groupsFromCells(Array.from(rows, (r) => cellText(t, c, r)));
    return { index: g.groups, column: name, count: g.nGroups, unlabelled: g.unlabelled };
  }

  /** Groups, repeats and positive class of a cross-validation, from the Evaluate step's settings. */
  function evaluationOptions(
    m: HeldModel,
    asked: number | EvaluationSettings,
  ): EvaluationInput['options'] {
    const settings: EvaluationSettings = typeof asked === 'number' ? { folds: asked } : asked;
    const g = settings.groupColumn ? groupsOf(m, settings.groupColumn) : null;
    return {
      repeats: settings.repeats ?? 1,
      groups: g
        ? { index: g.groups, column: g.column, count: g.nGroups, unlabelled: g.unlabelled }
        : null,
      positive: positiveIndex(m.info.encoding.classes, settings.positiveClass, m.info.classCounts),
    };
  }

  /**
   * The training cohort of a model opened from a file: the loaded table, only when its fingerprint says it is the
   * very cohort the model learned from (its rows put back in training order); otherwise null, with the reason.
   */
  function cohortFromTable(
    info: ModelInfo,
    identity: CohortFingerprint | null,
  ): { cohort: EncodedCohort | null; info: ModelInfo } {
    let data: EncodedCohort | null = null;
    if (table) {
      try {
        data = encodeColumns(table, info.encoding);
        if (data.nRows === 0 || (data.missingColumns?.length ?? 0) > 0) data = null;
      } catch {
        data = null;
      }
    }
    const attached = attachTrainingCohort(identity, data);
    return { cohort: attached.cohort, info: { ...info, trainingCohort: attached.status } };
  }

  /**
   * Encodes the current table for a setup (binning is left to the caller) and keeps it as `prepared`. The same table
   * and setup as last time (training again with other settings) reuse the encoded data, which keeps its id, so the
   * pool need not receive it again.
   */
  function prepareSetup(setup: TrainingSetup, params: ForestParams): Prepared {
    const start = performance.now();
    requireTable();
    const setupKey = JSON.stringify(setup);
    let p = prepared;
    if (!p || p.setupKey !== setupKey) {
      // Training again with other settings reuses the encoded data: no QC or components computed again.
      const t = setupTable(setup);
      const { encoding, summary } = buildEncoding(t.table, t.schema, setup);
      if (summary.errors.length > 0) throw new Error(summary.errors.join(' '));
      validateParams(params, encoding.features.length);
      // Encoded straight into shared memory where possible, so the pool and the evaluation worker read it without
      // copies; hard-called genotypes 2-bit packed, never as floats (a genome's float matrix is gigabytes).
      const data = encodeColumns(t.table, encoding, canShareMemory() ? SHARED_COLUMNS : undefined);
      p = {
        data,
        dataId: newDataId(),
        training: null,
        params,
        seconds: since(start),
        setupKey,
        ancestry: t.ancestry,
        qc: t.qc,
        source: t.table,
      };
    }
    const checked = validateParams(params, p.data.nFeatures);
    prepared = { ...p, params: checked };
    return prepared;
  }

  return {
    async joinRefusal(loadId) {
      return refused?.id === loadId ? refused.refusal : null;
    },

    async loadFiles(received, onProgress, loadId, names, joinKey): Promise<TableSummary> {
      // A File cloned into a Node worker thread arrives as a Blob without its name: give it back.
      const files = received.map((f, i) =>
        typeof (f as Partial<NamedFile>).name === 'string' && !names?.[i]
          ? f
          : new File([f], names?.[i] ?? (f as Partial<NamedFile>).name ?? `file-${i + 1}`),
      );
      refused = null;
      let load: CohortLoad;
      try {
        load = await parseFiles(files, onProgress, loadId, joinKey);
      } catch (error) {
        if (error instanceof JoinRefusedError) refused = { id: loadId, refusal: error.refusal };
        throw error;
      }
      const bytes = files.reduce((n, f) => n + f.size, 0);
      return keepCohort(load, loadId, load.files.join(' + '), bytes);
    },

    async loadCsv(file, fileName, onProgress, loadId): Promise<TableSummary> {
      if (isGenomicName(fileName)) {
        // A .raw/.vcf given alone goes through the one cohort loader (the name tells the format).
        const named = new File([file], fileName);
        const load = await parseFiles([named], onProgress, loadId);
        return keepCohort(load, loadId, fileName, file.size);
      }
      const parsed = await parse(file, onProgress, loadId);
      const inferred = inferSchema(parsed);
      if (loadId !== undefined) undoLoad = { id: loadId, table, schema, prepared };
      table = parsed;
      schema = inferred;
      prepared = null;
      survival = null;
      forgetGenetics();
      reattachOpenedModel();
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
        suggestedTarget: suggestTarget(inferred, parsed.hints),
        outcomeNote: outcomeGuessNote(inferred, parsed.hints),
        format: 'text',
        files: [fileName],
        conversions: listConversions(parsed, inferred),
        groupCandidates: groupCandidates(parsed, inferred),
        genotypeColumns: inferred.columns.filter((c) => c.kind === 'genotype').length,
      };
    },

    async cancelLoad(loadId) {
      if (loading && loading.id === loadId) {
        loading.controller.abort();
      } else if (undoLoad && undoLoad.id === loadId) {
        // The load finished before the cancel arrived (a small or fast file): put the previous table back.
        ({ table, schema, prepared } = undoLoad);
        undoLoad = null;
      }
    },

    async describeOutcome(setup): Promise<OutcomeDescription> {
      const { summary, table: t } = outcomeSummary(setup);
      const plinkPhenotype =
        t.table.hints?.plinkPhenotype === true && t.table.hints.outcome === setup.target;
      const positive = defaultPositiveClass(summary.classes, summary.classCounts, {
        plinkPhenotype,
      });
      const wanted = wantedOutcome(summary.classes, summary.target);
      const wantedClass = wanted === null ? null : summary.classes[wanted];
      return positive
        ? {
            ...summary,
            positiveClass: summary.classes[positive.index],
            positiveReason: positive.reason,
            wantedClass,
          }
        : { ...summary, positiveClass: null, wantedClass };
    },

    async tuningBudget(setup, params) {
      const source = requireTable().table;
      const held =
        described?.source === source && described.key === JSON.stringify(setup)
          ? described.summary
          : outcomeSummary(setup).summary;
      if (held.errors.length > 0) throw new Error(held.errors.join(' '));
      return tuningBudget(validateParams(params, held.nFeatures), held.rowsUsed, held.nFeatures);
    },

    async prepareColumns(setup, params): Promise<PreparedColumns> {
      const p = prepareSetup(setup, params);
      const { data } = p;
      // Shared memory: the pool's workers read these very columns. Otherwise a copy is moved to the caller.
      const X = isSharedColumns(data.X)
        ? data.X
        : { ...data.X, dense: data.X.dense.slice(), packed: data.X.packed.slice() };
      const y = data.y.slice();
      const result: PreparedColumns = {
        id: p.dataId,
        X,
        nRows: data.nRows,
        nFeatures: data.nFeatures,
        isCategorical: categoricalMask(data),
        y,
        nClasses: data.encoding.classes.length,
        encoding: data.encoding,
        params: p.params,
        seconds: p.seconds,
      };
      return result;
    },

    async trainingGroups(column) {
      const p = prepared;
      if (!p) throw new Error('The training data is gone (a new file was loaded): train again.');
      return rowGroups(p.source, p.data.rowIndex, column);
    },

    async assembleModel(shards, params, growSeconds, tuned): Promise<ModelInfo> {
      const start = performance.now();
      const p = prepared;
      if (!p) throw new Error('The training data is gone (a new file was loaded): train again.');
      const { data } = p;
      const nClasses = data.encoding.classes.length;
      const forest = assembleForest(shards, params, data.nRows, nClasses, data.nFeatures, data.y);
      if (forest.trees.length !== params.nEstimators) {
        throw new Error(`Only ${forest.trees.length} of ${params.nEstimators} trees were grown.`);
      }
      const described = describeModel(forest, data, p.seconds + growSeconds + since(start));
      const info: ModelInfo = {
        ...described,
        trainingCohort: { status: 'trained-here', note: null },
        modelHash: await modelHash(forest, data.encoding),
        ...(p.ancestry ? { ancestry: p.ancestry } : {}),
        ...(p.qc ? { qc: p.qc } : {}),
        ...(tuned?.tuning ? { tuning: tuned.tuning } : {}),
        ...(tuned?.tuningSkipped ? { tuningSkipped: tuned.tuningSkipped } : {}),
      };
      const identity = fingerprintCohort(data.X, data.y, data.nRows, data.nFeatures);
      previousModel = model;
      const loci = table?.hints?.loci;
      model = {
        forest,
        info,
        cohort: data,
        training: p.training,
        dataId: p.dataId,
        identity,
        loci,
        ...(p.source !== table ? { source: p.source } : {}),
      };
      return info;
    },

    async revertModel() {
      model = previousModel;
      previousModel = null;
    },

    async trainingData() {
      return modelTraining(requireModel());
    },

    async variantImportanceInput() {
      const m = requireModel();
      const training = modelTraining(m);
      const cohort = m.cohort as EncodedCohort;
      const { variants, positions } = describeVariants(cohort, m.loci);
      return { training, variants, positions, params: importanceParams(m.info.params) };
    },

    async variantEffects(rows, positiveClass) {
      const m = requireModel();
      if (!m.cohort) throw new Error(NO_TRAINING_DATA);
      const classes = m.info.encoding.classes;
      const riskClass =
        positiveIndex(classes, positiveClass, m.info.classCounts) ?? classes.length - 1;
      return variantEffectsReport(
        { forest: m.forest, params: m.info.params, cohort: m.cohort as EncodedCohort },
        rows,
        riskClass,
      );
    },

    async evaluationInput(withCohort, asked) {
      const m = requireModel();
      if (!m.dataId || !m.cohort) throw new Error(NO_TRAINING_DATA);
      const { X, y, nRows, nFeatures, encoding } = m.cohort;
      return {
        dataId: m.dataId,
        params: m.info.params,
        model: { featureImportances: m.forest.featureImportances, oobProba: m.forest.oobProba },
        // Cloned on the way out unless X is in shared memory (then the evaluation worker reads the same columns).
        cohort: withCohort ? { X, y, nRows, nFeatures, encoding } : undefined,
        options: evaluationOptions(m, asked ?? 5),
      };
    },

    async predict(patient, options) {
      const m = requireModel();
      return predictPatient(m, withComponents(m, patient), options ?? {});
    },
    async counterfactual(patient, request) {
      const m = requireModel();
      return patientCounterfactual(m, withComponents(m, patient), request);
    },

    async explain(asked) {
      const m = requireModel();
      const patient = withComponents(m, asked);
      if (!m.imported) return explainPatient(m, patient);
      const ref = m.info.provenance?.referenceCohort;
      if (!m.cohort || !ref) return unavailableExplanation(m, patient, NEEDS_COHORT_EXPLAIN);
      return {
        ...explainPatient(m, patient),
        method: IMPORTED_SHAP_METHOD(ref.fileName, ref.rows),
      };
    },

    async dependence(asked, feature, classIndex) {
      const m = requireModel();
      const patient = withComponents(m, asked);
      if (m.imported && !m.cohort) throw new Error(NEEDS_COHORT_DEPENDENCE);
      return modelDependence(m, patient, feature, classIndex);
    },

    async predictBatch(file, onProgress, loadId, positiveClass) {
      const m = requireModel();
      // The same rule as the evaluation's: the class asked for (refused when unknown), else the default.
      const positive = positiveIndex(m.info.encoding.classes, positiveClass, m.info.classCounts);
      const aligned = await readBatch(
        file,
        modelVariants(m.info.encoding, m.info.ancestry),
        onProgress,
        loadId,
      );
      const batch = aligned.table;
      // Training patients are found by the fingerprint of the model's own cohort; an imported model has none.
      const result = predictTable(
        m,
        withAncestryColumns(m.info.ancestry, batch),
        table && schema ? schema : null,
        {
          identity: m.imported ? null : (m.identity ?? null),
          ...(positive === undefined ? {} : { positive }),
        },
      );
      return { ...result, issues: [...result.issues, ...aligned.notes] };
    },

    async patientGenotypes(files, sample, onProgress, loadId) {
      const m = requireModel();
      const key = files
        .map((f) => `${f.name}\u0000${f.size}\u0000${lastModified(f)}`)
        .join('\u0001');
      if (patientFile?.key !== key) {
        patientFile = null;
        patientFile = { key, table: (await parseFiles(files, onProgress, loadId)).table };
      }
      const answer = patientGenotypes(m.info.encoding, patientFile.table, sample);
      // A multi-sample file can be as large as a cohort: held only while its sample is being chosen.
      if (answer.kind === 'filled') patientFile = null;
      return answer;
    },

    async loadedTable() {
      return requireTable().table;
    },

    async typicalPatient() {
      const m = requireModel();
      if (m.imported && !m.cohort) throw new Error(NEEDS_COHORT_TYPICAL);
      return typicalPatient(m.info.encoding);
    },

    async exportModel(evaluationReport) {
      const m = requireModel();
      return exportModelFile(
        m.imported?.base ?? m.forest,
        m.info,
        evaluationReport,
        m.imported ? null : (m.identity ?? null),
      );
    },

    async importModel(input, fileName) {
      if (typeof input !== 'string' && !looksLikeJson(input)) {
        // openOnnxModel throws a specific message on any problem, before anything here changes.
        const opened = openOnnxModel(input, fileName ?? 'the model file');
        const hashed = await withHash(opened.forest, opened.info);
        previousModel = model;
        model = {
          ...opened,
          info: hashed,
          cohort: null,
          training: null,
          dataId: null,
          imported: { base: opened.forest },
        };
        return { info: hashed, evaluation: null };
      }
      const text = typeof input === 'string' ? input : new TextDecoder().decode(input);
      // parseModelFile throws a specific message on any problem, before anything here changes.
      const file = parseModelFile(text);
      // An imported model's reference cohort is asked for (setReferenceCohort), never taken from the loaded table.
      const fromOnnx = file.info.provenance?.origin === 'imported';
      const described: ModelInfo =
        fromOnnx && file.info.provenance
          ? { ...file.info, provenance: { ...file.info.provenance, referenceCohort: null } }
          : file.info;
      const found = fromOnnx
        ? { cohort: null, info: described }
        : cohortFromTable(described, file.trainingCohort);
      const { cohort } = found;
      const info = await withHash(file.forest, found.info);
      previousModel = model;
      model = {
        forest: file.forest,
        info,
        cohort,
        training: null,
        dataId: null,
        identity: fromOnnx ? null : file.trainingCohort,
      };
      if (fromOnnx) model.imported = { base: file.forest };
      return { info, evaluation: file.evaluation };
    },

    async exportOnnx() {
      const m = requireModel();
      const rows = m.cohort ? { X: m.cohort.X, nRows: m.cohort.nRows } : null;
      const bytes = exportCheckedOnnx(m.imported?.base ?? m.forest, m.info, rows);
      return bytes;
    },

    async mapColumns(request) {
      const m = requireImported();
      const n = m.forest.nFeatures;
      const names =
        request.kind === 'column-list'
          ? namesFromColumnList(request.text, n, request.fileName)
          : namesFromCsvHeader(
              parseCsvText(await request.file.text()),
              n,
              m.info.encoding.target,
              request.fileName,
            );
      // The hash stays the file's (renamedInfo keeps it): column names given here are a fact of this session.
      const info = renamedInfo(m.info, {
        source: request.kind,
        detail: request.fileName,
        names,
      });
      // A cohort encoded under the old names no longer fits: it has to be loaded again.
      model = {
        forest: m.imported.base,
        info,
        cohort: null,
        training: null,
        dataId: null,
        imported: m.imported,
      };
      return info;
    },

    async qcSummary(filters) {
      return qcSummary(requireTable().table, filters);
    },

    async ancestry(request, sweeper) {
      return ancestryOf(requireTable().table, request, sweeper);
    },

    async setReferenceCohort(file, fileName) {
      const m = requireImported();
      let parsed: RawTable;
      try {
        parsed = parseCsvText(await file.text(), { compactColumns: true });
      } catch (error) {
        throw new Error(`The reference cohort ${fileName}: ${(error as Error).message}`, {
          cause: error,
        });
      }
      const ref = referenceCohort(m.imported.base, m.info, parsed, fileName);
      model = {
        forest: ref.forest,
        info: ref.info,
        cohort: ref.cohort,
        calibration: ref.calibration,
        dataId: null,
        training: null,
        imported: m.imported,
      };
      return ref.info;
    },

    async proposeSurvival() {
      return proposeSurvival(requireTable().schema);
    },

    async survivalTuningBudget(patients, trees, baseLeaf) {
      return survivalTuningBudgetWords(patients, trees, baseLeaf);
    },

    async describeSurvival(choice) {
      const t = requireTable();
      return describeSurvival(t.table, t.schema, choice);
    },

    async prepareSurvival(choice, settings) {
      const t = requireTable();
      const training = prepareSurvivalTraining(t.table, t.schema, choice, settings);
      const id = newDataId();
      const tuning = settings.tune ? new SurvivalTuningRun(training) : null;
      survivalPrep = { id, training, choice, tuning };
      const { data, params, grid } = training;
      return {
        id,
        X: data.X,
        nRows: data.nRows,
        nFeatures: data.nFeatures,
        isCategorical: data.isCategorical,
        time: data.time,
        event: data.event,
        grid,
        params,
        tuningCandidates: tuning?.candidates,
      };
    },

    async addSurvivalTuningCandidate(k, shards) {
      const run = survivalPrep?.tuning;
      if (!run) throw new Error('No survival tuning is prepared: train again.');
      run.addCandidate(k, shards);
    },

    async chooseSurvivalSettings() {
      const prep = survivalPrep;
      if (!prep?.tuning) throw new Error('No survival tuning is prepared: train again.');
      const chosen = prep.tuning.choose();
      prep.training = { ...prep.training, params: chosen.params };
      prep.tuningReport = chosen.report;
      return chosen.params;
    },

    async assembleSurvival(shards, growSeconds) {
      const prep = survivalPrep;
      if (!prep) throw new Error('No survival cohort is prepared: train again.');
      survivalPrep = null;
      const { data, params, grid } = prep.training;
      const forest = assembleSurvivalForest(shards, params, data.nFeatures, grid, {
        time: data.time,
        event: data.event,
      });
      const held = evaluateSurvivalForest(data, forest, prep.choice, growSeconds);
      if (prep.tuningReport) held.report = { ...held.report, tuning: prep.tuningReport };
      survival = await withModelHash(held);
      survivalDataId = prep.id;
      survivalCv = null;
      return survival.report;
    },

    async planSurvivalCv(folds, groupColumn) {
      const held = survival;
      if (!held || !held.data || survivalDataId === null) {
        throw new Error(
          'Only a survival model trained here, on the loaded table, can be cross-validated: train it again.',
        );
      }
      const run = new SurvivalCvRun(
        held.data,
        held.forest.params,
        folds,
        held.forest.timeGrid,
        groupColumn ? survivalGroups(held.data, groupColumn) : null,
        // A tuned model is tuned again inside each fold, from the same base leaf.
        held.report.tuning?.candidates[0]?.minSamplesLeaf ?? null,
      );
      survivalCv = { run, held };
      const { time, event } = held.data;
      return { dataId: survivalDataId, time, event, folds: run.foldPlans };
    },

    async survivalColumns() {
      const held = survival;
      if (!held?.data || survivalDataId === null) throw new Error('No survival cohort is held.');
      const { data, forest } = held;
      return {
        id: survivalDataId,
        X: data.X,
        nRows: data.nRows,
        nFeatures: data.nFeatures,
        isCategorical: data.isCategorical,
        time: data.time,
        event: data.event,
        grid: forest.timeGrid,
        params: forest.params,
      };
    },

    async addSurvivalFoldCandidate(f, k, shards) {
      const cv = survivalCv;
      if (!cv || cv.held !== survival)
        throw new Error('The survival model changed: evaluate again.');
      cv.run.addTuningCandidate(f, k, shards);
    },

    async chooseSurvivalFoldSettings(f) {
      const cv = survivalCv;
      if (!cv || cv.held !== survival)
        throw new Error('The survival model changed: evaluate again.');
      return cv.run.chooseFoldSettings(f);
    },

    async addSurvivalFold(f, shards, seconds) {
      const cv = survivalCv;
      if (!cv || cv.held !== survival)
        throw new Error('The survival model changed: evaluate again.');
      const { params, grid } = cv.run.foldPlans[f];
      const data = cv.run.data;
      const forest = assembleSurvivalForest(shards, params, data.nFeatures, grid, {
        time: data.time,
        event: data.event,
      });
      cv.run.addFold(f, forest, seconds);
    },

    async finishSurvivalCv() {
      const cv = survivalCv;
      if (!cv || cv.held !== survival)
        throw new Error('The survival model changed: evaluate again.');
      return withCrossValidation(
        cv.held,
        cv.run.figures(cv.held.report.choice.unit, cv.held.report.choice.eventValue),
        cv.run.plan.note,
      );
    },

    async survivalHorizon(horizon) {
      const cv = survivalCv;
      if (!cv || cv.held !== survival || !cv.held.report.crossValidation) {
        throw new Error(
          'Cross-validate the survival model first: the horizon figures come from it.',
        );
      }
      return cv.run.atHorizon(horizon);
    },

    async predictSurvival(patient, horizon) {
      if (!survival) throw new Error('There is no survival model yet: train one first.');
      return predictSurvivalPatient(survival, patient, horizon);
    },

    async compareSurvival(patient, column, horizon) {
      if (!survival) throw new Error('There is no survival model yet: train one first.');
      return compareSurvivalValues(survival, patient, column, horizon);
    },

    async exportSurvivalModel() {
      if (!survival) throw new Error('There is no survival model yet: train one first.');
      return exportSurvivalModel(survival);
    },

    async predictSurvivalBatch(file, horizons, onProgress, loadId) {
      if (!survival) throw new Error('There is no survival model yet: train one first.');
      const held = survival;
      // Genotype files are matched to the model's alleles as the class batch's are (readBatch).
      const read = await readBatch(file, modelVariants(held.encoding), onProgress, loadId);
      const result = predictSurvivalBatch(held, read.table, horizons);
      return { ...result, issues: [...result.issues, ...read.notes] };
    },

    async openSurvivalModel(text, fileName) {
      const opened = await withModelHash(
        openSurvivalModel(text, fileName, table && schema ? { table, schema } : null),
      );
      survival = opened;
      survivalDataId = null;
      survivalCv = null;
      return opened.report;
    },
  };
}

/** A File's modification time (0 for a plain Blob): a file changed under the same name is read again. */
function lastModified(file: NamedFile): number {
  const t = (file as Partial<File>).lastModified;
  return typeof t === 'number' ? t : 0;
}
