/** The default positive class of a two-class outcome (for ROC, sensitivity, the threshold, the model card). */

/** Class names that usually mean "the event of interest" (compared whole, case-insensitively). */
export const POSITIVE_NAMES: readonly string[] = [
  'case',
  'cases',
  'responder',
  'response',
  'yes',
  'y',
  'positive',
  'pos',
  '1',
  'true',
  'affected',
  'disease',
  'diseased',
  'event',
  'malignant',
];

/**
 * Words that mark a class as an event when they appear anywhere in its name ("distant_recurrence",
 * "Died of disease"), unless the name is a negation ("no_recurrence").
 */
const EVENT_WORDS: readonly string[] = [
  'recurrence',
  'recurred',
  'recurrent',
  'relapse',
  'relapsed',
  'death',
  'dead',
  'died',
  'deceased',
  'progression',
  'progressed',
  'progressive',
  'malignant',
  'malignancy',
  'event',
  'case',
  'responder',
  'response',
  'disease',
  'failure',
  'failed',
  'metastasis',
  'metastatic',
  'complication',
  'readmitted',
  'readmission',
];

/** Class names that are the absence of the event (compared whole, case-insensitively). */
const NEGATIVE_NAMES: readonly string[] = [
  'control',
  'controls',
  'negative',
  'neg',
  'no',
  'n',
  '0',
  'false',
  'none',
  'benign',
  'censored',
  'alive',
  'healthy',
  'normal',
  'unaffected',
  'absent',
  'survived',
  'living',
  'remission',
  'disease-free',
  'event-free',
];

/** A name that negates another: "no_recurrence", "non-responder", "not progressed", "nonresponder". */
const NEGATION_PREFIX = /^(no|non|not)([\s_\-.]+|(?=responder|response|event|disease|progress))/;
/** The event's absence named by "free": "recurrence-free", "event free". */
const FREE_SUFFIX = /[\s_-]free$/;

function words(name: string): string[] {
  return name.split(/[^a-z0-9]+/).filter(Boolean);
}

/** How a class name reads: the event, its absence, or neither. */
export function classNameRole(name: string): 'event' | 'negation' | 'neutral' {
  const key = name.trim().toLowerCase();
  if (NEGATIVE_NAMES.includes(key) || NEGATION_PREFIX.test(key) || FREE_SUFFIX.test(key))
    return 'negation';
  if (POSITIVE_NAMES.includes(key)) return 'event';
  if (words(key).some((w) => EVENT_WORDS.includes(w))) return 'event';
  return 'neutral';
}

/** Why a class was taken as positive: its name, its negation's, PLINK's case coding, or a guess to confirm. */
export type PositiveReason = 'named' | 'negation' | 'plink' | 'guess';

/**
 * The positive class of a two-class outcome: with PLINK coding, 2 = case; else the class named like an event
 * (recurrence, relapse, death, progression, case, responder, positive, yes, 1, malignant, disease, event…) over
 * the other; else the class whose partner is named like its negation (no_…, non_…, not_…, control, negative,
 * benign, censored…); else a guess the user must confirm: the smaller class (ties: the later in order). Null
 * unless there are exactly two classes.
 */
export function defaultPositiveClass(
  classes: string[],
  counts: number[],
  options: { plinkPhenotype?: boolean } = {},
): { index: number; reason: PositiveReason } | null {
  if (classes.length !== 2) return null;
  if (options.plinkPhenotype) {
    const k = classes.findIndex((c) => ['case', '2'].includes(c.trim().toLowerCase()));
    if (k >= 0) return { index: k, reason: 'plink' };
  }
  const roles = classes.map(classNameRole);
  const events = roles.map((r) => r === 'event');
  if (events[0] !== events[1]) return { index: events[0] ? 0 : 1, reason: 'named' };
  const negations = roles.map((r) => r === 'negation');
  if (negations[0] !== negations[1]) return { index: negations[0] ? 1 : 0, reason: 'negation' };
  return { index: counts[0] < counts[1] ? 0 : 1, reason: 'guess' };
}

/** Words of outcomes a patient hopes for although they are the "event" a study counts (a response, a remission). */
const GOOD_WORDS: readonly string[] = [
  'responder',
  'response',
  'responded',
  'remission',
  'cured',
  'cure',
  'recovered',
  'recovery',
  'improved',
  'success',
  'successful',
  'survived',
  'survival',
];

/** Plain answers: true for yes, false for no. */
const PLAIN_ANSWERS: Readonly<Record<string, boolean>> = {
  yes: true,
  y: true,
  '1': true,
  true: true,
  no: false,
  n: false,
  '0': false,
  false: false,
};

/** Whether a class name reads as an outcome a patient would want, one they would not, or neither. */
export function classNameHope(name: string): 'good' | 'bad' | 'unknown' {
  const key = name.trim().toLowerCase();
  const good = words(key).some((w) => GOOD_WORDS.includes(w));
  // "non_responder" negates a good outcome, "no_recurrence" or "recurrence-free" a bad one.
  if (NEGATION_PREFIX.test(key) || FREE_SUFFIX.test(key)) return good ? 'bad' : 'good';
  if (good) return 'good';
  // "alive", "control", "censored", "benign" are the event's absence; "recurrence", "death" the event.
  const role = classNameRole(name);
  return role === 'negation' ? 'good' : role === 'event' ? 'bad' : 'unknown';
}

/**
 * The outcome a patient would want, from the class names alone (for "what would change the outlook"): the one
 * class that reads as hoped for (responder, remission, no_recurrence, alive, censored…), or of two classes the
 * other of the one that reads as feared (recurrence, death…); plain yes/no of a column named like a hoped-for
 * outcome (response, remission): yes. Null when the names do not say (the caller then takes the class other than
 * the positive one, or asks).
 */
export function wantedOutcome(classes: string[], target = ''): number | null {
  // Plain yes/no (1/0, true/false) take their meaning from the column: "response = yes" is the outcome wanted.
  const plain = classes.map((c) => PLAIN_ANSWERS[c.trim().toLowerCase()] ?? null);
  const goodColumn = words(target.toLowerCase()).some((w) => GOOD_WORDS.includes(w));
  if (
    classes.length === 2 &&
    goodColumn &&
    plain[0] !== null &&
    plain[1] !== null &&
    plain[0] !== plain[1]
  )
    return plain[0] ? 0 : 1;
  const hopes = classes.map(classNameHope);
  const good = hopes.flatMap((h, k) => (h === 'good' ? [k] : []));
  if (good.length === 1) return good[0];
  const bad = hopes.flatMap((h, k) => (h === 'bad' ? [k] : []));
  if (classes.length === 2 && bad.length === 1 && good.length === 0) return 1 - bad[0];
  return null;
}
