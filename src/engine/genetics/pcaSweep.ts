/**
 * The genotype sweeps of the ancestry components (see pca.ts), on their own: what a pool worker runs for one part of
 * a sweep needs only the packed codes and the block Q, so the training workers reach this module and nothing else of
 * the genetics engine.
 */

/** Variants repacked per block of a sweep: 2,048 keeps the block's sums (2,048 × w doubles) in cache. */
export const SWEEP_BLOCK = 2048;

/** Blocks of SWEEP_BLOCK variants in one part of a sweep. */
export const PART_BLOCKS = 2;

/**
 * Everything a sweep reads, packed once before the iteration (and placed in shared memory when the sweeps run on
 * the worker pool): per block of SWEEP_BLOCK variants, the 2-bit codes both ways (see sweepPart), and each used
 * variant's standardisation.
 */
export interface PcaSweepData {
  nSamples: number;
  /** Variants used (columns that vary and are included). */
  variants: number;
  twoP: Float64Array;
  scale: Float64Array;
  missingStart: Int32Array;
  missingRows: Int32Array;
  /** bySample[bi][gi * SWEEP_BLOCK + b]: codes of samples 4gi…4gi+3 at variant b of block bi. */
  bySample: Uint8Array[];
  /** byVariant[bi][vg * nSamples + i]: codes of variants 4vg…4vg+3 of block bi at sample i. */
  byVariant: Uint8Array[];
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
 * Why it is fast: a called dose x = x₀ + s·dose, so Xᵀ Q and X G split into a term shared by all samples (or
 * variants) and sums of dose-weighted rows. Those sums are taken four at a time by table look-up (the "four
 * Russians" trick): for four samples, the 256 dose combinations of Σ dose_i Q_i are tabulated once, and each variant
 * then adds one table row per four samples; for four variants likewise Σ dose_j s_j G_j per sample. That is
 * n·m·w/2 additions a sweep where visiting each non-zero dose is about 4/3·n·m·w, with no branch per genotype.
 * The codes were packed 2 bits a genotype both ways once (packSweepData); missing calls (dose 0 in the tables) are
 * corrected from per-variant lists of their samples.
 */
export function sweepPart(
  data: PcaSweepData,
  q: Float64Array,
  w: number,
  part: number,
  withG: boolean,
): PcaPartProduct {
  const n = data.nSamples;
  const first = part * PART_BLOCKS * SWEEP_BLOCK;
  const last = Math.min(data.variants, first + PART_BLOCKS * SWEEP_BLOCK);
  if (!(first < last)) throw new Error(`This sweep has no part ${part}.`);
  const p = new Float64Array(n * w);
  const g = withG ? new Float64Array((last - first) * w) : null;
  const colSum = new Float64Array(w);
  for (let i = 0; i < n; i++) for (let l = 0; l < w; l++) colSum[l] += q[i * w + l];
  const groups = (n + 3) >> 2;
  const block = SWEEP_BLOCK;
  const acc = new Float64Array(block * w);
  // Two tables of 256 rows: the second at 256·w.
  const table = new Float64Array(512 * w);
  const second = table.subarray(256 * w);
  const rows = new Float64Array(8 * w);
  const h = new Float64Array(8 * w);
  const gj = new Float64Array(w);
  const base = new Float64Array(w);
  const { twoP, scale, missingStart, missingRows } = data;
  for (let from = first; from < last; from += block) {
    const size = Math.min(block, last - from);
    const bySample = data.bySample[from / block];
    const byVariant = data.byVariant[from / block];
    // Xᵀ Q over the block: Σ_i dose_ij Q_i by four-sample tables, two groups a pass.
    acc.fill(0);
    for (let gi = 0; gi < groups; gi += 2) {
      rows.fill(0);
      const firstRow = gi * 4;
      const inGroups = Math.min(8, n - firstRow);
      rows.set(q.subarray(firstRow * w, (firstRow + inGroups) * w));
      fillTable(table, rows.subarray(0, 4 * w), w);
      fillTable(second, rows.subarray(4 * w), w);
      const codes = gi * block;
      for (let b = 0; b < size; b++) {
        addRows(
          acc,
          b * w,
          table,
          bySample[codes + b] * w,
          (256 + bySample[codes + block + b]) * w,
          w,
        );
      }
    }
    // x = x₀ + s·dose for a call, 0 for a missing one: Σ x_i Q_i = x₀ (ΣQ − Σ_missing Q) + s Σ dose_i Q_i.
    for (let b = 0; b < size; b++) {
      const j = from + b;
      const s = scale[j];
      const v0 = -twoP[j] * s;
      for (let l = 0; l < w; l++) gj[l] = colSum[l];
      const m0 = missingStart[j];
      const m1 = missingStart[j + 1];
      for (let r = m0; r < m1; r++) {
        const at = missingRows[r] * w;
        for (let l = 0; l < w; l++) gj[l] -= q[at + l];
      }
      for (let l = 0; l < w; l++) {
        const v = v0 * gj[l] + s * acc[b * w + l];
        acc[b * w + l] = v;
        base[l] += v0 * v;
      }
      // A missing sample got x₀·G_j through `base` but its x is 0: taken back here.
      for (let r = m0; r < m1; r++) {
        const at = missingRows[r] * w;
        for (let l = 0; l < w; l++) p[at + l] -= v0 * acc[b * w + l];
      }
      if (g) g.set(acc.subarray(b * w, (b + 1) * w), (j - first) * w);
    }
    // X G over the block: Σ_j dose_ij s_j G_j by four-variant tables, two groups a pass.
    for (let vg = 0; vg < size; vg += 8) {
      h.fill(0);
      const inGroups = Math.min(8, size - vg);
      for (let t = 0; t < inGroups; t++) {
        const s = scale[from + vg + t];
        for (let l = 0; l < w; l++) h[t * w + l] = s * acc[(vg + t) * w + l];
      }
      fillTable(table, h.subarray(0, 4 * w), w);
      fillTable(second, h.subarray(4 * w), w);
      const codes = (vg >> 2) * n;
      for (let i = 0; i < n; i++) {
        addRows(p, i * w, table, byVariant[codes + i] * w, (256 + byVariant[codes + n + i]) * w, w);
      }
    }
  }
  for (let i = 0; i < n; i++) for (let l = 0; l < w; l++) p[i * w + l] += base[l];
  return { part, p, g };
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
 * into[at…at+w) += from[a…a+w) + from[b…b+w), unrolled by four: the innermost loop of every sweep (two table rows
 * per read and write of the sums, which are the memory traffic that bounds it).
 */
function addRows(
  into: Float64Array,
  at: number,
  from: Float64Array,
  a: number,
  b: number,
  w: number,
): void {
  let l = 0;
  for (; l + 4 <= w; l += 4) {
    into[at + l] += from[a + l] + from[b + l];
    into[at + l + 1] += from[a + l + 1] + from[b + l + 1];
    into[at + l + 2] += from[a + l + 2] + from[b + l + 2];
    into[at + l + 3] += from[a + l + 3] + from[b + l + 3];
  }
  for (; l < w; l++) into[at + l] += from[a + l] + from[b + l];
}

/**
 * table[c · w …] = Σ_t dose(c_t) · rows[t], c_t the 2-bit digit t of c (dose 0, 1, 2; code 3, missing, as 0): each
 * entry one row added to an entry built before it.
 */
function fillTable(table: Float64Array, rows: Float64Array, w: number): void {
  for (let l = 0; l < w; l++) table[l] = 0;
  for (let t = 0, span = 1; t < 4; t++, span *= 4) {
    const r = t * w;
    for (let c = 0; c < span; c++) {
      const from = c * w;
      const one = (c + span) * w;
      const two = (c + 2 * span) * w;
      const miss = (c + 3 * span) * w;
      for (let l = 0; l < w; l++) {
        const v = table[from + l];
        const x = rows[r + l];
        table[one + l] = v + x;
        table[two + l] = v + 2 * x;
        table[miss + l] = v;
      }
    }
  }
}
