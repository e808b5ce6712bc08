import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { expect, test, type Download, type Page } from '@playwright/test';
import { dropFile, readSimpleCsv, trainModel, WDBC_PATH } from './helpers';

async function downloadedText(
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; text: string }> {
  const wait = page.waitForEvent('download');
  await click();
  const download: Download = await wait;
  const file = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(file, 'utf8') };
}

/** The cells of a table row named by its row header. */
async function rowCells(page: Page, region: string, row: string): Promise<string[]> {
  return page
    .getByRole('region', { name: region })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: row, exact: true }) })
    .first()
    .getByRole('cell')
    .allInnerTexts();
}

test('evaluate, explain a patient, ask what-if, predict many and export the model card', async ({
  page,
}) => {
  const { header, rows } = readSimpleCsv(WDBC_PATH);
  await page.goto('/');
  await dropFile(page, 'breast_cancer_wdbc.csv', readFileSync(WDBC_PATH));
  await expect(page.getByText(/569 rows/i).first()).toBeVisible();
  await page.getByLabel('Outcome column').selectOption('diagnosis');
  await trainModel(page, 100);

  // Evaluation starts by itself: a plain-words summary with the cross-validated AUC.
  const evaluate = page.getByRole('region', { name: 'Evaluate the model' });
  const summary = evaluate.getByText(/ROC AUC \d\.\d{3}/).first();
  await expect(summary).toBeVisible({ timeout: 60_000 });
  const auc = Number(/ROC AUC (\d\.\d{3})/.exec(await summary.innerText())?.[1]);
  expect(auc).toBeGreaterThan(0.95);
  await expect(evaluate.getByRole('img', { name: /^ROC curve/ })).toBeVisible();
  await expect(evaluate.getByRole('img', { name: /^Calibration plot/ })).toBeVisible();

  // Moving the threshold changes the confusion matrix, read from the engine's curve points.
  const at = (t: string) =>
    evaluate.getByRole('region', { name: `Confusion matrix at threshold ${t}` });
  const before = await at('0.50').innerText();
  await evaluate.getByLabel('Decision threshold').fill('0.1');
  await expect(at('0.10')).toBeVisible();
  expect(await at('0.10').innerText()).not.toBe(before);

  // Feature importance is searchable.
  await evaluate.getByLabel('Search features').fill('worst radius');
  await expect(
    evaluate
      .getByRole('region', { name: 'All features’ importance' })
      .getByRole('rowheader', { name: 'worst radius' }),
  ).toBeVisible();

  // Predict the cohort's typical patient, then read why.
  await page.getByRole('button', { name: 'Fill with typical values' }).click();
  await expect(page.getByLabel('worst radius', { exact: true })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Predicted probabilities' })).toBeVisible();
  const why = page.getByRole('region', { name: 'Why this prediction' });
  await expect(why.getByRole('img', { name: /^Waterfall chart/ })).toBeVisible();
  const listed = await why.getByRole('listitem').allInnerTexts();
  expect(listed.length).toBeGreaterThan(0);
  const features = header.filter((h) => h !== 'diagnosis');
  expect(listed.some((item) => features.some((f) => item.startsWith(`${f} = `)))).toBe(true);

  // What-if: a much larger worst radius changes the probability, and the dependence plot follows it.
  const whatIf = page.getByRole('region', { name: 'What if' });
  await whatIf.getByLabel('Field to change').selectOption('worst radius');
  const asEntered = await rowCells(page, 'What if', 'malignant');
  await whatIf.getByLabel('What-if worst radius', { exact: true }).fill('30');
  await expect
    .poll(async () => {
      const [entered, changed] = await rowCells(page, 'What if', 'malignant');
      return changed !== entered && changed !== '…';
    })
    .toBe(true);
  expect(asEntered[0]).toMatch(/%/);
  // The change also reads as a difference in icons, out of 100.
  await expect(
    whatIf
      .getByRole('list', { name: 'As entered and with the changes, in patients out of 100' })
      .getByText(/out of 100 for the patient with the changes/)
      .first(),
  ).toBeVisible();
  await expect(
    page.getByRole('region', { name: 'How the prediction changes with worst radius' }),
  ).toBeVisible();
  await expect(why.getByRole('heading', { name: /with your changes/ })).toBeVisible();

  // Predict many: five patients, one with a hostile label, downloaded and read back.
  const hostile = '=HYPERLINK("x")';
  const lines = [
    ['patient_label', ...header].join(','),
    ...rows
      .slice(0, 5)
      .map((r, i) => [i === 0 ? `"${hostile.replace(/"/g, '""')}"` : `P${i + 1}`, ...r].join(',')),
  ];
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load patients to predict' }).click();
  await (
    await chooser
  ).setFiles({
    name: 'new_patients.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(lines.join('\n')),
  });
  await expect(page.getByText('5 patients predicted from new_patients.csv.')).toBeVisible();
  const predictions = await downloadedText(page, () =>
    page.getByRole('button', { name: 'Download predictions (CSV)' }).click(),
  );
  expect(predictions.name).toBe('new_patients-predictions.csv');
  const parsed = Papa.parse<Record<string, string>>(predictions.text.trim(), { header: true });
  expect(parsed.data).toHaveLength(5);
  for (const row of parsed.data) {
    const total = Number(row['P(benign)']) + Number(row['P(malignant)']);
    expect(Math.abs(total - 1)).toBeLessThan(1e-3);
    expect(Number(row['P(malignant) low'])).toBeLessThanOrEqual(Number(row['P(malignant)']) + 1e-6);
  }
  expect(parsed.data[0].patient_label).toBe(`'${hostile}`);

  // The model card names the AUC and what the model is not.
  const card = await downloadedText(page, () =>
    evaluate.getByRole('button', { name: 'Download model card' }).click(),
  );
  expect(card.name).toBe('breast_cancer_wdbc-model-card.md');
  // With its 95 % interval.
  expect(card.text).toMatch(
    new RegExp(
      `\\| ROC AUC \\| ${auc.toFixed(3).replace('.', '\\.')} \\(95 % CI \\d\\.\\d{3}–\\d\\.\\d{3}\\) \\|`,
    ),
  );
  expect(card.text).toContain('not a diagnosis');
  expect(card.text).toContain('Validated only on this cohort');
});
