/**
 * LD pruning as PLINK 1.9's `--indep-pairwise WINDOW STEP R2` (variant-count windows): within a window of WINDOW
 * variants on one chromosome, every pair of variants still in is tested, and when their squared genotype
 * correlation is above R2 the one with the smaller minor-allele frequency is pruned (the later one on a tie); the
 * window then moves on by STEP variants. r² is the squared Pearson correlation of the two variants' doses over the
 * samples called at both; a variant with no variance among those samples correlates with nothing. A variant whose
 * calls are all the same dose (monomorphic, or no call at all) is pruned outright, as PLINK 1.9 prunes it.
 */
import { codeAt, doseCodes, type DoseColumn } from '../data/cells';
import { MISSING_CODE } from '../data/types';

/** Settings of ldPrune, as `--indep-pairwise window step r2`. */
export interface LdPruneOptions {
  /** Variants in each window (≥ 2). */
  window: number;
  /** Variants the window moves by (1 ≤ step ≤ window). */
  step: number;
  /** Pairs with r² above this are pruned (0 to 1). */
  r2: number;
}

/** Why the settings cannot be used, or null. */
export function ldPruneOptionsError(o: LdPruneOptions): string | null {
  if (!Number.isInteger(o.window) || o.window < 2)
    return `The LD window must be a whole number of variants ≥ 2, got ${o.window}.`;
  if (!Number.isInteger(o.step) || o.step < 1 || o.step > o.window)
    return `The LD window step must be a whole number from 1 to the window (${o.window}), got ${o.step}.`;
  if (!(o.r2 >= 0 && o.r2 <= 1)) return `The r² threshold must be from 0 to 1, got ${o.r2}.`;
  return null;
}

/** Squared correlation of two dose columns over the samples called at both; 0 when either has no variance there. */
export function pairR2(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  let sa = 0;
  let sb = 0;
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === MISSING_CODE || y === MISSING_CODE) continue;
    n++;
    sa += x;
    sb += y;
    saa += x * x;
    sbb += y * y;
    sab += x * y;
  }
  // Integer sums: the products below are exact up to 2^53, far beyond any cohort's.
  const va = n * saa - sa * sa;
  const vb = n * sbb - sb * sb;
  if (va <= 0 || vb <= 0) return 0;
  const cov = n * sab - sa * sb;
  return (cov * cov) / (va * vb);
}

/** Counts of set bits of v in each 4-bit field (each at most 4). */
function nibbleCounts(v: number): number {
  const pairs = v - ((v >>> 1) & 0x55555555);
  return (pairs & 0x33333333) + ((pairs >>> 2) & 0x33333333);
}

/** Sum of the four bytes of v. */
function byteSum(v: number): number {
  const halves = (v & 0x00ff00ff) + ((v >>> 8) & 0x00ff00ff);
  return (halves & 0xffff) + (halves >>> 16);
}

/**
 * Σ_i a_i·b_i of two columns held as bit planes (lo: dose ≥ 1, hi: dose 2, missing in neither): with a = lo + hi,
 * a·b is the sum of the four plane products, so 32 samples cost four ANDs and their bit counts (counted in
 * parallel within a word: nibbles, then bytes summed over up to 7 words before they could overflow).
 */
function planeProduct(la: Int32Array, ha: Int32Array, lb: Int32Array, hb: Int32Array): number {
  let total = 0;
  let bytes = 0;
  let words = 0;
  for (let k = 0; k < la.length; k++) {
    const a1 = la[k];
    const a2 = ha[k];
    const b1 = lb[k];
    const b2 = hb[k];
    // Three nibble counts ≤ 12, the fourth apart: each byte then holds at most 24 + 8.
    const three = nibbleCounts(a1 & b1) + nibbleCounts(a1 & b2) + nibbleCounts(a2 & b1);
    const four = nibbleCounts(a2 & b2);
    bytes +=
      (three & 0x0f0f0f0f) +
      ((three >>> 4) & 0x0f0f0f0f) +
      (four & 0x0f0f0f0f) +
      ((four >>> 4) & 0x0f0f0f0f);
    if (++words === 7) {
      total += byteSum(bytes);
      bytes = 0;
      words = 0;
    }
  }
  return total + byteSum(bytes);
}

/** A column's dose bit planes, 32 samples a word. */
interface Planes {
  lo: Int32Array;
  hi: Int32Array;
}

/**
 * r² of pairs of columns without a branch per sample: each column's sums over its called samples and the rows of its
 * missing calls are kept, and bit planes with missing calls as 0 are made for the columns of the current window
 * only. Then Σxy over the planes (planeProduct) is the sum over jointly called samples, and the other sums are
 * corrected over the (few) rows missing in the partner.
 */
class PairCorrelation {
  private readonly sums: Float64Array;
  private readonly squares: Float64Array;
  private readonly missingRows: Int32Array[];
  private readonly planes = new Map<number, Planes>();

  /** Codes of one column at a time (a packed column's unpacked). */
  private readonly scratch: Uint8Array;

  constructor(
    private readonly columns: readonly DoseColumn[],
    private readonly n: number,
  ) {
    this.scratch = new Uint8Array(n);
    this.sums = new Float64Array(columns.length);
    this.squares = new Float64Array(columns.length);
    this.missingRows = columns.map((_, j) => {
      const rows: number[] = [];
      let sum = 0;
      let squares = 0;
      this.codes(j).forEach((g, r) => {
        if (g === MISSING_CODE) rows.push(r);
        else {
          sum += g;
          squares += g * g;
        }
      });
      this.sums[j] = sum;
      this.squares[j] = squares;
      return Int32Array.from(rows);
    });
  }

  /** Column j's 1-byte codes (valid until the next call). */
  private codes(j: number): Uint8Array {
    return doseCodes(this.columns[j], this.n, this.scratch);
  }

  /** Column j's code at row r. */
  private code(j: number, r: number): number {
    const column = this.columns[j];
    return column instanceof Uint8Array ? column[r] : codeAt(column, r);
  }

  /** Column j's bit planes (made once while j is in the window). */
  private planesOf(j: number): Planes {
    let c = this.planes.get(j);
    if (!c) {
      const column = this.codes(j);
      const words = (column.length + 31) >> 5;
      c = { lo: new Int32Array(words), hi: new Int32Array(words) };
      for (let i = 0; i < column.length; i++) {
        const g = column[i];
        if (g === 1 || g === 2) c.lo[i >> 5] |= 1 << (i & 31);
        if (g === 2) c.hi[i >> 5] |= 1 << (i & 31);
      }
      this.planes.set(j, c);
    }
    return c;
  }

  /** Lets go of the copies of columns before `j` (the window has moved past them). */
  releaseBefore(j: number): void {
    for (const k of this.planes.keys()) if (k < j) this.planes.delete(k);
  }

  /** Dose of column j at row r, missing as 0. */
  private dose(j: number, r: number): number {
    const g = this.code(j, r);
    return g === MISSING_CODE ? 0 : g;
  }

  /** Squared correlation of columns i and j over the samples called at both (as pairR2). */
  r2(i: number, j: number): number {
    const a = this.planesOf(i);
    const b = this.planesOf(j);
    const sab = planeProduct(a.lo, a.hi, b.lo, b.hi);
    let sa = this.sums[i];
    let saa = this.squares[i];
    let sb = this.sums[j];
    let sbb = this.squares[j];
    const mi = this.missingRows[i];
    const mj = this.missingRows[j];
    let both = 0;
    for (const r of mj) {
      const x = this.dose(i, r);
      sa -= x;
      saa -= x * x;
      if (this.code(i, r) === MISSING_CODE) both++;
    }
    for (const r of mi) {
      const y = this.dose(j, r);
      sb -= y;
      sbb -= y * y;
    }
    const n = this.n - mi.length - mj.length + both;
    const va = n * saa - sa * sa;
    const vb = n * sbb - sb * sb;
    if (va <= 0 || vb <= 0) return 0;
    const cov = n * sab - sa * sb;
    return (cov * cov) / (va * vb);
  }
}

/** Minor-allele count and called alleles of a dose column: MAF = minor / total, compared without rounding. */
function mafOf(column: Uint8Array): { minor: number; total: number } {
  let called = 0;
  let alleles = 0;
  for (const g of column) {
    if (g === MISSING_CODE) continue;
    called++;
    alleles += g;
  }
  return { minor: Math.min(alleles, 2 * called - alleles), total: 2 * called };
}

/** Whether a dose column holds two different called doses. */
function varies(column: Uint8Array): boolean {
  let first = MISSING_CODE;
  for (const g of column) {
    if (g === MISSING_CODE) continue;
    if (first === MISSING_CODE) first = g;
    else if (g !== first) return true;
  }
  return false;
}

/** a's MAF below b's, exactly (equal frequencies such as 48/240 and 0.2 are equal, as PLINK's epsilon makes them). */
function rarer(a: { minor: number; total: number }, b: { minor: number; total: number }): boolean {
  return a.minor * b.total < b.minor * a.total;
}

/**
 * Which variants `--indep-pairwise` keeps: keep[j] for column j. `chromosomes[j]` (optional) keeps windows within
 * a chromosome, as PLINK does; the columns must be in genome order within each chromosome. `nSamples` is the rows
 * of each column, needed for packed columns (which do not carry it).
 */
export function ldPrune(
  columns: readonly DoseColumn[],
  options: LdPruneOptions,
  chromosomes?: readonly string[],
  nSamples?: number,
): boolean[] {
  const error = ldPruneOptionsError(options);
  if (error) throw new Error(error);
  if (chromosomes && chromosomes.length !== columns.length)
    throw new Error(`${chromosomes.length} chromosomes given for ${columns.length} variants.`);
  const first = columns[0];
  const n = nSamples ?? (first instanceof Uint8Array ? first.length : first?.values?.length);
  if (n === undefined && columns.length > 0)
    throw new Error('ldPrune needs the number of samples of packed dose columns.');
  const scratch = new Uint8Array(n ?? 0);
  const keep = columns.map((column) => varies(doseCodes(column, n ?? 0, scratch)));
  const maf = columns.map((column) => mafOf(doseCodes(column, n ?? 0, scratch)));
  const pairs = new PairCorrelation(columns, n ?? 0);
  // Runs of one chromosome: windows never span two.
  let start = 0;
  while (start < columns.length) {
    let end = start + 1;
    while (end < columns.length && chromosomes && chromosomes[end] === chromosomes[start]) end++;
    if (!chromosomes) end = columns.length;
    pruneRun(pairs, maf, keep, start, end, options);
    start = end;
  }
  return keep;
}

/**
 * Prunes the variants [from, to) of one chromosome, window by window. As PLINK 1.9 does it, a variant's scan stops at
 * its first pair above the threshold (one of the two is pruned) and the next variant's scan starts; the passes over a
 * window repeat until one prunes nothing, and each variant's scan resumes where it stopped (pairs are tested once).
 */
function pruneRun(
  pairs: PairCorrelation,
  maf: { minor: number; total: number }[],
  keep: boolean[],
  from: number,
  to: number,
  { window, step, r2 }: LdPruneOptions,
): void {
  // resume[i]: the first partner variant i has not been tested against yet.
  const resume = new Map<number, number>();
  for (let w = from; w < to; w += step) {
    const end = Math.min(w + window, to);
    let pruned = true;
    while (pruned) {
      pruned = false;
      for (let i = w; i < end; i++) {
        if (!keep[i]) continue;
        let j = Math.max(resume.get(i) ?? i + 1, i + 1);
        for (; j < end; j++) {
          if (!keep[j]) continue;
          if (!(pairs.r2(i, j) > r2)) continue;
          pruned = true;
          if (rarer(maf[i], maf[j])) keep[i] = false;
          else keep[j] = false;
          break;
        }
        resume.set(i, j < end ? j + 1 : end);
      }
    }
    for (let i = w; i < Math.min(w + step, end); i++) resume.delete(i);
    pairs.releaseBefore(w + step);
    if (end === to) break;
  }
}
