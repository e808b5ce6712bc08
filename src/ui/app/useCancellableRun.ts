/**
 * The one way a component runs a cancellable engine job: an AbortController per run, progress throttled
 * to a few renders a second (in the progress store, not the app state), errors turned into the step's "failed" state, and Cancel keeping everything
 * the step had before (the reducer only marks the run cancelled).
 */
import { useCallback, useEffect, useRef } from 'react';
import { errorMessage, isAbort } from './engineContext';
import type { JobEvent } from './job';
import type { Action, AppState } from './store';
import { useDispatch, useStoreInstance } from './storeContext';
import { throttleLatest } from './throttle';
import { nextTask } from './revealQueue';
import { setJobProgress, type JobProgress, type ProgressKey } from './progressStore';

/** Progress ticks re-render at most this often. */
const PROGRESS_MS = 100;

/** What an engine call gets: the signal that cancels it and where to report progress. */
export interface RunOptions<P> {
  signal: AbortSignal;
  onProgress: (progress: P) => void;
}

export interface CancellableRun<S, P, R> {
  /** Starts a run (cancelling one still going); resolves when it has ended, however it ended. */
  start: (start: S, run: (options: RunOptions<P>) => Promise<R>) => Promise<void>;
  /** Stops the running call at once; the step keeps its previous result. */
  cancel: () => void;
  /** True while a run started here has not ended. */
  isRunning: () => boolean;
}

/**
 * `toAction` wraps a lifecycle event in the step's action; `runIdOf` reads the step's run id, so the
 * answers of this run carry it and a newer run makes them stale.
 */
export function useCancellableRun<K extends ProgressKey, S, R>(
  key: K,
  toAction: (event: JobEvent<S, R>) => Action,
  runIdOf: (state: AppState) => number,
): CancellableRun<S, JobProgress[K], R> {
  type P = JobProgress[K];
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const controller = useRef<AbortController | null>(null);
  // The callers pass inline functions; keep the latest without changing the returned callbacks.
  const wrap = useRef({ toAction, runIdOf });
  useEffect(() => {
    wrap.current = { toAction, runIdOf };
  });

  const start = useCallback(
    async (startWith: S, run: (options: RunOptions<P>) => Promise<R>) => {
      const { toAction: act, runIdOf: idOf } = wrap.current;
      controller.current?.abort();
      const ac = new AbortController();
      controller.current = ac;
      dispatch(act({ phase: 'started', start: startWith }));
      const runId = idOf(store.getState());
      setJobProgress(key, null);
      const progress = throttleLatest((p: P) => {
        if (!ac.signal.aborted) setJobProgress(key, p);
      }, PROGRESS_MS);
      try {
        const result = await run({ signal: ac.signal, onProgress: progress.push });
        progress.cancel();
        // Drawing the result waits for a task of its own: the task that received it has already spent
        // tens of milliseconds reading a wide result (a 20,000-feature model) from the worker's message.
        await nextTask();
        if (ac.signal.aborted) return;
        dispatch(act({ phase: 'succeeded', runId, result }));
      } catch (error) {
        progress.cancel();
        if (isAbort(error, ac.signal)) return;
        dispatch(act({ phase: 'failed', runId, error: errorMessage(error) }));
      } finally {
        if (controller.current === ac) {
          controller.current = null;
          setJobProgress(key, null);
        }
      }
    },
    [dispatch, store, key],
  );

  const cancel = useCallback(() => {
    controller.current?.abort();
    controller.current = null;
    setJobProgress(key, null);
    dispatch(wrap.current.toAction({ phase: 'cancelled' }));
  }, [dispatch, key]);

  const isRunning = useCallback(() => controller.current !== null, []);

  return { start, cancel, isRunning };
}
