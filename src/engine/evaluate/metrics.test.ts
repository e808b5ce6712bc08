import { describe, expect, it } from 'vitest';
import {
  accuracy,
  averagePrecision,
  balancedAccuracy,
  brierScore,
  calibrationBins,
  computeMetrics,
  confusionMatrix,
  logLoss,
  macroOvrAuc,
  prCurve,
  rocAuc,
  rocCurve,
  sensitivitySpecificity,
} from './metrics';

// Reference numbers below come from scikit-learn 1.2.1 (/usr/bin/python3), computed on exactly these
// inputs; each expectation names the call that produced it.

// Binary: scores with ties (0.35 ×2 mixed positives, 0.4 ×3 mixed classes).
const yB = Uint8Array.from([0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0]);
const sB = Float64Array.from([0.1, 0.4, 0.35, 0.8, 0.4, 0.9, 0.2, 0.4, 0.65, 0.7, 0.35, 0.05]);
const pB = new Float64Array(24);
sB.forEach((s, i) => {
  pB[2 * i] = 1 - s;
  pB[2 * i + 1] = s;
});

// Three classes; row 5 ties classes 0 and 1 (argmax → 0, as numpy).
const yM = Uint8Array.from([0, 1, 2, 2, 1, 0, 2, 1, 0, 2]);
const pM = Float64Array.from(
  [
    [0.7, 0.2, 0.1],
    [0.3, 0.4, 0.3],
    [0.2, 0.3, 0.5],
    [0.1, 0.6, 0.3],
    [0.25, 0.5, 0.25],
    [0.4, 0.4, 0.2],
    [0.3, 0.3, 0.4],
    [0.6, 0.3, 0.1],
    [0.5, 0.25, 0.25],
    [0.2, 0.2, 0.6],
  ].flat(),
);

describe('binary metrics against scikit-learn 1.2.1', () => {
  it('roc_auc_score with tied scores', () => {
    // roc_auc_score(y, s) = 0.75
    expect(rocAuc(yB, sB)).toBeCloseTo(0.75, 12);
  });

  it('average_precision_score (step-wise, no interpolation)', () => {
    // average_precision_score(y, s) = 0.7757936507936507
    expect(averagePrecision(yB, sB)).toBeCloseTo(0.7757936507936507, 12);
  });

  it('roc_curve(drop_intermediate=False): thresholds, fpr, tpr', () => {
    // thresholds [1.9, 0.9, 0.8, 0.7, 0.65, 0.4, 0.35, 0.2, 0.1, 0.05]
    // fpr [0, 0, 0, 1/6, 1/6, 0.5, 0.5, 2/3, 5/6, 1]; tpr [0, 1/6, 1/3, 1/3, 0.5, 2/3, 1, 1, 1, 1]
    const pts = rocCurve(yB, sB);
    expect(pts.map((p) => p.threshold)).toEqual([
      1.9, 0.9, 0.8, 0.7, 0.65, 0.4, 0.35, 0.2, 0.1, 0.05,
    ]);
    const fpr = [0, 0, 0, 1 / 6, 1 / 6, 0.5, 0.5, 2 / 3, 5 / 6, 1];
    const tpr = [0, 1 / 6, 1 / 3, 1 / 3, 0.5, 2 / 3, 1, 1, 1, 1];
    pts.forEach((p, i) => {
      expect(p.fpr).toBeCloseTo(fpr[i], 12);
      expect(p.tpr).toBeCloseTo(tpr[i], 12);
      expect(p.tp + p.fn).toBe(6);
      expect(p.fp + p.tn).toBe(6);
    });
    // At threshold 0.4: 4 positives (0.9, 0.8, 0.65, 0.4) and 3 negatives (0.7, 0.4, 0.4) are >= 0.4.
    expect(pts[5]).toMatchObject({ tp: 4, fp: 3, tn: 3, fn: 2 });
    expect(pts[5].precision).toBeCloseTo(4 / 7, 12);
  });

  it('precision_recall_curve, read from the high-threshold end', () => {
    // precision_recall_curve(y, s): thresholds [0.05,0.1,0.2,0.35,0.4,0.65,0.7,0.8,0.9]
    // precision [0.5, 0.5454545454545454, 0.6, 0.6666666666666666, 0.5714285714285714, 0.75,
    //            0.6666666666666666, 1, 1, 1]; recall [1,1,1,1,2/3,0.5,1/3,1/3,1/6,0]
    // Ours stops at the first threshold with full recall (0.35), like sklearn's last_ind.
    const pts = prCurve(yB, sB);
    const precision = [1, 1, 1, 0.6666666666666666, 0.75, 0.5714285714285714, 0.6666666666666666];
    const recall = [0, 1 / 6, 1 / 3, 1 / 3, 0.5, 2 / 3, 1];
    expect(pts.length).toBe(7);
    pts.forEach((p, i) => {
      expect(p.precision).toBeCloseTo(precision[i], 12);
      expect(p.tpr).toBeCloseTo(recall[i], 12);
    });
    expect(pts[6].threshold).toBe(0.35);
  });

  it('brier_score_loss and log_loss', () => {
    // brier_score_loss(y, s) = 0.18666666666666668
    expect(brierScore(yB, pB, 2)).toBeCloseTo(0.18666666666666668, 12);
    // log_loss(y, np.c_[1-s, s]) = 0.5317202814294587
    expect(logLoss(yB, pB, 2)).toBeCloseTo(0.5317202814294587, 12);
  });

  it('accuracy, balanced accuracy, confusion matrix and sensitivity/specificity at 0.5', () => {
    const pred = Uint8Array.from(sB, (s) => (s >= 0.5 ? 1 : 0));
    // accuracy_score = 0.6666666666666666, balanced_accuracy_score = 0.6666666666666667
    expect(accuracy(yB, pred)).toBeCloseTo(2 / 3, 12);
    expect(balancedAccuracy(yB, pred, 2)).toBeCloseTo(2 / 3, 12);
    // confusion_matrix(y, s >= 0.5) = [[5, 1], [3, 3]]
    expect(confusionMatrix(yB, pred, 2)).toEqual([
      [5, 1],
      [3, 3],
    ]);
    const ss = sensitivitySpecificity(yB, sB, 0.5);
    expect(ss.sensitivity).toBeCloseTo(0.5, 12);
    expect(ss.specificity).toBeCloseTo(5 / 6, 12);
  });

  it('calibration_curve(n_bins=10, strategy="uniform"), with counts, empty bins omitted', () => {
    // prob_true [0, 0, 0.6, 0.5, 1, 1]; prob_pred [0.075, 0.2, 0.38, 0.675, 0.8, 0.9]
    // counts from np.bincount(np.searchsorted(linspace(0,1,11)[1:-1], s)): [2,1,0,5,0,0,2,1,1,0]
    const bins = calibrationBins(yB, sB);
    expect(bins.map((b) => b.count)).toEqual([2, 1, 5, 2, 1, 1]);
    expect(bins.map((b) => Math.round(b.lower * 10))).toEqual([0, 1, 3, 6, 7, 8]);
    const fracPos = [0, 0, 0.6, 0.5, 1, 1];
    const meanPred = [0.075, 0.2, 0.38, 0.675, 0.8, 0.9];
    bins.forEach((b, i) => {
      expect(b.fractionPositive).toBeCloseTo(fracPos[i], 12);
      expect(b.meanPredicted).toBeCloseTo(meanPred[i], 12);
    });
  });

  it('worked by hand: all scores tied gives AUC 0.5 and AP = prevalence', () => {
    const y = Uint8Array.from([1, 0, 0, 1, 0]);
    const s = new Float64Array(5).fill(0.3);
    expect(rocAuc(y, s)).toBe(0.5);
    expect(averagePrecision(y, s)).toBeCloseTo(0.4, 12);
    expect(rocAuc(Uint8Array.from([1, 1]), Float64Array.from([0.2, 0.3]))).toBeNaN();
  });
});

describe('multi-class metrics against scikit-learn 1.2.1', () => {
  it('macro one-vs-rest AUC', () => {
    // roc_auc_score(y, P, multi_class="ovr", average="macro") = 0.8740079365079364
    expect(macroOvrAuc(yM, pM, 3)).toBeCloseTo(0.8740079365079364, 12);
  });

  it('computeMetrics: per-class curves, confusion, accuracy, Brier', () => {
    const m = computeMetrics(yM, pM, 3, ['a', 'b', 'c']);
    expect(m.auc).toBeCloseTo(0.8740079365079364, 12);
    // roc_auc_score(y==k, P[:,k]) = 0.9047619047619048, 0.7380952380952381, 0.9791666666666666
    // average_precision_score(y==k, P[:,k]) = 0.8055555555555556, 0.47619047619047616, 0.95
    const aucs = [0.9047619047619048, 0.7380952380952381, 0.9791666666666666];
    const aps = [0.8055555555555556, 0.47619047619047616, 0.95];
    expect(m.curves.map((c) => c.className)).toEqual(['a', 'b', 'c']);
    m.curves.forEach((c, k) => {
      expect(c.auc).toBeCloseTo(aucs[k], 12);
      expect(c.averagePrecision).toBeCloseTo(aps[k], 12);
    });
    // accuracy_score(y, P.argmax(1)) = 0.8; balanced_accuracy_score = 0.8055555555555555
    expect(m.accuracy).toBeCloseTo(0.8, 12);
    expect(m.balancedAccuracy).toBeCloseTo(0.8055555555555555, 12);
    // confusion_matrix(y, P.argmax(1))
    expect(m.confusion).toEqual([
      [3, 0, 0],
      [1, 2, 0],
      [0, 1, 3],
    ]);
    // np.mean(np.sum((P - np.eye(3)[y])**2, axis=1)) = 0.487
    expect(m.brier).toBeCloseTo(0.487, 12);
    // log_loss(y, P) = 0.8103759913658897
    expect(logLoss(yM, pM, 3)).toBeCloseTo(0.8103759913658897, 12);
    // Calibration of the predicted class: counts over all 10 rows.
    expect(m.calibration.reduce((s, b) => s + b.count, 0)).toBe(10);
  });
});

describe('computeMetrics (binary)', () => {
  it('uses the second class and skips rows without probabilities (never out of bag)', () => {
    const y = Uint8Array.from([...yB, 1]);
    const p = Float64Array.from([...pB, NaN, NaN]);
    const m = computeMetrics(y, p, 2, ['no', 'yes']);
    expect(m.auc).toBeCloseTo(0.75, 12);
    expect(m.curves).toHaveLength(1);
    expect(m.curves[0].className).toBe('yes');
    expect(m.curves[0].averagePrecision).toBeCloseTo(0.7757936507936507, 12);
    expect(m.brier).toBeCloseTo(0.18666666666666668, 12);
    // argmax with 0.5 ties → class 0; no score is exactly 0.5 here, so same as s >= 0.5.
    expect(m.confusion).toEqual([
      [5, 1],
      [3, 3],
    ]);
    expect(m.calibration.map((b) => b.count)).toEqual([2, 1, 5, 2, 1, 1]);
  });

  it('reports the AUC of the positive class’s own probabilities, the one its curve shows', () => {
    // A forest's two probabilities need not add to exactly 1: tied on "yes", not tied on "no".
    const y = Uint8Array.from([1, 0, 1, 0]);
    const p = Float64Array.from([0.7, 0.3, 0.7000000000000001, 0.3, 0.2, 0.8, 0.9, 0.1]);
    const m = computeMetrics(y, p, 2, ['no', 'yes'], 0);
    expect(m.curves[0].className).toBe('no');
    // "no" ranks row 1 (a "no") above row 0; rows 2 and 3 are ordered correctly.
    expect(m.curves[0].auc).toBe(1);
    expect(m.auc).toBe(m.curves[0].auc);
  });
});
