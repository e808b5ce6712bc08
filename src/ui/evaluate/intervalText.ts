/**
 * The 95 % intervals of the evaluation at a slider threshold. Formatting of figures and intervals is app/format's
 * (one policy everywhere); the engine computes every interval (engine/evaluate/intervals.ts).
 */
import type { MetricIntervals, ThresholdIntervals } from '../../worker/api';

/** The intervals computed for a slider threshold (they exist for 0.01, 0.02, …, 0.99), or null. */
export function intervalsAt(
  intervals: MetricIntervals | undefined,
  threshold: number,
): ThresholdIntervals | null {
  return intervals?.thresholds.find((t) => Math.abs(t.threshold - threshold) < 1e-6) ?? null;
}
