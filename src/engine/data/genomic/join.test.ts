import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cellText, columnCells } from '../cells';
import { parseCsvText } from '../parse';
import { inferSchema, suggestTarget } from '../schema';
import { findJoinKey, joinGenotypesClinical } from './join';
import { classifyFiles, loadCohortFiles } from './loadFiles';
import { plinkTable } from './plinkBed';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../testdata/genomic');
const read = (name: string) => readFileSync(resolve(dir, name));
const file = (name: string, data?: string | ReturnType<typeof read>) =>
  new File([data ?? read(name)], name);
const cohort = () =>
  plinkTable({
    bed: new Uint8Array(read('cohort.bed')),
    bim: read('cohort.bim').toString('utf8'),
    fam: read('cohort.fam').toString('utf8'),
  });

/** Clinical rows for samples s3..s26 (s1, s2 have none; s25, s26 have no genotypes), s4 twice. */
function clinicalCsv(): string {
  const rows = ['patient_code,age,outcome'];
  for (let i = 3; i <= 26; i++)
    rows.push(`s${i},${30 + ((i * 7) % 40)},${i % 2 === 0 ? 'responder' : 'non-responder'}`);
  rows.push('s4,99,responder');
  return rows.join('\n') + '\n';
}

describe('joining genotypes to a clinical table', () => {
  it('keeps every clinical column however it is held: 0/1 codes, levels and numbers', () => {
    const rows = ['patient_code,smoker,stage,bmi,outcome'];
    // s100… are not genotyped: they give bmi more distinct values than a column holds as levels.
    for (const i of [
      ...Array.from({ length: 24 }, (_, k) => k + 3),
      ...Array.from({ length: 20 }, (_, k) => k + 100),
    ])
      rows.push(
        `s${i},${i % 2},${['I', 'II', 'III'][i % 3]},${(18 + i * 0.731).toFixed(3)},${i % 2 === 0 ? 'yes' : 'no'}`,
      );
    const clinical = parseCsvText(rows.join('\n'), { compactColumns: true });
    expect(clinical.coded?.[1]?.levels).toBeUndefined(); // smoker: 0/1 codes
    expect(clinical.coded?.[2]?.levels).toEqual(expect.arrayContaining(['I', 'II', 'III']));
    expect(clinical.numbers?.[3]).toBeTruthy(); // bmi: float64
    const { table } = joinGenotypesClinical(cohort(), clinical);
    expect(table.headers.slice(4, 8)).toEqual(['smoker', 'stage', 'bmi', 'outcome']);
    // Row 0 is s3, row 1 s4.
    expect([4, 5, 6, 7].map((c) => cellText(table, c, 0))).toEqual(['1', 'I', '20.193', 'no']);
    expect([4, 5, 6, 7].map((c) => cellText(table, c, 1))).toEqual(['0', 'II', '20.924', 'yes']);
    expect(table.coded?.[4]?.values.length).toBe(22);
    expect(table.numbers?.[6]?.values.length).toBe(22);
  });

  it('finds the key by overlap and reports samples in only one file', () => {
    const g = cohort();
    const c = parseCsvText(clinicalCsv());
    expect(findJoinKey(g, c)).toEqual({
      genotypeColumn: 'IID',
      clinicalColumn: 'patient_code',
      overlap: 22,
    });
    const { table, summary } = joinGenotypesClinical(g, c);
    expect(summary.samplesJoined).toBe(22);
    expect(summary.onlyInGenotypes).toEqual({ count: 2, examples: ['s1', 's2'] });
    expect(summary.onlyInClinical).toEqual({ count: 2, examples: ['s25', 's26'] });
    expect(summary.duplicateClinical).toEqual({ count: 1, examples: ['s4'] });
    expect(table.headers.slice(0, 7)).toEqual([
      'FID',
      'IID',
      'SEX',
      'PHENOTYPE',
      'age',
      'outcome',
      'rs1000_G',
    ]);
    expect(table.rowCount).toBe(22);
    // Row 0 is s3: its genotypes are row 2 of the PLINK table, its age the first clinical row's.
    expect(cellText(table, 1, 0)).toBe('s3');
    expect(cellText(table, 4, 0)).toBe('51');
    expect(cellText(table, 4, 1)).toBe('58'); // s4's first row, not the repeat
    for (let j = 6; j < table.headers.length; j++)
      expect(cellText(table, j, 0)).toBe(cellText(g, j - 2, 2));
    const kinds = table.conversions!.map((x) => x.kind);
    expect(kinds.filter((k) => k === 'unmatched')).toHaveLength(3);
    expect(kinds).toContain('joined');
    expect(table.hints).toEqual({ id: 'IID', groups: ['FID'], exclude: ['PHENOTYPE'] });
    const schema = inferSchema(table);
    expect(suggestTarget(schema, table.hints)).toBe('outcome');
    expect(schema.columns.find((x) => x.name === 'PHENOTYPE')?.excluded).toBe(true);
    expect(schema.columns.find((x) => x.name === 'age')?.excluded).toBe(false);
  });

  it('refuses files that share no ID, with examples of both', () => {
    expect(() => joinGenotypesClinical(cohort(), parseCsvText('id,x\nq1,1\nq2,2\n'))).toThrow(
      /No sample ID is shared.*“s1”.*“q1”/,
    );
  });
});

describe('loadCohortFiles', () => {
  it('loads .bed+.bim+.fam with a clinical CSV, joined', async () => {
    const load = await loadCohortFiles([
      file('clinical.csv', clinicalCsv()),
      file('cohort.fam'),
      file('cohort.bed'),
      file('cohort.bim'),
    ]);
    expect(load.format).toBe('plink-bed');
    expect(load.files).toEqual(['cohort.bed', 'cohort.bim', 'cohort.fam', 'clinical.csv']);
    expect(load.join?.samplesJoined).toBe(22);
    expect(load.conversions.length).toBeGreaterThan(4);
  });

  it('loads a .raw alone with PHENOTYPE as the outcome, and a .raw named .txt', async () => {
    const raw = await loadCohortFiles([file('cohort.raw')]);
    expect(raw.format).toBe('plink-raw');
    expect(suggestTarget(inferSchema(raw.table), raw.table.hints)).toBe('PHENOTYPE');
    const txt = await loadCohortFiles([file('cohort.txt', read('cohort.raw'))]);
    expect(txt.format).toBe('plink-raw');
    expect(columnCells(txt.table, 9)).toEqual(columnCells(raw.table, 9));
  });

  it('loads a .vcf.gz, and a wide TSV joined to a CSV', async () => {
    const vcf = await loadCohortFiles([file('small.vcf.gz')]);
    expect(vcf.format).toBe('vcf');
    expect(vcf.table.rowCount).toBe(4);
    const wide = 'sample\trs1\trs2\nA\t0\t1\nB\t2\t1\nC\t1\t0\n';
    const load = await loadCohortFiles([
      file('pheno.csv', 'id,y\nA,1\nB,0\nC,1\n'),
      file('g.tsv', wide),
    ]);
    expect(load.format).toBe('text');
    expect(load.table.headers).toEqual(['sample', 'rs1', 'rs2', 'y']);
    expect(load.join?.key).toEqual({ genotypeColumn: 'sample', clinicalColumn: 'id', overlap: 3 });
  });

  it('says what is missing from a PLINK trio', async () => {
    expect(() => classifyFiles([file('cohort.bed'), file('cohort.bim')])).toThrow(/one .fam/);
  });
});
