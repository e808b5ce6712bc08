import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  GENOMIC_DIR,
  clinicalCsv,
  cohortSampleIds,
  familyClinicalCsv,
  familyNumberedFam,
} from '../app/genomicTestData';
import { cli } from './testCli';

const dir = mkdtempSync(path.join(tmpdir(), 'genoforest-genomic-'));
const clinical = path.join(dir, 'clinical.csv');
writeFileSync(clinical, clinicalCsv());
const bed = path.join(GENOMIC_DIR, 'cohort.bed');
const common = ['--trees', '15', '--threads', '1', '--json'];
/** The .bed joined to the clinical table, 3 folds × 2 repeats with families (FID) kept together. */
const familyCv = [
  ...['--pheno', clinical, '--target', 'response'],
  ...['--group', 'FID', '--repeats', '2', '--folds', '3'],
];

/** cohort.bed with its samples numbered within families (F1 1, F2 1, …), and clinical tables with and without FID. */
const familyBed = path.join(dir, 'families.bed');
copyFileSync(bed, familyBed);
copyFileSync(path.join(GENOMIC_DIR, 'cohort.bim'), path.join(dir, 'families.bim'));
writeFileSync(path.join(dir, 'families.fam'), familyNumberedFam());
const familyClinical = path.join(dir, 'families-clinical.csv');
writeFileSync(familyClinical, familyClinicalCsv());
/** The same without the family column: IIDs 1, 2, 3 each stand for several samples. */
const iidOnlyClinical = path.join(dir, 'iid-only-clinical.csv');
writeFileSync(
  iidOnlyClinical,
  familyClinicalCsv()
    .split('\n')
    .map((l) => l.split(',').slice(1).join(','))
    .join('\n'),
);

describe('genoforest joins on family and sample ID', () => {
  it('evaluate .bed --pheno with IIDs numbered within families joins every sample to its own row', async () => {
    const r = await cli(
      'evaluate',
      familyBed,
      '--pheno',
      familyClinical,
      '--target',
      'response',
      ...common,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.samplesJoined).toBe(24);
    expect(out.rows).toBe(24);
    expect(out.samplesUnmatched).toEqual({
      onlyInGenotypes: { count: 0, examples: [] },
      onlyInClinical: { count: 0, examples: [] },
    });
    expect(out.joinKey).toEqual({
      genotypes: ['FID', 'IID'],
      clinical: ['FID', 'IID'],
      chosen: false,
    });
  });

  it('refuses (exit 1) a sample ID that repeats, naming the key, counts, examples and --pheno-key', async () => {
    const r = await cli(
      'evaluate',
      familyBed,
      '--pheno',
      iidOnlyClinical,
      '--target',
      'response',
      ...common,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const line = r.stderr.trim();
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toMatch(/key IID \(genotypes\) = IID \(clinical table\) is not unique/);
    expect(line).toMatch(/3 IID values are shared by 24 samples \(“1”, “2”, “3”\)/);
    expect(line).toMatch(/--pheno-key ID .*--pheno-key FAMILY,ID/);
    expect(line).toMatch(/columns are: IID, tag, response$/);
  });

  it('--pheno-key FID,IID is the key given; a column that is not there, or --pheno-key alone, is refused', async () => {
    const given = await cli(
      ...['evaluate', familyBed, '--pheno', familyClinical, '--pheno-key', 'FID,IID'],
      ...['--target', 'response', ...common],
    );
    expect(given.code).toBe(0);
    const out = JSON.parse(given.stdout);
    expect(out.samplesJoined).toBe(24);
    expect(out.joinKey.chosen).toBe(true);
    const missing = await cli(
      ...['evaluate', familyBed, '--pheno', familyClinical, '--pheno-key', 'sample'],
      ...['--target', 'response', ...common],
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no column “sample” to join on/);
    const alone = await cli('evaluate', familyBed, '--pheno-key', 'IID', '--target', 'response');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/give --pheno too/);
  });
});

describe('genoforest on genomic files', () => {
  it('evaluate .bed --pheno: joined samples, unmatched by count with examples, group and repeats', async () => {
    const r = await cli('evaluate', bed, ...familyCv, ...common);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.samplesJoined).toBe(22);
    expect(out.samplesUnmatched.onlyInGenotypes).toEqual({
      count: 2,
      examples: cohortSampleIds().slice(-2),
    });
    expect(out.samplesUnmatched.onlyInClinical).toEqual({ count: 2, examples: ['x1', 'x2'] });
    expect(out.rows).toBe(22);
    expect(out.group).toEqual({ column: 'FID', count: 8, unlabelled: 0 });
    expect(out.repeats).toBe(2);
    // Two repeats: the spread is their mean and half-range, sd = (max − min)/√2.
    const auc = out.repeatSpread.auc;
    expect(auc.min).toBeLessThan(auc.max);
    expect(auc.mean).toBeCloseTo((auc.min + auc.max) / 2, 12);
    expect(auc.sd).toBeCloseTo((auc.max - auc.min) / Math.SQRT2, 12);
    expect(out.aucFolds).toHaveLength(6);
    expect(out.positiveClass).toBe('responder');
  });

  it('train .bed --pheno with --group/--repeats/--positive also cross-validates, with the same figures as evaluate', async () => {
    const cv = familyCv;
    const positive = ['--positive', 'non_responder'];
    const out = path.join(dir, 'cv.genoforest.json');
    const trained = await cli('train', bed, ...cv, ...positive, '--out', out, ...common);
    expect(trained.stderr).toBe('');
    expect(trained.code).toBe(0);
    const t = JSON.parse(trained.stdout);
    expect(t.samplesJoined).toBe(22);
    const evaluated = JSON.parse(
      (await cli('evaluate', bed, ...cv, ...positive, ...common)).stdout,
    );
    expect(t.evaluation).toMatchObject({
      folds: 3,
      repeats: 2,
      group: { column: 'FID', count: 8, unlabelled: 0 },
      positiveClass: 'non_responder',
      auc: evaluated.auc,
      accuracy: evaluated.accuracy,
      brier: evaluated.brier,
      aucFolds: evaluated.aucFolds,
    });
    expect(t.evaluation.aucFolds).toHaveLength(6);
    // Without those options train only trains.
    const plain = await cli(
      'train',
      bed,
      '--pheno',
      clinical,
      '--target',
      'response',
      '--out',
      out,
      ...common,
    );
    expect(JSON.parse(plain.stdout).evaluation).toBeUndefined();
    // The text summary states the cross-validation in one line.
    const text = await cli('train', bed, ...cv, '--out', out, '--trees', '15', '--threads', '1');
    expect(text.stdout).toMatch(
      /cross-validated \(3-fold × 2 repeats, groups kept together by FID \(8\)\): ROC AUC of "responder" 0\.\d{4}/,
    );
  });

  it('without --pheno the outcome is PLINK PHENOTYPE, "case" positive; --positive overrides', async () => {
    const r = await cli(...['evaluate', bed, '--target', 'PHENOTYPE', '--folds', '3', ...common]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.classNames.sort()).toEqual(['case', 'control']);
    expect(out.positiveClass).toBe('case');
    expect(out.samplesJoined).toBeUndefined();
    // -9 and 0 phenotypes have no outcome: 22 of 24 samples.
    expect(out.rows).toBe(22);
    const raw = await cli(
      ...[
        'evaluate',
        path.join(GENOMIC_DIR, 'cohort.raw'),
        '--target',
        'PHENOTYPE',
        '--folds',
        '3',
        '--positive',
        'control',
        ...common,
      ],
    );
    const fromRaw = JSON.parse(raw.stdout);
    expect(fromRaw.positiveClass).toBe('control');
    // The same cohort as .raw and as .bed gives the same table, hence the same figures with the same seed.
    expect(fromRaw.features).toBe(out.features);
    expect(fromRaw.accuracy).toBe(out.accuracy);
  });

  it('train on a .vcf.gz with a clinical CSV, then predict and explain new patients given as a VCF', async () => {
    const vcf = path.join(GENOMIC_DIR, 'wide.vcf.gz');
    const samples = Array.from({ length: 120 }, (_, i) => i);
    // The wide VCF's sample names come from the file itself: read them through a first load.
    const probe = await cli(...['evaluate', vcf, '--target', 'nothing', '--threads', '1']);
    expect(probe.code).toBe(1);
    expect(probe.stderr).toMatch(/target column "nothing" is not in/);
    const { parseVcfBlob } = await import('../engine/data/genomic/vcf');
    const { readFileSync } = await import('node:fs');
    const table = await parseVcfBlob(new Blob([readFileSync(vcf)]));
    const idColumn = table.headers.indexOf(table.hints?.id ?? '');
    const ids = samples.map((r) => table.columns[idColumn][r]);
    const pheno = path.join(dir, 'vcf-pheno.csv');
    writeFileSync(
      pheno,
      ['sample,status', ...ids.map((id, i) => `${id},${i % 3 === 0 ? 'case' : 'control'}`)].join(
        '\n',
      ),
    );
    const model = path.join(dir, 'vcf.genoforest.json');
    const train = await cli(
      ...['train', vcf, '--pheno', pheno, '--target', 'status', '--out', model, ...common],
    );
    expect(train.code).toBe(0);
    const trained = JSON.parse(train.stdout);
    expect(trained.samplesJoined).toBe(120);
    expect(trained.rows).toBe(120);
    const predict = await cli(...['predict', model, path.join(GENOMIC_DIR, 'wide.vcf.gz')]);
    expect(predict.code).toBe(0);
    const lines = predict.stdout.trim().split(/\r?\n/);
    expect(lines).toHaveLength(121);
    expect(lines[0]).toMatch(/P\(case\),P\(control\)/);
    const explain = await cli(...['explain', model, vcf, '--top', '3', '--json']);
    expect(explain.code).toBe(0);
    const explained = JSON.parse(explain.stdout);
    expect(explained.rows).toHaveLength(120);
    expect(explained.rows[0].contributions).toHaveLength(3);
    // Contributions name SNP columns and give the dose as the value.
    expect(explained.rows[0].contributions[0].value).toMatch(/^([012]|unknown)$/);
  });

  it('evaluate an imputed VCF holding only DS dosages: trains on the doses', async () => {
    // 60 patients × 30 sites of seeded DS values; the outcome is "case" where rs0's dose is above 1.
    let x = 5;
    const draw = () => (x = (x * 48271) % 2147483647) / 2147483647;
    const ids = Array.from({ length: 60 }, (_, i) => `p${i}`);
    const doses = Array.from({ length: 30 }, () => ids.map(() => (draw() * 2).toFixed(3)));
    const header = ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT'];
    const lines = [
      '##fileformat=VCFv4.2',
      '##FORMAT=<ID=DS,Number=A,Type=Float,Description="Dosage">',
      [...header, ...ids].join('\t'),
      ...doses.map((row, j) =>
        ['1', 100 + j, `rs${j}`, 'A', 'G', '.', 'PASS', '.', 'DS', ...row].join('\t'),
      ),
    ];
    const vcf = path.join(dir, 'imputed.vcf');
    writeFileSync(vcf, `${lines.join('\n')}\n`);
    const pheno = path.join(dir, 'imputed-pheno.csv');
    const status = ids.map((id, i) => `${id},${Number(doses[0][i]) > 1 ? 'case' : 'control'}`);
    writeFileSync(pheno, ['sample,status', ...status].join('\n'));
    const r = await cli('evaluate', vcf, '--pheno', pheno, '--target', 'status', ...common);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.samplesJoined).toBe(60);
    expect(out.rows).toBe(60);
    expect(out.features).toBe(30);
    // All-zero doses (the file read as if it had no genotypes) could not rank the patients.
    expect(out.auc).toBeGreaterThan(0.9);
  });

  it('a .bed without its .fam beside it is a one-line error', async () => {
    const lone = path.join(dir, 'lone.bed');
    writeFileSync(lone, Buffer.from([0x6c, 0x1b, 0x01]));
    const r = await cli(...['evaluate', lone, '--target', 'PHENOTYPE']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/lone\.bim must be beside it/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
