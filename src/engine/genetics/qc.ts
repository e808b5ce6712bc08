/**
 * Variant and sample quality control as PLINK 1.9 does it, on genotype columns of dose codes (a byte a call, or a
 * .bed's 2 bits, read a column at a time as bytes): per
 * variant the minor-allele frequency (--freq), call rate (--missing) and Hardy–Weinberg exact p (--hardy), per sample
 * the call rate; and PLINK's filters with PLINK's meanings, in PLINK 1.9's order: --mind (samples with more missing
 * calls than the threshold), then on the samples left --geno (variants with more missing calls), --hwe (variants
 * with p below) and --maf (variants with MAF below). PLINK 1.9 logs them in that order too.
 */
import { cellText, codeValues } from '../data/cells';
import { MISSING_CODE, type CodedColumn, type RawTable } from '../data/types';
import { hweExactP } from './hwe';

/** PLINK's filter thresholds; a filter not given is not applied (as in PLINK). */
export interface QcFilters {
  /** --maf: remove variants whose minor-allele frequency is below this. */
  maf?: number;
  /** --geno: remove variants whose share of missing calls is above this. */
  geno?: number;
  /** --mind: remove samples whose share of missing calls is above this. */
  mind?: number;
  /** --hwe: remove variants whose Hardy–Weinberg exact p is below this. */
  hwe?: number;
}

/** The thresholds PLINK 1.9 uses when a filter flag is given without a value (--hwe always needs one). */
export const PLINK_FILTER_DEFAULTS = { maf: 0.01, geno: 0.1, mind: 0.1 } as const;

/** The filters in the order PLINK 1.9 applies them. */
export const QC_FILTER_ORDER = ['mind', 'geno', 'hwe', 'maf'] as const;
export type QcFilterName = (typeof QC_FILTER_ORDER)[number];

/** One variant's figures, over the samples the sample filter kept. */
export interface VariantQc {
  /** Index of the column in the table. */
  column: number;
  name: string;
  /** From the .bim or the VCF; null when the file does not say (a .raw, a CSV) or gives position 0. */
  chromosome: string | null;
  position: number | null;
  /** Frequency of the rarer allele among the called alleles; NaN when no sample was called or a call is polyploid. */
  maf: number;
  /** Share of samples with a call. */
  callRate: number;
  /** Hardy–Weinberg exact-test p over every sample called (PLINK's ALL row); NaN as maf. */
  hweP: number;
  /** Samples with 2, 1 and 0 copies of the counted allele (PLINK's GENO column when A1 is counted). */
  counts: [number, number, number];
  /** The first filter that removed the variant, or null when it is kept. */
  removedBy: Exclude<QcFilterName, 'mind'> | null;
}

/** One sample's call rate over every genotype column. */
export interface SampleQc {
  row: number;
  id: string;
  callRate: number;
  removedBy: 'mind' | null;
}

/** What one filter removed, in the order applied. */
export interface QcStep {
  filter: QcFilterName;
  threshold: number;
  removed: number;
  unit: 'samples' | 'variants';
}

/** Per-variant and per-sample figures and what the filters removed. */
export interface QcResult {
  variants: VariantQc[];
  samples: SampleQc[];
  steps: QcStep[];
  variantsKept: number;
  samplesKept: number;
  /** Where these figures differ from PLINK's on the same file, in words. */
  notes: string[];
}

/** The table's genotype columns held as hard calls (PLINK .bed/.raw, VCF GT): the columns QC counts. */
export function genotypeColumns(table: RawTable): number[] {
  const out: number[] = [];
  table.coded?.forEach((column, c) => {
    if (column?.genotype && !column.levels) out.push(c);
  });
  return out;
}

/** Why a filter threshold cannot be used (in PLINK's words of the flag), or null when it can. */
export function qcFilterError(name: QcFilterName, value: number): string | null {
  const max = name === 'maf' ? 0.5 : 1;
  if (!Number.isFinite(value) || value < 0 || value > max)
    return `--${name} must be a number from 0 to ${max}, got ${value}`;
  return null;
}

const SEX_CHROMOSOME = /^(chr)?(x|y|xy|mt?|2[3-6])$/i;

/** How many cells of each code a column has among the kept samples. */
function countColumn(values: Uint8Array, keep: Uint8Array, out: Int32Array): void {
  out.fill(0);
  for (let r = 0; r < values.length; r++) if (keep[r] === 1) out[values[r]]++;
}

/**
 * Computes QC figures for every genotype column and applies the filters given, in PLINK 1.9's order (--mind, then
 * --geno, --hwe, --maf on the samples left). Each column is read once, and once more only when --mind removed
 * samples (their figures are then those of the samples kept, as PLINK's filters see them).
 */
export function variantQc(table: RawTable, filters: QcFilters = {}): QcResult {
  for (const name of QC_FILTER_ORDER) {
    const value = filters[name];
    if (value === undefined) continue;
    const error = qcFilterError(name, value);
    if (error) throw new Error(error);
  }
  const columns = genotypeColumns(table);
  if (columns.length === 0) {
    throw new Error(
      'This table has no genotype calls to check: QC reads hard-called genotypes from a PLINK .bed or .raw, or a VCF with GT.',
    );
  }
  const n = table.rowCount;
  const coded = table.coded ?? [];
  const counts = new Int32Array(256);
  const sampleMissing = new Int32Array(n);
  // Per variant over all samples: samples with 2, 1, 0 copies and missing (one array, not an object per variant).
  const raw = new Int32Array(4 * columns.length);
  // A packed column's codes as bytes, one column at a time.
  const scratch = new Uint8Array(n);
  const valuesOf = (c: number): Uint8Array => codeValues(coded[c] as CodedColumn, n, scratch);
  // The first pass: each variant's counts over all samples and each sample's missing calls.
  for (const [j, c] of columns.entries()) {
    const values = valuesOf(c);
    counts.fill(0);
    for (let r = 0; r < n; r++) {
      const v = values[r];
      counts[v]++;
      if (v === MISSING_CODE) sampleMissing[r]++;
    }
    raw.set([counts[2], counts[1], counts[0], counts[MISSING_CODE]], 4 * j);
  }

  const idColumn = table.hints?.id ? table.headers.indexOf(table.hints.id) : -1;
  const steps: QcStep[] = [];
  let keep: Uint8Array | null = null;
  const samples: SampleQc[] = [];
  let samplesRemoved = 0;
  for (let r = 0; r < n; r++) {
    const missingShare = sampleMissing[r] / columns.length;
    const removed = filters.mind !== undefined && missingShare > filters.mind;
    if (removed) {
      keep ??= new Uint8Array(n).fill(1);
      keep[r] = 0;
      samplesRemoved++;
    }
    samples.push({
      row: r,
      id: idColumn >= 0 ? cellText(table, idColumn, r) : String(r + 1),
      callRate: (columns.length - sampleMissing[r]) / columns.length,
      removedBy: removed ? 'mind' : null,
    });
  }
  if (filters.mind !== undefined)
    steps.push({
      filter: 'mind',
      threshold: filters.mind,
      removed: samplesRemoved,
      unit: 'samples',
    });
  const kept = n - samplesRemoved;

  const loci = lociByName(table);
  // Each variant's missing share as missing / samples, so a share equal to a threshold compares equal to it.
  const missingShare: number[] = [];
  // Calls of more than two copies (a VCF's polyploid GT): no diploid MAF or HWE for their variant.
  let polyploid = 0;
  let polyploidExample = '';
  const variants: VariantQc[] = columns.map((c, j) => {
    let k = raw.subarray(4 * j, 4 * j + 4);
    if (keep !== null) {
      countColumn(valuesOf(c), keep, counts);
      k = Int32Array.of(counts[2], counts[1], counts[0], counts[MISSING_CODE]);
    }
    const called = k[0] + k[1] + k[2];
    missingShare.push(kept === 0 ? NaN : k[3] / kept);
    const diploid = called + k[3] === kept;
    if (!diploid && polyploid++ === 0) polyploidExample = table.headers[c];
    const countedAlleles = 2 * k[0] + k[1];
    const frequency = called === 0 || !diploid ? NaN : countedAlleles / (2 * called);
    const locus = loci.get(table.headers[c]);
    return {
      column: c,
      name: table.headers[c],
      chromosome: locus?.chromosome ?? null,
      position: locus && !Number.isNaN(locus.position) ? locus.position : null,
      maf: Math.min(frequency, 1 - frequency),
      callRate: kept === 0 ? NaN : (kept - k[3]) / kept,
      hweP: called === 0 || !diploid ? NaN : hweExactP(k[1], k[0], k[2]),
      counts: [k[0], k[1], k[2]],
      removedBy: null,
    };
  });

  for (const filter of ['geno', 'hwe', 'maf'] as const) {
    const threshold = filters[filter];
    if (threshold === undefined) continue;
    let removed = 0;
    for (const [j, v] of variants.entries()) {
      if (v.removedBy !== null) continue;
      // Shares are compared as PLINK states them: a variant exactly at a threshold is kept. A variant with no call
      // has no MAF to reach --maf (its missing share, 1, is already above any --geno below 1).
      const out =
        filter === 'geno'
          ? !(missingShare[j] <= threshold)
          : filter === 'hwe'
            ? v.hweP < threshold
            : !(v.maf >= threshold);
      if (out) {
        v.removedBy = filter;
        removed++;
      }
    }
    steps.push({ filter, threshold, removed, unit: 'variants' });
  }

  const notes = [
    'Every sample counts as a founder (PLINK 1.9 counts only founders for MAF and HWE) and HWE is tested over all samples, cases and controls alike (PLINK 1.9’s --hwe tests controls only unless given include-nonctrl; --hardy’s ALL row is the figure here).',
  ];
  if (variants.some((v) => v.chromosome !== null && SEX_CHROMOSOME.test(v.chromosome))) {
    notes.push(
      'Variants on X, Y, XY or MT are counted as if diploid and autosomal; PLINK counts male X and Y calls as haploid.',
    );
  }
  if (polyploid > 0) {
    notes.push(
      `${polyploid} variant${polyploid === 1 ? ' has' : 's have'} calls of more than two copies (polyploid genotypes, e.g. ${polyploidExample}): no MAF or HWE p is given for ${polyploid === 1 ? 'it' : 'them'}, and --maf removes ${polyploid === 1 ? 'it' : 'them'} (PLINK reads diploid calls only).`,
    );
  }
  return {
    variants,
    samples,
    steps,
    variantsKept: variants.filter((v) => v.removedBy === null).length,
    samplesKept: kept,
    notes,
  };
}

/** The table's loci hint as a lookup by column name. */
function lociByName(table: RawTable): Map<string, { chromosome: string; position: number }> {
  const out = new Map<string, { chromosome: string; position: number }>();
  const loci = table.hints?.loci;
  if (!loci) return out;
  loci.columns.forEach((name, i) =>
    out.set(name, { chromosome: loci.chromosomes[i], position: loci.positions[i] }),
  );
  return out;
}
