/**
 * The 95 % intervals of the evaluation as people read them: "0.801–0.880", "80.1–88.0 %". Formatting only; the
 * engine computes every interval (engine/evaluate/intervals.ts).
 */
import type { Interval, MetricIntervals, ThresholdIntervals } from '../../worker/api';

function known(ci: Interval | null | undefined): ci is Interval {
  return !!ci && Number.isFinite(ci[0]) && Number.isFinite(ci[1]);
}

/**
 * AUC, average precision and Brier score as every evaluation read-out writes them: three decimals, like their
 * intervals and the engine's summary sentence, so the table and the charts never differ in the last digit.
 */
export function scoreText(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(3);
}

/** "0.801–0.880" (three decimals, as the figures), or '' when the interval is unknown. */
export function numberRange(ci: Interval | null | undefined, digits = 3): string {
  return known(ci) ? `${ci[0].toFixed(digits)}–${ci[1].toFixed(digits)}` : '';
}

/** "80.1–88.0 %", or '' when the interval is unknown. */
export function percentRange(ci: Interval | null | undefined): string {
  return known(ci) ? `${(ci[0] * 100).toFixed(1)}–${(ci[1] * 100).toFixed(1)} %` : '';
}

/** `figure` followed by " (0.801–0.880)" when the interval is known. */
export function withRange(figure: string, range: string): string {
  return range ? `${figure} (${range})` : figure;
}

/** The intervals computed for a slider threshold (they exist for 0.01, 0.02, …, 0.99), or null. */
export function intervalsAt(
  intervals: MetricIntervals | undefined,
  threshold: number,
): ThresholdIntervals | null {
  return intervals?.thresholds.find((t) => Math.abs(t.threshold - threshold) < 1e-6) ?? null;
}
