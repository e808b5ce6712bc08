/**
 * Measures how long the browser takes to load a large PLINK fileset picked with "Load files" (until the size
 * appears) and to train 100 trees on its PHENOTYPE. Runs only when GENOFOREST_BED_BENCH names the fileset's stem, e.g. one made with
 * `plink1.9 --dummy 1000 28000 0.05 --make-bed --out /tmp/dummy28k`; prints the measured time.
 */
import { expect, test } from '@playwright/test';

const stem = process.env.GENOFOREST_BED_BENCH;

test('load time of a large .bed+.bim+.fam', async ({ page }) => {
  test.skip(!stem, 'set GENOFOREST_BED_BENCH to a .bed stem to measure');
  test.setTimeout(300_000);
  await page.goto('/');
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load files' }).click();
  const t0 = Date.now();
  await (await chooser).setFiles([`${stem}.bed`, `${stem}.bim`, `${stem}.fam`]);
  await expect(page.getByText(/^[\d,]+ rows × [\d,]+ columns$/)).toBeVisible({ timeout: 240_000 });
  const ms = Date.now() - t0;
  const size = await page.getByText(/^[\d,]+ rows × [\d,]+ columns$/).innerText();
  const heap = await page.evaluate(
    () =>
      (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize,
  );
  console.log(`bed load: ${size} in ${ms} ms (main-thread heap ${heap ?? 'n/a'} bytes)`);

  // Then train on PLINK's PHENOTYPE, as a user would next.
  await expect(page.getByLabel('Outcome column')).toHaveValue('PHENOTYPE');
  await page.getByLabel('Number of trees').fill('100');
  const t1 = Date.now();
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByRole('group', { name: 'Trained model' })).toBeVisible({
    timeout: 240_000,
  });
  console.log(`bed train: 100 trees in ${Date.now() - t1} ms`);
});
