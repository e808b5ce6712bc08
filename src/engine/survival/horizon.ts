/**
 * Figures of a survival model at one horizon t, on held-out patients:
 * - the cumulative/dynamic time-dependent AUC, as scikit-survival's cumulative_dynamic_auc: cases are the patients
 *   with the event by t, each weighted 1/G(T_i) (inverse probability of censoring, G the reverse Kaplan–Meier of
 *   the training follow-up evaluated right-continuously, as brier.ts), controls the patients still event-free
 *   after t; the weighted share of case–control pairs where the case has the higher risk (equal risks one half);
 * - Uno's C truncated at t, as R survival's concordance(..., timewt = "n/G2", ymax = t): Harrell's pairs (concordance.ts)
 *   whose earlier event is at or before t, each weighted 1/G(T_i−)² (G just before the event time, the same
 *   time's events leaving the risk set before its censorings);
 * - calibration: the patients in groups of predicted risk at t, each group's mean predicted survival beside its
 *   Kaplan–Meier survival at t with a 95 % interval (R survfit's default, on the log scale, Greenwood variance).
 */
import { censoringAt, censoringSurvival } from './brier.ts';
import { checkOutcome, kaplanMeier, type SurvivalOutcome } from './estimators.ts';
import { sweepComparablePairs } from './concordance.ts';

/** Refuses risk scores that are not one finite number per patient. */
function checkRisk(o: SurvivalOutcome, risk: ArrayLike<number>): void {
  if (risk.length !== o.time.length) {
    throw new Error(`risk has ${risk.length} patients but time has ${o.time.length}`);
  }
  for (let i = 0; i < risk.length; i++) {
    if (!Number.isFinite(risk[i])) {
      throw new Error(
        `Patient ${i + 1} has risk score ${String(risk[i])}: it must be a finite number`,
      );
    }
  }
}

/** Number of entries of the ascending array strictly below x, and equal to x. */
function countBelow(sorted: Float64Array, x: number): { below: number; equal: number } {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  hi = sorted.length;
  while (end < hi) {
    const mid = (end + hi) >>> 1;
    if (sorted[mid] <= x) end = mid + 1;
    else hi = mid;
  }
  return { below: lo, equal: end - lo };
}

/**
 * Cumulative/dynamic AUC at time t of risk scores (higher = earlier event); `train` gives the censoring
 * distribution. Refuses a t outside the test follow-up, or without a case or a control.
 */
export function cumulativeDynamicAuc(
  train: SurvivalOutcome,
  test: SurvivalOutcome,
  risk: ArrayLike<number>,
  t: number,
): number {
  checkOutcome(test);
  checkRisk(test, risk);
  const n = test.time.length;
  let minT = Infinity;
  let maxT = -Infinity;
  for (let i = 0; i < n; i++) {
    minT = Math.min(minT, test.time[i]);
    maxT = Math.max(maxT, test.time[i]);
  }
  if (!(t >= minT && t < maxT)) {
    throw new Error(`The horizon ${String(t)} is outside the follow-up [${minT}, ${maxT})`);
  }
  const g = censoringSurvival(train);
  const controls: number[] = [];
  for (let i = 0; i < n; i++) if (test.time[i] > t) controls.push(risk[i]);
  const sorted = Float64Array.from(controls).sort();
  let num = 0;
  let weights = 0;
  for (let i = 0; i < n; i++) {
    if (test.event[i] !== 1 || test.time[i] > t) continue;
    const gi = censoringAt(g, test.time[i]);
    if (!(gi > 0)) {
      throw new Error(
        `No patient was left uncensored at ${test.time[i]}: the censoring weights are undefined there`,
      );
    }
    const { below, equal } = countBelow(sorted, risk[i]);
    num += (below + equal / 2) / gi;
    weights += 1 / gi;
  }
  if (weights === 0) throw new Error(`No patient had the event by ${String(t)}`);
  if (sorted.length === 0) throw new Error(`No patient was followed beyond ${String(t)}`);
  return num / (weights * sorted.length);
}

/** Uno's C truncated at tau and its weighted pair sums. */
export interface UnoConcordance {
  cindex: number;
  /** Weighted concordant pairs (equal risks counting one half) and weighted comparable pairs. */
  concordant: number;
  comparable: number;
}

/**
 * Uno's C of risk scores with events up to `tau` (see the file comment); `train` gives the censoring
 * distribution (the test patients themselves in R's concordance). Refuses data with no comparable pair.
 */
export function unoC(
  train: SurvivalOutcome,
  test: SurvivalOutcome,
  risk: ArrayLike<number>,
  tau: number,
): UnoConcordance {
  const g = censoringSurvival(train);
  /** G just before t: its value at the last censoring-table time strictly before t. */
  const before = (t: number): number => {
    let lo = 0;
    let hi = g.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (g.times[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 1 : g.value[lo - 1];
  };
  let concordant = 0;
  let comparable = 0;
  sweepComparablePairs(test, risk, (i, lower, equal, partners) => {
    const t = test.time[i];
    const gt = before(t);
    if (t > tau || !(gt > 0)) return;
    const w = 1 / (gt * gt);
    concordant += w * (lower + equal / 2);
    comparable += w * partners;
  });
  if (comparable === 0) {
    throw new Error(`No comparable pair of patients has its earlier event by ${String(tau)}`);
  }
  return { cindex: concordant / comparable, concordant, comparable };
}

/** Kaplan–Meier survival at t with its 95 % interval (log scale, Greenwood); NaN beyond the follow-up. */
export function kaplanMeierAt(
  o: SurvivalOutcome,
  t: number,
): { survival: number; lower: number; upper: number } {
  const km = kaplanMeier(o);
  let maxT = -Infinity;
  for (let i = 0; i < o.time.length; i++) maxT = Math.max(maxT, o.time[i]);
  let s = 1;
  let greenwood = 0;
  for (let j = 0; j < km.times.length && km.times[j] <= t; j++) {
    s = km.value[j];
    const nj = km.atRisk[j];
    const dj = km.events[j];
    greenwood += nj > dj ? dj / (nj * (nj - dj)) : Infinity;
  }
  // Past the last follow-up the curve is unknown, unless it already reached 0.
  if (t > maxT && s > 0) return { survival: NaN, lower: NaN, upper: NaN };
  if (s === 0) return { survival: 0, lower: NaN, upper: NaN };
  const z = 1.959963984540054;
  const se = Math.sqrt(greenwood);
  return {
    survival: s,
    lower: s * Math.exp(-z * se),
    upper: Math.min(1, s * Math.exp(z * se)),
  };
}

/** One group of predicted risk at the horizon: what the model said and what the cohort's follow-up shows. */
export interface CalibrationGroup {
  /** 1 = lowest predicted risk. */
  group: number;
  patients: number;
  /** Patients with the event by the horizon. */
  events: number;
  /** Mean predicted survival at the horizon. */
  predicted: number;
  /** Kaplan–Meier survival at the horizon and its 95 % interval (NaN when the group was not followed that long). */
  observed: number;
  lower: number;
  upper: number;
}

/**
 * Calibration at horizon t: the patients sorted by predicted survival at t (highest first: lowest risk), cut into
 * `groups` groups of (near) equal size, each group's mean prediction beside its Kaplan–Meier survival at t.
 */
export function calibrationAt(
  o: SurvivalOutcome,
  predicted: ArrayLike<number>,
  t: number,
  groups: number,
): CalibrationGroup[] {
  checkOutcome(o);
  const n = o.time.length;
  if (predicted.length !== n) {
    throw new Error(`predicted has ${predicted.length} patients but time has ${n}`);
  }
  for (let i = 0; i < n; i++) {
    if (!(predicted[i] >= 0 && predicted[i] <= 1)) {
      throw new Error(
        `Predicted survival ${String(predicted[i])} (patient ${i + 1}) is not in [0, 1]`,
      );
    }
  }
  if (!(Number.isInteger(groups) && groups >= 1 && groups <= n)) {
    throw new Error(`Cannot cut ${n} patients into ${groups} groups`);
  }
  const ord = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => predicted[b] - predicted[a] || a - b,
  );
  const out: CalibrationGroup[] = [];
  for (let k = 0; k < groups; k++) {
    const rows = ord.slice(Math.floor((k * n) / groups), Math.floor(((k + 1) * n) / groups));
    const time = rows.map((i) => o.time[i]);
    const event = rows.map((i) => o.event[i]);
    const km = kaplanMeierAt({ time, event }, t);
    out.push({
      group: k + 1,
      patients: rows.length,
      events: rows.reduce((a, i) => a + (o.event[i] === 1 && o.time[i] <= t ? 1 : 0), 0),
      predicted: rows.reduce((a, i) => a + predicted[i], 0) / rows.length,
      observed: km.survival,
      lower: km.lower,
      upper: km.upper,
    });
  }
  return out;
}
