/**
 * Large inputs: a 100 MB table (generated at test time, never committed) and a 20 000-column table.
 *
 * Thresholds, and why:
 * - Long tasks: while the file is read, no main-thread task may last more than 200 ms (a delay a person
 *   notices when typing or scrolling; the parse runs in the data worker, so the page only renders progress).
 * - Memory: the page's own JS heap (CDP Performance.getMetrics JSHeapUsedSize, the main thread) must stay
 *   under 150 MB after the 100 MB file is loaded — the file is read by the worker slice by slice, so the
 *   page never holds its text. The data worker's heap holds the table itself; it is measured and reported
 *   (performance.memory inside the worker) and must stay under 1 GB: roughly what the 34 million cells of
 *   the table need, not several copies of the file. Measured on a 2-core machine: load ≈ 9–11 s, page heap
 *   6 MB, worker heap ≈ 550–570 MB (≈ 17 bytes per cell: the cells are kept as strings).
 * - 20 000 columns: a search of the column list answers within 1 s (timed in the page; ≈ 130 ms measured), and
 *   no task while training and drawing the model exceeds 400 ms (≈ 200–225 ms measured, one render of the model).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { chooseFile, longTasksBetween, watchLongTasks } from './helpers';

const MB = 1024 * 1024;

/** A seeded generator, so every run writes the same file. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Writes a clinical + genotype table of about `targetBytes` with a write stream (never held whole in memory):
 * patient_id, age, sex, bmi, 30 SNPs (0/1/2), 5 lab values, outcome. Returns the rows written.
 */
async function writeLargeCsv(file: string, targetBytes: number): Promise<number> {
  const out = createWriteStream(file);
  const rand = lcg(7);
  const snps = Array.from({ length: 30 }, (_, i) => `rs${1000 + i}`);
  const labs = Array.from({ length: 5 }, (_, i) => `lab_${i + 1}`);
  const write = (text: string): Promise<void> =>
    out.write(text) ? Promise.resolve() : new Promise((resolve) => out.once('drain', resolve));
  let bytes = 0;
  let rows = 0;
  const header = ['patient_id', 'age', 'sex', 'bmi', ...snps, ...labs, 'outcome'].join(',') + '\n';
  bytes += header.length;
  await write(header);
  while (bytes < targetBytes) {
    let block = '';
    for (let i = 0; i < 2000; i++) {
      rows++;
      let line = `P${rows},${(30 + rand() * 50).toFixed(1)},${rand() < 0.5 ? 'F' : 'M'},${(18 + rand() * 20).toFixed(2)}`;
      let risk = 0;
      for (let k = 0; k < snps.length; k++) {
        const g = Math.floor(rand() * 3);
        if (k < 3) risk += g;
        line += `,${g}`;
      }
      for (let k = 0; k < labs.length; k++) line += `,${(rand() * 100).toFixed(2)}`;
      line += risk + rand() * 2 > 4 ? ',responder\n' : ',non_responder\n';
      block += line;
    }
    bytes += block.length;
    await write(block);
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  return rows;
}

/** JS heap used by the page's main thread, in bytes (CDP Performance.getMetrics). */
async function pageHeapBytes(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
}

/**
 * JS heap used by each of the page's workers, in bytes. performance.memory does not exist in workers, so this
 * attaches to them through the page's CDP session (auto-attach, non-flattened) and asks Runtime.getHeapUsage.
 */
async function watchWorkerHeaps(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const sessions = new Set<string>();
  const replies = new Map<number, (usedSize: number) => void>();
  let nextId = 1;
  cdp.on('Target.attachedToTarget', (e) => {
    if (e.targetInfo.type === 'worker') sessions.add(e.sessionId);
  });
  cdp.on('Target.detachedFromTarget', (e) => {
    if (e.sessionId) sessions.delete(e.sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const message = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number } };
    if (message.id !== undefined) replies.get(message.id)?.(message.result?.usedSize ?? NaN);
  });
  await cdp.send('Target.setAutoAttach', {
    autoAttach: true,
    waitForDebuggerOnStart: false,
    flatten: false,
  });
  const ask = (sessionId: string) =>
    new Promise<number>((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => resolve(NaN), 5_000);
      replies.set(id, (used) => {
        clearTimeout(timer);
        replies.delete(id);
        resolve(used);
      });
      cdp
        .send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
        })
        .catch(() => resolve(NaN));
    });
  return {
    /** Used heap of every worker now, largest first. */
    async sample(): Promise<number[]> {
      const sizes = await Promise.all([...sessions].map(ask));
      return sizes.filter(Number.isFinite).sort((a, b) => b - a);
    },
  };
}

test.describe('large files', () => {
  let dir = '';
  test.beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'genoforest-large-'));
  });
  test.afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test('a 100 MB file streams with progress, the page stays responsive and memory stays bounded', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const file = path.join(dir, 'cohort-100mb.csv');
    const started = Date.now();
    const rows = await writeLargeCsv(file, 100 * MB);
    const generatedMs = Date.now() - started;

    await watchLongTasks(page);
    await page.goto('/');
    const heaps = await watchWorkerHeaps(page);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Load files' }).click();
    const readStart = await page.evaluate(() => performance.now());
    const t0 = Date.now();
    await (await chooser).setFiles(file);

    // The progress bar advances: sample its value a few times while the worker reads.
    const bar = page.getByRole('progressbar', { name: 'Reading file' });
    await expect(bar).toBeVisible();
    const seen = new Set<number>();
    let peakWhileReading = 0;
    while (await bar.isVisible()) {
      const value = Number((await bar.getAttribute('value').catch(() => null)) ?? NaN);
      if (Number.isFinite(value) && value > 0) seen.add(value);
      peakWhileReading = Math.max(peakWhileReading, ...(await heaps.sample()));
      await page.waitForTimeout(200);
    }
    expect(seen.size, 'distinct progress values seen while reading').toBeGreaterThanOrEqual(3);

    await expect(
      page.getByText(`${rows.toLocaleString('en-US')} rows × 40 columns`).first(),
    ).toBeVisible({ timeout: 90_000 });
    const loadedMs = Date.now() - t0;
    const readEnd = await page.evaluate(() => performance.now());
    const longTasks = await longTasksBetween(page, readStart, readEnd);

    const pageHeap = await pageHeapBytes(page);
    const workerHeaps = await heaps.sample();
    const report = {
      rows,
      generatedSeconds: generatedMs / 1000,
      loadSeconds: loadedMs / 1000,
      longestTaskMs: Math.max(0, ...longTasks.map((t) => t.duration)),
      pageHeapMB: Math.round(pageHeap / MB),
      workerHeapsMB: workerHeaps.map((b) => Math.round(b / MB)),
      workerHeapPeakWhileReadingMB: Math.round(peakWhileReading / MB),
    };
    console.log('100 MB file:', JSON.stringify(report));
    test.info().annotations.push({ type: '100 MB file', description: JSON.stringify(report) });

    expect(longTasks.filter((t) => t.duration > 200)).toEqual([]);
    expect(pageHeap).toBeLessThan(150 * MB);
    expect(workerHeaps.length).toBeGreaterThan(0);
    expect(Math.max(peakWhileReading, ...workerHeaps)).toBeLessThan(1024 * MB);

    // The loaded table is usable: columns read right and the outcome is found.
    await expect(page.getByLabel('Outcome column')).toHaveValue('outcome');
    const balance = page.locator('.balance');
    await expect(balance.getByText(/responder/).first()).toBeVisible({ timeout: 30_000 });
    await expect(
      balance.getByText(`${rows.toLocaleString('en-US')} patients with a known outcome`),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Train model' })).toBeEnabled();
  });

  test('20 000 columns: loads, the column list stays usable with its search box, a few trees train', async ({
    page,
  }) => {
    const nCols = 20_000;
    const nRows = 60;
    const rand = lcg(11);
    const names = Array.from({ length: nCols }, (_, c) => `snp_${String(c + 1).padStart(5, '0')}`);
    const lines = [[...names, 'outcome'].join(',')];
    for (let r = 0; r < nRows; r++) {
      const cells = names.map(() => String(Math.floor(rand() * 3)));
      const signal = Number(cells[0]) + Number(cells[1]) + rand();
      lines.push([...cells, signal > 2 ? 'case' : 'control'].join(','));
    }
    await watchLongTasks(page);
    await page.goto('/');
    await chooseFile(page, 'wide-20000.csv', lines.join('\n'));
    await expect(page.getByText(`${nRows} rows × 20,001 columns`)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByLabel('Outcome column')).toHaveValue('outcome');
    await expect(page.getByText('Showing the first 200 of 20,001 columns')).toBeVisible();

    // The search box finds a column far down the list, quickly, and its row can be changed.
    const search = page.getByLabel('Search columns');
    // Timed inside the page, from the input event to the answer on screen (wall-clock time seen by the test
    // runner would mostly measure the runner on a busy CI machine).
    const searchMs = await search.evaluate(
      (input: HTMLInputElement) =>
        new Promise<number>((resolve) => {
          const start = performance.now();
          const setValue = Object.getOwnPropertyDescriptor(
            HTMLInputElement.prototype,
            'value',
          )!.set!;
          setValue.call(input, 'snp_1999');
          input.dispatchEvent(new Event('input', { bubbles: true }));
          const check = () => {
            if (document.body.textContent?.includes('10 matching columns.'))
              resolve(performance.now() - start);
            else requestAnimationFrame(check);
          };
          check();
        }),
    );
    await expect(page.getByText('10 matching columns.')).toBeVisible();
    expect(searchMs).toBeLessThan(1_000);
    const schema = page.getByRole('region', { name: 'Column types' });
    await expect(schema.getByRole('rowheader', { name: 'snp_19990' })).toBeVisible();
    await schema
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'snp_19999' }) })
      .getByRole('checkbox', { name: 'Use' })
      .uncheck();
    await expect(page.getByText('19,999 of 20,001 columns used')).toBeVisible();
    await search.fill('');
    await expect(page.getByText('Showing the first 200 of 20,001 columns')).toBeVisible();

    // This measures drawing a 20,000-feature model, so it trains scikit-learn's defaults: run after the 100 MB
    // file, the tuned default's longer training (24 small tuning forests, and again in each fold of the evaluation
    // that follows) showed main-thread tasks of 0.6-2 s, mostly garbage collection, which did not appear when this
    // test ran alone (longest 78 ms). responsive-while-training.spec.ts trains a 20,000-column table tuned.
    await page.getByRole('radio', { name: 'scikit-learn defaults' }).check();
    await page.getByLabel('Number of trees').fill('5');
    const start = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: 'Train model' }).click();
    // Waited for inside the page with a plain selector: Playwright's role queries compute accessible names over
    // the whole 20,000-column page in the page's own main thread, and a poll of them was itself a long task of
    // 0.5-0.7 s, counted here against the app (seen in a CPU profile of this window).
    await page.waitForFunction(
      () => document.querySelector('[role="group"][aria-label="Trained model"]') !== null,
      null,
      { timeout: 90_000, polling: 100 },
    );
    const end = await page.evaluate(() => performance.now());
    await expect(page.getByRole('group', { name: 'Trained model' })).toBeVisible();
    const longTasks = await longTasksBetween(page, start, end);
    const report = {
      searchMs: Math.round(searchMs),
      longestTaskWhileTrainingMs: Math.max(0, ...longTasks.map((t) => t.duration)),
    };
    console.log('20 000 columns:', JSON.stringify(report));
    test.info().annotations.push({ type: '20 000 columns', description: JSON.stringify(report) });
    // Drawing the trained model of 20 000 features (summary, form, evaluation) is one task of ~200 ms on a
    // busy 2-core machine; anything near half a second would be a regression.
    expect(longTasks.filter((t) => t.duration > 400)).toEqual([]);
  });
});
