/**
 * PLINK 1 binary filesets (.bed + .bim + .fam) → a RawTable whose SNP columns are 1-byte allele counts.
 * The .bed holds, per SNP, ceil(samples / 4) bytes; each sample takes 2 bits, lowest bits first:
 * 00 = homozygous for A1 (the .bim's 5th column), 01 = missing, 10 = heterozygous, 11 = homozygous A2.
 * A column is named rsID_A1 and counts copies of A1, exactly as `plink1.9 --recode A` writes it.
 */
import { tableWithCodes } from '../cells';
import { nameHeaders } from '../parse';
import { MISSING_CODE, type GenotypeCoding, type RawTable } from '../types';
import { shortName } from '../values';
import { plinkSampleColumns } from './plinkFields';

const MAGIC = [0x6c, 0x1b];
const SNP_MAJOR = 0x01;

/** One .bim line: chromosome, variant ID, position in cM and bp, allele 1 (counted) and allele 2. */
export interface BimVariant {
  chrom: string;
  id: string;
  cm: string;
  bp: string;
  a1: string;
  a2: string;
}

/** Reads a .bim file (6 whitespace-separated fields per line). */
export function parseBim(text: string): BimVariant[] {
  const out: BimVariant[] = [];
  text.split('\n').forEach((line, i) => {
    const f = line.trim().split(/\s+/);
    if (f.length === 1 && f[0] === '') return;
    if (f.length < 6)
      throw new Error(`Line ${i + 1} of the .bim file has ${f.length} fields, not 6.`);
    out.push({ chrom: f[0], id: f[1], cm: f[2], bp: f[3], a1: f[4], a2: f[5] });
  });
  return out;
}

/** Reads a .fam file into its six fields, column by column (FID, IID, PAT, MAT, SEX, PHENOTYPE). */
export function parseFam(text: string): string[][] {
  const fields: string[][] = [[], [], [], [], [], []];
  text.split('\n').forEach((line, i) => {
    const f = line.trim().split(/\s+/);
    if (f.length === 1 && f[0] === '') return;
    if (f.length < 6)
      throw new Error(`Line ${i + 1} of the .fam file has ${f.length} fields, not 6.`);
    for (let k = 0; k < 6; k++) fields[k].push(f[k]);
  });
  return fields;
}

/** Dose of A1 for each 2-bit .bed code: 00 → 2, 01 → missing, 10 → 1, 11 → 0 (PLINK 1.9's table). */
const DOSE_OF_CODE = [2, MISSING_CODE, 1, 0];
/** For every byte, the doses of its four samples (lowest bits first): one lookup per byte, not per sample. */
const BYTE_DOSES = (() => {
  const t = new Uint8Array(256 * 4);
  for (let b = 0; b < 256; b++)
    for (let k = 0; k < 4; k++) t[b * 4 + k] = DOSE_OF_CODE[(b >> (2 * k)) & 3];
  return t;
})();

/** Decodes a SNP-major .bed into column-major doses (SNP j of sample i at j * nSamples + i). */
export function decodeBed(bed: Uint8Array, nSamples: number, nSnps: number): Uint8Array {
  if (bed.length < 3 || bed[0] !== MAGIC[0] || bed[1] !== MAGIC[1]) {
    throw new Error('This is not a PLINK .bed file (its first bytes are not 0x6c 0x1b).');
  }
  if (bed[2] !== SNP_MAJOR) {
    throw new Error(
      'This .bed file is in the old sample-major order; convert it with `plink1.9 --bfile NAME --make-bed --out NEW`.',
    );
  }
  const perSnp = Math.ceil(nSamples / 4);
  const expected = 3 + perSnp * nSnps;
  if (bed.length !== expected) {
    throw new Error(
      `The .bed file has ${bed.length} bytes, but ${nSamples} samples (.fam) and ${nSnps} variants (.bim) need ${expected}: the three files do not belong together.`,
    );
  }
  const out = new Uint8Array(nSamples * nSnps);
  const full = nSamples >> 2;
  for (let j = 0; j < nSnps; j++) {
    let at = 3 + j * perSnp;
    let o = j * nSamples;
    for (let b = 0; b < full; b++) {
      const t = bed[at++] * 4;
      out[o] = BYTE_DOSES[t];
      out[o + 1] = BYTE_DOSES[t + 1];
      out[o + 2] = BYTE_DOSES[t + 2];
      out[o + 3] = BYTE_DOSES[t + 3];
      o += 4;
    }
    const rest = nSamples & 3;
    if (rest > 0) {
      const t = bed[at] * 4;
      for (let k = 0; k < rest; k++) out[o + k] = BYTE_DOSES[t + k];
    }
  }
  return out;
}

/** A PLINK fileset (bytes of the .bed, text of the .bim and .fam) → a RawTable with 1-byte SNP columns. */
export function plinkTable(files: { bed: Uint8Array; bim: string; fam: string }): RawTable {
  const fam = parseFam(files.fam);
  const bim = parseBim(files.bim);
  const nSamples = fam[1].length;
  if (nSamples === 0) throw new Error('The .fam file lists no samples.');
  if (bim.length === 0) throw new Error('The .bim file lists no variants.');
  const codes = decodeBed(files.bed, nSamples, bim.length);
  const samples = plinkSampleColumns(fam);
  const named = nameHeaders([...samples.headers, ...bim.map((v) => `${v.id}_${v.a1}`)]);
  const genotypes: GenotypeCoding[] = bim.map((v) => ({
    counted: v.a1,
    other: v.a2,
    source: 'plink',
  }));
  const table = tableWithCodes({
    textHeaders: named.headers.slice(0, samples.headers.length),
    textColumns: samples.columns,
    codedHeaders: named.headers.slice(samples.headers.length),
    codes,
    genotypes,
    rowCount: nSamples,
  });
  table.issues.push(...named.issues);
  table.hints = samples.hints;
  let missing = 0;
  for (let i = 0; i < codes.length; i++) if (codes[i] === MISSING_CODE) missing++;
  table.conversions = [
    ...samples.conversions,
    {
      kind: 'genotype-coding',
      count: bim.length,
      message: `${bim.length} variants read from the .bed as the number of copies (0, 1, 2) of allele A1 from the .bim (column names end in _A1, e.g. ${shortName(named.headers[samples.headers.length])}), as plink --recode A counts them${missing > 0 ? `; ${missing} missing genotype calls left missing` : ''}.`,
    },
  ];
  return table;
}

/** Reads a .bed/.bim/.fam trio from Blobs (the .bed is read whole: a quarter byte per genotype). */
export async function readPlinkFiles(files: {
  bed: Blob;
  bim: Blob;
  fam: Blob;
}): Promise<RawTable> {
  const [bed, bim, fam] = await Promise.all([
    files.bed.arrayBuffer(),
    files.bim.text(),
    files.fam.text(),
  ]);
  return plinkTable({ bed: new Uint8Array(bed), bim, fam });
}
