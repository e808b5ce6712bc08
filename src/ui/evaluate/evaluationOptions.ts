/**
 * The Evaluate step's Group column, Repeats and Positive class, in a small store of their own beside the app
 * store (so its reducer is untouched): the controls write it, the evaluation reads it when it starts.
 */
import { useSyncExternalStore } from 'react';
import type { EvaluationSettings, OutcomeDescription } from '../../worker/api';

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

/** The positive class in force: the user's choice when it is a class, else the outcome's default, else the second. */
export function positiveInForce(
  classes: string[],
  chosen: string,
  outcome: OutcomeDescription | null,
): string | null {
  if (classes.length !== 2) return null;
  if (classes.includes(chosen)) return chosen;
  const fallback = outcome?.positiveClass;
  return fallback && classes.includes(fallback) ? fallback : classes[1];
}

/** The settings an evaluation starts with. */
export function evaluationSettings(
  folds: number,
  classes: string[],
  outcome: OutcomeDescription | null,
  groupColumns: string[],
): EvaluationSettings | null {
  const { repeats } = checkRepeats(state.repeats);
  if (repeats === null) return null;
  return {
    folds,
    repeats,
    groupColumn: groupColumns.includes(state.groupColumn) ? state.groupColumn : null,
    positiveClass: positiveInForce(classes, state.positiveClass, outcome),
  };
}
