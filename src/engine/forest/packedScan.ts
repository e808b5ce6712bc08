/**
 * The second layer of the Grower (grow.ts): the split search of 2-bit packed SNP columns (packedSnp.ts) on
 * two classes with integer weights, summing both class weights packed in one float per row times the genotype
 * code's powers (moments, putBitSums), and the rows of each genotype bit beside them when minSamplesLeaf > 1,
 * one column or two drawn columns per pass over the node's rows. Also holds the node's rows (idx), which every
 * layer above reads.
 */
import type { GrowSetup } from './growSupport.ts';
import { PACK_SCALE, isSnpPacked, noPackedColumns, packedColumns } from './packedSnp.ts';
import { packedKernel, releasePackedKernel, type PackedKernel } from './packedKernel.ts';

/** 2^-26: a multiply by it divides a packed sum by PACK_SCALE exactly. */
const INV_PACK_SCALE = 1 / PACK_SCALE;
import { SplitSweep } from './splitSweep.ts';

/** Packed SNP column scans on top of the split sweeps (see the file comment). */
export class PackedScan extends SplitSweep {
  /** Sample indices (row ids) of the tree's in-bag rows, partitioned in place, each node's sorted. */
  protected readonly idx: Int32Array;
  /** Packed columns: column f starts at packOff[f] (-1: not packed); see PackedColumns. */
  protected readonly packed: Uint8Array;
  protected readonly packOff: Int32Array;
  protected readonly packMissing: Uint8Array;
  /** Per row of the current tree: class-0 weight + class-1 weight × PACK_SCALE (packed path only). */
  protected readonly wy: Float64Array;
  /**
   * Bit sums of a pair of packed columns scanned together: A and B of f, of g, then C of f and of g; then the
   * same six as row counts (pairSums[6 + i] counts the rows summed in pairSums[i]).
   */
  protected readonly pairSums = new Float64Array(12);
  /**
   * The WebAssembly row loops (packedKernel.ts), null where they do not apply; idx, wy and packed are then views of
   * its memory.
   */
  protected readonly kernel: PackedKernel | null;

  constructor(setup: GrowSetup) {
    super(setup);
    const binned = setup.binned;
    if (isSnpPacked(binned) && !setup.packedOk) {
      throw new Error(
        'A table held SNP-packed needs the packed path: expand it (expandSnpBins) first.',
      );
    }
    const cols = isSnpPacked(binned)
      ? binned.snp
      : setup.packedOk
        ? packedColumns(binned)
        : noPackedColumns(binned);
    this.packOff = cols.packOff;
    this.packMissing = cols.packMissing;
    const kernel = packedKernel(
      setup.trainRows.length,
      binned.nRows,
      cols.packed,
      cols.packOff,
      cols.packMissing,
    );
    this.kernel = kernel;
    if (kernel) {
      this.idx = kernel.idx;
      this.packed = kernel.packed;
      this.wy = kernel.wy;
    } else {
      this.idx = new Int32Array(setup.trainRows.length);
      this.packed = cols.packed;
      this.wy = new Float64Array(this.packed.length > 0 ? binned.nRows : 0);
    }
  }

  /** Ends this grower's use of its kernel (it must not grow afterwards): growTrees calls it when done. */
  releaseKernel(): void {
    if (this.kernel) releasePackedKernel(this.kernel);
  }

  /**
   * fillHistogram for a packed (SNP) column, two classes, no row counts (minSamplesLeaf 1; scanPackedCounted
   * otherwise). Per row: one load of the 2-bit code x and sums, in registers, of the row's packed class
   * weights v times x, x² and (only in columns with missing values) x³: the moments of the column, from which
   * its bit sums follow exactly (putBitSums; A: bit 0, B: bit 1, C: both). The node's packed total T is known,
   * so the four codes' sums are s3 = C, s1 = A - C, s2 = B - C, s0 = T - A - B + C, all exact integers.
   * Register sums instead of stores into a 4-slot array: no store-to-load chain between rows of the same
   * genotype. Then the split search on those sums (see scanFeature); returns the number of distinct values
   * (missing counts as one).
   */
  protected scanPacked(f: number, start: number, end: number): number {
    const idx = this.idx;
    const packed = this.packed;
    const wy = this.wy;
    const po = this.packOff[f];
    const missing = this.packMissing[f] === 1;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const k = this.kernel;
    if (k !== null) {
      k.one3(k.ip, k.wp, start, end, k.pb + po);
      const o = k.out;
      this.putBitSums(o[0], o[1], o[2], missing, 0, 1, 4);
      const ps = this.pairSums;
      return this.evalPacked(f, ps[0], ps[1], ps[4], 0, 0, 0, end - start);
    }
    let i = start;
    if (!missing) {
      // Two rows a step with their own sums: rows of the same genotype do not wait on each other's adds.
      let u1 = 0;
      let u2 = 0;
      for (; i + 1 < end; i += 2) {
        const r = idx[i];
        const r2 = idx[i + 1];
        const x = (packed[po + (r >>> 2)] >>> ((r & 3) << 1)) & 3;
        const x2 = (packed[po + (r2 >>> 2)] >>> ((r2 & 3) << 1)) & 3;
        const t = x * wy[r];
        const t2 = x2 * wy[r2];
        s1 += t;
        s2 += t * x;
        u1 += t2;
        u2 += t2 * x2;
      }
      s1 += u1;
      s2 += u2;
    }
    // Every row of a column with missing values, or the one row left over by the pairs above (x³ then unused).
    for (; i < end; i++) {
      const r = idx[i];
      const x = (packed[po + (r >>> 2)] >>> ((r & 3) << 1)) & 3;
      const t = x * wy[r];
      const t2 = t * x;
      s1 += t;
      s2 += t2;
      s3 += t2 * x;
    }
    const ps = this.pairSums;
    this.putBitSums(s1, s2, s3, missing, 0, 1, 4);
    // No row counts (minSamplesLeaf 1: evalPacked does not read them).
    return this.evalPacked(f, ps[0], ps[1], ps[4], 0, 0, 0, end - start);
  }

  /**
   * The bit sums of a packed column from its moments s1 = Σ x v, s2 = Σ x² v, s3 = Σ x³ v over the node's rows
   * (x: 2-bit code, v: packed weight), to pairSums[oa] (A: codes 1 and 3), [ob] (B: codes 2 and 3), [oc]
   * (C: code 3, 0 without missing values). With W_k the sum over code k: s1 = W1 + 2 W2 + 3 W3,
   * s2 = W1 + 4 W2 + 9 W3, s3 = W1 + 8 W2 + 27 W3, so W3 = (s3 - 3 s2 + 2 s1) / 6 and W2 = (s2 - s1 - 6 W3) / 2.
   * Exact: every term is an integer and every sum below 2^53 (growSetup bounds the weights for that), and a
   * quotient that is an integer is exact in floating point.
   */
  private putBitSums(
    s1: number,
    s2: number,
    s3: number,
    missing: boolean,
    oa: number,
    ob: number,
    oc: number,
  ): void {
    const w3 = missing ? (s3 - 3 * s2 + 2 * s1) / 6 : 0;
    const w2 = (s2 - s1 - 6 * w3) * 0.5;
    const ps = this.pairSums;
    ps[oa] = s1 - 2 * w2 - 2 * w3;
    ps[ob] = w2 + w3;
    ps[oc] = w3;
  }

  /**
   * Two packed columns without missing values in one pass over the node's rows (the row index and its weights
   * are loaded once for both): their bit sums go to pairSums (A and B of f, then of g; no row counts: for
   * minSamplesLeaf 1). Per column and row, the code x (0, 1 or 2) and its packed weight v give t = x v, and the
   * sums of t and of t x are the moments A + 2B and A + 4B (A: code 1, B: code 2), from which A and B follow
   * exactly (putBitSums): one conversion and two multiplies a column instead of two bit extractions, two
   * conversions and two multiplies, and no integer counts (15-30 % less growth CPU on SNP-only tables).
   */
  protected sumPackedPair(f: number, g: number, start: number, end: number): void {
    const idx = this.idx;
    const packed = this.packed;
    const wy = this.wy;
    const pf = this.packOff[f];
    const pg = this.packOff[g];
    const k = this.kernel;
    if (k !== null) {
      k.pair2(k.ip, k.wp, start, end, k.pb + pf, k.pb + pg);
      const o = k.out;
      this.putBitSums(o[0], o[1], 0, false, 0, 1, 4);
      this.putBitSums(o[2], o[3], 0, false, 2, 3, 5);
      return;
    }
    let f1 = 0;
    let f2 = 0;
    let g1 = 0;
    let g2 = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const q = r >>> 2;
      const sh = (r & 3) << 1;
      const x = (packed[pf + q] >>> sh) & 3;
      const z = (packed[pg + q] >>> sh) & 3;
      const v = wy[r];
      const tx = x * v;
      const tz = z * v;
      f1 += tx;
      f2 += tx * x;
      g1 += tz;
      g2 += tz * z;
    }
    this.putBitSums(f1, f2, 0, false, 0, 1, 4);
    this.putBitSums(g1, g2, 0, false, 2, 3, 5);
  }

  /**
   * sumPackedPair for columns with missing values (code 3): the third moments too, so that the sums C of both
   * bits follow (pairSums[4] for f, [5] for g).
   */
  protected sumPackedPairMissing(f: number, g: number, start: number, end: number): void {
    const idx = this.idx;
    const packed = this.packed;
    const wy = this.wy;
    const pf = this.packOff[f];
    const pg = this.packOff[g];
    const k = this.kernel;
    if (k !== null) {
      k.pair3(k.ip, k.wp, start, end, k.pb + pf, k.pb + pg);
      const o = k.out;
      this.putBitSums(o[0], o[1], o[2], this.packMissing[f] === 1, 0, 1, 4);
      this.putBitSums(o[3], o[4], o[5], this.packMissing[g] === 1, 2, 3, 5);
      return;
    }
    let f1 = 0;
    let f2 = 0;
    let f3 = 0;
    let g1 = 0;
    let g2 = 0;
    let g3 = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const q = r >>> 2;
      const sh = (r & 3) << 1;
      const x = (packed[pf + q] >>> sh) & 3;
      const z = (packed[pg + q] >>> sh) & 3;
      const v = wy[r];
      const tx = x * v;
      const tz = z * v;
      const tx2 = tx * x;
      const tz2 = tz * z;
      f1 += tx;
      f2 += tx2;
      f3 += tx2 * x;
      g1 += tz;
      g2 += tz2;
      g3 += tz2 * z;
    }
    this.putBitSums(f1, f2, f3, this.packMissing[f] === 1, 0, 1, 4);
    this.putBitSums(g1, g2, g3, this.packMissing[g] === 1, 2, 3, 5);
  }

  /**
   * scanPacked for minSamplesLeaf > 1, where the sweep needs the rows of each genotype: the bit sums (A: bit 0,
   * B: bit 1, C: both) by bit extraction with the rows of each bit counted beside them (with the counts, bit
   * extractions measured faster than moments in JavaScript). The kernel's loop (one3 with counts) sums the moments
   * in floats and counts the bits in integers: the same sums, exact either way.
   */
  protected scanPackedCounted(f: number, start: number, end: number): number {
    const idx = this.idx;
    const packed = this.packed;
    const wy = this.wy;
    const po = this.packOff[f];
    const k = this.kernel;
    if (k !== null) {
      // The kernel's counted loop: the moments (as scanPacked) and the rows of each bit, in integers.
      const missing = this.packMissing[f] === 1;
      k.one3(k.ip, k.wp, start, end, k.pb + po, 1);
      const o = k.out;
      const n = k.counts;
      this.putBitSums(o[0], o[1], o[2], missing, 0, 1, 4);
      const ps = this.pairSums;
      return this.evalPacked(f, ps[0], ps[1], ps[4], n[0], n[1], n[2], end - start);
    }
    let a = 0;
    let b = 0;
    let c = 0;
    let a2 = 0;
    let b2 = 0;
    // Row counts of the same bits: integer adds beside the loads, which bound these loops (cache misses).
    let na = 0;
    let nb = 0;
    let nc = 0;
    let i = start;
    if (this.packMissing[f] === 0) {
      for (; i + 1 < end; i += 2) {
        const r = idx[i];
        const r2 = idx[i + 1];
        const x = packed[po + (r >>> 2)] >>> ((r & 3) << 1);
        const x2 = packed[po + (r2 >>> 2)] >>> ((r2 & 3) << 1);
        const v = wy[r];
        const v2 = wy[r2];
        a += (x & 1) * v;
        b += ((x >>> 1) & 1) * v;
        a2 += (x2 & 1) * v2;
        b2 += ((x2 >>> 1) & 1) * v2;
        na += (x & 1) + (x2 & 1);
        nb += ((x >>> 1) & 1) + ((x2 >>> 1) & 1);
      }
    }
    // Every row of a column with missing values, or the one row left over by the pairs above (where C stays 0).
    for (; i < end; i++) {
      const r = idx[i];
      const x = packed[po + (r >>> 2)] >>> ((r & 3) << 1);
      const v = wy[r];
      a += (x & 1) * v;
      b += ((x >>> 1) & 1) * v;
      c += (x & (x >>> 1) & 1) * v;
      na += x & 1;
      nb += (x >>> 1) & 1;
      nc += x & (x >>> 1) & 1;
    }
    return this.evalPacked(f, a + a2, b + b2, c, na, nb, nc, end - start);
  }

  /**
   * The loops of minSamplesLeaf > 1, where the sweep needs the rows of each genotype: two packed columns without
   * missing values in one pass, their bit sums (A and B of f, then of g) and the rows of those bits, to pairSums
   * [0..3] and [6..9]. Bit extractions rather than moments: with the counts beside them they measured faster.
   */
  protected sumPackedPairCounted(f: number, g: number, start: number, end: number): void {
    const idx = this.idx;
    const packed = this.packed;
    const wy = this.wy;
    const pf = this.packOff[f];
    const pg = this.packOff[g];
    const k = this.kernel;
    if (k !== null) {
      k.pair2(k.ip, k.wp, start, end, k.pb + pf, k.pb + pg, 1);
      this.putKernelPair(k, false, false, false);
      return;
    }
    let af = 0;
    let bf = 0;
    let ag = 0;
    let bg = 0;
    let naf = 0;
    let nbf = 0;
    let nag = 0;
    let nbg = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const q = r >>> 2;
      const sh = (r & 3) << 1;
      const x = packed[pf + q] >>> sh;
      const z = packed[pg + q] >>> sh;
      const v = wy[r];
      af += (x & 1) * v;
      bf += ((x >>> 1) & 1) * v;
      ag += (z & 1) * v;
      bg += ((z >>> 1) & 1) * v;
      naf += x & 1;
      nbf += (x >>> 1) & 1;
      nag += z & 1;
      nbg += (z >>> 1) & 1;
    }
    const ps = this.pairSums;
    ps[0] = af;
    ps[1] = bf;
    ps[2] = ag;
    ps[3] = bg;
    ps[6] = naf;
    ps[7] = nbf;
    ps[8] = nag;
    ps[9] = nbg;
  }

  /** sumPackedPairCounted for columns with missing values: also the sums C (pairSums[4], [5]) and their rows. */
  protected sumPackedPairMissingCounted(f: number, g: number, start: number, end: number): void {
    const idx = this.idx;
    const packed = this.packed;
    const wy = this.wy;
    const pf = this.packOff[f];
    const pg = this.packOff[g];
    const k = this.kernel;
    if (k !== null) {
      k.pair3(k.ip, k.wp, start, end, k.pb + pf, k.pb + pg, 1);
      this.putKernelPair(k, true, this.packMissing[f] === 1, this.packMissing[g] === 1);
      return;
    }
    let af = 0;
    let bf = 0;
    let cf = 0;
    let ag = 0;
    let bg = 0;
    let cg = 0;
    let naf = 0;
    let nbf = 0;
    let ncf = 0;
    let nag = 0;
    let nbg = 0;
    let ncg = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const q = r >>> 2;
      const sh = (r & 3) << 1;
      const x = packed[pf + q] >>> sh;
      const z = packed[pg + q] >>> sh;
      const v = wy[r];
      af += (x & 1) * v;
      bf += ((x >>> 1) & 1) * v;
      cf += (x & (x >>> 1) & 1) * v;
      ag += (z & 1) * v;
      bg += ((z >>> 1) & 1) * v;
      cg += (z & (z >>> 1) & 1) * v;
      naf += x & 1;
      nbf += (x >>> 1) & 1;
      ncf += x & (x >>> 1) & 1;
      nag += z & 1;
      nbg += (z >>> 1) & 1;
      ncg += z & (z >>> 1) & 1;
    }
    const ps = this.pairSums;
    ps[0] = af;
    ps[1] = bf;
    ps[2] = ag;
    ps[3] = bg;
    ps[4] = cf;
    ps[5] = cg;
    ps[6] = naf;
    ps[7] = nbf;
    ps[8] = nag;
    ps[9] = nbg;
    ps[10] = ncf;
    ps[11] = ncg;
  }

  /**
   * The kernel's counted pair sums (pair2, or pair3 with the third moments: `third`) to pairSums as
   * sumPackedPairMissingCounted leaves them: the bit sums from the moments (putBitSums, exact), the rows of each bit
   * as counted.
   */
  private putKernelPair(
    k: PackedKernel,
    third: boolean,
    missingF: boolean,
    missingG: boolean,
  ): void {
    const o = k.out;
    const n = k.counts;
    const ps = this.pairSums;
    if (third) {
      this.putBitSums(o[0], o[1], o[2], missingF, 0, 1, 4);
      this.putBitSums(o[3], o[4], o[5], missingG, 2, 3, 5);
    } else {
      this.putBitSums(o[0], o[1], 0, false, 0, 1, 4);
      this.putBitSums(o[2], o[3], 0, false, 2, 3, 5);
    }
    ps[6] = n[0];
    ps[7] = n[1];
    ps[10] = n[2];
    ps[8] = n[3];
    ps[9] = n[4];
    ps[11] = n[5];
  }

  /**
   * The split search of packed column f from its bit sums (see scanPacked): the genotype sums, then the sweep
   * over them; returns the number of distinct values (missing counts as one). na, nb, nc count the rows
   * summed in a, b, c, and nNode the node's rows: candidates leaving fewer than minSamplesLeaf rows on a side
   * are skipped, with the same row checks as sweepBinary.
   */
  protected evalPacked(
    f: number,
    a: number,
    b: number,
    c: number,
    na: number,
    nb: number,
    nc: number,
    nNode: number,
  ): number {
    // With minSamplesLeaf 1 every candidate passes the row checks (each side holds a genotype of positive
    // weight, so at least one row): the scans then leave the counts out and the checks are disabled.
    const minLeaf = this.minLeaf > 1 ? this.minLeaf : -Infinity;
    const n0 = this.nodeTot[0];
    const n1 = this.nodeTot[1];
    const order = this.catOrder;
    if (c === 0) {
      // No missing rows: the sweep over at most 3 genotypes done here on the sums, without a histogram; the
      // same candidates in the same order and the same arithmetic as sweepBinary (identical trees). Every
      // class sum is an exact integer, so genotype 0's follow from the node's totals by subtraction, and a
      // packed sum splits into its classes by a multiply by 2^-26 (exact; a divide costs more).
      this.curHasMissing = false;
      const a1 = Math.floor(a * INV_PACK_SCALE);
      const a0 = a - a1 * PACK_SCALE;
      const b1 = Math.floor(b * INV_PACK_SCALE);
      const z0 = n0 - a0 - (b - b1 * PACK_SCALE);
      const z1 = n1 - a1 - b1;
      let m = 0;
      let c0 = 0;
      let c1 = 0;
      let cum = 0;
      if (this.bestProxy >= n0 + n1) {
        // A split into pure sides was found already: no candidate can be kept (a proxy never exceeds the
        // node's weight, rounding included: each quotient rounds to at most its side's exact integer weight),
        // so only the number of genotypes present is needed (21 % of these calls on 20000 × 500 SNPs).
        return (z0 !== 0 || z1 !== 0 ? 1 : 0) + (a !== 0 ? 1 : 0) + (b !== 0 ? 1 : 0);
      }
      if (z0 !== 0 || z1 !== 0) {
        order[0] = 0;
        c0 = z0;
        c1 = z1;
        cum = nNode - na - nb;
        m = 1;
      }
      if (a !== 0) {
        order[m] = 1;
        if (m > 0 && cum >= minLeaf && nNode - cum >= minLeaf) {
          this.considerBinary(c0, c1, n0 - c0, n1 - c1, f, false, m + 1, m, 0);
        }
        c0 += a0;
        c1 += a1;
        cum += na;
        m++;
      }
      if (b !== 0) {
        order[m] = 2;
        if (m > 0 && cum >= minLeaf && nNode - cum >= minLeaf) {
          this.considerBinary(c0, c1, n0 - c0, n1 - c1, f, false, m + 1, m, 0);
        }
        m++;
      }
      return m;
    }
    // Missing rows here: sweepBinary's candidates done on the sums, without a histogram: at each boundary
    // between present genotypes the missing rows right, then left, and last "every present genotype left,
    // missing right"; the same order, row checks and arithmetic.
    this.curHasMissing = true;
    const s0 = n0 + n1 * PACK_SCALE - a - b + c;
    const s1 = a - c;
    const s2 = b - c;
    const m = (s0 !== 0 ? 1 : 0) + (s1 !== 0 ? 1 : 0) + (s2 !== 0 ? 1 : 0);
    if (this.bestProxy >= n0 + n1) return m + 1;
    const k1 = Math.floor(c * INV_PACK_SCALE);
    const k0 = c - k1 * PACK_SCALE;
    const p0 = n0 - k0;
    const p1 = n1 - k1;
    let j = 0;
    let c0 = 0;
    let c1 = 0;
    let cum = 0;
    for (let code = 0; code < 3; code++) {
      const sc = code === 0 ? s0 : code === 1 ? s1 : s2;
      if (sc === 0) continue;
      order[j] = code;
      if (j > 0) {
        if (cum >= minLeaf && nNode - cum >= minLeaf) {
          this.considerBinary(c0, c1, p0 - c0 + k0, p1 - c1 + k1, f, false, m, j, 0);
        }
        if (cum + nc >= minLeaf && nNode - cum - nc >= minLeaf) {
          this.considerBinary(c0 + k0, c1 + k1, p0 - c0, p1 - c1, f, false, m, j, 1);
        }
      }
      const h1 = Math.floor(sc * INV_PACK_SCALE);
      c0 += sc - h1 * PACK_SCALE;
      c1 += h1;
      cum += code === 0 ? nNode - na - nb + nc : code === 1 ? na - nc : nb - nc;
      j++;
    }
    if (m > 0 && cum >= minLeaf && nc >= minLeaf)
      this.considerBinary(c0, c1, k0, k1, f, false, m, m, 0);
    return m + 1;
  }
}
