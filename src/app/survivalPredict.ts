/**
 * Survival curves for a table of patients from a saved survival model: each row's ensemble survival
 * S(t) = exp(−H(t)) on the model's time grid, from 1 at time 0, and, at a chosen horizon, the probability of being
 * event-free then. Only the model's feature columns are read: the time and event columns may be absent (new
 * patients have no follow-up yet). A given training cohort is checked against the model's fingerprint (features,
 * event and time) and gives the cohort's Kaplan–Meier curve beside the patients'.
 */
import { survivalBand } from '../engine/explain/survivalBand';
import { bandMethod, replayedInBag } from './survivalPatient';
import { inferSchema } from '../engine/data/schema';
import { cellText } from '../engine/data/cells';
import { encodeFeatureMatrix } from '../engine/data/encode';
import { matchCohort } from '../engine/data/cohortIdentity';
import type { RawTable } from '../engine/data/types';
import {
  curvesAt,
  predictCumHazard,
  survivalTreeCount,
  riskFromCumHazard,
  survivalFromCumHazard,
} from '../engine/forest/survivalForest';
import { kaplanMeier } from '../engine/survival/estimators';
import { survivalShap } from '../engine/explain/survivalShap';
import { encodeSurvivalWith } from '../engine/survival/survivalData';
import type { LoadedSurvivalModel } from './survivalModelFile';

/** A survival curve: times increasing from 0, probabilities non-increasing from 1. */
export interface SurvivalCurve {
  times: number[];
  probabilities: number[];
}

/** A feature's TreeSHAP contribution for one patient. */
export interface SurvivalContribution {
  feature: string;
  /** The patient's value as in the file ("unknown" when missing). */
  value: string;
  /** Contribution to the explained quantity (the risk score, or the cumulative hazard at the horizon). */
  shap: number;
}

/** At the horizon, contributions to the cumulative hazard H(t): survival = baseProbability · Π factor. */
export interface HorizonContribution extends SurvivalContribution {
  /** exp(−shap): what this feature multiplies the baseline survival by. */
  factor: number;
}

/** One patient's prediction. */
export interface SurvivalPatient {
  /** 1-based row of the table. */
  row: number;
  label: string;
  survival: SurvivalCurve;
  /** At the asked horizon: the probability of being event-free then. */
  survivalAt?: { time: number; probability: number };
  /**
   * With contributions and a horizon: TreeSHAP contributions to the cumulative hazard H at the horizon, largest
   * |shap| first, and baseProbability = exp(−H₀), H₀ TreeSHAP's expected H there, so that
   * survivalAt.probability = baseProbability · Π factor exactly (not Shapley values of survival itself, which
   * is not a mean over trees).
   */
  horizonContributions?: {
    time: number;
    baseProbability: number;
    contributions: HorizonContribution[];
  };
  /** Expected number of events over the time grid (the ranking score, randomForestSRC's mortality). */
  risk: number;
  /** With contributions: the risk TreeSHAP expects with nothing known (risk = expectedRisk + Σ shap). */
  expectedRisk?: number;
  /** TreeSHAP contributions to the risk score, largest |shap| first (when asked). */
  contributions?: SurvivalContribution[];
  /** Model features without a value for this patient (treated as unknown). */
  missingFields: string[];
  /**
   * With a horizon and `band`: the pointwise 95 % band of survivalAt (the app's, app/survivalPatient.ts), with the
   * share of its variance that is Monte Carlo error and the method in the app's words; null when there is none
   * (bandReason says why).
   */
  band?: {
    time: number;
    lower: number;
    upper: number;
    monteCarloShare: number;
    method: string;
  } | null;
  bandReason?: string;
}

/** Predictions for a table of patients. */
export interface SurvivalPrediction {
  rows: SurvivalPatient[];
  /** The training cohort's Kaplan–Meier curve, when the cohort was given. */
  cohortSurvival: SurvivalCurve | null;
  issues: string[];
}

/** A curve with (0, 1) in front when the grid starts after time 0 (no event can have happened before it). */
export function fromOne(grid: ArrayLike<number>, values: ArrayLike<number>): SurvivalCurve {
  const times = Array.from(grid);
  const probabilities = Array.from(values);
  if (times.length === 0 || times[0] > 0) {
    times.unshift(0);
    probabilities.unshift(1);
  }
  return { times, probabilities };
}

/** Refuses a horizon the model cannot speak for: negative, not a number, or beyond the longest follow-up. */
export function checkHorizon(horizon: number, m: LoadedSurvivalModel): void {
  if (!Number.isFinite(horizon) || horizon < 0) {
    throw new Error(`The horizon must be a time of 0 or more, got ${horizon}`);
  }
  if (horizon > m.info.maxFollowUp) {
    throw new Error(
      `The horizon ${horizon} is beyond the longest follow-up of the training cohort (${m.info.maxFollowUp} in the units of "${m.info.time}"): the model cannot say what happens after it`,
    );
  }
}

/** Each row's survival curve (and survival at `horizon`); `cohort`, when given, must be the training cohort. */
export function predictSurvivalTable(
  m: LoadedSurvivalModel,
  table: RawTable,
  options: {
    horizon?: number;
    cohort?: { table: RawTable; name: string };
    /** Add each row's TreeSHAP contributions (to the risk and, with a horizon, to H there). */
    contributions?: boolean;
    /** With a horizon: add each row's pointwise 95 % band there. */
    band?: boolean;
  } = {},
): SurvivalPrediction {
  const { encoding } = m.info;
  const names = encoding.features.map((f) => f.name);
  if (options.horizon !== undefined) checkHorizon(options.horizon, m);
  if (!names.some((n) => table.headers.includes(n))) {
    throw new Error(
      `None of the model's columns are in this file (the model uses ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})`,
    );
  }
  const issues = table.issues.map((i) => i.message);
  const { X, nRows, nFeatures, missingColumns } = encodeFeatureMatrix(table, encoding);
  if (missingColumns.length > 0) {
    issues.push(
      `The column(s) ${missingColumns.join(', ')} are not in the file: treated as unknown for every patient.`,
    );
  }
  const grid = m.forest.timeGrid;
  const G = grid.length;
  const H = predictCumHazard(m.forest, X, nRows);
  const risk = riskFromCumHazard(H, G);
  const S = survivalFromCumHazard(H);
  const at =
    options.horizon === undefined ? null : curvesAt(S, grid, Float64Array.of(options.horizon), 1);
  const schema = inferSchema(table);
  const skip = new Set([...names, m.info.time, m.info.event]);
  const idColumn = schema.columns.findIndex((c) => c.kind === 'identifier' && !skip.has(c.name));
  // The trees' bootstrap samples replayed from the seed and the file's row count (the forest saw every row).
  const replay =
    options.band && options.horizon !== undefined
      ? replayedInBag(m.forest, m.info.nRows)
      : { inbag: null, reason: '' };
  const x = new Float64Array(nFeatures);
  const rows: SurvivalPatient[] = [];
  for (let r = 0; r < nRows; r++) {
    const missingFields: string[] = [];
    for (let f = 0; f < nFeatures; f++)
      if (Number.isNaN(X[f * nRows + r])) missingFields.push(names[f]);
    const label = (idColumn >= 0 ? cellText(table, idColumn, r) : '') || `Row ${r + 1}`;
    const row: SurvivalPatient = {
      row: r + 1,
      label,
      survival: fromOne(grid, S.subarray(r * G, r * G + G)),
      risk: risk[r],
      missingFields,
    };
    if (at && options.horizon !== undefined) {
      row.survivalAt = { time: options.horizon, probability: at[r] };
    }
    if (options.contributions) addContributions(m, table, X, nRows, r, row, options.horizon);
    if (options.band && options.horizon !== undefined) {
      if (replay.inbag) {
        for (let f = 0; f < nFeatures; f++) x[f] = X[f * nRows + r];
        const [p] = survivalBand(m.forest, replay.inbag, x, [options.horizon]);
        row.band = {
          time: options.horizon,
          lower: p.lower,
          upper: p.upper,
          monteCarloShare: p.monteCarloShare,
          method: bandMethod(survivalTreeCount(m.forest), m.info.nRows, p.monteCarloShare),
        };
      } else {
        row.band = null;
        row.bandReason = replay.reason;
      }
    }
    rows.push(row);
  }
  const cohortSurvival = options.cohort ? trainingCurve(m, options.cohort) : null;
  return { rows, cohortSurvival, issues };
}

/** Row r's TreeSHAP contributions (survivalShap) written into `row`, each with the patient's value. */
function addContributions(
  m: LoadedSurvivalModel,
  table: RawTable,
  X: Float32Array,
  nRows: number,
  r: number,
  row: SurvivalPatient,
  horizon: number | undefined,
): void {
  const features = m.info.encoding.features;
  const x = new Float64Array(features.length);
  for (let f = 0; f < features.length; f++) x[f] = X[f * nRows + r];
  const e = survivalShap(m.forest, x, horizon);
  const shown = features.map((feature, f) => {
    const c = table.headers.indexOf(feature.name);
    const text = c >= 0 && !Number.isNaN(x[f]) ? cellText(table, c, r).trim() : '';
    return text === '' ? 'unknown' : text;
  });
  const bySize = <T extends { shap: number }>(a: T[]): T[] =>
    a.sort((p, q) => Math.abs(q.shap) - Math.abs(p.shap));
  row.expectedRisk = e.risk.base;
  row.contributions = bySize(
    features.map((feature, f) => ({
      feature: feature.name,
      value: shown[f],
      shap: e.risk.shap[f],
    })),
  );
  if (e.horizon) {
    const h = e.horizon;
    row.horizonContributions = {
      time: h.time,
      baseProbability: Math.exp(-h.base),
      contributions: bySize(
        features.map((feature, f) => ({
          feature: feature.name,
          value: shown[f],
          shap: h.shap[f],
          factor: Math.exp(-h.shap[f]),
        })),
      ),
    };
  }
}

/** The training cohort's Kaplan–Meier curve, after checking that the table is the training cohort. */
function trainingCurve(
  m: LoadedSurvivalModel,
  cohort: { table: RawTable; name: string },
): SurvivalCurve {
  const fp = m.trainingCohort;
  if (!fp)
    throw new Error(
      'The model file carries no fingerprint of its training cohort to check it against',
    );
  const data = encodeSurvivalWith(
    cohort.table,
    inferSchema(cohort.table),
    m.info.encoding,
    m.info.time,
    m.info.eventValue,
  );
  const match = matchCohort(fp, data.X, data.event, data.nRows, data.nFeatures, data.time);
  if (match.kind !== 'training') {
    throw new Error(`${cohort.name} is not the model's training cohort: ${match.reason}`);
  }
  const km = kaplanMeier({ time: data.time, event: data.event });
  return fromOne(km.times, km.value);
}
