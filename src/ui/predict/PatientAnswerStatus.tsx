/** The waiting, failure and "no longer held" states of a per-patient answer (usePatientAnswer). */
import { ErrorAlert } from '../app/Alert';
import type { PatientAnswer } from './usePatientAnswer';

/** While the answer is asked, why it failed, or that the fit is gone; nothing once there is a result. */
export function PatientAnswerStatus({
  answer,
  waiting,
  failed,
}: {
  answer: PatientAnswer<unknown> | undefined;
  /** "Estimating this patient's effect…" */
  waiting: string;
  /** The error's title. */
  failed: string;
}) {
  if (!answer)
    return (
      <p className="muted" role="status">
        {waiting}
      </p>
    );
  if (answer.error) return <ErrorAlert title={failed}>{answer.error}</ErrorAlert>;
  if (!answer.result)
    return (
      <p className="muted">
        The treatment-effect estimate is no longer held (the engine restarted): estimate it again in
        the Which treatment step.
      </p>
    );
  return null;
}
