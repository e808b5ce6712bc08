/**
 * The 2-bit packed copies of a binned table's SNP-like columns (numeric, at most 3 bins) and their cache, and
 * the packing of two class weights into one float per row that the packed split search sums.
 */
import { MISSING_BIN, type BinnedData } from './types.ts';
import { hasPacked, isFeatureColumns, type FeatureColumns } from './featureColumns.ts';

/**
 * Two-class weights packed in one float per row: class-0 weight + class-1 weight × PACK_SCALE. Sums of
 * integer weights below 2^26 per class stay exact integers in a float64 (2^26 × 2^26 < 2^53), so both class
 * sums are recovered exactly and the trees are bit-identical to summing each class apart.
 */
export const PACK_SCALE = 67108864;

/**
 * Most total weight (rows × largest class weight) a growTrees call may have on the packed path: the scans sum the
 * packed weights times the genotype code cubed (up to 27, packedScan.ts putBitSums), and those sums must stay
 * exact integers, below 2^53: 27 × weight × PACK_SCALE < 2^53 (about 4.97 million). Larger calls take the
 * histogram path, which grows the same trees.
 */
export const PACKED_MAX_WEIGHT = Math.floor(2 ** 53 / (27 * PACK_SCALE));

/**
 * Numeric features with at most 3 bins (SNPs) as 2-bit codes, 4 rows a byte (code 3 = missing). A node's
 * scattered rows then touch 4× fewer cache lines than in the byte-per-row bins (the split search is bound
 * by those misses).
 */
export interface PackedColumns {
  bins: Uint8Array;
  /** Numeric columns of at most 3 bins as 2-bit codes, 4 rows a byte (code 3 = missing). */
  packed: Uint8Array;
  /** Start of column f in packed, -1 when it is not packed. */
  packOff: Int32Array;
  /** 1 when packed column f has a missing value (code 3). */
  packMissing: Uint8Array;
}

/** Packed columns per binned table: a worker grows its trees in several growTrees calls on the same data. */
const packedCache = new WeakMap<BinnedData, PackedColumns>();

/** The 2-bit codes of a table's packable columns made elsewhere (the pool's binning), without the byte bins. */
export type PackedCodes = Pick<PackedColumns, 'packed' | 'packOff' | 'packMissing'>;

/**
 * Lets packedColumns(binned) return these codes (made beside the byte bins while binning) instead of packing the table
 * again. Ignored unless they cover exactly the columns packedColumns packs.
 */
export function adoptPackedCodes(binned: BinnedData, codes: PackedCodes): void {
  const { nRows, nFeatures, nBins, isCategorical } = binned;
  const { packed, packOff, packMissing } = codes;
  const stride = (nRows + 3) >>> 2;
  if (packOff.length !== nFeatures || packMissing.length !== nFeatures) return;
  for (let f = 0; f < nFeatures; f++) {
    const packable = isCategorical[f] === 0 && nBins[f] <= 3;
    const po = packOff[f];
    if (packable !== po >= 0 || po + stride > packed.length) return;
  }
  packedCache.set(binned, { bins: binned.bins, packed, packOff, packMissing });
}

/**
 * Writes the 2-bit codes of the packable columns of binned columns (binFeatures of a slice) to codes, column f at
 * f × ((nRows + 3) >> 2) (codes zero there); returns, per column, 1 when its codes mark a missing value.
 */
export function packColumnCodes(
  bins: Uint8Array,
  nRows: number,
  nBins: Uint16Array,
  isCategorical: Uint8Array,
  codes: Uint8Array,
): Uint8Array {
  const stride = (nRows + 3) >>> 2;
  const missing = new Uint8Array(nBins.length);
  for (let f = 0; f < nBins.length; f++) {
    if (isCategorical[f] === 0 && nBins[f] <= 3) {
      missing[f] = packByteColumn(bins, f * nRows, nRows, codes, f * stride);
    }
  }
  return missing;
}

/** The 2-bit packed SNP columns of a binned table (built once per table; they do not depend on params). */
export function packedColumns(binned: BinnedData): PackedColumns {
  const cached = packedCache.get(binned);
  if (cached && cached.bins === binned.bins) return cached;
  const { bins, nRows, nFeatures, nBins, isCategorical } = binned;
  const packOff = new Int32Array(nFeatures).fill(-1);
  const stride = (nRows + 3) >>> 2;
  let nPacked = 0;
  for (let f = 0; f < nFeatures; f++) {
    if (isCategorical[f] === 0 && nBins[f] <= 3) packOff[f] = stride * nPacked++;
  }
  const packed = new Uint8Array(stride * nPacked);
  const packMissing = new Uint8Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const po = packOff[f];
    if (po < 0) continue;
    packMissing[f] = packByteColumn(bins, f * nRows, nRows, packed, po);
  }
  const cols = { bins, packed, packOff, packMissing };
  packedCache.set(binned, cols);
  return cols;
}

/**
 * Packs the byte bins of a column of at most 3 bins (0..2 or MISSING_BIN) at off into 2-bit codes at po of packed
 * (code 3: missing; packed zero there); returns 1 when the column has a missing value.
 */
export function packByteColumn(
  bins: Uint8Array,
  off: number,
  nRows: number,
  packed: Uint8Array,
  po: number,
): number {
  // Bins of such a column are 0..2 or 255: `b & 3` maps missing to code 3 without a branch.
  let any = 0;
  let r = 0;
  for (; r + 3 < nRows; r += 4) {
    const b0 = bins[off + r];
    const b1 = bins[off + r + 1];
    const b2 = bins[off + r + 2];
    const b3 = bins[off + r + 3];
    any |= b0 | b1 | b2 | b3;
    packed[po + (r >>> 2)] = (b0 & 3) | ((b1 & 3) << 2) | ((b2 & 3) << 4) | ((b3 & 3) << 6);
  }
  for (; r < nRows; r++) {
    const b = bins[off + r];
    any |= b;
    packed[po + (r >>> 2)] |= (b & 3) << ((r & 3) << 1);
  }
  // Only a missing bin (255) sets bit 7.
  return any >>> 7;
}

/** No packed columns (the packed path does not apply to this call): every packOff is -1. */
export function noPackedColumns(binned: BinnedData): PackedColumns {
  return {
    bins: binned.bins,
    packed: new Uint8Array(0),
    packOff: new Int32Array(binned.nFeatures).fill(-1),
    packMissing: new Uint8Array(binned.nFeatures),
  };
}

/**
 * A binned table whose packable columns (numeric, at most 3 bins: the columns packedColumns packs) are held only
 * as their 2-bit codes: byteBins holds the other columns one after another, column f at byteCol[f] × nRows
 * (-1: held packed only). Not a BinnedData (it has no `bins`), so no reader of byte bins can take it unawares:
 * growTrees reads it on the packed path and expands it back (expandSnpBins) on every other.
 */
export interface SnpPackedBins extends Omit<BinnedData, 'bins'> {
  byteBins: Uint8Array;
  byteCol: Int32Array;
  /** The packed columns (their `bins` is byteBins). */
  snp: PackedColumns;
}

/**
 * A table held with its packed columns 2-bit only, from its parts: the one place that makes the packed columns read
 * their other columns' byte bins (`snp.bins` is `byteBins`).
 */
export function packedTable(
  base: Omit<BinnedData, 'bins'>,
  byteBins: Uint8Array,
  byteCol: Int32Array,
  packed: Pick<PackedColumns, 'packed' | 'packOff' | 'packMissing'>,
): SnpPackedBins {
  const { nRows, nFeatures, nBins, thresholds, isCategorical } = base;
  return {
    byteBins,
    byteCol,
    snp: { bins: byteBins, ...packed },
    nRows,
    nFeatures,
    nBins,
    thresholds,
    isCategorical,
  };
}

/** Whether a binned table holds its SNP-like columns only 2-bit packed. */
export function isSnpPacked(b: BinnedData | SnpPackedBins): b is SnpPackedBins {
  return 'byteCol' in b;
}

/** The table with its packable columns held only 2-bit packed (the same codes packedColumns makes). */
export function snpPackedBins(binned: BinnedData): SnpPackedBins {
  const { bins, nRows, nFeatures } = binned;
  const { packed, packOff, packMissing } = packedColumns(binned);
  const byteCol = new Int32Array(nFeatures).fill(-1);
  let nByte = 0;
  for (let f = 0; f < nFeatures; f++) if (packOff[f] < 0) byteCol[f] = nByte++;
  const byteBins = new Uint8Array(nByte * nRows);
  for (let f = 0; f < nFeatures; f++) {
    const c = byteCol[f];
    if (c >= 0) byteBins.set(bins.subarray(f * nRows, (f + 1) * nRows), c * nRows);
  }
  return packedTable(binned, byteBins, byteCol, { packed, packOff, packMissing });
}

/** Today's byte bins of a table held with packed SNP columns (for the readers of byte bins only). */
export function expandSnpBins(c: SnpPackedBins): BinnedData {
  const { nRows, nFeatures, byteBins, byteCol } = c;
  const { packed, packOff } = c.snp;
  const bins = new Uint8Array(nRows * nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const off = f * nRows;
    const bc = byteCol[f];
    if (bc >= 0) {
      bins.set(byteBins.subarray(bc * nRows, (bc + 1) * nRows), off);
      continue;
    }
    const po = packOff[f];
    for (let r = 0; r < nRows; r++) {
      const code = (packed[po + (r >>> 2)] >>> ((r & 3) << 1)) & 3;
      bins[off + r] = code === 3 ? MISSING_BIN : code;
    }
  }
  const { nBins, thresholds, isCategorical } = c;
  return { bins, nRows, nFeatures, nBins, thresholds, isCategorical };
}

/** Bytes of bins a binned table holds (byte bins, and the 2-bit codes of a table held SNP-packed). */
export function heldBinBytes(b: BinnedData | SnpPackedBins): number {
  return isSnpPacked(b) ? b.byteBins.byteLength + b.snp.packed.byteLength : b.bins.byteLength;
}

/** The table as byte bins: itself, or a table held SNP-packed expanded (expandSnpBins). */
export function byteBinned(b: BinnedData | SnpPackedBins): BinnedData {
  return isSnpPacked(b) ? expandSnpBins(b) : b;
}

/**
 * Whether every classification fit on data of nRows rows with these settings takes the packed path (growSetup's
 * packedOk on any subset of the rows): two classes, unit class weights, and the weight bound.
 */
export function packedPathFor(
  nClasses: number,
  classWeight: null | 'balanced',
  nRows: number,
): boolean {
  return nClasses === 2 && classWeight === null && nRows < PACKED_MAX_WEIGHT;
}

/**
 * Whether a classification fit on these prepared columns holds its genotype columns only 2-bit packed: it has packed
 * genotype columns and every fit on them takes the packed path (packedPathFor).
 */
export function holdsSnpPacked(c: {
  X: Float32Array | FeatureColumns;
  nRows: number;
  nClasses: number;
  params: { classWeight: null | 'balanced' };
}): boolean {
  return (
    packedPathFor(c.nClasses, c.params.classWeight, c.nRows) &&
    isFeatureColumns(c.X) &&
    hasPacked(c.X)
  );
}
