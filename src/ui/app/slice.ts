/** Small helpers the step slices share to update the one app state. */
import { nextAnnouncement, type Announcement } from './announcement';
import type { JobOutcome } from './job';
import { requestFocus } from './focusRequest';
import type { AppState } from './store';

/** The announcement after saying `text` (unchanged when there is nothing to say). */
export function say(state: AppState, text: string | null): Announcement {
  return text === null ? state.announcement : nextAnnouncement(state.announcement, text);
}

/** The steps whose state is a cancellable run. */
export type JobKey = 'load' | 'train' | 'evaluate' | 'batch' | 'effect';

/** Puts a run's outcome into the app state (the same state when the event was stale). */
export function applyJob<K extends JobKey>(
  state: AppState,
  key: K,
  outcome: JobOutcome<AppState[K]>,
): AppState {
  if (!outcome) return state;
  return {
    ...state,
    [key]: outcome.slice,
    announcement: say(state, outcome.say),
    focus: outcome.focus ? requestFocus(state.focus, outcome.focus) : state.focus,
  };
}
