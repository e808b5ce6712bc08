/**
 * Which variants matter: PLINK genotypes (testdata/genomic/cohort.bed, its own PHENOTYPE as the outcome) trained,
 * then the corrected importance with p- and q-values as a Manhattan plot walked by keyboard, a searchable table and a
 * CSV export; the top variants' permutation importance and direction, and a zoom to a region.
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

  // The top 20 by p measured further: permutation importance with its SE and the risk at 0/1/2 copies.
  await expect(table.getByRole('columnheader', { name: 'AUC drop ± SE' })).toBeVisible();
  await section.getByLabel('Search variants').fill('');
  // The smallest p with a locus (a clinical column such as SEX has none).
  const top = table
    .getByRole('row')
    .filter({ hasText: /\w:\d+/ })
    .first();
  await expect(top.getByRole('cell').nth(6)).toHaveText(/^-?\d\.\d{3} ± \d\.\d{3}$/, {
    timeout: 60_000,
  });
  await expect(top.getByRole('cell').nth(7)).toContainText(/→|not a genotype/);
  const topName = (await top.getByRole('rowheader').textContent()) as string;
  const [topChr, topPos] = ((await top.getByRole('cell').nth(0).textContent()) as string).split(
    ':',
  );

  // Zoom to the top variant's position: the plot and the table show that region only.
  await section.getByLabel('Chromosome', { exact: true }).selectOption(topChr);
  await section.getByLabel('From position', { exact: true }).fill(topPos);
  await section.getByLabel('To position', { exact: true }).fill(topPos);
  await expect(plot).toHaveAccessibleName(new RegExp(`in chromosome ${topChr} from`));
  await expect(table.getByRole('rowheader')).toHaveCount(1);
  await expect(table.getByRole('rowheader')).toHaveText(topName);
  await plot.focus();
  await page.keyboard.press('Home');
  await expect(chosen).toContainText(topName);
  await expect(chosen).toContainText('out-of-bag AUC drop when shuffled');
  await section.getByLabel('From position', { exact: true }).fill('9');
  await section.getByLabel('To position', { exact: true }).fill('1');
  await expect(section.getByText('The range starts (9) after it ends (1).')).toBeVisible();
  await section.getByRole('button', { name: 'Show the whole genome' }).click();
  await expect(table.getByRole('rowheader')).toHaveCount(41);

  const wait = page.waitForEvent('download');
  await section.getByRole('button', { name: 'Export variants as CSV' }).click();
  const download = await wait;
  expect(download.suggestedFilename()).toBe('cohort-variant-importance.csv');
  const csv = readFileSync((await download.path()) as string, 'utf8')
    .trim()
    .split('\r\n');
  expect(csv[0]).toBe(
    'name,chromosome,position,counted,other,maf,importance,pValue,qValue,aucDrop,aucDropSe,risk0,risk1,risk2,direction',
  );
  expect(csv).toHaveLength(42);
  expect(csv.some((l) => l.startsWith(`${rs1}_${a1},${chr1},${pos1},${a1},${a2},`))).toBe(true);
});
