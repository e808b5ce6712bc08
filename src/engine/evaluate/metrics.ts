/**
 * Classification metrics with scikit-learn's definitions (checked against scikit-learn 1.2.1 in
 * metrics.test.ts), so a GenoForest figure can be compared with one computed in Python.
 *
 * Conventions: `y` holds class indices 0..K-1; `proba` is row-major n×K (row r, class k at r*K+k).
 * A metric that is undefined for the input (e.g. AUC when only one class is present) is NaN,
 * never an exception: the UI shows "not available" instead of crashing an evaluation.
 * A NaN score, on the other hand, is a bug upstream (computeMetrics already drops rows without
 * finite probabilities): ranking and thresholding metrics throw a clear Error on it rather than
 * loop (NaN !== NaN breaks tie grouping) or silently count it as negative. Probability-averaging
 * metrics (Brier, log loss) return NaN for NaN input. Every function here terminates on any input.
 */
import type { CalibrationBin, ClassCurves, CurvePoint, EvaluationMetrics } from './types';

type Labels = ArrayLike<number>;
type Scores = ArrayLike<number>;

/** Throw when a score is NaN: tie grouping with === would never advance past it. */
function rejectNaN(scores: Scores, what: string): void {
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) {
      throw new Error(
        `${what}: the score of row ${i + 1} is NaN (not a number); remove rows without a prediction first.`,
      );
    }
  }
}

/** Indices 0..n-1 sorted by score descending (stable, so equal scores keep their order); rejects NaN. */
function orderByScoreDesc(scores: Scores, what: string): Int32Array {
  rejectNaN(scores, what);
  const n = scores.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  // TypedArray sort with a comparator is stable (ES2019+).
  order.sort((a, b) => scores[b] - scores[a]);
  return order;
}

/**
 * Area under the ROC curve for a binary outcome (`y` is 1 for positives); tied scores count one half,
 * as in sklearn's roc_auc_score (trapezoid over the distinct thresholds). NaN when a class is absent.
 */
export function rocAuc(y: Labels, scores: Scores): number {
  const order = orderByScoreDesc(scores, 'AUC');
  const n = order.length;
  let pos = 0;
  for (let i = 0; i < n; i++) if (y[i] === 1) pos++;
  const neg = n - pos;
  if (pos === 0 || neg === 0) return NaN;
  // Each negative earns the positives ranked above it, plus half of those tied with it.
  let tp = 0;
  let area = 0;
  let i = 0;
  while (i < n) {
    const s = scores[order[i]];
    let gtp = 0;
    let gfp = 0;
    while (i < n && scores[order[i]] === s) {
      if (y[order[i]] === 1) gtp++;
      else gfp++;
      i++;
    }
    area += gfp * (tp + gtp / 2);
    tp += gtp;
  }
  return area / (pos * neg);
}

/** Column k of a row-major n×K matrix. */
export function column(proba: ArrayLike<number>, nClasses: number, k: number): Float64Array {
  const n = Math.floor(proba.length / nClasses);
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) out[r] = proba[r * nClasses + k];
  return out;
}

/** 1 where y === k, else 0 (one-vs-rest labels). */
export function oneVsRest(y: Labels, k: number): Uint8Array {
  const out = new Uint8Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = y[i] === k ? 1 : 0;
  return out;
}

/**
 * Macro one-vs-rest AUC, as sklearn's roc_auc_score(y, proba, multi_class="ovr", average="macro"):
 * the unweighted mean over classes of the AUC of "class k vs the rest" scored by proba[:, k].
 * Classes absent from y (where sklearn would refuse) are left out of the mean.
 */
export function macroOvrAuc(y: Labels, proba: ArrayLike<number>, nClasses: number): number {
  let sum = 0;
  let count = 0;
  for (let k = 0; k < nClasses; k++) {
    const auc = rocAuc(oneVsRest(y, k), column(proba, nClasses, k));
    if (!Number.isNaN(auc)) {
      sum += auc;
      count++;
    }
  }
  return count === 0 ? NaN : sum / count;
}

/** AUC of a K-class probability matrix: binary → AUC of class 1; more classes → macro one-vs-rest. */
export function aucFromProba(y: Labels, proba: ArrayLike<number>, nClasses: number): number {
  if (nClasses === 2) return rocAuc(y, column(proba, 2, 1));
  return macroOvrAuc(y, proba, nClasses);
}

/**
 * Confusion counts at every distinct threshold, descending, for "positive when score >= threshold".
 * The first point is the "nothing positive" point; its threshold is max(score) + 1, as in sklearn
 * 1.2.1's roc_curve (a finite number, so it survives JSON), and its precision is 1 by convention
 * (sklearn's precision_recall_curve ends with precision 1 at recall 0). Precision at a threshold
 * is tp / (tp + fp); tpr/fpr are NaN when there are no positives/negatives.
 */
export function curvePoints(y: Labels, scores: Scores): CurvePoint[] {
  const order = orderByScoreDesc(scores, 'ROC/precision-recall curve');
  const n = order.length;
  let pos = 0;
  for (let i = 0; i < n; i++) if (y[i] === 1) pos++;
  const neg = n - pos;
  let maxScore = -Infinity;
  for (let i = 0; i < n; i++) if (scores[i] > maxScore) maxScore = scores[i];
  const points: CurvePoint[] = [];
  const push = (threshold: number, tp: number, fp: number): void => {
    points.push({
      threshold,
      tpr: pos > 0 ? tp / pos : NaN,
      fpr: neg > 0 ? fp / neg : NaN,
      precision: tp + fp > 0 ? tp / (tp + fp) : 1,
      tp,
      fp,
      tn: neg - fp,
      fn: pos - tp,
    });
  };
  push(n > 0 ? maxScore + 1 : 1, 0, 0);
  let tp = 0;
  let fp = 0;
  let i = 0;
  while (i < n) {
    const s = scores[order[i]];
    while (i < n && scores[order[i]] === s) {
      if (y[order[i]] === 1) tp++;
      else fp++;
      i++;
    }
    push(s, tp, fp);
  }
  return points;
}

/** ROC curve points (all distinct thresholds, descending; see curvePoints). */
export function rocCurve(y: Labels, scores: Scores): CurvePoint[] {
  return curvePoints(y, scores);
}

/**
 * Precision-recall curve points, thresholds descending: from the (recall 0, precision 1) point up to
 * the first threshold reaching full recall, as sklearn's precision_recall_curve (read in reverse).
 */
export function prCurve(y: Labels, scores: Scores): CurvePoint[] {
  const points = curvePoints(y, scores);
  let last = points.length - 1;
  const full = points[last].tp;
  while (last > 0 && points[last - 1].tp === full) last--;
  return points.slice(0, last + 1);
}

/**
 * Average precision, sklearn's step-wise definition: AP = Σ_n (R_n − R_{n−1}) · P_n over the
 * distinct thresholds (no interpolation). NaN when there are no positives.
 */
export function averagePrecision(y: Labels, scores: Scores): number {
  return averagePrecisionFromPoints(curvePoints(y, scores));
}

/** Average precision from points sorted by threshold descending (as curvePoints returns them). */
export function averagePrecisionFromPoints(points: CurvePoint[]): number {
  if (points.length === 0 || !(points[0].tp + points[0].fn > 0)) return NaN;
  let ap = 0;
  for (let i = 1; i < points.length; i++) {
    ap += (points[i].tpr - points[i - 1].tpr) * points[i].precision;
  }
  return ap;
}

/** Predicted class per row: the most probable; ties go to the lowest index, like numpy's argmax. */
export function argmaxRows(proba: ArrayLike<number>, nClasses: number): Uint8Array {
  const n = Math.floor(proba.length / nClasses);
  const pred = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    let best = 0;
    let bestP = proba[r * nClasses];
    for (let k = 1; k < nClasses; k++) {
      const p = proba[r * nClasses + k];
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    pred[r] = best;
  }
  return pred;
}

/** Fraction of rows whose predicted class equals the true class. */
export function accuracy(y: Labels, pred: Labels): number {
  if (y.length === 0) return NaN;
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (y[i] === pred[i]) ok++;
  return ok / y.length;
}

/** Confusion matrix: confusion[trueClass][predictedClass] counts; throws on a label outside 0..nClasses-1. */
export function confusionMatrix(y: Labels, pred: Labels, nClasses: number): number[][] {
  const m: number[][] = [];
  for (let k = 0; k < nClasses; k++) m.push(new Array<number>(nClasses).fill(0));
  const valid = (c: number): boolean => Number.isInteger(c) && c >= 0 && c < nClasses;
  for (let i = 0; i < y.length; i++) {
    if (!valid(y[i]) || !valid(pred[i])) {
      throw new Error(
        `Confusion matrix: row ${i + 1} has class ${y[i]} / predicted ${pred[i]}, outside 0..${nClasses - 1}.`,
      );
    }
    m[y[i]][pred[i]]++;
  }
  return m;
}

/**
 * Balanced accuracy, as sklearn's balanced_accuracy_score: the mean recall over the classes present
 * in y (a class with no true rows is left out, as sklearn does).
 */
export function balancedAccuracy(y: Labels, pred: Labels, nClasses: number): number {
  return balancedAccuracyFromConfusion(confusionMatrix(y, pred, nClasses));
}

function balancedAccuracyFromConfusion(m: number[][]): number {
  let sum = 0;
  let count = 0;
  for (let k = 0; k < m.length; k++) {
    let total = 0;
    for (const c of m[k]) total += c;
    if (total > 0) {
      sum += m[k][k] / total;
      count++;
    }
  }
  return count === 0 ? NaN : sum / count;
}

/**
 * Brier score. Binary (nClasses = 2): mean (p₁ − y)², exactly sklearn's brier_score_loss with the
 * second class as positive (range 0..1). More classes: mean over rows of Σ_k (p_k − [y = k])², the
 * original multi-class Brier score (range 0..2). Note the binary value is half of what the
 * multi-class formula would give for two classes.
 */
export function brierScore(y: Labels, proba: ArrayLike<number>, nClasses: number): number {
  const n = y.length;
  if (n === 0) return NaN;
  let sum = 0;
  if (nClasses === 2) {
    for (let r = 0; r < n; r++) {
      const d = proba[r * 2 + 1] - (y[r] === 1 ? 1 : 0);
      sum += d * d;
    }
  } else {
    for (let r = 0; r < n; r++) {
      for (let k = 0; k < nClasses; k++) {
        const d = proba[r * nClasses + k] - (y[r] === k ? 1 : 0);
        sum += d * d;
      }
    }
  }
  return sum / n;
}

/**
 * Log loss (cross-entropy) as sklearn 1.2.1's log_loss(eps="auto"): probabilities clipped to
 * [ε, 1−ε] with ε = 2⁻⁵² (float64 machine epsilon), rows renormalised, mean −log p(true class).
 */
export function logLoss(y: Labels, proba: ArrayLike<number>, nClasses: number): number {
  const n = y.length;
  if (n === 0) return NaN;
  const eps = Number.EPSILON;
  let sum = 0;
  for (let r = 0; r < n; r++) {
    let rowSum = 0;
    for (let k = 0; k < nClasses; k++) {
      rowSum += Math.min(1 - eps, Math.max(eps, proba[r * nClasses + k]));
    }
    const p = Math.min(1 - eps, Math.max(eps, proba[r * nClasses + y[r]])) / rowSum;
    sum -= Math.log(p);
  }
  return sum / n;
}

/** Sensitivity (true-positive rate) and specificity (true-negative rate) for "positive when score >= threshold". */
export function sensitivitySpecificity(
  y: Labels,
  scores: Scores,
  threshold: number,
): { sensitivity: number; specificity: number; tp: number; fp: number; tn: number; fn: number } {
  rejectNaN(scores, 'Sensitivity/specificity');
  if (Number.isNaN(threshold)) throw new Error('Sensitivity/specificity: the threshold is NaN.');
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const positive = scores[i] >= threshold;
    if (y[i] === 1) {
      if (positive) tp++;
      else fn++;
    } else if (positive) fp++;
    else tn++;
  }
  return {
    sensitivity: tp + fn > 0 ? tp / (tp + fn) : NaN,
    specificity: tn + fp > 0 ? tn / (tn + fp) : NaN,
    tp,
    fp,
    tn,
    fn,
  };
}

/**
 * Reliability (calibration) bins: nBins uniform bins over [0, 1]; bin i holds scores in
 * (i/nBins, (i+1)/nBins], the first also holding 0, exactly as sklearn's
 * calibration_curve(strategy="uniform"). Empty bins are omitted; each bin reports its count.
 * `y` is 1 for "the event happened".
 */
export function calibrationBins(y: Labels, scores: Scores, nBins = 10): CalibrationBin[] {
  // Edges as numpy.linspace computes them (i * step), so boundary values land in the same bin.
  const step = 1 / nBins;
  const inner = new Float64Array(nBins - 1);
  for (let i = 1; i < nBins; i++) inner[i - 1] = i * step;
  const sumP = new Float64Array(nBins);
  const sumY = new Float64Array(nBins);
  const count = new Float64Array(nBins);
  for (let r = 0; r < y.length; r++) {
    const p = scores[r];
    if (Number.isNaN(p)) continue;
    let b = 0;
    while (b < nBins - 1 && inner[b] < p) b++;
    sumP[b] += p;
    sumY[b] += y[r] === 1 ? 1 : 0;
    count[b]++;
  }
  const bins: CalibrationBin[] = [];
  for (let b = 0; b < nBins; b++) {
    if (count[b] === 0) continue;
    bins.push({
      lower: b * step,
      upper: (b + 1) * step,
      meanPredicted: sumP[b] / count[b],
      fractionPositive: sumY[b] / count[b],
      count: count[b],
    });
  }
  return bins;
}

/** Curves, AUC and average precision of class k against the rest. */
export function classCurves(
  y: Labels,
  proba: ArrayLike<number>,
  nClasses: number,
  k: number,
  className: string,
): ClassCurves {
  const yk = oneVsRest(y, k);
  const sk = column(proba, nClasses, k);
  const points = curvePoints(yk, sk);
  return {
    className,
    auc: rocAuc(yk, sk),
    averagePrecision: averagePrecisionFromPoints(points),
    points,
  };
}

/**
 * All evaluation figures from out-of-sample probabilities. Rows whose probabilities are not all
 * finite (e.g. out-of-bag rows never left out of a bootstrap) are skipped. Binary: AUC (from that class's own
 * probabilities), curves and calibration are those of class index `positive` (default 1, the second class in
 * sorted order). More classes: macro one-vs-rest AUC, one curve per class, calibration of the predicted class's
 * probability (the bin's fractionPositive is then the fraction of correct predictions).
 */
export function computeMetrics(
  y: Uint8Array,
  proba: Float64Array,
  nClasses: number,
  classNames: string[],
  positive = 1,
): EvaluationMetrics {
  const n = y.length;
  let keep = 0;
  const ok = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    let finite = true;
    for (let k = 0; k < nClasses; k++)
      if (!Number.isFinite(proba[r * nClasses + k])) finite = false;
    if (finite) {
      ok[r] = 1;
      keep++;
    }
  }
  let yy: Uint8Array = y;
  let pp: Float64Array = proba;
  if (keep < n) {
    yy = new Uint8Array(keep);
    pp = new Float64Array(keep * nClasses);
    let j = 0;
    for (let r = 0; r < n; r++) {
      if (!ok[r]) continue;
      yy[j] = y[r];
      for (let k = 0; k < nClasses; k++) pp[j * nClasses + k] = proba[r * nClasses + k];
      j++;
    }
  }

  const pred = argmaxRows(pp, nClasses);
  const confusion = confusionMatrix(yy, pred, nClasses);
  const name = (k: number): string => classNames[k] ?? String(k);
  let curves: ClassCurves[];
  let calibration: CalibrationBin[];
  if (nClasses === 2) {
    const pos = positive === 0 ? 0 : 1;
    curves = [classCurves(yy, pp, 2, pos, name(pos))];
    calibration = calibrationBins(oneVsRest(yy, pos), column(pp, 2, pos));
  } else {
    curves = [];
    for (let k = 0; k < nClasses; k++) curves.push(classCurves(yy, pp, nClasses, k, name(k)));
    const correct = new Uint8Array(keep);
    const confidence = new Float64Array(keep);
    for (let r = 0; r < keep; r++) {
      correct[r] = pred[r] === yy[r] ? 1 : 0;
      confidence[r] = pp[r * nClasses + pred[r]];
    }
    calibration = calibrationBins(correct, confidence);
  }
  return {
    // Binary: the positive class's curve's AUC. A forest's two probabilities need not add to exactly 1, so the
    // other column's ties differ and its AUC could read 0.6692 beside a curve labelled 0.6693.
    auc: nClasses === 2 ? curves[0].auc : aucFromProba(yy, pp, nClasses),
    accuracy: accuracy(yy, pred),
    balancedAccuracy: balancedAccuracyFromConfusion(confusion),
    brier: brierScore(yy, pp, nClasses),
    curves,
    confusion,
    calibration,
  };
}
