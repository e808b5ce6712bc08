/**
 * Measures how long the browser takes to load a large PLINK fileset picked with "Load files" (until the size
 * appears) and to train 100 trees on its PHENOTYPE, with the browser's peak memory (PSS of all its processes, from
 * /proc). Runs only when GENOFOREST_BED_BENCH names the fileset's stem, e.g. one made with
 * `plink1.9 --dummy 5000 100000 0.05 --make-bed --out /tmp/dummy100k`; prints the measured figures as one JSON line
 * starting "bed-bench:" (bench/genomes.ts reads it).
 */
import { expect, test } from '@playwright/test';
import { samplePeakMemory } from './processMemory';
import { loadAverage, measureThreadCpu } from './threadCpu';

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

/**
 * Ancestry components of the same fileset, from the click to the PC1–PC2 view: GENOFOREST_BED_BENCH_PCA=N (the
 * number of components, LD pruning off so plink1.9 --pca on the same variants compares). Prints "pca-bench:" with
 * the time, the load average and the CPU seconds of each browser thread (the page's main thread is CrRendererMain,
 * each worker a DedicatedWorker) and the page's own main-thread metrics from the DevTools protocol.
 */
test('ancestry components time of a large .bed+.bim+.fam', async ({ page }) => {
  const components = process.env.GENOFOREST_BED_BENCH_PCA;
  test.skip(!stem || !components, 'set GENOFOREST_BED_BENCH and GENOFOREST_BED_BENCH_PCA');
  test.setTimeout(900_000);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Load files' })).toBeEnabled();
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load files' }).click();
  await (await chooser).setFiles([`${stem}.bed`, `${stem}.bim`, `${stem}.fam`]);
  const size = page.getByText(/^[\d,]+ rows × [\d,]+ columns$/);
  await expect(size).toBeVisible({ timeout: 300_000 });
  const genetics = page.getByRole('region', { name: 'Genotype QC and ancestry' });
  await genetics.getByLabel('Number of ancestry components', { exact: true }).fill(components!);
  await genetics.getByLabel('LD-prune the variants first (plink1.9 --indep-pairwise)').uncheck();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async () => {
    const { metrics: list } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(list.map((m) => [m.name, m.value]));
  };
  const m0 = await metrics();
  const load0 = loadAverage();
  const cpu = measureThreadCpu();
  const t0 = Date.now();
  await genetics.getByRole('button', { name: 'Compute ancestry components' }).click();
  // Waited for by a cheap query four times a second: Playwright's role queries walk the whole page (tables of
  // 100,000 columns) and, polled, took ~40 % of a core from the workers they measure.
  await page.waitForFunction(
    (text) =>
      document
        .querySelector('[role="region"][aria-label="Ancestry components"]')
        ?.textContent?.includes(text),
    `${components} components from`,
    { polling: 250, timeout: 840_000 },
  );
  const pcaMs = Date.now() - t0;
  const threads = cpu.stop();
  const view = genetics.getByRole('region', { name: 'Ancestry components', exact: true });
  await expect(view).toContainText(`${components} components from`);
  const m1 = await metrics();
  const main = Object.fromEntries(
    ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration'].map((k) => [
      k,
      Number((m1[k] - m0[k]).toFixed(2)),
    ]),
  );
  const result = {
    size: await size.innerText(),
    components: Number(components),
    pcaMs,
    loadAverage: [load0, loadAverage()],
    mainThread: main,
    threadCpu: threads,
  };
  console.log(`pca-bench: ${JSON.stringify(result)}`);
});

/**
 * Issue 21's whole genome-wide journey on one fileset, as a geneticist runs it: load, QC as PLINK's usual filters
 * (--maf 0.01 --geno 0.05 --hwe 1e-6), 10 ancestry components (LD pruning on, the app's default), added as features,
 * then 100 trees on the pool. GENOFOREST_BED_BENCH_JOURNEY=1 with GENOFOREST_BED_BENCH. Prints "journey-bench:" with
 * each stage's time and the browser's peak memory (PSS of all its processes) at the end of each, beside the idle app's.
 */
test('genome-wide journey of a large .bed+.bim+.fam', async ({ page }) => {
  test.skip(
    !stem || !process.env.GENOFOREST_BED_BENCH_JOURNEY,
    'set GENOFOREST_BED_BENCH and GENOFOREST_BED_BENCH_JOURNEY',
  );
  test.setTimeout(3_600_000);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Load files' })).toBeEnabled();
  const memory = samplePeakMemory();
  const baseline = memory.peak();
  const load0 = loadAverage();
  const stages: { stage: string; seconds: number; peakMiB: number | null }[] = [];
  let t = Date.now();
  const done = (stage: string) => {
    stages.push({ stage, seconds: (Date.now() - t) / 1000, peakMiB: mb(memory.peak()) });
    t = Date.now();
  };
  // Cheap polling of the page's text: Playwright's role queries walk tables of 100,000s of columns (see above).
  const waitForText = (selector: string, text: string) =>
    page.waitForFunction(
      ([sel, txt]) => document.querySelector(sel)?.textContent?.includes(txt) ?? false,
      [selector, text] as const,
      { polling: 500, timeout: 3_000_000 },
    );

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load files' }).click();
  await (await chooser).setFiles([`${stem}.bed`, `${stem}.bim`, `${stem}.fam`]);
  const size = page.getByText(/^[\d,]+ rows × [\d,]+ columns$/);
  await expect(size).toBeVisible({ timeout: 900_000 });
  done('load');

  const genetics = page.getByRole('region', { name: 'Genotype QC and ancestry' });
  await genetics.getByLabel('Minimum MAF', { exact: true }).fill('0.01');
  await genetics.getByLabel('Maximum missing per variant', { exact: true }).fill('0.05');
  await genetics.getByLabel('HWE p below', { exact: true }).fill('1e-6');
  const summary = genetics.getByRole('table', { name: 'QC summary' });
  await expect(summary).toContainText('are kept', { timeout: 900_000 });
  const kept = (await summary.innerText()).match(
    /[\d,]+ of [\d,]+ samples and [\d,]+ of [\d,]+ variants/,
  )?.[0];
  done('QC');

  await genetics.getByLabel('Number of ancestry components', { exact: true }).fill('10');
  await genetics.getByRole('button', { name: 'Compute ancestry components' }).click();
  await waitForText('[role="region"][aria-label="Ancestry components"]', '10 components from');
  done('10 ancestry components');

  await genetics.getByLabel('Add 10 ancestry components as features').check();
  await page.getByLabel('Number of trees').fill('100');
  await page.getByRole('radio', { name: 'scikit-learn defaults' }).check();
  await page.getByRole('button', { name: 'Train model' }).click();
  await waitForText('[role="group"][aria-label="Trained model"]', 'Fit time');
  done('100 trees');
  memory.stop();
  const result = {
    size: await size.innerText(),
    kept: kept ?? null,
    baselineMiB: mb(baseline),
    stages,
    loadAverage: [load0, loadAverage()],
  };
  console.log(`journey-bench: ${JSON.stringify(result)}`);
});
