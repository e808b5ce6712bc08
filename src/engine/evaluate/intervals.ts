/**
 * 95 % confidence intervals for the evaluation figures, from the same out-of-sample predictions as the figures:
 *
 * - Binary ROC AUC: DeLong, DeLong & Clarke-Pearson (1988)'s variance of the Mann–Whitney AUC, the interval drawn on
 *   the logit scale so it stays inside 0–1 and does not collapse towards 1 on small cohorts. When DeLong's variance
 *   is 0 (perfect separation, or every score tied) it would claim certainty; the interval then uses the largest
 *   variance any AUC can have, A(1 − A)/min(n₁, n₀) (Birnbaum & Klose 1957), as a Wilson score interval — wide, but
 *   never falsely narrow.
 * - Proportions (accuracy; sensitivity, specificity and accuracy at a threshold): Wilson score intervals.
 * - Balanced accuracy, Brier score, net benefit at each threshold and the macro one-vs-rest AUC of more classes: a
 *   stratified percentile bootstrap (every resample keeps each class's number of patients), seeded so the same
 *   seed gives the same intervals.
 *
 * The intervals say how much the figures could differ on another cohort of the same size from the same population;
 * they do not include the variation from growing the forests again with another seed.
 */
import { deriveSeed, Rng } from '../forest/rng';
import { argmaxRows } from './metrics';
import { defaultThresholds } from './netBenefit';
import type { EvaluationMetrics, Interval, MetricIntervals, ThresholdIntervals } from './types';

export type { Interval, MetricIntervals, ThresholdIntervals };

export const Z95 = 1.959963984540054;
/** Bootstrap resamples behind the bootstrap intervals: enough for steady 2.5 % and 97.5 % percentiles. */
export const BOOTSTRAP_RESAMPLES = 2000;
/**
 * Most patient draws (resamples × patients) a bootstrap may take, about a second in a browser: cohorts above 10,000
 * patients get fewer resamples, never fewer than MIN_BOOTSTRAP_RESAMPLES (their intervals are narrow anyway).
 */
export const BOOTSTRAP_BUDGET = 20_000_000;
/** Fewest resamples however large the cohort. */
export const MIN_BOOTSTRAP_RESAMPLES = 200;
/** The generator stream of the bootstrap, apart from every tree's (no forest has this many trees). */
const BOOTSTRAP_STREAM = 0x7ffffffe;

const NO_INTERVAL: Interval = [NaN, NaN];

/** Wilson score interval of a proportion `successes`/`n` (NaN bounds when n is 0). */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval {
  if (!(n > 0)) return [...NO_INTERVAL];
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** DeLong's AUC and the pieces of its variance, for checking against a hand calculation. */
export interface DeLongResult {
  auc: number;
  /** Positives and negatives. */
  nPositive: number;
  nNegative: number;
  /** Per positive: the share of negatives it outranks (ties count half); their mean is the AUC. */
  v10: Float64Array;
  /** Per negative: the share of positives that outrank it (ties count half). */
  v01: Float64Array;
  /** Sample variances (n − 1 denominators) of v10 and v01. */
  s10: number;
  s01: number;
  /** s10/n₁ + s01/n₀. */
  variance: number;
  se: number;
}

/** Mid-ranks (1-based, ties sharing their mean rank) of `values`. */
function midRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/**
 * DeLong's variance of the ROC AUC of `scores` for `y` (1 = positive), in O(n log n) by mid-ranks (Sun & Xu 2014):
 * a positive's share of negatives below it is (its rank among all − its rank among positives)/n₀. Throws on NaN
 * scores; NaN AUC and variance when a class has fewer than 2 patients.
 */
export function delong(y: ArrayLike<number>, scores: ArrayLike<number>): DeLongResult {
  if (y.length !== scores.length)
    throw new Error(`DeLong: ${y.length} outcomes but ${scores.length} scores`);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < y.length; i++) {
    if (Number.isNaN(scores[i]))
      throw new Error(`DeLong: the score of row ${i + 1} is NaN (not a number)`);
    (y[i] === 1 ? pos : neg).push(scores[i]);
  }
  const m = pos.length;
  const n = neg.length;
  const empty = {
    auc: NaN,
    nPositive: m,
    nNegative: n,
    v10: new Float64Array(0),
    v01: new Float64Array(0),
    s10: NaN,
    s01: NaN,
    variance: NaN,
    se: NaN,
  };
  if (m === 0 || n === 0) return empty;
  const all = midRanks([...pos, ...neg]);
  const rPos = midRanks(pos);
  const rNeg = midRanks(neg);
  const v10 = new Float64Array(m);
  const v01 = new Float64Array(n);
  for (let i = 0; i < m; i++) v10[i] = (all[i] - rPos[i]) / n;
  for (let j = 0; j < n; j++) v01[j] = 1 - (all[m + j] - rNeg[j]) / m;
  let auc = 0;
  for (const v of v10) auc += v;
  auc /= m;
  const sampleVariance = (v: Float64Array): number => {
    if (v.length < 2) return NaN;
    let s = 0;
    for (const x of v) s += (x - auc) * (x - auc);
    return s / (v.length - 1);
  };
  const s10 = sampleVariance(v10);
  const s01 = sampleVariance(v01);
  const variance = s10 / m + s01 / n;
  return { auc, nPositive: m, nNegative: n, v10, v01, s10, s01, variance, se: Math.sqrt(variance) };
}

/**
 * The difference of two scores' ROC AUCs on the same patients, AUC(a) − AUC(b), and its standard error by DeLong's
 * paired variance: per positive and per negative, the difference of their two shares (see DeLongResult), whose
 * sample variances over n₁ and n₀ add up. Paired: both scores' noise from the patients drawn cancels where they agree.
 */
export function pairedAucDifference(
  y: ArrayLike<number>,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { difference: number; se: number } {
  const da = delong(y, a);
  const db = delong(y, b);
  const difference = da.auc - db.auc;
  const varianceOfDifferences = (u: Float64Array, v: Float64Array): number => {
    if (u.length < 2) return NaN;
    let mean = 0;
    for (let i = 0; i < u.length; i++) mean += u[i] - v[i];
    mean /= u.length;
    let s = 0;
    for (let i = 0; i < u.length; i++) s += (u[i] - v[i] - mean) ** 2;
    return s / (u.length - 1);
  };
  const variance =
    varianceOfDifferences(da.v10, db.v10) / da.nPositive +
    varianceOfDifferences(da.v01, db.v01) / da.nNegative;
  return { difference, se: Math.sqrt(variance) };
}

/**
 * 95 % interval of a binary ROC AUC: DeLong on the logit scale, or, when DeLong's variance is 0, the Wilson interval
 * with the Birnbaum–Klose largest variance (see the file's comment). NaN bounds when a class has fewer than 2.
 */
export function aucInterval(
  y: ArrayLike<number>,
  scores: ArrayLike<number>,
  z = Z95,
): { interval: Interval; method: 'delong' | 'variance-bound'; se: number } {
  const d = delong(y, scores);
  if (!Number.isFinite(d.variance))
    return { interval: [...NO_INTERVAL], method: 'delong', se: NaN };
  const a = d.auc;
  if (d.variance > 0 && a > 0 && a < 1) {
    const logit = Math.log(a / (1 - a));
    const half = (z * d.se) / (a * (1 - a));
    const expit = (x: number): number => 1 / (1 + Math.exp(-x));
    return { interval: [expit(logit - half), expit(logit + half)], method: 'delong', se: d.se };
  }
  // Var(Â) ≤ A(1 − A)/min(n₁, n₀) for any AUC A: the Wilson interval of Â at that effective size.
  const nEff = Math.min(d.nPositive, d.nNegative);
  return { interval: wilsonInterval(a * nEff, nEff, z), method: 'variance-bound', se: d.se };
}

/** The q-quantile (0..1) of sorted values, linear between order statistics (numpy's default). */
function quantileSorted(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Percentile interval of bootstrap values (NaN replicates left out; NaN bounds when none is left). */
export function percentileInterval(values: ArrayLike<number>, level = 0.95): Interval {
  const finite = Float64Array.from(Array.from(values).filter((v) => Number.isFinite(v))).sort();
  if (finite.length === 0) return [...NO_INTERVAL];
  const tail = (1 - level) / 2;
  return [quantileSorted(finite, tail), quantileSorted(finite, 1 - tail)];
}

/**
 * Draws stratified bootstrap weights: for each class, as many draws with replacement among that class's rows as it
 * has rows; `weights[i]` is how many times row i was drawn.
 */
export function stratifiedResample(byClass: Int32Array[], weights: Float64Array, rng: Rng): void {
  weights.fill(0);
  for (const rows of byClass) {
    for (let d = 0; d < rows.length; d++) weights[rows[rng.nextInt(rows.length)]] += 1;
  }
}

/** Options of metricIntervals. */
export interface IntervalOptions {
  /** Seed of the bootstrap (the model's random state, so a seed reproduces everything). */
  seed: number;
  /** Bootstrap resamples (default: BOOTSTRAP_RESAMPLES, fewer on cohorts too large for BOOTSTRAP_BUDGET). */
  resamples?: number;
  /** Binary outcomes: index of the positive class (default 1). */
  positive?: number;
  /** Thresholds of the per-threshold intervals (default the decision curve's 0.01..0.99). */
  thresholds?: readonly number[];
}

/** Weighted area under the ROC curve over rows pre-sorted by score descending (weights are bootstrap counts). */
function weightedAuc(
  order: Int32Array,
  scores: Float64Array,
  isPos: Uint8Array,
  w: Float64Array,
): number {
  let tp = 0;
  let P = 0;
  let N = 0;
  let area = 0;
  let i = 0;
  const n = order.length;
  while (i < n) {
    const s = scores[order[i]];
    let gp = 0;
    let gn = 0;
    while (i < n && scores[order[i]] === s) {
      const r = order[i];
      if (isPos[r]) gp += w[r];
      else gn += w[r];
      i++;
    }
    area += gn * (tp + gp / 2);
    tp += gp;
    P += gp;
    N += gn;
  }
  return P > 0 && N > 0 ? area / (P * N) : NaN;
}

/**
 * The 95 % intervals of computeMetrics' figures for the same probabilities (rows without finite probabilities are
 * left out, as computeMetrics does), with the per-threshold intervals of binary outcomes.
 */
export function metricIntervals(
  y: ArrayLike<number>,
  proba: ArrayLike<number>,
  nClasses: number,
  options: IntervalOptions,
): MetricIntervals {
  const K = nClasses;
  const B =
    options.resamples ??
    Math.max(
      MIN_BOOTSTRAP_RESAMPLES,
      Math.min(BOOTSTRAP_RESAMPLES, Math.floor(BOOTSTRAP_BUDGET / Math.max(1, y.length))),
    );
  if (!(Number.isInteger(B) && B >= 1))
    throw new Error(`Bootstrap resamples must be a whole number >= 1, got ${B}`);
  const keep: number[] = [];
  for (let r = 0; r < y.length; r++) {
    let ok = true;
    for (let k = 0; k < K; k++) if (!Number.isFinite(proba[r * K + k])) ok = false;
    if (ok) keep.push(r);
  }
  const n = keep.length;
  const yy = Uint8Array.from(keep, (r) => y[r]);
  const pp = new Float64Array(n * K);
  keep.forEach((r, j) => {
    for (let k = 0; k < K; k++) pp[j * K + k] = proba[r * K + k];
  });
  const pred = argmaxRows(pp, K);
  const byClassList: number[][] = Array.from({ length: K }, () => []);
  for (let i = 0; i < n; i++) byClassList[yy[i]].push(i);
  const byClass = byClassList.map((rows) => Int32Array.from(rows));
  const classCount = byClass.map((rows) => rows.length);
  // Per-row pieces that every resample re-weights.
  const brierRow = new Float64Array(n);
  let correct = 0;
  for (let i = 0; i < n; i++) {
    if (pred[i] === yy[i]) correct++;
    if (K === 2) {
      const d = pp[i * 2 + 1] - (yy[i] === 1 ? 1 : 0);
      brierRow[i] = d * d;
    } else {
      for (let k = 0; k < K; k++) {
        const d = pp[i * K + k] - (yy[i] === k ? 1 : 0);
        brierRow[i] += d * d;
      }
    }
  }

  const binary = K === 2;
  const pos = binary && options.positive === 0 ? 0 : 1;
  const thresholds = binary ? (options.thresholds ?? defaultThresholds()) : [];
  const T = thresholds.length;
  const posScore = new Float64Array(n);
  const isPos = new Uint8Array(n);
  // bucket[i]: how many thresholds row i reaches (p ≥ t), so a threshold's counts are suffix sums of buckets.
  const bucket = new Int32Array(n);
  if (binary) {
    for (let i = 0; i < n; i++) {
      posScore[i] = pp[i * 2 + pos];
      isPos[i] = yy[i] === pos ? 1 : 0;
      let b = 0;
      while (b < T && posScore[i] >= thresholds[b]) b++;
      bucket[i] = b;
    }
  }
  // Multi-class macro AUC: each class's rows sorted once by its probability.
  const orders: Int32Array[] = [];
  const columns: Float64Array[] = [];
  const oneVsRest: Uint8Array[] = [];
  if (!binary) {
    for (let k = 0; k < K; k++) {
      const col = Float64Array.from({ length: n }, (_, i) => pp[i * K + k]);
      const order = Int32Array.from({ length: n }, (_, i) => i);
      order.sort((a, b) => col[b] - col[a]);
      columns.push(col);
      orders.push(order);
      oneVsRest.push(Uint8Array.from(yy, (c) => (c === k ? 1 : 0)));
    }
  }

  const bootBalanced = new Float64Array(B);
  const bootBrier = new Float64Array(B);
  const bootAuc = binary ? null : new Float64Array(B);
  const bootNb = binary ? new Float64Array(B * T) : null;
  const bootBal = binary ? new Float64Array(B * T) : null;
  const w = new Float64Array(n);
  const hitsPos = new Float64Array(T + 1);
  const hitsNeg = new Float64Array(T + 1);
  const rng = new Rng(deriveSeed(options.seed, BOOTSTRAP_STREAM));
  const nPos = binary ? classCount[pos] : 0;
  const nNeg = binary ? n - nPos : 0;
  const recallHits = new Float64Array(K);
  for (let b = 0; b < B && n > 0; b++) {
    stratifiedResample(byClass, w, rng);
    let brier = 0;
    recallHits.fill(0);
    for (let i = 0; i < n; i++) {
      brier += w[i] * brierRow[i];
      if (pred[i] === yy[i]) recallHits[yy[i]] += w[i];
    }
    bootBrier[b] = brier / n;
    let sum = 0;
    let present = 0;
    for (let k = 0; k < K; k++) {
      if (classCount[k] > 0) {
        sum += recallHits[k] / classCount[k];
        present++;
      }
    }
    bootBalanced[b] = present > 0 ? sum / present : NaN;
    if (bootAuc) {
      let aucSum = 0;
      let aucCount = 0;
      for (let k = 0; k < K; k++) {
        const a = weightedAuc(orders[k], columns[k], oneVsRest[k], w);
        if (!Number.isNaN(a)) {
          aucSum += a;
          aucCount++;
        }
      }
      bootAuc[b] = aucCount > 0 ? aucSum / aucCount : NaN;
    }
    if (bootNb && bootBal) {
      hitsPos.fill(0);
      hitsNeg.fill(0);
      for (let i = 0; i < n; i++) {
        if (isPos[i]) hitsPos[bucket[i]] += w[i];
        else hitsNeg[bucket[i]] += w[i];
      }
      // tp(t_j) = weight of positives reaching beyond threshold j: a running sum from the top bucket down.
      let tp = 0;
      let fp = 0;
      for (let j = T - 1; j >= 0; j--) {
        tp += hitsPos[j + 1];
        fp += hitsNeg[j + 1];
        const t = thresholds[j];
        bootNb[b * T + j] = tp / n - (fp / n) * (t / (1 - t));
        const sens = nPos > 0 ? tp / nPos : NaN;
        const spec = nNeg > 0 ? 1 - fp / nNeg : NaN;
        bootBal[b * T + j] = (sens + spec) / 2;
      }
    }
  }

  const perThreshold: ThresholdIntervals[] = [];
  if (binary && bootNb && bootBal) {
    const column = (values: Float64Array, j: number): Float64Array =>
      Float64Array.from({ length: B }, (_, b) => values[b * T + j]);
    let tp = 0;
    let fp = 0;
    const countPos = new Int32Array(T + 1);
    const countNeg = new Int32Array(T + 1);
    for (let i = 0; i < n; i++) (isPos[i] ? countPos : countNeg)[bucket[i]]++;
    const rows: ThresholdIntervals[] = [];
    for (let j = T - 1; j >= 0; j--) {
      tp += countPos[j + 1];
      fp += countNeg[j + 1];
      const tn = nNeg - fp;
      rows.push({
        threshold: thresholds[j],
        sensitivity: wilsonInterval(tp, nPos),
        specificity: wilsonInterval(tn, nNeg),
        accuracy: wilsonInterval(tp + tn, n),
        balancedAccuracy: percentileInterval(column(bootBal, j)),
        netBenefit: percentileInterval(column(bootNb, j)),
      });
    }
    perThreshold.push(...rows.reverse());
  }

  let auc: MetricIntervals['auc'] = [...NO_INTERVAL];
  let aucMethod: MetricIntervals['aucMethod'] = binary ? 'delong' : 'bootstrap';
  if (binary) {
    const a = aucInterval(isPos, posScore);
    auc = a.interval;
    aucMethod = a.method;
  } else if (bootAuc) {
    auc = percentileInterval(bootAuc);
  }
  return {
    level: 0.95,
    auc,
    aucMethod,
    accuracy: wilsonInterval(correct, n),
    balancedAccuracy: n > 0 ? percentileInterval(bootBalanced) : [...NO_INTERVAL],
    brier: n > 0 ? percentileInterval(bootBrier) : [...NO_INTERVAL],
    resamples: B,
    thresholds: perThreshold,
  };
}

/** `metrics` (computeMetrics' figures of these probabilities) with their 95 % intervals attached. */
export function withIntervals(
  metrics: EvaluationMetrics,
  y: ArrayLike<number>,
  proba: ArrayLike<number>,
  nClasses: number,
  options: IntervalOptions,
): EvaluationMetrics {
  return { ...metrics, intervals: metricIntervals(y, proba, nClasses, options) };
}

/** The figures read at one decision threshold, each with its 95 % interval. */
export interface ThresholdFigures {
  threshold: number;
  sensitivity: number;
  specificity: number;
  netBenefit: number;
  intervals: ThresholdIntervals | null;
}

/**
 * Binary outcomes: sensitivity, specificity and net benefit of the positive class at `threshold` ("positive when
 * p ≥ threshold"), read from the metrics' curve counts, with the intervals computed for that threshold (null when
 * the threshold is not one of them); null for more classes.
 */
export function figuresAtThreshold(
  metrics: EvaluationMetrics,
  threshold: number,
): ThresholdFigures | null {
  const curve = metrics.curves.length === 1 ? metrics.curves[0] : null;
  if (!curve || curve.points.length === 0) return null;
  // Points run by threshold descending: the last one still at or above `threshold` holds its counts.
  let point = curve.points[0];
  for (const p of curve.points) if (p.threshold >= threshold) point = p;
  const { tp, fp, tn, fn } = point;
  const n = tp + fp + tn + fn;
  const intervals =
    metrics.intervals?.thresholds.find((t) => Math.abs(t.threshold - threshold) < 1e-9) ?? null;
  return {
    threshold,
    sensitivity: tp + fn > 0 ? tp / (tp + fn) : NaN,
    specificity: tn + fp > 0 ? tn / (tn + fp) : NaN,
    netBenefit: n > 0 ? tp / n - (fp / n) * (threshold / (1 - threshold)) : NaN,
    intervals,
  };
}
