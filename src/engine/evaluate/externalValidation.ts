/**
 * External validation: how a model does on patients it never saw, with their outcomes known (a batch file with the
 * outcome column). The same figures as the Evaluate step (computeMetrics with withIntervals), plus the two
 * calibration figures a validation study reports (Van Calster et al. 2019, "Calibration: the Achilles heel of
 * predictive analytics"; Steyerberg, "Clinical prediction models", ch. 15):
 *
 * - calibration-in-the-large α: logit P(y = 1) = α + logit p̂ with the slope fixed at 1. 0 when the predicted risks
 *   are right on average; above 0 when the model under-predicts, below when it over-predicts.
 * - calibration slope β: logit P(y = 1) = a + β · logit p̂. 1 when the spread is right; below 1 when the predictions
 *   are too extreme (typical of overfitting), above 1 when too modest.
 *
 * Both are maximum-likelihood logistic fits by Newton's method, with Wald 95 % intervals. A forest can give a
 * probability of exactly 0 or 1, whose logit is infinite; those are clipped to [ε, 1 − ε] and counted, so the
 * figure never silently rests on them.
 */
import { CHANCE_AUC, chanceVerdict, type ChanceVerdict } from './clinical';
import { withIntervals, Z95 } from './intervals';
import { computeMetrics } from './metrics';
import type { EvaluationMetrics, Interval } from './types';

/** Probabilities are clipped to [CLIP, 1 − CLIP] before the logit (a forest's 0 and 1 have infinite logits). */
export const CLIP = 0.001;

/** The logistic recalibration figures of binary predictions. */
export interface LogisticCalibration {
  /** Calibration-in-the-large α (slope fixed at 1); NaN when it cannot be fitted (see note). */
  inTheLarge: number;
  inTheLargeInterval: Interval;
  /** Calibration slope β; NaN when it cannot be fitted (see note). */
  slope: number;
  slopeInterval: Interval;
  /** Intercept a of the slope fit. */
  slopeIntercept: number;
  /** Predictions clipped to [epsilon, 1 − epsilon] before the logit. */
  clipped: number;
  epsilon: number;
  /** Why a figure is missing, in plain words; null when both were fitted. */
  note: string | null;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function logLik(y: ArrayLike<number>, eta: (i: number) => number): number {
  let l = 0;
  for (let i = 0; i < y.length; i++) {
    const z = eta(i);
    // y z − log(1 + e^z), written stably.
    l += y[i] * z - (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
  }
  return l;
}

/**
 * Logistic recalibration of predicted probabilities `p` of the event against outcomes `y` (1 = event, 0 = not):
 * calibration-in-the-large and calibration slope with Wald intervals.
 */
export function logisticCalibration(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  epsilon = CLIP,
): LogisticCalibration {
  if (y.length !== p.length) throw new Error(`${y.length} outcomes for ${p.length} predictions`);
  const n = y.length;
  const x = new Float64Array(n);
  let clipped = 0;
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (!(y[i] === 0 || y[i] === 1)) throw new Error(`Outcome ${y[i]} is neither 0 nor 1`);
    if (!Number.isFinite(p[i])) throw new Error(`Prediction ${i + 1} is not a number`);
    events += y[i];
    let q = p[i];
    if (q < epsilon || q > 1 - epsilon) {
      clipped++;
      q = Math.min(1 - epsilon, Math.max(epsilon, q));
    }
    x[i] = Math.log(q / (1 - q));
  }
  const none: LogisticCalibration = {
    inTheLarge: NaN,
    inTheLargeInterval: [NaN, NaN],
    slope: NaN,
    slopeInterval: [NaN, NaN],
    slopeIntercept: NaN,
    clipped,
    epsilon,
    note: null,
  };
  if (n === 0) return { ...none, note: 'No patients with a known outcome to calibrate on.' };
  if (events === 0 || events === n) {
    return {
      ...none,
      note: `Every patient has the same outcome, so calibration cannot be measured.`,
    };
  }

  // α with offset x: one-dimensional Newton with step halving.
  let alpha = 0;
  let info = 0;
  for (let iter = 0; iter < 100; iter++) {
    let g = 0;
    let h = 0;
    for (let i = 0; i < n; i++) {
      const m = sigmoid(alpha + x[i]);
      g += y[i] - m;
      h += m * (1 - m);
    }
    info = h;
    const step = g / h;
    if (!Number.isFinite(step)) break;
    let t = 1;
    const before = logLik(y, (i) => alpha + x[i]);
    while (t > 1e-10 && logLik(y, (i) => alpha + t * step + x[i]) < before - 1e-12) t /= 2;
    alpha += t * step;
    if (Math.abs(t * step) < 1e-12) break;
  }
  const seAlpha = 1 / Math.sqrt(info);

  const alphaOnly: LogisticCalibration = {
    ...none,
    inTheLarge: alpha,
    inTheLargeInterval: [alpha - Z95 * seAlpha, alpha + Z95 * seAlpha],
  };
  let spread = false;
  for (let i = 1; i < n && !spread; i++) if (x[i] !== x[0]) spread = true;
  if (!spread) {
    return {
      ...alphaOnly,
      note: 'Every patient got the same prediction, so no calibration slope can be fitted.',
    };
  }

  // (a, β) by Newton on the 2 × 2 system.
  let a = 0;
  let b = 1;
  let converged = false;
  let hAA = 0;
  let hAB = 0;
  let hBB = 0;
  for (let iter = 0; iter < 200; iter++) {
    let gA = 0;
    let gB = 0;
    hAA = 0;
    hAB = 0;
    hBB = 0;
    for (let i = 0; i < n; i++) {
      const m = sigmoid(a + b * x[i]);
      const r = y[i] - m;
      const w = m * (1 - m);
      gA += r;
      gB += r * x[i];
      hAA += w;
      hAB += w * x[i];
      hBB += w * x[i] * x[i];
    }
    const det = hAA * hBB - hAB * hAB;
    if (!(det > 0)) break;
    const dA = (hBB * gA - hAB * gB) / det;
    const dB = (-hAB * gA + hAA * gB) / det;
    const before = logLik(y, (i) => a + b * x[i]);
    let t = 1;
    while (t > 1e-10 && logLik(y, (i) => a + t * dA + (b + t * dB) * x[i]) < before - 1e-12) t /= 2;
    a += t * dA;
    b += t * dB;
    if (Math.abs(t * dA) < 1e-10 && Math.abs(t * dB) < 1e-10) {
      converged = true;
      break;
    }
  }
  const det = hAA * hBB - hAB * hAB;
  // A slope running away (predictions separate the outcomes perfectly) has no finite maximum: say so.
  if (!converged || !(det > 0) || Math.abs(b) > 1e3) {
    return {
      ...alphaOnly,
      note: 'The predictions separate the outcomes perfectly, so the calibration slope has no finite estimate.',
    };
  }
  const seB = Math.sqrt(hAA / det);
  return {
    inTheLarge: alpha,
    inTheLargeInterval: [alpha - Z95 * seAlpha, alpha + Z95 * seAlpha],
    slope: b,
    slopeInterval: [b - Z95 * seB, b + Z95 * seB],
    slopeIntercept: a,
    clipped,
    epsilon,
    note: null,
  };
}

/** Everything an external validation reports. */
export interface ExternalValidation {
  /** Patients scored (known outcome, one of the model's classes, not training patients). */
  n: number;
  /** Patients per class, in class order. */
  classCounts: number[];
  /** The Evaluate step's figures on these patients, with 95 % intervals. */
  metrics: EvaluationMetrics;
  /** Two classes: the class whose probability the AUC, calibration and Brier read; null otherwise. */
  positiveClass: string | null;
  /** Two classes: calibration-in-the-large and slope of the positive class; null otherwise. */
  calibration: LogisticCalibration | null;
  /** Whether the model beat chance on these patients. */
  chance: ChanceVerdict;
}

/**
 * External validation of class probabilities `proba` (row-major n×K) against true classes `y` of new patients:
 * computeMetrics with intervals, and for two classes the logistic calibration of class `positive`.
 */
export function externalValidation(
  y: Uint8Array,
  proba: Float64Array,
  nClasses: number,
  classNames: string[],
  options: { positive?: number; seed: number },
): ExternalValidation {
  const positive = options.positive === 0 ? 0 : 1;
  const base = computeMetrics(y, proba, nClasses, classNames, positive);
  const metrics = withIntervals(base, y, proba, nClasses, { seed: options.seed, positive });
  const classCounts = new Array<number>(nClasses).fill(0);
  for (let i = 0; i < y.length; i++) classCounts[y[i]]++;
  let calibration: LogisticCalibration | null = null;
  if (nClasses === 2) {
    const yy = Uint8Array.from(y, (c) => (c === positive ? 1 : 0));
    const pp = Float64Array.from({ length: y.length }, (_, i) => proba[i * 2 + positive]);
    calibration = logisticCalibration(yy, pp);
  }
  return {
    n: y.length,
    classCounts,
    metrics,
    positiveClass: nClasses === 2 ? (classNames[positive] ?? String(positive)) : null,
    calibration,
    chance: externalChance(metrics),
  };
}

/** chanceVerdict's rule, in words about these patients rather than about cross-validation. */
function externalChance(metrics: EvaluationMetrics): ChanceVerdict {
  const v = chanceVerdict(metrics);
  if (v.beatsChance) return v;
  const coin = Number.isFinite(metrics.auc) && metrics.auc < CHANCE_AUC;
  return {
    beatsChance: false,
    message: coin
      ? `On these new patients the model ranked no better than chance (ROC AUC ${metrics.auc.toFixed(2)}): do not rely on its predictions for patients like them.`
      : 'On these new patients the model did no better than always guessing the most common outcome: do not rely on its predictions for patients like them.',
  };
}
