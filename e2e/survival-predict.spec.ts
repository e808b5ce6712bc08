import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { dropFile } from './helpers';

const LUNG = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'lung.csv');

test('a survival patient: the band and its interval, what drove it, familiarity, what-if', async ({
  page,
}) => {
  await page.goto('/');
  await dropFile(page, 'lung.csv', readFileSync(LUNG));
  await expect(page.getByRole('radio', { name: /Time to event/ })).toBeChecked();
  await page.getByLabel('Time unit').selectOption('days');
  await page.getByLabel('Number of trees').fill('100');
  await page.getByRole('button', { name: 'Train survival model' }).click();
  await expect(page.getByText(/^Harrell’s C: 0\.\d{3}/)).toBeVisible({ timeout: 90_000 });

  await page.getByRole('button', { name: '1 year' }).click();
  await page.getByLabel('age', { exact: true }).fill('70');
  await page.getByLabel('sex', { exact: true }).selectOption('male');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const result = page.getByRole('region', { name: 'Survival prediction' });

  // The interval sentence brackets the headline count.
  const lead = result.getByText(/^About (\d+) out of 100 patients like this one/);
  await expect(lead).toBeVisible();
  const n = Number(/About (\d+)/.exec((await lead.textContent()) ?? '')![1]);
  const interval = result.getByText(
    /^Allowing for the model’s uncertainty \(95 % band\): between about \d+ and \d+ out of 100 would be event-free at 1 year \(365 days\)\.$/,
  );
  await expect(interval).toBeVisible();
  const intervalText = (await interval.textContent()) ?? '';
  const [, lo, hi] = /about (\d+) and (\d+)/
    .exec((await interval.textContent()) ?? '')!
    .map(Number);
  expect(lo).toBeLessThanOrEqual(n);
  expect(hi).toBeGreaterThanOrEqual(n);
  expect(hi).toBeGreaterThan(lo);
  await expect(result.getByText(/^Pointwise 95 % band: .*infinitesimal jackknife/)).toBeVisible();
  const curveTable = result.getByRole('table', {
    name: /This patient’s survival curve and the cohort’s: share event-free/,
  });
  await expect(curveTable.getByRole('columnheader', { name: 'Lower 95 %' })).toBeVisible();
  await expect(curveTable.getByRole('columnheader', { name: 'Upper 95 %' })).toBeVisible();
  await expect(result.getByText(/^How familiar:/)).toBeVisible();

  // What drove it: a table of every feature, the entered ones with their values.
  const drivers = result.getByRole('region', { name: 'What drove it' });
  await expect(drivers.getByText(/What raises or lowers this patient’s risk/)).toBeVisible();
  const table = drivers.getByRole('table', { name: /What drove the risk by 1 year \(365 days\)/ });
  const age = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'age' }) });
  await expect(age).toContainText('70');
  await expect(age).toContainText(/(raises|lowers) the risk|no effect/);
  await expect(
    table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'wt.loss' }) }),
  ).toContainText('unknown');
  await expect(
    drivers.getByRole('img', { name: /Waterfall chart of the share event-free/ }),
  ).toBeVisible();

  // The printed report (print-only): the horizon sentence, the interval, the curve table and the drivers.
  const printed = page.getByRole('article', { name: 'Patient report', includeHidden: true });
  await expect(printed).toContainText('Allowing for the model’s uncertainty (95 % band)');
  await expect(
    printed.getByRole('table', { name: 'Share event-free over time', includeHidden: true }),
  ).toContainText(/\d+ % to \d+ %/);
  await expect(printed).toContainText(
    /What raised or lowered the risk by 1 year \(365 days\) most/,
  );
  await expect(page.getByRole('button', { name: 'Print patient report' })).toBeVisible();
  // The model's identity: the first 12 digits of its SHA-256, the same once saved and opened again (below).
  await expect(printed).toContainText(/Model hashSHA-256 [0-9a-f]{12}/);
  const hash = /SHA-256 ([0-9a-f]{12})/.exec((await printed.textContent()) ?? '')?.[1];

  // What if: one field changed, a new count beside the old.
  const whatIf = page.getByRole('region', { name: 'What if' });
  await whatIf.getByLabel('Field to change').selectOption('ph.ecog');
  await whatIf.getByLabel('New value').fill('3');
  await whatIf.getByRole('button', { name: 'Try it' }).click();
  await expect(whatIf.getByRole('status')).toContainText(
    new RegExp(
      `^With ph\\.ecog = 3: .*out of 100 patients like this one would be event-free at 1 year \\(365 days\\)\\. \\(as entered: about ${n};`,
    ),
  );

  // A file of patients: survival at each horizon as a column, shown and saved.
  const batch = page.getByRole('region', { name: 'Predict a file of patients' });
  await batch.getByLabel(/^Patients file \(CSV/).setInputFiles({
    name: 'new-patients.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('id,age,sex,ph.ecog\nP1,70,male,2\nP2,50,female,0\n'),
  });
  await batch.getByLabel('Horizons (days)').fill('180, 365');
  await batch.getByRole('button', { name: 'Predict the file' }).click();
  await expect(batch.getByRole('status')).toHaveText('Predicted 2 patients at 180, 365 days.');
  const preview = batch.getByRole('table', { name: /Share event-free at each horizon/ });
  await expect(preview.getByRole('columnheader', { name: 'At 365 days' })).toBeVisible();
  await expect(
    preview.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'P1' }) }),
  ).toContainText(/\d+ %/);
  const downloading = page.waitForEvent('download');
  await batch.getByRole('button', { name: 'Download CSV' }).click();
  const csv = readFileSync((await (await downloading).path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe(
    'row,id,event_free_at_180_days,event_free_at_365_days,unknown_fields',
  );
  expect(csv.split('\r\n')[1]).toMatch(/^1,P1,0\.\d+,0\.\d+,\d+$/);

  // The saved survival model opens from the header's "Open model" too, in a fresh page without its cohort: the app
  // switches to time to event; the same band without the cohort (the trees' bootstrap samples replayed from the
  // seed and row count the file records, as explain --horizon does); the drivers are still there.
  const saving = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save survival model' }).click();
  const model = readFileSync((await (await saving).path())!, 'utf8');
  await page.goto('/');
  await page.getByLabel('Open a saved model').setInputFiles({
    name: 'lung-survival-model.genoforest.json',
    mimeType: 'application/json',
    buffer: Buffer.from(model),
  });
  await expect(page.getByText(/The app is now in time-to-event mode\./)).toBeVisible();
  await page.getByRole('button', { name: '1 year' }).click();
  await page.getByLabel('age', { exact: true }).fill('70');
  await page.getByLabel('sex', { exact: true }).selectOption('male');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const reopened = page.getByRole('region', { name: 'Survival prediction' });
  await expect(reopened.getByText(intervalText, { exact: true })).toBeVisible();
  await expect(reopened.getByText(/^No band/)).toHaveCount(0);
  await expect(
    reopened
      .getByRole('table', {
        name: /^This patient’s survival curve/,
      })
      .getByRole('columnheader', { name: 'Lower 95 %' }),
  ).toBeVisible();
  await expect(
    reopened
      .getByRole('region', { name: 'What drove it' })
      .getByRole('table', { name: /What drove the risk by 1 year \(365 days\)/ }),
  ).toBeVisible();
  const reprinted = page.getByRole('article', { name: 'Patient report', includeHidden: true });
  await expect(reprinted).toContainText('opened from lung-survival-model.genoforest.json');
  await expect(reprinted).toContainText(`Model hashSHA-256 ${hash}`);
});
