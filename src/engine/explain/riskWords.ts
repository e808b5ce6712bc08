/**
 * Risk in the words and pictures clinicians and patients read best: natural frequencies ("About 77
 * out of 100 patients like this one …", Gigerenzer & Hoffrage 1995) and a 100-icon array with the
 * whole population shown and icons grouped by outcome (Galesic, Garcia-Retamero & Gigerenzer 2009;
 * Ancker et al. 2006). Absolute numbers only: never relative risk, never "diagnosis".
 *
 * The numbers in the sentences, the icons and the percentages shown are one and the same rounding:
 * largest-remainder (Hamilton) rounding, so they always add up to 100, and each differs from the
 * exact 100·p by less than 1. Show `counts` as the percentages too, so nothing disagrees.
 */

/** Largest-remainder rounding of probabilities to whole counts out of `total` (default 100). */
export function iconCounts(probs: readonly number[], total = 100): number[] {
  if (!(Number.isInteger(total) && total >= 1))
    throw new Error(`total must be a positive integer, got ${total}`);
  if (probs.length === 0) throw new Error('There are no outcomes to show');
  let sum = 0;
  for (const [k, p] of probs.entries()) {
    if (!(Number.isFinite(p) && p >= 0))
      throw new Error(`The probability of outcome ${k + 1} is ${p}, not a number >= 0`);
    sum += p;
  }
  if (Math.abs(sum - 1) > 1e-6) throw new Error(`Probabilities add up to ${sum}, not 1`);
  // Quotas rounded to 1e-9 so that 100 · 0.29 = 28.999999999999996 counts as the 29 it means.
  const quota = probs.map((p) => Math.round(((total * p) / sum) * 1e9) / 1e9);
  const counts = quota.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = probs
    .map((p, k) => ({ k, rem: quota[k] - counts[k], p }))
    .sort((a, b) => b.rem - a.rem || b.p - a.p || a.k - b.k);
  for (let i = 0; left > 0 && i < order.length; i++, left--) counts[order[i].k]++;
  return counts;
}

/**
 * An outcome's name as it reads in a sentence: exactly as in the data, in quotation marks. Not rewritten (an
 * underscore read as a space gave “non responder” beside the set's and the tables' {non_responder}, as if two
 * outcomes): the name the user wrote is the one every read-out shows.
 */
export function outcomeLabel(name: string): string {
  return `“${name}”`;
}

/** How the sentences refer to the patients (defaults: "patients", "like this one", "in your cohort"). */
export interface FrequencyWording {
  group?: string;
  likeThis?: string;
  population?: string;
}

/** How a count out of 100 opens a sentence: "About 77", or "Fewer than 1" / "More than 99" (never certainty). */
export function aboutCount(count: number): string {
  return count <= 0 ? 'Fewer than 1' : count >= 100 ? 'More than 99' : `About ${count}`;
}

/**
 * One natural-frequency sentence: "About 77 out of 100 patients like this one in your cohort would
 * have the outcome “responder”." A count of 0 reads "Fewer than 1", of 100 "More than 99", since
 * a model's estimate is never certainty.
 */
export function frequencySentence(
  count: number,
  outcome: string,
  wording: FrequencyWording = {},
): string {
  const group = wording.group ?? 'patients';
  const like = wording.likeThis ?? 'like this one';
  const population = wording.population ?? 'in your cohort';
  const lead = aboutCount(count);
  const who = [group, like, population].filter((s) => s.length > 0).join(' ');
  return `${lead} out of 100 ${who} would have the outcome ${outcomeLabel(outcome)}.`;
}

/** An icon array for one prediction: counts, the 100 icons grouped by outcome, sentences and a table. */
export interface IconArray {
  /** Icons per outcome (also the percentages to show); they add up to 100. */
  counts: number[];
  /** Outcome index of each of the 100 icons, grouped (all of outcome 0 first, then 1, …). */
  cells: number[];
  /** One sentence per outcome, in outcome order. */
  sentences: string[];
  /** All sentences: the array's accessible label (role="img"). */
  label: string;
  /** The table alternative: one row per outcome. */
  table: { outcome: string; count: number; percent: string }[];
}

/** Icon array and natural-frequency sentences for one patient's outcome probabilities. */
export function iconArray(
  probs: readonly number[],
  outcomes: readonly string[],
  wording: FrequencyWording = {},
): IconArray {
  if (outcomes.length !== probs.length)
    throw new Error(`${probs.length} probabilities for ${outcomes.length} outcomes`);
  const counts = iconCounts(probs);
  const cells: number[] = [];
  counts.forEach((c, k) => {
    for (let i = 0; i < c; i++) cells.push(k);
  });
  const sentences = counts.map((c, k) => frequencySentence(c, outcomes[k], wording));
  return {
    counts,
    cells,
    sentences,
    label: sentences.join(' '),
    table: counts.map((c, k) => ({ outcome: outcomes[k], count: c, percent: `${c} %` })),
  };
}

/** A change in percentage points written out, e.g. "+6.5 percentage points" (never "pts"). */
export function formatPointChange(delta: number, digits = 1): string {
  const v = Math.round(delta * 100 * 10 ** digits) / 10 ** digits;
  const sign = v > 0 ? '+' : v < 0 ? '−' : '';
  const abs = Math.abs(v).toFixed(digits);
  return `${sign}${abs} percentage point${abs === (1).toFixed(digits) ? '' : 's'}`;
}

/** Per outcome, the difference in icons between two predictions (e.g. the cohort vs this patient, or a what-if). */
export function iconDifference(
  before: readonly number[],
  after: readonly number[],
  outcomes: readonly string[],
  labels: { before: string; after: string } = {
    before: 'the cohort overall',
    after: 'this patient',
  },
): { outcome: string; before: number; after: number; difference: number; sentence: string }[] {
  const b = iconCounts(before);
  const a = iconCounts(after);
  return outcomes.map((name, k) => {
    const d = a[k] - b[k];
    const change = d === 0 ? 'the same' : `${Math.abs(d)} ${d > 0 ? 'more' : 'fewer'} out of 100`;
    return {
      outcome: name,
      before: b[k],
      after: a[k],
      difference: d,
      sentence: `${outcomeLabel(name)}: ${a[k]} out of 100 for ${labels.after}, ${b[k]} out of 100 for ${labels.before} (${change}).`,
    };
  });
}

/** Whether one outcome is ahead of the others by more than its uncertainty. */
export interface TieCheck {
  /** True when no outcome is ahead: do not head the prediction "most likely …". */
  tie: boolean;
  /** The outcome with the highest probability (lowest index among equals). */
  leader: number;
  /** Outcomes that cannot be told apart from the leader (the leader included), ascending. */
  tiedWith: number[];
  /** Leader's probability minus the runner-up's. */
  margin: number;
  /** Uncertainty of that margin: z · (se_leader + se_runner-up). */
  marginUncertainty: number;
}

/**
 * Tie detector: outcome k is tied with the leader when p_leader − p_k ≤ z · (se_leader + se_k)
 * (the sum of standard errors bounds the difference's SD and is exact for two outcomes, where
 * p₀ = 1 − p₁), or when both show the same rounded count out of 100. Without standard errors only
 * exact and displayed ties count. z defaults to 1: "ahead by more than one standard error".
 */
export function detectTie(probs: readonly number[], se?: readonly number[], z = 1): TieCheck {
  const K = probs.length;
  if (K === 0) throw new Error('There are no outcomes');
  if (se && se.length !== K) throw new Error(`${se.length} standard errors for ${K} outcomes`);
  if (!(z >= 0)) throw new Error(`z must be >= 0, got ${z}`);
  const counts = iconCounts(probs);
  let leader = 0;
  for (let k = 1; k < K; k++) if (probs[k] > probs[leader]) leader = k;
  const s = (k: number): number => (se ? Math.max(0, se[k]) : 0);
  const tiedWith: number[] = [];
  let runner = -1;
  for (let k = 0; k < K; k++) {
    if (k !== leader && (runner < 0 || probs[k] > probs[runner])) runner = k;
    const gap = probs[leader] - probs[k];
    // 1e-12: a margin equal to its uncertainty stays a tie despite rounding in the subtraction.
    if (k === leader || gap <= z * (s(leader) + s(k)) + 1e-12 || counts[k] === counts[leader])
      tiedWith.push(k);
  }
  const margin = runner < 0 ? Infinity : probs[leader] - probs[runner];
  return {
    tie: tiedWith.length > 1,
    leader,
    tiedWith,
    margin,
    marginUncertainty: runner < 0 ? 0 : z * (s(leader) + s(runner)),
  };
}
