/**
 * The Train step's settings are tuned on out-of-bag patients by default: the radio group says so with the tuning's
 * budget, progress names the tuning, the summary tables what was tried and chosen (leaf, features per split, depth and
 * how the features were drawn),
 * the evaluation says it tuned inside each fold, a Group column makes the tuning keep groups together, Cancel stops a
 * tuning run, and scikit-learn's defaults can be chosen instead.
 */
import { expect, test } from '@playwright/test';

test('settings tuned on out-of-bag patients: chosen by default, shown, evaluated inside each fold', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample cohort' }).click();
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');

  const modes = page.getByRole('group', { name: 'How the settings are chosen' });
  const tuned = modes.getByRole('radio', { name: 'tuned on out-of-bag patients (default)' });
  await expect(tuned).toBeChecked();
  // The budget is shown before training, for this cohort and the trees as typed: the data worker's exact bounds.
  await page.getByLabel('Number of trees').fill('200');
  await expect(modes).toContainText(
    /Tuning grows between [\d,]+ and [\d,]+ trees first .*then the 200 of the forest\./,
  );
  // A small forest's floor of 16 trees per setting: many times the trees typed, and said so.
  await page.getByLabel('Number of trees').fill('10');
  await expect(modes).toContainText(
    /Tuning grows between \d{2,3} and [\d,]{3,5} trees first \(\d+ settings of 16 trees each/,
  );
  // Only custom shows the fields tuning chooses.
  await expect(page.getByLabel('Minimum patients per leaf')).toHaveCount(0);

  // Cancel stops a tuning run (of many trees, so it is still tuning when Cancel comes); the next run completes.
  await page.getByLabel('Number of trees').fill('2000');
  await page.getByRole('button', { name: 'Train model' }).click();
  const progress = page.getByRole('progressbar', { name: 'Training progress' });
  await expect(
    page.getByText('Tuning the settings on out-of-bag patients', { exact: true }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(progress).toBeHidden();
  await expect(page.getByText('Training was cancelled.')).toBeVisible();
  await page.getByLabel('Number of trees').fill('200');

  await page.getByRole('button', { name: 'Train model' }).click();
  const summary = page.getByRole('group', { name: 'Settings tuned on out-of-bag patients' });
  await expect(summary).toBeVisible({ timeout: 90_000 });
  await expect(summary).toContainText(/Chosen: at least \d+ patients? per leaf/);
  // The chosen setting's trees from the search are the forest's first: not grown again.
  await expect(summary).toContainText(/its first \d+ are the chosen setting’s own from the search/);
  const table = summary.getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'Expected Brier score' })).toBeVisible();
  // Every setting tried is a row named by its leaf, features and depth; exactly one is marked chosen. On the sample
  // cohort the screened candidates (each split's features drawn with the screen's weights) beat scikit-learn's
  // defaults, so the search stopped after them: the defaults' row, then the four screened leaf sizes.
  await expect(table.getByRole('rowheader')).toHaveCount(5);
  await expect(
    table.getByRole('rowheader', { name: /^\d+ per leaf, \d+ per split, no depth limit$/ }).first(),
  ).toBeVisible();
  await expect(table.getByRole('cell', { name: 'chosen', exact: true })).toHaveCount(1);
  await expect(table.getByRole('columnheader', { name: 'Feature draws' })).toBeVisible();
  await expect(table.getByRole('cell', { name: 'uniform', exact: true })).toHaveCount(1);
  await expect(
    table.getByRole('cell', { name: 'weighted by the screen', exact: true }),
  ).toHaveCount(4);
  await expect(summary).toContainText(
    /tried per split, with no depth limit, each split’s features drawn with weights from the screen\./,
  );
  // The screen saw the out-of-bag patients: the summary says their scores are optimistic.
  await expect(summary).toContainText('somewhat optimistic');

  const evaluation = page.getByRole('note', { name: 'Tuning in the evaluation' });
  await expect(evaluation).toContainText('tuned again inside each fold', { timeout: 90_000 });
  // The out-of-bag column is not covered: its patients chose the settings.
  await expect(evaluation).toContainText('The out-of-bag ones do not');

  // A Group column reaches the tuning: smoking's three groups are too large to leave wholly out of a tree's bag, so
  // the patients are scored one by one, and the summary says so and why.
  const trainGroup = page
    .getByRole('region', { name: 'Train the model' })
    .getByLabel('Group column');
  await trainGroup.selectOption('smoking');
  await page.getByRole('button', { name: 'Train model again' }).click();
  await expect(summary).toContainText('without keeping groups together', { timeout: 90_000 });
  await expect(summary).toContainText('The groups are too large to keep together');
  await trainGroup.selectOption('');

  // scikit-learn's defaults: no tuning, no table.
  await page.getByRole('radio', { name: 'scikit-learn defaults' }).check();
  await page.getByRole('button', { name: 'Train model again' }).click();
  await expect(summary).toBeHidden({ timeout: 90_000 });
  await expect(page.getByRole('group', { name: 'Trained model' })).toBeVisible();
});
