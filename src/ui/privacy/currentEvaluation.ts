/** The evaluation report saved with the model (in "Save model" and when remembering). */
import type { EvaluationReport } from '../../worker/api';
import type { AppState } from '../app/store';

/** The Evaluate step's report, when it is of the model in use (a report of an older model is not saved). */
export function currentEvaluation(state: AppState): EvaluationReport | null {
  const model = state.train.model;
  const ev = state.evaluate;
  if (!model || !ev.report || ev.modelTrainedAt !== model.trainedAt) return null;
  return ev.report;
}
