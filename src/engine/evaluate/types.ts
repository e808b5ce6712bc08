/*
 * Evaluation result types. Same shapes as those of src/worker/api.ts (checked by types.test.ts), kept
 * here so the engine never imports from the worker layer above it; api.ts can re-export these.
 */

/** Confusion counts and rates at one threshold ("predict positive when p >= threshold"). */
export interface CurvePoint {
  threshold: number;
  tpr: number;
  fpr: number;
  precision: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** One-vs-rest curves of one class. */
export interface ClassCurves {
  className: string;
  auc: number;
  averagePrecision: number;
  /** Sorted by threshold descending; confusion counts at "predict positive when p >= threshold". */
  points: CurvePoint[];
}

/** One bin of a reliability (calibration) plot. */
export interface CalibrationBin {
  lower: number;
  upper: number;
  meanPredicted: number;
  fractionPositive: number;
  count: number;
}

/** Everything the Evaluate step shows for one set of out-of-sample predictions. */
export interface EvaluationMetrics {
  auc: number;
  accuracy: number;
  balancedAccuracy: number;
  brier: number;
  /** One-vs-rest curves; binary outcomes have one entry, for the second class in sorted order. */
  curves: ClassCurves[];
  /** At argmax: confusion[trueClass][predictedClass]. */
  confusion: number[][];
  /** Calibration of the positive class (binary) or of the predicted class (multi-class). */
  calibration: CalibrationBin[];
  /** 95 % intervals of the figures above (evaluate/intervals.ts); absent where they were not computed. */
  intervals?: MetricIntervals;
}

/** A 95 % interval [lower, upper]; both NaN when it cannot be computed (e.g. a class with no patients). */
export type Interval = [number, number];

/** Intervals of the figures read at one decision threshold (binary outcomes; "positive when p ≥ threshold"). */
export interface ThresholdIntervals {
  threshold: number;
  sensitivity: Interval;
  specificity: Interval;
  accuracy: Interval;
  balancedAccuracy: Interval;
  netBenefit: Interval;
}

/** The 95 % intervals of one set of evaluation figures (EvaluationMetrics). */
export interface MetricIntervals {
  /** Confidence level, 0.95. */
  level: number;
  auc: Interval;
  /** 'delong'; 'variance-bound' when DeLong's variance was 0; 'bootstrap' for the macro AUC of more classes. */
  aucMethod: 'delong' | 'variance-bound' | 'bootstrap';
  accuracy: Interval;
  balancedAccuracy: Interval;
  brier: Interval;
  /** Bootstrap resamples behind the bootstrap intervals. */
  resamples: number;
  /** Binary outcomes: at each threshold 0.01, 0.02, …, 0.99 (those of the decision curve); empty otherwise. */
  thresholds: ThresholdIntervals[];
}
