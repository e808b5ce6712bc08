/**
 * Treatment effects on survival at a horizon h by inverse probability of censoring weighting (IPCW), the outcome a
 * causal forest then takes like any 0/1 outcome:
 *
 * - Y = 1{T > h} (event-free at h) is known for a patient with the event at or before h (Y = 0) or with follow-up
 *   of at least h otherwise (Y = 1; a patient censored exactly at h counts as event-free at h). A patient censored before h
 *   carries no outcome and is dropped.
 * - The patients kept are reweighted by 1/Ĝ(min(T, h)− | x, w), Ĝ(t− | x, w) = P(C ≥ t | x, w) the chance of still
 *   being followed just before t: among patients like this one (same columns, same arm), about 1/Ĝ were like it at
 *   the start, and the weight makes them stand in for those dropped. Ĝ comes from a survival forest fitted to the
 *   censoring times (the event indicator flipped) with the treatment as a feature — the censoring model grf's
 *   causal_survival_forest fits — out of bag, or from Kaplan–Meier of the censoring times within each arm.
 * - Ĝ is floored at CENSORING_FLOOR (weights at most 20): grf warns when its censoring estimates fall below 0.05,
 *   where a few patients' weights would decide the estimate.
 *
 * Valid when censoring is independent of the outcome given the columns and the treatment (forest) or given the arm
 * alone (Kaplan–Meier), besides the causal forest's own assumptions (no unmeasured confounding, overlap).
 */
import { fitSurvivalForest, predictCumHazard } from '../forest/survivalForest.ts';
import type { SurvivalParams } from '../forest/survivalParams.ts';
import { censoringSurvival } from '../survival/brier.ts';
import { checkOutcome } from '../survival/estimators.ts';

/** Lowest Ĝ used in a weight (weights at most 1/0.05 = 20). */
export const CENSORING_FLOOR = 0.05;

/** Whose status at h is known, and the outcome Y = 1{T > h} of those. */
export interface HorizonOutcome {
  /** Rows (of the input, ascending) whose status at h is known. */
  keep: Int32Array;
  /** Y = 1{T > h} of each kept row. */
  y: Uint8Array;
  /** min(T, h) of each kept row: Ĝ is read just before it. */
  at: Float64Array;
}

/** Split a cohort's follow-up at horizon h into known outcomes and patients censored before h. */
export function horizonOutcome(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  h: number,
): HorizonOutcome {
  checkOutcome({ time, event });
  if (!(h > 0 && Number.isFinite(h))) throw new Error(`The horizon must be a number > 0, got ${h}`);
  const keep: number[] = [];
  const y: number[] = [];
  const at: number[] = [];
  for (let r = 0; r < time.length; r++) {
    const t = time[r];
    // An event at h itself is an event by h; censoring at h leaves the patient event-free at h.
    if (event[r] === 1 && t <= h) {
      keep.push(r);
      y.push(0);
      at.push(t);
    } else if (t >= h) {
      keep.push(r);
      y.push(1);
      at.push(h);
    }
  }
  return { keep: Int32Array.from(keep), y: Uint8Array.from(y), at: Float64Array.from(at) };
}

/** Patients censored strictly before h (the ones a censoring model must explain). */
export function censoredBefore(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  h: number,
): number {
  let k = 0;
  for (let r = 0; r < time.length; r++) if (event[r] === 0 && time[r] < h) k++;
  return k;
}

/** Index of the last grid point strictly below t (−1 when none). */
function lastBelow(grid: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = grid.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (grid[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/**
 * Ĝ(at[k]−) of rows[k] by Kaplan–Meier of the censoring times within the row's arm (arm[r] 0/1): censoring taken as
 * independent of everything but the arm.
 */
export function censoringBeforeKaplanMeier(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  arm: Uint8Array,
  rows: Int32Array,
  at: Float64Array,
): Float64Array {
  const curves = [0, 1].map((a) => {
    const idx: number[] = [];
    for (let r = 0; r < time.length; r++) if (arm[r] === a) idx.push(r);
    return censoringSurvival({
      time: idx.map((r) => time[r]),
      event: idx.map((r) => event[r]),
    });
  });
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const g = curves[arm[rows[k]]];
    const j = lastBelow(g.times, at[k]);
    out[k] = j < 0 ? 1 : g.value[j];
  }
  return out;
}

/**
 * Ĝ(at[k]−) of rows[k] from a survival forest of the censoring times (event flipped: censored = 1) on the columns
 * X (column-major nRows × nFeatures) plus the treatment arm as a last numeric column, read out of bag (a patient's
 * own censoring never sets its own weight); a row no tree left out is read from the whole forest.
 */
export function censoringBeforeForest(
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  isCategorical: Uint8Array,
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  arm: Uint8Array,
  rows: Int32Array,
  at: Float64Array,
  params: Partial<SurvivalParams> = {},
): { value: Float64Array; inBag: number } {
  const p = nFeatures + 1;
  const Xw = new Float32Array(nRows * p);
  Xw.set(X.subarray(0, nRows * nFeatures));
  for (let r = 0; r < nRows; r++) Xw[nFeatures * nRows + r] = arm[r];
  const cat = new Uint8Array(p);
  cat.set(isCategorical);
  const flipped = Uint8Array.from({ length: nRows }, (_, r) => 1 - event[r]);
  const forest = fitSurvivalForest(Xw, nRows, p, cat, time, flipped, {
    ...params,
    bootstrap: true,
    oobScore: true,
  });
  const grid = forest.timeGrid;
  const G = grid.length;
  const oob = forest.oobCumHazard;
  const value = new Float64Array(rows.length);
  let inBag = 0;
  const missing: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const j = lastBelow(grid, at[k]);
    if (j < 0) {
      value[k] = 1;
      continue;
    }
    const H = oob ? oob[r * G + j] : NaN;
    if (Number.isNaN(H)) missing.push(k);
    else value[k] = Math.exp(-H);
  }
  if (missing.length > 0) {
    inBag = missing.length;
    const Xm = new Float32Array(missing.length * p);
    for (let f = 0; f < p; f++)
      for (let i = 0; i < missing.length; i++)
        Xm[f * missing.length + i] = Xw[f * nRows + rows[missing[i]]];
    const H = predictCumHazard(forest, Xm, missing.length);
    missing.forEach((k, i) => (value[k] = Math.exp(-H[i * G + lastBelow(grid, at[k])])));
  }
  return { value, inBag };
}

/** Weights 1/max(Ĝ, floor) and how many were capped by the floor. */
export function censoringWeights(
  gBefore: Float64Array,
  floor = CENSORING_FLOOR,
): { weights: Float64Array; capped: number; min: number; max: number } {
  const weights = new Float64Array(gBefore.length);
  let capped = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < gBefore.length; k++) {
    const g = gBefore[k];
    if (!(g >= 0 && g <= 1)) throw new Error(`Censoring survival ${g} is not a probability`);
    if (g < floor) capped++;
    weights[k] = 1 / Math.max(g, floor);
    min = Math.min(min, weights[k]);
    max = Math.max(max, weights[k]);
  }
  return { weights, capped, min, max };
}
