/**
 * The survival mode's settings and records: the leaf size tuned on out-of-bag patients (Cancel stops it; the
 * candidates table), a Group column that keeps each institution in one fold of the cross-validation, and the model
 * card that says all of it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { dropFile } from './helpers';

const LUNG = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'lung.csv');

/** lung.csv with the institution code as text ("site 3"): a group column, as a family or site label would be. */
function lungWithSites(): string {
  const [head, ...rows] = readFileSync(LUNG, 'utf8').trim().split(/\r?\n/);
  const inst = head.split(',').indexOf('"inst"');
  expect(inst).toBeGreaterThanOrEqual(0);
  const out = rows.map((line) => {
    const cells = line.split(',');
    if (cells[inst] !== '' && cells[inst] !== 'NA') cells[inst] = `site ${cells[inst]}`;
    return cells.join(',');
  });
  return [head, ...out].join('\n') + '\n';
}

test('survival: tuned leaf size with Cancel, group-aware folds, and the model card', async ({
  page,
}) => {
  await page.goto('/');
  await dropFile(page, 'lung-sites.csv', lungWithSites());
  await expect(page.getByRole('radio', { name: /Time to event/ })).toBeChecked();
  await page.getByLabel('Time unit').selectOption('days');

  const modes = page.getByRole('group', { name: 'How the settings are chosen' });
  await modes.getByRole('radio', { name: 'tuned on out-of-bag patients' }).check();
  // Tuning chooses the leaf: its field is custom's only.
  await expect(page.getByLabel('Minimum patients per leaf')).toHaveCount(0);
  // The trees tuning grows, from the search's own plan for these 228 patients (not a rule of thumb).
  await expect(modes).toContainText(
    /On these 228 patients tuning grows [\d,]+ trees first \(5 leaf sizes, 15, 3, 5, 10, 20, × [\d,]+ trees each\)/,
  );

  // Cancel stops a tuning run (of many trees, so it is still tuning when Cancel comes).
  await page.getByLabel('Number of trees').fill('3000');
  await page.getByRole('button', { name: 'Train survival model' }).click();
  await expect(
    page.getByText(/^Tuning the leaf size on out-of-bag patients: \d+ of/),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText(/^Training was cancelled/)).toBeVisible();

  await page.getByLabel('Number of trees').fill('60');
  await expect(modes).toContainText(
    'tuning grows 120 trees first (5 leaf sizes, 15, 3, 5, 10, 20, × 24 trees each), then the 60 of the forest',
  );
  await page.getByRole('button', { name: 'Train survival model' }).click();
  const summary = page.getByRole('group', { name: 'Settings tuned on out-of-bag patients' });
  await expect(summary).toBeVisible({ timeout: 90_000 });
  await expect(summary).toContainText(/Chosen: at least \d+ patients? per leaf\./);
  const tried = summary.getByRole('table');
  await expect(tried.getByRole('columnheader', { name: 'Out-of-bag Harrell’s C' })).toBeVisible();
  // 228 patients: the base 15, then 3, 5, 10 and 20; exactly one chosen.
  await expect(tried.getByRole('rowheader')).toHaveText(['15', '3', '5', '10', '20']);
  await expect(tried.getByRole('cell', { name: 'chosen', exact: true })).toHaveCount(1);

  // The first cross-validation (patients unrelated) follows training; then by institution.
  const lead = page.getByText(/^Harrell’s C: 0\.\d{3} \(95 % interval .*5-fold cross-validation\./);
  await expect(lead).toBeVisible({ timeout: 90_000 });
  await expect(page.getByRole('note', { name: 'Groups in the cross-validation' })).toHaveCount(0);
  // A tuned model's cross-validation tunes again inside each fold, on that fold's training patients.
  await expect(page.getByRole('note', { name: 'Tuning in the evaluation' })).toContainText(
    /tuned again inside each fold.*fold 1: \d+, fold 2: \d+/,
  );
  await page.getByLabel('Group column').selectOption('inst');
  await page.getByRole('button', { name: 'Cross-validate again' }).click();
  const groups = page.getByRole('note', { name: 'Groups in the cross-validation' });
  await expect(groups).toContainText(
    'Each of the 19 groups of “inst” stayed wholly in one fold (1 patient without a group label, each a group of their own)',
    { timeout: 90_000 },
  );
  await expect(lead).toBeVisible();
  // Institutions are too large for tuning to score a patient only by trees that drew nobody of their site: it says so.
  await expect(page.getByRole('note', { name: 'Tuning in the evaluation' })).toContainText(
    /without keeping groups together.*same "inst".*The groups are too large to keep together/,
  );

  // The model card says what was done.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download model card' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('lung-sites-survival-model-card.md');
  const card = readFileSync((await download.path())!, 'utf8');
  expect(card).toContain('# Model card: random survival forest for the time to “1” (“event”)');
  expect(card).toContain('| Time unit | days |');
  expect(card).toMatch(
    /\| How the settings were chosen \| tuned on out-of-bag patients: \d+ per leaf/,
  );
  expect(card).toContain('each of the 19 groups of “inst” wholly in one fold');
  expect(card).toMatch(
    /tuned again inside each fold on its training patients only \(chosen: fold 1: \d+/,
  );
  expect(card).toContain('The groups are too large to keep together');
  expect(card).toMatch(
    /\| 5-fold cross-validation \| 0\.\d{3} \(95 % interval 0\.\d{3}–0\.\d{3}\) \| 0\.\d{3} \| 228 \|/,
  );
  expect(card).toMatch(
    /\| Model identity \(SHA-256 of the serialised forest and its encoding\) \| [0-9a-f]{64} \|/,
  );
});
