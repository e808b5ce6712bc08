import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { dropFile } from './helpers';

const LUNG = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'lung.csv');

test('survival Evaluate: 5-fold C with interval on the pool, figures at a horizon, calibration and Brier tables', async ({
  page,
}) => {
  await page.goto('/');
  await dropFile(page, 'lung.csv', readFileSync(LUNG));
  await expect(page.getByRole('radio', { name: /Time to event/ })).toBeChecked();
  await page.getByLabel('Time unit').selectOption('days');
  await page.getByLabel('Number of trees').fill('100');
  const started = Date.now();
  await page.getByRole('button', { name: 'Train survival model' }).click();

  // The 5-fold cross-validation follows training on its own, with its C and 95 % interval as the headline.
  const lead = page.getByText(
    /^Harrell’s C: 0\.\d{3} \(95 % interval 0\.\d{3} to 0\.\d{3}\), 5-fold cross-validation\./,
  );
  await expect(lead).toBeVisible({ timeout: 90_000 });
  console.log(`lung, 228 patients, 100 trees: train + 5-fold evaluate ${Date.now() - started} ms`);
  const [c, lo, hi] = /C: (0\.\d{3}) \(95 % interval (0\.\d{3}) to (0\.\d{3})\)/
    .exec((await lead.textContent()) ?? '')!
    .slice(1)
    .map(Number);
  expect(c).toBeGreaterThan(0.55);
  expect(c).toBeLessThan(0.75);
  expect(lo).toBeLessThan(c);
  expect(hi).toBeGreaterThan(c);
  await expect(page.getByRole('group', { name: 'Evaluation summary' })).toContainText(
    'On patients it had not seen',
  );

  // Each fold's held-out patients: 228 in five folds of 33 events each (stratified by event).
  const folds = page.getByRole('table', { name: /Harrell’s C of each fold’s held-out patients/ });
  await expect(folds.getByRole('row')).toHaveCount(6);
  await expect(folds.getByRole('row', { name: /^1 / })).toContainText('33');
  await expect(
    page.getByRole('table', { name: 'Brier score over time (out-of-fold)' }),
  ).toBeVisible();

  // The horizon: proposed within the median follow-up (255.5 days), then one the user picks.
  const horizon = page.getByLabel('Evaluation horizon, in days');
  await expect(horizon).toHaveValue('260');
  await expect(
    page.getByText(
      /^At 260 days \(5-fold cross-validation.*time-dependent AUC 0\.\d{3}; Uno’s C up to 260 days: 0\.\d{3}\./,
    ),
  ).toBeVisible();
  const calibration = page.getByRole('table', {
    name: 'Calibration at 260 days by fifth of predicted risk',
  });
  await expect(calibration.getByRole('row')).toHaveCount(6);
  await expect(calibration.getByRole('row', { name: /1 \(lowest\)/ })).toContainText(
    /\d+\.\d % to \d+\.\d %/,
  );

  await horizon.fill('365');
  await page.getByRole('button', { name: 'Show at this horizon' }).click();
  await expect(page.getByText(/^At 365 days .*time-dependent AUC 0\.\d{3}/)).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Calibration at 365 days by fifth of predicted risk' }),
  ).toBeVisible();
  // Past the follow-up the horizon is refused with its reason.
  await horizon.fill('2000');
  await expect(
    page.getByText('The horizon must be before the longest follow-up (1022 days).'),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Show at this horizon' })).toBeDisabled();
});
