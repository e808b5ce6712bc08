/**
 * Non-parametric estimators of right-censored follow-up: Kaplan–Meier survival, Nelson–Aalen cumulative hazard
 * and the two-group log-rank test. Conventions of R's survival package (survfit, survdiff): the risk set at time t
 * is every patient with follow-up time >= t, so a patient censored at t still counts at risk at t (censoring is
 * taken to happen just after the events of the same time).
 */

/** Follow-up of a cohort: time (finite, >= 0) and event (1 = the event happened at time, 0 = censored then). */
export interface SurvivalOutcome {
  time: ArrayLike<number>;
  event: ArrayLike<number>;
}

/** Risk-set table at each distinct event time (ascending), the shared input of Kaplan–Meier and Nelson–Aalen. */
export interface RiskTable {
  times: Float64Array;
  /** Weighted number of patients with time >= times[j]. */
  atRisk: Float64Array;
  /** Weighted number of events at times[j]. */
  events: Float64Array;
}

/** Refuses follow-up a survival estimate cannot use, naming the first bad patient. */
export function checkOutcome(o: SurvivalOutcome, weights?: ArrayLike<number>): void {
  if (o.time.length !== o.event.length) {
    throw new Error(`time has ${o.time.length} patients but event has ${o.event.length}`);
  }
  if (weights && weights.length !== o.time.length) {
    throw new Error(`weights has ${weights.length} patients but time has ${o.time.length}`);
  }
  for (let i = 0; i < o.time.length; i++) {
    const t = o.time[i];
    if (!Number.isFinite(t) || t < 0) {
      throw new Error(`Patient ${i + 1} has follow-up time ${String(t)}: it must be a number >= 0`);
    }
    const e = o.event[i];
    if (e !== 0 && e !== 1) {
      throw new Error(
        `Patient ${i + 1} has event ${String(e)}: it must be 1 (event) or 0 (censored)`,
      );
    }
    if (weights && !(weights[i] >= 0 && Number.isFinite(weights[i]))) {
      throw new Error(
        `Patient ${i + 1} has weight ${String(weights[i])}: it must be a number >= 0`,
      );
    }
  }
}

/** Indices 0..n-1 sorted by time ascending (stable). */
export function orderByTime(time: ArrayLike<number>): Int32Array {
  const ord = Int32Array.from({ length: time.length }, (_, i) => i);
  return ord.sort((a, b) => time[a] - time[b] || a - b);
}

/** Number at risk and number of events at every distinct event time (optionally weighted). */
export function riskTable(o: SurvivalOutcome, weights?: ArrayLike<number>): RiskTable {
  checkOutcome(o, weights);
  const n = o.time.length;
  const ord = orderByTime(o.time);
  let remaining = 0;
  for (let i = 0; i < n; i++) remaining += weights ? weights[i] : 1;
  const times: number[] = [];
  const atRisk: number[] = [];
  const events: number[] = [];
  let i = 0;
  while (i < n) {
    const t = o.time[ord[i]];
    let d = 0;
    let leaving = 0;
    let j = i;
    for (; j < n && o.time[ord[j]] === t; j++) {
      const w = weights ? weights[ord[j]] : 1;
      leaving += w;
      if (o.event[ord[j]] === 1) d += w;
    }
    if (d > 0) {
      times.push(t);
      atRisk.push(remaining);
      events.push(d);
    }
    remaining -= leaving;
    i = j;
  }
  return {
    times: Float64Array.from(times),
    atRisk: Float64Array.from(atRisk),
    events: Float64Array.from(events),
  };
}

/** A right-continuous step function: value[j] holds on [times[j], times[j+1]); before times[0] it is `start`. */
export interface StepCurve extends RiskTable {
  value: Float64Array;
}

/** Kaplan–Meier survival S(t) = Π_{t_j <= t} (1 − d_j / n_j) at each distinct event time. */
export function kaplanMeier(o: SurvivalOutcome, weights?: ArrayLike<number>): StepCurve {
  const rt = riskTable(o, weights);
  const value = new Float64Array(rt.times.length);
  let s = 1;
  for (let j = 0; j < value.length; j++) {
    s *= 1 - rt.events[j] / rt.atRisk[j];
    value[j] = s;
  }
  return { ...rt, value };
}

/** Nelson–Aalen cumulative hazard H(t) = Σ_{t_j <= t} d_j / n_j at each distinct event time. */
export function nelsonAalen(o: SurvivalOutcome, weights?: ArrayLike<number>): StepCurve {
  const rt = riskTable(o, weights);
  const value = new Float64Array(rt.times.length);
  let h = 0;
  for (let j = 0; j < value.length; j++) {
    h += rt.events[j] / rt.atRisk[j];
    value[j] = h;
  }
  return { ...rt, value };
}

/** The value of a step curve at time t (`start` before its first time: 1 for survival, 0 for a hazard). */
export function stepAt(
  curve: { times: ArrayLike<number>; value: ArrayLike<number> },
  t: number,
  start: number,
): number {
  const times = curve.times;
  let lo = 0;
  let hi = times.length;
  // Last index with times[idx] <= t.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? start : curve.value[lo - 1];
}

/** Result of the two-group log-rank test (survdiff's O, E and V for group 1). */
export interface LogRankResult {
  /** Events observed in group 1. */
  observed: number;
  /** Events expected in group 1 under equal hazards: Σ d_j n1_j / n_j. */
  expected: number;
  /** Hypergeometric variance Σ d_j (n1_j / n_j)(1 − n1_j / n_j)(n_j − d_j)/(n_j − 1). */
  variance: number;
  /** (O − E)² / V, chi-square with 1 degree of freedom (0 when V = 0). */
  chiSquare: number;
  /** (O − E) / √V: the signed statistic a log-rank split maximises in absolute value. */
  z: number;
}

/** Two-group log-rank test; group[i] is 1 for group 1 and 0 for group 0 (as survival::survdiff, rho = 0). */
export function logRank(o: SurvivalOutcome, group: ArrayLike<number>): LogRankResult {
  checkOutcome(o);
  if (group.length !== o.time.length) {
    throw new Error(`group has ${group.length} patients but time has ${o.time.length}`);
  }
  const n = o.time.length;
  const ord = orderByTime(o.time);
  let nAll = n;
  let n1 = 0;
  for (let i = 0; i < n; i++) {
    if (group[i] !== 0 && group[i] !== 1) {
      throw new Error(`Patient ${i + 1} has group ${String(group[i])}: it must be 0 or 1`);
    }
    n1 += group[i];
  }
  let observed = 0;
  let expected = 0;
  let variance = 0;
  let i = 0;
  while (i < n) {
    const t = o.time[ord[i]];
    let d = 0;
    let d1 = 0;
    let leave = 0;
    let leave1 = 0;
    let j = i;
    for (; j < n && o.time[ord[j]] === t; j++) {
      const r = ord[j];
      leave++;
      leave1 += group[r];
      if (o.event[r] === 1) {
        d++;
        d1 += group[r];
      }
    }
    if (d > 0) {
      const p = n1 / nAll;
      observed += d1;
      expected += d * p;
      if (nAll > 1) variance += (d * p * (1 - p) * (nAll - d)) / (nAll - 1);
    }
    nAll -= leave;
    n1 -= leave1;
    i = j;
  }
  const diff = observed - expected;
  return {
    observed,
    expected,
    variance,
    chiSquare: variance > 0 ? (diff * diff) / variance : 0,
    z: variance > 0 ? diff / Math.sqrt(variance) : 0,
  };
}
