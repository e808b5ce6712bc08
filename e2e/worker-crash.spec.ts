/**
 * A training worker crashes mid-training. The crash is real: the test sets the one-shot page flag
 * `__genoforestCrashTrainingWorkerAfterTrees` (TEST_CRASH_FLAG in src/worker/pool.ts), and the next fit's first
 * pool worker, after growing that many trees, throws an uncaught error (the page's Worker gets an `error`
 * event, as with any crashed worker), closes itself and never answers. Nothing in the app sets the flag, and the
 * production CSP forbids inline scripts, so normal use can never trigger it.
 */
import { expect, test } from '@playwright/test';
import { chooseFile, modelFact, patientForm, schemaRow } from './helpers';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function cohort(rows: number): string {
  const rand = lcg(21);
  const lines = ['age,sex,marker,snp,response'];
  for (let r = 0; r < rows; r++) {
    const marker = (rand() * 10).toFixed(2);
    const snp = Math.floor(rand() * 3);
    const response = Number(marker) + snp * 2 + rand() * 3 > 7 ? 'yes' : 'no';
    lines.push(
      [30 + Math.floor(rand() * 50), rand() < 0.5 ? 'F' : 'M', marker, snp, response].join(','),
    );
  }
  return lines.join('\n');
}

test('a training worker that crashes mid-training: told plainly, nothing lost, training again works', async ({
  page,
}) => {
  await page.goto('/');
  await chooseFile(page, 'cohort.csv', cohort(400));
  await expect(page.getByText('400 rows × 5 columns')).toBeVisible();
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');

  // A first model, then everything a person would have entered by now.
  await page.getByLabel('Number of trees').fill('10');
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(modelFact(page, 'Trees')).toHaveText('10');
  // Its cross-validation grows its folds on the same training workers: the crash below must go to the next
  // training, not to a fold still being grown (then that training would simply succeed).
  await expect(page.getByRole('group', { name: 'Evaluation summary' })).toBeVisible({
    timeout: 60_000,
  });
  await schemaRow(page, 'snp').getByRole('combobox', { name: 'Type' }).selectOption('categorical');
  await patientForm(page).getByLabel('age', { exact: true }).fill('61');
  await patientForm(page).getByLabel('sex', { exact: true }).selectOption('F');
  await patientForm(page).getByLabel('marker', { exact: true }).fill('not sure');
  await page.getByLabel('Number of trees').fill('300');
  await page.getByLabel('Random seed').fill('7');

  // Crash the next fit's first training worker after 5 of its trees.
  await page.evaluate(() => {
    (window as unknown as Record<string, unknown>).__genoforestCrashTrainingWorkerAfterTrees = 5;
  });
  await page.getByRole('button', { name: 'Train model again' }).click();

  const failed = page.getByRole('alert').filter({ hasText: 'Training failed' });
  await expect(failed).toContainText('A training worker stopped unexpectedly');
  // The default settings are tuned first: the crash comes in a tuning forest, whose chunks of trees can be
  // fewer than 5 trees (the crash then comes after its last one).
  await expect(failed).toContainText(/stopped on purpose by a test after [0-5] trees/);
  await expect(failed).toContainText('The data and settings are kept; try again');
  await expect(failed).toContainText('the previous model is still in use');
  await expect(page.getByRole('progressbar', { name: 'Training progress' })).toBeHidden();

  // Nothing was lost: the table, the column choice, the settings, the previous model and the form.
  await expect(page.getByText('400 rows × 5 columns')).toBeVisible();
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');
  await expect(schemaRow(page, 'snp').getByRole('combobox', { name: 'Type' })).toHaveValue(
    'categorical',
  );
  await expect(page.getByLabel('Number of trees')).toHaveValue('300');
  await expect(page.getByLabel('Random seed')).toHaveValue('7');
  await expect(modelFact(page, 'Trees')).toHaveText('10');
  await expect(patientForm(page).getByLabel('age', { exact: true })).toHaveValue('61');
  await expect(patientForm(page).getByLabel('sex', { exact: true })).toHaveValue('F');
  await expect(patientForm(page).getByLabel('marker', { exact: true })).toHaveValue('not sure');

  // The previous model still predicts, and the pool is replaced: training again succeeds.
  await patientForm(page).getByLabel('marker', { exact: true }).fill('4.2');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Predicted probabilities' })).toBeVisible();
  await page.getByRole('button', { name: 'Train model again' }).click();
  await expect(modelFact(page, 'Trees')).toHaveText('300', { timeout: 60_000 });
  await expect(failed).toBeHidden();
  await expect(patientForm(page).getByLabel('age', { exact: true })).toHaveValue('61');
});
