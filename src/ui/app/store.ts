/**
 * The app's one state store, composed of one slice per step (each in its own file, beside the step).
 * Components read slices with `useAppState(selector)` so a progress tick re-renders only what shows
 * progress (see storeContext.ts). Nothing here computes on data: the engine (in workers) does that; the
 * store only remembers results.
 */
import type { Announcement } from './announcement';
import { nextAnnouncement } from './announcement';
import { NO_FOCUS_REQUEST, type FocusRequest } from './focusRequest';
import {
  initialLoad,
  initialOutcome,
  loadReducer,
  type LoadAction,
  type LoadState,
  type OutcomeState,
} from '../load/loadSlice';
import {
  DEFAULT_SETTINGS,
  initialTrain,
  trainReducer,
  type SettingsDraft,
  type TrainAction,
  type TrainState,
} from '../train/trainSlice';
import {
  evaluateReducer,
  initialEvaluate,
  type EvaluateAction,
  type EvaluateState,
} from '../evaluate/evaluateSlice';
import {
  initialPredict,
  predictReducer,
  type PredictAction,
  type PredictState,
} from '../predict/predictSlice';
import {
  explainReducer,
  initialExplain,
  type ExplainAction,
  type ExplainState,
} from '../predict/explainSlice';
import { engineReducer, type EngineAction, type EngineRestartState } from './engineSlice';
import {
  effectReducer,
  initialEffect,
  type EffectAction,
  type EffectState,
} from '../effect/effectSlice';
import {
  initialSurvival,
  survivalReducer,
  type SurvivalAction,
  type SurvivalState,
} from '../survival/survivalSlice';
import {
  geneticsReducer,
  initialGenetics,
  type GeneticsAction,
  type GeneticsState,
} from '../genetics/geneticsSlice';
import {
  batchReducer,
  initialBatch,
  type BatchAction,
  type BatchState,
} from '../predict/batchSlice';

export type { Announcement } from './announcement';
export {
  effectiveColumn,
  type ChoiceKind,
  type LoadState,
  type OutcomeState,
} from '../load/loadSlice';
export {
  DEFAULT_SETTINGS,
  type ModelSource,
  type SettingsDraft,
  type TrainState,
} from '../train/trainSlice';
export type { EvaluateState } from '../evaluate/evaluateSlice';
export type { PredictState, SessionPatient } from '../predict/predictSlice';
export type { ExplainState } from '../predict/explainSlice';
export type { BatchState } from '../predict/batchSlice';
export type { EngineRestartState } from './engineSlice';
export type { EffectState } from '../effect/effectSlice';

export interface AppState {
  load: LoadState;
  outcome: OutcomeState;
  settings: SettingsDraft;
  train: TrainState;
  /** New-patient form, by feature name, as typed. Kept across retraining and cancelling. */
  form: Record<string, string>;
  predict: PredictState;
  evaluate: EvaluateState;
  explain: ExplainState;
  batch: BatchState;
  /** "Which treatment": the last treatment-effect estimate. */
  effect: EffectState;
  /** Genotype QC filters and ancestry components (the Train step's genetics panel). */
  genetics: GeneticsState;
  /** Set when the engine restarted its data worker, losing the table and model shown (cleared by the next load). */
  engineRestart: EngineRestartState | null;
  /** Time-to-event mode: its outcome choice, model report and patient prediction. */
  survival: SurvivalState;
  /** Polite status message for screen readers (shown in the aria-live region of the app). */
  announcement: Announcement;
  /** The result heading that should take keyboard focus (after Load, Train, Predict). */
  focus: FocusRequest;
}

export const initialState: AppState = {
  load: initialLoad,
  outcome: initialOutcome,
  settings: DEFAULT_SETTINGS,
  train: initialTrain,
  form: {},
  predict: initialPredict,
  evaluate: initialEvaluate,
  explain: initialExplain,
  batch: initialBatch,
  effect: initialEffect,
  genetics: initialGenetics,
  engineRestart: null,
  survival: initialSurvival,
  announcement: { text: '', seq: 0 },
  focus: NO_FOCUS_REQUEST,
};

export type Action =
  | LoadAction
  | TrainAction
  | EvaluateAction
  | PredictAction
  | ExplainAction
  | BatchAction
  | EngineAction
  | EffectAction
  | SurvivalAction
  | GeneticsAction
  | { type: 'announce'; text: string };

const slices = [
  loadReducer,
  trainReducer,
  evaluateReducer,
  predictReducer,
  explainReducer,
  batchReducer,
  engineReducer,
  effectReducer,
  survivalReducer,
  geneticsReducer,
];

export function reducer(state: AppState, action: Action): AppState {
  if (action.type === 'announce') {
    return { ...state, announcement: nextAnnouncement(state.announcement, action.text) };
  }
  for (const slice of slices) {
    const next = slice(state, action);
    if (next) return next;
  }
  return state;
}

export interface AppStore {
  getState(): AppState;
  dispatch(action: Action): void;
  subscribe(listener: () => void): () => void;
}

/** A tiny external store (for useSyncExternalStore); pass a state to start from, e.g. in tests. */
export function createAppStore(start: AppState = initialState): AppStore {
  let state = start;
  const listeners = new Set<() => void>();
  return {
    getState: () => state,
    dispatch(action) {
      const next = reducer(state, action);
      if (next === state) return;
      state = next;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
