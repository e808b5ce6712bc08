/**
 * Journeys of a geneticist: PLINK genotypes with a clinical CSV dropped together, trained and used on a new
 * patient entered as genotypes; a very wide TSV; a bgzipped VCF. Fixtures: testdata/genomic (see its README);
 * the clinical table and the wide TSV are generated here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { TEST_DATA, dropFiles, readProbabilities, trainModel } from './helpers';

const GENOMIC = path.join(TEST_DATA, 'genomic');
const fixture = (name: string) => ({ name, content: readFileSync(path.join(GENOMIC, name)) });

/** Sample IDs of cohort.fam, in order. */
function sampleIds(): string[] {
  return readFileSync(path.join(GENOMIC, 'cohort.fam'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[1]);
}

/** Clinical table: the last two samples missing, two clinical-only patients, an outcome per patient. */
function clinicalCsv(): string {
  const ids = sampleIds();
  const lines = ['sample_id,age,response'];
  ids.slice(0, -2).forEach((id, i) => {
    lines.push(`${id},${40 + ((i * 7) % 30)},${i % 2 === 0 ? 'responder' : 'non_responder'}`);
  });
  lines.push('x1,55,responder', 'x2,61,non_responder');
  return `${lines.join('\n')}\n`;
}

test('.bed+.bim+.fam and a clinical CSV dropped together → train → a new patient by genotype → probabilities', async ({
  page,
}) => {
  await page.goto('/');
  await dropFiles(page, [
    fixture('cohort.bed'),
    fixture('cohort.bim'),
    fixture('cohort.fam'),
    { name: 'clinical.csv', content: clinicalCsv() },
  ]);
  const join = page.getByRole('group', { name: 'Files and sample join' });
  await expect(join).toContainText('22 patients joined');
  await expect(join).toContainText('IID');
  await expect(join).toContainText('sample_id');
  const unmatched = join.getByRole('list', { name: 'Unmatched patients' });
  const [last2, last1] = sampleIds().slice(-2);
  await expect(unmatched).toContainText('2 patients only in the genotype file');
  await expect(unmatched).toContainText(`“${last2}”, “${last1}”`);
  await expect(unmatched).toContainText('2 patients only in the clinical table');
  await expect(unmatched).toContainText('“x1”, “x2”');
  await expect(page.getByRole('group', { name: 'Changes made while reading' })).toBeVisible();
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');
  // What the genotypes need in memory, worked out before they were held, stays with the loaded table.
  await expect(page.getByLabel('Loaded table')).toContainText(
    /This file needs about [\d.]+ [kMG]B to load, about [\d.]+ [kMG]B to train and cross-validate a forest on \d+ workers?(?: for a two-class outcome with every sample kept \(the genotypes are read in place\), up to [\d.]+ [kMG]B otherwise)?, and about [\d.]+ [kMG]B to find which variants matter\./,
  );

  // The first SNP as the schema shows it: a genotype column counting PLINK's A1.
  const [, rsid, , , a1, a2] = readFileSync(path.join(GENOMIC, 'cohort.bim'), 'utf8')
    .split('\n')[0]
    .split('\t');
  const snp = `${rsid}_${a1}`;
  const row = page
    .getByRole('region', { name: 'Column types' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: snp, exact: true }) });
  await page.getByLabel('Search columns').fill(snp);
  await expect(row.getByLabel('Type')).toHaveValue('genotype');
  await expect(row).toContainText(`counts ${a1}`);

  await trainModel(page, 30);

  // Evaluate with families kept together, 2 repeats and the positive class chosen.
  await page
    .getByRole('region', { name: 'Evaluate the model' })
    .getByLabel('Group column')
    .selectOption('FID');
  await page.getByLabel('Repeats').fill('2');
  await expect(page.getByLabel('Positive class')).toHaveValue('responder');
  await page.getByRole('button', { name: /^Evaluate( again)?$/ }).click();
  const spread = page.getByRole('group', { name: 'Repeats and groups' });
  await expect(spread).toContainText('Spread across 2 repeats', { timeout: 60_000 });
  await expect(spread).toContainText('FID');
  await expect(spread).toContainText('ignores groups');

  // The new patient: the genotype field offers AA/AG/GG-style choices.
  const het = a1 < a2 ? `${a1}${a2}` : `${a2}${a1}`;
  const field = page.getByLabel(snp, { exact: true });
  await expect(field.getByRole('option', { name: `${a1}${a1}` })).toBeAttached();
  await expect(field.getByRole('option', { name: `${a2}${a2}` })).toBeAttached();
  await field.selectOption({ label: het });
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const probs = await readProbabilities(page);
  expect([...probs.keys()].sort()).toEqual(['non_responder', 'responder']);
  const total = [...probs.values()].reduce((a, b) => a + b, 0);
  expect(Math.abs(total - 100)).toBeLessThanOrEqual(0.15);
});

test('a wide TSV (300 patients × 20,000 SNPs) loads as 20,000 columns', async ({ page }) => {
  const snps = 20_000;
  const header = ['patient', ...Array.from({ length: snps }, (_, j) => `rs${j}`), 'status'];
  const lines = [header.join('\t')];
  for (let r = 0; r < 300; r++) {
    const cells = new Array<string>(snps);
    for (let j = 0; j < snps; j++) cells[j] = String((r * 31 + j * 7) % 3);
    lines.push([`p${r}`, ...cells, r % 3 === 0 ? 'case' : 'control'].join('\t'));
  }
  await page.goto('/');
  await dropFiles(page, [{ name: 'wide.tsv', content: lines.join('\n') + '\n' }]);
  await expect(page.getByText('300 rows × 20,002 columns')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText(/tab-separated/)).toBeVisible();
  await expect(page.getByLabel('Outcome column')).toHaveValue('status');
});

test('a bgzipped VCF loads with its samples as patients', async ({ page }) => {
  await page.goto('/');
  await dropFiles(page, [fixture('wide.vcf.gz')]);
  const files = page.getByRole('group', { name: 'Files and sample join' });
  await expect(files).toContainText('genotypes read as VCF');
  await expect(page.getByText(/^120 rows × /)).toBeVisible();
});
