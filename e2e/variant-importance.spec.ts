/**
 * Which variants matter: PLINK genotypes (testdata/genomic/cohort.bed, its own PHENOTYPE as the outcome) trained,
 * then the corrected importance with p- and q-values as a Manhattan plot walked by keyboard, a searchable table and a
 * CSV export.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { TEST_DATA, dropFiles, trainModel } from './helpers';

const GENOMIC = path.join(TEST_DATA, 'genomic');
const fixture = (name: string) => ({ name, content: readFileSync(path.join(GENOMIC, name)) });

test('after training: Manhattan plot by chromosome and position, searchable table, CSV', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await dropFiles(page, [fixture('cohort.bed'), fixture('cohort.bim'), fixture('cohort.fam')]);
  await expect(page.getByLabel('Outcome column')).toHaveValue('PHENOTYPE');
  await trainModel(page, 30);

  const section = page.getByRole('region', { name: 'Which variants matter' });
  await expect(section).toContainText('not causation');
  await section.getByRole('button', { name: 'Find which variants matter' }).click();
  const plot = section.getByRole('group', { name: /^Manhattan plot/ });
  await expect(plot).toBeVisible({ timeout: 120_000 });
  await expect(plot).toHaveAccessibleName(/along the genome/);

  // One tab stop; the arrow keys walk the variants along the genome (chromosome 1, then 2).
  const bim = readFileSync(path.join(GENOMIC, 'cohort.bim'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));
  const chosen = section.locator('.manhattan-chosen');
  await plot.focus();
  const [chr1, rs1, , pos1, a1, a2] = bim[0];
  await expect(chosen).toContainText(
    `${rs1}_${a1}, chromosome ${chr1} position ${pos1}, alleles ${a1}/${a2}`,
  );
  await expect(chosen).toContainText(/MAF 0\.\d{3}, p [<\d].*, q [<\d]/);
  await page.keyboard.press('End');
  const [chrN, rsN, , posN] = bim[bim.length - 1];
  await expect(chosen).toContainText(`${rsN}_`);
  await expect(chosen).toContainText(`chromosome ${chrN} position ${posN}`);

  // The table beside it: every feature (40 SNPs and SEX), searchable by name.
  const table = section.getByRole('region', { name: 'Variants by p-value' });
  await expect(table.getByRole('rowheader')).toHaveCount(41);
  await section.getByLabel('Search variants').fill(rs1);
  await expect(table.getByRole('rowheader')).toHaveCount(1);
  await expect(table.getByRole('row').nth(1)).toContainText(`${chr1}:${pos1}`);

  const wait = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Export variants as CSV' }).click();
  const download = await wait;
  expect(download.suggestedFilename()).toBe('cohort-variant-importance.csv');
  const csv = readFileSync((await download.path()) as string, 'utf8')
    .trim()
    .split('\r\n');
  expect(csv[0]).toBe('name,chromosome,position,counted,other,maf,importance,pValue,qValue');
  expect(csv).toHaveLength(42);
  expect(csv.some((l) => l.startsWith(`${rs1}_${a1},${chr1},${pos1},${a1},${a2},`))).toBe(true);
});
