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
  'event',
];

/**
 * The positive class of a two-class outcome: the class named like case/responder/yes/positive/1
 * (with PLINK coding, 2 = case), else the smaller class (ties: the later in order). Null unless
 * there are exactly two classes.
 */
export function defaultPositiveClass(
  classes: string[],
  counts: number[],
  options: { plinkPhenotype?: boolean } = {},
): { index: number; reason: 'named' | 'plink' | 'smaller' } | null {
  if (classes.length !== 2) return null;
  const key = classes.map((c) => c.trim().toLowerCase());
  if (options.plinkPhenotype) {
    const k = key.findIndex((c) => c === 'case' || c === '2');
    if (k >= 0) return { index: k, reason: 'plink' };
  }
  const named = key.map((c) => POSITIVE_NAMES.includes(c));
  if (named[0] !== named[1]) return { index: named[0] ? 0 : 1, reason: 'named' };
  return { index: counts[0] < counts[1] ? 0 : 1, reason: 'smaller' };
}
