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
}
