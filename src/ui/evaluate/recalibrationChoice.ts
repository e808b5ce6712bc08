/**
 * Whether the user chose to recalibrate predictions, shared by the Evaluate step (where it is chosen) and
 * the Predict step (where it is applied). Kept out of the app store on purpose: a tiny external store,
 * tied to the model it was chosen for, so a new model starts unrecalibrated.
 */
import { useSyncExternalStore } from 'react';
import type { RecalibrationFit } from '../../worker/api';

export type RecalibrationChoice = 'none' | RecalibrationFit['method'];

interface Choice {
  method: RecalibrationChoice;
  /** ModelInfo.trainedAt of the model it was chosen for. */
  modelTrainedAt: string | null;
}

let current: Choice = { method: 'none', modelTrainedAt: null };
const listeners = new Set<() => void>();

/** Choose a recalibration for the model trained at `modelTrainedAt`. */
export function setRecalibrationChoice(method: RecalibrationChoice, modelTrainedAt: string): void {
  current = { method, modelTrainedAt };
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The recalibration chosen for this model ('none' for any other). */
export function useRecalibrationChoice(modelTrainedAt: string | null): RecalibrationChoice {
  const choice = useSyncExternalStore(
    subscribe,
    () => current,
    () => current,
  );
  return choice.modelTrainedAt === modelTrainedAt ? choice.method : 'none';
}
