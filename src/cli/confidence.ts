/** The --confidence option of explain and evaluate: the prediction sets' confidence, as a fraction. */
import type { ParsedArgs } from './args.ts';
import { UsageError } from './errors.ts';

/** Default confidence of the prediction sets. */
export const DEFAULT_CONFIDENCE = 0.9;

/** --confidence as a number strictly between 0 and 1 (default 0.9). */
export function confidenceFromArgs(args: ParsedArgs): number {
  const raw = args.string('confidence');
  if (raw === undefined) return DEFAULT_CONFIDENCE;
  const v = Number(raw);
  if (!(v > 0 && v < 1)) {
    throw new UsageError(
      `--confidence must be a fraction between 0 and 1 such as 0.9 (90 %), got ${raw}`,
    );
  }
  return v;
}
