/**
 * A geneticist's QC and ancestry journey: the two-population PLINK fileset of testdata/genomic/pca (120 samples,
 * families POPA and POPB, 1,500 variants, about 1 % of calls missing) dropped, PLINK's filters set and their
 * summary read, the PC1–PC2 scatter and its table shown and coloured, then a model trained with the components as
 * features. The expected counts are PLINK 1.9's on the same files:
 *   plink1.9 --bfile testdata/genomic/pca/twopop_missing --mind 0.015 --maf 0.2 --make-just-fam --out t
 * logs "6 people removed due to missing genotype data (--mind)", "371 variants removed due to minor allele
 * threshold(s)" and "1129 variants and 114 people pass filters and QC".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { TEST_DATA, dropFiles, patientForm, readProbabilities, trainModel } from './helpers';

const PCA = path.join(TEST_DATA, 'genomic', 'pca');
const fixture = (name: string) => ({ name, content: readFileSync(path.join(PCA, name)) });

test('QC filters with their summary, the ancestry scatter and table, and components as features', async ({
  page,
}) => {
  await page.goto('/');
  await dropFiles(page, [
    fixture('twopop_missing.bed'),
    fixture('twopop_missing.bim'),
    fixture('twopop_missing.fam'),
  ]);
  // 1,506 columns: the outcome picker is a searchable combobox.
  await page.getByRole('combobox', { name: 'Outcome column' }).fill('FID');
  await page
    .getByRole('listbox', { name: /options$/ })
    .getByRole('option', { name: 'FID', exact: true })
    .click();

  const genetics = page.getByRole('region', { name: 'Genotype QC and ancestry' });
  await expect(genetics).toBeVisible();
  // Off by default, as PLINK without the flags.
  await expect(genetics.getByLabel('Minimum MAF', { exact: true })).toHaveValue('');
  await expect(genetics).toContainText('No filter set');

  await genetics.getByLabel('Maximum missing per sample', { exact: true }).fill('0.015');
  await genetics.getByLabel('Minimum MAF', { exact: true }).fill('0.2');
  const summary = genetics.getByRole('table', { name: 'QC summary' });
  await expect(summary).toContainText('114 of 120 samples and 1,129 of 1,500 variants are kept');
  const step = (name: RegExp) =>
    summary.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) });
  await expect(step(/Maximum missing per sample/)).toContainText('6 samples');
  await expect(step(/Minimum MAF/)).toContainText('371 variants');
  // PLINK's order: samples first, then variants.
  await expect(summary.getByRole('rowheader')).toHaveText([
    'Maximum missing per sample (--mind)',
    'Minimum MAF (--maf)',
  ]);
  // A value PLINK would not take is refused where it is typed.
  await genetics.getByLabel('HWE p below', { exact: true }).fill('2');
  await expect(genetics.getByLabel('HWE p below', { exact: true })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await genetics.getByLabel('HWE p below', { exact: true }).fill('');
  // The outcome's class balance counts the patients the filters keep.
  await expect(page.getByText(/114 patients ×/)).toBeVisible();

  await genetics.getByLabel('Number of ancestry components', { exact: true }).fill('3');
  await genetics.getByRole('button', { name: 'Compute ancestry components' }).click();
  const view = genetics.getByRole('region', { name: 'Ancestry components', exact: true });
  // Adding --indep-pairwise 50 5 0.2 to the PLINK command above logs "Pruned 1 variant from chromosome 1, leaving 1128".
  await expect(view).toContainText('3 components from 1,128 variants on 114 samples', {
    timeout: 60_000,
  });
  await expect(view).toContainText('1 left out by LD pruning');
  await expect(view.getByRole('img', { name: /Scatter of 114 samples on PC1/ })).toBeVisible();
  // LD pruning is on by default, as PLINK's components are usually computed (50 5 0.2).
  await expect(
    genetics.getByLabel('LD-prune the variants first (plink1.9 --indep-pairwise)'),
  ).toBeChecked();
  await expect(view).toContainText('LD-pruned as plink1.9 --indep-pairwise 50 5 0.2');
  await expect(view.getByRole('img', { name: /coloured by FID/ })).toBeVisible();
  await expect(genetics.getByLabel('Colour by')).toHaveValue('FID');
  const scores = view.getByRole('table', { name: 'Ancestry components table' });
  await expect(scores.getByRole('columnheader')).toHaveText(['Sample', 'FID', 'PC1', 'PC2', 'PC3']);
  await expect(scores.getByRole('row')).toHaveCount(115);
  // PC1 separates the two populations: every POPA sample lies on one side of every POPB sample.
  const rows = await scores.getByRole('row').allInnerTexts();
  const pc1 = (pop: string) =>
    rows
      .map((r) => r.split('\t'))
      .filter((cells) => cells[1] === pop)
      .map((cells) => Number(cells[2]));
  const a = pc1('POPA');
  const b = pc1('POPB');
  expect(a.length + b.length).toBe(114);
  expect(Math.max(...a) < Math.min(...b) || Math.max(...b) < Math.min(...a)).toBe(true);
  const variance = view.getByRole('table', { name: 'Variance explained' });
  await expect(variance.getByRole('rowheader')).toHaveText(['PC1', 'PC2', 'PC3']);
  // Beside the chart at 1,280 px the whole table shows: its Eigenvalue column was once cut off.
  const clipped = await variance.evaluate(
    (t) => t.scrollWidth - (t.parentElement?.clientWidth ?? 0),
  );
  expect(clipped).toBeLessThanOrEqual(0);

  await genetics.getByLabel('Colour by').selectOption('SEX');
  await expect(view.getByRole('img', { name: /coloured by SEX/ })).toBeVisible();
  await expect(scores.getByRole('columnheader').nth(1)).toHaveText('SEX');

  await genetics.getByLabel('Add 3 ancestry components as features').check();
  // 1,129 variants kept plus 3 components.
  await expect(page.getByText(/114 patients × 1,13\d features/)).toBeVisible();
  await trainModel(page, 20);
  const model = page.getByRole('group', { name: 'Trained model' });
  await expect(model).toContainText('114');
  await expect(
    page.getByRole('note', { name: 'Genotype QC and ancestry of this model' }),
  ).toContainText('114 of 120 samples and 1,129 of 1,500 variants kept');

  // A new patient: the components are computed from the genotype fields, not typed.
  await expect(page.getByRole('note', { name: 'Ancestry components' })).toContainText(
    'PC1, PC2, PC3 are not typed',
  );
  const form = patientForm(page);
  await form.getByRole('button', { name: 'Fill with typical values' }).click();
  await form.getByLabel('Search fields').fill('PC1');
  await expect(form.getByLabel('PC1', { exact: true })).toHaveCount(0);
  await form.getByRole('button', { name: 'Predict', exact: true }).click();
  const probabilities = await readProbabilities(page);
  expect([...probabilities.keys()].sort()).toEqual(['POPA', 'POPB']);
});
