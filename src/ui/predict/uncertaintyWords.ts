/** Plain words for a prediction's uncertainty, tie and prediction set. Formatting only: the engine decides. */
import type { Prediction, StandardError } from '../../worker/api';

/**
 * "± 4.2 percentage points"; when the estimate is itself noisy (too few trees) "about ± 4.2 percentage points
 * (rough: more trees needed)", or just "more trees needed" when nothing is left after the bias correction.
 */
export function seText(s: StandardError | undefined | null): string {
  if (!s) return 'not available';
  const value = `± ${(s.se * 100).toFixed(1)} percentage points`;
  if (s.stable) return value;
  return s.se > 0 ? `about ${value} (rough: more trees needed)` : 'more trees needed';
}

/** True when the engine found no outcome ahead of the others by more than its uncertainty. */
export function isTie(p: Prediction): boolean {
  return p.tie?.tie === true;
}

/** "responder and non_responder" for a list of outcomes. */
export function listOutcomes(names: string[]): string {
  const quoted = names.map((n) => `“${n}”`);
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** "90 %" for a confidence of 0.9. */
export function confidenceText(c: number): string {
  return `${Math.round(c * 1000) / 10} %`;
}

/** What a prediction set means, in one sentence. */
export function setSentence(set: string[], confidence: number, classes: string[]): string {
  const at = `At ${confidenceText(confidence)} confidence`;
  if (set.length === 0) {
    return `${at}, no outcome fits: this patient is unlike the patients the model learned from, so the probabilities below are an extrapolation.`;
  }
  if (set.length === 1) {
    return `${at}, only ${listOutcomes(set)} cannot be ruled out.`;
  }
  if (set.length === classes.length) {
    return `${at}, no outcome can be ruled out: the model cannot decide between ${listOutcomes(set)} for this patient.`;
  }
  return `${at}, ${listOutcomes(set)} cannot be ruled out.`;
}
