/**
 * Recalibration of a two-class outcome's probabilities when the calibration plot shows the model
 * over- or under-states risk. Fitted on cross-validated (out-of-sample) predictions, never on the
 * training fits, which a random forest makes look perfect. Two methods, as scikit-learn 1.2's
 * CalibratedClassifierCV (checked against it in recalibrate.test.ts):
 * - isotonic: the best non-decreasing step map by pool-adjacent-violators, applied with linear
 *   interpolation between the fitted points and clipped outside them (IsotonicRegression with
 *   out_of_bounds="clip"). Flexible; needs a few hundred patients.
 * - Platt: P = 1 / (1 + exp(A·p + B)) with Platt's smoothed targets (N₊ + 1)/(N₊ + 2) and
 *   1/(N₋ + 2), fitted by Newton's method with step halving. Two parameters; fine for small cohorts.
 * The Brier score after recalibration is reported cross-fitted (each patient's recalibrated value
 * comes from a map fitted without that patient), so it is not flattered by the refit; the in-sample
 * value is reported too.
 */
import { stratifiedKFold } from './crossValidation';

/** A fitted recalibration map. */
export type Calibrator =
  { method: 'isotonic'; x: number[]; y: number[] } | { method: 'platt'; a: number; b: number };

export type RecalibrationMethod = Calibrator['method'];

function checkInput(scores: ArrayLike<number>, y: ArrayLike<number>): void {
  if (scores.length !== y.length) {
    throw new Error(`Recalibration: ${scores.length} probabilities but ${y.length} outcomes`);
  }
  if (scores.length === 0) throw new Error('Recalibration: there are no patients');
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 0 && y[i] !== 1)
      throw new Error(`Recalibration: row ${i + 1} has outcome ${y[i]}, not 0 or 1`);
    if (!Number.isFinite(scores[i]))
      throw new Error(`Recalibration: the probability of row ${i + 1} is not finite`);
  }
}

/** Isotonic (non-decreasing) fit of y on scores by pool-adjacent-violators; ties in score are averaged first. */
export function fitIsotonic(scores: ArrayLike<number>, y: ArrayLike<number>): Calibrator {
  checkInput(scores, y);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[a] - scores[b],
  );
  // Unique scores with the mean outcome and count of their patients.
  const xs: number[] = [];
  const means: number[] = [];
  const weights: number[] = [];
  for (const i of order) {
    const last = xs.length - 1;
    if (last >= 0 && xs[last] === scores[i]) {
      means[last] = (means[last] * weights[last] + y[i]) / (weights[last] + 1);
      weights[last]++;
    } else {
      xs.push(scores[i]);
      means.push(y[i]);
      weights.push(1);
    }
  }
  // Pool adjacent violators: a stack of blocks (value, weight, length), merged while decreasing.
  const bv: number[] = [];
  const bw: number[] = [];
  const bl: number[] = [];
  for (let j = 0; j < xs.length; j++) {
    let v = means[j];
    let w = weights[j];
    let len = 1;
    while (bv.length > 0 && bv[bv.length - 1] >= v) {
      const pv = bv.pop() as number;
      const pw = bw.pop() as number;
      len += bl.pop() as number;
      v = (pv * pw + v * w) / (pw + w);
      w += pw;
    }
    bv.push(v);
    bw.push(w);
    bl.push(len);
  }
  const fitted: number[] = [];
  for (let b = 0; b < bv.length; b++) for (let j = 0; j < bl[b]; j++) fitted.push(bv[b]);
  return { method: 'isotonic', x: xs, y: fitted };
}

/** Platt scaling: P = 1 / (1 + exp(A·p + B)) fitted to smoothed targets by Newton's method; returns a = A, b = B. */
export function fitPlatt(scores: ArrayLike<number>, y: ArrayLike<number>): Calibrator {
  checkInput(scores, y);
  const n = y.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += y[i];
  const nNeg = n - nPos;
  const tPos = (nPos + 1) / (nPos + 2);
  const tNeg = 1 / (nNeg + 2);
  const t = Array.from({ length: n }, (_, i) => (y[i] === 1 ? tPos : tNeg));
  // Work with z = A·f + B and P = σ(−z); the loss is convex, Newton with halving converges.
  const loss = (A: number, B: number): number => {
    let l = 0;
    for (let i = 0; i < n; i++) {
      const z = A * scores[i] + B;
      // −[t log σ(−z) + (1 − t) log σ(z)] written stably.
      l += t[i] * softplus(z) + (1 - t[i]) * softplus(-z);
    }
    return l;
  };
  let A = 0;
  let B = Math.log((nNeg + 1) / (nPos + 1));
  let current = loss(A, B);
  for (let iter = 0; iter < 100; iter++) {
    let gA = 0;
    let gB = 0;
    let hAA = 1e-12;
    let hAB = 0;
    let hBB = 1e-12;
    for (let i = 0; i < n; i++) {
      const f = scores[i];
      const P = 1 / (1 + Math.exp(A * f + B));
      const d = t[i] - P; // ∂loss/∂z
      const h = P * (1 - P);
      gA += d * f;
      gB += d;
      hAA += h * f * f;
      hAB += h * f;
      hBB += h;
    }
    if (Math.abs(gA) < 1e-10 && Math.abs(gB) < 1e-10) break;
    const det = hAA * hBB - hAB * hAB;
    const dA = -(hBB * gA - hAB * gB) / det;
    const dB = -(-hAB * gA + hAA * gB) / det;
    // Newton decrement: near the optimum the loss (a sum over n patients) changes by less than its own rounding,
    // so the line search below would halve the step ~34 times every iteration until the 100th. Once the
    // decrement is that small the full Newton step is accurate to rounding: take it and stop.
    const decrement = -(gA * dA + gB * dB);
    if (!Number.isFinite(decrement)) break;
    if (decrement < 1e-14 * n) {
      A += dA;
      B += dB;
      break;
    }
    let step = 1;
    let improved = false;
    while (step > 1e-10) {
      const next = loss(A + step * dA, B + step * dB);
      if (next < current + 1e-4 * step * (gA * dA + gB * dB)) {
        A += step * dA;
        B += step * dB;
        current = next;
        improved = true;
        break;
      }
      step /= 2;
    }
    if (!improved) break;
  }
  return { method: 'platt', a: A, b: B };
}

function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/** The recalibrated probability of one score. */
export function applyCalibrator(cal: Calibrator, p: number): number {
  if (Number.isNaN(p)) return NaN;
  if (cal.method === 'platt') return 1 / (1 + Math.exp(cal.a * p + cal.b));
  const { x, y } = cal;
  if (p <= x[0]) return y[0];
  if (p >= x[x.length - 1]) return y[y.length - 1];
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= p) lo = mid;
    else hi = mid;
  }
  return y[lo] + ((y[hi] - y[lo]) * (p - x[lo])) / (x[hi] - x[lo]);
}

/** Fit a calibrator of the given method. */
export function fitCalibrator(
  method: RecalibrationMethod,
  scores: ArrayLike<number>,
  y: ArrayLike<number>,
): Calibrator {
  return method === 'isotonic' ? fitIsotonic(scores, y) : fitPlatt(scores, y);
}

/** Mean squared difference between probability and outcome (two-class Brier score). */
function brier(p: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (p[i] - y[i]) ** 2;
  return s / y.length;
}

/** What recalibrate returns. */
export interface Recalibration {
  method: RecalibrationMethod;
  /** The map fitted on all patients: apply it to new predictions with applyCalibrator. */
  calibrator: Calibrator;
  brierBefore: number;
  /** Brier score of cross-fitted recalibrated probabilities (honest). */
  brierAfter: number;
  /** Brier score of the final map on the patients it was fitted on (optimistic). */
  brierAfterInSample: number;
  /** Cross-fitted recalibrated probability of each patient, for the after calibration plot. */
  recalibrated: Float64Array;
  /** Folds used for cross-fitting. */
  folds: number;
}

/**
 * Recalibrate cross-validated probabilities `scores` of the outcome (`y` 1 when it happened) with
 * isotonic or Platt, reporting the Brier score before and after (cross-fitted over `folds` folds).
 */
export function recalibrate(
  y: ArrayLike<number>,
  scores: ArrayLike<number>,
  method: RecalibrationMethod,
  options: { folds?: number; seed?: number } = {},
): Recalibration {
  checkInput(scores, y);
  const cv = stratifiedKFold(y, 2, options.folds ?? 5, options.seed ?? 1);
  const n = y.length;
  const recalibrated = new Float64Array(n);
  const isTest = new Uint8Array(n);
  for (const testRows of cv.folds) {
    isTest.fill(0);
    for (const r of testRows) isTest[r] = 1;
    const fs: number[] = [];
    const fy: number[] = [];
    for (let r = 0; r < n; r++) {
      if (isTest[r]) continue;
      fs.push(scores[r]);
      fy.push(y[r]);
    }
    const cal = fitCalibrator(method, fs, fy);
    for (const r of testRows) recalibrated[r] = applyCalibrator(cal, scores[r]);
  }
  const calibrator = fitCalibrator(method, scores, y);
  const inSample = Float64Array.from({ length: n }, (_, i) =>
    applyCalibrator(calibrator, scores[i]),
  );
  return {
    method,
    calibrator,
    brierBefore: brier(scores, y),
    brierAfter: brier(recalibrated, y),
    brierAfterInSample: brier(inSample, y),
    recalibrated,
    folds: cv.k,
  };
}
