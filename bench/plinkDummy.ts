/** The benches' seeded genotype filesets, made by `plink1.9 --dummy` at run time (never committed: hundreds of MB). */
import { spawnSync } from 'node:child_process';

/** plink1.9 (PLINK in the environment to use another). */
export const PLINK = process.env.PLINK ?? '/usr/bin/plink1.9';

/**
 * Writes `stem`.bed/.bim/.fam of `samples` × `snps` hard calls with a share `missing` of missing calls (seed 1;
 * `acgt`: ACGT alleles instead of plink's 1/2); returns the plink arguments before `--out` (for the report) and
 * the seconds it took.
 */
export function makeDummyFileset(
  stem: string,
  samples: number,
  snps: number,
  { missing = 0.05, acgt = true }: { missing?: number; acgt?: boolean } = {},
): { args: string[]; seconds: number } {
  const args = [
    '--dummy',
    String(samples),
    String(snps),
    String(missing),
    ...(acgt ? ['acgt'] : []),
    '--seed',
    '1',
    '--make-bed',
  ];
  const start = performance.now();
  const made = spawnSync(PLINK, [...args, '--out', stem], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`${PLINK} --dummy failed: ${made.stderr || made.stdout}`);
  return { args, seconds: (performance.now() - start) / 1000 };
}
