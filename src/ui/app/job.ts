/**
 * One lifecycle for every cancellable engine run (reading a file, training, evaluating, batch prediction):
 * started → succeeded | failed | cancelled (progress ticks go to progressStore.ts). A run id makes the late answer of a cancelled or
 * superseded run stale, so it can never overwrite a newer result.
 */
import type { FocusTarget } from './focusRequest';

export type JobStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

/** The part of a step's state that describes its run. */
export interface Job<P> {
  status: JobStatus;
  /** Increases with every run (and every cancel) so a late answer of an old run is ignored. */
  runId: number;
  /** What is known of the progress when the run starts; later ticks go to progressStore.ts. */
  progress: P | null;
  error: string | null;
}

/** What a run reports to the app state. `S` is what starting needs, `R` the result (progress ticks go to progressStore.ts). */
export type JobEvent<S, R> =
  | { phase: 'started'; start: S }
  | { phase: 'succeeded'; runId: number; result: R }
  | { phase: 'failed'; runId: number; error: string }
  | { phase: 'cancelled' };

export const IDLE_JOB: Job<never> = { status: 'idle', runId: 0, progress: null, error: null };

/** How one step's state reacts to its run, beyond the lifecycle fields the helper sets itself. */
export interface JobSpec<T extends Job<P>, S, P, R> {
  /** Fields to set when a run starts (e.g. the file name, a first progress value). */
  started?: (slice: T, start: S) => Partial<T>;
  /** Fields to set from the result. */
  succeeded: (slice: T, result: R) => Partial<T>;
  /** The result heading that takes keyboard focus when a run succeeds. */
  focus?: FocusTarget;
  /** What the live region says at each phase (nothing when absent or null). */
  say?: {
    started?: (start: S, slice: T) => string | null;
    succeeded?: (result: R, slice: T) => string | null;
    failed?: (error: string, slice: T) => string | null;
    cancelled?: (slice: T) => string | null;
  };
}

/** The new slice, what to announce and where focus goes, or null when the event changes nothing. */
export type JobOutcome<T> = { slice: T; say: string | null; focus?: FocusTarget } | null;

/** Builds the reducer of one step's run from its spec; the lifecycle itself is written only here. */
export function jobReducer<T extends Job<P>, S, P, R>(
  spec: JobSpec<T, S, P, R>,
): (slice: T, event: JobEvent<S, R>) => JobOutcome<T> {
  return (slice, event) => {
    switch (event.phase) {
      case 'started': {
        const next: T = {
          ...slice,
          status: 'running',
          runId: slice.runId + 1,
          progress: null,
          error: null,
          ...spec.started?.(slice, event.start),
        };
        return { slice: next, say: spec.say?.started?.(event.start, slice) ?? null };
      }
      case 'succeeded': {
        if (event.runId !== slice.runId) return null;
        const next: T = {
          ...slice,
          status: 'done',
          progress: null,
          error: null,
          ...spec.succeeded(slice, event.result),
        };
        return {
          slice: next,
          say: spec.say?.succeeded?.(event.result, slice) ?? null,
          focus: spec.focus,
        };
      }
      case 'failed':
        if (event.runId !== slice.runId) return null;
        return {
          slice: { ...slice, status: 'error', progress: null, error: event.error },
          say: spec.say?.failed?.(event.error, slice) ?? null,
        };
      case 'cancelled':
        if (slice.status !== 'running') return null;
        return {
          // A new run id makes any late answer of the cancelled run stale.
          slice: { ...slice, status: 'cancelled', runId: slice.runId + 1, progress: null },
          say: spec.say?.cancelled?.(slice) ?? null,
        };
    }
  };
}
