/** Step 4's state: the new-patient form, the prediction call and this session's patients. */
import type { PatientInput, Prediction } from '../../worker/api';
import { say } from '../app/slice';
import { percent } from '../app/format';
import { requestFocus } from '../app/focusRequest';
import type { Action, AppState } from '../app/store';

/** A patient predicted in this session. */
export interface SessionPatient {
  id: number;
  name: string;
  /** The form as typed, to reopen it. */
  values: Record<string, string>;
  /** What was sent to the engine. */
  input: PatientInput;
  prediction: Prediction;
  /** ModelInfo.trainedAt of the model that predicted it. */
  modelTrainedAt: string;
  createdAt: string;
  compare: boolean;
}

export interface PredictState {
  status: 'idle' | 'predicting' | 'filling' | 'error';
  error: string | null;
  patients: SessionPatient[];
  /** The patient whose result is shown. */
  shownId: number | null;
  nextId: number;
}

export const initialPredict: PredictState = {
  status: 'idle',
  error: null,
  patients: [],
  shownId: null,
  nextId: 1,
};

export type PredictAction =
  | { type: 'form/set'; name: string; value: string }
  | { type: 'form/fill'; values: Record<string, string>; said?: string }
  | { type: 'form/clear' }
  | { type: 'predict/filling' }
  | { type: 'predict/started' }
  | {
      type: 'predict/succeeded';
      values: Record<string, string>;
      input: PatientInput;
      prediction: Prediction;
      modelTrainedAt: string;
    }
  | { type: 'predict/failed'; error: string }
  | { type: 'predict/dismissError' }
  | { type: 'patients/rename'; id: number; name: string }
  | { type: 'patients/setCompare'; id: number; compare: boolean }
  | { type: 'patients/delete'; id: number }
  | { type: 'patients/reopen'; id: number };

/** What the live region says about a new prediction. */
function predictionSentence(name: string, p: Prediction): string {
  const best = p.classes.indexOf(p.predictedClass);
  const pct = best >= 0 ? ` (${percent(p.probabilities[best])})` : '';
  return `Prediction for ${name}: most likely ${p.predictedClass}${pct}.`;
}

function updatePatient(
  state: AppState,
  id: number,
  update: (p: SessionPatient) => SessionPatient,
): AppState {
  return {
    ...state,
    predict: {
      ...state.predict,
      patients: state.predict.patients.map((p) => (p.id === id ? update(p) : p)),
    },
  };
}

/** Step 4's form, prediction and patient-list actions (null for any other action). */
export function predictReducer(state: AppState, action: Action): AppState | null {
  const pr = state.predict;
  switch (action.type) {
    case 'form/set':
      return { ...state, form: { ...state.form, [action.name]: action.value } };
    case 'form/fill':
      return {
        ...state,
        form: { ...state.form, ...action.values },
        predict: { ...pr, status: 'idle' },
        announcement: say(
          state,
          action.said ?? 'The form is filled with the cohort’s typical values.',
        ),
      };
    case 'form/clear':
      return { ...state, form: {}, announcement: say(state, 'The form is cleared.') };
    case 'predict/filling':
      return { ...state, predict: { ...pr, status: 'filling', error: null } };
    case 'predict/started':
      return { ...state, predict: { ...pr, status: 'predicting', error: null } };
    case 'predict/succeeded': {
      const id = pr.nextId;
      const patient: SessionPatient = {
        id,
        name: `Patient ${id}`,
        values: action.values,
        input: action.input,
        prediction: action.prediction,
        modelTrainedAt: action.modelTrainedAt,
        createdAt: new Date().toISOString(),
        compare: false,
      };
      return {
        ...state,
        predict: {
          ...pr,
          status: 'idle',
          error: null,
          patients: [...pr.patients, patient],
          shownId: id,
          nextId: id + 1,
        },
        announcement: say(state, predictionSentence(patient.name, action.prediction)),
        focus: requestFocus(state.focus, 'predict-result'),
      };
    }
    case 'predict/failed':
      return { ...state, predict: { ...pr, status: 'error', error: action.error } };
    case 'predict/dismissError':
      return { ...state, predict: { ...pr, status: 'idle', error: null } };
    case 'patients/rename':
      return updatePatient(state, action.id, (p) => ({ ...p, name: action.name }));
    case 'patients/setCompare':
      return updatePatient(state, action.id, (p) => ({ ...p, compare: action.compare }));
    case 'patients/delete': {
      const gone = pr.patients.find((p) => p.id === action.id);
      return {
        ...state,
        predict: {
          ...pr,
          patients: pr.patients.filter((p) => p.id !== action.id),
          shownId: pr.shownId === action.id ? null : pr.shownId,
        },
        announcement: gone ? say(state, `${gone.name || 'Patient'} deleted.`) : state.announcement,
      };
    }
    case 'patients/reopen': {
      const p = pr.patients.find((x) => x.id === action.id);
      if (!p) return state;
      return {
        ...state,
        form: { ...p.values },
        predict: { ...pr, shownId: p.id },
        announcement: say(state, `${p.name || 'Patient'} reopened in the form.`),
      };
    }
    default:
      return null;
  }
}
