/**
 * p-values and q-values for bias-corrected importances: Janitza, Celik & Boulesteix (2018), as ranger's
 * importance_pvalues(method = "janitza"), and Benjamini–Hochberg (1995) q-values, as R's p.adjust("BH").
 *
 * Janitza's idea: with the corrected importance a noise feature is as likely to score below zero as above it,
 * so the negative importances, mirrored to the positive side (with the zeros), make an empirical null
 * distribution; a feature's p-value is the share of that null above its importance. This needs many
 * features that are noise (thousands of SNPs: yes; a 20-column clinical table: not really), which the result
 * says when the null is small.
 */

/** Janitza p-values and the null they came from. */
export interface JanitzaResult {
  /** Per feature: the share of the null distribution strictly above its importance (0: above all of it). */
  pValues: Float64Array;
  /** Size of the null distribution (2 × negatives + zeros): a p-value of 0 means below 1 / nullSize. */
  nullSize: number;
  /** Importances below zero (ranger warns below 100: the p-values are then coarse). */
  negatives: number;
}

/** ranger warns below this many negative importances (inaccurate p-values). */
export const FEW_NEGATIVES = 100;

/**
 * Janitza p-values of corrected importances (ranger's importance_pvalues "janitza": p = 1 − ecdf(null)(vimp)).
 * Throws when no importance is negative: there is then no null distribution to compare with.
 */
export function janitzaPValues(importance: ArrayLike<number>): JanitzaResult {
  const neg: number[] = [];
  let zeros = 0;
  for (let i = 0; i < importance.length; i++) {
    const v = importance[i];
    if (!Number.isFinite(v)) throw new Error(`importance ${i} is not a finite number (${v})`);
    if (v < 0) neg.push(v);
    else if (v === 0) zeros++;
  }
  if (neg.length === 0) {
    throw new Error(
      'no variant has a negative importance, so there is no null distribution to take p-values from ' +
        '(Janitza et al. need many variants unrelated to the outcome; with few features use permutation importance)',
    );
  }
  // The null, ascending: the negatives, the zeros, the negatives mirrored.
  const nullDist = new Float64Array(2 * neg.length + zeros);
  let k = 0;
  for (const v of neg) nullDist[k++] = v;
  for (const v of neg) nullDist[k++] = -v;
  nullDist.sort();
  const n = nullDist.length;
  const pValues = new Float64Array(importance.length);
  for (let i = 0; i < importance.length; i++) {
    // Number of null values <= v (upper bound by binary search), as R's ecdf counts.
    const v = importance[i];
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (nullDist[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    pValues[i] = (n - lo) / n;
  }
  return { pValues, nullSize: n, negatives: neg.length };
}

/** Benjamini–Hochberg q-values (R's p.adjust(p, "BH")): min over j ≥ rank of p_(j) · m / j, at most 1. */
export function benjaminiHochberg(pValues: ArrayLike<number>): Float64Array {
  const m = pValues.length;
  const order = Array.from({ length: m }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const p = pValues[i];
    if (!(p >= 0 && p <= 1)) throw new Error(`p-value ${i} is not in [0, 1] (${p})`);
  }
  order.sort((a, b) => pValues[a] - pValues[b] || a - b);
  const q = new Float64Array(m);
  let running = 1;
  for (let j = m - 1; j >= 0; j--) {
    const i = order[j];
    running = Math.min(running, (pValues[i] * m) / (j + 1));
    q[i] = running;
  }
  return q;
}
