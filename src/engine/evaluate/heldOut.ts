/**
 * Scoring a forest on rows it did not train on (a cross-validation fold): the held-out rows' probabilities and,
 * optionally, their permutation importances. Shared by the app's data worker and the command-line tool, so both
 * compute the same numbers.
 */
import type { EncodedDataset } from '../data/types';
import { predictProba } from '../forest/predict';
import type { ForestModel } from '../forest/types';
import { permutationImportance, type PermutationOptions } from './permutation';

/** Rows `rows` of a column-major nRows×nFeatures matrix, as a column-major rows.length×nFeatures matrix. */
export function gatherRows(
  X: Float32Array,
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

/** Indices of the `max` largest importances, largest first (ties keep feature order). */
export function topFeatures(importances: ArrayLike<number>, max: number): Int32Array {
  const order = Array.from(importances, (v, f) => ({ v, f })).sort((a, b) => b.v - a.v);
  return Int32Array.from(order.slice(0, max).map((o) => o.f));
}

/** What scoreHeldOut returns for the held-out rows, in the order of `rows`. */
export interface HeldOutScore {
  /** Their class indices. */
  y: Uint8Array;
  /** Their class probabilities, row-major rows.length×nClasses. */
  proba: Float64Array;
  /** Permutation importance per feature (NaN where not computed); null when not asked for. */
  permutation: Float64Array | null;
}

/** Predict rows `rows` of `data` with `forest`, and their permutation importances when `permutation` is given. */
export function scoreHeldOut(
  forest: Pick<ForestModel, 'trees' | 'nClasses'>,
  data: Pick<EncodedDataset, 'X' | 'y' | 'nRows' | 'nFeatures'>,
  rows: Int32Array,
  permutation?: PermutationOptions,
): HeldOutScore {
  const n = rows.length;
  const X = gatherRows(data.X, data.nRows, data.nFeatures, rows);
  const y = Uint8Array.from(rows, (r) => data.y[r]);
  const proba = predictProba(forest, X, n);
  const perm = permutation
    ? permutationImportance(
        (Xp, np) => predictProba(forest, Xp, np),
        X,
        n,
        data.nFeatures,
        y,
        forest.nClasses,
        permutation,
      )
    : null;
  return { y, proba, permutation: perm };
}
