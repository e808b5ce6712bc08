import { expect, test } from '@playwright/test';
import { offlineStatus, sampleJourney } from './device-helpers';

test('after the first visit the whole journey works with no network', async ({ page, context }) => {
  await page.goto('/');
  // The service worker has precached the app (and the sample cohort) only once this is shown.
  await expect(offlineStatus(page)).toHaveText('Ready to work offline', { timeout: 60_000 });

  await context.setOffline(true);
  await page.reload();
  await expect(offlineStatus(page)).toHaveText('Offline: running from this device');
  await expect(page.getByRole('heading', { name: 'GenoForest' })).toBeVisible();

  const probs = await sampleJourney(page);
  const total = [...probs.values()].reduce((a, b) => a + b, 0);
  expect(Math.abs(total - 100)).toBeLessThanOrEqual(0.15);

  // Back online, the header says so again.
  await context.setOffline(false);
  await expect(offlineStatus(page)).toHaveText('Ready to work offline');
});
