/** Shared settings for LineChart: ticks, the diagonal, dash patterns (kept apart so fast refresh works). */

/** Distinct dash patterns so series differ by more than colour. */
export const DASHES = ['', '7 3', '2 3', '10 3 2 3', '4 4', '1 5', '12 4', '6 2 2 2'] as const;

/** Ticks of a 0..1 axis. */
export const UNIT_TICKS = [0, 0.25, 0.5, 0.75, 1] as const;

/** The diagonal from (0, 0) to (1, 1): guessing on a ROC curve, perfect calibration on a reliability plot. */
export const DIAGONAL = [{ key: 'diagonal', from: { x: 0, y: 0 }, to: { x: 1, y: 1 } }] as const;

/** About five round ticks covering a domain (e.g. net benefit from −0.05 to 0.3). */
export function niceTicks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const steps = [0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1];
  const step = steps.find((s) => span / s <= 7) ?? span / 5;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9; k++)
    out.push(Math.round(k * step * 1e6) / 1e6 || 0);
  return out;
}
