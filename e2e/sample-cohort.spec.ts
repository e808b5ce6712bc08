import { expect, test } from '@playwright/test';
import { readProbabilities, trainModel } from './helpers';

test('the sample cohort trains and predicts from typical values', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample cohort' }).click();
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');
  await expect(page.getByText(/non_responder/).first()).toBeVisible();

  await trainModel(page, 100);
  await page.getByRole('button', { name: 'Fill with typical values' }).click();
  await expect(page.getByLabel('age', { exact: true })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();

  const probs = await readProbabilities(page);
  expect([...probs.keys()].sort()).toEqual(['non_responder', 'responder']);
  const total = [...probs.values()].reduce((a, b) => a + b, 0);
  expect(Math.abs(total - 100)).toBeLessThanOrEqual(0.15);
  // The prediction joins this session's patients.
  await expect(
    page.getByRole('region', { name: "This session's patients" }).getByRole('listitem'),
  ).toHaveCount(1);
});
