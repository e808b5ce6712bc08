/**
 * Which class is positive, decided in one place: an evaluation report names the class its figures are about, and
 * every read-out (summary, ROC/PR, threshold, decision curve, recalibration, model card, counterfactual, patient
 * report) takes it from there; the Positive class control falls back to it. Pure, so the model card can use it.
 */
import type { EvaluationReport, OutcomeDescription } from '../../worker/api';

/**
 * The class an evaluation report's figures are about: the report's own positive class (the one source every
 * read-out takes it from), or the second class in reports saved before it was recorded; null unless two-class.
 */
export function reportPositive(
  report: Pick<EvaluationReport, 'classes' | 'positiveClass'> | null,
): string | null {
  if (!report || report.classes.length !== 2) return null;
  return report.positiveClass ?? report.classes[1];
}

/**
 * The positive class in force: the user's choice when it is a class, else the shown report's (so an opened
 * model's figures are not marked stale for a default that changed), else the outcome's default, else the second.
 */
export function positiveInForce(
  classes: string[],
  chosen: string,
  outcome: OutcomeDescription | null,
  reported: string | null = null,
): string | null {
  if (classes.length !== 2) return null;
  if (classes.includes(chosen)) return chosen;
  if (reported !== null && classes.includes(reported)) return reported;
  const fallback = outcome?.positiveClass;
  return fallback && classes.includes(fallback) ? fallback : classes[1];
}

/**
 * Whether a report's figures are about another class than the one in force (the user changed Positive class):
 * every figure is then out of date until the report is given again for that class.
 */
export function reportIsStale(
  report: Pick<EvaluationReport, 'classes' | 'positiveClass'> | null,
  inForce: string | null,
): boolean {
  const reported = reportPositive(report);
  return reported !== null && inForce !== null && reported !== inForce;
}

/**
 * The outcome "what would change the outlook" aims at by default: the one the class names say is hoped for
 * (OutcomeDescription.wantedClass, when that outcome is this model's), else of two classes the one other than the
 * positive class; else null (the user must choose).
 */
export function wantedByDefault(
  classes: string[],
  positive: string | null,
  outcome: Pick<OutcomeDescription, 'classes' | 'wantedClass'> | null,
): number | null {
  const same =
    outcome !== null &&
    outcome.classes.length === classes.length &&
    outcome.classes.every((c, i) => c === classes[i]);
  const named = same ? (outcome.wantedClass ?? null) : null;
  if (named !== null && classes.includes(named)) return classes.indexOf(named);
  const k = positive === null ? -1 : classes.indexOf(positive);
  return classes.length === 2 && k >= 0 ? 1 - k : null;
}
