/**
 * Brier score of predicted survival curves with inverse-probability-of-censoring weights (Graf et al. 1999), as
 * scikit-survival's brier_score and integrated_brier_score define them:
 *   BS(t) = mean_i [ S_i(t)² · 1{T_i <= t, event_i} / G(T_i) + (1 − S_i(t))² · 1{T_i > t} / G(t) ]
 * where G is the Kaplan–Meier estimate of the censoring distribution (censorings as the "events", the same time's
 * events leaving the risk set first) on the training follow-up, evaluated right-continuously (G(T_i), not
 * G(T_i−), as scikit-survival does). A weight 1/0 counts as 0, as there. Patients censored at or before t add 0.
 * The integrated score is the trapezoidal integral over the given times divided by their range.
 */
import { checkOutcome, orderByTime, stepAt, type SurvivalOutcome } from './estimators.ts';

/** Reverse Kaplan–Meier: the probability of remaining uncensored beyond t, at each distinct follow-up time. */
export function censoringSurvival(o: SurvivalOutcome): {
  times: Float64Array;
  value: Float64Array;
} {
  checkOutcome(o);
  const n = o.time.length;
  const ord = orderByTime(o.time);
  const times: number[] = [];
  const value: number[] = [];
  let atRisk = n;
  let g = 1;
  let i = 0;
  while (i < n) {
    const t = o.time[ord[i]];
    let d = 0;
    let c = 0;
    let j = i;
    for (; j < n && o.time[ord[j]] === t; j++) {
      if (o.event[ord[j]] === 1) d++;
      else c++;
    }
    if (c > 0) g *= 1 - c / (atRisk - d);
    times.push(t);
    value.push(g);
    atRisk -= d + c;
    i = j;
  }
  return { times: Float64Array.from(times), value: Float64Array.from(value) };
}

/** G at t, refusing t beyond the last training time while G is still positive (undefined there). */
export function censoringAt(g: { times: Float64Array; value: Float64Array }, t: number): number {
  const last = g.times.length - 1;
  if (last >= 0 && t > g.times[last]) {
    if (g.value[last] > 0) {
      throw new Error(
        `The censoring distribution is unknown beyond the last training follow-up (${g.times[last]}); got ${t}`,
      );
    }
    return 0;
  }
  return stepAt(g, t, 1);
}

/**
 * IPCW Brier score at each of `times`; survival[i * times.length + k] is patient i's predicted S(times[k]).
 * `train` estimates the censoring distribution; `test` holds the patients predicted.
 */
export function brierScore(
  train: SurvivalOutcome,
  test: SurvivalOutcome,
  survival: ArrayLike<number>,
  times: ArrayLike<number>,
): Float64Array {
  checkOutcome(test);
  const n = test.time.length;
  const nt = times.length;
  if (n === 0) throw new Error('The Brier score needs at least one patient');
  if (survival.length !== n * nt) {
    throw new Error(`survival has ${survival.length} values; expected ${n} patients × ${nt} times`);
  }
  let minT = Infinity;
  let maxT = -Infinity;
  for (let i = 0; i < n; i++) {
    minT = Math.min(minT, test.time[i]);
    maxT = Math.max(maxT, test.time[i]);
  }
  for (let k = 0; k < nt; k++) {
    // scikit-survival's rule: beyond the test follow-up nobody is left to score.
    if (!(times[k] >= minT && times[k] < maxT)) {
      throw new Error(
        `Brier score time ${String(times[k])} is outside the test follow-up [${minT}, ${maxT})`,
      );
    }
  }
  for (let i = 0; i < survival.length; i++) {
    const s = survival[i];
    if (!(s >= 0 && s <= 1)) {
      throw new Error(
        `Predicted survival ${String(s)} (patient ${Math.floor(i / nt) + 1}) is not in [0, 1]`,
      );
    }
  }
  const g = censoringSurvival(train);
  const gAtTime = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Only events up to the latest time are cases; other patients' G(T_i) is never used.
    gAtTime[i] =
      test.event[i] === 1 && test.time[i] <= times[nt - 1] ? censoringAt(g, test.time[i]) : 1;
  }
  const out = new Float64Array(nt);
  for (let k = 0; k < nt; k++) {
    const t = times[k];
    const gt = censoringAt(g, t);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const s = survival[i * nt + k];
      if (test.time[i] <= t) {
        if (test.event[i] === 1 && gAtTime[i] > 0) sum += (s * s) / gAtTime[i];
      } else if (gt > 0) {
        sum += ((1 - s) * (1 - s)) / gt;
      }
    }
    out[k] = sum / n;
  }
  return out;
}

/** Integrated Brier score: trapezoidal integral of brierScore over increasing `times`, divided by their range. */
export function integratedBrierScore(
  train: SurvivalOutcome,
  test: SurvivalOutcome,
  survival: ArrayLike<number>,
  times: ArrayLike<number>,
): number {
  if (times.length < 2) throw new Error('The integrated Brier score needs at least two times');
  for (let k = 1; k < times.length; k++) {
    if (!(times[k] > times[k - 1])) throw new Error('Brier score times must increase strictly');
  }
  const bs = brierScore(train, test, survival, times);
  let area = 0;
  for (let k = 1; k < times.length; k++)
    area += ((bs[k] + bs[k - 1]) / 2) * (times[k] - times[k - 1]);
  return area / (times[times.length - 1] - times[0]);
}
