/** The rows of the evaluation figures table: each figure with its 95 % interval, cross-validated and out-of-bag. */
import type { EvaluationMetrics, EvaluationReport } from '../../worker/api';
import { numberRange, percent, percentRange, scoreText, withRange } from '../app/format';

/** Figure name, cross-validated, out-of-bag. */
export type FactRow = [string, string, string];

function cells(m: EvaluationMetrics | null, binary: boolean): string[] {
  if (!m) return binary ? ['–', '–', '–', '–', '–'] : ['–', '–', '–', '–'];
  const ci = m.intervals;
  return [
    withRange(scoreText(m.auc), numberRange(ci?.auc)),
    ...(binary && m.curves[0] ? [scoreText(m.curves[0].averagePrecision)] : binary ? ['–'] : []),
    withRange(percent(m.accuracy), percentRange(ci?.accuracy)),
    withRange(percent(m.balancedAccuracy), percentRange(ci?.balancedAccuracy)),
    withRange(scoreText(m.brier), numberRange(ci?.brier)),
  ];
}

/** Rows of the figures table; binary outcomes add the average precision of the positive class. */
export function evaluationFacts(report: EvaluationReport): FactRow[] {
  const binary = report.classes.length === 2 && report.cv.curves.length === 1;
  const names = [
    'ROC AUC',
    ...(binary ? ['Average precision'] : []),
    'Accuracy',
    'Balanced accuracy',
    'Brier score',
  ];
  const cv = cells(report.cv, binary);
  const oob = cells(report.oob, binary);
  return names.map((n, i) => [n, cv[i], oob[i]]);
}

/** Why the AUC interval is wide when the ranking was perfect, or null when DeLong's interval was used. */
export function aucIntervalNote(report: EvaluationReport): string | null {
  if (report.cv.intervals?.aucMethod !== 'variance-bound') return null;
  return 'Every patient with one outcome was ranked above every patient with the other (or no two could be told apart), so the usual (DeLong) interval would claim certainty; the AUC’s interval uses instead the widest spread an AUC can have on this many patients. A perfect ranking on a small cohort is not a perfect model.';
}
