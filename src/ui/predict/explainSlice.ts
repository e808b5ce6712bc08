/** Explanation and what-if of the shown patient: engine answers only, the UI never computes them. */
import type { DependenceCurve, Explanation, Prediction } from '../../worker/api';
import type { Action, AppState } from '../app/store';
import { setField } from './fields';

export interface ExplainState {
  /** The session patient they are about. */
  patientId: number | null;
  /** What-if changes to that patient, by feature name, as typed ('' = unknown). */
  changes: Record<string, string>;
  /** The feature the what-if control and the dependence plot are on. */
  feature: string | null;
  /** The class whose probability is explained. */
  classIndex: number;
  /** Increases with every request so only the answer to the latest one is kept. */
  requestId: number;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Prediction of the patient with the what-if changes (null until asked). */
  prediction: Prediction | null;
  explanation: Explanation | null;
  dependenceId: number;
  dependence: DependenceCurve | null;
  dependenceError: string | null;
  error: string | null;
}

export const initialExplain: ExplainState = {
  patientId: null,
  changes: {},
  feature: null,
  classIndex: 0,
  requestId: 0,
  status: 'idle',
  prediction: null,
  explanation: null,
  dependenceId: 0,
  dependence: null,
  dependenceError: null,
  error: null,
};

export type ExplainAction =
  | { type: 'explain/reset'; patientId: number | null; classIndex: number; feature: string | null }
  | { type: 'explain/setChange'; name: string; value: string | null }
  | { type: 'explain/clearChanges' }
  | { type: 'explain/setFeature'; feature: string }
  | { type: 'explain/setClass'; classIndex: number }
  | { type: 'explain/requested' }
  | {
      type: 'explain/succeeded';
      requestId: number;
      prediction: Prediction;
      explanation: Explanation;
    }
  | { type: 'explain/failed'; requestId: number; error: string }
  | { type: 'explain/dependenceRequested' }
  | { type: 'explain/dependenceSucceeded'; dependenceId: number; dependence: DependenceCurve }
  | { type: 'explain/dependenceFailed'; dependenceId: number; error: string };

/** Explanation and what-if actions (null for any other action). */
export function explainReducer(state: AppState, action: Action): AppState | null {
  const ex = state.explain;
  switch (action.type) {
    case 'explain/reset':
      return {
        ...state,
        explain: {
          ...initialExplain,
          requestId: ex.requestId + 1,
          dependenceId: ex.dependenceId + 1,
          patientId: action.patientId,
          classIndex: action.classIndex,
          feature: action.feature,
        },
      };
    case 'explain/setChange': {
      const changes = { ...ex.changes };
      if (action.value === null) delete changes[action.name];
      else setField(changes, action.name, action.value);
      return { ...state, explain: { ...ex, changes } };
    }
    case 'explain/clearChanges':
      return { ...state, explain: { ...ex, changes: {} } };
    case 'explain/setFeature':
      return { ...state, explain: { ...ex, feature: action.feature } };
    case 'explain/setClass':
      return { ...state, explain: { ...ex, classIndex: action.classIndex } };
    case 'explain/requested':
      return {
        ...state,
        explain: { ...ex, status: 'loading', requestId: ex.requestId + 1, error: null },
      };
    case 'explain/succeeded':
      if (action.requestId !== ex.requestId) return state;
      return {
        ...state,
        explain: {
          ...ex,
          status: 'ready',
          prediction: action.prediction,
          explanation: action.explanation,
          error: null,
        },
      };
    case 'explain/failed':
      if (action.requestId !== ex.requestId) return state;
      return { ...state, explain: { ...ex, status: 'error', error: action.error } };
    case 'explain/dependenceRequested':
      return {
        ...state,
        explain: { ...ex, dependenceId: ex.dependenceId + 1, dependenceError: null },
      };
    case 'explain/dependenceSucceeded':
      if (action.dependenceId !== ex.dependenceId) return state;
      return { ...state, explain: { ...ex, dependence: action.dependence, dependenceError: null } };
    case 'explain/dependenceFailed':
      if (action.dependenceId !== ex.dependenceId) return state;
      return { ...state, explain: { ...ex, dependence: null, dependenceError: action.error } };
    default:
      return null;
  }
}
