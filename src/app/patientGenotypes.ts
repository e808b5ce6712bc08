/**
 * A new patient's genotype fields filled from the patient's own genotype file (a VCF, a .bed trio or a .raw, read
 * by the cohort readers), as the data worker answers `patientGenotypes`. Each model variant is found in the file by
 * its variant ID and its dose turned into copies of the allele the model counts (engine alleleMatch): swapped
 * alleles are recounted, strand flips read on the other strand, A/T and C/G SNPs and other mismatches refused and
 * counted. Variants the file lacks stay unknown and are counted. The clinical fields are never touched.
 */
import {
  MISSING_CODE,
  type Encoding,
  type GenotypeCoding,
  type RawTable,
} from '../engine/data/types';
import { cellText, codeAt, codeValues } from '../engine/data/cells';
import { matchAlleles, matchedDose, type AlleleMatch } from '../engine/data/genomic/alleleMatch';

/** One sample of a genotype file, as the sample picker lists it. */
export interface GenotypeFileSample {
  /** Row of the sample in the file. */
  index: number;
  /** The sample's ID (IID; with the family ID when IIDs repeat). */
  id: string;
}

/** What filling the form from a genotype file did, figure by figure. */
export interface GenotypeFill {
  /** The sample whose genotypes were used. */
  sample: string;
  /** Dose of the model's counted allele per genotype feature of the model; null when left unknown. */
  values: Record<string, number | null>;
  /** Genotype features of the model. */
  variants: number;
  /** Fields filled with a dose. */
  filled: number;
  /** Variants of the model not in the file: left unknown. */
  notInFile: number;
  /** Variants in the file with no call for this sample: left unknown. */
  noCall: number;
  /** Variants whose file counts the model's other allele: recounted as 2 − dose. */
  swapped: number;
  /** Variants read on the other strand (A↔T, C↔G), swapped or not. */
  flipped: number;
  /** A/T or C/G SNPs: the strand cannot be told, left unknown. */
  palindromic: number;
  /** Variants whose alleles differ otherwise: left unknown. */
  mismatched: number;
  /** A few refused variants with the reason, for the user to check. */
  refusedExamples: string[];
}

/** A genotype file's answer: the filled fields, or the samples to choose from when it holds several. */
export type PatientGenotypes =
  { kind: 'filled'; fill: GenotypeFill } | { kind: 'choose'; samples: GenotypeFileSample[] };

type GenotypeFeature = { name: string; genotype: GenotypeCoding };

/** The model's genotype features (numeric features coded as a dose). */
function genotypeFeatures(encoding: Encoding): GenotypeFeature[] {
  return encoding.features.flatMap((f) =>
    f.kind === 'numeric' && f.genotype ? [{ name: f.name, genotype: f.genotype }] : [],
  );
}

/** A variant's ID from a column name: PLINK and the VCF reader name a column `${id}_${counted allele}`. */
function variantId(name: string, counted: string): string {
  const suffix = `_${counted}`;
  return counted !== '' && name.endsWith(suffix) ? name.slice(0, -suffix.length) : name;
}

/** The coding of a file column: its reader's, or (a dosage column) the allele its name ends with. */
function fileCoding(table: RawTable, c: number): GenotypeCoding | null {
  const coded = table.coded?.[c];
  if (coded) return coded.levels ? null : (coded.genotype ?? null);
  if (!table.numbers?.[c]) return null;
  const name = table.headers[c];
  const cut = name.lastIndexOf('_');
  const allele = cut > 0 ? name.slice(cut + 1) : '';
  return /^[ACGTN*]+$/i.test(allele) ? { counted: allele, other: '', source: 'plink' } : null;
}

/** The samples of a genotype file, labelled by ID (the family ID added when IDs repeat). */
export function genotypeFileSamples(table: RawTable): GenotypeFileSample[] {
  const idColumn = table.hints?.id ? table.headers.indexOf(table.hints.id) : -1;
  const family = table.hints?.groups?.[0] ? table.headers.indexOf(table.hints.groups[0]) : -1;
  const ids = Array.from({ length: table.rowCount }, (_, r) =>
    idColumn >= 0 ? cellText(table, idColumn, r) : `Sample ${r + 1}`,
  );
  const seen = new Map<string, number>();
  for (const id of ids) seen.set(id, (seen.get(id) ?? 0) + 1);
  return ids.map((id, index) => ({
    index,
    id: (seen.get(id) ?? 0) > 1 && family >= 0 ? `${cellText(table, family, index)} ${id}` : id,
  }));
}

/** Each model variant's column in the file and how its alleles match (null: not in the file). */
interface Aligned {
  feature: GenotypeFeature;
  column: number;
  match: AlleleMatch;
}

/**
 * The file column of each genotype feature of the model, found by exact name, else by variant ID (a VCF names
 * rs1_G what a .bim names rs1_A), with how its alleles match the model's. Of several columns with the ID (the
 * alternate alleles of a multi-allelic site) the one whose alleles match is taken.
 */
function alignVariants(features: GenotypeFeature[], table: RawTable): (Aligned | null)[] {
  const byName = new Map<string, number>();
  const byId = new Map<string, number[]>();
  table.headers.forEach((h, c) => {
    const coding = fileCoding(table, c);
    if (!coding) return;
    if (!byName.has(h)) byName.set(h, c);
    const id = variantId(h, coding.counted);
    const list = byId.get(id);
    if (list) list.push(c);
    else byId.set(id, [c]);
  });
  return features.map((feature) => {
    const exact = byName.get(feature.name);
    const candidates = [
      ...(exact === undefined ? [] : [exact]),
      ...(byId.get(variantId(feature.name, feature.genotype.counted)) ?? []),
    ];
    let first: Aligned | null = null;
    for (const column of candidates) {
      const match = matchAlleles(feature.genotype, fileCoding(table, column) as GenotypeCoding);
      if (match.kind !== 'palindromic' && match.kind !== 'mismatch') {
        return { feature, column, match };
      }
      first ??= { feature, column, match };
    }
    return first;
  });
}

/** The dose of file column c for row r, in copies of the file's counted allele (NaN: no call). */
function fileDose(table: RawTable, c: number, r: number): number {
  const coded = table.coded?.[c];
  if (coded) {
    const g = codeAt(coded, r);
    return g === MISSING_CODE ? NaN : g;
  }
  const numbers = table.numbers?.[c];
  return numbers ? numbers.values[r] : NaN;
}

/**
 * The genotype fields of sample `row` of `table` for a model with `encoding`, every variant either filled with the
 * dose of the model's counted allele or left unknown and counted by why. Refused when the model has no genotype
 * fields or the file shares no variant with it.
 */
export function fillFromGenotypes(encoding: Encoding, table: RawTable, row: number): GenotypeFill {
  const features = genotypeFeatures(encoding);
  if (features.length === 0) {
    throw new Error(
      'This model has no genotype fields: a genotype file has nothing to fill. Type the fields by hand.',
    );
  }
  if (!Number.isInteger(row) || row < 0 || row >= table.rowCount) {
    throw new Error(`The file has no sample ${row + 1}: it holds ${table.rowCount}.`);
  }
  const aligned = alignVariants(features, table);
  if (aligned.every((a) => a === null)) {
    const some = features
      .slice(0, 3)
      .map((f) => variantId(f.name, f.genotype.counted))
      .join(', ');
    throw new Error(
      `None of the model’s ${features.length.toLocaleString('en-US')} variants (${some}${features.length > 3 ? ', …' : ''}) is in this file: are the variant IDs the same (rsIDs in the .bim or the VCF ID column)?`,
    );
  }
  const fill: GenotypeFill = {
    sample: genotypeFileSamples(table)[row].id,
    values: {},
    variants: features.length,
    filled: 0,
    notInFile: 0,
    noCall: 0,
    swapped: 0,
    flipped: 0,
    palindromic: 0,
    mismatched: 0,
    refusedExamples: [],
  };
  aligned.forEach((a, j) => {
    const name = features[j].name;
    fill.values[name] = null;
    if (a === null) {
      fill.notInFile++;
      return;
    }
    const { match } = a;
    if (match.kind === 'palindromic' || match.kind === 'mismatch') {
      if (match.kind === 'palindromic') fill.palindromic++;
      else fill.mismatched++;
      if (fill.refusedExamples.length < 5) fill.refusedExamples.push(`${name}: ${match.reason}`);
      return;
    }
    const dose = fileDose(table, a.column, row);
    if (Number.isNaN(dose)) {
      fill.noCall++;
      return;
    }
    if (match.kind === 'swapped' || match.kind === 'flipped-swapped') fill.swapped++;
    if (match.kind === 'flipped' || match.kind === 'flipped-swapped') fill.flipped++;
    fill.values[name] = matchedDose(match, dose);
    fill.filled++;
  });
  return fill;
}

/**
 * A genotype file's answer for the new-patient form: with one sample (or `sample`, a row the picker chose), its
 * fields filled; with several and none chosen, the samples to choose from.
 */
export function patientGenotypes(
  encoding: Encoding,
  table: RawTable,
  sample?: number,
): PatientGenotypes {
  if (table.rowCount === 0) throw new Error('This genotype file holds no sample.');
  if (sample === undefined && table.rowCount > 1) {
    return { kind: 'choose', samples: genotypeFileSamples(table) };
  }
  return { kind: 'filled', fill: fillFromGenotypes(encoding, table, sample ?? 0) };
}

/** The variants a model reads from genotype columns: its genotype features and its ancestry components' variants. */
export function modelVariants(
  encoding: Encoding,
  ancestry?: { variants: string[]; counted: string[]; other: string[] } | null,
): GenotypeFeature[] {
  const out = genotypeFeatures(encoding);
  const seen = new Set(out.map((v) => v.name));
  ancestry?.variants.forEach((name, j) => {
    if (seen.has(name)) return;
    seen.add(name);
    out.push({
      name,
      genotype: { counted: ancestry.counted[j], other: ancestry.other[j], source: 'plink' },
    });
  });
  return out;
}

/**
 * A table of new patients read from genotype files with its genotype columns recoded to the model's: one column
 * per model variant found, named as the model names it and counting the model's allele (swapped alleles recounted,
 * strand flips read on the other strand); the file's other genotype columns and the refused ones (A/T, C/G SNPs,
 * other alleles) are left out, so they are read as unknown, and `notes` counts them in words. Other columns are kept.
 */
export function alignGenotypeTable(
  variants: { name: string; genotype: GenotypeCoding }[],
  table: RawTable,
): { table: RawTable; notes: string[] } {
  const aligned = alignVariants(variants, table);
  const usable = aligned.filter(
    (a): a is Aligned =>
      a !== null && a.match.kind !== 'palindromic' && a.match.kind !== 'mismatch',
  );
  const names = new Set(usable.map((a) => a.feature.name));
  const keep = table.headers.flatMap((h, c) =>
    fileCoding(table, c) !== null || names.has(h) ? [] : [c],
  );
  const n = table.rowCount;
  const coded: (NonNullable<RawTable['coded']>[number] | null)[] = keep.map(
    (c) => table.coded?.[c] ?? null,
  );
  const numbers: (NonNullable<RawTable['numbers']>[number] | null)[] = keep.map(
    (c) => table.numbers?.[c] ?? null,
  );
  const columns = keep.map((c) => table.columns[c]);
  for (const { feature, column, match } of usable) {
    const source = table.coded?.[column];
    if (source) {
      const codes = codeValues(source, n);
      const values = new Uint8Array(n);
      for (let r = 0; r < n; r++) {
        const g = codes[r];
        values[r] = g === MISSING_CODE ? MISSING_CODE : matchedDose(match, g);
      }
      coded.push({ values, genotype: { ...feature.genotype } });
      numbers.push(null);
      columns.push([]);
    } else {
      // A dosage column: the recounted dose as text, rounded past what any VCF writes to keep 2 − 0.3 = 1.7.
      coded.push(null);
      numbers.push(null);
      columns.push(
        Array.from({ length: n }, (_, r) => {
          const d = fileDose(table, column, r);
          return Number.isNaN(d) ? '' : String(Number(matchedDose(match, d).toFixed(6)));
        }),
      );
    }
  }
  const counts = { notInFile: 0, swapped: 0, flipped: 0, palindromic: 0, mismatched: 0 };
  for (const a of aligned) {
    if (a === null) counts.notInFile++;
    else if (a.match.kind === 'palindromic') counts.palindromic++;
    else if (a.match.kind === 'mismatch') counts.mismatched++;
    else {
      if (a.match.kind === 'swapped' || a.match.kind === 'flipped-swapped') counts.swapped++;
      if (a.match.kind === 'flipped' || a.match.kind === 'flipped-swapped') counts.flipped++;
    }
  }
  const all = variants.length.toLocaleString('en-US');
  const count = (k: number) => `${k.toLocaleString('en-US')} of ${all} variants`;
  const notes = [
    counts.notInFile > 0 && `${count(counts.notInFile)} not in the file: left unknown.`,
    counts.palindromic > 0 &&
      `${count(counts.palindromic)} refused as A/T or C/G SNPs (the strand cannot be told from the alleles): left unknown.`,
    counts.mismatched > 0 &&
      `${count(counts.mismatched)} refused: the file's alleles are not the model's: left unknown.`,
    counts.swapped > 0 &&
      `${count(counts.swapped)} counted the model's other allele in the file: recounted as 2 − dose.`,
    counts.flipped > 0 && `${count(counts.flipped)} read on the other strand (A↔T, C↔G).`,
  ].filter((x): x is string => typeof x === 'string');
  return {
    table: {
      ...table,
      headers: [...keep.map((c) => table.headers[c]), ...usable.map((a) => a.feature.name)],
      originalHeaders: [
        ...keep.map((c) => table.originalHeaders[c]),
        ...usable.map((a) => a.feature.name),
      ],
      columns,
      coded,
      numbers,
    },
    notes,
  };
}
