/** Whether a model's cross-validation says it is no better than a guess, and the words for it. */
import type { EvaluationReport } from '../../worker/api';

/** At or below this cross-validated ROC AUC, a model is treated as not better than chance. */
export const WEAK_AUC = 0.6;

/** The share of patients in the most common outcome: the accuracy of always guessing it. */
export function majorityShare(confusion: number[][]): number {
  const rows = confusion.map((r) => r.reduce((a, b) => a + b, 0));
  const total = rows.reduce((a, b) => a + b, 0);
  return total > 0 ? Math.max(...rows) / total : 0;
}

/**
 * Null for a model that beats chance; otherwise the plain-words reason: its cross-validated AUC is at or
 * below WEAK_AUC, or its accuracy is not above always guessing the most common outcome.
 */
export function weakModelReason(report: EvaluationReport): string | null {
  const { auc, accuracy, confusion } = report.cv;
  const majority = majorityShare(confusion);
  if (!(auc > WEAK_AUC)) {
    return `Its cross-validated ROC AUC is ${auc.toFixed(3)}, close to the 0.5 of a coin toss: this model does not reliably tell the outcomes apart.`;
  }
  if (!(accuracy > majority)) {
    return `Its cross-validated accuracy (${(accuracy * 100).toFixed(1)} %) is not above always guessing the most common outcome (${(majority * 100).toFixed(1)} %).`;
  }
  return null;
}
