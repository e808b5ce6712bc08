/**
 * Features binned once before growing trees (LightGBM style): split search then works on small integer
 * bins instead of sorting raw values at every node.
 *
 * Numeric features: at most maxBins (<= 255) bins by quantile over the distinct training values (every distinct
 * value gets its own bin when there are few). The threshold between bins b and b+1 is the midpoint of the
 * largest value in b and the smallest value in b+1, so a tree stores a raw-value threshold that a new patient
 * can be compared with, and bin(x) <= b exactly when x <= thresholds[b]. NaN goes to MISSING_BIN (255).
 * Categorical features: bin = category index (indices above 254 share bin 254); NaN or a negative or
 * non-integer value is missing.
 *
 * Cross-validation: bin edges come from all rows (they use no outcome, so no label leakage) and trees are
 * grown on the training rows only via growTrees' `rows` option.
 */
import { MISSING_BIN, type BinnedData } from './types.ts';
import { MAX_CATEGORY_BIN } from './predict.ts';
import { isFeatureColumns, readColumn, type FeatureColumns } from './featureColumns.ts';
import { packByteColumn, packedTable, type SnpPackedBins } from './packedSnp.ts';

/** Code of a missing cell in a CodedFeature (the data layer's MISSING_CODE). */
const MISSING_CODE = 255;

/**
 * A numeric column held as 1-byte codes (a genotype's dose 0..254, 255 missing), as the loaded table holds it: row r
 * of the binned table is codes[rows[r]] (codes[r] when rows is null).
 */
export interface CodedFeature {
  codes: Uint8Array;
  rows: Int32Array | null;
}

/** The coded form of numeric feature f, or null when it is read from X. */
export type CodedFeatures = (f: number) => CodedFeature | null;

/** Where binFeatures reads coded columns from and makes its bins. */
export interface BinOptions {
  /** Numeric features read from their 1-byte codes instead of X (the same bins). */
  coded?: CodedFeatures | null;
  /** Makes the bins array of `length` bytes (e.g. in shared memory, so workers read it without copies). */
  allocateBins?: (length: number) => Uint8Array;
}

/**
 * Bin every feature once so tree growth can use histograms; see the module comment for the rules. Numeric features
 * that options.coded gives are read from their 1-byte codes (the same bins), never from X. X may be feature
 * columns: their 2-bit packed genotypes are binned from the codes (the same bins as their float values give).
 */
export function binFeatures(
  X: Float32Array | FeatureColumns,
  nRows: number,
  nFeatures: number,
  isCategorical: Uint8Array,
  maxBins = 255,
  options: BinOptions = {},
): BinnedData {
  if (isFeatureColumns(X)) return binColumns(X, nRows, nFeatures, isCategorical, maxBins, options);
  const coded = options.coded ?? null;
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > 255) {
    throw new Error(`maxBins must be an integer between 2 and 255, got ${maxBins}`);
  }
  if (X.length !== nRows * nFeatures) {
    throw new Error(`X has ${X.length} values but nRows*nFeatures = ${nRows * nFeatures}`);
  }
  if (isCategorical.length !== nFeatures) {
    throw new Error(`isCategorical has length ${isCategorical.length}, expected ${nFeatures}`);
  }
  const thresholds: Float64Array[] = [];
  const nBins = new Uint16Array(nFeatures);
  const values = new Float32Array(nRows);
  const smallInt = new Uint8Array(nFeatures);
  const codedAt: (CodedFeature | null)[] = [];
  for (let f = 0; f < nFeatures; f++) {
    const off = f * nRows;
    const c = coded && !isCategorical[f] ? coded(f) : null;
    codedAt.push(c);
    if (c) {
      const thr = codedThresholds(c, nRows, maxBins, values);
      thresholds.push(thr);
      nBins[f] = thr.length > 0 || hasCode(c, nRows) ? thr.length + 1 : 0;
      continue;
    }
    if (isCategorical[f]) {
      let maxCat = -1;
      for (let i = 0; i < nRows; i++) {
        const v = X[off + i];
        if (v >= 0 && v === Math.floor(v) && v > maxCat) maxCat = v;
      }
      nBins[f] = Math.min(maxCat, MAX_CATEGORY_BIN) + 1;
      thresholds.push(new Float64Array(0));
      continue;
    }
    const small = maxBins >= 4 ? smallIntThresholds(X, off, nRows) : null;
    if (small) {
      smallInt[f] = 1;
      thresholds.push(small);
      // No value at all (every row missing) gives no threshold and no bin, as below.
      let present = small.length > 0;
      for (let i = off; !present && i < off + nRows; i++) present = X[i] === X[i];
      nBins[f] = present ? small.length + 1 : 0;
      continue;
    }
    let m = 0;
    for (let i = 0; i < nRows; i++) {
      const v = X[off + i];
      if (v === v) values[m++] = v;
    }
    const thr = numericThresholds(values.subarray(0, m), maxBins);
    thresholds.push(thr);
    nBins[f] = m === 0 ? 0 : thr.length + 1;
  }
  const bins = options.allocateBins?.(nRows * nFeatures) ?? new Uint8Array(nRows * nFeatures);
  if (bins.length !== nRows * nFeatures) {
    throw new Error(`allocateBins gave ${bins.length} bytes, expected ${nRows * nFeatures}`);
  }
  const binned: BinnedData = {
    bins,
    nRows,
    nFeatures,
    nBins,
    thresholds,
    isCategorical: isCategorical.slice(),
  };
  fillBins(binned, X, nRows, binned.bins, smallInt, codedAt);
  return binned;
}

/**
 * binFeatures on feature columns: each run of consecutive dense columns as a float matrix (no copy), each packed
 * genotype column from its 2-bit codes (thresholds between the doses present, as smallIntThresholds gives).
 */
function binColumns(
  c: FeatureColumns,
  nRows: number,
  nFeatures: number,
  isCategorical: Uint8Array,
  maxBins: number,
  options: BinOptions,
): BinnedData {
  if (c.nRows !== nRows || c.nFeatures !== nFeatures || isCategorical.length !== nFeatures) {
    throw new Error(`The columns do not match ${nRows} rows × ${nFeatures} features.`);
  }
  const bins = options.allocateBins?.(nRows * nFeatures) ?? new Uint8Array(nRows * nFeatures);
  if (bins.length !== nRows * nFeatures) {
    throw new Error(`allocateBins gave ${bins.length} bytes, expected ${nRows * nFeatures}`);
  }
  const nBins = new Uint16Array(nFeatures);
  const thresholds: Float64Array[] = [];
  const coded = options.coded ?? null;
  const lut = new Uint8Array(5);
  for (let f = 0; f < nFeatures;) {
    const po = c.packOff[f];
    if (po >= 0 && maxBins < 4) {
      // Fewer bins than doses: quantile bins, as for the float column.
      const one = binFeatures(
        readColumn(c, f),
        nRows,
        1,
        isCategorical.subarray(f, f + 1),
        maxBins,
        {
          allocateBins: () => bins.subarray(f * nRows, (f + 1) * nRows),
        },
      );
      nBins[f] = one.nBins[0];
      thresholds.push(one.thresholds[0]);
      f++;
      continue;
    }
    if (po >= 0) {
      if (isCategorical[f])
        throw new Error(`Feature ${f} is categorical but held as genotype codes.`);
      const thr = genotypeBins(c, po, lut);
      thresholds.push(thr);
      nBins[f] = lut[4];
      const off = f * nRows;
      for (let r = 0; r < nRows; r++) {
        bins[off + r] = lut[(c.packed[po + (r >>> 2)] >>> ((r & 3) << 1)) & 3];
      }
      f++;
      continue;
    }
    const f0 = f;
    f = denseRunEnd(c, f0);
    const run = binDenseRun(
      c,
      f0,
      f,
      isCategorical,
      maxBins,
      bins.subarray(f0 * nRows, f * nRows),
      {
        coded: coded ? (g) => coded(f0 + g) : null,
      },
    );
    nBins.set(run.nBins, f0);
    thresholds.push(...run.thresholds);
  }
  return { bins, nRows, nFeatures, nBins, thresholds, isCategorical: isCategorical.slice() };
}

/**
 * The thresholds of a packed genotype column at po (midpoints between the doses present, as smallIntThresholds
 * gives), with lut[code] its bin for codes 0..3 (3: missing, MISSING_BIN) and lut[4] its number of bins. With
 * `shared` (one table's cache by the doses present), columns of the same doses get the same array: a genome's
 * columns have one of eight, and a typed array a column cost a few hundred bytes each, in every worker the table is
 * cloned into (a clone keeps one copy of an array referenced many times). Such arrays must never be written.
 */
function genotypeBins(
  c: FeatureColumns,
  po: number,
  lut: Uint8Array,
  shared?: (Float64Array | undefined)[],
): Float64Array {
  const seen = packedCodesSeen(c.packed, po, c.nRows);
  const cuts: number[] = [];
  let prev = -1;
  for (let k = 0; k < 3; k++) {
    if ((seen & (1 << k)) === 0) continue;
    lut[k] = cuts.length + (prev >= 0 ? 1 : 0);
    if (prev >= 0) cuts.push(midpoint(prev, k));
    prev = k;
  }
  lut[3] = MISSING_BIN;
  lut[4] = prev >= 0 ? cuts.length + 1 : 0;
  // A caller that asks (a sixth slot) learns which doses are present.
  if (lut.length > 5) lut[5] = seen;
  if (!shared) return Float64Array.from(cuts);
  return (shared[seen] ??= Float64Array.from(cuts));
}

/**
 * binFeatures on feature columns into a table whose genotype columns are held only 2-bit packed (SnpPackedBins,
 * the codes growth's packed path reads: a column's bin, 3 for missing), with no byte bins for them; the other
 * columns are binned as binFeatures bins them. The same table as snpPackedBins(binFeatures(…)), without ever
 * holding a byte a genotype. Returns binFeatures' table when no column is held packed or maxBins < 4 (genotypes
 * then get quantile bins).
 */
export function binFeaturesSnpPacked(
  c: FeatureColumns,
  isCategorical: Uint8Array,
  maxBins = 255,
  options: SnpPackedBinOptions = {},
): BinnedData | SnpPackedBins {
  const { nRows, nFeatures } = c;
  if (isCategorical.length !== nFeatures) {
    throw new Error(`isCategorical has length ${isCategorical.length}, expected ${nFeatures}`);
  }
  let nDense = 0;
  for (let f = 0; f < nFeatures; f++) if (c.packOff[f] < 0) nDense++;
  if (maxBins < 4 || nDense === nFeatures) {
    return binFeatures(c, nRows, nFeatures, isCategorical, maxBins, {
      ...(options.allocate ? { allocateBins: options.allocate } : {}),
    });
  }
  if (options.inPlace) return binSnpInPlace(c, isCategorical, maxBins, options.allocate);
  const byteCol = new Int32Array(nFeatures).fill(-1);
  const nBins = new Uint16Array(nFeatures);
  const thresholds: Float64Array[] = new Array<Float64Array>(nFeatures);
  const byteBins = new Uint8Array(nDense * nRows);
  // Dense runs binned straight into the byte bins, each as one binFeatures call (the same bins).
  let b = 0;
  for (let f = 0; f < nFeatures;) {
    if (c.packOff[f] >= 0) {
      if (isCategorical[f])
        throw new Error(`Feature ${f} is categorical but held as genotype codes.`);
      f++;
      continue;
    }
    [f, b] = binDenseRunAt(
      c,
      f,
      isCategorical,
      maxBins,
      { byteBins, byteCol, nBins, thresholds },
      b,
    );
  }
  // Held packed as packedColumns packs: every numeric column of at most 3 bins (a dense one keeps its byte bins too).
  const stride = (nRows + 3) >>> 2;
  const packOff = new Int32Array(nFeatures).fill(-1);
  const lut = new Uint8Array(5);
  const luts = new Uint8Array(4 * nFeatures);
  const byDoses: (Float64Array | undefined)[] = [];
  let nPacked = 0;
  for (let f = 0; f < nFeatures; f++) {
    if (c.packOff[f] >= 0) {
      thresholds[f] = genotypeBins(c, c.packOff[f], lut, byDoses);
      nBins[f] = lut[4];
      // A bin & 3 is its growth code (MISSING_BIN & 3 = 3).
      for (let k = 0; k < 4; k++) luts[4 * f + k] = lut[k] & 3;
    }
    if (isCategorical[f] === 0 && nBins[f] <= 3) packOff[f] = stride * nPacked++;
  }
  const packed = new Uint8Array(stride * nPacked);
  const packMissing = new Uint8Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const po = packOff[f];
    if (po < 0) continue;
    const src = c.packOff[f];
    let any = 0;
    if (src >= 0) {
      // Remap the four codes of each byte through the column's lut.
      const l0 = luts[4 * f];
      const l1 = luts[4 * f + 1];
      const l2 = luts[4 * f + 2];
      const map = [l0, l1, l2, 3];
      const full = nRows >>> 2;
      for (let i = 0; i < stride; i++) {
        const v = c.packed[src + i];
        const o =
          map[v & 3] | (map[(v >>> 2) & 3] << 2) | (map[(v >>> 4) & 3] << 4) | (map[v >>> 6] << 6);
        packed[po + i] = o;
        // A code 3 (missing) has both its bits set; the last byte counts only its rows.
        const rowsMask = i < full ? 0x55 : 0x55 & ((1 << (2 * (nRows & 3))) - 1);
        any |= v & (v >>> 1) & rowsMask;
      }
      any = any !== 0 ? 1 : 0;
    } else {
      any = packByteColumn(byteBins, byteCol[f] * nRows, nRows, packed, po);
    }
    packMissing[f] = any;
  }
  const base = { nRows, nFeatures, nBins, thresholds, isCategorical: isCategorical.slice() };
  return packedTable(base, byteBins, byteCol, { packed, packOff, packMissing });
}

/** Where binFeaturesSnpPacked makes its arrays. */
export interface SnpPackedBinOptions {
  /**
   * Read a genotype column's bins from the feature columns' own codes where they are its bins (the doses present are
   * 0, 0–1 or 0–2: bin = dose), so no second 2-bit copy of them is made; the table then holds c.packed (it must not
   * change while the table is used). The other genotype columns (a dose below the highest one absent) get byte
   * bins, numeric columns of at most 3 bins their byte bins only. The same trees as without.
   */
  inPlace?: boolean;
  /** Makes the byte bins (e.g. in shared memory). */
  allocate?: (length: number) => Uint8Array;
}

/** Which doses present (bit k: dose k) make a genotype column's bins its own codes: none, 0, 0–1 or 0–2. */
function codesAreBins(seen: number): boolean {
  return seen === 0 || seen === 1 || seen === 3 || seen === 7;
}

/** binFeaturesSnpPacked with `inPlace` (see SnpPackedBinOptions). */
function binSnpInPlace(
  c: FeatureColumns,
  isCategorical: Uint8Array,
  maxBins: number,
  allocate?: (length: number) => Uint8Array,
): SnpPackedBins {
  const { nRows, nFeatures } = c;
  const byteCol = new Int32Array(nFeatures).fill(-1);
  const packOff = new Int32Array(nFeatures).fill(-1);
  const packMissing = new Uint8Array(nFeatures);
  const nBins = new Uint16Array(nFeatures);
  const thresholds: Float64Array[] = new Array<Float64Array>(nFeatures);
  const lut = new Uint8Array(6);
  const luts = new Uint8Array(4 * nFeatures);
  const byDoses: (Float64Array | undefined)[] = [];
  const stride = (nRows + 3) >>> 2;
  const full = nRows >>> 2;
  const lastMask = 0x55 & ((1 << (2 * (nRows & 3))) - 1);
  let nByte = 0;
  for (let f = 0; f < nFeatures; f++) {
    const po = c.packOff[f];
    if (po < 0) {
      nByte++;
      continue;
    }
    if (isCategorical[f])
      throw new Error(`Feature ${f} is categorical but held as genotype codes.`);
    thresholds[f] = genotypeBins(c, po, lut, byDoses);
    nBins[f] = lut[4];
    if (codesAreBins(lut[5])) {
      packOff[f] = po;
      // A code 3 (missing) has both its bits set; the last byte counts only its rows.
      let any = 0;
      for (let i = 0; i < stride; i++) {
        const v = c.packed[po + i];
        any |= v & (v >>> 1) & (i < full ? 0x55 : lastMask);
      }
      packMissing[f] = any !== 0 ? 1 : 0;
    } else {
      luts.set(lut.subarray(0, 4), 4 * f);
      nByte++;
    }
  }
  const byteBins = allocate?.(nByte * nRows) ?? new Uint8Array(nByte * nRows);
  if (byteBins.length !== nByte * nRows) {
    throw new Error(`allocate gave ${byteBins.length} bytes, expected ${nByte * nRows}`);
  }
  let b = 0;
  for (let f = 0; f < nFeatures;) {
    const po = c.packOff[f];
    if (po >= 0) {
      if (packOff[f] < 0) {
        // A genotype column whose bins are not its codes: its bins as bytes, through its lut.
        const off = b * nRows;
        for (let r = 0; r < nRows; r++) {
          byteBins[off + r] = luts[4 * f + ((c.packed[po + (r >>> 2)] >>> ((r & 3) << 1)) & 3)];
        }
        byteCol[f] = b++;
      }
      f++;
      continue;
    }
    [f, b] = binDenseRunAt(
      c,
      f,
      isCategorical,
      maxBins,
      { byteBins, byteCol, nBins, thresholds },
      b,
    );
  }
  const base = {
    nRows,
    nFeatures,
    nBins,
    thresholds: inOneBuffer(thresholds),
    isCategorical: isCategorical.slice(),
  };
  return packedTable(base, byteBins, byteCol, { packed: c.packed, packOff, packMissing });
}

/**
 * The same thresholds as views of one buffer: a genome's columns have a few thresholds each, and a typed array with
 * its own buffer costs a few hundred bytes of bookkeeping, in every worker the table is cloned into (about 100 MB a
 * copy at 300,000 columns); views of one buffer are cloned as that buffer once. An array given for several columns
 * (genotypeBins' shared ones) stays one view for all of them.
 */
function inOneBuffer(thresholds: Float64Array[]): Float64Array[] {
  const views = new Map<Float64Array, Float64Array>();
  let total = 0;
  for (const t of thresholds) {
    if (views.has(t)) continue;
    views.set(t, t);
    total += t.length;
  }
  const all = new Float64Array(total);
  let at = 0;
  for (const t of views.keys()) {
    all.set(t, at);
    views.set(t, all.subarray(at, at + t.length));
    at += t.length;
  }
  return thresholds.map((t) => views.get(t) as Float64Array);
}

/** End of the run of dense columns laid out one after another in c.dense from dense column f0. */
/** The byte bins of a packed table's other columns, filled run by run (binFeaturesSnpPacked, binSnpInPlace). */
interface ByteBinsInto {
  byteBins: Uint8Array;
  byteCol: Int32Array;
  nBins: Uint16Array;
  thresholds: Float64Array[];
}

/**
 * Bins the dense run starting at feature f0 into the byte bins' column b onward; returns the feature after the run
 * and the next free byte-bin column.
 */
function binDenseRunAt(
  c: FeatureColumns,
  f0: number,
  isCategorical: Uint8Array,
  maxBins: number,
  into: ByteBinsInto,
  b0: number,
): [number, number] {
  const f1 = denseRunEnd(c, f0);
  const out = into.byteBins.subarray(b0 * c.nRows, (b0 + f1 - f0) * c.nRows);
  const run = binDenseRun(c, f0, f1, isCategorical, maxBins, out, {});
  let b = b0;
  for (let g = f0; g < f1; g++) {
    into.byteCol[g] = b++;
    into.nBins[g] = run.nBins[g - f0];
    into.thresholds[g] = run.thresholds[g - f0];
  }
  return [f1, b];
}

function denseRunEnd(c: FeatureColumns, f0: number): number {
  const d0 = c.denseOff[f0];
  let f = f0;
  while (f < c.nFeatures && c.packOff[f] < 0 && c.denseOff[f] === d0 + (f - f0) * c.nRows) f++;
  return f;
}

/** binFeatures on the dense columns f0..f1 (one run, no copy) into `out`. */
function binDenseRun(
  c: FeatureColumns,
  f0: number,
  f1: number,
  isCategorical: Uint8Array,
  maxBins: number,
  out: Uint8Array,
  options: BinOptions,
): BinnedData {
  const d0 = c.denseOff[f0];
  return binFeatures(
    c.dense.subarray(d0, d0 + (f1 - f0) * c.nRows),
    c.nRows,
    f1 - f0,
    isCategorical.subarray(f0, f1),
    maxBins,
    { ...options, allocateBins: () => out },
  );
}

/** Bit k set when code k (a dose 0..2) is in the packed column at po; missing (3) is not counted. */
function packedCodesSeen(packed: Uint8Array, po: number, nRows: number): number {
  let seen = 0;
  for (let r = 0; r < nRows && seen !== 7; r++) {
    const k = (packed[po + (r >>> 2)] >>> ((r & 3) << 1)) & 3;
    if (k !== 3) seen |= 1 << k;
  }
  return seen;
}

/**
 * Thresholds of a coded column: the midpoints between its distinct codes when they are at most maxBins (what
 * binFeatures gives on their float values), else numericThresholds on the codes as floats (`values`: scratch).
 */
function codedThresholds(
  c: CodedFeature,
  nRows: number,
  maxBins: number,
  values: Float32Array,
): Float64Array {
  const seen = new Uint8Array(256);
  const { codes, rows } = c;
  if (rows) for (let r = 0; r < nRows; r++) seen[codes[rows[r]]] = 1;
  else for (let r = 0; r < nRows; r++) seen[codes[r]] = 1;
  const distinct: number[] = [];
  for (let k = 0; k < MISSING_CODE; k++) if (seen[k]) distinct.push(k);
  if (distinct.length <= maxBins) {
    const cuts = new Float64Array(Math.max(0, distinct.length - 1));
    for (let j = 0; j + 1 < distinct.length; j++) cuts[j] = midpoint(distinct[j], distinct[j + 1]);
    return cuts;
  }
  let m = 0;
  for (let r = 0; r < nRows; r++) {
    const v = codes[rows ? rows[r] : r];
    if (v !== MISSING_CODE) values[m++] = v;
  }
  return numericThresholds(values.subarray(0, m), maxBins);
}

/** Whether a coded column has a value that is not missing in the rows binned. */
function hasCode(c: CodedFeature, nRows: number): boolean {
  for (let r = 0; r < nRows; r++) if (c.codes[c.rows ? c.rows[r] : r] !== MISSING_CODE) return true;
  return false;
}

/**
 * Bins of every column; smallInt[f] = 1 marks columns of integers 0..3 (smallIntThresholds). Each kind of column
 * has its own loop function: this one runs once per table, and V8 compiled it whole (every loop) when one of them
 * ran long; a small cohort's five-fold fit spent more on compiling it than on binning.
 */
function fillBins(
  binned: BinnedData,
  X: Float32Array,
  nRows: number,
  bins: Uint8Array,
  smallInt: Uint8Array,
  codedAt: (CodedFeature | null)[],
): void {
  for (let f = 0; f < binned.nFeatures; f++) {
    const off = f * nRows;
    const c = codedAt[f];
    if (c) fillCodedBins(c, binned.thresholds[f], nRows, bins, off);
    else if (binned.isCategorical[f]) fillCategoryBins(X, off, nRows, bins);
    else if (smallInt[f]) fillSmallIntBins(X, binned.thresholds[f], off, nRows, bins);
    else if (binned.thresholds[f].length <= 8)
      fillFewThresholdBins(X, binned.thresholds[f], off, nRows, bins);
    else fillSearchBins(X, binned.thresholds[f], off, nRows, bins);
  }
}

/** A categorical column's bins: its whole-number codes (capped at MAX_CATEGORY_BIN), anything else missing. */
function fillCategoryBins(X: Float32Array, off: number, nRows: number, bins: Uint8Array): void {
  for (let r = 0; r < nRows; r++) {
    const v = X[off + r];
    bins[off + r] =
      v >= 0 && v === Math.floor(v) ? (v > MAX_CATEGORY_BIN ? MAX_CATEGORY_BIN : v) : MISSING_BIN;
  }
}

/**
 * A small-integer column's bins from a value -> bin table (index 4: missing): a table load instead of comparisons
 * that mispredict on genotypes in random order (about 3× faster).
 */
function fillSmallIntBins(
  X: Float32Array,
  thr: Float64Array,
  off: number,
  nRows: number,
  bins: Uint8Array,
): void {
  const nt = thr.length;
  const lut = new Uint8Array(5);
  for (let k = 0; k < 4; k++) {
    let b = 0;
    while (b < nt && k > thr[b]) b++;
    lut[k] = b;
  }
  lut[4] = MISSING_BIN;
  for (let r = off; r < off + nRows; r++) {
    const v = X[r];
    bins[r] = lut[v !== v ? 4 : v | 0];
  }
}

/**
 * Bins of a column of at most 8 thresholds: counting the thresholds below v (ascending, so the same bin as a
 * search) without a branch per threshold: values in random order defeat branch prediction (measured 2.5-3.5x
 * faster than a search loop).
 */
function fillFewThresholdBins(
  X: Float32Array,
  thr: Float64Array,
  off: number,
  nRows: number,
  bins: Uint8Array,
): void {
  const nt = thr.length;
  for (let r = 0; r < nRows; r++) {
    const v = X[off + r];
    let b = 0;
    for (let j = 0; j < nt; j++) b += +(v > thr[j]);
    bins[off + r] = v === v ? b : MISSING_BIN;
  }
}

/** Bins of a column of more thresholds: a branch-free binary search over them padded to 255 with +Infinity. */
function fillSearchBins(
  X: Float32Array,
  thr: Float64Array,
  off: number,
  nRows: number,
  bins: Uint8Array,
): void {
  const t = new Float64Array(256).fill(Infinity);
  t.set(thr);
  for (let r = 0; r < nRows; r++) {
    const v = X[off + r];
    if (v !== v) {
      bins[off + r] = MISSING_BIN;
      continue;
    }
    let b = v > t[127] ? 128 : 0;
    b += v > t[b + 63] ? 64 : 0;
    b += v > t[b + 31] ? 32 : 0;
    b += v > t[b + 15] ? 16 : 0;
    b += v > t[b + 7] ? 8 : 0;
    b += v > t[b + 3] ? 4 : 0;
    b += v > t[b + 1] ? 2 : 0;
    b += v > t[b] ? 1 : 0;
    bins[off + r] = b;
  }
}

/** Bins of a coded column from a code -> bin table: the count of thresholds below the code, as for its float value. */
function fillCodedBins(
  c: CodedFeature,
  thr: Float64Array,
  nRows: number,
  bins: Uint8Array,
  off: number,
): void {
  const lut = new Uint8Array(256);
  for (let k = 0; k < MISSING_CODE; k++) {
    let b = 0;
    for (let j = 0; j < thr.length; j++) b += +(k > thr[j]);
    lut[k] = b;
  }
  lut[MISSING_CODE] = MISSING_BIN;
  const { codes, rows } = c;
  if (rows) for (let r = 0; r < nRows; r++) bins[off + r] = lut[codes[rows[r]]];
  else for (let r = 0; r < nRows; r++) bins[off + r] = lut[codes[r]];
}

/**
 * Thresholds of a numeric column whose values are all integers 0..3 or missing (SNP genotypes), found in one
 * pass with a bit per value seen and no data-dependent branch (genotypes in random order would mispredict every
 * other comparison); null for any other column. The same thresholds as numericThresholds gives.
 */
function smallIntThresholds(X: Float32Array, off: number, nRows: number): Float64Array | null {
  const seen = smallIntsSeen(X, off, nRows);
  if (seen < 0) return null;
  const cuts: number[] = [];
  let prev = -1;
  for (let k = 0; k < 4; k++) {
    if ((seen & (1 << k)) === 0) continue;
    if (prev >= 0) cuts.push(midpoint(prev, k));
    prev = k;
  }
  return Float64Array.from(cuts);
}

/**
 * Bit k set when the integer k (0..3) is among the column's values; -1 when another value is. The loop alone in
 * its function: V8 optimises it during the first column (on-stack replacement), and code after it that had not
 * run yet then deoptimised that code at the end of column after column.
 */
function smallIntsSeen(X: Float32Array, off: number, nRows: number): number {
  let seen = 0;
  for (let i = off; i < off + nRows; i++) {
    const v = X[i];
    if (v !== v) continue;
    const k = v | 0;
    if (k !== v || k >>> 2 !== 0) return -1;
    seen |= 1 << k;
  }
  return seen;
}

/** Few distinct values are found by linear search; more fall back to a radix sort. */
const FEW_DISTINCT = 16;

/** Midpoint thresholds between quantile bins of the (non-missing) values; reorders `values`. */
function numericThresholds(values: Float32Array, maxBins: number): Float64Array {
  const m = values.length;
  if (m === 0) return new Float64Array(0);
  // Fastest path for genotype doses and other small whole numbers: mark each value seen, no branch per value.
  const small = smallWholeNumbers(values);
  if (small && small.length <= maxBins) {
    const cuts = new Float64Array(small.length - 1);
    for (let j = 0; j + 1 < small.length; j++) cuts[j] = midpoint(small[j], small[j + 1]);
    return cuts;
  }
  // Fast path for other columns of few values: no sort of all values needed.
  const few: number[] = [];
  for (let i = 0; i < m && few.length <= FEW_DISTINCT; i++) {
    const v = values[i];
    let seen = false;
    for (let j = 0; j < few.length; j++) {
      if (few[j] === v) {
        seen = true;
        break;
      }
    }
    if (!seen) few.push(v);
  }
  if (few.length <= FEW_DISTINCT && few.length <= maxBins) {
    few.sort((a, b) => a - b);
    const cuts = new Float64Array(few.length - 1);
    for (let j = 0; j + 1 < few.length; j++) cuts[j] = midpoint(few[j], few[j + 1]);
    return cuts;
  }
  radixSortFloat32(values);
  // Distinct values and the number of values before each.
  const distinct: number[] = [];
  const before: number[] = [];
  for (let i = 0; i < m; i++) {
    if (i === 0 || values[i] !== values[i - 1]) {
      distinct.push(values[i]);
      before.push(i);
    }
  }
  const d = distinct.length;
  const cuts: number[] = [];
  if (d <= maxBins) {
    for (let j = 0; j + 1 < d; j++) cuts.push(midpoint(distinct[j], distinct[j + 1]));
  } else {
    // Bin of distinct value j = floor(rank * maxBins / m): equal-frequency bins, never more than maxBins.
    let prev = 0;
    for (let j = 1; j < d; j++) {
      const b = Math.floor((before[j] * maxBins) / m);
      if (b !== prev) {
        cuts.push(midpoint(distinct[j - 1], distinct[j]));
        prev = b;
      }
    }
  }
  return Float64Array.from(cuts);
}

const seenWhole = new Uint8Array(256);

/** The distinct values, ascending, when every value is a whole number 0..255; otherwise null. */
function smallWholeNumbers(values: Float32Array): number[] | null {
  const seen = seenWhole;
  seen.fill(0);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const k = v & 255;
    if (k !== v) return null;
    seen[k] = 1;
  }
  const distinct: number[] = [];
  for (let k = 0; k < 256; k++) if (seen[k]) distinct.push(k);
  return distinct;
}

/** Columns shorter than this are sorted by TypedArray#sort (radixSortFloat32). */
const SHORT_SORT = 512;

/**
 * Ascending LSD radix sort of non-NaN float32 values (several times faster than TypedArray#sort here). A short
 * column takes the built-in sort (the same order, −0 before +0): V8's compiling this loop for a small cohort cost
 * more than sorting it.
 */
export function radixSortFloat32(values: Float32Array): void {
  const n = values.length;
  if (n < SHORT_SORT) {
    values.sort();
    return;
  }
  const keys = new Uint32Array(values.buffer, values.byteOffset, n);
  // Order-preserving map of IEEE bits to unsigned integers.
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    keys[i] = k & 0x80000000 ? ~k >>> 0 : (k | 0x80000000) >>> 0;
  }
  let src: Uint32Array = keys;
  let dst: Uint32Array = new Uint32Array(n);
  const count = new Int32Array(256);
  for (let shift = 0; shift < 32; shift += 8) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(src[i] >>> shift) & 255]++;
    let sum = 0;
    for (let b = 0; b < 256; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const k = src[i];
      dst[count[(k >>> shift) & 255]++] = k;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  // After 4 passes the sorted keys are back in `keys`.
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    keys[i] = k & 0x80000000 ? (k & 0x7fffffff) >>> 0 : ~k >>> 0;
  }
}

/** A threshold strictly between a < b that both float32 inputs fall on the right side of. */
function midpoint(a: number, b: number): number {
  const t = a + (b - a) / 2;
  return t >= a && t < b ? t : a;
}
