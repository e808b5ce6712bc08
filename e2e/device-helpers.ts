/** Steps shared by the privacy, offline, remember-and-forget and model-file journeys. */
import { expect, type Page } from '@playwright/test';
import { readProbabilities, trainModel } from './helpers';

/** Trees per model in these journeys: enough for a stable prediction, quick to grow. */
export const JOURNEY_TREES = 40;

/** Loads the bundled sample cohort and waits for its outcome column. */
export async function loadSample(page: Page) {
  await page.getByRole('button', { name: 'Try the sample cohort' }).click();
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');
  await expect(page.getByText(/non_responder/).first()).toBeVisible();
}

/**
 * Fills the form with the cohort's typical values and predicts. Waiting for the form (not for an Evaluate
 * step) keeps the journey the same whether or not the model is evaluated in between.
 */
export async function predictTypical(page: Page): Promise<Map<string, number>> {
  await page.getByRole('button', { name: 'Fill with typical values' }).click();
  await expect(page.getByLabel('age', { exact: true })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const probs = await readProbabilities(page);
  expect([...probs.keys()].sort()).toEqual(['non_responder', 'responder']);
  return probs;
}

/** Sample cohort → train → predict a typical patient. */
export async function sampleJourney(page: Page): Promise<Map<string, number>> {
  await loadSample(page);
  await trainModel(page, JOURNEY_TREES);
  return predictTypical(page);
}

/** The header's offline readiness line. */
export function offlineStatus(page: Page) {
  return page
    .getByRole('status')
    .filter({ hasText: /offline/i })
    .first();
}
