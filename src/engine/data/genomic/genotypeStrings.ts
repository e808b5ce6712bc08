/**
 * Genotype strings as spreadsheets and genotyping exports write them: "AG", "A/G", "A|G", "0/1", "1|1".
 * A column of them is a genotype: encoded as the dose (0, 1, 2) of its minor allele, so the order
 * of the genotypes is kept, where reading them as categories would lose it.
 */

/** Cells that mean "no genotype call" (besides the general missing tokens). */
export const MISSING_GENOTYPES: readonly string[] = ['00', '--', 'NN', './.', '.|.'];
const MISSING = new Set(MISSING_GENOTYPES);

const LETTERS = /^([ACGTDI])([ACGTDI])$/i;
const SEPARATED = /^([A-Za-z0-9*]+)[/|]([A-Za-z0-9*]+)$/;

/** The two alleles of a genotype cell, "missing" for a no-call code, or null when it is not a genotype. */
export function parseGenotype(cell: string): [string, string] | 'missing' | null {
  if (MISSING.has(cell.toUpperCase())) return 'missing';
  const letters = LETTERS.exec(cell);
  if (letters) return [letters[1].toUpperCase(), letters[2].toUpperCase()];
  const separated = SEPARATED.exec(cell);
  if (separated) {
    const a = separated[1];
    const b = separated[2];
    // "2/1" would be a multi-allelic VCF call and "12/3" is a date-like text, not a genotype.
    if (/^\d+$/.test(a) || /^\d+$/.test(b)) {
      if (!/^[01]$/.test(a) || !/^[01]$/.test(b)) return null;
      return [a, b];
    }
    if (!/^[ACGTDI]+$/i.test(a) || !/^[ACGTDI]+$/i.test(b)) return null;
    return [a.toUpperCase(), b.toUpperCase()];
  }
  return null;
}

/** Allele counts of a column of genotype strings, or null when it does not read as a biallelic genotype. */
export function genotypeAlleles(
  cells: ArrayLike<string>,
  isMissing: (cell: string) => boolean,
  share = 0.9,
  /** How many cells each text stands for (a coded column's level counts); 1 each when absent. */
  weight?: ArrayLike<number>,
): { counted: string; other: string; calls: number; noCalls: number } | null {
  const counts = new Map<string, number>();
  let calls = 0;
  let noCalls = 0;
  let present = 0;
  let other = 0;
  for (let r = 0; r < cells.length; r++) {
    const cell = cells[r];
    const w = weight ? weight[r] : 1;
    if (w === 0 || isMissing(cell)) continue;
    present += w;
    const g = parseGenotype(cell);
    if (g === null) {
      other += w;
      continue;
    }
    if (g === 'missing') {
      noCalls += w;
      continue;
    }
    calls += w;
    counts.set(g[0], (counts.get(g[0]) ?? 0) + w);
    counts.set(g[1], (counts.get(g[1]) ?? 0) + w);
  }
  if (calls === 0 || counts.size > 2 || present - other < share * present) return null;
  const alleles = [...counts].sort(
    (a, b) => a[1] - b[1] || (a[0] < b[0] ? 1 : a[0] > b[0] ? -1 : 0),
  );
  if (alleles.length === 1) return { counted: alleles[0][0], other: '', calls, noCalls };
  // The minor allele is counted (ties: the later in text order, so the choice is reproducible).
  return { counted: alleles[0][0], other: alleles[1][0], calls, noCalls };
}

/** The dose of `counted` in a genotype cell: 0, 1 or 2, NaN for a no-call, a missing or an unreadable cell. */
export function genotypeDose(cell: string, counted: string, other: string): number {
  if (/^[012]$/.test(cell)) return Number(cell);
  const g = parseGenotype(cell.trim());
  if (g === null || g === 'missing') return NaN;
  let dose = 0;
  for (const allele of g) {
    if (allele === counted) dose++;
    else if (other !== '' && allele !== other) return NaN;
  }
  return dose;
}

/** The genotype strings a form offers for a genotype feature, with their doses (e.g. GG = 0, AG = 1, AA = 2). */
export function genotypeChoices(counted: string, other: string): { label: string; dose: number }[] {
  const join = (a: string, b: string) =>
    a.length === 1 && b.length === 1 ? `${a}${b}` : `${a}/${b}`;
  const het = counted < other ? join(counted, other) : join(other, counted);
  return [
    { label: join(other, other), dose: 0 },
    { label: het, dose: 1 },
    { label: join(counted, counted), dose: 2 },
  ];
}
