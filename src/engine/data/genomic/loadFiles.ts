/**
 * The one entry point for loading a cohort from the files a user drops or names on the command line:
 * CSV/TSV/TXT, PLINK .raw, .bed+.bim+.fam, VCF/.vcf.gz, and a clinical table beside the genotypes.
 * Formats are told by name (and a .txt by its first line); genotypes plus a clinical table are joined.
 */
import { parseCsvBlob, type ParseOptions } from '../parse';
import type { Conversion, ParseProgress, RawTable } from '../types';
import { joinGenotypesClinical, type JoinKeyChoice, type JoinSummary } from './join';
import type { MemoryBudgetOption } from './memoryBudget';
import { describeGenotypeMemory, type GrowthSetting } from './memoryEstimate';
import { readPlinkFiles } from './plinkBed';
import { isPlinkRawHeader, parsePlinkRawBlob } from './plinkRaw';
import { parseVcfBlob } from './vcf';

/** A file as the browser's File or Node's File gives it. */
export type NamedBlob = Blob & { readonly name: string };

/** The format a cohort's genotypes came in. */
export type CohortFormat = 'text' | 'plink-raw' | 'plink-bed' | 'vcf';

/** A loaded cohort: one table (joined when a clinical table came too) and what was done to it. */
export interface CohortLoad {
  table: RawTable;
  format: CohortFormat;
  /** Names of the files used, genotypes first. */
  files: string[];
  /** Set when genotypes and a clinical table were joined. */
  join?: JoinSummary;
  /** Every change made on the way in (also on table.conversions). */
  conversions: Conversion[];
  /** What a .bed needs in memory from load to training, said before it was held. */
  memoryNote?: string;
}

const lower = (name: string) => name.toLowerCase();

/** What each file is, by its name: the PLINK trio is matched by stem. */
export function classifyFiles(files: NamedBlob[]): {
  bed?: { bed: NamedBlob; bim: NamedBlob; fam: NamedBlob };
  vcf: NamedBlob[];
  raw: NamedBlob[];
  text: NamedBlob[];
} {
  const byExt = (ext: string) => files.filter((f) => lower(f.name).endsWith(ext));
  const beds = byExt('.bed');
  const bims = byExt('.bim');
  const fams = byExt('.fam');
  let bed: { bed: NamedBlob; bim: NamedBlob; fam: NamedBlob } | undefined;
  if (beds.length + bims.length + fams.length > 0) {
    if (beds.length !== 1 || bims.length !== 1 || fams.length !== 1) {
      const have = [...beds, ...bims, ...fams].map((f) => f.name).join(', ');
      throw new Error(
        `A PLINK binary fileset needs exactly one .bed, one .bim and one .fam file, chosen together; got: ${have}.`,
      );
    }
    bed = { bed: beds[0], bim: bims[0], fam: fams[0] };
  }
  const vcf = files.filter((f) => /\.vcf(\.b?gz)?$/i.test(f.name));
  const raw = byExt('.raw');
  const taken = new Set<NamedBlob>([...beds, ...bims, ...fams, ...vcf, ...raw]);
  return { bed, vcf, raw, text: files.filter((f) => !taken.has(f)) };
}

async function startsLikePlinkRaw(file: Blob): Promise<boolean> {
  // The six sample fields fit in the first bytes even when the header line is megabytes long.
  const head = await file.slice(0, 256).text();
  return isPlinkRawHeader(head.split(/\r?\n/)[0]);
}

/**
 * Loads a cohort from one or more files: at most one genotype source (a .bed+.bim+.fam trio, a VCF or
 * .vcf.gz, a PLINK .raw, or a wide text table) and at most one clinical table, joined by sample ID (the key found
 * from the files, or `joinKey` when the user chose it). With memoryBudgetBytes, a .bed or VCF needing more is
 * refused before its genotypes are held.
 */
export async function loadCohortFiles(
  files: NamedBlob[],
  options: ParseOptions &
    MemoryBudgetOption & {
      onProgress?: (p: ParseProgress) => void;
      joinKey?: JoinKeyChoice;
      /** How the forest will be grown, for what a .bed will need to train (default: in this thread). */
      growth?: GrowthSetting;
    } = {},
): Promise<CohortLoad> {
  if (files.length === 0) throw new Error('No file was given.');
  const kinds = classifyFiles(files);
  const genotypeSources = (kinds.bed ? 1 : 0) + kinds.vcf.length + kinds.raw.length;
  if (genotypeSources > 1) {
    throw new Error(
      'Give one genotype file (or one .bed+.bim+.fam set) at a time, with at most one clinical table.',
    );
  }
  const text = [...kinds.text];
  // A PLINK .raw saved as .txt is still a .raw.
  if (genotypeSources === 0) {
    for (const f of text) {
      if (await startsLikePlinkRaw(f)) {
        kinds.raw.push(f);
        text.splice(text.indexOf(f), 1);
        break;
      }
    }
  }
  // Once a .bed's size is known, every progress report carries what it will need.
  let memoryNote: string | undefined;
  const progress = (total: number) => (read: number) =>
    options.onProgress?.({
      bytesRead: read,
      totalBytes: total,
      rowsRead: 0,
      ...(memoryNote ? { memoryNote } : {}),
    });
  let genotypes: RawTable | null = null;
  let format: CohortFormat = 'text';
  const used: string[] = [];
  if (kinds.bed) {
    const bed = kinds.bed.bed;
    const onBytes = progress(bed.size);
    genotypes = await readPlinkFiles(kinds.bed, {
      signal: options.signal,
      onBytes,
      memoryBudgetBytes: options.memoryBudgetBytes,
      growth: options.growth,
      onMemory: (estimate) => {
        memoryNote = describeGenotypeMemory(estimate, options.memoryBudgetBytes);
        onBytes(0);
      },
    });
    format = 'plink-bed';
    used.push(kinds.bed.bed.name, kinds.bed.bim.name, kinds.bed.fam.name);
  } else if (kinds.vcf.length === 1) {
    const f = kinds.vcf[0];
    genotypes = await parseVcfBlob(f, {
      signal: options.signal,
      onBytes: progress(f.size),
      memoryBudgetBytes: options.memoryBudgetBytes,
    });
    format = 'vcf';
    used.push(f.name);
  } else if (kinds.raw.length === 1) {
    const f = kinds.raw[0];
    genotypes = await parsePlinkRawBlob(f, {
      signal: options.signal,
      onBytes: progress(f.size),
      memoryBudgetBytes: options.memoryBudgetBytes,
    });
    format = 'plink-raw';
    used.push(f.name);
  }
  if (text.length > (genotypes ? 1 : 2)) {
    throw new Error(
      `Too many tables: ${text.map((f) => f.name).join(', ')}. Give genotypes and at most one clinical table.`,
    );
  }
  const tables: { name: string; table: RawTable }[] = [];
  for (const f of text) {
    // Columns are held as 1-byte codes (doses, genotype strings, categories) or numbers while parsing, never as a
    // string per cell (columnStore.ts).
    const table = await parseCsvBlob(f, options.onProgress, { ...options, compactColumns: true });
    tables.push({ name: f.name, table });
  }
  if (!genotypes) {
    // Two text tables: the wider one holds the genotypes.
    tables.sort((a, b) => b.table.headers.length - a.table.headers.length);
    const first = tables.shift();
    if (!first) throw new Error('No file was given.');
    genotypes = first.table;
    used.push(first.name);
  }
  const clinical = tables[0];
  if (!clinical) {
    if (options.joinKey)
      throw new Error(
        'A join key was chosen but no clinical table was given to join the genotypes to.',
      );
    return {
      table: genotypes,
      format,
      files: used,
      conversions: genotypes.conversions ?? [],
      ...(memoryNote ? { memoryNote } : {}),
    };
  }
  const { table, summary } = joinGenotypesClinical(genotypes, clinical.table, options.joinKey);
  used.push(clinical.name);
  return {
    table,
    format,
    files: used,
    join: summary,
    conversions: table.conversions ?? [],
    ...(memoryNote ? { memoryNote } : {}),
  };
}
