/**
 * Ancestry components: principal components of the standardised genotypes, as PLINK 1.9's --pca defines them.
 * Each variant's dose g (copies of the counted allele) becomes x = (g − 2p) / sqrt(2p(1 − p)), p the counted
 * allele's frequency among the called samples, a missing call x = 0 (the mean); the components are the top
 * eigenvectors of the relationship matrix A = X Xᵀ / m (n samples × m variants), the eigenvalues A's.
 *
 * How: A is never formed. A block Lanczos iteration with full reorthogonalisation (a block Krylov method, as
 * Musco & Musco 2015; FastPCA and `plink2 --pca approx` use the same family) needs only products X Xᵀ Q for an
 * n × L block Q, each one sweep over the dose columns with no float copy of the genotypes: a variant's
 * standardised values take 3 distinct numbers (and 0 for no call), so its part of Xᵀ Q and of X Xᵀ Q is a sum of
 * rows weighted by dose plus one shared term, and those sums are taken by table look-up, sixteen genotypes per
 * update of the sums (see sweepPart). A sweep costs about n·m·L/2 additions where forming A costs n²·m/2
 * multiply-adds, and the memory held is the blocks and their products (2 × 15 blocks of n × L, 24 MB at 5,000
 * samples), never n × n. The iteration stops when the top eigenvalues settle (or every residual is small, or after
 * 15 blocks), or when those above the noise edge settled and the rest reached the bulk of noise eigenvalues
 * (PcaOptions.noiseMargin): on genotypes with little structure the bulk's nearly equal eigenvalues settle slowest
 * and mean least.
 * The Rayleigh–Ritz step on the span of all blocks gives the components; exact once the span holds all n samples.
 *
 * Cohort scores are computed as the projection of each sample's own genotypes (X W, W the variant weights), so
 * projecting a new patient whose genotypes equal a cohort sample's gives exactly that sample's scores.
 */
import { Rng } from '../forest/rng';
import { codeAt, countColumnCodes, doseCodes, type DoseColumn } from '../data/cells';
import { MISSING_CODE, type CodedColumn, type GenotypeCoding, type RawTable } from '../data/types';
import { symmetricEigen } from './symmetricEigen';
import {
  SWEEP_BLOCK,
  combinePcaParts,
  pcaSweepParts,
  sweepPart,
  type MissingRows,
  type PackedVariants,
  type PcaPartProduct,
  type PcaSweepData,
} from './pcaSweep';

export { combinePcaParts, pcaSweepParts, sweepPart, type PcaPartProduct, type PcaSweepData };

/**
 * Genotype dose columns: column j's code of sample i = copies of the counted allele (0, 1, 2), MISSING_CODE if no
 * call; a column is 1-byte codes or a table's coded column (a .bed's packed doses are read a few columns at a time).
 */
export interface DoseColumns {
  nSamples: number;
  columns: readonly DoseColumn[];
}

/** Settings of computePca. */
export interface PcaOptions {
  /** Components wanted (default 10). */
  components?: number;
  /** Seed of the random start block (default 1): the same seed gives the same components. */
  seed?: number;
  /** Columns of each Krylov block (default components + 10). */
  blockSize?: number;
  /** Most blocks before stopping unconverged (default 15). */
  maxBlocks?: number;
  /** include[j] false leaves column j out (a variant on a sex chromosome, say); default every column. */
  include?: ArrayLike<boolean>;
  /** Converged when every component's residual ‖A u − λ u‖ is below this times the top eigenvalue (default 1e-6). */
  tolerance?: number;
  /**
   * Also converged when no top eigenvalue moved by more than this share of itself since the previous block (default
   * 1e-5), as `plink2 --pca approx` stops: eigenvalues settle long before the residual of a vector does.
   */
  eigenTolerance?: number;
  /**
   * Also stops when the components above the noise edge (see PcaResult.noiseEdge) have settled and the Ritz value
   * of the first one below it has come within this share of the edge (default 0.01): the rest lie in the bulk of
   * eigenvalues that unstructured genotypes give, nearly equal ones whose vectors no two methods order alike, so more
   * sweeps would not make them ancestry. Off when eigenTolerance is 0.
   */
  noiseMargin?: number;
}

/** What projecting a sample needs: the variants used, their standardisation and the weights of each component. */
export interface PcaModel {
  components: number;
  /** Index in the input columns of each variant used, in order. */
  columnIndex: Int32Array;
  /** 2p of each variant used (the mean dose in the cohort). */
  twoP: Float64Array;
  /** 1 / sqrt(2p(1 − p)) of each variant used. */
  scale: Float64Array;
  /** weights[j * components + k]: the score of component k is Σ_j x_j · weights[j, k]. */
  weights: Float64Array;
}

/** Principal components of a cohort's genotypes. */
export interface PcaResult {
  nSamples: number;
  components: number;
  /** scores[i * components + k]: sample i's value on component k (unit-length eigenvectors, as PLINK's .eigenvec). */
  scores: Float64Array;
  /** Eigenvalues of A = X Xᵀ / m, largest first (PLINK's .eigenval). */
  eigenvalues: number[];
  /** Each eigenvalue over trace(A): the share of the standardised genotype variance the component carries. */
  varianceExplained: number[];
  variantsUsed: number;
  /** Variants left out: one allele only, or no call at all (no variance to standardise by). */
  variantsSkipped: number;
  /** Variants left out by options.include (sex chromosomes and mitochondria, for pcaOfTable). */
  variantsExcluded: number;
  /**
   * Every component's residual reached the tolerance or the top eigenvalues stopped moving (always true when the
   * Krylov span reached all samples).
   */
  converged: boolean;
  /** Largest ‖A u − λ u‖ / λ₁ over the components. */
  maxResidual: number;
  /** Products X Xᵀ Q computed (sweeps over the genotypes), the final projection sweep included. */
  sweeps: number;
  /**
   * Why the iteration stopped: 'converged' (see converged), 'noise' (components 1…aboveNoise settled, the rest in
   * the noise bulk: see PcaOptions.noiseMargin) or 'blocks' (maxBlocks reached first).
   */
  stop: 'converged' | 'noise' | 'blocks';
  /**
   * Upper edge of the eigenvalues of A for genotypes with no structure at all, σ²(1 + √(n/m))² (Marchenko–Pastur),
   * σ² = trace(A)/n the mean variance of a standardised genotype; linkage between variants raises the real bulk.
   */
  noiseEdge: number;
  /** Components whose eigenvalue is above noiseEdge. */
  aboveNoise: number;
  model: PcaModel;
}

/** Which columns vary, their 2p and scale, the samples each misses, and trace(A) · m. */
interface Standardisation {
  columnIndex: Int32Array;
  twoP: Float64Array;
  scale: Float64Array;
  /** The samples variant j misses are missingRows[missingStart[j] … missingStart[j + 1]). */
  missingStart: Int32Array;
  missingRows: MissingRows;
  sumSquares: number;
}

/** Per-variant standardisation (see Standardisation); the missing list placed by `allocate`. */
function standardisation(
  doses: DoseColumns,
  include?: ArrayLike<boolean>,
  allocate: ByteAllocator = (length) => new Uint8Array(length),
): Standardisation {
  const n = doses.nSamples;
  const used: number[] = [];
  const twoPs: number[] = [];
  const scales: number[] = [];
  const starts: number[] = [0];
  let missingTotal = 0;
  let sumSquares = 0;
  const byValue = new Int32Array(256);
  const scratch = new Uint8Array(n);
  doses.columns.forEach((column, j) => {
    if (include && !include[j]) return;
    const packed = packedCodes(column, n);
    let counts: Int32Array = byValue;
    if (packed) counts = countColumnCodes({ packed }, n);
    else {
      const col = doseCodes(column, n, scratch);
      if (col.length !== n)
        throw new Error(`Variant ${j + 1} has ${col.length} calls for ${n} samples.`);
      // Counted by value (no branch per genotype), then anything but 0, 1, 2 and no call refused.
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[col[i]]++;
      if (counts[0] + counts[1] + counts[2] + counts[MISSING_CODE] !== n) {
        const g = col.find((v) => v > 2 && v !== MISSING_CODE);
        throw new Error(`Variant ${j + 1} holds a dose of ${g}; genotype doses are 0, 1 or 2.`);
      }
    }
    const n1 = counts[1];
    const n2 = counts[2];
    const nm = counts[MISSING_CODE];
    const called = n - nm;
    if (called === 0) return;
    const p = (n1 + 2 * n2) / (2 * called);
    if (p <= 0 || p >= 1) return;
    const s = 1 / Math.sqrt(2 * p * (1 - p));
    const n0 = called - n1 - n2;
    const v0 = -2 * p * s;
    const v1 = (1 - 2 * p) * s;
    const v2 = (2 - 2 * p) * s;
    sumSquares += n0 * v0 * v0 + n1 * v1 * v1 + n2 * v2 * v2;
    used.push(j);
    twoPs.push(2 * p);
    scales.push(s);
    missingTotal += nm;
    starts.push(missingTotal);
  });
  const missingRows = missingList(missingTotal, n, allocate);
  used.forEach((j, u) => {
    if (starts[u + 1] === starts[u]) return;
    const packed = packedCodes(doses.columns[j], n);
    if (packed) {
      listMissing(packed, missingRows, starts[u]);
      return;
    }
    const col = doseCodes(doses.columns[j], n, scratch);
    for (let i = 0, r = starts[u]; i < n; i++) if (col[i] === MISSING_CODE) missingRows[r++] = i;
  });
  return {
    columnIndex: Int32Array.from(used),
    twoP: Float64Array.from(twoPs),
    scale: Float64Array.from(scales),
    missingStart: Int32Array.from(starts),
    missingRows,
    sumSquares,
  };
}

/** A column's 2-bit codes (CodedColumn.packed) when it is held so and has n rows' worth; else null. */
function packedCodes(column: DoseColumn, n: number): Uint8Array | null {
  if (column instanceof Uint8Array || column.values || !column.packed) return null;
  if (column.packed.length !== (n + 3) >>> 2)
    throw new Error(`A variant holds ${column.packed.length} bytes of calls for ${n} samples.`);
  return column.packed;
}

/**
 * Writes the rows whose 2-bit code is 3 (missing) into rows from `at`, in order: a byte is looked into only when
 * one of its four codes is, as most bytes of a called array hold none (bits past the last row are 0, never 3).
 */
function listMissing(packed: Uint8Array, rows: MissingRows, at: number): void {
  for (let k = 0; k < packed.length; k++) {
    const b = packed[k];
    const both = b & (b >>> 1) & 0x55;
    if (both === 0) continue;
    for (let t = 0; t < 4; t++) if ((both >>> (2 * t)) & 1) rows[at++] = 4 * k + t;
  }
}

/** Makes the byte arrays of the packed codes (a SharedArrayBuffer-backed one to share them with workers). */
export type ByteAllocator = (length: number) => Uint8Array;

/**
 * Room for `count` sample indices below n, in the allocator's memory (shared for workers, so it is not copied
 * again): two bytes an index when they fit, as a 2 % missing rate at 5,000 × 300,000 is 30 million of them.
 */
function missingList(count: number, n: number, allocate: ByteAllocator): MissingRows {
  const narrow = n <= 65536;
  const bytes = allocate(count * (narrow ? 2 : 4));
  // A view needs its element alignment; an allocator handing out offset bytes gets a plain array instead.
  if (bytes.byteOffset % 4 !== 0 || bytes.byteLength < count * (narrow ? 2 : 4))
    return narrow ? new Uint16Array(count) : new Int32Array(count);
  return narrow
    ? new Uint16Array(bytes.buffer, bytes.byteOffset, count)
    : new Int32Array(bytes.buffer, bytes.byteOffset, count);
}

/** Packs the used variants as bit planes both ways, block by block (see PcaSweepData). */
function packSweepData(
  doses: DoseColumns,
  std: Standardisation,
  allocate: ByteAllocator = (length) => new Uint8Array(length),
): PcaSweepData {
  const n = doses.nSamples;
  const m = std.columnIndex.length;
  const groups = (n + 7) >> 3;
  const variantGroups = SWEEP_BLOCK >> 3;
  const bySample: Uint8Array[] = [];
  const byVariant: Uint8Array[] = [];
  const packed = sharedPackedVariants(doses, std.columnIndex);
  for (let from = 0; from < m; from += SWEEP_BLOCK) {
    // Group counts rounded up to even, the spare all zero: sweeps take groups two at a time.
    const s = packed ? null : allocate((groups + (groups & 1)) * SWEEP_BLOCK * 2);
    const v = allocate(variantGroups * n * 2);
    packBlock(doses, std, from, Math.min(SWEEP_BLOCK, m - from), s, v);
    if (s) bySample.push(s);
    byVariant.push(v);
  }
  return {
    ...(packed ? { packed } : {}),
    nSamples: n,
    variants: m,
    twoP: std.twoP,
    scale: std.scale,
    missingStart: std.missingStart,
    missingRows: std.missingRows,
    bySample,
    byVariant,
  };
}

/**
 * The used columns' own 2-bit codes when every one is held packed in one SharedArrayBuffer (a .bed read where
 * memory can be shared), for the sweeps to read in place; else null and they are copied as bit planes. Shared
 * memory only, so whether a sweep runs here or on workers it reads the same codes the same way.
 */
function sharedPackedVariants(doses: DoseColumns, columnIndex: Int32Array): PackedVariants | null {
  if (typeof SharedArrayBuffer !== 'function') return null;
  const perVariant = (doses.nSamples + 3) >>> 2;
  const at = new Float64Array(columnIndex.length);
  let buffer: ArrayBufferLike | null = null;
  for (let j = 0; j < columnIndex.length; j++) {
    const column = doses.columns[columnIndex[j]];
    const packed = column instanceof Uint8Array ? undefined : column.packed;
    if (!packed || packed.length !== perVariant) return null;
    buffer ??= packed.buffer;
    if (packed.buffer !== buffer || !(buffer instanceof SharedArrayBuffer)) return null;
    at[j] = packed.byteOffset;
  }
  return buffer ? { bytes: new Uint8Array(buffer), at } : null;
}

/** A whole sweep in this thread, part by part. */
function sweepHere(
  data: PcaSweepData,
  q: Float64Array,
  w: number,
  withG: boolean,
): { p: Float64Array; g: Float64Array | null } {
  const parts: PcaPartProduct[] = [];
  for (let c = 0; c < pcaSweepParts(data); c++) parts.push(sweepPart(data, q, w, c, withG));
  return combinePcaParts(data, w, parts);
}

/** Packs the variants [from, from + size) of one block as bit planes both ways (see PcaSweepData). */
function packBlock(
  doses: DoseColumns,
  std: Pick<Standardisation, 'columnIndex'>,
  from: number,
  size: number,
  bySample: Uint8Array | null,
  byVariant: Uint8Array,
): void {
  const n = doses.nSamples;
  const block = SWEEP_BLOCK;
  const codes: Uint8Array[] = [];
  for (let b = 0; b < size; b++) {
    const packed = packedCodes(doses.columns[std.columnIndex[from + b]], n);
    if (!packed) break;
    codes.push(packed);
  }
  if (codes.length === size) {
    packBlockFromCodes(codes, n, bySample, byVariant);
    return;
  }
  // Tiles of 64 variants (a multiple of 8: the byVariant groups stay whole) read as 1-byte codes, so packed columns
  // take 64 bytes a sample at a time: each group of eight samples writes one run of bySample while reading 64
  // columns in step, where a variant at a time would write to a different line every eight samples.
  const tile = 64;
  const none = new Uint8Array(n);
  const scratch: Uint8Array[] = [];
  for (let b0 = 0; b0 < size; b0 += tile) {
    const b1 = Math.min(size, b0 + tile);
    const cols: Uint8Array[] = [];
    for (let b = b0; b < b1; b++) {
      scratch[b - b0] ??= new Uint8Array(n);
      cols.push(doseCodes(doses.columns[std.columnIndex[from + b]], n, scratch[b - b0]));
    }
    for (let i0 = 0; bySample && i0 < n; i0 += 8) {
      const i1 = Math.min(n, i0 + 8);
      const at = (i0 >> 3) * block * 2;
      for (let b = b0; b < b1; b++) {
        const col = cols[b - b0];
        let bits = 0;
        if (i1 - i0 === 8) {
          bits =
            PLANES[col[i0]] |
            (PLANES[col[i0 + 1]] << 1) |
            (PLANES[col[i0 + 2]] << 2) |
            (PLANES[col[i0 + 3]] << 3) |
            (PLANES[col[i0 + 4]] << 4) |
            (PLANES[col[i0 + 5]] << 5) |
            (PLANES[col[i0 + 6]] << 6) |
            (PLANES[col[i0 + 7]] << 7);
        } else {
          for (let i = i0; i < i1; i++) bits |= PLANES[col[i]] << (i - i0);
        }
        bySample[at + 2 * b] = bits & 255;
        bySample[at + 2 * b + 1] = bits >> 8;
      }
    }
    for (let vg = b0; vg < b1; vg += 8) {
      const row = (vg >> 3) * n * 2;
      // Past the block's end a variant reads as all zero (none: every code 0).
      const c = Array.from({ length: 8 }, (_, t) => (vg + t < b1 ? cols[vg + t - b0] : none));
      const [c0, c1, c2, c3, c4, c5, c6, c7] = c;
      for (let i = 0; i < n; i++) {
        const bits =
          PLANES[c0[i]] |
          (PLANES[c1[i]] << 1) |
          (PLANES[c2[i]] << 2) |
          (PLANES[c3[i]] << 3) |
          (PLANES[c4[i]] << 4) |
          (PLANES[c5[i]] << 5) |
          (PLANES[c6[i]] << 6) |
          (PLANES[c7[i]] << 7);
        byVariant[row + 2 * i] = bits & 255;
        byVariant[row + 2 * i + 1] = bits >> 8;
      }
    }
  }
}

/**
 * packBlock for variants held as 2-bit codes, read byte by byte without unpacking them: a byte of codes gives four
 * samples' plane bits through a table, eight variants' bytes at once make four samples' by-variant bytes (one word
 * each for two samples), and two bytes of one variant make eight samples' by-sample bytes.
 */
function packBlockFromCodes(
  codes: Uint8Array[],
  n: number,
  bySample: Uint8Array | null,
  byVariant: Uint8Array,
): void {
  const size = codes.length;
  const perVariant = (n + 3) >>> 2;
  const block = SWEEP_BLOCK;
  const none = new Uint8Array(perVariant);
  for (let vg = 0; vg < size; vg += 8) {
    const row = (vg >> 3) * n * 2;
    // Past the block's end a variant reads as all zero (none: every code 0).
    const [c0, c1, c2, c3, c4, c5, c6, c7] = Array.from({ length: 8 }, (_, t) =>
      vg + t < size ? codes[vg + t] : none,
    );
    for (let k = 0; k < perVariant; k++) {
      const a0 = c0[k];
      const a1 = c1[k];
      const a2 = c2[k];
      const a3 = c3[k];
      const a4 = c4[k];
      const a5 = c5[k];
      const a6 = c6[k];
      const a7 = c7[k];
      const low =
        PAIR_LOW[a0] |
        (PAIR_LOW[a1] << 1) |
        (PAIR_LOW[a2] << 2) |
        (PAIR_LOW[a3] << 3) |
        (PAIR_LOW[a4] << 4) |
        (PAIR_LOW[a5] << 5) |
        (PAIR_LOW[a6] << 6) |
        (PAIR_LOW[a7] << 7);
      const high =
        PAIR_HIGH[a0] |
        (PAIR_HIGH[a1] << 1) |
        (PAIR_HIGH[a2] << 2) |
        (PAIR_HIGH[a3] << 3) |
        (PAIR_HIGH[a4] << 4) |
        (PAIR_HIGH[a5] << 5) |
        (PAIR_HIGH[a6] << 6) |
        (PAIR_HIGH[a7] << 7);
      // Sample 4k + t's two plane bytes are at row + 2(4k + t): the low word's bytes for t = 0, 1, the high's for 2, 3.
      const at = row + 8 * k;
      const inByte = Math.min(4, n - 4 * k);
      byVariant[at] = low & 255;
      byVariant[at + 1] = (low >>> 8) & 255;
      if (inByte > 1) {
        byVariant[at + 2] = (low >>> 16) & 255;
        byVariant[at + 3] = low >>> 24;
      }
      if (inByte > 2) {
        byVariant[at + 4] = high & 255;
        byVariant[at + 5] = (high >>> 8) & 255;
      }
      if (inByte > 3) {
        byVariant[at + 6] = (high >>> 16) & 255;
        byVariant[at + 7] = high >>> 24;
      }
    }
  }
  if (!bySample) return;
  for (let b = 0; b < size; b++) {
    const c = codes[b];
    for (let k = 0; k < perVariant; k += 2) {
      // Bits past the last sample are code 0 and the byte past the last is absent: both give zero plane bits.
      const bits = NIBBLE_PLANES[c[k]] | (k + 1 < perVariant ? NIBBLE_PLANES[c[k + 1]] << 4 : 0);
      const at = (k >> 1) * block * 2 + 2 * b;
      bySample[at] = bits & 255;
      bySample[at + 1] = bits >>> 8;
    }
  }
}

/** Plane bits of a 2-bit code (see PLANES): bit 0 dose ≥ 1 (codes 1, 2), bit 8 dose = 2; code 3, missing, neither. */
const CODE_PLANES = [0, 1, 0x101, 0];

/**
 * For a byte of four codes, the plane bits of its first two samples (PAIR_LOW) and its last two (PAIR_HIGH), sample
 * t's at bit 16(t & 1), so eight variants' words shifted by their place in the group, or-ed, are by-variant bytes.
 */
const PAIR_LOW = Int32Array.from(
  { length: 256 },
  (_, b) => CODE_PLANES[b & 3] | (CODE_PLANES[(b >> 2) & 3] << 16),
);
const PAIR_HIGH = Int32Array.from(
  { length: 256 },
  (_, b) => CODE_PLANES[(b >> 4) & 3] | (CODE_PLANES[(b >> 6) & 3] << 16),
);

/** For a byte of four codes, sample t's plane bits at bit t (dose ≥ 1) and bit 8 + t (dose = 2). */
const NIBBLE_PLANES = Uint16Array.from({ length: 256 }, (_, b) => {
  let bits = 0;
  for (let t = 0; t < 4; t++) bits |= CODE_PLANES[(b >> (2 * t)) & 3] << t;
  return bits;
});

/**
 * The two plane bits of each 1-byte dose, a byte apart so one shift places both (bit 0: dose ≥ 1, bit 8: dose = 2);
 * a missing call 0 in both.
 */
const PLANES = Uint16Array.from({ length: 256 }, (_, code) => [0, 1, 0x101][code] ?? 0);

/**
 * Orthonormalises the columns of z (n × w, row-major) against the blocks and among themselves, dropping columns
 * that vanish; returns the new block and its width. Against the blocks: block Gram–Schmidt twice (Z −= Q (Qᵀ Z),
 * each product a pass over the rows, as the blocks are held row by row); among themselves: Gram–Schmidt twice.
 */
function orthonormalise(
  z: Float64Array,
  n: number,
  w: number,
  blocks: { q: Float64Array; w: number }[],
): { q: Float64Array; w: number } {
  const before = new Float64Array(w);
  for (let i = 0; i < n; i++) for (let l = 0; l < w; l++) before[l] += z[i * w + l] * z[i * w + l];
  const zz = z.slice();
  const c = new Float64Array(w * w);
  for (let pass = 0; pass < 2; pass++) {
    for (const b of blocks) {
      const bw = b.w;
      const q = b.q;
      c.fill(0, 0, bw * w);
      for (let i = 0; i < n; i++) {
        for (let a = 0; a < bw; a++) {
          const v = q[i * bw + a];
          for (let l = 0; l < w; l++) c[a * w + l] += v * zz[i * w + l];
        }
      }
      for (let i = 0; i < n; i++) {
        for (let a = 0; a < bw; a++) {
          const v = q[i * bw + a];
          for (let l = 0; l < w; l++) zz[i * w + l] -= v * c[a * w + l];
        }
      }
    }
  }
  const kept: Float64Array[] = [];
  for (let l = 0; l < w; l++) {
    const norm = Math.sqrt(before[l]);
    if (norm === 0) continue;
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = zz[i * w + l];
    for (let pass = 0; pass < 2; pass++) {
      for (const k of kept) {
        let d = 0;
        for (let i = 0; i < n; i++) d += k[i] * col[i];
        for (let i = 0; i < n; i++) col[i] -= d * k[i];
      }
    }
    let after = 0;
    for (let i = 0; i < n; i++) after += col[i] * col[i];
    after = Math.sqrt(after);
    // What is left after removing the span is rounding: this direction is already in the span.
    if (after <= 1e-10 * norm) continue;
    for (let i = 0; i < n; i++) col[i] /= after;
    kept.push(col);
  }
  const out = new Float64Array(n * kept.length);
  kept.forEach((col, l) => {
    for (let i = 0; i < n; i++) out[i * kept.length + l] = col[i];
  });
  return { q: out, w: kept.length };
}

/** A cohort ready for the iteration: its genotypes packed for sweeps, and what was left out. */
export interface PcaInput {
  data: PcaSweepData;
  /** Indices in the input columns of the variants used. */
  columnIndex: Int32Array;
  sumSquares: number;
  variantsSkipped: number;
  variantsExcluded: number;
}

/**
 * Standardises and packs the genotypes for computePca (refused, with the reason, when the components asked for
 * cannot be had); `allocate` places the packed codes (in shared memory, for sweeps on workers).
 */
export function preparePca(
  doses: DoseColumns,
  options: PcaOptions = {},
  allocate?: ByteAllocator,
): PcaInput {
  const n = doses.nSamples;
  const k = options.components ?? 10;
  if (!Number.isInteger(k) || k < 1)
    throw new Error(`Components must be a whole number ≥ 1, got ${k}.`);
  const std = standardisation(doses, options.include, allocate);
  const m = std.columnIndex.length;
  let left = 0;
  if (options.include)
    for (let j = 0; j < doses.columns.length; j++) if (!options.include[j]) left++;
  const skipped = doses.columns.length - m - left;
  if (m === 0) {
    throw new Error(
      `No variant varies in this cohort (${skipped} variants, each with one allele only or no call${left > 0 ? `, and ${left} on X, Y or MT left out` : ''}): there is nothing to compute components from.`,
    );
  }
  // Standardised columns sum to zero over samples, so at most n − 1 components carry variance.
  const most = Math.min(n - 1, m);
  if (k > most) {
    throw new Error(
      `${k} components asked for, but ${n} samples and ${m} varying variants give at most ${most}.`,
    );
  }
  const width = Math.min(n, options.blockSize ?? k + 10);
  if (width < k)
    throw new Error(`The block size (${width}) must be at least the components (${k}).`);
  return {
    data: packSweepData(doses, std, allocate),
    columnIndex: std.columnIndex,
    sumSquares: std.sumSquares,
    variantsSkipped: skipped,
    variantsExcluded: left,
  };
}

/** One sweep the iteration asks for: X Xᵀ Q (and Xᵀ Q when withG) for the n × w block q. */
export interface PcaSweepAsk {
  q: Float64Array;
  w: number;
  withG: boolean;
}

/** A whole sweep's products (see combinePcaParts). */
export interface PcaSweepAnswer {
  p: Float64Array;
  g: Float64Array | null;
}

/** The top `components` principal components of standardised genotype doses (see the file's comment). */
export function computePca(doses: DoseColumns, options: PcaOptions = {}): PcaResult {
  const input = preparePca(doses, options);
  const steps = iterate(input, options);
  let step = steps.next();
  while (!step.done)
    step = steps.next(sweepHere(input.data, step.value.q, step.value.w, step.value.withG));
  return step.value;
}

/**
 * computePca with each sweep done by `sweep` (its parts spread over workers, say); the same components to the bit
 * as computePca's, since the parts are summed in a fixed order.
 */
export async function computePcaWith(
  input: PcaInput,
  options: PcaOptions,
  sweep: (ask: PcaSweepAsk) => Promise<PcaSweepAnswer>,
): Promise<PcaResult> {
  const steps = iterate(input, options);
  let step = steps.next();
  while (!step.done) step = steps.next(await sweep(step.value));
  return step.value;
}

/** The block Krylov iteration, asking for each sweep it needs (yield) and given its products back. */
function* iterate(
  input: PcaInput,
  options: PcaOptions,
): Generator<PcaSweepAsk, PcaResult, PcaSweepAnswer> {
  const n = input.data.nSamples;
  const m = input.data.variants;
  const k = options.components ?? 10;
  const width = Math.min(n, options.blockSize ?? k + 10);
  const maxBlocks = options.maxBlocks ?? 15;
  const tolerance = options.tolerance ?? 1e-6;
  const eigenTolerance = options.eigenTolerance ?? 1e-5;
  const noiseMargin = options.noiseMargin ?? 0.01;
  const noiseEdge = (input.sumSquares / m / n) * (1 + Math.sqrt(n / m)) ** 2;
  let previous: Float64Array | null = null;
  const rng = new Rng(options.seed ?? 1);
  const start = new Float64Array(n * width);
  for (let i = 0; i < start.length; i++) start[i] = 2 * rng.nextFloat() - 1;

  const blocks: { q: Float64Array; w: number }[] = [];
  const products: Float64Array[] = [];
  let next = orthonormalise(start, n, width, blocks);
  // t holds Qᵀ A Q over the span so far (size × size, row-major, rebuilt as the span grows).
  let size = 0;
  let t = new Float64Array(0);
  let ritz: { values: Float64Array; vectors: Float64Array } = {
    values: new Float64Array(0),
    vectors: new Float64Array(0),
  };
  let converged = false;
  let stop: PcaResult['stop'] = 'blocks';
  let maxResidual = Infinity;
  let sweeps = 0;
  while (next.w > 0) {
    const prod = (yield { q: next.q, w: next.w, withG: false }).p;
    sweeps++;
    for (let i = 0; i < prod.length; i++) prod[i] /= m;
    blocks.push(next);
    products.push(prod);
    const grown = size + next.w;
    const tNew = new Float64Array(grown * grown);
    for (let a = 0; a < size; a++) tNew.set(t.subarray(a * size, (a + 1) * size), a * grown);
    // New column block: Q_aᵀ P_new for every block a; symmetric, so mirrored into the new rows.
    // Summed over the rows in order, row by row (the blocks are held so), each entry as a dot product would.
    let offset = 0;
    const nw = next.w;
    const d = new Float64Array(width * nw);
    for (const b of blocks) {
      const bw = b.w;
      d.fill(0);
      for (let i = 0; i < n; i++) {
        for (let la = 0; la < bw; la++) {
          const v = b.q[i * bw + la];
          for (let lb = 0; lb < nw; lb++) d[la * nw + lb] += v * prod[i * nw + lb];
        }
      }
      for (let la = 0; la < bw; la++) {
        for (let lb = 0; lb < nw; lb++) {
          tNew[(offset + la) * grown + size + lb] = d[la * nw + lb];
          tNew[(size + lb) * grown + offset + la] = d[la * nw + lb];
        }
      }
      offset += bw;
    }
    // The new diagonal block is computed twice above (as a and as b): make it exactly symmetric.
    for (let x = size; x < grown; x++) {
      for (let y = x + 1; y < grown; y++) {
        const avg = (tNew[x * grown + y] + tNew[y * grown + x]) / 2;
        tNew[x * grown + y] = tNew[y * grown + x] = avg;
      }
    }
    t = tNew;
    size = grown;
    if (size >= k) {
      ritz = symmetricEigen(t, size);
      maxResidual = ritzResiduals(blocks, products, ritz.vectors, ritz.values, size, n, k);
      const values = ritz.values;
      const moved = (c: number) =>
        previous === null || Math.abs(values[c] - previous[c]) > eigenTolerance * values[c];
      let above = 0;
      while (above < k && values[above] > noiseEdge) above++;
      let settledAbove = previous !== null;
      for (let c = 0; c < above && settledAbove; c++) settledAbove = !moved(c);
      const settled =
        settledAbove && Array.from({ length: k - above }).every((_, c) => !moved(above + c));
      if (maxResidual <= tolerance || size >= n || settled) {
        converged = true;
        stop = 'converged';
        break;
      }
      // Every component above the edge settled, and the bulk's top resolved to within the margin: the rest is noise.
      if (
        eigenTolerance > 0 &&
        settledAbove &&
        above < k &&
        values[above] >= (1 - noiseMargin) * noiseEdge
      ) {
        stop = 'noise';
        break;
      }
      previous = values.slice(0, k);
    }
    if (blocks.length >= maxBlocks) break;
    next = orthonormalise(prod, n, next.w, blocks);
  }
  if (size < k) {
    throw new Error(
      `Only ${size} independent directions were found in these genotypes; ${k} components asked for.`,
    );
  }
  // An empty next block means the span is invariant under A: the Ritz pairs are exact.
  if (next.w === 0) {
    converged = true;
    stop = 'converged';
  }
  const lambda1 = ritz.values[0];
  for (let c = 0; c < k; c++) {
    if (!(ritz.values[c] > 1e-12 * lambda1)) {
      throw new Error(
        `Only ${c} components carry variance in these genotypes (samples repeat or variants are copies); ${k} asked for.`,
      );
    }
  }

  // U = [Q_0 … Q_b] Y, the top k Ritz vectors (n × k).
  const u = new Float64Array(n * k);
  let offset = 0;
  for (const b of blocks) {
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        let v = 0;
        for (let l = 0; l < b.w; l++) v += b.q[i * b.w + l] * ritz.vectors[(offset + l) * size + c];
        u[i * k + c] += v;
      }
    }
    offset += b.w;
  }
  const eigenvalues = Array.from(ritz.values.subarray(0, k));
  // Weights W = Xᵀ U / (m λ): then X W = A U / λ = U for an exact eigenvector, and the scores are X W by definition.
  const last = yield { q: u, w: k, withG: true };
  const xw = last.p;
  const g = last.g as Float64Array;
  sweeps++;
  const weights = new Float64Array(m * k);
  for (let j = 0; j < m; j++)
    for (let c = 0; c < k; c++) weights[j * k + c] = g[j * k + c] / (m * eigenvalues[c]);
  const scores = new Float64Array(n * k);
  for (let i = 0; i < n; i++)
    for (let c = 0; c < k; c++) scores[i * k + c] = xw[i * k + c] / (m * eigenvalues[c]);
  // The sign of an eigenvector is arbitrary: fixed so the sample farthest out on a component is positive.
  for (let c = 0; c < k; c++) {
    let far = 0;
    for (let i = 0; i < n; i++)
      if (Math.abs(scores[i * k + c]) > Math.abs(far)) far = scores[i * k + c];
    if (far < 0) {
      for (let i = 0; i < n; i++) scores[i * k + c] = -scores[i * k + c];
      for (let j = 0; j < m; j++) weights[j * k + c] = -weights[j * k + c];
    }
  }
  const trace = input.sumSquares / m;
  return {
    nSamples: n,
    components: k,
    scores,
    eigenvalues,
    varianceExplained: eigenvalues.map((l) => l / trace),
    variantsUsed: m,
    variantsSkipped: input.variantsSkipped,
    variantsExcluded: input.variantsExcluded,
    converged,
    maxResidual,
    sweeps,
    stop,
    noiseEdge,
    aboveNoise: eigenvalues.filter((l) => l > noiseEdge).length,
    model: {
      components: k,
      columnIndex: input.columnIndex,
      twoP: input.data.twoP,
      scale: input.data.scale,
      weights,
    },
  };
}

/** max over the top k Ritz pairs of ‖A u − θ u‖ / θ₁, from the blocks Q and their products A Q. */
function ritzResiduals(
  blocks: { q: Float64Array; w: number }[],
  products: Float64Array[],
  vectors: Float64Array,
  values: Float64Array,
  size: number,
  n: number,
  k: number,
): number {
  // r[i · k + c]: row i of A u_c − θ_c u_c, added to in the same order for each (i, c) as one column at a time
  // would (block by block, column by column), but each block read row by row as it is held.
  const r = new Float64Array(n * k);
  let offset = 0;
  blocks.forEach((b, bi) => {
    const prod = products[bi];
    const bw = b.w;
    for (let i = 0; i < n; i++) {
      for (let l = 0; l < bw; l++) {
        const pv = prod[i * bw + l];
        const qv = b.q[i * bw + l];
        for (let c = 0; c < k; c++) {
          const y = vectors[(offset + l) * size + c];
          if (y !== 0) r[i * k + c] += y * (pv - values[c] * qv);
        }
      }
    }
    offset += bw;
  });
  let worst = 0;
  for (let c = 0; c < k; c++) {
    let norm = 0;
    for (let i = 0; i < n; i++) norm += r[i * k + c] * r[i * k + c];
    worst = Math.max(worst, Math.sqrt(norm) / Math.abs(values[0]));
  }
  return worst;
}

/** What a user needs to read when the iteration stopped at the noise bulk (PcaResult.stop 'noise'). */
export function noiseNote(
  result: Pick<PcaResult, 'components' | 'aboveNoise' | 'noiseEdge'>,
): string {
  const first = result.aboveNoise + 1;
  const which =
    first === result.components ? `Component ${first}` : `Components ${first}–${result.components}`;
  return `${which} lie in the noise bulk (eigenvalue below ${result.noiseEdge.toFixed(3)}, the edge that genotypes with no structure reach): not ancestry; nearly equal eigenvalues make their order and sign arbitrary, so no two methods give them alike. ${result.aboveNoise === 0 ? 'None stands above it: the iteration stopped on reaching the bulk.' : 'The iteration stopped once the components above the edge settled.'}`;
}

/** The component scores of one sample from its doses of the model's variants (codes[j] for model variant j). */
export function projectDoses(model: PcaModel, codes: ArrayLike<number>): number[] {
  const k = model.components;
  const m = model.columnIndex.length;
  if (codes.length !== m)
    throw new Error(`The sample has ${codes.length} variants; the components were made from ${m}.`);
  const out = new Array<number>(k).fill(0);
  for (let j = 0; j < m; j++) {
    const g = codes[j];
    if (g === MISSING_CODE || Number.isNaN(g)) continue;
    if (g !== 0 && g !== 1 && g !== 2)
      throw new Error(`Variant ${j + 1} holds a dose of ${g}; doses are 0, 1 or 2.`);
    const x = (g - model.twoP[j]) * model.scale[j];
    for (let c = 0; c < k; c++) out[c] += x * model.weights[j * k + c];
  }
  return out;
}

/** A table's genotype columns: dose columns (bytes or packed) that carry a genotype coding (PLINK .bed/.raw, VCF). */
export function genotypeColumnIndices(table: RawTable): number[] {
  const out: number[] = [];
  table.coded?.forEach((c, i) => {
    if (c && !c.levels && c.genotype) out.push(i);
  });
  return out;
}

/** Components of a table's genotypes, named: the variants used (name and counted allele) with the model. */
export interface TablePca extends PcaResult {
  variants: { name: string; coding: GenotypeCoding }[];
}

/** Whether PLINK 1.9 --pca leaves a chromosome out: X, Y and MT (23, 24, 26); XY (25) and 0 stay in. */
export function pcaLeavesOutChromosome(chromosome: string): boolean {
  const c = chromosome.trim().replace(/^chr/i, '').toUpperCase();
  return ['X', 'Y', 'M', 'MT', '23', '24', '26'].includes(c);
}

/** A table's genotype columns as doses, with what PLINK 1.9 --pca leaves out (checked as pcaOfTable says). */
function tableDoses(
  table: RawTable,
  chromosomes?: readonly string[],
): { doses: DoseColumns; include?: boolean[]; indices: number[] } {
  const indices = genotypeColumnIndices(table);
  if (chromosomes && chromosomes.length !== indices.length) {
    throw new Error(
      `${chromosomes.length} chromosomes given for ${indices.length} genotype columns: they must be one per column.`,
    );
  }
  if (indices.length === 0) {
    throw new Error(
      'This table has no genotype columns: ancestry components need genotypes read from a PLINK .bed or .raw, or a VCF.',
    );
  }
  const coded = table.coded as NonNullable<RawTable['coded']>;
  const columns = indices.map((c) => coded[c] as CodedColumn);
  const include = chromosomes?.map((c) => !pcaLeavesOutChromosome(c));
  return {
    doses: { nSamples: table.rowCount, columns },
    ...(include ? { include } : {}),
    indices,
  };
}

/** The result with the name and counted allele of each variant used. */
function named(table: RawTable, indices: number[], result: PcaResult): TablePca {
  const coded = table.coded as NonNullable<RawTable['coded']>;
  const variants = Array.from(result.model.columnIndex, (j) => {
    const c = indices[j];
    return { name: table.headers[c], coding: coded[c]?.genotype as GenotypeCoding };
  });
  return { ...result, variants };
}

/** Options of pcaOfTable: computePca's, with one chromosome per genotype column instead of `include`. */
export type TablePcaOptions = Omit<PcaOptions, 'include'> & { chromosomes?: readonly string[] };

/**
 * Principal components of the genotype columns of a loaded cohort (refused, with the reason, when it has none).
 * With `chromosomes` (one per genotype column, in table order, e.g. from the .bim) the variants on X, Y and MT are
 * left out, as PLINK 1.9 leaves them out of its relationship matrix.
 */
export function pcaOfTable(table: RawTable, options: TablePcaOptions = {}): TablePca {
  const { chromosomes, ...rest } = options;
  const { doses, include, indices } = tableDoses(table, chromosomes);
  return named(table, indices, computePca(doses, include ? { ...rest, include } : rest));
}

/**
 * pcaOfTable with the genotypes packed by `allocate` (shared memory) and each sweep done by `sweep` (on workers):
 * the same components to the bit.
 */
export async function pcaOfTableWith(
  table: RawTable,
  options: TablePcaOptions,
  allocate: ByteAllocator,
  sweep: (data: PcaSweepData, ask: PcaSweepAsk) => Promise<PcaSweepAnswer>,
): Promise<TablePca> {
  const { chromosomes, ...rest } = options;
  const { doses, include, indices } = tableDoses(table, chromosomes);
  const settings = include ? { ...rest, include } : rest;
  const input = preparePca(doses, settings, allocate);
  const result = await computePcaWith(input, settings, (ask) => sweep(input.data, ask));
  return named(table, indices, result);
}

/** Scores of every row of another table (new patients) on a cohort's components, matched by variant name. */
export interface TableProjection {
  /** scores[r][k]: row r's value on component k. */
  scores: number[][];
  /** Variants of the components the table does not have: every row counts them as the cohort mean. */
  absentVariants: number;
  /** Variants whose counted allele is the table's other allele: doses read as 2 − dose. */
  flippedVariants: number;
}

/**
 * Projects every row of `table` onto the components of `pca`: each variant found by name, its dose turned to count
 * the cohort's allele when the table counts the other one, and refused when the alleles differ otherwise.
 */
export function projectTableRows(pca: TablePca, table: RawTable): TableProjection {
  const columnOf = new Map(table.headers.map((h, c) => [h, c]));
  const m = pca.variants.length;
  const sources: (CodedColumn | null)[] = [];
  const flip: boolean[] = [];
  let absent = 0;
  pca.variants.forEach(({ name, coding }) => {
    const c = columnOf.get(name);
    if (c === undefined) {
      sources.push(null);
      flip.push(false);
      absent++;
      return;
    }
    const column = table.coded?.[c];
    if (!column || column.levels || !column.genotype) {
      throw new Error(
        `${name} is not read as genotype doses in this table (a PLINK .bed or .raw, or a VCF, gives them); the components count ${coding.counted}.`,
      );
    }
    const { counted, other } = column.genotype;
    const same =
      counted === coding.counted && (other === coding.other || other === '' || coding.other === '');
    const swapped = counted === coding.other && other === coding.counted && other !== '';
    if (!same && !swapped) {
      throw new Error(
        `${name} counts ${counted}${other ? ` (other ${other})` : ''} here but ${coding.counted}${coding.other ? ` (other ${coding.other})` : ''} in the cohort: the alleles do not match.`,
      );
    }
    sources.push(column);
    flip.push(!same);
  });
  const codes = new Uint8Array(m);
  const scores: number[][] = [];
  for (let r = 0; r < table.rowCount; r++) {
    for (let j = 0; j < m; j++) {
      const source = sources[j];
      const g = source ? codeAt(source, r) : MISSING_CODE;
      codes[j] = flip[j] && g !== MISSING_CODE ? 2 - g : g;
    }
    scores.push(projectDoses(pca.model, codes));
  }
  return { scores, absentVariants: absent, flippedVariants: flip.filter(Boolean).length };
}
