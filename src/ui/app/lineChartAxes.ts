/** Shared settings for LineChart: ticks, the diagonal, dash patterns (kept apart so fast refresh works). */

/** Distinct dash patterns so series differ by more than colour. */
export const DASHES = ['', '7 3', '2 3', '10 3 2 3', '4 4', '1 5', '12 4', '6 2 2 2'] as const;

/** Ticks of a 0..1 axis. */
export const UNIT_TICKS = [0, 0.25, 0.5, 0.75, 1] as const;

/** The diagonal from (0, 0) to (1, 1): guessing on a ROC curve, perfect calibration on a reliability plot. */
export const DIAGONAL = [{ key: 'diagonal', from: { x: 0, y: 0 }, to: { x: 1, y: 1 } }] as const;

/** Five to eight round ticks (steps of 1, 2, 2.5 or 5 times a power of ten) inside a domain. */
export function niceTicks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const mag = 10 ** Math.floor(Math.log10(span / 7));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= 7) ?? span / 5;
  const out: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * span; k++)
    out.push(Math.round(k * step * 1e6) / 1e6 || 0);
  return out;
}
