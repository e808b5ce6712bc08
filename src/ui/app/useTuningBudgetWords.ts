import { useEffect, useState } from 'react';
import { errorMessage } from './engineContext';

/** The tuning plan's sentence and whether it answers the request as it stands now. */
export interface BudgetWords {
  words: string;
  /** False while the answer for a changed request is awaited: `words` are then the previous request's. */
  current: boolean;
}

/**
 * The sentence saying how many trees tuning will grow, worked out by the data worker for `request` (a string key of
 * everything asked, so it is asked again only when that changes; the UI only shows it), asked 150 ms after the
 * request last changed so typing does not queue a call per key; the reason in words when asking fails. While a new
 * answer is awaited the previous one is returned marked not current, so the page can keep its place (a sentence that
 * vanished and came back moved the Train button under the pointer) without showing figures of an older request.
 * `ask` should keep its identity between renders (useCallback).
 */
export function useTuningBudgetWords(
  request: string | null,
  ask: (request: string) => Promise<string>,
): BudgetWords | null {
  const [answer, setAnswer] = useState<{ request: string; words: string } | null>(null);
  useEffect(() => {
    if (request === null) return;
    let live = true;
    const timer = setTimeout(() => {
      ask(request).then(
        (words) => live && setAnswer({ request, words }),
        (error: unknown) =>
          live &&
          setAnswer({
            request,
            words: `How many trees tuning grows could not be worked out: ${errorMessage(error)}`,
          }),
      );
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [request, ask]);
  if (!answer || request === null) return null;
  return { words: answer.words, current: answer.request === request };
}
