/**
 * A geneticist's new patient from the patient's own genotype file: a PLINK cohort (testdata/genomic/cohort.*) with
 * a clinical CSV is trained, then the form is filled from a one-sample VCF made here from cohort.bim: 30 of its 40
 * SNPs, half written with the alleles the other way round (VCF counts ALT, PLINK counts A1), so the swap is
 * recounted; the other 10 are not in the file and stay unknown.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { TEST_DATA, dropFiles, readProbabilities, trainModel } from './helpers';

const GENOMIC = path.join(TEST_DATA, 'genomic');
const fixture = (name: string) => ({ name, content: readFileSync(path.join(GENOMIC, name)) });

/** The .bim's variants: ID, A1 (counted by the model) and A2. */
function bimVariants(): { id: string; a1: string; a2: string }[] {
  return readFileSync(path.join(GENOMIC, 'cohort.bim'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [, id, , , a1, a2] = line.trim().split(/\s+/);
      return { id, a1, a2 };
    });
}

function clinicalCsv(): string {
  const ids = readFileSync(path.join(GENOMIC, 'cohort.fam'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[1]);
  const lines = ['sample_id,age,response'];
  ids.forEach((id, i) => {
    lines.push(`${id},${40 + ((i * 7) % 30)},${i % 2 === 0 ? 'responder' : 'non_responder'}`);
  });
  return `${lines.join('\n')}\n`;
}

/**
 * One sample, "patient9", homozygous for A1 at every site written: even sites as REF=A2 ALT=A1 (1/1), odd sites
 * swapped as REF=A1 ALT=A2 (0/0). Either way the model's dose of A1 is 2.
 */
function patientVcf(variants: { id: string; a1: string; a2: string }[]): string {
  const lines = [
    '##fileformat=VCFv4.2',
    '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
    '#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tpatient9',
    ...variants.map(({ id, a1, a2 }, i) =>
      i % 2 === 0
        ? `1\t${1000 + i}\t${id}\t${a2}\t${a1}\t.\tPASS\t.\tGT\t1/1`
        : `1\t${1000 + i}\t${id}\t${a1}\t${a2}\t.\tPASS\t.\tGT\t0/0`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

test('a new patient filled from a one-sample VCF: swapped alleles recounted, missing variants counted, a prediction', async ({
  page,
}) => {
  const variants = bimVariants();
  expect(variants).toHaveLength(40);
  await page.goto('/');
  await dropFiles(page, [
    fixture('cohort.bed'),
    fixture('cohort.bim'),
    fixture('cohort.fam'),
    { name: 'clinical.csv', content: clinicalCsv() },
  ]);
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');
  await trainModel(page, 30);

  // A clinical field typed by hand before the file is kept.
  await page.getByLabel('age', { exact: true }).fill('57');
  const genotypeFile = page.getByLabel('Patient’s genotype file');
  await genotypeFile.setInputFiles({
    name: 'patient9.vcf',
    mimeType: 'text/plain',
    buffer: Buffer.from(patientVcf(variants.slice(0, 30))),
  });
  const summary = page.getByRole('status', { name: 'Genotypes from the file' });
  await expect(summary).toContainText(
    '30 of 40 genotype fields filled from sample “patient9”; the clinical fields are kept as typed.',
  );
  await expect(summary).toContainText('10 of 40 variants not in the file: left unknown.');
  await expect(summary).toContainText(
    "15 variants counted the model's other allele in the file: recounted as 2 − dose.",
  );
  await expect(summary).not.toContainText('refused');

  // Both ways of writing the alleles give the model's dose 2 (A1A1); a variant not in the file stays unknown.
  const field = (v: { id: string; a1: string }) =>
    page.getByLabel(`${v.id}_${v.a1}`, { exact: true });
  await expect(field(variants[0])).toHaveValue('2');
  await expect(field(variants[1])).toHaveValue('2');
  await expect(field(variants[35])).toHaveValue('');
  await expect(page.getByLabel('age', { exact: true })).toHaveValue('57');

  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const probs = await readProbabilities(page);
  expect([...probs.keys()].sort()).toEqual(['non_responder', 'responder']);
  const total = [...probs.values()].reduce((a, b) => a + b, 0);
  expect(Math.abs(total - 100)).toBeLessThanOrEqual(0.15);

  // A file of several samples asks which one is the patient.
  const threeSamples = patientVcf(variants)
    .replace('\tpatient9\n', '\tp1\tp2\tp3\n')
    .replace(/\t(1\/1|0\/0)\n/g, (_, gt: string) => `\t${gt}\t0/1\t${gt}\n`);
  await genotypeFile.setInputFiles({
    name: 'three.vcf',
    mimeType: 'text/plain',
    buffer: Buffer.from(threeSamples),
  });
  await page.getByLabel('Sample in the file').selectOption({ label: 'p2' });
  await expect(summary).toContainText(
    '40 of 40 genotype fields filled from sample “p2”; the clinical fields are kept as typed.',
  );
  await expect(field(variants[0])).toHaveValue('1');
  await expect(field(variants[35])).toHaveValue('1');
  await expect(page.getByLabel('age', { exact: true })).toHaveValue('57');
});

test('with 300 SNP columns the outcome picker and the what-if field are searched, by keyboard', async ({
  page,
}) => {
  const snps = 300;
  const header = ['patient', ...Array.from({ length: snps }, (_, j) => `rs${j}`), 'status'];
  const lines = [header.join(',')];
  for (let r = 0; r < 120; r++) {
    const cells = Array.from({ length: snps }, (_, j) => String((r * 31 + j * 7) % 3));
    lines.push([`p${r}`, ...cells, (r * 13) % 3 === 0 ? 'case' : 'control'].join(','));
  }
  await page.goto('/');
  await dropFiles(page, [{ name: 'wide.csv', content: `${lines.join('\n')}\n` }]);
  const outcome = page.getByRole('combobox', { name: 'Outcome column' });
  await expect(outcome).toHaveValue('status');
  await outcome.fill('rs29');
  // rs29 and rs290 … rs299 start with it.
  await expect(page.getByRole('listbox').getByRole('option')).toHaveCount(11);
  await outcome.press('Escape');
  await expect(outcome).toHaveValue('status');
  // Chosen by pointer from the filtered list, then back by keyboard.
  await outcome.fill('rs290');
  await page.getByRole('option', { name: 'rs290', exact: true }).click();
  await expect(outcome).toHaveValue('rs290');
  await outcome.fill('statu');
  await outcome.press('Enter');
  await expect(outcome).toHaveValue('status');

  await trainModel(page, 20);
  await page.getByRole('button', { name: 'Fill with typical values' }).click();
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await readProbabilities(page);
  const whatIf = page.getByRole('region', { name: 'What if' });
  const field = whatIf.getByRole('combobox', { name: 'Field to change' });
  await field.fill('rs123');
  await field.press('ArrowDown');
  await field.press('Enter');
  await expect(field).toHaveValue('rs123');
  await expect(whatIf.getByLabel('What-if rs123', { exact: true })).toBeVisible();
});
