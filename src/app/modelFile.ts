/**
 * Saved model files (.genoforest.json): writing, and reading with validation. Opening a file either returns a
 * complete, consistent model or throws an Error whose message says plainly what is wrong (another kind of file,
 * another version, damaged numbers); nothing is half-loaded.
 */
import { z } from 'zod';
import type { ForestModel } from '../engine/forest/types';
import {
  FORMAT_NAME,
  READABLE_FORMAT_VERSIONS,
  base64ToTyped,
  deserializeForest,
  serializeForest,
  serializeTree,
  typedToBase64,
  type SerializedForest,
} from '../engine/forest/serialize';
import { jsonSlot, slottedJson, slotItems, type JsonPieces } from './jsonPieces';
import { fingerprintCohort, type CohortFingerprint } from '../engine/data/cohortIdentity';
import type { EncodedCohort, EncodedDataset } from '../engine/data/types';
import type { EvaluationReport, ModelInfo, SavedModelFile } from './types';

/** The `format` field of a saved model file. */
export const MODEL_FILE_FORMAT = 'genoforest-model';
/**
 * The model file version this app writes: 2 holds a compact forest (engine/forest/serialize.ts, format 2); 3 adds
 * the training cohort's fingerprint (engine/data/cohortIdentity.ts).
 */
export const MODEL_FILE_VERSION = 3;
/** The versions this app reads: 1 (files saved before compact forests), 2 (before cohort fingerprints) and 3. */
export const READABLE_MODEL_FILE_VERSIONS: readonly number[] = [1, 2, 3];

/** Message for a file that is not a GenoForest model at all. */
export const NOT_A_MODEL_MESSAGE =
  'This is not a GenoForest model file. Open a .genoforest.json file saved with "Save model".';

/** Message for a model file of another version. */
export function otherVersionMessage(version: unknown): string {
  const v = READABLE_MODEL_FILE_VERSIONS;
  return `This model file is version ${String(version)}; this app reads versions ${v.slice(0, -1).join(', ')} and ${v[v.length - 1]}.`;
}

/** Message for a survival model opened where only class models are (survivalModelFile.ts reads them). */
export const SURVIVAL_MODEL_MESSAGE =
  'This model file holds a time-to-event (survival) model: choose “Time to event” as the outcome kind in step 1, then “Open survival model” in step 2 (the command line opens it too: genoforest explain MODEL PATIENTS).';

/** Prefix of every message about a damaged model file. */
export const DAMAGED_PREFIX = 'The model file is damaged: ';

class ModelFileError extends Error {
  override name = 'ModelFileError';
}

const finite = z.number();
const count = z.int().min(0);
/** Numbers that JSON turns into null when they are NaN (metrics that could not be computed). */
const metricNumber = z
  .number()
  .nullable()
  .transform((v) => (v === null ? NaN : v));

const paramsSchema = z.object({
  nEstimators: z.int().min(1),
  maxFeatures: z.union([z.enum(['sqrt', 'log2', 'all']), z.number().positive()]),
  maxDepth: z.int().min(1).nullable(),
  minSamplesSplit: z.int().min(2),
  minSamplesLeaf: z.int().min(1),
  bootstrap: z.boolean(),
  classWeight: z.literal('balanced').nullable(),
  randomState: z.int().min(0),
  oobScore: z.boolean(),
  // Absent from files written before it existed: those forests drew as many patients as they trained on.
  maxSamples: z.number().positive().nullable().optional(),
  // Screen weights of an enriched forest (tune.ts' screened candidates); absent: uniform draws, as before.
  featureWeights: z.array(z.number().positive()).nullable().optional(),
});

/** One feature's encoding as a model file holds it (survivalModelFile.ts reads survival models' with it). */
export const featureSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('numeric'),
    name: z.string(),
    // null (NaN when written): unknown, for a model imported from ONNX without a reference cohort.
    min: metricNumber,
    max: metricNumber,
    median: metricNumber,
    comma: z.enum(['decimal', 'thousands']).optional(),
    genotype: z
      .object({
        counted: z.string(),
        other: z.string(),
        source: z.enum(['plink', 'vcf', 'strings']),
      })
      .optional(),
  }),
  z.object({
    kind: z.literal('categorical'),
    name: z.string(),
    categories: z.array(z.string()).min(1),
    counts: z.array(count),
  }),
]);

const encodingSchema = z.object({
  features: z.array(featureSchema).min(1),
  target: z.string(),
  classes: z.array(z.string()).min(2),
  decimalComma: z.boolean().optional(),
  keepTokensAsClasses: z.boolean().optional(),
});

const importanceSchema = z.object({ feature: z.string(), importance: finite });

/** ModelInfo.provenance: where the model came from (an imported model keeps its column mapping). */
const provenanceSchema = z.object({
  origin: z.enum(['genoforest', 'imported']),
  fileName: z.string().nullable(),
  format: z.enum(['onnx', 'genoforest-json']).nullable(),
  producerName: z.string(),
  producerVersion: z.string(),
  irVersion: z.int().nullable(),
  mlOpset: z.int().nullable(),
  operator: z.string().nullable(),
  checks: z.array(z.string()),
  columns: z
    .object({
      source: z.enum([
        'preprocessing-spec',
        'file-feature-names',
        'csv-header',
        'column-list',
        'unmapped',
      ]),
      detail: z.string(),
      names: z.array(z.string()),
    })
    .nullable(),
  referenceCohort: z.object({ fileName: z.string(), rows: count }).nullable(),
});

/** What tuning tried and chose (app/tuneForest.ts TuningSummary); NaN scores are written as null. */
const tuningSchema = z.object({
  metric: z.string(),
  chosen: z.object({
    minSamplesLeaf: z.int().min(1),
    maxFeatures: paramsSchema.shape.maxFeatures,
    featuresPerSplit: z.int().min(1),
    // Since depth was tuned; older files (no limit) read as before.
    maxDepth: z.int().min(1).nullable().optional(),
    // Since screened candidates were tuned; older files (uniform draws) have none.
    draws: z.enum(['uniform', 'screened']).optional(),
  }),
  candidates: z
    .array(
      z.object({
        stage: z.enum(['leaf', 'features', 'depth']),
        minSamplesLeaf: z.int().min(1),
        featuresPerSplit: z.int().min(1),
        maxDepth: z.int().min(1).nullable().optional(),
        draws: z.enum(['uniform', 'screened']).optional(),
        trees: z.int().min(1),
        brier: metricNumber,
        oobBrier: metricNumber,
        oobLogLoss: metricNumber,
        rowsScored: count,
        gain: metricNumber,
        gainStandardError: metricNumber,
        chosen: z.boolean(),
      }),
    )
    .min(1),
  treesPerCandidate: z.int().min(1),
  treesGrown: count,
  finalTrees: z.int().min(1),
  mostTreesPerTree: z.number().min(0).optional(),
  treesReused: z.int().min(1).optional(),
  // Files before group-aware tuning wrote false, which still reads.
  groupAware: z.boolean(),
  // Since the Train step tunes with the Group column; older files have none.
  groups: z.string().optional(),
  screen: z.string().optional(),
});

const infoSchema = z.object({
  params: paramsSchema,
  encoding: encodingSchema,
  nTrees: z.int().min(1),
  // 0 for a model imported from ONNX (its training rows are unknown).
  nRows: z.int().min(0),
  classCounts: z.array(count),
  fitSeconds: z.number().min(0),
  oobScore: z.number().min(0).max(1).nullable(),
  importances: z.array(importanceSchema),
  trainedAt: z.string(),
  provenance: provenanceSchema.optional(),
  // Since ancestry components could be features; files without them read as before (no version change).
  ancestry: z
    .object({
      features: z.array(z.string()).min(1),
      variants: z.array(z.string()).min(1),
      counted: z.array(z.string()),
      other: z.array(z.string()),
      twoP: z.array(finite),
      scale: z.array(finite),
      weights: z.array(finite),
    })
    .optional(),
  // Since tuning landed (files before it, and forests not tuned, have neither).
  tuning: tuningSchema.optional(),
  tuningSkipped: z.string().optional(),
});

const serializedTreeSchema = z.object({
  nodeCount: z.int().min(1),
  feature: z.string(),
  threshold: z.string(),
  left: z.string(),
  // Optional since forest format version 2 (engine/forest/serialize.ts says when each is left out).
  right: z.string().optional(),
  missingLeft: z.string(),
  catOffset: z.string().optional(),
  catBits: z.string(),
  value: z.string(),
  weight: z.string(),
  impurityDecrease: z.string().optional(),
});

const serializedForestSchema = z.object({
  format: z.literal(FORMAT_NAME),
  version: z.int().refine((v) => READABLE_FORMAT_VERSIONS.includes(v)),
  params: paramsSchema,
  nFeatures: z.int().min(1),
  nClasses: z.int().min(2),
  featureImportances: z.string(),
  oobProba: z.string().nullable(),
  oobScore: z.number().min(0).max(1).nullable(),
  trees: z.array(serializedTreeSchema).min(1),
});

const curvePointSchema = z.object({
  threshold: metricNumber,
  tpr: metricNumber,
  fpr: metricNumber,
  precision: metricNumber,
  tp: count,
  fp: count,
  tn: count,
  fn: count,
});

const intervalSchema = z.tuple([metricNumber, metricNumber]);

const intervalsSchema = z.object({
  level: z.number().gt(0).lt(1),
  auc: intervalSchema,
  aucMethod: z.enum(['delong', 'variance-bound', 'bootstrap']),
  accuracy: intervalSchema,
  balancedAccuracy: intervalSchema,
  brier: intervalSchema,
  resamples: z.int().min(1),
  thresholds: z.array(
    z.object({
      threshold: finite,
      sensitivity: intervalSchema,
      specificity: intervalSchema,
      accuracy: intervalSchema,
      balancedAccuracy: intervalSchema,
      netBenefit: intervalSchema,
    }),
  ),
});

const metricsSchema = z.object({
  auc: metricNumber,
  accuracy: metricNumber,
  balancedAccuracy: metricNumber,
  brier: metricNumber,
  curves: z.array(
    z.object({
      className: z.string(),
      auc: metricNumber,
      averagePrecision: metricNumber,
      points: z.array(curvePointSchema),
    }),
  ),
  confusion: z.array(z.array(count)),
  calibration: z.array(
    z.object({
      lower: finite,
      upper: finite,
      meanPredicted: metricNumber,
      fractionPositive: metricNumber,
      count,
    }),
  ),
  intervals: intervalsSchema.optional(),
});

const spreadSchema = z.object({
  mean: metricNumber,
  sd: metricNumber,
  min: metricNumber,
  max: metricNumber,
});

const evaluationSchema = z.object({
  classes: z.array(z.string()),
  folds: count,
  foldsNote: z.string().nullable(),
  oob: metricsSchema.nullable(),
  cv: metricsSchema,
  aucFolds: z.array(metricNumber).optional(),
  permutationImportance: z.array(importanceSchema),
  permutationRows: z
    .object({ measured: z.number().int().min(0), heldOut: z.number().int().min(0) })
    .optional(),
  impurityImportance: z.array(importanceSchema),
  summary: z.string(),
  seconds: z.number().min(0),
  repeats: z.int().min(1).optional(),
  repeatSpread: z
    .object({
      auc: spreadSchema,
      accuracy: spreadSchema,
      balancedAccuracy: spreadSchema,
      brier: spreadSchema,
    })
    .optional(),
  positiveClass: z.string().optional(),
  warnings: z.array(z.string()).optional(),
  groups: z.object({ column: z.string(), count, unlabelled: count }).optional(),
  oobNote: z.string().nullable().optional(),
  cautions: z.array(z.string()).optional(),
});

const fileSchema = z.object({
  format: z.literal(MODEL_FILE_FORMAT),
  version: z.int().refine((v) => READABLE_MODEL_FILE_VERSIONS.includes(v)),
  savedAt: z.string(),
  info: infoSchema,
  model: serializedForestSchema,
  evaluation: evaluationSchema.nullable(),
  trainingCohort: z
    .object({
      nRows: z.int().min(1),
      nFeatures: z.int().min(1),
      table: z.string().regex(/^[0-9a-f]{16}$/),
      rows: z.string(),
    })
    .nullable()
    .optional(),
});

/** A model file as read: the forest ready to predict, its description and its evaluation. */
export interface LoadedModelFile {
  forest: ForestModel;
  info: ModelInfo;
  evaluation: EvaluationReport | null;
  /** The training cohort's fingerprint; null in files saved before version 3 or from an imported model. */
  trainingCohort: CohortFingerprint | null;
}

/** The .genoforest.json text of a model, its description and (optionally) its evaluation. */
export function exportModelFile(
  forest: ForestModel,
  info: ModelInfo,
  evaluation: EvaluationReport | null,
  trainingCohort: CohortFingerprint | null = null,
): string {
  // NaN metrics (e.g. AUC with one class present) become null in JSON and NaN again when read.
  return JSON.stringify(savedModelFile(info, serializeForest(forest), evaluation, trainingCohort));
}

/** The object a model file holds, `info` and `model` as given. */
function savedModelFile(
  info: ModelInfo,
  model: SerializedForest,
  evaluation: EvaluationReport | null,
  trainingCohort: CohortFingerprint | null,
): SavedModelFile {
  // Whether a loaded table is the training cohort is a fact of this session, not of the file.
  const saved: ModelInfo = { ...info };
  delete saved.trainingCohort;
  return {
    format: MODEL_FILE_FORMAT,
    version: MODEL_FILE_VERSION,
    savedAt: new Date().toISOString(),
    info: saved,
    model,
    evaluation,
    trainingCohort: trainingCohort && {
      nRows: trainingCohort.nRows,
      nFeatures: trainingCohort.nFeatures,
      table: trainingCohort.table,
      rows: typedToBase64(trainingCohort.rows),
    },
  };
}

/**
 * exportModelFile's text in pieces, the encoding's features, the importances and the trees written one at a time: the
 * same characters, written one after another (e.g. to a file) without the whole text ever being one string — about
 * 60 MB at 300,000 variants, which with its copy on the way to the file was the command line's peak.
 */
export function modelFilePieces(
  forest: ForestModel,
  info: ModelInfo,
  evaluation: EvaluationReport | null,
  trainingCohort: CohortFingerprint | null = null,
): JsonPieces {
  const slotted = {
    ...info,
    encoding: { ...info.encoding, features: jsonSlot(0) },
    importances: jsonSlot(1),
  } as unknown as ModelInfo;
  const model = {
    ...serializeForest({ ...forest, trees: [] }),
    trees: jsonSlot(2),
  } as unknown as SerializedForest;
  const text = JSON.stringify(savedModelFile(slotted, model, evaluation, trainingCohort));
  return slottedJson(text, [
    slotItems(info.encoding.features, (f) => JSON.stringify(f)),
    slotItems(info.importances, (f) => JSON.stringify(f)),
    slotItems(forest.trees, (t) => JSON.stringify(serializeTree(t))),
  ]);
}

/** The .genoforest.json text of a model just trained on `data`, with that cohort's fingerprint. */
export function exportTrainedModelFile(
  forest: ForestModel,
  info: ModelInfo,
  data: EncodedDataset | EncodedCohort,
  evaluation: EvaluationReport | null = null,
): string {
  const identity = fingerprintCohort(data.X, data.y, data.nRows, data.nFeatures);
  return exportModelFile(forest, info, evaluation, identity);
}

/** exportTrainedModelFile's text in pieces (modelFilePieces). */
export function trainedModelFilePieces(
  forest: ForestModel,
  info: ModelInfo,
  data: EncodedDataset | EncodedCohort,
  evaluation: EvaluationReport | null = null,
): JsonPieces {
  const identity = fingerprintCohort(data.X, data.y, data.nRows, data.nFeatures);
  return modelFilePieces(forest, info, evaluation, identity);
}

/** Reads and validates a .genoforest.json text; throws an Error with a specific, plain-words message. */
export function parseModelFile(text: string): LoadedModelFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModelFileError(NOT_A_MODEL_MESSAGE);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelFileError(NOT_A_MODEL_MESSAGE);
  }
  const head = json as { format?: unknown; version?: unknown; outcomeKind?: unknown };
  if (head.format !== MODEL_FILE_FORMAT) throw new ModelFileError(NOT_A_MODEL_MESSAGE);
  if (head.outcomeKind === 'survival') throw new ModelFileError(SURVIVAL_MODEL_MESSAGE);
  if (typeof head.version !== 'number' || !READABLE_MODEL_FILE_VERSIONS.includes(head.version))
    throw new ModelFileError(otherVersionMessage(head.version));

  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    throw new ModelFileError(`${DAMAGED_PREFIX}${where}${issue.message}.`);
  }
  const file = parsed.data;

  let forest: ForestModel;
  try {
    forest = deserializeForest(file.model);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ModelFileError(
      `${DAMAGED_PREFIX}${message.replace(/^(Corrupt|Not a) GenoForest model: /, '')}.`,
    );
  }
  const info = file.info as ModelInfo;
  checkConsistency(forest, info, file.evaluation as EvaluationReport | null);
  return {
    forest,
    info,
    evaluation: file.evaluation as EvaluationReport | null,
    trainingCohort: file.trainingCohort ? readFingerprint(file.trainingCohort, info) : null,
  };
}

/** The saved fingerprint of the training cohort, checked against the model it describes. */
function readFingerprint(
  saved: { nRows: number; nFeatures: number; table: string; rows: string },
  info: ModelInfo,
): CohortFingerprint {
  if (saved.nRows !== info.nRows) {
    damaged(`the training cohort's fingerprint covers ${saved.nRows} rows, not ${info.nRows}`);
  }
  if (saved.nFeatures !== info.encoding.features.length) {
    damaged(
      `the training cohort's fingerprint covers ${saved.nFeatures} features, not ${info.encoding.features.length}`,
    );
  }
  let rows: Uint32Array;
  try {
    rows = base64ToTyped(saved.rows, Uint32Array, 'trainingCohort.rows');
  } catch {
    damaged("the training cohort's row fingerprints are not valid base64");
  }
  if (rows.length !== 2 * saved.nRows) {
    damaged(`the training cohort's fingerprint holds ${rows.length / 2} rows, not ${saved.nRows}`);
  }
  return { nRows: saved.nRows, nFeatures: saved.nFeatures, table: saved.table, rows };
}

function damaged(message: string): never {
  throw new ModelFileError(`${DAMAGED_PREFIX}${message}.`);
}

/** Cross-checks between the forest, its description and its evaluation, and every number of every tree. */
function checkConsistency(
  forest: ForestModel,
  info: ModelInfo,
  evaluation: EvaluationReport | null,
): void {
  const { encoding } = info;
  const nFeatures = encoding.features.length;
  const nClasses = encoding.classes.length;
  if (forest.nFeatures !== nFeatures) {
    damaged(`the forest uses ${forest.nFeatures} features but the file describes ${nFeatures}`);
  }
  if (forest.nClasses !== nClasses) {
    damaged(`the forest predicts ${forest.nClasses} classes but the file names ${nClasses}`);
  }
  if (forest.trees.length !== info.nTrees) {
    damaged(`the file says ${info.nTrees} trees but holds ${forest.trees.length}`);
  }
  if (info.classCounts.length !== nClasses) {
    damaged(`classCounts has ${info.classCounts.length} entries for ${nClasses} classes`);
  }
  if (new Set(encoding.features.map((f) => f.name)).size !== nFeatures) {
    damaged('two features have the same name');
  }
  if (info.ancestry) {
    const a = info.ancestry;
    const m = a.variants.length;
    const sizes = [a.counted, a.other, a.twoP, a.scale].every((v) => v.length === m);
    if (!sizes || a.weights.length !== m * a.features.length) {
      damaged('the ancestry components’ variants, frequencies and weights do not match');
    }
    const names = new Set(encoding.features.map((f) => f.name));
    const absent = a.features.find((name) => !names.has(name));
    if (absent !== undefined) damaged(`the ancestry component "${absent}" is not a feature`);
  }
  for (const f of encoding.features) {
    if (f.kind === 'categorical' && f.counts.length !== f.categories.length) {
      damaged(
        `the feature "${f.name}" has ${f.categories.length} categories but ${f.counts.length} counts`,
      );
    }
    if (f.kind === 'numeric' && f.min > f.max) damaged(`the feature "${f.name}" has min above max`);
  }
  if (info.tuning) checkTuning(info);
  if (!allFinite(forest.featureImportances)) damaged('a feature importance is not a finite number');
  if (forest.oobProba && forest.oobProba.length !== info.nRows * nClasses) {
    damaged(
      `the out-of-bag probabilities cover ${forest.oobProba.length / nClasses} rows, not ${info.nRows}`,
    );
  }
  forest.trees.forEach((tree, t) => {
    for (let i = 0; i < tree.nodeCount; i++) {
      // +Infinity is a real threshold: "every present value left, missing right" (engine/forest/grow).
      const threshold = tree.threshold[i];
      const numericSplit = tree.left[i] !== -1 && tree.catOffset[i] < 0;
      if (numericSplit && (Number.isNaN(threshold) || threshold === -Infinity)) {
        damaged(`tree ${t} node ${i} has a threshold that is not a finite number`);
      }
      if (!Number.isFinite(tree.weight[i]) || tree.weight[i] < 0) {
        damaged(`tree ${t} node ${i} has a weight that is not a finite, non-negative number`);
      }
      // Compact trees (every loaded model) hold no impurity decreases.
      if (tree.impurityDecrease.length > 0 && !Number.isFinite(tree.impurityDecrease[i])) {
        damaged(`tree ${t} node ${i} has an impurity decrease that is not a finite number`);
      }
      let sum = 0;
      for (let k = 0; k < nClasses; k++) {
        const v = tree.value[i * nClasses + k];
        if (!(v >= 0 && v <= 1))
          damaged(`tree ${t} node ${i} has a class probability outside 0..1`);
        sum += v;
      }
      if (Math.abs(sum - 1) > 1e-3)
        damaged(`tree ${t} node ${i} has class probabilities that do not add up to 1`);
    }
  });
  if (evaluation && evaluation.classes.join('\u0000') !== encoding.classes.join('\u0000')) {
    damaged('the evaluation is of other classes than the model');
  }
}

/** A saved tuning table must name, once, the settings the forest was grown with. */
function checkTuning(info: ModelInfo): void {
  const t = info.tuning as NonNullable<ModelInfo['tuning']>;
  const chosen = t.candidates.filter((c) => c.chosen);
  if (chosen.length !== 1) {
    damaged(`the tuning table marks ${chosen.length} settings as chosen, not one`);
  }
  const c = chosen[0];
  if (
    c.minSamplesLeaf !== t.chosen.minSamplesLeaf ||
    c.featuresPerSplit !== t.chosen.featuresPerSplit ||
    t.chosen.minSamplesLeaf !== info.params.minSamplesLeaf ||
    JSON.stringify(t.chosen.maxFeatures) !== JSON.stringify(info.params.maxFeatures) ||
    // Files from before depth was tuned have no depth: their forests had none searched.
    (t.chosen.maxDepth !== undefined &&
      (c.maxDepth !== t.chosen.maxDepth || t.chosen.maxDepth !== info.params.maxDepth))
  ) {
    damaged('the tuning table chose other settings than the forest was grown with');
  }
  // Absent draws (older files) read as uniform: the forest then has no weights either.
  const screened = (t.chosen.draws ?? 'uniform') === 'screened';
  if (
    (c.draws ?? 'uniform') !== (t.chosen.draws ?? 'uniform') ||
    screened !== Boolean(info.params.featureWeights)
  ) {
    damaged('the tuning table chose other feature draws than the forest was grown with');
  }
  if (t.finalTrees !== info.nTrees) {
    damaged(`the tuning table was for ${t.finalTrees} trees, not the forest's ${info.nTrees}`);
  }
}

function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}
