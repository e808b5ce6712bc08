import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cellText, tableWithCodes } from '../data/cells';
import { plinkTable } from '../data/genomic/plinkBed';
import { MISSING_CODE as M, type RawTable } from '../data/types';
import { hweExactP } from './hwe';
import { variantQc } from './qc';
import { withoutRemoved } from './qcTable';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../testdata/genomic/qc');
const text = (name: string) => readFileSync(resolve(dir, name), 'utf8');
const fileset = (stem: string): RawTable =>
  plinkTable({
    bed: new Uint8Array(readFileSync(resolve(dir, `${stem}.bed`))),
    bim: text(`${stem}.bim`),
    fam: text(`${stem}.fam`),
  });
/** Rows of a PLINK report (whitespace-separated, header first) as records. */
const report = (name: string): Record<string, string>[] => {
  const [head, ...lines] = text(name).trim().split('\n');
  // .frqx and the bounds are tab-separated (with spaces inside names); the other reports are aligned by spaces.
  const split = (line: string) =>
    head.includes('\t') ? line.split('\t') : line.trim().split(/\s+/);
  const keys = split(head);
  return lines.map((line) => {
    const cells = split(line);
    return Object.fromEntries(keys.map((k, i) => [k, cells[i]]));
  });
};

/** Five samples, three variants (doses of the counted allele; M = missing). */
function smallTable(): RawTable {
  const doses = [
    [2, 1, 2, 0, M], // variant a: 5 counted alleles of 8 called, 1 missing
    [0, 0, 0, 0, 1], // variant b: 1 counted allele of 10
    [M, M, 1, 0, M], // variant c: 3 missing
  ];
  const table = tableWithCodes({
    textHeaders: ['IID'],
    textColumns: [['p1', 'p2', 'p3', 'p4', 'p5']],
    codedHeaders: ['a_A', 'b_C', 'c_G'],
    codes: Uint8Array.from(doses.flat()),
    genotypes: ['A', 'C', 'G'].map((counted) => ({
      counted,
      other: 'T',
      source: 'plink' as const,
    })),
    rowCount: 5,
  });
  table.hints = {
    id: 'IID',
    loci: { columns: ['a_A', 'b_C'], chromosomes: ['1', '2'], positions: [100, NaN] },
  };
  return table;
}

describe('variantQc on a hand-worked table', () => {
  it('gives MAF, call rates, genotype counts and loci', () => {
    const qc = variantQc(smallTable());
    const [a, b, c] = qc.variants;
    expect(a).toMatchObject({ name: 'a_A', chromosome: '1', position: 100, callRate: 0.8 });
    expect(a.counts).toEqual([2, 1, 1]);
    // 5 of 8 alleles are A: the minor allele is T, 3/8.
    expect(a.maf).toBe(3 / 8);
    expect(a.hweP).toBe(hweExactP(1, 2, 1));
    expect(b).toMatchObject({ chromosome: '2', position: null, maf: 0.1, callRate: 1 });
    expect(c).toMatchObject({ chromosome: null, position: null, maf: 0.25, callRate: 0.4 });
    expect(qc.samples.map((s) => [s.id, s.callRate])).toEqual([
      ['p1', 2 / 3],
      ['p2', 2 / 3],
      ['p3', 1],
      ['p4', 1],
      ['p5', 1 / 3],
    ]);
    expect(qc.steps).toEqual([]);
    expect(qc.variantsKept).toBe(3);
  });

  it('removes samples first (--mind), then counts the variants over the samples left', () => {
    const qc = variantQc(smallTable(), { mind: 0.5, geno: 0.2, maf: 0.2 });
    // p5 misses 2 of 3 calls (> 0.5): removed. Over p1..p4: a has no missing call (kept by --geno), c misses 2
    // of 4 (removed); b is then monomorphic (MAF 0 < 0.2, removed by --maf).
    expect(qc.samples.map((s) => s.removedBy)).toEqual([null, null, null, null, 'mind']);
    expect(qc.variants.map((v) => v.removedBy)).toEqual([null, 'maf', 'geno']);
    expect(qc.variants[0]).toMatchObject({ callRate: 1, maf: 3 / 8 });
    expect(qc.variants[1].maf).toBe(0);
    expect(qc.steps).toEqual([
      { filter: 'mind', threshold: 0.5, removed: 1, unit: 'samples' },
      { filter: 'geno', threshold: 0.2, removed: 1, unit: 'variants' },
      { filter: 'maf', threshold: 0.2, removed: 1, unit: 'variants' },
    ]);
    expect(qc.samplesKept).toBe(4);
    expect(qc.variantsKept).toBe(1);
  });

  it('keeps a variant or sample exactly at a threshold, as PLINK states', () => {
    // a misses 1 of 5 (0.2), c 3 of 5; p1 misses 1 of 3.
    const qc = variantQc(smallTable(), { geno: 0.2, mind: 1 / 3 });
    expect(qc.variants.map((v) => v.removedBy)).toEqual([null, null, 'geno']);
    expect(qc.samples.map((s) => s.removedBy)).toEqual([null, null, null, null, 'mind']);
    expect(variantQc(smallTable(), { maf: 0.1 }).variants[1].removedBy).toBeNull();
  });

  it('takes the removed samples and variants out of the table, other columns kept', () => {
    const table = smallTable();
    const filtered = withoutRemoved(table, variantQc(table, { mind: 0.5, geno: 0.2, maf: 0.2 }));
    expect(filtered.headers).toEqual(['IID', 'a_A']);
    expect(filtered.rowCount).toBe(4);
    expect([0, 1, 2, 3].map((r) => cellText(filtered, 0, r))).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect([...(filtered.coded?.[1]?.values ?? [])]).toEqual([2, 1, 2, 0]);
    expect(filtered.coded?.[1]?.genotype?.counted).toBe('A');
    // Nobody removed: the kept columns are the table's own arrays.
    const same = withoutRemoved(table, variantQc(table, { geno: 0.5 }));
    expect(same.headers).toEqual(['IID', 'a_A', 'b_C']);
    expect(same.coded?.[1]?.values).toBe(table.coded?.[1]?.values);
  });

  it('gives no MAF or HWE p for a variant with a polyploid call, and says so', () => {
    const table = smallTable();
    // A tetraploid VCF call 0/1/1/1 is 3 copies: a call, not a missing one, but no diploid figure fits it.
    (table.coded?.[3]?.values as Uint8Array)[2] = 3;
    const qc = variantQc(table, { maf: 0.01 });
    expect(qc.variants[2]).toMatchObject({ callRate: 0.4, removedBy: 'maf' });
    expect(qc.variants[2].maf).toBeNaN();
    expect(qc.variants[2].hweP).toBeNaN();
    expect(qc.samples[2].callRate).toBe(1);
    expect(qc.notes.join(' ')).toContain('1 variant has calls of more than two copies');
  });

  it('refuses thresholds PLINK would refuse and a table without genotype calls', () => {
    expect(() => variantQc(smallTable(), { maf: 0.6 })).toThrow(
      /--maf must be a number from 0 to 0.5/,
    );
    expect(() => variantQc(smallTable(), { geno: -1 })).toThrow(/--geno/);
    const plain = smallTable();
    plain.coded = plain.coded?.map((c) => (c ? { values: c.values } : null));
    expect(() => variantQc(plain)).toThrow(/no genotype calls/);
  });
});

describe.each(['dummy', 'skewed'])('variantQc agrees with plink1.9 on %s', (stem) => {
  const qc = variantQc(fileset(stem));
  const frqx = report(`${stem}.frqx`);
  const lmiss = report(`${stem}.lmiss`);
  const imiss = report(`${stem}.imiss`);
  const bounds = report(`${stem}.hwe-bounds`);
  const bim = text(`${stem}.bim`)
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));

  it('reads chromosome and position from the .bim', () => {
    expect(qc.variants).toHaveLength(bim.length);
    qc.variants.forEach((v, j) => {
      expect(v.chromosome).toBe(bim[j][0]);
      expect(v.position).toBe(bim[j][3] === '0' ? null : Number(bim[j][3]));
    });
  });

  it('counts genotypes and MAF exactly as --freqx', () => {
    qc.variants.forEach((v, j) => {
      const row = frqx[j];
      expect(row.SNP).toBe(bim[j][1]);
      const counts = [row['C(HOM A1)'], row['C(HET)'], row['C(HOM A2)']].map(Number);
      expect(v.counts, row.SNP).toEqual(counts);
      const called = counts[0] + counts[1] + counts[2];
      const a1 = (2 * counts[0] + counts[1]) / (2 * called);
      expect(v.maf, row.SNP).toBe(Math.min(a1, 1 - a1));
      expect(Number(row['C(MISSING)'])).toBe(qc.samples.length - called);
    });
  });

  it('gives the call rates of --missing exactly', () => {
    qc.variants.forEach((v, j) => {
      const { N_MISS, N_GENO, F_MISS } = lmiss[j];
      expect(v.callRate).toBe((Number(N_GENO) - Number(N_MISS)) / Number(N_GENO));
      expect(1 - v.callRate).toBeCloseTo(Number(F_MISS), 4);
    });
    qc.samples.forEach((s, r) => {
      const { IID, N_MISS, N_GENO, F_MISS } = imiss[r];
      expect(s.id).toBe(IID);
      expect(s.callRate).toBe((Number(N_GENO) - Number(N_MISS)) / Number(N_GENO));
      expect(1 - s.callRate).toBeCloseTo(Number(F_MISS), 4);
    });
  });

  it("matches --hardy's ALL rows: genotype counts exactly, p to the 4 digits PLINK prints", () => {
    const hardy = report(`${stem}.hwe`).filter((row) => row.TEST === 'ALL');
    expect(hardy).toHaveLength(qc.variants.length);
    qc.variants.forEach((v, j) => {
      expect(v.counts.join('/'), hardy[j].SNP).toBe(hardy[j].GENO);
      const printed = Number(hardy[j].P);
      expect(Math.abs(v.hweP - printed) / printed, hardy[j].SNP).toBeLessThan(5e-4);
    });
  });

  it("gives each HWE p within 1e-6 (relative) of where PLINK's --hwe filter puts it", () => {
    let small = 0;
    qc.variants.forEach((v, j) => {
      const keptAt = Number(bounds[j].KEPT_AT);
      const removedAt = Number(bounds[j].REMOVED_AT);
      expect(bounds[j].SNP).toBe(bim[j][1]);
      expect(v.hweP, bim[j][1]).toBeGreaterThanOrEqual(keptAt * (1 - 1e-6));
      expect(v.hweP, bim[j][1]).toBeLessThan(removedAt * (1 + 1e-6));
      if (removedAt < 0.05) small++;
    });
    // The fixtures hold variants far from equilibrium, so the test reaches the tail.
    expect(small).toBeGreaterThan(stem === 'skewed' ? 10 : 0);
  });
});

describe('variantQc filters as plink1.9 applies them', () => {
  it('removes what PLINK removed, step by step (--mind 0.1 --geno 0.1 --hwe 1e-4 --maf 0.05)', () => {
    const qc = variantQc(fileset('skewed'), { mind: 0.1, geno: 0.1, hwe: 1e-4, maf: 0.05 });
    const log = text('skewed_filtered.log');
    const plinkCounts = [
      /(\d+) people removed due to missing genotype data \(--mind\)/,
      /(\d+) variants removed due to missing genotype data \(--geno\)/,
      /--hwe: (\d+) variants removed/,
      /(\d+) variants removed due to minor allele threshold/,
    ].map((re) => Number(re.exec(log)?.[1]));
    expect(plinkCounts.every((n) => n > 0)).toBe(true);
    expect(qc.steps.map((s) => [s.filter, s.removed])).toEqual([
      ['mind', plinkCounts[0]],
      ['geno', plinkCounts[1]],
      ['hwe', plinkCounts[2]],
      ['maf', plinkCounts[3]],
    ]);
    const keptIds = qc.variants
      .filter((v) => v.removedBy === null)
      .map((v) => v.name.slice(0, v.name.lastIndexOf('_')));
    expect(keptIds).toEqual(text('skewed_filtered.snplist').trim().split('\n'));
  });
});
