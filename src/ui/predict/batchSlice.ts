/** "Predict many": a second CSV of new patients scored by the current model. */
import type { BatchResult, ParseProgress } from '../../worker/api';
import { IDLE_JOB, jobReducer, type Job, type JobEvent } from '../app/job';
import { applyJob } from '../app/slice';
import type { Action, AppState } from '../app/store';

export interface BatchState extends Job<ParseProgress> {
  fileName: string | null;
  /** The last result; kept while a new file is read and when that is cancelled. */
  result: BatchResult | null;
}

export const initialBatch: BatchState = { ...IDLE_JOB, fileName: null, result: null };

export type BatchEvent = JobEvent<{ fileName: string }, BatchResult>;

export type BatchAction = { type: 'batch/job'; event: BatchEvent };

const batchJob = jobReducer<BatchState, { fileName: string }, ParseProgress, BatchResult>({
  started: (_, { fileName }) => ({ fileName }),
  succeeded: (_, result) => ({ result }),
  say: {
    started: ({ fileName }) => `Predicting the patients of ${fileName}…`,
    succeeded: (result, b) =>
      `Predicted ${result.rows.length} patients of ${b.fileName ?? 'the file'}.`,
    cancelled: () => 'Predicting the file was cancelled.',
  },
});

/** "Predict many" actions (null for any other action). */
export function batchReducer(state: AppState, action: Action): AppState | null {
  if (action.type !== 'batch/job') return null;
  return applyJob(state, 'batch', batchJob(state.batch, action.event));
}
