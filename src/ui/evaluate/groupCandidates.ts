import { useAppState } from '../app/storeContext';

const NO_CANDIDATES: string[] = [];

/** The loaded table's Group column candidates, less `exclude` (e.g. a survival outcome's time and event columns). */
export function useGroupCandidates(exclude: readonly string[] = NO_CANDIDATES): string[] {
  // Select the stored array itself: a fresh [] per call would re-render forever.
  const stored = useAppState((s) => s.load.table?.groupCandidates) ?? NO_CANDIDATES;
  return exclude.length === 0 ? stored : stored.filter((c) => !exclude.includes(c));
}
