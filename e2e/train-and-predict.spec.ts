import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { dropFile, readProbabilities, readSimpleCsv, trainModel, WDBC_PATH } from './helpers';

test('drop the breast-cancer file, train, and predict a malignant then a benign patient', async ({
  page,
}) => {
  const { header, rows } = readSimpleCsv(WDBC_PATH);
  const target = header.indexOf('diagnosis');
  await page.goto('/');
  await dropFile(page, 'breast_cancer_wdbc.csv', readFileSync(WDBC_PATH));
  await expect(page.getByText(/569 rows/i).first()).toBeVisible();

  await page.getByLabel('Outcome column').selectOption('diagnosis');
  await expect(page.getByText(/benign/).first()).toBeVisible();
  await trainModel(page, 100);

  // The most extreme patients of each class, as a clinician would pick a textbook case.
  const byRadius = (r: string[]) => Number(r[header.indexOf('worst radius')]);
  const malignant = rows
    .filter((r) => r[target] === 'malignant')
    .sort((a, b) => byRadius(b) - byRadius(a))[0];
  const benign = rows
    .filter((r) => r[target] === 'benign')
    .sort((a, b) => byRadius(a) - byRadius(b))[0];

  for (const [patient, expected, other] of [
    [malignant, 'malignant', 'benign'],
    [benign, 'benign', 'malignant'],
  ] as const) {
    for (let c = 0; c < header.length; c++) {
      if (c === target) continue;
      await page.getByLabel(header[c], { exact: true }).fill(patient[c]);
    }
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    const region = page.getByRole('region', { name: 'Predicted probabilities' });
    await expect(region.getByText('malignant').first()).toBeVisible();
    await expect(region.getByText('benign').first()).toBeVisible();
    await expect(region.locator('.bar-rows rect').first()).toBeVisible();
    const probs = await readProbabilities(page);
    expect([...probs.keys()].sort()).toEqual(['benign', 'malignant']);
    const total = [...probs.values()].reduce((a, b) => a + b, 0);
    expect(Math.abs(total - 100)).toBeLessThanOrEqual(0.15);
    expect(probs.get(expected)!).toBeGreaterThan(probs.get(other)!);
  }
});
