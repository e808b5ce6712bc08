/**
 * Permutation importance (Breiman 2001; sklearn.inspection.permutation_importance): how much the
 * score drops when one feature's column is shuffled, breaking its link with the outcome. Run on rows
 * the model did not train on (held-out folds), it shows what the model really relies on.
 */
import {
  asColumns,
  gatherColumnRows,
  readColumn,
  type ColumnsOrMatrix,
} from '../forest/featureColumns';
import { Rng, deriveSeed } from '../forest/rng';
import { accuracy, argmaxRows, aucFromProba } from './metrics';
import type { ColumnOverride } from '../forest/predict';

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
  /**
   * Measure on at most this many rows: when nRows is larger, on a stratified sample of exactly maxRows rows
   * drawn with `seed` (permutationSample), so the work stays within a budget on tall tables. Default all rows.
   */
  maxRows?: number;
}

/**
 * A seeded, stratified sample of `size` row indices (ascending) out of 0..y.length-1: each class keeps its share
 * (largest remainders), and every class present keeps at least one row when size allows, so a sample's AUC is
 * defined whenever the full rows' is. All rows when size >= y.length. The same (y, size, seed) gives the same rows.
 */
export function stratifiedSample(
  y: ArrayLike<number>,
  nClasses: number,
  size: number,
  seed: number,
): Int32Array {
  const n = y.length;
  if (size >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const take = Math.max(0, Math.floor(size));
  const byClass: number[][] = Array.from({ length: nClasses }, () => []);
  for (let r = 0; r < n; r++) byClass[y[r]].push(r);
  const quota = byClass.map((rows) => Math.floor((take * rows.length) / n));
  const order = byClass
    .map((rows, k) => ({ k, rest: (take * rows.length) / n - quota[k] }))
    .sort((a, b) => b.rest - a.rest || a.k - b.k);
  let left = take - quota.reduce((a, b) => a + b, 0);
  for (const { k } of order) {
    if (left === 0) break;
    quota[k]++;
    left--;
  }
  // A present class with no row would leave the sample's AUC undefined: lend it one from the largest quota.
  for (let k = 0; k < nClasses; k++) {
    if (quota[k] > 0 || byClass[k].length === 0) continue;
    const donor = quota.indexOf(Math.max(...quota));
    if (quota[donor] <= 1) break;
    quota[donor]--;
    quota[k] = 1;
  }
  const out: number[] = [];
  const rng = new Rng(deriveSeed(seed, -1));
  for (let k = 0; k < nClasses; k++) {
    const rows = byClass[k];
    // Partial Fisher–Yates: the first quota[k] places end up a uniform sample of the class.
    for (let i = 0; i < quota[k]; i++) {
      const j = i + rng.nextInt(rows.length - i);
      const t = rows[i];
      rows[i] = rows[j];
      rows[j] = t;
      out.push(rows[i]);
    }
  }
  return Int32Array.from(out).sort();
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
 * With `maxRows` below nRows, the same on a stratified sample of maxRows rows (X is then left untouched).
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
  const maxRows = options.maxRows ?? Infinity;
  if (nRows > maxRows) {
    const rows = stratifiedSample(y, nClasses, maxRows, options.seed ?? 1);
    const sub = gatherRows(X, nRows, nFeatures, rows);
    const ySub = Uint8Array.from(rows, (r) => y[r]);
    const onSample: PermutationOptions = { ...options };
    delete onSample.maxRows;
    return permutationImportance(predictFn, sub, rows.length, nFeatures, ySub, nClasses, onSample);
  }
  return permutationDrops(nRows, nFeatures, y, nClasses, options, {
    column: (f) => X.slice(f * nRows, (f + 1) * nRows),
    predict: (override) => {
      if (override) X.set(override.values, override.feature * nRows);
      return predictFn(X, nRows);
    },
    // Each column is put back before the next one is shuffled.
    done: (f, saved) => X.set(saved, f * nRows),
  });
}

/**
 * Rows whose copy permutationImportanceOnRows makes (it predicts a small copy ~3× faster than rows scattered in the
 * whole matrix) when they are at most this share of the matrix: the copy then costs at most 4/16 byte a value.
 */
const COPY_SHARE = 1 / 16;

/** Predicts rows `rows` of a column-major matrix of nRows rows, one column replaced when `column` is given. */
export type PredictRows = (
  X: ColumnsOrMatrix,
  nRows: number,
  rows: Int32Array,
  column: ColumnOverride | null,
) => Float64Array;

/**
 * permutationImportance on rows `rows` of X (column-major nRows×nFeatures, or feature columns): the same figures as permutationImportance
 * on a copy of those rows (y: their classes, in the order of rows), without that copy unless the rows measured are a
 * small share of X (then a copy of them, as permutationImportance makes of a sample). X is never written.
 */
export function permutationImportanceOnRows(
  predict: PredictRows,
  X: ColumnsOrMatrix,
  nRows: number,
  nFeatures: number,
  rows: Int32Array,
  y: ArrayLike<number>,
  nClasses: number,
  options: PermutationOptions = {},
): Float64Array {
  const maxRows = options.maxRows ?? Infinity;
  let measured = rows;
  let yMeasured = y;
  if (rows.length > maxRows) {
    const sample = stratifiedSample(y, nClasses, maxRows, options.seed ?? 1);
    measured = Int32Array.from(sample, (i) => rows[i]);
    yMeasured = Uint8Array.from(sample, (i) => y[i]);
  }
  const m = measured.length;
  const onMeasured: PermutationOptions = { ...options };
  delete onMeasured.maxRows;
  const all = Int32Array.from({ length: m }, (_, i) => i);
  const columns = asColumns(X, nRows);
  if (m <= nRows * COPY_SHARE) {
    const copy = gatherColumnRows(columns, measured);
    return permutationImportance(
      (Xc, n) => predict(Xc, n, all, null),
      copy,
      m,
      nFeatures,
      yMeasured,
      nClasses,
      onMeasured,
    );
  }
  return permutationDrops(m, nFeatures, yMeasured, nClasses, onMeasured, {
    column: (f) => readColumn(columns, f, measured),
    predict: (override) => predict(columns, nRows, measured, override),
    done: () => undefined,
  });
}

/** Rows `rows` of a column-major nRows×nFeatures matrix, as a column-major rows.length×nFeatures matrix. */
export function gatherRows(
  X: ArrayLike<number>,
  nRows: number,
  nFeatures: number,
  rows: Int32Array,
): Float32Array {
  const m = rows.length;
  const out = new Float32Array(m * nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const src = f * nRows;
    const dst = f * m;
    for (let i = 0; i < m; i++) out[dst + i] = X[src + rows[i]];
  }
  return out;
}

/** How permutationDrops reads a column, predicts with one column replaced, and is told a column is finished. */
interface PermutedModel {
  /** Feature f's values of the rows measured (a copy: permutationDrops shuffles from it). */
  column(f: number): Float32Array;
  /** Probabilities of the rows measured, with `override`'s column replaced (null: as they are). */
  predict(override: ColumnOverride | null): Float64Array;
  /** Feature f is finished; saved is its column() as it was. */
  done(f: number, saved: Float32Array): void;
}

/** The shuffles and score drops shared by both forms of permutation importance, over n rows. */
function permutationDrops(
  nRows: number,
  nFeatures: number,
  y: ArrayLike<number>,
  nClasses: number,
  options: PermutationOptions,
  model: PermutedModel,
): Float64Array {
  const repeats = options.repeats ?? 3;
  const seed = options.seed ?? 1;
  const metric = options.metric ?? 'auc';
  const base = score(metric, y, model.predict(null), nClasses);
  const out = new Float64Array(nFeatures).fill(NaN);
  const features = options.features ?? Int32Array.from({ length: nFeatures }, (_, f) => f);
  const perm = new Int32Array(nRows);
  const shuffled = new Float32Array(nRows);
  for (let i = 0; i < features.length; i++) {
    if (options.signal?.aborted) throw new Error('Permutation importance was cancelled.');
    const f = features[i];
    const saved = model.column(f);
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
        for (let r = 0; r < nRows; r++) shuffled[r] = saved[perm[r]];
        drop += base - score(metric, y, model.predict({ feature: f, values: shuffled }), nClasses);
      }
    } finally {
      model.done(f, saved);
    }
    out[f] = drop / repeats;
    options.onProgress?.(i + 1, features.length);
  }
  return out;
}
