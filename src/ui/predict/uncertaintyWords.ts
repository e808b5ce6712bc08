/** Plain words for a prediction's uncertainty, tie and prediction set. Formatting only: the engine decides. */
import type { Prediction, StandardError } from '../../worker/api';
import { confidenceText, percent, percentagePoints, percentText } from '../app/format';

/**
 * A shown percentage (one decimal, as roundedPercents gives it) in words when it would read as certainty: 0.0 %
 * is "fewer than 1 in 100", 100.0 % "more than 99 in 100"; others as "62.5 %". A forest's estimate is never
 * certainty, however much its trees agree.
 */
export function probabilityText(shownPercent: number): string {
  if (shownPercent <= 0) return 'fewer than 1 in 100';
  if (shownPercent >= 100) return 'more than 99 in 100';
  return percentText(shownPercent);
}

/** A count out of 100 for a table whose column says "Out of 100": "23", "fewer than 1", "more than 99". */
export function outOf100Count(count: number): string {
  if (count <= 0) return 'fewer than 1';
  if (count >= 100) return 'more than 99';
  return String(count);
}

/** "23 out of 100", or "fewer than 1 out of 100" / "more than 99 out of 100" for the extremes (icon counts). */
export function outOf100Text(count: number): string {
  if (count <= 0) return 'fewer than 1 out of 100';
  if (count >= 100) return 'more than 99 out of 100';
  return `${count} out of 100`;
}

/** True when a standard error reads as 0.0 percentage points. */
function readsZero(s: StandardError | undefined | null): boolean {
  return !!s && s.stable && Math.round(s.se * 1000) === 0;
}

/**
 * "± 4.2 percentage points"; when the estimate is itself noisy (too few trees) "about ± 4.2 percentage points
 * (rough: more trees needed)", or just "more trees needed" when nothing is left after the bias correction.
 */
export function seText(s: StandardError | undefined | null): string {
  if (!s) return 'not available';
  const value = `± ${percentagePoints(s.se, false)}`;
  if (readsZero(s)) return `${value} (the trees agree; not certainty)`;
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

/** What the words about a set may use beyond the set itself (absent: the set alone, as older reports). */
export interface SetDetail {
  reading?: Prediction['setReading'];
  /** Per class, the least probability that puts it in the set. */
  cutoffs?: number[];
  /** The forest's probabilities the set was computed on. */
  probabilities?: number[];
}

/** What a prediction set means, in one sentence (two for an empty or several-outcome set with its detail). */
export function setSentence(
  set: string[],
  confidence: number,
  classes: string[],
  detail: SetDetail = {},
): string {
  const at = `At ${confidenceText(confidence)} confidence`;
  const { reading, cutoffs, probabilities } = detail;
  const known = !!cutoffs && !!probabilities && cutoffs.length === classes.length;
  if (set.length === 0) {
    const none = `${at}, no outcome reaches the probability the sets require of it`;
    if (reading === 'empty-unlike') {
      return `${none}, and this patient is unlike the patients the model learned from (see the warnings): the probabilities below are an extrapolation.`;
    }
    if (reading === 'empty-between') {
      let nearest = '';
      if (known) {
        // The outcome that missed its cut-off by the least: what the patient is nearest to.
        let k = 0;
        for (let j = 1; j < classes.length; j++)
          if (cutoffs[j] - probabilities[j] < cutoffs[k] - probabilities[k]) k = j;
        nearest = ` (“${classes[k]}” at ${percent(probabilities[k])} is short of the ${percent(cutoffs[k])} it needs)`;
      }
      return `${none}: this patient falls between the outcomes at this confidence${nearest}. The patient looks like the cohort and every value is in the training range, so this is not a sign of an unusual patient: the model cannot single out an outcome with ${confidenceText(confidence)} confidence.`;
    }
    if (reading === 'empty-unjudged') {
      return `${none}. Whether this patient is unlike the cohort cannot be judged without the training data, so read the probabilities below with care.`;
    }
    return `${none}: the patient falls between the outcomes at this confidence, or is unlike the cohort (see the familiarity).`;
  }
  if (set.length === 1) {
    return `${at}, only ${listOutcomes(set)} cannot be ruled out.`;
  }
  const head =
    set.length === classes.length
      ? `${at}, no outcome can be ruled out: the model cannot decide between ${listOutcomes(set)} for this patient.`
      : `${at}, ${listOutcomes(set)} cannot be ruled out.`;
  if (!known) return head;
  const parts = set.map((name) => {
    const k = classes.indexOf(name);
    return k < 0
      ? `“${name}”`
      : `“${name}” ${percent(probabilities[k])}, ${cutoffs[k] <= 0 ? 'never ruled out at this confidence' : `cut-off ${percent(cutoffs[k])}`}`;
  });
  return `${head} A set lists the outcomes the model cannot rule out, not the likely ones: each outcome has its own cut-off (the probability ${confidenceText(confidence)} of the cohort’s patients with that outcome reached), so an unlikely outcome whose patients were often given low probabilities stays in the set (${parts.join('; ')}).`;
}

/** The guarantee of the sets, honestly: marginal, on patients like the cohort, approximate with out-of-bag calibration. */
export function setGuarantee(confidence: number): string {
  const c = confidenceText(confidence);
  return (
    `Sets made this way contain the true outcome for about ${c} of patients drawn from the same population as the ` +
    'training patients, within each outcome: on average over such patients, not for this patient in particular, ' +
    'and not for patients from another hospital or period. The cut-offs come from the out-of-bag probabilities of ' +
    'the training patients, which approximates split conformal prediction without its exact guarantee; the ' +
    'Evaluate step measures the coverage actually reached.'
  );
}

/**
 * The caveat to show under a prediction whose probabilities read "fewer than 1 in 100" / "more than 99 in 100" or
 * whose standard errors read 0: agreement between trees is not certainty. Null when neither appears.
 */
export function certaintyNote(
  shownPercents: readonly number[],
  standardErrors: readonly (StandardError | null | undefined)[] | null | undefined,
): string | null {
  const extreme = shownPercents.some((p) => p <= 0 || p >= 100);
  const zero = (standardErrors ?? []).some(readsZero);
  if (!extreme && !zero) return null;
  const parts: string[] = [];
  if (extreme)
    parts.push(
      '“Fewer than 1 in 100” and “more than 99 in 100” are the model’s estimates, never certainty: a patient like this one can still have the other outcome.',
    );
  if (zero)
    parts.push(
      'A standard error of 0 means the trees agree with one another, not that the outcome is certain: all of them can be wrong together, for instance for a patient unlike the cohort or when a column gives the outcome away.',
    );
  return parts.join(' ');
}
