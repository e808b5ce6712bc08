/**
 * The clinical read-outs of a cross-validation, computed from its out-of-sample predictions only:
 * coverage of the conformal prediction sets (each fold calibrated on its own training part), the
 * decision curve (two-class), recalibration maps with their Brier scores (two-class), and whether
 * the model beat chance at all — which every prediction must then say when it did not.
 */
import {
  CONFIDENCE_LEVELS,
  conformalCoverage,
  type ConformalCoverage,
  type ConformalFold,
} from './conformal';
import { calibrationBins, column } from './metrics';
import { decisionCurve, type DecisionCurve } from './netBenefit';
import { recalibrate, type Calibrator, type RecalibrationMethod } from './recalibrate';
import type { CalibrationBin, EvaluationMetrics } from './types';

/** A recalibration fitted on the cross-validated probabilities of the positive class (two-class outcomes). */
export interface RecalibrationFit {
  method: RecalibrationMethod;
  /** Index of the class whose probability the map takes and gives (absent: the second, as older reports). */
  positive?: number;
  /** The map to apply to new predictions' probability of class `positive`. */
  calibrator: Calibrator;
  brierBefore: number;
  /** Cross-fitted: each patient recalibrated by a map fitted without them. */
  brierAfter: number;
  brierAfterInSample: number;
  folds: number;
  /** Calibration plot of the cross-fitted recalibrated probabilities. */
  calibrationAfter: CalibrationBin[];
}

/** Whether the model beat chance and the majority guess in cross-validation. */
export interface ChanceVerdict {
  beatsChance: boolean;
  /** Plain words to show (in amber) on every prediction when it did not; null when it did. */
  message: string | null;
}

/** AUC below this reads "no better than tossing a coin" (as in summary.ts). */
export const CHANCE_AUC = 0.55;

/**
 * A model "did not beat chance" when its cross-validated AUC is below 0.55, or when it is no more
 * accurate than always guessing the most common outcome and its balanced accuracy is at most 55 %.
 */
export function chanceVerdict(cv: EvaluationMetrics): ChanceVerdict {
  const totals = cv.confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const n = totals.reduce((a, b) => a + b, 0);
  const majority = n > 0 ? Math.max(...totals) / n : NaN;
  const coin = rankingChance('ROC AUC', cv.auc);
  if (!coin.beatsChance) return coin;
  const noBetterThanMajority =
    Number.isFinite(majority) &&
    Math.round((cv.accuracy - majority) * 100) < 1 &&
    !(cv.balancedAccuracy > CHANCE_AUC);
  if (!noBetterThanMajority) return coin;
  return {
    beatsChance: false,
    message:
      'In cross-validation this model did no better than always guessing the most common outcome: do not rely on this prediction.',
  };
}

/**
 * The verdict on a ranking figure read like an AUC (ROC AUC; Harrell's C for time to event): below CHANCE_AUC the
 * model ranks patients no better than chance. `where` says where the figure comes from.
 */
export function rankingChance(
  name: string,
  value: number,
  where = 'In cross-validation',
): ChanceVerdict {
  if (!(Number.isFinite(value) && value < CHANCE_AUC)) return { beatsChance: true, message: null };
  return {
    beatsChance: false,
    message: `${where} this model ranked patients no better than chance (${name} ${value.toFixed(2)}): do not rely on this prediction.`,
  };
}

/** The conformal coverage at `confidence` and at each offered level, from the folds' calibrations. */
export function foldCoverage(
  y: ArrayLike<number>,
  nClasses: number,
  folds: readonly ConformalFold[],
  confidence: number,
  classes: readonly string[],
): { conformal: ConformalCoverage; conformalLevels: ConformalCoverage[] } {
  const at = (c: number): ConformalCoverage => conformalCoverage(y, nClasses, folds, c, classes);
  const conformalLevels = CONFIDENCE_LEVELS.map(at);
  const same = conformalLevels.find((c) => Math.abs(c.confidence - confidence) < 1e-12);
  return { conformal: same ?? at(confidence), conformalLevels };
}

/** Decision curve of the positive class (default the second) from pooled out-of-fold probabilities; null unless two-class. */
export function cvDecisionCurve(
  y: ArrayLike<number>,
  oof: ArrayLike<number>,
  nClasses: number,
  positive = 1,
): DecisionCurve | null {
  if (nClasses !== 2) return null;
  return decisionCurve(
    Uint8Array.from(y, (c) => (c === positive ? 1 : 0)),
    column(oof, 2, positive),
  );
}

/** Isotonic and Platt recalibration of the positive class (default the second), fitted on out-of-fold probabilities; empty unless two-class. */
export function cvRecalibration(
  y: ArrayLike<number>,
  oof: ArrayLike<number>,
  nClasses: number,
  seed: number,
  positive = 1,
): RecalibrationFit[] {
  if (nClasses !== 2) return [];
  const yy = Uint8Array.from(y, (c) => (c === positive ? 1 : 0));
  const scores = column(oof, 2, positive);
  let pos = 0;
  for (const v of yy) pos += v;
  // Both methods need patients of each outcome in every cross-fitting fold.
  if (pos < 2 || yy.length - pos < 2) return [];
  return (['isotonic', 'platt'] as const).map((method) => {
    const r = recalibrate(yy, scores, method, { seed });
    return {
      method,
      positive,
      calibrator: r.calibrator,
      brierBefore: r.brierBefore,
      brierAfter: r.brierAfter,
      brierAfterInSample: r.brierAfterInSample,
      folds: r.folds,
      calibrationAfter: calibrationBins(yy, r.recalibrated),
    };
  });
}

/**
 * Plain-words notes on outcomes the model never gave as the most probable one over the pooled out-of-fold
 * predictions (confusion[true][predicted]): every patient with such an outcome was called something else.
 */
export function neverPredictedNotes(
  confusion: readonly (readonly number[])[],
  classes: readonly string[],
): string[] {
  const notes: string[] = [];
  classes.forEach((name, k) => {
    let predicted = 0;
    for (const row of confusion) predicted += row[k] ?? 0;
    const patients = (confusion[k] ?? []).reduce((a, b) => a + b, 0);
    if (predicted > 0 || patients === 0) return;
    const binary = classes.length === 2;
    notes.push(
      `In cross-validation the model never gave “${name}” as the most likely outcome: all ${patients} patient${patients === 1 ? '' : 's'} with it ${patients === 1 ? 'was' : 'were'} called something else, so accuracy hides that ${patients === 1 ? 'it is' : 'they are'} all missed.${binary ? ` Its probabilities may still rank patients (see the ROC curve); a lower decision threshold would call some patients “${name}”.` : ` Its probabilities may still rank patients (see its ROC curve), but a single predicted outcome will not name it.`}`,
    );
  });
  return notes;
}
