/** Step 3's state: cross-validation of the current model, run after every training. */
import type { EvaluationProgress, EvaluationReport } from '../../worker/api';
import { IDLE_JOB, jobReducer, type Job, type JobEvent } from '../app/job';
import { applyJob } from '../app/slice';
import type { Action, AppState } from '../app/store';

export interface EvaluateState extends Job<EvaluationProgress> {
  /** Number of folds as typed. */
  folds: string;
  report: EvaluationReport | null;
  /** ModelInfo.trainedAt of the model the report (or the running evaluation) belongs to. */
  modelTrainedAt: string | null;
}

export const initialEvaluate: EvaluateState = {
  ...IDLE_JOB,
  folds: '5',
  report: null,
  modelTrainedAt: null,
};

export type EvaluateEvent = JobEvent<{ modelTrainedAt: string }, EvaluationReport>;

export type EvaluateAction =
  | { type: 'evaluate/setFolds'; value: string }
  | { type: 'evaluate/job'; event: EvaluateEvent }
  /** A report that came with an opened model file. */
  | { type: 'evaluate/restored'; report: EvaluationReport | null; modelTrainedAt: string }
  /** The shown report given again for another positive class (from its kept out-of-fold predictions). */
  | { type: 'evaluate/revised'; report: EvaluationReport; modelTrainedAt: string };

const evaluateJob = jobReducer<
  EvaluateState,
  { modelTrainedAt: string },
  EvaluationProgress,
  EvaluationReport
>({
  started: (ev, { modelTrainedAt }) => ({
    // A report of another model must not be shown as this one's.
    report: ev.modelTrainedAt === modelTrainedAt ? ev.report : null,
    modelTrainedAt,
  }),
  succeeded: (_, report) => ({ report }),
  say: {
    started: () => 'Evaluating the model on patients it has not seen…',
    succeeded: (report) => `Evaluation finished. ${report.summary}`,
    cancelled: () => 'Evaluation cancelled.',
  },
});

/** Step 3's actions (null for any other action). */
export function evaluateReducer(state: AppState, action: Action): AppState | null {
  const ev = state.evaluate;
  switch (action.type) {
    case 'evaluate/setFolds':
      return { ...state, evaluate: { ...ev, folds: action.value } };
    case 'evaluate/job':
      return applyJob(state, 'evaluate', evaluateJob(ev, action.event));
    case 'evaluate/restored':
      return {
        ...state,
        evaluate: {
          ...ev,
          status: action.report ? 'done' : 'idle',
          runId: ev.runId + 1,
          progress: null,
          report: action.report,
          modelTrainedAt: action.modelTrainedAt,
          error: null,
        },
      };
    case 'evaluate/revised':
      // Only over the report it revises: not over a running evaluation nor another model's report.
      if (ev.status === 'running' || ev.modelTrainedAt !== action.modelTrainedAt || !ev.report)
        return state;
      if (ev.report.runKey !== action.report.runKey) return state;
      return { ...state, evaluate: { ...ev, report: action.report } };
    default:
      return null;
  }
}
