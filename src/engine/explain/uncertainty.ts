/**
 * How sure the forest is about one patient: the spread of its individual trees' probabilities.
 * Each tree saw a different bootstrap sample and different features, so when the trees disagree the
 * forest's average rests on shaky ground, even if it looks decisive.
 */

/** Percentile q (0..1) of ascending-sorted values, interpolated linearly (numpy's default method). */
export function percentileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  const frac = pos - lo;
  return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
}

/**
 * Per class, the lo-th and hi-th percentiles (default 10th and 90th) of the trees' probabilities
 * (treeProbs: nTrees×nClasses row-major, as forest/predict treeProbabilities returns), interpolated
 * like numpy.percentile. Throws on arguments that cannot be right, so a swapped argument is caught.
 */
export function predictionInterval(
  treeProbs: Float32Array,
  nClasses: number,
  lo = 0.1,
  hi = 0.9,
): { low: number; high: number }[] {
  if (!(Number.isInteger(nClasses) && nClasses >= 1 && treeProbs.length % nClasses === 0)) {
    throw new Error(
      `predictionInterval: ${treeProbs.length} values are not nTrees × ${nClasses} classes.`,
    );
  }
  if (!(lo >= 0 && hi <= 1 && lo <= hi)) {
    throw new Error(
      `predictionInterval: percentiles must satisfy 0 <= lo <= hi <= 1 (got ${lo}, ${hi}).`,
    );
  }
  const nTrees = treeProbs.length / nClasses;
  const column = new Float64Array(nTrees);
  const out: { low: number; high: number }[] = [];
  for (let k = 0; k < nClasses; k++) {
    for (let t = 0; t < nTrees; t++) column[t] = treeProbs[t * nClasses + k];
    column.sort();
    out.push({ low: percentileSorted(column, lo), high: percentileSorted(column, hi) });
  }
  return out;
}

/** Plain-words reading of an interval, e.g. for a table cell's title or a screen reader. */
export function describeInterval(
  className: string,
  interval: { low: number; high: number },
  lo = 0.1,
  hi = 0.9,
): string {
  const pct = (v: number): string => `${Math.round(v * 100)} %`;
  const middle = Math.round((hi - lo) * 100);
  return (
    `The middle ${middle} % of the trees gave “${className}” a probability between ${pct(interval.low)} and ${pct(interval.high)}. ` +
    'A wide range means the trees disagree about this patient, so the forest’s probability is less certain. ' +
    'This is the spread of the trees, not a confidence interval for the true risk.'
  );
}
