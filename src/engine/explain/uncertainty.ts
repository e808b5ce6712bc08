/**
 * How sure the forest is about one patient: the spread of its individual trees' probabilities.
 * Each tree saw a different bootstrap sample and different features, so when the trees disagree the
 * forest's average rests on shaky ground, even if it looks decisive.
 *
 * Why mean ± one standard deviation and not percentiles: with fully grown trees (leaves of one
 * patient, scikit-learn's default) each tree votes 0 or 1, so the 10th–90th percentile of the trees
 * is 0–100 % for almost every patient, or collapses to a single point once 90 % of the trees agree.
 * The standard deviation moves smoothly with the trees' agreement (0.5 when they split evenly, 0.17
 * when 97 % agree, 0 when all do) and still reads as "where a typical tree's answer lies".
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

/** Mean and population standard deviation (numpy.std, ddof = 0) of each class's tree probabilities. */
export function treeSpread(
  treeProbs: Float32Array,
  nClasses: number,
): { mean: number; sd: number }[] {
  if (!(Number.isInteger(nClasses) && nClasses >= 1 && treeProbs.length % nClasses === 0)) {
    throw new Error(`treeSpread: ${treeProbs.length} values are not nTrees × ${nClasses} classes.`);
  }
  const nTrees = treeProbs.length / nClasses;
  const out: { mean: number; sd: number }[] = [];
  for (let k = 0; k < nClasses; k++) {
    if (nTrees === 0) {
      out.push({ mean: NaN, sd: NaN });
      continue;
    }
    let sum = 0;
    for (let t = 0; t < nTrees; t++) sum += treeProbs[t * nClasses + k];
    const mean = sum / nTrees;
    // Two passes (not E[x²] − E[x]²) so a near-unanimous forest does not get a negative variance.
    let ss = 0;
    for (let t = 0; t < nTrees; t++) {
      const d = treeProbs[t * nClasses + k] - mean;
      ss += d * d;
    }
    out.push({ mean, sd: Math.sqrt(ss / nTrees) });
  }
  return out;
}

/**
 * Per class, the trees' mean probability ± `width` (default 1) standard deviations of the trees'
 * probabilities, clipped to [0, 1] (treeProbs: nTrees×nClasses row-major, as forest/predict
 * treeProbabilities returns). Throws on arguments that cannot be right, so a swapped argument is caught.
 */
export function predictionInterval(
  treeProbs: Float32Array,
  nClasses: number,
  width = 1,
): { low: number; high: number }[] {
  if (!(width >= 0 && Number.isFinite(width))) {
    throw new Error(`predictionInterval: width must be a finite number >= 0 (got ${width}).`);
  }
  return treeSpread(treeProbs, nClasses).map(({ mean, sd }) => ({
    low: Math.max(0, mean - width * sd),
    high: Math.min(1, mean + width * sd),
  }));
}

/** Plain-words reading of an interval, e.g. for a table cell's title or a screen reader. */
export function describeInterval(
  className: string,
  interval: { low: number; high: number },
): string {
  const pct = (v: number): string => `${Math.round(v * 100)} %`;
  return (
    `Trees’ spread: a typical tree gave “${className}” a probability between ${pct(interval.low)} and ${pct(interval.high)} ` +
    '(the trees’ average ± one standard deviation). A wide spread means the trees disagree about this patient, ' +
    'so the forest’s probability is less certain. It is not a confidence interval for the true risk.'
  );
}
