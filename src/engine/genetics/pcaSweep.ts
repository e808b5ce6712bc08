/**
 * The genotype sweeps of the ancestry components (see pca.ts), on their own: what a pool worker runs for one part of
 * a sweep needs only the packed codes and the block Q, so the training workers reach this module and nothing else of
 * the genetics engine.
 */

import { sweepKernel, type SweepKernel } from './pcaKernel';

/** Variants repacked per block of a sweep: 2,048 keeps the block's sums (2,048 × w doubles) in cache. */
export const SWEEP_BLOCK = 2048;

/** Blocks of SWEEP_BLOCK variants in one part of a sweep. */
export const PART_BLOCKS = 2;

/** Sample indices of missing calls: two bytes each when the cohort has at most 65,536 samples. */
export type MissingRows = Uint16Array | Int32Array;

/**
 * Everything a sweep reads, packed once before the iteration (and placed in shared memory when the sweeps run on
 * the worker pool): per block of SWEEP_BLOCK variants, the doses as two bit planes both ways (see sweepPart), or
 * one way when Xᵀ Q reads the cohort's own shared codes (`packed`), and each used variant's standardisation.
 *
 * The planes hold d ≥ 1 and d = 2 of the dose d; a missing call is 0 in both planes and taken back from missingRows.
 */
export interface PcaSweepData {
  nSamples: number;
  /** Variants used (columns that vary and are included). */
  variants: number;
  twoP: Float64Array;
  scale: Float64Array;
  missingStart: Int32Array;
  missingRows: MissingRows;
  /**
   * bySample[bi][(gi · SWEEP_BLOCK + b) · 2 + plane]: bit t holds plane `plane` of sample 8gi + t at variant b of
   * block bi. Empty when `packed` is read instead.
   */
  bySample: Uint8Array[];
  /** The cohort's own 2-bit codes, read in place for Xᵀ Q instead of bySample (see PackedVariants). */
  packed?: PackedVariants;
  /** byVariant[bi][(vg · nSamples + i) · 2 + plane]: bit t holds plane `plane` of variant 8vg + t at sample i. */
  byVariant: Uint8Array[];
}

/**
 * Used variant j's doses as the cohort holds them (CodedColumn.packed: sample i in bits 2(i & 3) of byte
 * bytes[at[j] + (i >>> 2)], code 3 missing, bits past the last sample 0), in shared memory so workers read them in
 * place: a second 2-bit copy of every genotype is not made.
 */
export interface PackedVariants {
  bytes: Uint8Array;
  at: Float64Array;
}

/** One part's share of a sweep: its P = X Xᵀ Q over its variants, and its rows of Xᵀ Q when asked. */
export interface PcaPartProduct {
  part: number;
  p: Float64Array;
  g: Float64Array | null;
}

/** Parts a sweep is split into (fixed by the variant count alone, so the sum over parts is the same for any pool). */
export function pcaSweepParts(data: Pick<PcaSweepData, 'variants'>): number {
  return Math.ceil(data.variants / (SWEEP_BLOCK * PART_BLOCKS));
}

/**
 * One part's P = X Xᵀ Q over its variants for the n × w row-major block Q (not divided by m); with `withG`, also
 * g[b * w + l] = (Xᵀ Q)[b, l] for the part's variants b. Parts are summed in order by combinePcaParts.
 *
 * Why it is fast: a called x = a + c·d (d the dose, a = −2p·s and c = s the variant's standardisation), so Xᵀ Q
 * and X G split into a term shared by all samples (or variants) and sums of d-weighted rows, and d = [d ≥ 1] +
 * [d = 2] turns each of those into two subset sums. For eight samples the 256 subset sums of their Q rows are
 * tabulated once (255 row additions), and every variant then adds the rows its [d ≥ 1] and [d = 2] bytes pick;
 * for eight variants likewise with c_j G_j per sample. Two such tables are read per pass, so each read and write of
 * a sum takes in sixteen genotypes: n·m·w/2 additions a sweep, as four-sample tables of 2-bit codes, with half
 * their reads and writes of the sums (the loop is bound by its instructions, not by the additions), where visiting
 * each non-zero dose is about 4/3·n·m·w. The codes were packed once (packSweepData); missing calls (d = 0 in the
 * planes) are corrected from per-variant lists of their samples.
 */
export function sweepPart(
  data: PcaSweepData,
  q: Float64Array,
  w: number,
  part: number,
  withG: boolean,
  simd = true,
): PcaPartProduct {
  const n = data.nSamples;
  const first = part * PART_BLOCKS * SWEEP_BLOCK;
  const last = Math.min(data.variants, first + PART_BLOCKS * SWEEP_BLOCK);
  if (!(first < last)) throw new Error(`This sweep has no part ${part}.`);
  const block = SWEEP_BLOCK;
  const space = simd ? kernelSpace(data, q, w, first, last) : null;
  const p = space ? space.p : new Float64Array(n * w);
  const g = withG ? new Float64Array((last - first) * w) : null;
  const colSum = new Float64Array(w);
  for (let i = 0; i < n; i++) for (let l = 0; l < w; l++) colSum[l] += q[i * w + l];
  const groups = (n + 7) >> 3;
  const acc = space ? space.acc : new Float64Array(block * w);
  // Two subset tables of 256 rows (the second at 256 · w), over two groups of eight samples or variants.
  const tables = space ? space.tables : new Float64Array(512 * w);
  const quads = space ? space.tables : data.packed ? new Float64Array(1024 * w) : tables;
  const rows = new Float64Array(16 * w);
  const gj = new Float64Array(w);
  const base = new Float64Array(w);
  const { twoP, scale, missingStart, missingRows } = data;
  for (let from = first; from < last; from += block) {
    const size = Math.min(block, last - from);
    const bySample = data.bySample[from / block];
    const byVariant = data.byVariant[from / block];
    // Xᵀ Q over the block: Σ_i d_ij Q_i by eight-sample subset tables, or four-sample dose tables on the cohort's
    // own codes.
    acc.fill(0);
    if (data.packed && space) space.doseSums(data.packed, q, from, size);
    else if (data.packed) doseSums(acc, data.packed, q, n, w, from, size, quads);
    else {
      space?.place(bySample);
      for (let gi = 0; gi < groups; gi += 2) {
        rows.fill(0);
        const firstRow = gi * 8;
        rows.set(q.subarray(firstRow * w, Math.min(n, firstRow + 16) * w));
        fillSubsetTable(tables, rows, 0, w);
        fillSubsetTable(tables.subarray(256 * w), rows, 8 * w, w);
        if (space) space.addPlanes('acc', gi * block * 2, block * 2, size);
        else addPlanes(acc, tables, bySample, gi * block * 2, (gi + 1) * block * 2, size, w);
      }
    }
    // x = a + c·d for a call, 0 for a missing one: Σ x_i Q_i = a (ΣQ − Σ_missing Q) + c Σ d_i Q_i.
    if (space?.missingFix) {
      space.missingFix(colSum, from, size);
      if (g) g.set(acc.subarray(0, size * w), (from - first) * w);
    }
    for (let b = 0; b < size && !space?.missingFix; b++) {
      const j = from + b;
      const c = scale[j];
      const a = -twoP[j] * c;
      for (let l = 0; l < w; l++) gj[l] = colSum[l];
      const m0 = missingStart[j];
      const m1 = missingStart[j + 1];
      for (let r = m0; r < m1; r++) {
        const at = missingRows[r] * w;
        for (let l = 0; l < w; l++) gj[l] -= q[at + l];
      }
      for (let l = 0; l < w; l++) {
        const v = a * gj[l] + c * acc[b * w + l];
        acc[b * w + l] = v;
        base[l] += a * v;
      }
      // A missing sample got a·G_j through `base` but its x is 0: taken back here.
      for (let r = m0; r < m1; r++) {
        const at = missingRows[r] * w;
        for (let l = 0; l < w; l++) p[at + l] -= a * acc[b * w + l];
      }
      if (g) g.set(acc.subarray(b * w, (b + 1) * w), (j - first) * w);
    }
    // X G over the block: Σ_j d_ij c_j G_j by eight-variant subset tables.
    space?.place(byVariant);
    for (let vg = 0; vg < size; vg += 16) {
      rows.fill(0);
      const inGroups = Math.min(16, size - vg);
      for (let t = 0; t < inGroups; t++) {
        const c = scale[from + vg + t];
        for (let l = 0; l < w; l++) rows[t * w + l] = c * acc[(vg + t) * w + l];
      }
      fillSubsetTable(tables, rows, 0, w);
      fillSubsetTable(tables.subarray(256 * w), rows, 8 * w, w);
      if (space) space.addPlanes('p', (vg >> 3) * n * 2, n * 2, n);
      else addPlanes(p, tables, byVariant, (vg >> 3) * n * 2, ((vg >> 3) + 1) * n * 2, n, w);
    }
  }
  const shared = space?.missingFix ? space.base : base;
  for (let i = 0; i < n; i++) for (let l = 0; l < w; l++) p[i * w + l] += shared[l];
  // The kernel's memory is this thread's scratch for the next part: the sums leave it.
  return { part, p: space ? p.slice() : p, g };
}

let kernel: SweepKernel | null | undefined;

/** This thread's kernel instance, made on first use (null where WebAssembly SIMD is not available). */
function threadKernel(): SweepKernel | null {
  if (kernel === undefined) kernel = sweepKernel();
  return kernel;
}

/**
 * sweepPart's arrays laid out in the kernel's memory (p, acc, the tables, then room for one block's codes) and the
 * kernel's versions of addPlanes and doseSums over them: the codes a loop reads are first copied in (a block's
 * worth, a few MB, against the block's n·size·w/2 additions), as a module reads its own memory only.
 */
interface KernelSpace {
  p: Float64Array;
  acc: Float64Array;
  tables: Float64Array;
  /** Copies a block's codes (bySample or byVariant) to where addPlanes reads them. */
  place(codes: Uint8Array): void;
  /** addPlanes into p or acc, on the placed codes: bytes at + 2r, +1 on the first table, at + apart + 2r, +1 on the second. */
  addPlanes(into: 'p' | 'acc', at: number, apart: number, count: number): void;
  /** doseSums into acc: the block's 2-bit codes copied in, each variant's padded to whole passes of four bytes. */
  doseSums(packed: PackedVariants, q: Float64Array, from: number, size: number): void;
  /**
   * sweepPart's loop over the variants [from, from + size) of a block (standardise acc, add to base, take back the
   * missing samples' share of p), with q copied in at the start; null when w is odd (the kernel takes pairs).
   */
  missingFix: ((colSum: Float64Array, from: number, size: number) => void) | null;
  /** The sums Σ_j a_j G_j over the part so far, when missingFix adds them. */
  base: Float64Array;
}

/** A KernelSpace for the part [first, last) of a sweep of `data` with the n × w block q, or null without the kernel. */
function kernelSpace(
  data: PcaSweepData,
  q: Float64Array,
  w: number,
  first: number,
  last: number,
): KernelSpace | null {
  const k = threadKernel();
  if (!k) return null;
  const n = data.nSamples;
  const block = SWEEP_BLOCK;
  const perVariant = (n + 3) >>> 2;
  const perPass = (perVariant + 3) & ~3;
  const align = (bytes: number) => (bytes + 15) & ~15;
  const pAt = 0;
  const accAt = align(pAt + n * w * 8);
  const tablesAt = align(accAt + block * w * 8);
  const codesAt = align(tablesAt + 1024 * w * 8);
  const codeRoom = Math.max(
    data.packed ? block * perPass : 0,
    data.bySample[0]?.length ?? 0,
    data.byVariant[0]?.length ?? 0,
  );
  // The missing-call loop's arrays after the codes: q, colSum, base, gj, then a block's twoP, scale, starts, rows.
  const { missingStart } = data;
  let mostMissing = 0;
  for (let from = first; from < last; from += block) {
    const to = Math.min(last, from + block);
    mostMissing = Math.max(mostMissing, missingStart[to] - missingStart[from]);
  }
  const qAt = align(codesAt + codeRoom);
  const colSumAt = align(qAt + n * w * 8);
  const baseAt = align(colSumAt + w * 8);
  const gjAt = align(baseAt + w * 8);
  const twoPAt = align(gjAt + w * 8);
  const scaleAt = twoPAt + block * 8;
  const startsAt = scaleAt + block * 8;
  const rowsAt = align(startsAt + (block + 1) * 4);
  const need = align(rowsAt + mostMissing * 4) + 16 * w * 8;
  const have = k.memory.buffer.byteLength;
  if (need > have) k.memory.grow(Math.ceil((need - have) / 65536));
  const buffer = k.memory.buffer;
  const p = new Float64Array(buffer, pAt, n * w);
  p.fill(0);
  const tables = new Float64Array(buffer, tablesAt, 1024 * w);
  const codes = new Uint8Array(buffer, codesAt, codeRoom);
  const row = 256 * w * 8;
  // The sixteen rows of q a pass of doseSums tabulates, where the kernel's doseTables reads them.
  const rowsAt16 = align(rowsAt + mostMissing * 4);
  const rows = new Float64Array(buffer, rowsAt16, 16 * w);
  new Float64Array(buffer, qAt, n * w).set(q);
  const base = new Float64Array(buffer, baseAt, w);
  base.fill(0);
  const colSums = new Float64Array(buffer, colSumAt, w);
  const twoP = new Float64Array(buffer, twoPAt, block);
  const scale = new Float64Array(buffer, scaleAt, block);
  const starts = new Int32Array(buffer, startsAt, block + 1);
  const missing = new Int32Array(buffer, rowsAt, mostMissing);
  const missingFix = (colSum: Float64Array, from: number, size: number) => {
    colSums.set(colSum);
    twoP.set(data.twoP.subarray(from, from + size));
    scale.set(data.scale.subarray(from, from + size));
    const m0 = missingStart[from];
    for (let b = 0; b <= size; b++) starts[b] = missingStart[from + b] - m0;
    missing.set(data.missingRows.subarray(m0, missingStart[from + size]));
    k.missingFix(
      accAt,
      qAt,
      pAt,
      colSumAt,
      baseAt,
      gjAt,
      twoPAt,
      scaleAt,
      startsAt,
      rowsAt,
      size,
      w,
    );
  };
  return {
    missingFix: w % 2 === 0 ? missingFix : null,
    base,
    p,
    acc: new Float64Array(buffer, accAt, block * w),
    tables,
    place: (bytes) => codes.set(bytes),
    addPlanes: (into, at, apart, count) =>
      k.rowSums(
        into === 'p' ? pAt : accAt,
        tablesAt,
        codesAt + at,
        2,
        1,
        apart,
        apart + 1,
        0,
        row,
        row,
        count,
        w,
      ),
    doseSums(packed, q, from, size) {
      for (let b = 0; b < size; b++) {
        const at = packed.at[from + b];
        codes.set(packed.bytes.subarray(at, at + perVariant), b * perPass);
        codes.fill(0, b * perPass + perVariant, (b + 1) * perPass);
      }
      for (let i0 = 0; i0 < n; i0 += 16) {
        rows.fill(0);
        rows.set(q.subarray(i0 * w, Math.min(n, i0 + 16) * w));
        if (w % 2 === 0) k.doseTables(tablesAt, rowsAt16, w);
        else
          for (let t = 0; t < 4; t++)
            fillDoseTable(tables.subarray(t * 256 * w), rows, t * 4 * w, w);
        // Bytes past a variant's last are 0 (padding), which picks each table's zero row.
        k.rowSums(
          accAt,
          tablesAt,
          codesAt + (i0 >>> 2),
          perPass,
          1,
          2,
          3,
          row,
          2 * row,
          3 * row,
          size,
          w,
        );
      }
    },
  };
}

/**
 * The whole sweep from its parts (all of them, any order): P summed part by part in part order, so the result is
 * the same to the bit however many workers computed the parts; g (Xᵀ Q, m × w) laid out when the parts carry it.
 */
export function combinePcaParts(
  data: Pick<PcaSweepData, 'nSamples' | 'variants'>,
  w: number,
  parts: readonly PcaPartProduct[],
): { p: Float64Array; g: Float64Array | null } {
  const count = pcaSweepParts(data);
  const ordered: PcaPartProduct[] = new Array(count);
  for (const part of parts) ordered[part.part] = part;
  const n = data.nSamples;
  const p = new Float64Array(n * w);
  const withG = parts.length > 0 && parts[0].g !== null;
  const g = withG ? new Float64Array(data.variants * w) : null;
  for (let c = 0; c < count; c++) {
    const part = ordered[c] as PcaPartProduct | undefined;
    if (!part || part.p.length !== n * w) throw new Error(`Part ${c} of the sweep is missing.`);
    for (let i = 0; i < p.length; i++) p[i] += part.p[i];
    if (g) {
      if (!part.g) throw new Error(`Part ${c} of the sweep lacks its Xᵀ Q rows.`);
      g.set(part.g, c * PART_BLOCKS * SWEEP_BLOCK * w);
    }
  }
  return { p, g };
}

/**
 * into[r · w …] += the rows of `tables` (two subset tables of 256 rows, the second at 256 · w) that the plane bytes
 * of r pick: codes[at + 2r], codes[at + 2r + 1] in the first table and codes[at2 + 2r], codes[at2 + 2r + 1] in the
 * second, for r < count. The innermost loop of every sweep: sixteen genotypes per read and write of the sums, which
 * with the loop's own work bound it (a zero byte picks the zero row: adding it costs less than a branch on it).
 */
function addPlanes(
  into: Float64Array,
  tables: Float64Array,
  codes: Uint8Array,
  at: number,
  at2: number,
  count: number,
  w: number,
): void {
  const second = 256 * w;
  for (let r = 0; r < count; r++) {
    const o = r * w;
    const x = codes[at + 2 * r] * w;
    const y = codes[at + 2 * r + 1] * w;
    const u = second + codes[at2 + 2 * r] * w;
    const v = second + codes[at2 + 2 * r + 1] * w;
    let l = 0;
    for (; l + 4 <= w; l += 4) {
      into[o + l] += tables[x + l] + tables[y + l] + (tables[u + l] + tables[v + l]);
      into[o + l + 1] +=
        tables[x + l + 1] + tables[y + l + 1] + (tables[u + l + 1] + tables[v + l + 1]);
      into[o + l + 2] +=
        tables[x + l + 2] + tables[y + l + 2] + (tables[u + l + 2] + tables[v + l + 2]);
      into[o + l + 3] +=
        tables[x + l + 3] + tables[y + l + 3] + (tables[u + l + 3] + tables[v + l + 3]);
    }
    for (; l < w; l++)
      into[o + l] += tables[x + l] + tables[y + l] + (tables[u + l] + tables[v + l]);
  }
}

/**
 * acc[b · w …] = Σ_i d_ib Q_i for the variants [from, from + size) read from the cohort's 2-bit codes (a missing
 * call adds nothing), sixteen samples a pass: four tables of 256 rows, one per byte of four samples, hold every
 * byte's dose-weighted sum of their Q rows, and each variant adds the four rows its bytes pick.
 */
function doseSums(
  acc: Float64Array,
  packed: PackedVariants,
  q: Float64Array,
  n: number,
  w: number,
  from: number,
  size: number,
  tables: Float64Array,
): void {
  const { bytes, at } = packed;
  const perVariant = (n + 3) >>> 2;
  const rows = new Float64Array(16 * w);
  for (let i0 = 0; i0 < n; i0 += 16) {
    rows.fill(0);
    rows.set(q.subarray(i0 * w, Math.min(n, i0 + 16) * w));
    for (let t = 0; t < 4; t++) fillDoseTable(tables.subarray(t * 256 * w), rows, t * 4 * w, w);
    const k = i0 >>> 2;
    // The last pass may hold fewer than four bytes of a column: what lies beyond belongs to the next one.
    const inPass = Math.min(4, perVariant - k);
    for (let b = 0; b < size; b++) {
      const o = b * w;
      const c = at[from + b] + k;
      const x = bytes[c] * w;
      const y = (256 + (inPass > 1 ? bytes[c + 1] : 0)) * w;
      const u = (512 + (inPass > 2 ? bytes[c + 2] : 0)) * w;
      const v = (768 + (inPass > 3 ? bytes[c + 3] : 0)) * w;
      let l = 0;
      for (; l + 4 <= w; l += 4) {
        acc[o + l] += tables[x + l] + tables[y + l] + (tables[u + l] + tables[v + l]);
        acc[o + l + 1] +=
          tables[x + l + 1] + tables[y + l + 1] + (tables[u + l + 1] + tables[v + l + 1]);
        acc[o + l + 2] +=
          tables[x + l + 2] + tables[y + l + 2] + (tables[u + l + 2] + tables[v + l + 2]);
        acc[o + l + 3] +=
          tables[x + l + 3] + tables[y + l + 3] + (tables[u + l + 3] + tables[v + l + 3]);
      }
      for (; l < w; l++)
        acc[o + l] += tables[x + l] + tables[y + l] + (tables[u + l] + tables[v + l]);
    }
  }
}

/** table[s · w …] = Σ_k dose(code k of byte s) · rows[first + k · w …] over four rows (code 3, missing, adds 0). */
function fillDoseTable(table: Float64Array, rows: Float64Array, first: number, w: number): void {
  for (let l = 0; l < w; l++) table[l] = 0;
  for (let k = 0, span = 1; k < 4; k++, span *= 4) {
    const r = first + k * w;
    for (let s = 0; s < span; s++) {
      const from = s * w;
      for (let l = 0; l < w; l++) {
        const base = table[from + l];
        const once = base + rows[r + l];
        table[(s + span) * w + l] = once;
        table[(s + 2 * span) * w + l] = once + rows[r + l];
        table[(s + 3 * span) * w + l] = base;
      }
    }
  }
}

/** table[s · w …] = Σ_{t in s} rows[first + t · w …] for every subset s of eight rows: each entry one row added to another. */
function fillSubsetTable(table: Float64Array, rows: Float64Array, first: number, w: number): void {
  for (let l = 0; l < w; l++) table[l] = 0;
  for (let t = 0, span = 1; t < 8; t++, span *= 2) {
    const r = first + t * w;
    for (let s = 0; s < span; s++) {
      const from = s * w;
      const to = (s + span) * w;
      for (let l = 0; l < w; l++) table[to + l] = table[from + l] + rows[r + l];
    }
  }
}
