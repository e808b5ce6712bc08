/**
 * The time grid of a survival forest: the distinct event times of the training patients, or, when there are more
 * than a cap, quantiles of the event times (ranger's advice for large cohorts: every leaf stores its cumulative
 * hazard on the grid, so the grid sets the memory). Follow-up is placed on the grid as in an actuarial table:
 * grid point j stands for the interval (grid[j−1], grid[j]]; an event in it counts at grid[j] (exact when the grid
 * holds every event time), and a patient censored in it counts at risk only up to grid[j−1], so with every event
 * time on the grid the risk sets are exactly those of Nelson–Aalen (time >= t).
 */

/** Default cap on grid points. */
export const DEFAULT_MAX_TIME_POINTS = 200;

/** Grid of at most maxPoints event times (all distinct ones, or quantiles of them); refuses cohorts with no event. */
export function timeGrid(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  rows?: ArrayLike<number>,
  maxPoints = DEFAULT_MAX_TIME_POINTS,
): Float64Array {
  if (!Number.isInteger(maxPoints) || maxPoints < 2) {
    throw new Error(`The number of time points must be an integer >= 2, got ${String(maxPoints)}`);
  }
  const ev: number[] = [];
  const n = rows ? rows.length : time.length;
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i;
    if (event[r] === 1) ev.push(time[r]);
  }
  if (ev.length === 0)
    throw new Error('No patient had the event: a survival forest needs at least one');
  ev.sort((a, b) => a - b);
  const distinct: number[] = [];
  for (const t of ev)
    if (distinct.length === 0 || distinct[distinct.length - 1] !== t) distinct.push(t);
  if (distinct.length <= maxPoints) return Float64Array.from(distinct);
  const grid: number[] = [];
  for (let k = 1; k <= maxPoints; k++) {
    const t = ev[Math.ceil((k * ev.length) / maxPoints) - 1];
    if (grid.length === 0 || grid[grid.length - 1] !== t) grid.push(t);
  }
  return Float64Array.from(grid);
}

/**
 * Each patient's place on the grid, shifted by one: s in 0..G means "at risk at grid points 0..s−1"; an event
 * happens at grid point s−1. Events after the last grid point (possible only for patients outside the rows the
 * grid was made from) are placed as censored at the end.
 */
export function gridCells(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  grid: Float64Array,
): { cell: Int32Array; onGridEvent: Uint8Array } {
  const n = time.length;
  const G = grid.length;
  const cell = new Int32Array(n);
  const onGridEvent = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const t = time[i];
    // lo = number of grid points < t, hi = number <= t.
    let lo = 0;
    let hi = G;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (grid[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    let le = lo;
    while (le < G && grid[le] <= t) le++;
    if (event[i] === 1 && lo < G) {
      cell[i] = lo + 1;
      onGridEvent[i] = 1;
    } else {
      cell[i] = le;
    }
  }
  return { cell, onGridEvent };
}
