/**
 * `genoforest pca`: ancestry components of a cohort's genotypes (PLINK 1.9 --pca's standardisation), as a table of
 * sample scores or --json.
 */
import { columnCells, countColumnCodes } from '../../engine/data/cells.ts';
import { MISSING_CODE, type RawTable } from '../../engine/data/types.ts';
import { noiseNote, pcaOfTable, type TablePca } from '../../engine/genetics/pca.ts';
import { parseCommandArgs } from '../args.ts';
import { genotypePaths, readCohort } from '../cohortFiles.ts';
import { readTextFile } from '../files.ts';
import { CliError, UsageError } from '../errors.ts';
import { ldPrunedTable, pcaOfTableOnPool } from '../../app/cohortGenetics.ts';
import { createNodePool } from '../../worker/node.ts';
import { threadsFromArgs } from '../training.ts';
import { ldPruneOptionsError, type LdPruneOptions } from '../../engine/genetics/ldPrune.ts';
import type { CliIo } from '../io.ts';
import { pcaSpec } from '../specs.ts';

/** Each sample's ID: the file's sample column (IID, VCF name), "FID IID" where IIDs repeat across families. */
export function sampleIds(table: RawTable): string[] {
  const idColumn = table.hints?.id === undefined ? -1 : table.headers.indexOf(table.hints.id);
  if (idColumn < 0) return Array.from({ length: table.rowCount }, (_, r) => `row ${r + 1}`);
  const ids = columnCells(table, idColumn);
  const family = table.hints?.groups?.[0];
  const familyColumn = family === undefined ? -1 : table.headers.indexOf(family);
  if (new Set(ids).size === ids.length || familyColumn < 0) return ids;
  const families = columnCells(table, familyColumn);
  return ids.map((id, r) => `${families[r]} ${id}`);
}

/** Missing genotype calls among the variants used: PLINK 1.9 treats them otherwise, so they are counted for the note. */
function missingCalls(table: RawTable, result: TablePca): number {
  let missing = 0;
  for (const v of result.variants) {
    const column = table.coded?.[table.headers.indexOf(v.name)];
    if (column) missing += countColumnCodes(column, table.rowCount)[MISSING_CODE];
  }
  return missing;
}

/** The chromosome of each variant of a .bed's .bim (its first field), in order; undefined for other formats. */
function bimChromosomes(file: string): string[] | undefined {
  if (!/\.(bed|bim|fam)$/i.test(file)) return undefined;
  const bim = genotypePaths(file)[1];
  return readTextFile(bim, '.bim file')
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => line.trim().split(/\s+/)[0]);
}

const fixed = (x: number, digits: number) => Number(x.toPrecision(digits));

/** --indep-pairwise as "window,step,r2" (or with spaces, as PLINK's three values quoted together). */
function indepPairwise(raw: string): LdPruneOptions {
  const parts = raw.trim().split(/[\s,]+/);
  const numbers = parts.map((p) =>
    /^[+]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(p) ? Number(p) : NaN,
  );
  const [window, step, r2] = numbers;
  const options = { window, step, r2 };
  const error =
    parts.length !== 3 || numbers.some(Number.isNaN)
      ? `--indep-pairwise takes three numbers, window,step,r2 (e.g. 50,5,0.2), got "${raw}"`
      : ldPruneOptionsError(options);
  if (error) throw new UsageError(error);
  return options;
}

/** Run `genoforest pca`. */
export async function runPca(argv: string[], io: CliIo): Promise<void> {
  const args = parseCommandArgs(pcaSpec, argv);
  const [file] = args.positionals;
  const k = args.int('components', 10);
  const seed = args.int('seed', 1, 0);
  const ldText = args.string('indep-pairwise');
  const ld = ldText === undefined ? null : indepPairwise(ldText);
  const threads = threadsFromArgs(args);
  const loaded = await readCohort(file);
  let table = loaded.table;
  // The sweeps' parts on worker threads (the app's pool); the components are the same to the bit for any count.
  // idleTimeoutMs 0: the workers stay until disposed, which ends them whatever happens.
  const pool = threads > 1 ? createNodePool(threads, { idleTimeoutMs: 0 }) : null;
  let result: TablePca;
  let pruned = 0;
  try {
    let chromosomes = bimChromosomes(file);
    if (ld) {
      const done = ldPrunedTable(table, ld, chromosomes);
      table = done.table;
      pruned = done.keep.filter((k) => !k).length;
      chromosomes = chromosomes?.filter((_, j) => done.keep[j]);
    }
    const options = chromosomes ? { components: k, seed, chromosomes } : { components: k, seed };
    if (pool) {
      const workers = pool;
      result = await pcaOfTableOnPool(table, options, (job, q, w, withG) =>
        workers.sweepPca(job, q, w, withG),
      );
    } else {
      result = pcaOfTable(table, options);
    }
  } catch (error) {
    throw new CliError(`${file}: ${(error as Error).message}`);
  } finally {
    pool?.dispose();
  }
  const samples = sampleIds(table);
  const missing = missingCalls(table, result);
  const calls = result.variantsUsed * table.rowCount;
  const notes: string[] = [];
  if (ld) {
    notes.push(
      `LD-pruned first as plink1.9 --indep-pairwise ${ld.window} ${ld.step} ${ld.r2}: ${pruned} variants left out` +
        (/\.(bed|bim|fam)$/i.test(file)
          ? '.'
          : ' (windows run over the file’s order as one chromosome: this format does not say chromosomes here).'),
    );
  }
  if (missing > 0) {
    notes.push(
      `${missing} of ${calls} genotype calls (${((100 * missing) / calls).toPrecision(2)} %) are missing and count as the variant's mean (as plink2); PLINK 1.9 divides each pair of samples by the variants both have called instead, so its eigenvalues differ (higher by about twice that share when calls are missing at random).`,
    );
  }
  if (result.variantsExcluded > 0) {
    notes.push(
      `${result.variantsExcluded} variants on X, Y or MT left out, as PLINK 1.9 --pca leaves them out.`,
    );
  } else if (!/\.(bed|bim|fam)$/i.test(file)) {
    notes.push(
      'Every variant is used whatever its chromosome (this format does not say it here); PLINK 1.9 leaves X, Y and MT variants out.',
    );
  }
  if (result.stop === 'noise') {
    notes.push(noiseNote(result));
  } else if (!result.converged) {
    notes.push(
      `Not every component converged in ${result.sweeps} sweeps (largest residual ${result.maxResidual.toExponential(1)} of the top eigenvalue): components with nearly equal eigenvalues (noise, not ancestry) may mix among themselves.`,
    );
  }
  const rows = samples.map((_, i) =>
    Array.from({ length: k }, (_, c) => fixed(result.scores[i * k + c], 8)),
  );
  if (args.flag('json')) {
    io.stdout(
      JSON.stringify({
        samples,
        components: rows,
        eigenvalues: result.eigenvalues.map((x) => fixed(x, 10)),
        varianceExplained: result.varianceExplained.map((x) => fixed(x, 10)),
        variantsUsed: result.variantsUsed,
        variantsSkipped: result.variantsSkipped,
        variantsExcluded: result.variantsExcluded,
        converged: result.converged,
        stop: result.stop,
        maxResidual: fixed(result.maxResidual, 3),
        seed,
        notes,
      }) + '\n',
    );
    return;
  }
  const out: string[] = [
    `# ${k} ancestry components of ${samples.length} samples from ${result.variantsUsed} variants` +
      (result.variantsSkipped > 0
        ? ` (${result.variantsSkipped} with one allele or no call left out)`
        : ''),
    `# eigenvalues: ${result.eigenvalues.map((x) => fixed(x, 6)).join(' ')}`,
    `# variance explained: ${result.varianceExplained.map((x) => `${(100 * x).toFixed(2)} %`).join(' ')}`,
    ...notes.map((n) => `# ${n}`),
    ['sample', ...Array.from({ length: k }, (_, c) => `PC${c + 1}`)].join('\t'),
    ...rows.map((r, i) => [samples[i], ...r].join('\t')),
  ];
  io.stdout(out.join('\n') + '\n');
}
