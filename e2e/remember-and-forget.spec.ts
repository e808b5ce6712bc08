import { expect, test, type Page } from '@playwright/test';
import { readProbabilities, trainModel } from './helpers';
import { JOURNEY_TREES, loadSample, offlineStatus, predictTypical } from './device-helpers';

function rememberBox(page: Page) {
  return page.getByRole('checkbox', { name: 'Remember on this device' });
}

function deviceTools(page: Page) {
  return page.getByRole('region', { name: 'This device' });
}

function sessionPatients(page: Page) {
  return page.getByRole('region', { name: "This session's patients" }).getByRole('listitem');
}

/** What this site holds in the browser's storage, read in the page. */
function storageLeft(page: Page) {
  return page.evaluate(async () => ({
    databases: (await indexedDB.databases()).map((d) => d.name ?? ''),
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    caches: await caches.keys(),
  }));
}

test('with "Remember on this device" work survives a reload, and forgetting deletes it all', async ({
  page,
}) => {
  await page.goto('/');
  await expect(offlineStatus(page)).toHaveText('Ready to work offline', { timeout: 60_000 });
  await expect(rememberBox(page)).not.toBeChecked();
  await expect(
    deviceTools(page).getByText('Off: nothing is stored; a reload starts afresh.'),
  ).toBeVisible();
  await rememberBox(page).check();

  await loadSample(page);
  await trainModel(page, JOURNEY_TREES);
  const before = await predictTypical(page);
  await expect(sessionPatients(page)).toHaveCount(1);
  await expect(deviceTools(page).getByText(/Stored on this device: [\d.]+ (kB|MB)/)).toBeVisible();
  // Give the debounced save time to write the last change, then check the record is there.
  await expect.poll(async () => (await storageLeft(page)).databases).toContain('genoforest-device');
  // The database exists from the first save; the save of the last change (300 ms debounce, then the model and
  // the session's patients) needs a moment more before the page goes away.
  await page.waitForTimeout(2_000);

  await page.reload();
  await expect(rememberBox(page)).toBeChecked();
  await expect(
    deviceTools(page).getByText(/Restored from this device: the file sample-cohort\.csv/),
  ).toBeVisible();
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');
  await expect(page.getByLabel('Number of trees')).toHaveValue(String(JOURNEY_TREES));
  await expect(page.getByRole('group', { name: 'Trained model' })).toBeVisible();
  await expect(sessionPatients(page)).toHaveCount(1);
  await expect(page.getByLabel('age', { exact: true })).not.toHaveValue('');
  await expect(deviceTools(page).getByText(/Stored on this device: [\d.]+ (kB|MB)/)).toBeVisible();
  // The restored model is the same forest: the same patient gets the same probabilities.
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(sessionPatients(page)).toHaveCount(2);
  expect(await readProbabilities(page)).toEqual(before);

  // Data some other code might have left: it must go too.
  await page.evaluate(async () => {
    localStorage.setItem('genoforest-test', 'patient data');
    sessionStorage.setItem('genoforest-test', 'patient data');
    const cache = await caches.open('genoforest-data');
    await cache.put('/patients.csv', new Response('id,age\n1,50'));
  });

  // "Keep" changes nothing.
  await page.getByRole('button', { name: 'Forget everything on this device' }).click();
  const dialog = page.getByRole('dialog', { name: 'Forget everything on this device?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Keep' })).toBeFocused();
  await dialog.getByRole('button', { name: 'Keep' }).click();
  await expect(dialog).toBeHidden();
  await expect(rememberBox(page)).toBeChecked();
  expect((await storageLeft(page)).databases).toContain('genoforest-device');

  await page.getByRole('button', { name: 'Forget everything on this device' }).click();
  await dialog.getByRole('button', { name: 'Forget everything', exact: true }).click();
  await expect(
    deviceTools(page).getByText(/Everything stored on this device was deleted/),
  ).toBeVisible();
  await expect(rememberBox(page)).not.toBeChecked();

  const left = await storageLeft(page);
  expect(left.databases).toEqual([]);
  expect(left.localStorage).toBe(0);
  expect(left.sessionStorage).toBe(0);
  // Only the app's own precache stays (so it still works offline); it holds no data.
  expect(left.caches.length).toBeGreaterThan(0);
  for (const name of left.caches) expect(name).toMatch(/^workbox-precache/);

  // A loaded cohort that is not remembered makes the page ask before a reload: leave, as a user who means it.
  page.once('dialog', (d) => void d.accept());
  await page.reload();
  await expect(page.getByRole('button', { name: 'Try the sample cohort' })).toBeVisible();
  await expect(rememberBox(page)).not.toBeChecked();
  await expect(page.getByRole('group', { name: 'Trained model' })).toHaveCount(0);
  await expect(deviceTools(page).getByText(/Restored from this device/)).toHaveCount(0);
  expect((await storageLeft(page)).databases).toEqual([]);
});
