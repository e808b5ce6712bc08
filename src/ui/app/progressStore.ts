/**
 * Progress of the running jobs, kept outside the app store on purpose: a tick every 100 ms must not
 * change the app state while React is drawing a result in a transition (a store that changes during a
 * transition makes React redo that whole render synchronously, one long task). Only the progress bars
 * read this store.
 */
import { useSyncExternalStore } from 'react';
import type {
  EffectProgress,
  EvaluationProgress,
  ParseProgress,
  TrainProgress,
} from '../../worker/api';

export interface JobProgress {
  load: ParseProgress;
  train: TrainProgress;
  evaluate: EvaluationProgress;
  batch: ParseProgress;
  effect: EffectProgress;
}

export type ProgressKey = keyof JobProgress;

const values: { [K in ProgressKey]?: JobProgress[K] | null } = {};
const listeners = new Set<() => void>();

/** Records the latest progress of a job (null when it starts or ends). */
export function setJobProgress<K extends ProgressKey>(key: K, value: JobProgress[K] | null): void {
  if (values[key] === value) return;
  values[key] = value;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The latest progress of a job, re-rendering only the component that shows it. */
export function useJobProgress<K extends ProgressKey>(key: K): JobProgress[K] | null {
  const read = () => values[key] ?? null;
  return useSyncExternalStore(subscribe, read, read);
}
