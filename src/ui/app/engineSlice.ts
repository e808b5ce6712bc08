/**
 * When the engine restarts its data worker (it crashed, a call went unanswered past its watchdog, a stuck load did not
 * stop), the table and model it held are gone: the app stops showing them as loaded and says so once, keeping what
 * the user entered (settings, column choices, the patient form, this session's patients and their results).
 */
import type { DataWorkerRestart } from '../../worker/api';
import { initialExplain } from '../predict/explainSlice';
import type { Action, AppState } from './store';

/** The message about the last restart, until it is dismissed or a table is loaded again. */
export interface EngineRestartState {
  message: string;
  dismissed: boolean;
}

export type EngineAction =
  | { type: 'engine/dataWorkerRestarted'; restart: DataWorkerRestart }
  | { type: 'engine/dismissRestart' };

/** What the user had on screen that is gone, and what to do, after the restart's cause. */
export function restartNotice(
  restart: DataWorkerRestart,
  shown: { fileName: string | null; model: boolean },
): string {
  const table = shown.fileName !== null ? `the table ${shown.fileName}` : null;
  const lost =
    table && shown.model
      ? `${table} and the model are no longer loaded`
      : table
        ? `${table} is no longer loaded`
        : 'the model is no longer loaded';
  const next = table
    ? `Load the file again to go on${shown.model ? ', then train the model or open its file again' : ''}.`
    : 'Train the model or open its file again.';
  return `${restart.cause}. The app restarted its data worker, so ${lost}. ${next} Your settings, the patient form and this session's patients are kept.`;
}

/** The engine-restart actions (null for any other action). */
export function engineReducer(state: AppState, action: Action): AppState | null {
  switch (action.type) {
    case 'engine/dataWorkerRestarted': {
      const table = state.load.table;
      const model = state.train.model;
      // Nothing shown was held by that worker (e.g. the first load was the one stopped): nothing to take back.
      if (!table && !model) return state;
      const message = restartNotice(action.restart, {
        fileName: table?.fileName ?? null,
        model: model !== null,
      });
      const ev = state.evaluate;
      return {
        ...state,
        engineRestart: { message, dismissed: false },
        load: { ...state.load, table: null },
        // The survival model lived in that worker too: the next table is asked about afresh.
        survival: {
          ...state.survival,
          proposedFor: null,
          report: null,
          prediction: null,
          comparison: null,
        },
        // New request ids make the late answers of calls to the old worker stale.
        outcome: {
          status: 'idle',
          requestId: state.outcome.requestId + 1,
          summary: null,
          error: null,
        },
        train: {
          ...state.train,
          status: state.train.status === 'running' ? 'running' : 'idle',
          model: null,
          modelSource: null,
        },
        evaluate: {
          ...ev,
          status: 'idle',
          runId: ev.runId + 1,
          progress: null,
          report: null,
          modelTrainedAt: null,
          error: null,
        },
        explain: {
          ...initialExplain,
          requestId: state.explain.requestId + 1,
          dependenceId: state.explain.dependenceId + 1,
        },
      };
    }
    case 'engine/dismissRestart':
      return state.engineRestart
        ? { ...state, engineRestart: { ...state.engineRestart, dismissed: true } }
        : state;
    default:
      return null;
  }
}
