/**
 * Measures how long the browser takes to load a large PLINK fileset picked with "Load files" (until the size
 * appears) and to train 100 trees on its PHENOTYPE, with the browser's peak memory (PSS of all its processes, from
 * /proc). Runs only when GENOFOREST_BED_BENCH names the fileset's stem, e.g. one made with
 * `plink1.9 --dummy 5000 100000 0.05 --make-bed --out /tmp/dummy100k`; prints the measured figures as one JSON line
 * starting "bed-bench:" (bench/genomes.ts reads it).
 */
import { expect, test } from '@playwright/test';
import { samplePeakMemory } from './processMemory';

const stem = process.env.GENOFOREST_BED_BENCH;
const mb = (bytes: number | null) => (bytes === null ? null : Math.round(bytes / 2 ** 20));

test('load and train time of a large .bed+.bim+.fam', async ({ page }) => {
  test.skip(!stem, 'set GENOFOREST_BED_BENCH to a .bed stem to measure');
  test.setTimeout(900_000);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Load files' })).toBeEnabled();
  // The browser with the app open and nothing loaded: the figures below include it.
  const memory = samplePeakMemory();
  const baseline = memory.peak();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load files' }).click();
  const t0 = Date.now();
  await (await chooser).setFiles([`${stem}.bed`, `${stem}.bim`, `${stem}.fam`]);
  const size = page.getByText(/^[\d,]+ rows × [\d,]+ columns$/);
  await expect(size).toBeVisible({ timeout: 300_000 });
  const loadMs = Date.now() - t0;
  const loadPeak = memory.peak();

  // Then train on PLINK's PHENOTYPE, as a user would next.
  await expect(page.getByLabel('Outcome column')).toHaveValue('PHENOTYPE');
  await page.getByLabel('Number of trees').fill('100');
  // The figure bench/genomes.ts compares with the other contenders' 100-tree fits: no tuning.
  await page.getByRole('radio', { name: 'scikit-learn defaults' }).check();
  const t1 = Date.now();
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByRole('group', { name: 'Trained model' })).toBeVisible({
    timeout: 840_000,
  });
  const trainMs = Date.now() - t1;
  memory.stop();
  const result = {
    size: await size.innerText(),
    baselineMiB: mb(baseline),
    loadMs,
    trainMs,
    peakMiBLoad: mb(loadPeak),
    peakMiB: mb(memory.peak()),
  };
  console.log(`bed-bench: ${JSON.stringify(result)}`);
});
