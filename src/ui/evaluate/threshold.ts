/**
 * Reading the engine's precomputed curve points at a decision threshold. Nothing is recomputed from
 * predictions: the point is picked, and its counts are shown as rates.
 */
import type { CurvePoint } from '../../worker/api';

/**
 * The point whose counts hold for "positive when p >= threshold": the one with the smallest
 * threshold still >= it (points are sorted by threshold descending; the first has nothing positive).
 */
export function pointAtThreshold(points: CurvePoint[], threshold: number): CurvePoint | null {
  if (points.length === 0) return null;
  let lo = 0;
  let hi = points.length - 1;
  if (points[0].threshold < threshold) return points[0];
  // Invariant: points[lo].threshold >= threshold.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (points[mid].threshold >= threshold) lo = mid;
    else hi = mid - 1;
  }
  return points[lo];
}

export interface ThresholdReading {
  sensitivity: number;
  specificity: number;
  accuracy: number;
  balancedAccuracy: number;
}

/** The rates a confusion point stands for (NaN when a class is absent). */
export function readPoint(p: CurvePoint): ThresholdReading {
  const pos = p.tp + p.fn;
  const neg = p.tn + p.fp;
  const sensitivity = pos > 0 ? p.tp / pos : NaN;
  const specificity = neg > 0 ? p.tn / neg : NaN;
  return {
    sensitivity,
    specificity,
    accuracy: pos + neg > 0 ? (p.tp + p.tn) / (pos + neg) : NaN,
    balancedAccuracy: (sensitivity + specificity) / 2,
  };
}

/** At most `max` points of a curve for drawing, always keeping the first and the last. */
export function thinPoints<T>(points: T[], max = 400): T[] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(points[Math.round(i * step)]);
  return out;
}
