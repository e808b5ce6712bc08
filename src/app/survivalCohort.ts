/**
 * The app's time-to-event use cases on a loaded table: describe a time/event choice, train and evaluate a random
 * survival forest (out-of-bag Harrell's C with its interval, integrated Brier score, k-fold when cheap, Kaplan–Meier
 * curves of the cohort and by predicted-risk tertile), and predict one patient's survival curve at a horizon in the
 * words and icons of the class mode. Held by the data session (src/app/dataSession.ts); DOM- and worker-free.
 */
import { encodePatient, typicalPatient } from '../engine/data/encodePatient';
import {
  proposeTimeToEvent,
  type TimeToEventProposal,
  type TimeUnit,
} from '../engine/data/timeToEvent';
import type {
  ColumnChoice,
  Encoding,
  PatientInput,
  RawTable,
  TableSchema,
} from '../engine/data/types';
import { shortName } from '../engine/data/values';
import { aboutCount, iconCounts } from '../engine/explain/riskWords';
import {
  curvesAt,
  fitSurvivalForest,
  prepareSurvivalFit,
  predictCumHazard,
  survivalTreeCount,
  survivalFromCumHazard,
  type SurvivalForestModel,
} from '../engine/forest/survivalForest';
import type { SurvivalParams } from '../engine/forest/survivalParams';
import { resolveMaxFeatures } from '../engine/forest/params';
import type { SurvivalTuningReport } from '../engine/forest/survivalTune';
import { integratedBrierScore } from '../engine/survival/brier';
import { kaplanMeier, stepAt } from '../engine/survival/estimators';
import {
  defaultEventValue,
  encodeSurvival,
  encodeSurvivalWith,
  type SurvivalDataset,
} from '../engine/survival/survivalData';
import { buildEncoding } from '../engine/data/encode';
import { bootstrapInterval, brierTimes } from '../engine/survival/survivalEvaluation';
import type { PredictionWords } from './types';
import { fromOne, type SurvivalCurve } from './survivalPredict';
import {
  describeSurvivalModel,
  exportSurvivalModelFile,
  parseSurvivalModelFile,
} from './survivalModelFile';
import { matchCohort } from '../engine/data/cohortIdentity';
import {
  patientBand,
  patientDrivers,
  patientFamiliarity,
  type SurvivalBand,
  type SurvivalDrivers,
  type SurvivalExtrasCache,
  type SurvivalFamiliarity,
} from './survivalPatient';
import type { SurvivalCvFigures } from './survivalEvaluation';
import { rankingChance } from '../engine/evaluate/clinical';
import { survivalModelHash } from './modelHash';

export type { TimeToEventProposal, TimeUnit } from '../engine/data/timeToEvent';
export type { SurvivalCurve } from './survivalPredict';
export type { SurvivalBand, SurvivalDrivers, SurvivalFamiliarity } from './survivalPatient';

/** The user's time-to-event outcome: follow-up column and its unit, event column and the value that is the event. */
export interface SurvivalChoice {
  time: string;
  event: string;
  eventValue: string;
  unit: TimeUnit;
  /** The Load step's column kinds and exclusions (the time and event columns are never features). */
  columns?: ColumnChoice[];
}

/** What a time/event choice gives, before training: the event column's values and the counts. */
export interface SurvivalOutcomeSummary {
  time: string;
  event: string;
  /** Values of the event column, and how many usable rows hold each. */
  values: { value: string; count: number }[];
  eventValue: string | null;
  rows: number;
  events: number;
  maxFollowUp: number;
  nFeatures: number;
  warnings: string[];
  /** Why training cannot start with this choice (empty when it can). */
  errors: string[];
}

/** Forest settings of the survival Train step (scikit-learn meanings). */
export interface SurvivalTrainSettings {
  nEstimators: number;
  minSamplesLeaf: number;
  randomState: number;
  /**
   * Tune the minimum patients per leaf on out-of-bag patients first (engine/forest/survivalTune.ts), minSamplesLeaf
   * being the base leaf the search keeps unless another is clearly better; absent or false: grow with it as given.
   */
  tune?: boolean;
}

/** One labelled Kaplan–Meier curve. */
export interface LabelledCurve extends SurvivalCurve {
  label: string;
  patients: number;
  events: number;
}

/** Harrell's C and the integrated Brier score of one way of holding patients out. */
export interface SurvivalFigures {
  cindex: number;
  cindexInterval: [number, number];
  integratedBrier: number;
  patients: number;
}

/** A preset horizon: its time in the follow-up's unit, or why it cannot be asked. */
export interface HorizonChoice {
  label: string;
  time: number;
  refused: string | null;
}

/** The trained survival model and its evaluation, as the Train, Evaluate and Predict steps show it. */
export interface SurvivalReport {
  choice: SurvivalChoice;
  censoredValues: string[];
  rows: number;
  events: number;
  maxFollowUp: number;
  nTrees: number;
  minSamplesLeaf: number;
  fitSeconds: number;
  /** The model's features, for the patient form. */
  features: Encoding['features'];
  /** Typical values of the cohort (medians, most common categories), for filling the form. */
  typical: PatientInput;
  importances: { feature: string; importance: number }[];
  outOfBag: SurvivalFigures | null;
  /** The k-fold figures, once the Evaluate step has run them on the pool (null until then). */
  crossValidation: SurvivalCvFigures | null;
  /** Words about the k-fold figures (fewer folds than asked), else null. */
  crossValidationNote: string | null;
  /** The times the Brier score was integrated over (from, to). */
  brierRange: [number, number];
  /** The cohort's Kaplan–Meier curve; null for a model opened from a file without its training cohort loaded. */
  cohortCurve: SurvivalCurve | null;
  /** The model file it was opened from (not trained here: no evaluation figures), else null. */
  openedFrom: string | null;
  /** Out-of-bag Harrell's C saved in an opened file (no interval), else null. */
  savedOobCindex: number | null;
  /** Kaplan–Meier curves of the patients in the lowest, middle and highest third of out-of-bag risk. */
  tertileCurves: LabelledCurve[];
  horizons: HorizonChoice[];
  /** Columns whose values can be compared side by side for a patient (few values each), with those values. */
  compareColumns: { name: string; values: string[] }[];
  warnings: string[];
  /** SHA-256 of the model as its file holds it (app/modelHash), set by withModelHash; the printed report shows it. */
  modelHash?: string;
  /** The leaf sizes tried on out-of-bag patients and the one chosen, when the settings were tuned; else absent or null. */
  tuning?: SurvivalTuningReport | null;
  /** The forest's settings (scikit-learn meanings) with the features tried per split and the time grid's size. */
  settings?: SurvivalSettingsSummary;
  /** Median follow-up by the reverse Kaplan–Meier method (censoring as the event); null when unknown. */
  medianFollowUp?: number | null;
  /** When the forest was trained (ISO), when known. */
  trainedAt?: string;
}

/** A survival forest's settings as the model card and the Train step show them. */
export interface SurvivalSettingsSummary extends Omit<SurvivalParams, 'oobScore'> {
  /** maxFeatures resolved for the model's features. */
  featuresPerSplit: number;
  /** Points of the time grid the leaves' curves are kept on. */
  timePoints: number;
}

/** The settings summary of a grown survival forest over `nFeatures` features. */
function settingsOf(forest: SurvivalForestModel, nFeatures: number): SurvivalSettingsSummary {
  const p = forest.params;
  return {
    nEstimators: p.nEstimators,
    maxFeatures: p.maxFeatures,
    maxDepth: p.maxDepth,
    minSamplesLeaf: p.minSamplesLeaf,
    minSamplesSplit: p.minSamplesSplit,
    bootstrap: p.bootstrap,
    randomState: p.randomState,
    maxTimePoints: p.maxTimePoints,
    featuresPerSplit: resolveMaxFeatures(p.maxFeatures, nFeatures),
    timePoints: forest.timeGrid.length,
  };
}

/**
 * Median follow-up by reverse Kaplan–Meier (Schemper & Smith 1996): censoring is the "event", so patients who had the
 * event count as still followed; null when fewer than half were censored before the end.
 */
export function medianFollowUp(time: ArrayLike<number>, event: ArrayLike<number>): number | null {
  const km = kaplanMeier({ time, event: Array.from(event, (e) => 1 - e) });
  for (let j = 0; j < km.times.length; j++) if (km.value[j] <= 0.5) return km.times[j];
  return null;
}

/** One value of a compared column: the patient's curve and icons with that value. */
export interface SurvivalComparisonArm {
  value: string;
  curve: SurvivalCurve;
  survivalAt: number;
  words: PredictionWords;
}

/** A patient's prediction for each value of one column, at one horizon. */
export interface SurvivalComparison {
  column: string;
  horizon: number;
  unit: TimeUnit;
  outcomes: [string, string];
  arms: SurvivalComparisonArm[];
  /** What the comparison can and cannot say. */
  caution: string;
}

/** One patient's prediction at a horizon. */
export interface SurvivalPatientPrediction {
  curve: SurvivalCurve;
  cohortCurve: SurvivalCurve | null;
  horizon: number;
  unit: TimeUnit;
  /** The horizon as every sentence says it: "1 year (365 days)" for a whole number of years, else "200 days". */
  horizonText: string;
  /** Probability of being event-free at the horizon, the patient's and the cohort's (Kaplan–Meier). */
  survivalAt: number;
  cohortSurvivalAt: number | null;
  /** The 100-icon array: outcome 0 event-free, outcome 1 the event by the horizon. */
  words: PredictionWords;
  outcomes: [string, string];
  /** Fields left empty, values not seen in training, numbers outside the training range. */
  notes: string[];
  /** The pointwise 95 % band around `curve`, or null (bandReason says why). */
  band: SurvivalBand | null;
  bandReason: string;
  /** "Between about A and B out of 100" from the band at the horizon, or why there is no interval. */
  intervalSentence: string;
  /** What raised or lowered the patient's risk by the horizon (TreeSHAP); null in a comparison's arms. */
  drivers: SurvivalDrivers | null;
  /** Proximity to the training cohort; null without the cohort. */
  familiarity: SurvivalFamiliarity | null;
}

/** A survival model held for prediction. */
export interface HeldSurvival {
  forest: SurvivalForestModel;
  encoding: Encoding;
  /** The training rows when trained here (for saving with its fingerprint); null when opened from a file. */
  data: SurvivalDataset | null;
  report: SurvivalReport;
  /** An opened model's training cohort, when the loaded table matched its fingerprint (for the band, familiarity). */
  cohort?: SurvivalDataset | null;
  /** In-bag counts and proximity index, built on first use. */
  extras?: SurvivalExtrasCache;
}

/** The proposal for the loaded table's schema (see proposeTimeToEvent). */
export function proposeSurvival(schema: TableSchema): TimeToEventProposal | null {
  return proposeTimeToEvent(schema);
}

/** The event column's values and counts for a choice, or why it cannot be trained on. */
export function describeSurvival(
  table: RawTable,
  schema: TableSchema,
  choice: { time: string; event: string; eventValue: string | null; columns?: ColumnChoice[] },
): SurvivalOutcomeSummary {
  const empty: SurvivalOutcomeSummary = {
    time: choice.time,
    event: choice.event,
    values: [],
    eventValue: choice.eventValue,
    rows: 0,
    events: 0,
    maxFollowUp: 0,
    nFeatures: 0,
    warnings: [],
    errors: [],
  };
  const eventIndex = table.headers.indexOf(choice.event);
  const timeColumn = schema.columns.find((c) => c.name === choice.time);
  if (eventIndex < 0 || !timeColumn) {
    return { ...empty, errors: ['Choose a time column and an event column.'] };
  }
  if (timeColumn.kind !== 'numeric') {
    return {
      ...empty,
      errors: [
        `The time column “${shortName(choice.time)}” is not numeric: choose the follow-up time.`,
      ],
    };
  }
  // The event column's values and counts, as the class mode counts an outcome (the time column left out).
  const { summary } = buildEncoding(table, schema, {
    target: choice.event,
    columns: [
      ...(choice.columns ?? []).filter((c) => c.name !== choice.time),
      { name: choice.time, kind: 'numeric', excluded: true },
    ],
  });
  const values = summary.classes.map((value, k) => ({ value, count: summary.classCounts[k] }));
  const eventValue = choice.eventValue ?? defaultEventValue(summary.classes);
  if (eventValue === null) {
    return {
      ...empty,
      values,
      errors: [
        `Which value of “${shortName(choice.event)}” means the event happened? Choose it below.`,
      ],
    };
  }
  let data: SurvivalDataset;
  try {
    data = encodeSurvival(table, schema, {
      time: choice.time,
      event: choice.event,
      eventValue,
      columns: choice.columns,
    });
  } catch (error) {
    return { ...empty, values, eventValue, errors: [(error as Error).message] };
  }
  let maxFollowUp = 0;
  for (const t of data.time) maxFollowUp = Math.max(maxFollowUp, t);
  return {
    ...empty,
    values,
    eventValue: data.eventValue,
    rows: data.nRows,
    events: data.event.reduce((a, b) => a + b, 0),
    maxFollowUp,
    nFeatures: data.nFeatures,
    warnings: data.warnings,
  };
}

/** Days, weeks, months or years in one year. */
const PER_YEAR: Record<TimeUnit, number> = {
  days: 365.25,
  weeks: 365.25 / 7,
  months: 12,
  years: 1,
};

/** 1, 3, 5 and 10 years in the follow-up's unit, each refused with its reason when beyond the longest follow-up. */
export function horizonChoices(maxFollowUp: number, unit: TimeUnit): HorizonChoice[] {
  return [1, 3, 5, 10].map((years) => {
    const time = Math.round(years * PER_YEAR[unit] * 100) / 100;
    const label = `${years} year${years === 1 ? '' : 's'}`;
    return {
      label,
      time,
      refused:
        time > maxFollowUp
          ? `${label} (${time} ${unit}) is beyond the longest follow-up of the cohort (${maxFollowUp} ${unit}): the model cannot say what happens after it.`
          : null,
    };
  });
}

/** The reason a horizon cannot be asked, or null. */
export function horizonRefusal(
  horizon: number,
  maxFollowUp: number,
  unit: TimeUnit,
): string | null {
  if (!Number.isFinite(horizon) || horizon <= 0) {
    return `The horizon must be a time after 0 (in ${unit}).`;
  }
  if (horizon > maxFollowUp) {
    return `${horizon} ${unit} is beyond the longest follow-up of the cohort (${maxFollowUp} ${unit}): the model cannot say what happens after it.`;
  }
  return null;
}

/**
 * A curve carried flat to `until` (the longest follow-up of its patients): known up to there, and nothing beyond it,
 * so a table reading it past its end can say "not followed that long".
 */
function extendTo(c: SurvivalCurve, until: number): SurvivalCurve {
  const last = c.times[c.times.length - 1];
  if (until > last) {
    c.times.push(until);
    c.probabilities.push(c.probabilities[c.probabilities.length - 1]);
  }
  return c;
}

/** Kaplan–Meier of the given rows, to their longest follow-up. */
function kmOf(data: SurvivalDataset, rows: number[]): SurvivalCurve {
  const time = rows.map((r) => data.time[r]);
  const km = kaplanMeier({ time, event: rows.map((r) => data.event[r]) });
  return extendTo(
    fromOne(km.times, km.value),
    time.reduce((a, b) => Math.max(a, b), 0),
  );
}

/** The chance warning of a C-index, in the class mode's words and at its threshold (engine/survival/verdict). */
function cindexWarnings(f: SurvivalFigures, source: 'cv' | 'oob'): string[] {
  const { message } = rankingChance(
    'Harrell’s C',
    f.cindex,
    source === 'cv' ? 'In cross-validation' : 'Out of bag',
  );
  return message ? [message] : [];
}

/** The encoded cohort and the checked forest settings of a survival training (what the pool grows from). */
export interface SurvivalTraining {
  data: SurvivalDataset;
  params: SurvivalParams;
  /** The time grid every tree's leaves use. */
  grid: Float64Array;
}

/** Encode the table for `choice` and check the settings (the first half of training, before growing trees). */
export function prepareSurvivalTraining(
  table: RawTable,
  schema: TableSchema,
  choice: SurvivalChoice,
  settings: SurvivalTrainSettings,
): SurvivalTraining {
  const data = encodeSurvival(table, schema, {
    time: choice.time,
    event: choice.event,
    eventValue: choice.eventValue,
    columns: choice.columns,
  });
  const fit = prepareSurvivalFit(
    data.time,
    data.event,
    {
      nEstimators: settings.nEstimators,
      minSamplesLeaf: settings.minSamplesLeaf,
      randomState: settings.randomState,
      oobScore: true,
    },
    data.nFeatures,
  );
  return { data, params: fit.params, grid: fit.grid };
}

/** Train a survival forest on the table with `choice` in this thread and evaluate it (see evaluateSurvivalForest). */
export function trainSurvivalCohort(
  table: RawTable,
  schema: TableSchema,
  choice: SurvivalChoice,
  settings: SurvivalTrainSettings,
): HeldSurvival {
  const { data, params } = prepareSurvivalTraining(table, schema, choice, settings);
  const start = performance.now();
  const forest = fitSurvivalForest(
    data.X,
    data.nRows,
    data.nFeatures,
    data.isCategorical,
    data.time,
    data.event,
    params,
  );
  return evaluateSurvivalForest(data, forest, choice, (performance.now() - start) / 1000);
}

/**
 * A grown survival forest evaluated on its cohort: out-of-bag Harrell's C with its interval and integrated Brier
 * score, Kaplan–Meier curves of the cohort and by risk third. The k-fold figures come after, from the pool (see
 * withCrossValidation): five more forests are for the worker pool to grow, not this thread.
 */
export function evaluateSurvivalForest(
  data: SurvivalDataset,
  forest: SurvivalForestModel,
  choice: SurvivalChoice,
  fitSeconds: number,
): HeldSurvival {
  const settings = { randomState: forest.params.randomState };
  const n = data.nRows;
  const outcome = { time: data.time, event: data.event };
  const times = brierTimes(data.time, data.event);

  // Out-of-bag: only rows some tree left out have a risk and a curve.
  const oobRows: number[] = [];
  if (forest.oobRisk)
    for (let i = 0; i < n; i++) if (Number.isFinite(forest.oobRisk[i])) oobRows.push(i);
  let outOfBag: SurvivalFigures | null = null;
  if (forest.oobRisk && forest.oobCumHazard && forest.oobCindex !== null && oobRows.length > 1) {
    const G = forest.timeGrid.length;
    const H = new Float64Array(oobRows.length * G);
    oobRows.forEach((r, k) => H.set(forest.oobCumHazard!.subarray(r * G, r * G + G), k * G));
    const surv = curvesAt(survivalFromCumHazard(H), forest.timeGrid, times, 1);
    const test = {
      time: Float64Array.from(oobRows, (r) => data.time[r]),
      event: Uint8Array.from(oobRows, (r) => data.event[r]),
    };
    outOfBag = {
      cindex: forest.oobCindex,
      cindexInterval: bootstrapInterval(
        test.time,
        test.event,
        Float64Array.from(oobRows, (r) => forest.oobRisk![r]),
        settings.randomState,
      ),
      integratedBrier: integratedBrierScore(outcome, test, surv, times),
      patients: oobRows.length,
    };
  }

  // Tertiles of out-of-bag risk: lowest third first.
  const ranked = [...oobRows].sort((a, b) => forest.oobRisk![a] - forest.oobRisk![b]);
  const names = [
    'Lowest third of predicted risk',
    'Middle third',
    'Highest third of predicted risk',
  ];
  const tertileCurves: LabelledCurve[] =
    ranked.length >= 3
      ? names.map((label, k) => {
          const rows = ranked.slice(
            Math.floor((k * ranked.length) / 3),
            Math.floor(((k + 1) * ranked.length) / 3),
          );
          return {
            label,
            ...kmOf(data, rows),
            patients: rows.length,
            events: rows.reduce((a, r) => a + data.event[r], 0),
          };
        })
      : [];

  let maxFollowUp = 0;
  for (const t of data.time) maxFollowUp = Math.max(maxFollowUp, t);
  const warnings = [...data.warnings];
  if (outOfBag) warnings.push(...cindexWarnings(outOfBag, 'oob'));
  if (!outOfBag) {
    warnings.push(
      'No out-of-bag figures: every patient was in every tree’s sample (too few trees); train with more trees.',
    );
  }
  const report: SurvivalReport = {
    choice,
    censoredValues: data.censoredValues,
    rows: n,
    events: data.event.reduce((a, b) => a + b, 0),
    maxFollowUp,
    nTrees: survivalTreeCount(forest),
    minSamplesLeaf: forest.params.minSamplesLeaf,
    fitSeconds,
    features: data.encoding.features,
    typical: typicalPatient(data.encoding),
    importances: data.encoding.features
      .map((f, j) => ({ feature: f.name, importance: forest.featureImportances[j] }))
      .sort((a, b) => b.importance - a.importance),
    outOfBag,
    crossValidation: null,
    crossValidationNote: null,
    brierRange: [times[0], times[times.length - 1]],
    cohortCurve: kmOf(
      data,
      Array.from({ length: n }, (_, i) => i),
    ),
    openedFrom: null,
    savedOobCindex: null,
    tertileCurves,
    horizons: horizonChoices(maxFollowUp, choice.unit),
    compareColumns: compareColumns(data.encoding, data),
    warnings,
    settings: settingsOf(forest, data.nFeatures),
    medianFollowUp: medianFollowUp(data.time, data.event),
    trainedAt: new Date().toISOString(),
  };
  return { forest, encoding: data.encoding, data, report };
}

/**
 * `held` with its model hash in the report, computed off the page's main thread (the data worker, or Node): the
 * same for a model just trained here as for its saved file opened again.
 */
export async function withModelHash(held: HeldSurvival): Promise<HeldSurvival> {
  const { time, eventValue } = held.report.choice;
  const hash = await survivalModelHash(held.forest, held.encoding, { time, eventValue });
  held.report = { ...held.report, modelHash: hash };
  return held;
}

/** The held model's report with its k-fold figures: they replace the out-of-bag ones as the headline and warnings. */
export function withCrossValidation(
  held: HeldSurvival,
  cv: SurvivalCvFigures,
  note: string | null,
): SurvivalReport {
  const r = held.report;
  const warnings = [...(held.data?.warnings ?? []), ...cindexWarnings(cv, 'cv')];
  if (!r.outOfBag) warnings.push(...r.warnings.filter((w) => w.startsWith('No out-of-bag')));
  held.report = { ...r, crossValidation: cv, crossValidationNote: note, warnings };
  return held.report;
}

/** A number as a sentence shows a time: at most two decimals. */
function timeText(t: number): string {
  return String(Math.round(t * 100) / 100);
}

/**
 * A horizon as a clinician reads it: a preset year count (as horizonChoices makes them) says "1 year (365 days)" —
 * not "365.25 days" — and any other time is said in the follow-up's unit.
 */
export function horizonWords(horizon: number, unit: TimeUnit): string {
  const plain = `${timeText(horizon)} ${unit}`;
  if (unit === 'years') return `${plain === '1 years' ? '1 year' : plain}`;
  const preset = horizonChoices(Infinity, unit).find((h) => h.time === horizon);
  return preset ? `${preset.label} (${Math.round(horizon)} ${unit})` : plain;
}

/**
 * One patient's survival curve and, at `horizon`, the "N out of 100" sentence and icons; refuses a bad horizon. With
 * `details` (the default), also the band, the drivers at the horizon and the familiarity.
 */
export function predictSurvivalPatient(
  held: HeldSurvival,
  patient: PatientInput,
  horizon: number,
  details = true,
): SurvivalPatientPrediction {
  const { report, forest } = held;
  const unit = report.choice.unit;
  const refusal = horizonRefusal(horizon, report.maxFollowUp, unit);
  if (refusal) throw new Error(refusal);
  const encoded = encodePatient(held.encoding, patient);
  const H = predictCumHazard(forest, encoded.x, 1);
  const S = survivalFromCumHazard(H);
  const patientCurve = extendTo(fromOne(forest.timeGrid, S), report.maxFollowUp);
  const survivalAt = curvesAt(S, forest.timeGrid, Float64Array.of(horizon), 1)[0];
  const cohortSurvivalAt = report.cohortCurve
    ? stepAt(
        { times: report.cohortCurve.times, value: report.cohortCurve.probabilities },
        horizon,
        1,
      )
    : null;
  const when = horizonWords(horizon, unit);
  const eventName = shortName(report.choice.eventValue);
  const eventColumn = shortName(report.choice.event);
  const outcomes: [string, string] = [
    `Event-free at ${when}`,
    `Event (${eventColumn} = ${eventName}) by ${when}`,
  ];
  const counts = iconCounts([survivalAt, 1 - survivalAt]);
  const sentences = [
    `${aboutCount(counts[0])} out of 100 patients like this one would be event-free at ${when}.`,
    `${aboutCount(counts[1])} out of 100 would have had the event (${eventColumn} = ${eventName}) by then.`,
  ];
  const cells: number[] = [];
  counts.forEach((c, k) => {
    for (let i = 0; i < c; i++) cells.push(k);
  });
  const words: PredictionWords = {
    counts,
    cells,
    sentences,
    label: sentences.join(' '),
    table: counts.map((c, k) => ({ outcome: outcomes[k], count: c, percent: `${c} %` })),
    // The cohort's figure is shown beside it in words (cohortSurvivalAt), not as an icon difference.
    vsCohort: [],
  };
  const notes: string[] = [];
  const list = (names: string[]): string =>
    names.length <= 12
      ? names.join(', ')
      : `${names.slice(0, 12).join(', ')} and ${names.length - 12} more`;
  if (encoded.missing.length > 0) notes.push(`Unknown (left empty): ${list(encoded.missing)}.`);
  if (encoded.unseen.length > 0) {
    notes.push(`Values not seen in training, treated as unknown: ${list(encoded.unseen)}.`);
  }
  if (encoded.notNumbers.length > 0) {
    notes.push(`Not numbers, treated as unknown: ${list(encoded.notNumbers)}.`);
  }
  if (encoded.outOfRange.length > 0) {
    notes.push(
      `Outside the range of the training cohort (the forest extrapolates flat): ${list(encoded.outOfRange)}.`,
    );
  }
  const cohort = held.data ?? held.cohort ?? null;
  const cache = (held.extras ??= {});
  const { band, reason } = details
    ? // A model opened without its table still has its row count: the file records it (as explain --horizon uses).
      patientBand(forest, cohort?.nRows ?? report.rows, cache, encoded.x, horizon)
    : { band: null, reason: '' };
  // The curve is flat after the grid's last time up to the longest follow-up (extendTo): so is its band.
  const lastBandTime = band?.times[band.times.length - 1];
  if (band && lastBandTime !== undefined && lastBandTime < report.maxFollowUp) {
    band.times.push(report.maxFollowUp);
    band.lower.push(band.lower[band.lower.length - 1]);
    band.upper.push(band.upper[band.upper.length - 1]);
  }
  const familiarity = details ? patientFamiliarity(forest, cohort, cache, encoded.x) : null;
  if (familiarity?.unfamiliar) notes.push(familiarity.reason);
  return {
    curve: patientCurve,
    cohortCurve: report.cohortCurve,
    horizon,
    unit,
    horizonText: when,
    survivalAt,
    cohortSurvivalAt,
    words,
    outcomes,
    notes,
    band,
    bandReason: reason,
    intervalSentence: band
      ? `Allowing for the model’s uncertainty (95 % band): between about ${Math.round(band.at.lower * 100)} and ${Math.round(band.at.upper * 100)} out of 100 would be event-free at ${when}.`
      : reason,
    drivers: details ? patientDrivers(forest, held.encoding, patient, encoded.x, horizon) : null,
    familiarity,
  };
}

/** Values a compared column may take, at most this many. */
const MAX_ARMS = 6;

/**
 * Feature columns with 2..MAX_ARMS values (a treatment, a sex, a stage), with the values: categories from the
 * encoding; numbers from the training rows, when held.
 */
function compareColumns(
  encoding: Encoding,
  data: SurvivalDataset | null,
): { name: string; values: string[] }[] {
  const out: { name: string; values: string[] }[] = [];
  encoding.features.forEach((f, j) => {
    if (f.kind === 'categorical') {
      if (f.categories.length >= 2 && f.categories.length <= MAX_ARMS) {
        out.push({ name: f.name, values: [...f.categories] });
      }
      return;
    }
    if (f.genotype || !data) return;
    const seen = new Set<number>();
    const col = data.X.subarray(j * data.nRows, (j + 1) * data.nRows);
    for (const v of col) {
      if (Number.isNaN(v)) continue;
      seen.add(v);
      if (seen.size > MAX_ARMS) return;
    }
    if (seen.size >= 2) {
      out.push({
        name: f.name,
        values: [...seen].sort((a, b) => a - b).map((v) => String(Number(v.toPrecision(7)))),
      });
    }
  });
  return out;
}

/**
 * The patient's curve and icons for each value of `column` (everything else as entered): what the model associates
 * with each value, not what changing it would do.
 */
export function compareSurvivalValues(
  held: HeldSurvival,
  patient: PatientInput,
  column: string,
  horizon: number,
): SurvivalComparison {
  const option = held.report.compareColumns.find((c) => c.name === column);
  if (!option) {
    throw new Error(
      `“${shortName(column)}” cannot be compared: choose a column of the model with 2 to ${MAX_ARMS} values.`,
    );
  }
  const arms = option.values.map((value) => {
    const p = predictSurvivalPatient(held, { ...patient, [column]: value }, horizon, false);
    return { value, curve: p.curve, survivalAt: p.survivalAt, words: p.words };
  });
  const first = predictSurvivalPatient(held, patient, horizon, false);
  return {
    column,
    horizon,
    unit: held.report.choice.unit,
    outcomes: first.outcomes,
    arms,
    caution: `What the model associates with each value of “${shortName(column)}” for patients like this one in this cohort — a causal reading (what giving or withholding it would do) needs randomised data.`,
  };
}

/** The .genoforest.json text (version 4) of a survival model trained here, with its unit and cohort fingerprint. */
export function exportSurvivalModel(held: HeldSurvival): string {
  if (!held.data) {
    throw new Error(
      `This survival model was opened from ${held.report.openedFrom ?? 'a file'}: that file is already its saved copy.`,
    );
  }
  const info = describeSurvivalModel(
    held.forest,
    held.data,
    held.report.choice.time,
    held.report.fitSeconds,
  );
  const tuning = held.report.tuning;
  return exportSurvivalModelFile(
    held.forest,
    { ...info, timeUnit: held.report.choice.unit, ...(tuning ? { tuning } : {}) },
    held.data,
  );
}

/**
 * A saved survival model, ready to predict: checked (survivalModelFile.ts), and, when the loaded table is its
 * training cohort (by fingerprint), with that cohort's Kaplan–Meier curve and numeric columns to compare.
 */
export function openSurvivalModel(
  text: string,
  fileName: string,
  loaded: { table: RawTable; schema: TableSchema } | null,
): HeldSurvival {
  const m = parseSurvivalModelFile(text);
  const { info, forest } = m;
  const warnings: string[] = [];
  let unit: TimeUnit = 'days';
  if (info.timeUnit) unit = info.timeUnit;
  else {
    warnings.push(
      `The file does not say the unit of “${shortName(info.time)}”: days are assumed, so check the horizon (the longest follow-up is ${info.maxFollowUp}).`,
    );
  }
  let data: SurvivalDataset | null = null;
  let cohortNote =
    'Load its training cohort to see the cohort’s Kaplan–Meier curve beside each patient.';
  if (loaded && m.trainingCohort) {
    try {
      const d = encodeSurvivalWith(
        loaded.table,
        loaded.schema,
        info.encoding,
        info.time,
        info.eventValue,
      );
      const match = matchCohort(m.trainingCohort, d.X, d.event, d.nRows, d.nFeatures, d.time);
      if (match.kind === 'training') {
        data = d;
        cohortNote = '';
      } else cohortNote = `The loaded table is not its training cohort (${match.reason}).`;
    } catch (error) {
      cohortNote = `The loaded table is not its training cohort (${(error as Error).message}).`;
    }
  }
  if (cohortNote) warnings.push(cohortNote);
  warnings.push(
    'Opened from a file: its evaluation is not repeated here. Train the model again on its cohort for Harrell’s C with an interval and the integrated Brier score.',
  );
  const report: SurvivalReport = {
    choice: {
      time: info.time,
      event: info.event,
      eventValue: info.eventValue,
      unit,
    },
    censoredValues: info.censoredValues,
    rows: info.nRows,
    events: info.events,
    maxFollowUp: info.maxFollowUp,
    nTrees: info.nTrees,
    minSamplesLeaf: forest.params.minSamplesLeaf,
    fitSeconds: info.fitSeconds,
    features: info.encoding.features,
    typical: typicalPatient(info.encoding),
    importances: info.importances,
    outOfBag: null,
    crossValidation: null,
    crossValidationNote: null,
    brierRange: [0, 0],
    cohortCurve: data
      ? kmOf(
          data,
          Array.from({ length: data.nRows }, (_, i) => i),
        )
      : null,
    openedFrom: fileName,
    savedOobCindex: info.oobCindex,
    tertileCurves: [],
    horizons: horizonChoices(info.maxFollowUp, unit),
    compareColumns: compareColumns(info.encoding, data),
    warnings,
    tuning: info.tuning ?? null,
    settings: settingsOf(forest, info.encoding.features.length),
    medianFollowUp: data ? medianFollowUp(data.time, data.event) : null,
    trainedAt: info.trainedAt,
  };
  // Never saved again from here (it is the file), so the rows are kept only for the curve and the columns.
  return { forest, encoding: info.encoding, data: null, cohort: data, report };
}
