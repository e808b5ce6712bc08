/**
 * The encoded feature columns as the forest's readers take them (prediction routing, out-of-bag replay, held-out
 * scoring, permutation importance, familiarity, dependence, cohort fingerprints): numeric and categorical columns as
 * float32 values, hard-called genotype columns (doses 0, 1, 2 or missing) as 2-bit codes, 4 rows a byte, as a PLINK
 * .bed holds them. A genome's columns are then a quarter of a byte a genotype instead of the 4 of a float copy.
 *
 * A plain object of typed arrays, so it crosses to a worker by structured clone or, in shared memory, without a copy.
 */

/** 2-bit code of a missing genotype (the others are the dose itself). */
export const MISSING_DOSE_CODE = 3;

/** The value of each 2-bit code: the dose, NaN for missing. */
export const DOSE_OF_CODE = new Float32Array([0, 1, 2, NaN]);

/** Encoded feature columns, nRows values each; see the module comment. */
export interface FeatureColumns {
  nRows: number;
  nFeatures: number;
  /** Values of the columns not packed (NaN missing), each nRows long. */
  dense: Float32Array;
  /** Start of feature f in dense, -1 when f is packed. */
  denseOff: Int32Array;
  /** Doses of the packed columns, row r in bits 2(r & 3) of byte r >>> 2 of its column (code 3: missing). */
  packed: Uint8Array;
  /** Start of feature f in packed, -1 when f is dense. */
  packOff: Int32Array;
}

/** Bytes of one packed column of nRows rows. */
export function packedStride(nRows: number): number {
  return (nRows + 3) >>> 2;
}

/** A column-major float32 matrix (X[f * nRows + r]) seen as feature columns, without a copy. */
export function denseColumns(X: Float32Array, nRows: number, nFeatures: number): FeatureColumns {
  if (X.length < nRows * nFeatures) {
    throw new Error(`X has ${X.length} values but nRows*nFeatures = ${nRows * nFeatures}`);
  }
  const denseOff = new Int32Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) denseOff[f] = f * nRows;
  return {
    nRows,
    nFeatures,
    dense: X,
    denseOff,
    packed: new Uint8Array(0),
    packOff: new Int32Array(nFeatures).fill(-1),
  };
}

/** Makes the arrays of feature columns (e.g. in shared memory, so workers read them without a copy). */
export interface ColumnAllocators {
  dense?: (length: number) => Float32Array;
  packed?: (length: number) => Uint8Array;
}

/** Allocators of feature columns in shared memory. */
export const SHARED_COLUMNS: ColumnAllocators = {
  dense: (n) => new Float32Array(new SharedArrayBuffer(n * 4)),
  packed: (n) => new Uint8Array(new SharedArrayBuffer(n)),
};

/**
 * Empty columns of nRows rows: feature f packed where pack[f] is 1 (filled with code 0), else dense (zeros);
 * `allocate` makes both arrays (e.g. in shared memory).
 */
export function allocateColumns(
  nRows: number,
  pack: Uint8Array,
  allocate: ColumnAllocators = {},
): FeatureColumns {
  const nFeatures = pack.length;
  const denseOff = new Int32Array(nFeatures).fill(-1);
  const packOff = new Int32Array(nFeatures).fill(-1);
  const stride = packedStride(nRows);
  let nDense = 0;
  let nPacked = 0;
  for (let f = 0; f < nFeatures; f++) {
    if (pack[f]) packOff[f] = stride * nPacked++;
    else denseOff[f] = nRows * nDense++;
  }
  const dense = allocate.dense?.(nRows * nDense) ?? new Float32Array(nRows * nDense);
  const packed = allocate.packed?.(stride * nPacked) ?? new Uint8Array(stride * nPacked);
  return { nRows, nFeatures, dense, denseOff, packed, packOff };
}

/** Whether any column is packed. */
export function hasPacked(c: FeatureColumns): boolean {
  for (let f = 0; f < c.nFeatures; f++) if (c.packOff[f] >= 0) return true;
  return false;
}

/** Value of feature f at row r (NaN missing). */
export function columnValue(c: FeatureColumns, f: number, r: number): number {
  const d = c.denseOff[f];
  if (d >= 0) return c.dense[d + r];
  return DOSE_OF_CODE[(c.packed[c.packOff[f] + (r >>> 2)] >>> ((r & 3) << 1)) & 3];
}

/** The 2-bit code of packed feature f at row r (0, 1, 2 the dose; 3 missing). */
export function packedCode(c: FeatureColumns, f: number, r: number): number {
  return (c.packed[c.packOff[f] + (r >>> 2)] >>> ((r & 3) << 1)) & 3;
}

/** Writes packed feature f's row r: a dose 0, 1 or 2, anything else (NaN) missing. */
export function setPackedDose(c: FeatureColumns, f: number, r: number, dose: number): void {
  const code = dose === 0 || dose === 1 || dose === 2 ? dose : MISSING_DOSE_CODE;
  const at = c.packOff[f] + (r >>> 2);
  const shift = (r & 3) << 1;
  c.packed[at] = (c.packed[at] & ~(3 << shift)) | (code << shift);
}

/** Feature f's values of rows `rows` (every row when omitted) into `out` (a new array when omitted). */
export function readColumn(
  c: FeatureColumns,
  f: number,
  rows?: ArrayLike<number>,
  out?: Float32Array,
): Float32Array {
  const n = rows ? rows.length : c.nRows;
  const into = out ?? new Float32Array(n);
  const d = c.denseOff[f];
  if (d >= 0) {
    if (rows) for (let i = 0; i < n; i++) into[i] = c.dense[d + rows[i]];
    else into.set(c.dense.subarray(d, d + n));
    return into;
  }
  const po = c.packOff[f];
  const packed = c.packed;
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i;
    into[i] = DOSE_OF_CODE[(packed[po + (r >>> 2)] >>> ((r & 3) << 1)) & 3];
  }
  return into;
}

/** One row's values (length nFeatures), e.g. a training patient's encoded row. */
export function readRow(c: FeatureColumns, r: number): Float32Array {
  const out = new Float32Array(c.nFeatures);
  for (let f = 0; f < c.nFeatures; f++) out[f] = columnValue(c, f, r);
  return out;
}

/** Rows `rows` of every feature as a column-major float32 matrix (rows.length × nFeatures). */
export function gatherColumnRows(c: FeatureColumns, rows: ArrayLike<number>): Float32Array {
  const m = rows.length;
  const out = new Float32Array(m * c.nFeatures);
  for (let f = 0; f < c.nFeatures; f++) readColumn(c, f, rows, out.subarray(f * m, (f + 1) * m));
  return out;
}

/**
 * The columns as one column-major float32 matrix: the dense array itself when nothing is packed and it is laid out
 * as one (no copy), else a copy (4 bytes a value: only for readers outside the genome path).
 */
export function denseMatrix(c: FeatureColumns): Float32Array {
  const { nRows, nFeatures } = c;
  let identity = c.dense.length === nRows * nFeatures;
  for (let f = 0; identity && f < nFeatures; f++) identity = c.denseOff[f] === f * nRows;
  if (identity) return c.dense;
  const out = new Float32Array(nRows * nFeatures);
  for (let f = 0; f < nFeatures; f++)
    readColumn(c, f, undefined, out.subarray(f * nRows, (f + 1) * nRows));
  return out;
}

/** Bytes the columns hold (dense floats and packed codes). */
export function columnBytes(c: FeatureColumns): number {
  return c.dense.byteLength + c.packed.byteLength;
}

/** Feature columns, or a column-major matrix X[f * nRows + r] (what the forest's readers took before them). */
export type ColumnsOrMatrix = FeatureColumns | ArrayLike<number>;

/** Whether x is feature columns (not a matrix). */
export function isFeatureColumns(x: ColumnsOrMatrix): x is FeatureColumns {
  return (x as Partial<FeatureColumns>).denseOff instanceof Int32Array;
}

/** x as feature columns: itself, or a matrix of nRows rows seen as columns (copied only when not float32). */
export function asColumns(x: ColumnsOrMatrix, nRows: number): FeatureColumns {
  if (isFeatureColumns(x)) return x;
  const nFeatures = nRows > 0 ? Math.floor(x.length / nRows) : 0;
  // Values other than float32 are read at float32 precision, as prediction compares them (goesLeft).
  return denseColumns(x instanceof Float32Array ? x : Float32Array.from(x), nRows, nFeatures);
}

/** Rows `rows` of the columns as new columns of rows.length rows (the same columns packed), e.g. a reordering. */
export function takeRows(c: FeatureColumns, rows: ArrayLike<number>): FeatureColumns {
  const m = rows.length;
  const pack = Uint8Array.from(c.packOff, (o) => (o >= 0 ? 1 : 0));
  const out = allocateColumns(m, pack);
  for (let f = 0; f < c.nFeatures; f++) {
    const d = out.denseOff[f];
    if (d >= 0) {
      readColumn(c, f, rows, out.dense.subarray(d, d + m));
      continue;
    }
    for (let i = 0; i < m; i++) setPackedDose(out, f, i, columnValue(c, f, rows[i]));
  }
  return out;
}

/**
 * Features f0..f1-1 as columns of their own, viewing the same memory (no copy): allocateColumns lays the dense and
 * the packed columns out in feature order (packed ones, read in place from a table, with gaps perhaps), so a range
 * of features is one range of each array.
 */
export function sliceColumns(c: FeatureColumns, f0: number, f1: number): FeatureColumns {
  const denseOff = new Int32Array(f1 - f0).fill(-1);
  const packOff = new Int32Array(f1 - f0).fill(-1);
  let d0 = -1;
  let d1 = -1;
  let p0 = -1;
  let p1 = -1;
  const stride = packedStride(c.nRows);
  for (let f = f0; f < f1; f++) {
    const d = c.denseOff[f];
    if (d >= 0) {
      if (d0 < 0) d0 = d;
      if (d !== (d1 < 0 ? d0 : d1)) throw new Error('The dense columns are not in feature order.');
      d1 = d + c.nRows;
      denseOff[f - f0] = d - d0;
    } else {
      const p = c.packOff[f];
      if (p0 < 0) p0 = p;
      // Packed columns may leave gaps (columns of a loaded table read in place that are not features).
      if (p < (p1 < 0 ? p0 : p1)) throw new Error('The packed columns are not in feature order.');
      p1 = p + stride;
      packOff[f - f0] = p - p0;
    }
  }
  return {
    nRows: c.nRows,
    nFeatures: f1 - f0,
    dense: d0 < 0 ? c.dense.subarray(0, 0) : c.dense.subarray(d0, d1),
    denseOff,
    packed: p0 < 0 ? c.packed.subarray(0, 0) : c.packed.subarray(p0, p1),
    packOff,
  };
}

/** The columns with their own copies of the arrays (e.g. to move a slice to a worker). */
export function copyColumns(c: FeatureColumns): FeatureColumns {
  return { ...c, dense: c.dense.slice(), packed: c.packed.slice() };
}
