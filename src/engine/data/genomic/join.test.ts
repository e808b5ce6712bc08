import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cellText, columnCells } from '../cells';
import { parseCsvText } from '../parse';
import { inferSchema, suggestTarget } from '../schema';
import { findJoinKey, joinGenotypesClinical, JoinRefusedError } from './join';
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

/** Clinical rows for samples s3..s26 (s1, s2 have none; s25, s26 have no genotypes), with `repeat` s4 twice. */
function clinicalCsv(repeat = false): string {
  const rows = ['patient_code,age,outcome'];
  for (let i = 3; i <= 26; i++)
    rows.push(`s${i},${30 + ((i * 7) % 40)},${i % 2 === 0 ? 'responder' : 'non-responder'}`);
  if (repeat) rows.push('s4,99,responder');
  return rows.join('\n') + '\n';
}

/** cohort.fam with samples numbered within families, as PLINK allows: F1 1, F1 2, F1 3, F2 1, … */
function familyNumberedFam(): string {
  const seen = new Map<string, number>();
  return read('cohort.fam')
    .toString('utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [fid, , ...rest] = line.trim().split(/\s+/);
      const k = (seen.get(fid) ?? 0) + 1;
      seen.set(fid, k);
      return [fid.replace('fam', 'F'), String(k), ...rest].join(' ');
    })
    .join('\n');
}
const familyCohort = () =>
  plinkTable({
    bed: new Uint8Array(read('cohort.bed')),
    bim: read('cohort.bim').toString('utf8'),
    fam: familyNumberedFam(),
  });
/** FID,IID,tag,outcome for every sample of familyCohort, in reverse order; tag names the row's own sample. */
function familyClinicalCsv(header = 'FID,IID,tag,outcome'): string {
  const rows = familyNumberedFam()
    .split('\n')
    .map((l, i) => {
      const [fid, iid] = l.split(' ');
      return `${fid},${iid},${fid}-${iid},${i % 2 === 0 ? 'yes' : 'no'}`;
    });
  return [header, ...rows.reverse()].join('\n') + '\n';
}

/** The reported case: F1/1, F1/2, F2/1, F2/2 with one SNP whose codes tell the samples apart (2, missing, 1, 0). */
const fourSampleFiles = (clinical: string) => [
  file('four.bed', Buffer.from([0x6c, 0x1b, 0x01, 0b11100100])),
  file('four.bim', '1\trs1\t0\t100\tA\tG\n'),
  file('four.fam', 'F1 1 0 0 1 1\nF1 2 0 0 2 1\nF2 1 0 0 1 2\nF2 2 0 0 2 2\n'),
  file('clinical.csv', clinical),
];

describe('joining on family and sample ID (PLINK IIDs unique only within a family)', () => {
  it('the reported case: F2/1 gets its own outcome, not F1/1’s, and no F2 sample is "not in the clinical table"', async () => {
    const load = await loadCohortFiles(
      fourSampleFiles('FID,IID,outcome\nF2,2,d\nF2,1,c\nF1,2,b\nF1,1,a\n'),
    );
    const t = load.table;
    const col = (name: string) => columnCells(t, t.headers.indexOf(name));
    expect(col('outcome')).toEqual(['a', 'b', 'c', 'd']);
    expect(col('rs1_A')).toEqual(['2', '', '1', '0']);
    expect(load.join?.samplesJoined).toBe(4);
    expect(load.join?.onlyInGenotypes.count).toBe(0);
    expect(load.join?.key.family).toEqual({ genotypeColumn: 'FID', clinicalColumn: 'FID' });
  });

  it('joins every sample to its own row: F2/1 gets F2/1’s clinical row, not F1/1’s', () => {
    const g = familyCohort();
    expect(cellText(g, 1, 3)).toBe('1'); // F2's first sample has IID 1, as F1's does
    const { table, summary } = joinGenotypesClinical(g, parseCsvText(familyClinicalCsv()));
    const tag = table.headers.indexOf('tag');
    const firstSnp = table.headers.indexOf('rs1000_G');
    expect(table.rowCount).toBe(24);
    for (let r = 0; r < 24; r++) {
      // Row r is genotype sample r: its own FID/IID, its own clinical row and its own genotypes.
      expect(cellText(table, tag, r)).toBe(`${cellText(g, 0, r)}-${cellText(g, 1, r)}`);
      for (let j = firstSnp; j < table.headers.length; j++)
        expect(cellText(table, j, r)).toBe(cellText(g, j - firstSnp + 4, r));
    }
    expect(summary.samplesJoined).toBe(24);
    expect(summary.onlyInGenotypes.count).toBe(0);
    expect(summary.onlyInClinical.count).toBe(0);
    expect(summary.key.family).toEqual({ genotypeColumn: 'FID', clinicalColumn: 'FID' });
    expect(summary.key.clinicalColumn).toBe('IID');
    // The clinical FID is the key, not a feature; the genotype file's FID stays (the group column).
    expect(table.headers.filter((h) => h === 'FID' || h.startsWith('FID_'))).toEqual(['FID']);
  });

  it('finds the family column by its name, or by the pairs it matches when unnamed', () => {
    for (const header of ['pedigree,participant,tag,outcome', 'a,b,tag,outcome']) {
      const { table, summary } = joinGenotypesClinical(
        familyCohort(),
        parseCsvText(familyClinicalCsv(header)),
      );
      const [f, i] = header.split(',');
      expect(summary.key).toMatchObject({
        genotypeColumn: 'IID',
        clinicalColumn: i,
        family: { genotypeColumn: 'FID', clinicalColumn: f },
      });
      expect(summary.samplesJoined).toBe(24);
      expect(cellText(table, table.headers.indexOf('tag'), 23)).toBe('F8-3');
    }
  });

  it('a column that only shares some values with FID (a site) does not narrow a unique sample key', () => {
    // IIDs s1..s24 are unique; "site" reuses family names at random, so pairs would match only some samples.
    const rows = ['sample_id,site,outcome'];
    for (let i = 1; i <= 24; i++)
      rows.push(`s${i},fam${((i * 5) % 8) + 1},${i % 2 ? 'yes' : 'no'}`);
    const { summary } = joinGenotypesClinical(cohort(), parseCsvText(rows.join('\n')));
    expect(summary.key.family).toBeUndefined();
    expect(summary.key.clinicalColumn).toBe('sample_id');
    expect(summary.samplesJoined).toBe(24);
  });

  it('refuses the sample ID alone when it repeats across families, naming the key, counts and examples', () => {
    // The clinical table has no family column: IIDs 1, 2, 3 stand for 8 samples each.
    const csv = familyClinicalCsv()
      .replace(/^FID,/, 'family_site,')
      .replace(/\nF(\d)/g, '\nsite$1');
    let error: unknown;
    try {
      joinGenotypesClinical(familyCohort(), parseCsvText(csv));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JoinRefusedError);
    const r = (error as JoinRefusedError).refusal;
    expect(r.key).toMatchObject({ genotypeColumn: 'IID', clinicalColumn: 'IID' });
    expect(r.duplicateGenotypes).toEqual({ count: 3, rows: 24, examples: ['1', '2', '3'] });
    expect(r.duplicateClinical).toEqual({ count: 3, rows: 24, examples: ['3', '2', '1'] });
    expect(r.columns).toEqual({
      genotypeIds: ['IID'],
      genotypeFamily: 'FID',
      clinical: ['family_site', 'IID', 'tag', 'outcome'],
    });
    expect(r.message).toMatch(/key IID \(genotypes\) = IID \(clinical table\) is not unique/);
    expect(r.message).toMatch(/3 IID values are shared by 24 samples \(“1”, “2”, “3”\)/);
    expect(r.message).toMatch(/family ID \(FID\)/);
    // Choosing IID alone does not make it unique: every sample repeats, so nothing is joined.
    expect(() =>
      joinGenotypesClinical(familyCohort(), parseCsvText(csv), { clinicalColumns: ['IID'] }),
    ).toThrow(/No sample could be joined on IID/);
  });

  it('with a chosen key, repeated IDs are left out and counted apart from IDs missing from the other file', () => {
    // Genotypes: F4's second sample relabelled 1, so F4/1 is on two samples. Clinical: F1/1 twice, F3/1 absent,
    // F9/1 only here.
    const fam = familyNumberedFam().replace(/^F4 2 /m, 'F4 1 ');
    const g = plinkTable({
      bed: new Uint8Array(read('cohort.bed')),
      bim: read('cohort.bim').toString('utf8'),
      fam,
    });
    const lines = familyClinicalCsv('fam,iid,tag,outcome')
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('F3,1,'));
    lines.push('F1,1,again,no', 'F9,1,F9-1,yes');
    const clinical = parseCsvText(lines.join('\n'));
    expect(() => joinGenotypesClinical(g, clinical)).toThrow(JoinRefusedError);
    const { table, summary } = joinGenotypesClinical(g, clinical, {
      clinicalColumns: ['fam', 'iid'],
    });
    expect(summary.key).toMatchObject({
      genotypeColumn: 'IID',
      clinicalColumn: 'iid',
      family: { genotypeColumn: 'FID', clinicalColumn: 'fam' },
      chosen: true,
    });
    expect(summary.duplicateGenotypes).toEqual({ count: 1, rows: 2, examples: ['F4/1'] });
    expect(summary.duplicateClinical).toEqual({ count: 1, rows: 2, examples: ['F1/1'] });
    expect(summary.onlyInGenotypes).toEqual({ count: 1, examples: ['F3/1'] });
    // F4/2 is in the clinical table but no longer genotyped under that pair.
    expect(summary.onlyInClinical).toEqual({ count: 2, examples: ['F4/2', 'F9/1'] });
    expect(summary.samplesJoined).toBe(24 - 1 - 2 - 1);
    const tags = columnCells(table, table.headers.indexOf('tag'));
    expect(tags).not.toContain('F1-1');
    expect(tags).not.toContain('again');
    expect(tags).not.toContain('F4-1');
    const messages = table.conversions!.map((c) => c.message).join('\n');
    expect(messages).toMatch(/1 ID is shared by 2 genotyped samples.*“F4\/1”/);
    expect(messages).toMatch(/1 ID is on more than one clinical row \(2 rows\).*“F1\/1”/);
    expect(messages).toMatch(/the key you chose/);
  });

  it('a chosen key naming a missing column, or a family the genotypes lack, is refused plainly', () => {
    const clinical = parseCsvText(familyClinicalCsv());
    expect(() =>
      joinGenotypesClinical(familyCohort(), clinical, { clinicalColumns: ['sample'] }),
    ).toThrow(/no column “sample” to join on; its columns are FID, IID, tag, outcome/);
    const vcfLike = parseCsvText('sample,rs1\nA,0\nB,1\n');
    vcfLike.hints = { id: 'sample' };
    expect(() =>
      joinGenotypesClinical(vcfLike, parseCsvText('FID,IID,y\nF1,A,1\n'), {
        clinicalColumns: ['FID', 'IID'],
      }),
    ).toThrow(/carry no family ID/);
  });
});

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
    expect(table.coded?.[4]?.values?.length).toBe(22);
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
    expect(summary.duplicateClinical).toEqual({ count: 0, rows: 0, examples: [] });
    expect(summary.duplicateGenotypes).toEqual({ count: 0, rows: 0, examples: [] });
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
    expect(cellText(table, 4, 1)).toBe('58');
    for (let j = 6; j < table.headers.length; j++)
      expect(cellText(table, j, 0)).toBe(cellText(g, j - 2, 2));
    const kinds = table.conversions!.map((x) => x.kind);
    expect(kinds.filter((k) => k === 'unmatched')).toHaveLength(2);
    expect(kinds).toContain('joined');
    const { loci, ...hints } = table.hints ?? {};
    expect(hints).toEqual({ id: 'IID', groups: ['FID'], exclude: ['PHENOTYPE'] });
    // The loci come along by name: the joined table's SNP columns keep theirs.
    expect(loci?.columns).toEqual(g.hints?.loci?.columns);
    expect(table.headers).toContain(loci?.columns[0]);
    const schema = inferSchema(table);
    expect(suggestTarget(schema, table.hints)).toBe('outcome');
    expect(schema.columns.find((x) => x.name === 'PHENOTYPE')?.excluded).toBe(true);
    expect(schema.columns.find((x) => x.name === 'age')?.excluded).toBe(false);
  });

  it('refuses a clinical ID on two rows (which row is right cannot be told); a chosen key leaves it out', () => {
    const c = parseCsvText(clinicalCsv(true));
    expect(() => joinGenotypesClinical(cohort(), c)).toThrow(
      /key IID \(genotypes\) = patient_code \(clinical table\) is not unique — in the clinical table 1 patient_code value is on 2 rows \(“s4”\)/,
    );
    const { table, summary } = joinGenotypesClinical(cohort(), c, {
      clinicalColumns: ['patient_code'],
    });
    expect(summary.samplesJoined).toBe(21);
    expect(summary.duplicateClinical).toEqual({ count: 1, rows: 2, examples: ['s4'] });
    // s4 is a duplicate, not "not in the clinical table".
    expect(summary.onlyInGenotypes).toEqual({ count: 2, examples: ['s1', 's2'] });
    expect(summary.onlyInClinical).toEqual({ count: 2, examples: ['s25', 's26'] });
    expect(columnCells(table, 1)).not.toContain('s4');
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
