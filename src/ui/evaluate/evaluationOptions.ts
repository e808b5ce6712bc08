/**
 * The Evaluate step's Group column, Repeats and Positive class, in a small store of their own beside the app
 * store (so its reducer is untouched): the controls write it, the evaluation reads it when it starts.
 */
import { useSyncExternalStore } from 'react';
import type { EvaluationSettings, OutcomeDescription } from '../../worker/api';
import { useAppState } from '../app/storeContext';
import { positiveInForce, reportPositive } from './positiveClass';

export interface EvaluationOptionsState {
  /** Column whose groups stay together in cross-validation; '' = none. */
  groupColumn: string;
  /** Repeats as typed. */
  repeats: string;
  /** The positive class chosen; '' = the default. */
  positiveClass: string;
}

export const MIN_REPEATS = 1;
export const MAX_REPEATS = 20;

let state: EvaluationOptionsState = { groupColumn: '', repeats: '1', positiveClass: '' };
const listeners = new Set<() => void>();

/** The options now. */
export function getEvaluationOptions(): EvaluationOptionsState {
  return state;
}

/** Change some options. */
export function setEvaluationOptions(patch: Partial<EvaluationOptionsState>): void {
  state = { ...state, ...patch };
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The options, re-rendering on change. */
export function useEvaluationOptions(): EvaluationOptionsState {
  return useSyncExternalStore(subscribe, getEvaluationOptions, getEvaluationOptions);
}

/** Repeats as typed, or the message saying why it cannot be used. */
export function checkRepeats(text: string): { repeats: number | null; error?: string } {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < MIN_REPEATS || n > MAX_REPEATS) {
    return { repeats: null, error: `Use a whole number from ${MIN_REPEATS} to ${MAX_REPEATS}.` };
  }
  return { repeats: n };
}

/** The settings an evaluation starts with. */
export function evaluationSettings(
  folds: number,
  classes: string[],
  outcome: OutcomeDescription | null,
  groupColumns: string[],
  reported: string | null = null,
): EvaluationSettings | null {
  const { repeats } = checkRepeats(state.repeats);
  if (repeats === null) return null;
  return {
    folds,
    repeats,
    groupColumn: groupColumns.includes(state.groupColumn) ? state.groupColumn : null,
    positiveClass: positiveInForce(classes, state.positiveClass, outcome, reported),
  };
}

/**
 * The positive class in force for the current model's classes (null unless two-class): the user's choice, else
 * the current evaluation's, else the outcome's default. Read-outs outside the Evaluate step (patient report,
 * counterfactual) take it from here.
 */
export function usePositiveClass(classes: string[]): string | null {
  const chosen = useEvaluationOptions().positiveClass;
  const outcome = useAppState((s) => s.outcome.summary) as OutcomeDescription | null;
  const reported = useAppState((s) =>
    s.evaluate.modelTrainedAt === s.train.model?.trainedAt
      ? reportPositive(s.evaluate.report)
      : null,
  );
  return positiveInForce(classes, chosen, outcome, reported);
}
