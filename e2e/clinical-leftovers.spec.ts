/**
 * The last clinical read-outs of issue 20, as a person meets them on the sample cohort: the keyboard path from the
 * outcome to Train model (a skip link past the column table), and the evaluation figures on a 390 px phone (the
 * out-of-bag column on screen, not beyond its edge), and the model's identity: the same SHA-256 on the printed
 * report (its first 12 digits, the report still one A4 page) and on the model card.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { trainModel } from './helpers';

test('a keyboard user reaches Train model from the outcome in a few key presses', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample cohort' }).click();
  const outcome = page.getByLabel('Outcome column');
  await expect(outcome).toHaveValue('response');
  const train = page.getByRole('button', { name: 'Train model' });
  await expect(train).toBeEnabled();
  await outcome.focus();

  // Tab on, following the skip link when it has focus (Enter), as a keyboard user would; every key counts.
  let presses = 0;
  let skipped = false;
  while (presses < 120) {
    const focused = await page.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName}:${(el.textContent ?? '').trim()}` : '';
    });
    if (focused === 'BUTTON:Train model') break;
    if (focused === 'A:Skip to training settings' && !skipped) {
      skipped = true;
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { name: 'Train the model' })).toBeFocused();
    } else {
      await page.keyboard.press('Tab');
    }
    presses++;
  }
  await expect(train).toBeFocused();
  expect(skipped).toBe(true);
  // 64 presses before the skip link (every column row holds two controls); the settings fields remain.
  expect(presses).toBeLessThanOrEqual(16);
});

test('at 390 px the evaluation figures show the out-of-bag column on screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample cohort' }).click();
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');
  await trainModel(page, 60);

  const figures = page.getByRole('region', { name: 'Evaluation figures' });
  const oob = figures.getByRole('columnheader', { name: 'Out-of-bag' });
  await expect(oob).toBeVisible({ timeout: 90_000 });
  await figures.scrollIntoViewIfNeeded();
  // Nothing to scroll sideways: the whole table fits its box, and the box the screen.
  const fits = await figures.evaluate((el) => el.scrollWidth <= el.clientWidth + 1);
  expect(fits).toBe(true);
  const box = await oob.boundingBox();
  expect(box).not.toBeNull();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  // Its figures are there too, the AUC's with its interval.
  const aucRow = figures.getByRole('row', { name: /^ROC AUC/ });
  await expect(aucRow.getByRole('cell').nth(1)).toHaveText(
    /^\d\.\d{3}( \(\d\.\d{3}–\d\.\d{3}\))?$/,
  );
  const cell = await aucRow.getByRole('cell').nth(1).boundingBox();
  expect(cell!.x + cell!.width).toBeLessThanOrEqual(390);
});

test('the printed report and the model card name the model by the same SHA-256', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample cohort' }).click();
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');
  await trainModel(page, 60);
  const evaluate = page.getByRole('region', { name: 'Evaluate the model' });
  const cardButton = evaluate.getByRole('button', { name: 'Download model card' });
  await expect(cardButton).toBeEnabled({ timeout: 90_000 });
  const wait = page.waitForEvent('download');
  await cardButton.click();
  const card = readFileSync(await (await wait).path(), 'utf8');
  const m =
    /\| Model identity \(SHA-256 of the serialised forest and its encoding\) \| ([0-9a-f]{64}) \|/.exec(
      card,
    );
  expect(m).not.toBeNull();
  const hash = m![1];

  await page.getByRole('button', { name: 'Fill with typical values' }).click();
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Predicted probabilities' })).toBeVisible();
  await page.emulateMedia({ media: 'print' });
  const report = page.getByRole('article', { name: 'Patient report' });
  await expect(report).toBeVisible();
  // The header's term and value (the colon is print.css's).
  await expect(report).toContainText(
    new RegExp(`Model hash\\s*SHA-256 ${hash.slice(0, 12)}(?![0-9a-f])`),
  );
  // Still one A4 page: page objects counted, the page tree ("/Pages") not.
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).toHaveLength(1);
  await page.emulateMedia({ media: 'screen' });

  // Saved, and opened again from a file under another name: the report names that file, and the same hash.
  const saved = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save model', exact: true }).click();
  const text = readFileSync(await (await saved).path(), 'utf8');
  await page.getByLabel('Open a saved model').setInputFiles({
    name: 'renamed.genoforest.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(page.getByText('Opened renamed.genoforest.json')).toBeVisible();
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await page.emulateMedia({ media: 'print' });
  await expect(report).toContainText('from “renamed.genoforest.json”');
  await expect(report).toContainText(
    new RegExp(`Model hash\\s*SHA-256 ${hash.slice(0, 12)}(?![0-9a-f])`),
  );
  await page.emulateMedia({ media: 'screen' });
});
