/**
 * Saved survival models (.genoforest.json, version 4, outcomeKind "survival"): the survival forest (engine/forest/
 * serialize.ts, kind "survival"), what it was trained on (features as a class model's, time and event columns, the
 * event value) and the training cohort's fingerprint over features, event and time. Class models keep writing
 * version 3, so apps that read 1–3 still open them; such an app meets a survival file as "version 4", never as a
 * damaged class model. Opening either returns a complete, checked model or throws a plain-words Error.
 */
import { z } from 'zod';
import {
  base64ToTyped,
  deserializeSurvivalForest,
  serializeSurvivalForest,
  typedToBase64,
} from '../engine/forest/serialize';
import { survivalTreeCount, type SurvivalForestModel } from '../engine/forest/survivalForest';
import { fingerprintCohort, type CohortFingerprint } from '../engine/data/cohortIdentity';
import type { Encoding } from '../engine/data/types';
import type { SurvivalDataset } from '../engine/survival/survivalData';
import type { TimeUnit } from '../engine/data/timeToEvent';
import type { SurvivalTuningReport } from '../engine/forest/survivalTune';
import { DAMAGED_PREFIX, MODEL_FILE_FORMAT, NOT_A_MODEL_MESSAGE, featureSchema } from './modelFile';

/** The version of a saved survival model file. */
export const SURVIVAL_MODEL_FILE_VERSION = 4;

/** What a survival model was trained on and how, as saved beside its forest. */
export interface SurvivalModelInfo {
  outcomeKind: 'survival';
  /** Features as for a class model; target is the event column, classes its values. */
  encoding: Encoding;
  time: string;
  event: string;
  eventValue: string;
  censoredValues: string[];
  nTrees: number;
  nRows: number;
  events: number;
  /** Longest follow-up in the training cohort: the curves say nothing beyond it. */
  maxFollowUp: number;
  timePoints: number;
  fitSeconds: number;
  oobCindex: number | null;
  importances: { feature: string; importance: number }[];
  trainedAt: string;
  /** The follow-up's unit, as the app's user said it (absent from files the command line wrote). */
  timeUnit?: TimeUnit;
  /** The leaf sizes tried on out-of-bag patients and the one chosen, when the settings were tuned (absent: not). */
  tuning?: SurvivalTuningReport;
}

/** A survival model file as read. */
export interface LoadedSurvivalModel {
  forest: SurvivalForestModel;
  info: SurvivalModelInfo;
  trainingCohort: CohortFingerprint | null;
}

/** The description of a survival forest just trained on `data`. */
export function describeSurvivalModel(
  forest: SurvivalForestModel,
  data: SurvivalDataset,
  time: string,
  fitSeconds: number,
): SurvivalModelInfo {
  let maxFollowUp = 0;
  let events = 0;
  for (let i = 0; i < data.nRows; i++) {
    maxFollowUp = Math.max(maxFollowUp, data.time[i]);
    events += data.event[i];
  }
  const importances = data.encoding.features
    .map((f, j) => ({ feature: f.name, importance: forest.featureImportances[j] }))
    .sort((a, b) => b.importance - a.importance);
  return {
    outcomeKind: 'survival',
    encoding: data.encoding,
    time,
    event: data.encoding.target,
    eventValue: data.eventValue,
    censoredValues: data.censoredValues,
    nTrees: survivalTreeCount(forest),
    nRows: data.nRows,
    events,
    maxFollowUp,
    timePoints: forest.timeGrid.length,
    fitSeconds,
    oobCindex: forest.oobCindex,
    importances,
    trainedAt: new Date().toISOString(),
  };
}

/** The fingerprint of a survival cohort: features, event and follow-up time of every row. */
export function survivalFingerprint(data: SurvivalDataset): CohortFingerprint {
  return fingerprintCohort(data.X, data.event, data.nRows, data.nFeatures, data.time);
}

/** The .genoforest.json text of a survival model trained on `data`, with that cohort's fingerprint. */
export function exportSurvivalModelFile(
  forest: SurvivalForestModel,
  info: SurvivalModelInfo,
  data: SurvivalDataset,
): string {
  const fp = survivalFingerprint(data);
  return JSON.stringify({
    format: MODEL_FILE_FORMAT,
    version: SURVIVAL_MODEL_FILE_VERSION,
    outcomeKind: 'survival',
    savedAt: new Date().toISOString(),
    info,
    model: serializeSurvivalForest(forest),
    trainingCohort: {
      nRows: fp.nRows,
      nFeatures: fp.nFeatures,
      table: fp.table,
      rows: typedToBase64(fp.rows),
    },
  });
}

const infoSchema = z.object({
  outcomeKind: z.literal('survival'),
  encoding: z.object({
    features: z.array(featureSchema).min(1),
    target: z.string(),
    classes: z.array(z.string()).min(1),
    decimalComma: z.boolean().optional(),
    keepTokensAsClasses: z.boolean().optional(),
  }),
  time: z.string(),
  event: z.string(),
  eventValue: z.string(),
  censoredValues: z.array(z.string()),
  nTrees: z.int().min(1),
  nRows: z.int().min(1),
  events: z.int().min(1),
  maxFollowUp: z.number().min(0),
  timePoints: z.int().min(1),
  fitSeconds: z.number().min(0),
  oobCindex: z.number().min(0).max(1).nullable(),
  importances: z.array(z.object({ feature: z.string(), importance: z.number() })),
  trainedAt: z.string(),
  timeUnit: z.enum(['days', 'weeks', 'months', 'years']).optional(),
  tuning: z
    .object({
      metric: z.literal('oob-harrell-c'),
      candidates: z
        .array(
          z.object({
            minSamplesLeaf: z.int().min(1),
            trees: z.int().min(1),
            // JSON writes a figure that could not be computed (NaN) as null.
            cindex: z.number().min(0).max(1).nullable(),
            gain: z.number().nullable(),
            gainStandardError: z.number().min(0).nullable(),
          }),
        )
        .min(1),
      chosen: z.int().min(1),
      rowsScored: z.int().min(0),
      treesGrown: z.int().min(0),
      groupAware: z.boolean(),
    })
    .optional(),
});

const fileSchema = z.object({
  format: z.literal(MODEL_FILE_FORMAT),
  version: z.literal(SURVIVAL_MODEL_FILE_VERSION),
  outcomeKind: z.literal('survival'),
  savedAt: z.string(),
  info: infoSchema,
  model: z.unknown(),
  trainingCohort: z
    .object({
      nRows: z.int().min(1),
      nFeatures: z.int().min(1),
      table: z.string().regex(/^[0-9a-f]{16}$/),
      rows: z.string(),
    })
    .nullable(),
});

function damaged(message: string): never {
  throw new Error(`${DAMAGED_PREFIX}${message}.`);
}

/** Whether a model file's text holds a survival model (anything unreadable counts as not: its reader says why). */
export function isSurvivalModelText(text: string): boolean {
  try {
    const json = JSON.parse(text) as unknown;
    return (
      typeof json === 'object' &&
      json !== null &&
      (json as { outcomeKind?: unknown }).outcomeKind === 'survival'
    );
  } catch {
    return false;
  }
}

/** Reads and checks a survival model file; throws an Error with a specific, plain-words message. */
export function parseSurvivalModelFile(text: string): LoadedSurvivalModel {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(NOT_A_MODEL_MESSAGE);
  }
  const head = (typeof json === 'object' && json !== null ? json : {}) as Record<string, unknown>;
  if (head.format !== MODEL_FILE_FORMAT) throw new Error(NOT_A_MODEL_MESSAGE);
  if (head.outcomeKind !== 'survival') {
    throw new Error(
      'This model file holds a model of classes, not a time-to-event (survival) model.',
    );
  }
  if (head.version !== SURVIVAL_MODEL_FILE_VERSION) {
    throw new Error(
      `This survival model file is version ${String(head.version)}; this version reads survival models of version ${SURVIVAL_MODEL_FILE_VERSION}.`,
    );
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    damaged(`${where}${issue.message}`);
  }
  const file = parsed.data;
  let forest: SurvivalForestModel;
  try {
    forest = deserializeSurvivalForest(file.model);
  } catch (error) {
    damaged((error as Error).message.replace(/^(Corrupt|Not a) GenoForest [a-z ]*model: /, ''));
  }
  const info = file.info as SurvivalModelInfo;
  if (file.info.tuning) {
    const t = file.info.tuning;
    if (!t.candidates.some((c) => c.minSamplesLeaf === t.chosen)) {
      damaged(`the tuning chose a leaf of ${t.chosen}, which is not among the leaf sizes it tried`);
    }
    if (forest.params.minSamplesLeaf !== t.chosen) {
      damaged(
        `the tuning chose a leaf of ${t.chosen} but the forest was grown with ${forest.params.minSamplesLeaf}`,
      );
    }
    const nan = (x: number | null): number => x ?? NaN;
    info.tuning = {
      ...t,
      candidates: t.candidates.map((c) => ({
        ...c,
        cindex: nan(c.cindex),
        gain: nan(c.gain),
        gainStandardError: nan(c.gainStandardError),
      })),
    };
  }
  const nFeatures = info.encoding.features.length;
  if (forest.nFeatures !== nFeatures) {
    damaged(`the forest uses ${forest.nFeatures} features but the file describes ${nFeatures}`);
  }
  if (survivalTreeCount(forest) !== info.nTrees) {
    damaged(`the file says ${info.nTrees} trees but holds ${survivalTreeCount(forest)}`);
  }
  if (forest.timeGrid.length !== info.timePoints) {
    damaged(
      `the file says ${info.timePoints} time points but the forest has ${forest.timeGrid.length}`,
    );
  }
  if (forest.oobRisk && forest.oobRisk.length !== info.nRows) {
    damaged(`the out-of-bag risks cover ${forest.oobRisk.length} rows, not ${info.nRows}`);
  }
  if (!info.encoding.classes.includes(info.eventValue)) {
    damaged(`the event value "${info.eventValue}" is not among the event column's values`);
  }
  if (new Set(info.encoding.features.map((f) => f.name)).size !== nFeatures) {
    damaged('two features have the same name');
  }
  for (const f of info.encoding.features) {
    if (f.kind === 'categorical' && f.counts.length !== f.categories.length) {
      damaged(
        `the feature "${f.name}" has ${f.categories.length} categories but ${f.counts.length} counts`,
      );
    }
  }
  let trainingCohort: CohortFingerprint | null = null;
  const saved = file.trainingCohort;
  if (saved) {
    if (saved.nRows !== info.nRows || saved.nFeatures !== nFeatures) {
      damaged("the training cohort's fingerprint does not match the model's rows and features");
    }
    let rows: Uint32Array;
    try {
      rows = base64ToTyped(saved.rows, Uint32Array, 'trainingCohort.rows');
    } catch {
      damaged("the training cohort's row fingerprints are not valid base64");
    }
    if (rows.length !== 2 * saved.nRows) {
      damaged(
        `the training cohort's fingerprint holds ${rows.length / 2} rows, not ${saved.nRows}`,
      );
    }
    trainingCohort = { nRows: saved.nRows, nFeatures, table: saved.table, rows };
  }
  return { forest, info, trainingCohort };
}
