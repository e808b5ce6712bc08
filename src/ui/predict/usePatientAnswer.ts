/**
 * The answer to a per-patient question asked of a kept estimate (the two-arm and the multi-arm effect of treatment):
 * asked again whenever `key` changes, an answer for an older key never shown, and its waiting, failure and "no longer
 * held" states said the same way for both (PatientAnswerStatus).
 */
import { useEffect, useState } from 'react';
import { errorMessage } from '../app/engineContext';

/** The answer for `key`: undefined while it is asked, else its result (null: the engine no longer holds the fit). */
export interface PatientAnswer<T> {
  result: T | null;
  error: string | null;
}

/**
 * Asks `ask` for the current key and returns its answer once it came; `ask` must keep its
 * identity while the question is the same (useCallback).
 */
export function usePatientAnswer<T>(
  key: string,
  ask: () => Promise<T | null>,
): PatientAnswer<T> | undefined {
  const [answer, setAnswer] = useState<({ key: string } & PatientAnswer<T>) | null>(null);
  useEffect(() => {
    let live = true;
    ask().then(
      (result) => live && setAnswer({ key, result, error: null }),
      (error: unknown) => live && setAnswer({ key, result: null, error: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
  }, [key, ask]);
  return answer && answer.key === key ? answer : undefined;
}
