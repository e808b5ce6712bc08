/**
 * What a survival prediction adds for one patient beyond the curve: the pointwise 95 % band around it (infinitesimal
 * jackknife on the cumulative hazard, engine/explain/survivalBand.ts), what drove the survival at the horizon
 * (TreeSHAP on the cumulative hazard there, engine/explain/survivalShap.ts) and how familiar the patient is to the
 * forest (proximity to the training cohort, engine/explain/familiarity.ts). DOM- and worker-free.
 */
import { fieldOf } from '../engine/data/fields';
import type { PatientInput } from '../engine/data/types';
import { familiarityIndex, type FamiliarityIndex } from '../engine/explain/familiarity';
import { survivalBand } from '../engine/explain/survivalBand';
import { survivalShap } from '../engine/explain/survivalShap';
import { forestInBagCounts, type InBagCounts } from '../engine/forest/inbag';
import {
  survivalTreeCount,
  survivalTrees,
  type SurvivalForestModel,
} from '../engine/forest/survivalForest';
import type { SurvivalDataset } from '../engine/survival/survivalData';
import type { Encoding } from '../engine/data/types';
import type { HorizonContribution } from './survivalPredict';

/** The band around the patient's curve, on (a sample of) the model's time grid. */
export interface SurvivalBand {
  times: number[];
  lower: number[];
  upper: number[];
  /** At the horizon. */
  at: { lower: number; upper: number };
  /** How the band was made, in words for the page. */
  method: string;
}

/** TreeSHAP at the horizon: survival there = baseProbability · Π factor over all features. */
export interface SurvivalDrivers {
  time: number;
  /** Survival at the horizon with nothing known about the patient (exp of minus TreeSHAP's expected H). */
  baseProbability: number;
  /** Largest |shap| first, at most MAX_DRIVERS. */
  contributions: HorizonContribution[];
  /** Features beyond those listed, and their summed contribution to H. */
  restCount: number;
  restShap: number;
}

/** The familiarity of the patient to the training cohort. */
export interface SurvivalFamiliarity {
  /** Percentile rank 0..1 among the training patients' own scores (0.5 = typical). */
  value: number;
  reason: string;
  unfamiliar: boolean;
}

/** Per-model caches of what every patient's extras reuse; built on first use. */
export interface SurvivalExtrasCache {
  inbag?: InBagCounts | null;
  familiarity?: FamiliarityIndex | null;
}

/** Drivers listed one by one; a genotype model's thousands of columns are summed beyond. */
export const MAX_DRIVERS = 200;
/** Patients × trees × times the band may cost before its times are sampled (measured: ~0.3 s at 3,000 × 300 × 22). */
const BAND_BUDGET = 2e7;

/**
 * The pointwise 95 % band of encoded patient x at the grid's times (sampled evenly when the cohort is large) and at
 * `horizon`, or a reason why there is none. The trees' bootstrap samples are replayed from the seed and `nRows`, the
 * rows the forest was grown on (the cohort's, or those a model file records), so no training table is needed.
 */
export function patientBand(
  forest: SurvivalForestModel,
  nRows: number,
  cache: SurvivalExtrasCache,
  x: ArrayLike<number>,
  horizon: number,
): { band: SurvivalBand | null; reason: string } {
  if (!Number.isInteger(nRows) || nRows < 1) {
    return {
      band: null,
      reason: `No band: the model does not say how many patients it was trained on (got ${nRows}).`,
    };
  }
  if (cache.inbag === undefined) cache.inbag = replayedInBag(forest, nRows).inbag;
  if (!cache.inbag) return { band: null, reason: replayedInBag(forest, nRows).reason };
  const inbag = cache.inbag;
  const grid = forest.timeGrid;
  const B = survivalTreeCount(forest);
  const K = Math.max(20, Math.min(grid.length, Math.floor(BAND_BUDGET / (nRows * B))));
  const times: number[] = [];
  if (K >= grid.length) times.push(...grid);
  else for (let k = 0; k < K; k++) times.push(grid[Math.round((k * (grid.length - 1)) / (K - 1))]);
  const points = survivalBand(forest, inbag, x, [...times, horizon]);
  const at = points.pop();
  if (!at) throw new Error('The band has no point at the horizon');
  const sampled =
    times.length < grid.length ? ` at ${times.length} of the model’s ${grid.length} times` : '';
  return {
    band: {
      times: [0, ...points.map((p) => p.time)],
      lower: [1, ...points.map((p) => p.lower)],
      upper: [1, ...points.map((p) => p.upper)],
      at: { lower: at.lower, upper: at.upper },
      method: bandMethod(B, nRows, at.monteCarloShare, sampled),
    },
    reason: '',
  };
}

/**
 * How a band was made, in the words the app and the CLI give: the jackknife, its Monte Carlo error, and when that
 * error is most of the width at the horizon (`monteCarloShare` over one half), that more trees would narrow it.
 */
export function bandMethod(
  trees: number,
  nRows: number,
  monteCarloShare: number,
  sampled = '',
): string {
  // Measured: 3,000 simulated patients, 300 trees: a band of 51–100 % around 74 %, nearly all Monte Carlo term; on lung
  // (228 patients) the term still dominated at 400 trees and no longer at 1,000.
  const noisy =
    monteCarloShare > 0.5
      ? ` Here most of its width at the horizon is that Monte Carlo error of ${trees} trees for ${nRows} patients: retraining with several times as many trees as patients narrows it.`
      : '';
  return (
    `Pointwise 95 % band${sampled}: how much this curve would move if the cohort were drawn again, by the infinitesimal jackknife over the ${trees} trees’ bootstrap samples (Wager, Hastie & Efron 2014) on the cumulative hazard, widened by its own Monte Carlo error so that it errs wide with few trees (more trees narrow it). ` +
    'It does not include the model’s own bias, nor what is unknown about this patient.' +
    noisy
  );
}

/**
 * In-bag counts of a forest grown on all `nRows` rows of its cohort, replayed from its seed (the bootstrap samples
 * depend only on the seed, the tree and the row count), or why a band cannot be made.
 */
export function replayedInBag(
  forest: SurvivalForestModel,
  nRows: number,
): { inbag: InBagCounts | null; reason: string } {
  if (!forest.params.bootstrap) {
    return { inbag: null, reason: 'No band: the trees were grown without bootstrap samples.' };
  }
  if (survivalTreeCount(forest) < 2) {
    return { inbag: null, reason: 'No band: the forest has fewer than 2 trees.' };
  }
  return { inbag: forestInBagCounts(forest.params, nRows, survivalTreeCount(forest)), reason: '' };
}

/** TreeSHAP contributions to the cumulative hazard at `horizon` for encoded patient x, each with its value as entered. */
export function patientDrivers(
  forest: SurvivalForestModel,
  encoding: Encoding,
  patient: PatientInput,
  x: ArrayLike<number>,
  horizon: number,
): SurvivalDrivers {
  const e = survivalShap(forest, x, horizon);
  if (!e.horizon) throw new Error('No contributions at the horizon');
  const h = e.horizon;
  const all = encoding.features.map((f, j) => {
    const raw = fieldOf(patient, f.name);
    const text = raw === undefined || raw === null ? '' : String(raw).trim();
    return {
      feature: f.name,
      value: Number.isNaN(x[j]) || text === '' ? 'unknown' : text,
      shap: h.shap[j],
      factor: Math.exp(-h.shap[j]),
    };
  });
  all.sort((a, b) => Math.abs(b.shap) - Math.abs(a.shap));
  const rest = all.slice(MAX_DRIVERS);
  return {
    time: horizon,
    baseProbability: Math.exp(-h.base),
    contributions: all.slice(0, MAX_DRIVERS),
    restCount: rest.length,
    restShap: rest.reduce((s, c) => s + c.shap, 0),
  };
}

/** How like the training cohort the patient is to the forest (null without the cohort). */
export function patientFamiliarity(
  forest: SurvivalForestModel,
  cohort: SurvivalDataset | null,
  cache: SurvivalExtrasCache,
  x: ArrayLike<number>,
): SurvivalFamiliarity | null {
  if (!cohort) return null;
  if (cache.familiarity === undefined) {
    cache.familiarity = familiarityIndex({ trees: survivalTrees(forest) }, cohort.X, cohort.nRows);
  }
  const f = cache.familiarity?.score(x);
  if (!f) return null;
  return { value: f.familiarity, reason: f.reason, unfamiliar: f.warning !== null };
}
