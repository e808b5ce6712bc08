/** Familiarity (the engine's percentile of proximity to the cohort) in words. Formatting only. */
import { percentRange } from '../app/format';

export interface FamiliarityWords {
  word: 'typical' | 'unusual' | 'unlike the cohort' | 'cannot be judged';
  detail: string;
}

/** Below this the engine warns (see engine/explain/familiarity). */
const WARN_BELOW = 0.05;
const UNUSUAL_BELOW = 0.25;

export function familiarityWords(familiarity: number): FamiliarityWords {
  if (!Number.isFinite(familiarity)) {
    return {
      word: 'cannot be judged',
      detail:
        'the training data is not loaded, so this patient cannot be compared with the cohort.',
    };
  }
  const rank = Math.round(familiarity * 100);
  const detail = `closer to the cohort than ${rank} % of the training patients are to each other (50 % is typical; below 5 % is flagged).`;
  if (familiarity < WARN_BELOW) return { word: 'unlike the cohort', detail };
  if (familiarity < UNUSUAL_BELOW) return { word: 'unusual', detail };
  return { word: 'typical', detail };
}

/** "62.0–91.0 %" for a trees' spread. */
export function spreadText(interval: { low: number; high: number } | undefined): string {
  if (!interval) return 'not available';
  return percentRange([interval.low, interval.high]);
}
