import { useEffect, useState } from 'react';
import { errorMessage } from './engineContext';

/**
 * The sentence saying how many trees tuning will grow, worked out by the data worker for `request` (a string key of
 * everything asked, so it is asked again only when that changes; the UI only shows it), asked 150 ms after the
 * request last changed so typing does not queue a call per key; null until the answer for the current request comes,
 * and the reason in words when asking fails. `ask` should keep its identity between renders (useCallback).
 */
export function useTuningBudgetWords(
  request: string | null,
  ask: (request: string) => Promise<string>,
): string | null {
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
  return answer && answer.request === request ? answer.words : null;
}
