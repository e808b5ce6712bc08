/**
 * Prediction from raw encoded feature values (not bins), so a saved model predicts new patients without the
 * training bin edges. Numeric: x <= threshold goes left. Categorical: the category index c (categories
 * >= 254 share index 254, as in binning) goes left when its bit is set in the node's 8-word (256-bit) bitset
 * at catBits[catOffset + (c >>> 5)]. NaN, negative or non-integer categories follow missingLeft.
 * Training stores the bits of categories not seen at a node according to missingLeft, so unseen categories
 * follow the missing direction.
 */
import type { ForestModel, Tree } from './types.ts';
import {
  asColumns,
  DOSE_OF_CODE,
  type ColumnsOrMatrix,
  type FeatureColumns,
} from './featureColumns.ts';

/** Largest category index with its own bit; larger indices share it (like binning's bin 254). */
export const MAX_CATEGORY_BIN = 254;
/** Words of catBits used by every categorical split (256 bits). */
export const CAT_WORDS = 8;

type ProbaModel = Pick<ForestModel, 'trees' | 'nClasses'>;

/** Whether value v goes left at internal node i; shared by prediction and TreeSHAP so all paths route exactly alike. */
export function goesLeft(tree: Tree, i: number, v: number): boolean {
  if (v !== v) return tree.missingLeft[i] === 1;
  const off = tree.catOffset[i];
  // Rounded to float32 as the training columns were (sklearn does the same), so float32 thresholds route any
  // number exactly as the float64 splits they were made from (compact.ts).
  if (off < 0) return Math.fround(v) <= tree.threshold[i];
  if (v < 0 || v !== Math.floor(v)) return tree.missingLeft[i] === 1;
  const c = v > MAX_CATEGORY_BIN ? MAX_CATEGORY_BIN : v;
  return ((tree.catBits[off + (c >>> 5)] >>> (c & 31)) & 1) === 1;
}

/** Leaf reached by one patient's raw encoded row (length nFeatures, NaN = missing); used by SHAP and predict. */
export function leafIndex(tree: Tree, x: ArrayLike<number>): number {
  const left = tree.left;
  const right = tree.right;
  const feature = tree.feature;
  let node = 0;
  while (left[node] !== -1) {
    node = goesLeft(tree, node, x[feature[node]]) ? left[node] : right[node];
  }
  return node;
}

/**
 * Leaf reached by row r of a column-major matrix, without copying the row out; from node `root` (a forest held in
 * one node set: flatSurvivalTrees.ts).
 */
export function leafIndexColumnMajor(
  tree: Tree,
  X: ArrayLike<number>,
  nRows: number,
  r: number,
  root = 0,
): number {
  const left = tree.left;
  const right = tree.right;
  const feature = tree.feature;
  let node = root;
  while (left[node] !== -1) {
    node = goesLeft(tree, node, X[feature[node] * nRows + r]) ? left[node] : right[node];
  }
  return node;
}

/**
 * Leaf reached by row r of feature columns (dense or 2-bit packed genotypes), without copying the row out: the same
 * leaf as leafIndexColumnMajor on the same values as floats.
 */
export function leafIndexOfColumns(tree: Tree, c: FeatureColumns, r: number): number {
  const { left, right, feature } = tree;
  const { dense, denseOff, packed, packOff } = c;
  const byte = r >>> 2;
  const shift = (r & 3) << 1;
  let node = 0;
  while (left[node] !== -1) {
    const f = feature[node];
    const d = denseOff[f];
    const v = d >= 0 ? dense[d + r] : DOSE_OF_CODE[(packed[packOff[f] + byte] >>> shift) & 3];
    node = goesLeft(tree, node, v) ? left[node] : right[node];
  }
  return node;
}

/** Class probabilities of one patient: the mean of the trees' leaf class fractions (sklearn predict_proba). */
export function predictProbaRow(model: ProbaModel, x: ArrayLike<number>): Float64Array {
  const k = model.nClasses;
  const out = new Float64Array(k);
  const trees = model.trees;
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t];
    const base = leafIndex(tree, x) * k;
    for (let c = 0; c < k; c++) out[c] += tree.value[base + c];
  }
  if (trees.length > 0) for (let c = 0; c < k; c++) out[c] /= trees.length;
  return out;
}

/**
 * Class probabilities of many rows (X column-major nRows×nFeatures, or feature columns); returns row-major
 * nRows×nClasses.
 */
export function predictProba(model: ProbaModel, X: ColumnsOrMatrix, nRows: number): Float64Array {
  const c = asColumns(X, nRows);
  const k = model.nClasses;
  const out = new Float64Array(nRows * k);
  const trees = model.trees;
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t];
    const value = tree.value;
    for (let r = 0; r < nRows; r++) {
      const base = leafIndexOfColumns(tree, c, r) * k;
      const o = r * k;
      for (let c = 0; c < k; c++) out[o + c] += value[base + c];
    }
  }
  // Divide (not multiply by a reciprocal) so results equal predictProbaRow's bit for bit.
  if (trees.length > 0) for (let i = 0; i < out.length; i++) out[i] /= trees.length;
  return out;
}

/** One feature's values replacing its column for the rows predicted (a permuted column, for permutation importance). */
export interface ColumnOverride {
  feature: number;
  /** The value of the i-th row predicted. */
  values: ArrayLike<number>;
}

/**
 * Class probabilities of rows `rows` of a column-major matrix or feature columns (row-major rows.length×nClasses),
 * read in place: the same numbers as predictProba on a copy of those rows, without that copy (a genome's held-out
 * rows are gigabytes). With `column`, its feature reads column.values[i] for the i-th row.
 */
export function predictProbaRows(
  model: ProbaModel,
  X: ColumnsOrMatrix,
  nRows: number,
  rows: Int32Array,
  column: ColumnOverride | null = null,
): Float64Array {
  const { dense, denseOff, packed, packOff } = asColumns(X, nRows);
  const k = model.nClasses;
  const m = rows.length;
  const out = new Float64Array(m * k);
  const trees = model.trees;
  const swapped = column ? column.feature : -1;
  const values = column ? column.values : dense;
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t];
    const { left, right, feature, value } = tree;
    for (let i = 0; i < m; i++) {
      const r = rows[i];
      const byte = r >>> 2;
      const shift = (r & 3) << 1;
      let node = 0;
      while (left[node] !== -1) {
        const f = feature[node];
        const d = denseOff[f];
        const v =
          f === swapped
            ? values[i]
            : d >= 0
              ? dense[d + r]
              : DOSE_OF_CODE[(packed[packOff[f] + byte] >>> shift) & 3];
        node = goesLeft(tree, node, v) ? left[node] : right[node];
      }
      const base = node * k;
      const o = i * k;
      for (let c = 0; c < k; c++) out[o + c] += value[base + c];
    }
  }
  // As predictProba: divided, so the figures equal it bit for bit.
  if (trees.length > 0) for (let i = 0; i < out.length; i++) out[i] /= trees.length;
  return out;
}

/** Each tree's class probabilities for one patient (nTrees×nClasses), for spread/uncertainty intervals. */
export function treeProbabilities(model: ProbaModel, x: ArrayLike<number>): Float32Array {
  const k = model.nClasses;
  const trees = model.trees;
  const out = new Float32Array(trees.length * k);
  for (let t = 0; t < trees.length; t++) {
    const tree = trees[t];
    const base = leafIndex(tree, x) * k;
    for (let c = 0; c < k; c++) out[t * k + c] = tree.value[base + c];
  }
  return out;
}
