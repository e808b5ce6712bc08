import type { SurvivalCurve } from '../../worker/api';

/**
 * A step curve's value at t (1 before its first time), null past its last time (its patients were not followed that
 * long). Reading ≤ a few hundred points: no heavy work.
 */
export function valueAt(c: SurvivalCurve, t: number): number | null {
  if (c.times.length === 0 || t > c.times[c.times.length - 1]) return null;
  let v = 1;
  for (let i = 0; i < c.times.length && c.times[i] <= t; i++) v = c.probabilities[i];
  return v;
}
