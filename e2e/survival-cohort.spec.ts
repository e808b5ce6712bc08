import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { dropFile } from './helpers';

const LUNG = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'lung.csv');

test('a lung-cancer cohort as time to event: guessed columns, survival forest, C-index, a patient out of 100', async ({
  page,
}) => {
  await page.goto('/');
  await dropFile(page, 'lung.csv', readFileSync(LUNG));
  await expect(page.getByText(/228 rows/i).first()).toBeVisible();

  // The table has a follow-up time and a 0/1 event: time to event is proposed, as a guess.
  await expect(page.getByRole('radio', { name: /Time to event/ })).toBeChecked();
  await expect(page.getByLabel('Time column')).toHaveValue('time');
  await expect(page.getByLabel('Event column')).toHaveValue('event');
  await expect(page.getByLabel('Value that means the event')).toHaveValue('1');
  await page.getByLabel('Time unit').selectOption('days');
  const outcome = page.getByRole('group', { name: 'Time-to-event outcome' });
  await expect(outcome).toContainText('165 with the event “1”, 63 censored');

  await page.getByLabel('Number of trees').fill('100');
  await page.getByRole('button', { name: 'Train survival model' }).click();
  const lead = page.getByText(/^Harrell’s C: 0\.\d{3} \(95 % interval 0\.\d{3} to 0\.\d{3}\)/);
  await expect(lead).toBeVisible({ timeout: 90_000 });
  const c = Number(/C: (0\.\d{3})/.exec((await lead.textContent()) ?? '')![1]);
  expect(c).toBeGreaterThan(0.55);
  expect(c).toBeLessThan(0.75);
  await expect(
    page.getByRole('table', { name: /Kaplan–Meier curves by third of predicted risk/ }),
  ).toBeVisible();

  // Three years are beyond the 1,022 days of follow-up: refused, with the reason.
  await expect(page.getByRole('button', { name: '3 years' })).toBeDisabled();
  await page.getByRole('button', { name: '1 year' }).click();
  await expect(page.getByLabel('Horizon (days)')).toHaveValue('365.25');
  await page.getByLabel('age', { exact: true }).fill('70');
  await page.getByLabel('sex', { exact: true }).selectOption('male');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const result = page.getByRole('region', { name: 'Survival prediction' });
  await expect(
    result.getByText(
      /^(About \d+|Fewer than 1|More than 99) out of 100 patients like this one would be event-free at 1 year \(365 days\)\.$/,
    ),
  ).toBeVisible();
  await expect(
    result.getByRole('img', { name: /out of 100 patients like this one/ }),
  ).toBeVisible();

  // Compare treatments: each value of a column side by side, labelled as an association.
  const compare = page.getByRole('region', { name: 'Compare treatments' });
  await compare.getByLabel('Compare the values of').selectOption({ label: 'sex (male, female)' });
  await compare.getByRole('button', { name: 'Compare' }).click();
  await expect(compare.getByRole('note')).toContainText('a causal reading');
  await expect(compare.getByRole('img', { name: /out of 100 patients like this one/ })).toHaveCount(
    2,
  );

  await page.getByLabel('Horizon (days)').fill('2000');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText(
    'beyond the longest follow-up of the cohort (1022 days)',
  );

  // Save the model, then open the saved file again: the same model predicts the same patient.
  const saving = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save survival model' }).click();
  const saved = await saving;
  expect(saved.suggestedFilename()).toBe('lung-survival-model.genoforest.json');
  const text = readFileSync((await saved.path())!, 'utf8');
  await page.getByLabel('Survival model file').setInputFiles({
    name: 'lung-survival-model.genoforest.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await expect(
    page.getByRole('status').filter({ hasText: 'Opened lung-survival-model' }),
  ).toBeVisible();
  await page.getByRole('button', { name: '1 year' }).click();
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(result.getByText(/event-free at 1 year \(365 days\)\.$/).first()).toBeVisible();
});
