/**
 * Permutation importance (Breiman 2001; sklearn.inspection.permutation_importance): how much the
 * score drops when one feature's column is shuffled, breaking its link with the outcome. Run on rows
 * the model did not train on (held-out folds), it shows what the model really relies on.
 */
import { Rng, deriveSeed } from '../forest/rng';
import { accuracy, argmaxRows, aucFromProba } from './metrics';

export interface PermutationOptions {
  /** Shuffles per feature; the drops are averaged. Default 3. */
  repeats?: number;
  /** Seed of the shuffles; the same seed gives the same importances. Default 1. */
  seed?: number;
  /** 'auc': ROC AUC (binary) or macro one-vs-rest AUC (more classes); 'accuracy'. Default 'auc'. */
  metric?: 'auc' | 'accuracy';
  /** Only these features (others get NaN); default all. */
  features?: ArrayLike<number>;
  /** Called after each feature with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Stops early (throws an AbortError-like Error) when aborted. */
  signal?: AbortSignal;
}

/** Score of probabilities against y with the chosen metric. */
function score(
  metric: 'auc' | 'accuracy',
  y: ArrayLike<number>,
  proba: Float64Array,
  nClasses: number,
): number {
  return metric === 'auc'
    ? aucFromProba(y, proba, nClasses)
    : accuracy(y, argmaxRows(proba, nClasses));
}

/**
 * Mean drop in score per feature when that feature's column (X column-major nRows×nFeatures) is
 * shuffled, over `repeats` shuffles. Positive = the model needs the feature. Each (feature, repeat)
 * has its own generator seeded from (seed, feature, repeat), so a feature's importance does not depend
 * on which other features are computed. X is modified during the call and restored before returning.
 */
export function permutationImportance(
  predictFn: (X: Float32Array, nRows: number) => Float64Array,
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  y: ArrayLike<number>,
  nClasses: number,
  options: PermutationOptions = {},
): Float64Array {
  const repeats = options.repeats ?? 3;
  const seed = options.seed ?? 1;
  const metric = options.metric ?? 'auc';
  const base = score(metric, y, predictFn(X, nRows), nClasses);
  const out = new Float64Array(nFeatures).fill(NaN);
  const features = options.features ?? Int32Array.from({ length: nFeatures }, (_, f) => f);
  const saved = new Float32Array(nRows);
  const perm = new Int32Array(nRows);
  for (let i = 0; i < features.length; i++) {
    if (options.signal?.aborted) throw new Error('Permutation importance was cancelled.');
    const f = features[i];
    const col = f * nRows;
    saved.set(X.subarray(col, col + nRows));
    let drop = 0;
    try {
      for (let rep = 0; rep < repeats; rep++) {
        const rng = new Rng(deriveSeed(deriveSeed(seed, f), rep));
        for (let r = 0; r < nRows; r++) perm[r] = r;
        for (let r = nRows - 1; r > 0; r--) {
          const j = rng.nextInt(r + 1);
          const t = perm[r];
          perm[r] = perm[j];
          perm[j] = t;
        }
        for (let r = 0; r < nRows; r++) X[col + r] = saved[perm[r]];
        drop += base - score(metric, y, predictFn(X, nRows), nClasses);
      }
    } finally {
      X.set(saved, col);
    }
    out[f] = drop / repeats;
    options.onProgress?.(i + 1, features.length);
  }
  return out;
}
