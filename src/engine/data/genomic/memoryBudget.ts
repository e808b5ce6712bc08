/**
 * The memory a genotype load may take, set by the caller (the app from the device's memory, the CLI from a stated
 * cap), and the plain refusal given before a genotype matrix larger than that is allocated: a tab that runs out of
 * memory dies without a word, so the reader says so first.
 */

/**
 * Bytes a loaded variant column holds besides its cells: its name (twice: headers and originalHeaders), its coded
 * or number column object, its allele coding and its empty text column. Measured with bench/genomes.ts: a
 * 1,000 × 28,000 .vcf.gz and .bed held 1.32–1.35 bytes a cell after loading, 320–350 bytes a column beyond the byte
 * a cell.
 */
export const BYTES_PER_VARIANT_COLUMN = 350;

/** "4.8 GB", "750 MB", "2.5 MB": decimal units, as file sizes and device memory are shown; a decimal below 10. */
export function formatBytes(bytes: number): string {
  const [unit, size] = bytes >= 1e9 ? ['GB', 1e9] : bytes >= 1e6 ? ['MB', 1e6] : ['kB', 1e3];
  const x = bytes / (size as number);
  return `${x < 10 ? Number(x.toFixed(1)) : Math.round(x)} ${unit}`;
}

/**
 * The refusal of a load that needs more memory than the budget allows; `more` (what training would need) is said
 * after the load's figure.
 */
export function memoryBudgetError(neededBytes: number, budgetBytes: number, more = ''): Error {
  return new Error(
    `This file needs about ${formatBytes(neededBytes)} to load; this device allows about ${formatBytes(budgetBytes)}.${more ? ` ${more}` : ''} Load fewer variants or samples (a region, a chromosome, or a pruned set of SNPs, e.g. with plink --extract or bcftools view -r), or use a computer with more memory.`,
  );
}

/** Throws the refusal when a load needing `neededBytes` does not fit `budgetBytes` (no budget: always fits). */
export function checkMemoryBudget(
  neededBytes: number,
  budgetBytes: number | undefined,
  more = '',
): void {
  if (budgetBytes !== undefined && neededBytes > budgetBytes)
    throw memoryBudgetError(neededBytes, budgetBytes, more);
}

/** The budget option every genotype reader takes. */
export interface MemoryBudgetOption {
  /** Bytes the loaded genotypes may take; a file needing more is refused before its matrix is allocated. */
  memoryBudgetBytes?: number;
}
