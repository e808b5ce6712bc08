/**
 * PLINK 1 binary filesets (.bed + .bim + .fam) → a RawTable whose SNP columns are allele counts held 2 bits each
 * (CodedColumn.packed: 0, 1, 2 the count, 3 missing), a quarter of a byte a genotype as in the .bed itself.
 * The .bed holds, per SNP, ceil(samples / 4) bytes; each sample takes 2 bits, lowest bits first:
 * 00 = homozygous for A1 (the .bim's 5th column), 01 = missing, 10 = heterozygous, 11 = homozygous A2.
 * A column is named rsID_A1 and counts copies of A1, exactly as `plink1.9 --recode A` writes it.
 */
import { codeValues, countColumnCodes, tableWithCodes } from '../cells';
import { nameHeaders } from '../parse';
import { MISSING_CODE, type GenotypeCoding, type RawTable } from '../types';
import { shortName } from '../values';
import { blobName, createLineSplitter, fileLabel, ownString, readBlobText } from './lines';
import { createLociCollector } from './loci';
import { checkMemoryBudget, type MemoryBudgetOption } from './memoryBudget';
import {
  describeTrainingNeed,
  genotypeMemoryEstimate,
  type GenotypeMemoryEstimate,
  type GrowthSetting,
} from './memoryEstimate';
import { plinkSampleColumns } from './plinkFields';

const MAGIC = [0x6c, 0x1b];
const SNP_MAJOR = 0x01;

/** The variants of a .bim, as the table needs them: each column's name (ID_A1) and the alleles it counts. */
export interface BimVariants {
  names: string[];
  codings: GenotypeCoding[];
  /** Each variant's chromosome (first field) and base-pair position (fourth; NaN when 0 or unreadable: unknown). */
  chromosomes: string[];
  positions: number[];
}

/** The whitespace-separated fields of a PLINK text line, or null for a blank line. */
function lineFields(line: string, lineNo: number, file: string): string[] | null {
  const f = line.trim().split(/\s+/);
  if (f.length === 1 && f[0] === '') return null;
  if (f.length < 6)
    throw new Error(`Line ${lineNo} of the ${file} file has ${f.length} fields, not 6.`);
  return f;
}

/**
 * A .bim read line by line from text pushed in any pieces (6 whitespace-separated fields a line: chromosome, ID,
 * cM, bp, A1, A2), keeping only each variant's column name and alleles: ten million lines are never one string,
 * nor six strings each.
 */
export function createBimReader(fileName?: string): {
  push(text: string): void;
  finish(): BimVariants;
} {
  const names: string[] = [];
  const codings: GenotypeCoding[] = [];
  const loci = createLociCollector();
  let lineNo = 0;
  const onLine = (line: string): void => {
    const f = lineFields(line, ++lineNo, '.bim');
    if (f === null) return;
    const counted = ownString(f[4]);
    names.push(ownString(`${f[1]}_${counted}`));
    codings.push({ counted, other: ownString(f[5]), source: 'plink' });
    loci.add(f[0], f[3]);
  };
  const splitter = createLineSplitter(onLine, { file: fileLabel(fileName, 'the .bim file') });
  return {
    push: (text) => splitter.push(text),
    finish(): BimVariants {
      splitter.finish();
      return { names, codings, chromosomes: loci.chromosomes, positions: loci.positions };
    },
  };
}

/** A .fam read line by line into its six fields, column by column (FID, IID, PAT, MAT, SEX, PHENOTYPE). */
export function createFamReader(fileName?: string): {
  push(text: string): void;
  finish(): string[][];
} {
  const fields: string[][] = [[], [], [], [], [], []];
  let lineNo = 0;
  const onLine = (line: string): void => {
    const f = lineFields(line, ++lineNo, '.fam');
    if (f === null) return;
    for (let k = 0; k < 6; k++) fields[k].push(ownString(f[k]));
  };
  const splitter = createLineSplitter(onLine, { file: fileLabel(fileName, 'the .fam file') });
  return {
    push: (text) => splitter.push(text),
    finish(): string[][] {
      splitter.finish();
      return fields;
    },
  };
}

/** Reads a whole .bim text (see createBimReader). */
export function parseBim(text: string): BimVariants {
  const reader = createBimReader();
  reader.push(text);
  return reader.finish();
}

/** Reads a whole .fam text into its six fields, column by column (FID, IID, PAT, MAT, SEX, PHENOTYPE). */
export function parseFam(text: string): string[][] {
  const reader = createFamReader();
  reader.push(text);
  return reader.finish();
}

/**
 * Bytes loading a .bed of this many samples and variants takes at its peak: 2 bits a genotype, each variant's
 * share and the reader's working memory (memoryEstimate.ts).
 */
export function plinkBedBytes(nSamples: number, nSnps: number): number {
  return genotypeMemoryEstimate(nSamples, nSnps, { workers: 1, sharedMemory: true }).loadBytes;
}

/** The options of a .bed load that say, before its genotypes are held, what it and training will need. */
export interface BedMemoryOptions extends MemoryBudgetOption {
  /** How the forest will be grown (default: in this thread), for the training figure. */
  growth?: GrowthSetting;
  /** Called with the estimate once the samples and variants are known, before the genotypes are held. */
  onMemory?: (estimate: GenotypeMemoryEstimate) => void;
}

/** Says what a .bed of this size needs (onMemory), then refuses it when its load does not fit the budget. */
function checkBedMemory(nSamples: number, nSnps: number, options: BedMemoryOptions): void {
  const growth = options.growth ?? { workers: 1, sharedMemory: true, inProcess: true };
  const estimate = genotypeMemoryEstimate(nSamples, nSnps, growth);
  options.onMemory?.(estimate);
  checkMemoryBudget(estimate.loadBytes, options.memoryBudgetBytes, describeTrainingNeed(estimate));
}

/** Dose of A1 for each 2-bit .bed code: 00 → 2, 01 → missing, 10 → 1, 11 → 0 (PLINK 1.9's table). */
const DOSE_OF_CODE = [2, MISSING_CODE, 1, 0];
/** For every .bed byte, the same four samples as packed doses (CodedColumn.packed: the dose, 3 missing). */
const BYTE_PACKED_DOSES = (() => {
  const t = new Uint8Array(256);
  for (let b = 0; b < 256; b++)
    for (let k = 0; k < 4; k++) t[b] |= (DOSE_OF_CODE[(b >> (2 * k)) & 3] & 3) << (2 * k);
  return t;
})();

/** The error of a .bed whose first three bytes are not a SNP-major PLINK 1 .bed. */
function bedHeaderError(bed: Uint8Array): Error | null {
  if (bed.length < 3 || bed[0] !== MAGIC[0] || bed[1] !== MAGIC[1])
    return new Error('This is not a PLINK .bed file (its first bytes are not 0x6c 0x1b).');
  if (bed[2] !== SNP_MAJOR) {
    return new Error(
      'This .bed file is in the old sample-major order; convert it with `plink1.9 --bfile NAME --make-bed --out NEW`.',
    );
  }
  return null;
}

/** The error of a .bed whose size does not match the samples and variants, or null. */
function bedSizeError(bytes: number, nSamples: number, nSnps: number): Error | null {
  const expected = 3 + Math.ceil(nSamples / 4) * nSnps;
  if (bytes === expected) return null;
  return new Error(
    `The .bed file has ${bytes} bytes, but ${nSamples} samples (.fam) and ${nSnps} variants (.bim) need ${expected}: the three files do not belong together.`,
  );
}

/**
 * Recodes `count` whole SNPs of .bed bytes (from `at`) as packed doses into out, SNP j at (first + j) * ceil(nSamples
 * / 4): the same 2 bits a sample, the dose for PLINK's code, and the bits past the last sample cleared (the .bed
 * leaves them 00, which reads as a dose of 2).
 */
function packSnps(
  bed: Uint8Array,
  at: number,
  nSamples: number,
  first: number,
  count: number,
  out: Uint8Array,
): void {
  const perSnp = Math.ceil(nSamples / 4);
  const rest = nSamples & 3;
  const lastMask = (1 << (2 * rest)) - 1;
  for (let j = 0; j < count; j++) {
    const b = at + j * perSnp;
    const o = (first + j) * perSnp;
    for (let k = 0; k < perSnp; k++) out[o + k] = BYTE_PACKED_DOSES[bed[b + k]];
    if (rest > 0) out[o + perSnp - 1] &= lastMask;
  }
}

/** Packs a SNP-major .bed as packed doses, ceil(nSamples / 4) bytes a SNP (see packSnps). */
export function packBed(bed: Uint8Array, nSamples: number, nSnps: number): Uint8Array {
  const error = bedHeaderError(bed) ?? bedSizeError(bed.length, nSamples, nSnps);
  if (error) throw error;
  const out = new Uint8Array(Math.ceil(nSamples / 4) * nSnps);
  packSnps(bed, 3, nSamples, 0, nSnps, out);
  return out;
}

/** Decodes a SNP-major .bed into column-major 1-byte doses (SNP j of sample i at j * nSamples + i). */
export function decodeBed(bed: Uint8Array, nSamples: number, nSnps: number): Uint8Array {
  const packed = packBed(bed, nSamples, nSnps);
  const perSnp = Math.ceil(nSamples / 4);
  const out = new Uint8Array(nSamples * nSnps);
  for (let j = 0; j < nSnps; j++) {
    const column = { packed: packed.subarray(j * perSnp, (j + 1) * perSnp) };
    codeValues(column, nSamples, out.subarray(j * nSamples, (j + 1) * nSamples));
  }
  return out;
}

/** The table of a fileset's .fam fields, .bim variants and packed doses. */
function plinkFilesetTable(fam: string[][], bim: BimVariants, codes: Uint8Array): RawTable {
  const nSamples = fam[1].length;
  const nSnps = bim.names.length;
  const samples = plinkSampleColumns(fam);
  const named = nameHeaders([...samples.headers, ...bim.names]);
  const table = tableWithCodes({
    textHeaders: named.headers.slice(0, samples.headers.length),
    textColumns: samples.columns,
    codedHeaders: named.headers.slice(samples.headers.length),
    codes,
    packed: true,
    genotypes: bim.codings,
    rowCount: nSamples,
  });
  table.issues.push(...named.issues);
  table.hints = {
    ...samples.hints,
    loci: {
      columns: named.headers.slice(samples.headers.length),
      chromosomes: bim.chromosomes,
      positions: bim.positions,
    },
  };
  let missing = 0;
  for (const column of table.coded ?? []) {
    if (column) missing += countColumnCodes(column, nSamples)[MISSING_CODE];
  }
  table.conversions = [
    ...samples.conversions,
    {
      kind: 'genotype-coding',
      count: nSnps,
      message: `${nSnps} variants read from the .bed as the number of copies (0, 1, 2) of allele A1 from the .bim (column names end in _A1, e.g. ${shortName(named.headers[samples.headers.length])}), as plink --recode A counts them${missing > 0 ? `; ${missing} missing genotype calls left missing` : ''}.`,
    },
  ];
  return table;
}

/** A PLINK fileset (bytes of the .bed, text of the .bim and .fam) → a RawTable with packed SNP columns. */
export function plinkTable(
  files: { bed: Uint8Array; bim: string; fam: string },
  options: BedMemoryOptions = {},
): RawTable {
  const fam = parseFam(files.fam);
  const bim = parseBim(files.bim);
  if (fam[1].length === 0) throw new Error('The .fam file lists no samples.');
  if (bim.names.length === 0) throw new Error('The .bim file lists no variants.');
  checkBedMemory(fam[1].length, bim.names.length, options);
  return plinkFilesetTable(fam, bim, packBed(files.bed, fam[1].length, bim.names.length));
}

/** The .bed bytes read at a time: whole SNPs, about this many bytes. */
const BED_SLICE_BYTES = 4 * 1024 * 1024;

/**
 * Reads a .bed/.bim/.fam trio from Blobs. The .fam and .bim are read as streams of lines; before the .bim's names and
 * the genotype matrix are held, what they need (from the .fam's samples and the .bed's size) is checked against
 * memoryBudgetBytes; the .bed is then recoded slice by slice into the packed doses, never held whole beside them.
 */
export async function readPlinkFiles(
  files: { bed: Blob; bim: Blob; fam: Blob },
  options: BedMemoryOptions & {
    chunkSize?: number;
    signal?: AbortSignal;
    onBytes?: (read: number) => void;
  } = {},
): Promise<RawTable> {
  const text = { chunkSize: options.chunkSize, signal: options.signal };
  const famReader = createFamReader(blobName(files.fam));
  await readBlobText(files.fam, (t) => famReader.push(t), text);
  const fam = famReader.finish();
  const nSamples = fam[1].length;
  if (nSamples === 0) throw new Error('The .fam file lists no samples.');
  const perSnp = Math.ceil(nSamples / 4);
  // The variants the .bed holds by its size (the .bim must agree, checked below).
  checkBedMemory(nSamples, Math.floor(Math.max(0, files.bed.size - 3) / perSnp), options);
  const bimReader = createBimReader(blobName(files.bim));
  await readBlobText(files.bim, (t) => bimReader.push(t), text);
  const bim = bimReader.finish();
  const nSnps = bim.names.length;
  if (nSnps === 0) throw new Error('The .bim file lists no variants.');
  const head = new Uint8Array(await files.bed.slice(0, 3).arrayBuffer());
  const error = bedHeaderError(head) ?? bedSizeError(files.bed.size, nSamples, nSnps);
  if (error) throw error;
  // In shared memory where it can be shared (Node; a cross-origin isolated page): the encoded cohort and the pool's
  // workers then read these codes in place instead of a copy each (encode.ts packedView).
  const shared =
    typeof SharedArrayBuffer === 'function' &&
    (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  const codes = new Uint8Array(
    shared ? new SharedArrayBuffer(perSnp * nSnps) : new ArrayBuffer(perSnp * nSnps),
  );
  const snpsPerSlice = Math.max(1, Math.floor((options.chunkSize ?? BED_SLICE_BYTES) / perSnp));
  for (let first = 0; first < nSnps; first += snpsPerSlice) {
    options.signal?.throwIfAborted();
    const count = Math.min(snpsPerSlice, nSnps - first);
    const start = 3 + first * perSnp;
    const bytes = new Uint8Array(
      await files.bed.slice(start, start + count * perSnp).arrayBuffer(),
    );
    if (bytes.length !== count * perSnp)
      throw new Error('The .bed file could not be read whole: it changed or is unreadable.');
    packSnps(bytes, 0, nSamples, first, count, codes);
    options.onBytes?.(start + count * perSnp);
  }
  return plinkFilesetTable(fam, bim, codes);
}
