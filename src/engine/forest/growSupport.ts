/**
 * What a growTrees call settles once before its trees (the setup shared by the Grower's layers: training
 * rows, class weights, whether the packed SNP path applies) and the small helpers around the trees: Gini
 * impurity and out-of-bag votes.
 */
import { MISSING_BIN, type BinnedData, type ForestParams, type Tree } from './types.ts';
import { PACKED_MAX_WEIGHT, isSnpPacked, type SnpPackedBins } from './packedSnp.ts';

/** Everything the Grower's layers need to set up their buffers (built once per growTrees call). */
export interface GrowSetup {
  /** A table held SNP-packed only when packedOk (growTrees expands it otherwise). */
  binned: BinnedData | SnpPackedBins;
  /** The byte bins: column f starts at byteCol[f] × nRows (-1: held 2-bit packed only). */
  bins: Uint8Array;
  byteCol: Int32Array;
  y: Uint8Array;
  nClasses: number;
  params: ForestParams;
  /** Training rows in increasing order. */
  trainRows: Int32Array;
  classW: Float64Array;
  minLeaf: number;
  /** Whether this call uses the packed path: two classes, integer weights (any minSamplesLeaf). */
  packedOk: boolean;
}

/** The setup of one growTrees call on validated params. */
export function growSetup(
  binned: BinnedData | SnpPackedBins,
  y: Uint8Array,
  nClasses: number,
  params: ForestParams,
  rows?: Int32Array,
): GrowSetup {
  let trainRows: Int32Array;
  if (rows) {
    // Sorted so that nodes read feature columns in address order.
    trainRows = Int32Array.from(rows).sort();
  } else {
    trainRows = new Int32Array(binned.nRows);
    for (let i = 0; i < binned.nRows; i++) trainRows[i] = i;
  }
  const classW = computeClassWeights(y, nClasses, params.classWeight, rows);
  const minLeaf = Math.max(1, params.minSamplesLeaf);
  let intWeights = true;
  for (let k = 0; k < nClasses; k++) if (!Number.isInteger(classW[k])) intWeights = false;
  const maxW = Math.max(...classW);
  const packedOk = nClasses === 2 && intWeights && trainRows.length * maxW < PACKED_MAX_WEIGHT;
  const packedHeld = isSnpPacked(binned);
  const bins = packedHeld ? binned.byteBins : binned.bins;
  let byteCol: Int32Array;
  if (packedHeld) byteCol = binned.byteCol;
  else {
    byteCol = new Int32Array(binned.nFeatures);
    for (let f = 0; f < byteCol.length; f++) byteCol[f] = f;
  }
  return { binned, bins, byteCol, y, nClasses, params, trainRows, classW, minLeaf, packedOk };
}

/** Per-class weights like sklearn's compute_class_weight over the training rows (all 1 when mode is null). */
function computeClassWeights(
  y: Uint8Array,
  nClasses: number,
  mode: ForestParams['classWeight'],
  rows?: Int32Array,
): Float64Array {
  const cw = new Float64Array(nClasses).fill(1);
  if (mode !== 'balanced') return cw;
  const counts = new Float64Array(nClasses);
  const n = rows ? rows.length : y.length;
  for (let i = 0; i < n; i++) counts[y[rows ? rows[i] : i]]++;
  for (let k = 0; k < nClasses; k++) cw[k] = counts[k] > 0 ? n / (nClasses * counts[k]) : 1;
  return cw;
}

/** weight × Gini impurity = w - Σ c_k² / w. */
export function giniWeighted(cls: Float64Array, K: number, wTot?: number): number {
  let s = 0;
  let q = 0;
  for (let k = 0; k < K; k++) {
    s += cls[k];
    q += cls[k] * cls[k];
  }
  const w = wTot ?? s;
  return w > 0 ? w - q / w : 0;
}

/** OOB terms are quantised to this many steps per unit so their sums do not depend on addition order. */
export const OOB_SCALE = 4294967296;

/**
 * Adds the tree's votes for the out-of-bag training rows (draw count 0; with `skip`, the rows it does not skip) to
 * oobSum/oobCount, predicted from their bins (the same sides as raw-value prediction). splitBin holds the tree's numeric split bins (the
 * Tree itself keeps only value thresholds).
 */
export function addOobVotes(
  tree: Tree,
  splitBin: Int32Array,
  binned: BinnedData | SnpPackedBins,
  trainRows: Int32Array,
  drawCount: Int32Array,
  oobSum: Float64Array,
  oobCount: Uint32Array,
  skip?: (r: number) => boolean,
): void {
  const K = tree.nClasses;
  const value = tree.value;
  const packedHeld = isSnpPacked(binned);
  for (let i = 0; i < trainRows.length; i++) {
    const r = trainRows[i];
    if (skip ? skip(r) : drawCount[r] > 0) continue;
    const node = packedHeld
      ? leafOfSnpPacked(tree, splitBin, binned, r)
      : leafOfBinned(tree, splitBin, binned.bins, binned.nRows, r);
    // Each term rounded to a multiple of 2^-32: sums are then exact, hence identical in any shard order.
    for (let k = 0; k < K; k++)
      oobSum[r * K + k] += Math.round(value[node * K + k] * OOB_SCALE) / OOB_SCALE;
    oobCount[r]++;
  }
}

/**
 * The leaf training row r reaches, routed by its bins (bins[f · nRows + r]): the same sides as raw-value prediction,
 * with splitBin the tree's numeric split bins (the Tree itself keeps only value thresholds).
 */
export function leafOfBinned(
  tree: Tree,
  splitBin: Int32Array,
  bins: Uint8Array,
  nRows: number,
  r: number,
): number {
  const { left, feature } = tree;
  let node = 0;
  while (left[node] !== -1)
    node = childOfBin(tree, splitBin, node, bins[feature[node] * nRows + r]);
  return node;
}

/** The child of split node `node` that bin b goes to (MISSING_BIN: the node's missing side). */
export function childOfBin(tree: Tree, splitBin: Int32Array, node: number, b: number): number {
  const { left, right, missingLeft, catOffset, catBits } = tree;
  let goLeft: boolean;
  if (b === MISSING_BIN) goLeft = missingLeft[node] === 1;
  else if (catOffset[node] >= 0)
    goLeft = ((catBits[catOffset[node] + (b >>> 5)] >>> (b & 31)) & 1) === 1;
  else goLeft = b <= splitBin[node];
  return goLeft ? left[node] : right[node];
}

/**
 * leafOfBinned on a table held SNP-packed: a packed column's bin is its 2-bit code (3: missing), the others' are
 * read from the byte bins.
 */
function leafOfSnpPacked(tree: Tree, splitBin: Int32Array, c: SnpPackedBins, r: number): number {
  const { left, feature } = tree;
  const { byteBins, byteCol, nRows } = c;
  const { packed, packOff } = c.snp;
  let node = 0;
  while (left[node] !== -1) {
    const f = feature[node];
    const po = packOff[f];
    let b: number;
    if (po >= 0) {
      b = (packed[po + (r >>> 2)] >>> ((r & 3) << 1)) & 3;
      if (b === 3) b = MISSING_BIN;
    } else b = byteBins[byteCol[f] * nRows + r];
    node = childOfBin(tree, splitBin, node, b);
  }
  return node;
}
