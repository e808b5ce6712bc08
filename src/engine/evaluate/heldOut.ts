/**
 * Scoring a forest on rows it did not train on (a cross-validation fold): the held-out rows' probabilities and,
 * optionally, their permutation importances. Shared by the app's data worker and the command-line tool, so both
 * compute the same numbers.
 */
import type { ColumnsOrMatrix } from '../forest/featureColumns';
import type { EncodedDataset } from '../data/types';
import { predictProbaRows } from '../forest/predict';
import type { ForestModel } from '../forest/types';
import { permutationImportanceOnRows, type PermutationOptions } from './permutation';

export { gatherRows } from './permutation';

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

/**
 * Predict rows `rows` of `data` with `forest`, and their permutation importances when `permutation` is given; the rows
 * are read in place (a copy of a genome's held-out rows as floats would be 4/k bytes a genotype more at the peak).
 */
export function scoreHeldOut(
  forest: Pick<ForestModel, 'trees' | 'nClasses'>,
  data: Pick<EncodedDataset, 'y' | 'nRows' | 'nFeatures'> & { X: ColumnsOrMatrix },
  rows: Int32Array,
  permutation?: PermutationOptions,
): HeldOutScore {
  const { X, nRows } = data;
  const y = Uint8Array.from(rows, (r) => data.y[r]);
  const proba = predictProbaRows(forest, X, nRows, rows);
  const perm = permutation
    ? permutationImportanceOnRows(
        (Xr, n, measured, column) => predictProbaRows(forest, Xr, n, measured, column),
        X,
        nRows,
        data.nFeatures,
        rows,
        y,
        forest.nClasses,
        permutation,
      )
    : null;
  return { y, proba, permutation: perm };
}
