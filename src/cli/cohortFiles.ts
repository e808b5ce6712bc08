/**
 * The files a command names, as the app's one cohort loader reads them: a CSV/TSV/TXT, a PLINK .raw, a .bed
 * (its .bim and .fam found beside it), a .vcf/.vcf.gz, plus an optional clinical table (--pheno) joined by
 * sample ID. Files are opened as lazy Blobs, so a large .bed is never read into one string.
 */
import { availableParallelism, totalmem } from 'node:os';
import { openAsBlob, statSync } from 'node:fs';
import path from 'node:path';
import { JoinRefusedError, type JoinKeyChoice } from '../engine/data/genomic/join.ts';
import {
  loadCohortFiles,
  type CohortLoad,
  type NamedBlob,
} from '../engine/data/genomic/loadFiles.ts';
import { shortName } from '../engine/data/values.ts';
import { CliError, UsageError } from './errors.ts';
import { listNames } from './files.ts';

/** A file as a named Blob, or a CliError saying plainly why it cannot be opened. */
async function openNamed(file: string, what: string): Promise<NamedBlob> {
  try {
    const st = statSync(file);
    if (st.isDirectory()) throw new CliError(`${what} ${file} is a folder, not a file`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new CliError(`${what} not found: ${file}`);
    throw new CliError(`${what} ${file} cannot be read: ${(error as Error).message}`);
  }
  try {
    const blob = await openAsBlob(file);
    return new File([blob], path.basename(file));
  } catch (error) {
    throw new CliError(`${what} ${file} cannot be read: ${(error as Error).message}`);
  }
}

/** The files a genotype path stands for: a .bed (or .bim/.fam) brings its PLINK trio, anything else itself. */
export function genotypePaths(file: string): string[] {
  const m = /\.(bed|bim|fam)$/i.exec(file);
  if (!m) return [file];
  const stem = file.slice(0, -4);
  return ['.bed', '.bim', '.fam'].map((ext) => {
    const same = `${stem}${ext}`;
    const upper = `${stem}${ext.toUpperCase()}`;
    try {
      statSync(same);
      return same;
    } catch {
      try {
        statSync(upper);
        return upper;
      } catch {
        throw new CliError(
          `${file} is a PLINK binary fileset: ${path.basename(same)} must be beside it (a .bed needs its .bim and .fam)`,
        );
      }
    }
  });
}

/** --pheno-key: one clinical column (the sample ID) or two, comma-separated (the family ID, then the sample ID). */
export function parsePhenoKey(value: string): JoinKeyChoice {
  const columns = value.split(',').map((c) => c.trim());
  if (columns.length > 2 || columns.some((c) => c === '')) {
    throw new UsageError(
      `--pheno-key takes one clinical column (the sample ID) or two separated by a comma (family ID, sample ID), got "${value}"`,
    );
  }
  return { clinicalColumns: columns };
}

/** A refused join as one line that also says how to choose the key on the command line. */
function refusedJoin(file: string, pheno: string, error: JoinRefusedError): CliError {
  const { columns } = error.refusal;
  const family = columns.genotypeFamily
    ? `, or --pheno-key FAMILY,ID to match the genotypes' ${shortName(columns.genotypeFamily)} too`
    : '';
  return new CliError(
    `${file} + ${pheno}: ${error.message} Give it with --pheno-key ID (the clinical sample ID column)${family}; ${shortName(pheno)}'s columns are: ${listNames(columns.clinical.map((c) => shortName(c)))}`,
  );
}

/**
 * Loads GENOTYPES (with its PLINK trio) and an optional clinical table, joined by sample ID (the key found from
 * the files, or --pheno-key's).
 */
export async function readCohort(
  file: string,
  options: { pheno?: string; phenoKey?: string; what?: string; threads?: number } = {},
): Promise<CohortLoad> {
  const what = options.what ?? (/\.(csv|tsv|txt)$/i.test(file) ? 'CSV file' : 'genotype file');
  if (options.phenoKey !== undefined && options.pheno === undefined)
    throw new UsageError('--pheno-key names the key of the --pheno table: give --pheno too');
  const joinKey = options.phenoKey === undefined ? undefined : parsePhenoKey(options.phenoKey);
  const files: NamedBlob[] = [];
  for (const p of genotypePaths(file)) files.push(await openNamed(p, what));
  if (options.pheno !== undefined) files.push(await openNamed(options.pheno, 'clinical file'));
  try {
    // A genotype load may take three quarters of this machine's memory; more is refused before it is held.
    const memoryBudgetBytes = totalmem() * 0.75;
    // What training needs is said for the --threads default (all cores) unless the caller gives its count.
    const threads = options.threads ?? availableParallelism();
    const growth = { workers: threads, sharedMemory: true, inProcess: threads === 1 };
    return await loadCohortFiles(
      files,
      joinKey ? { joinKey, memoryBudgetBytes, growth } : { memoryBudgetBytes, growth },
    );
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof JoinRefusedError && options.pheno !== undefined)
      throw refusedJoin(file, options.pheno, error);
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
}

/** The files of a PATIENTS path (a .bed brings its .bim and .fam), opened for the data worker's predictBatch. */
export async function patientFiles(file: string): Promise<NamedBlob[]> {
  const out: NamedBlob[] = [];
  for (const p of genotypePaths(file)) out.push(await openNamed(p, 'patients file'));
  return out;
}
