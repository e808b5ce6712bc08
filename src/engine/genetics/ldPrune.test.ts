import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCohortFiles } from '../data/genomic/loadFiles';
import { MISSING_CODE, type CodedColumn } from '../data/types';
import { genotypeColumns } from './qc';
import { ldPrune, ldPruneOptionsError, pairR2 } from './ldPrune';

const GENOMIC = path.resolve(__dirname, '../../../testdata/genomic');

/** A PLINK fileset's dose columns, variant IDs and chromosomes. */
async function fileset(dir: string, name: string) {
  const files = ['bed', 'bim', 'fam'].map(
    (ext) => new File([readFileSync(path.join(GENOMIC, dir, `${name}.${ext}`))], `${name}.${ext}`),
  );
  const { table } = await loadCohortFiles(files);
  const bim = readFileSync(path.join(GENOMIC, dir, `${name}.bim`), 'utf8')
    .trim()
    .split('\n');
  // The table's own columns: a .bed's packed doses.
  const columns = genotypeColumns(table).map((c) => table.coded?.[c] as CodedColumn);
  return {
    nSamples: table.rowCount,
    columns,
    ids: bim.map((l) => l.split(/\s+/)[1]),
    chromosomes: bim.map((l) => l.split(/\s+/)[0]),
  };
}

describe('ldPrune (PLINK 1.9 --indep-pairwise)', () => {
  const cases = [
    ['pca', 'twopop_missing', 50, 5, 0.05],
    ['pca', 'twopop_missing', 20, 3, 0.1],
    ['pca', 'twopop', 7, 7, 0.02],
    ['qc', 'dummy', 10, 2, 0.05],
    ['qc', 'skewed', 5, 1, 0.1],
  ] as const;
  for (const [dir, name, window, step, r2] of cases) {
    it(`keeps exactly the variants plink1.9 keeps: ${name} --indep-pairwise ${window} ${step} ${r2}`, async () => {
      const { columns, ids, chromosomes, nSamples } = await fileset(dir, name);
      expect(columns).toHaveLength(ids.length);
      const keep = ldPrune(columns, { window, step, r2 }, chromosomes, nSamples);
      const expected = readFileSync(
        path.join(GENOMIC, 'ld', `${name}_w${window}_s${step}_r${r2}.prune.in`),
        'utf8',
      )
        .trim()
        .split('\n');
      const kept = ids.filter((_, j) => keep[j]);
      // Some variants are pruned, so the test says something about which.
      expect(kept.length).toBeLessThan(ids.length);
      expect(kept).toEqual(expected);
    });
  }

  it('computes r² over the samples called at both variants', () => {
    const m = MISSING_CODE;
    // Over the first four samples (both called) the doses are identical: r² = 1; the fifth is missing in b.
    expect(pairR2(Uint8Array.of(0, 1, 2, 1, 2), Uint8Array.of(0, 1, 2, 1, m))).toBe(1);
    expect(pairR2(Uint8Array.of(0, 1, 2, 0), Uint8Array.of(2, 1, 0, 2))).toBe(1);
    // x = 0,0,1,1 against y = 0,1,0,1: uncorrelated.
    expect(pairR2(Uint8Array.of(0, 0, 1, 1), Uint8Array.of(0, 1, 0, 1))).toBe(0);
    // No variance among the shared samples: correlates with nothing.
    expect(pairR2(Uint8Array.of(1, 1, 1), Uint8Array.of(0, 1, 2))).toBe(0);
    // 0,1,2 against 0,2,2: r = 0.866…, r² = 3/4.
    expect(pairR2(Uint8Array.of(0, 1, 2), Uint8Array.of(0, 2, 2))).toBeCloseTo(0.75, 12);
  });

  it('prunes the rarer variant of a linked pair (r² 2/3 here), the later one on equal frequencies, never across chromosomes', () => {
    const common = Uint8Array.of(0, 1, 2, 1, 0, 1, 2, 1);
    const rarer = Uint8Array.of(0, 1, 1, 1, 0, 1, 1, 1);
    const options = { window: 5, step: 1, r2: 0.5 };
    expect(ldPrune([rarer, common], options)).toEqual([false, true]);
    expect(ldPrune([common, rarer], options)).toEqual([true, false]);
    expect(ldPrune([common, common.slice()], options)).toEqual([true, false]);
    expect(ldPrune([common, common.slice()], options, ['1', '2'])).toEqual([true, true]);
    // One dose only (or no call): pruned outright, linked to nothing.
    const m = MISSING_CODE;
    expect(ldPrune([common, Uint8Array.of(1, 1, 1, m, 1, 1, 1, 1)], options)).toEqual([
      true,
      false,
    ]);
  });

  it('refuses settings PLINK would not take', () => {
    expect(ldPruneOptionsError({ window: 1, step: 1, r2: 0.2 })).toMatch(/window/);
    expect(ldPruneOptionsError({ window: 10, step: 11, r2: 0.2 })).toMatch(/step/);
    expect(ldPruneOptionsError({ window: 10, step: 5, r2: 1.5 })).toMatch(/r²/);
    expect(() => ldPrune([], { window: 10, step: 0, r2: 0.2 })).toThrow(/step/);
  });
});
