/** Shared steps of the user journeys, written the way a person finds things: by role and label. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Public datasets committed with the repository (testdata/README.md gives their source and licence). */
export const TEST_DATA = path.resolve(here, '../testdata');
export const WDBC_PATH = path.join(TEST_DATA, 'breast_cancer_wdbc.csv');

/** Reads a CSV into header + rows (the test-data files are plain, unquoted CSV). */
export function readSimpleCsv(file: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

/** Drops a file on the drop zone as a real drag-and-drop: a DataTransfer carrying the File. */
export async function dropFile(page: Page, fileName: string, content: string | Buffer) {
  await dropFiles(page, [{ name: fileName, content }]);
}

/** Drops several files at once on the drop zone (genotypes with their clinical table). */
export async function dropFiles(page: Page, files: { name: string; content: string | Buffer }[]) {
  const zone = page.getByRole('region', { name: 'Drop patient files here' });
  await expect(zone).toBeVisible();
  const payload = files.map((f) => ({
    name: f.name,
    base64: Buffer.from(f.content).toString('base64'),
  }));
  const dataTransfer = await page.evaluateHandle((payload) => {
    const dt = new DataTransfer();
    for (const { name, base64 } of payload) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      dt.items.add(new File([bytes], name, { type: name.endsWith('.csv') ? 'text/csv' : '' }));
    }
    return dt;
  }, payload);
  await zone.dispatchEvent('dragenter', { dataTransfer });
  await zone.dispatchEvent('dragover', { dataTransfer });
  await zone.dispatchEvent('drop', { dataTransfer });
}

/** Picks a file through the "Load files" file chooser. */
export async function chooseFile(page: Page, fileName: string, content: string | Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Load files' }).click();
  await (
    await chooser
  ).setFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(content) });
}

/** Sets the number of trees and trains, waiting for the model summary. */
export async function trainModel(page: Page, trees = 100) {
  await page.getByLabel('Number of trees').fill(String(trees));
  await page.getByRole('button', { name: 'Train model' }).click();
  await expect(page.getByRole('group', { name: 'Trained model' })).toBeVisible({ timeout: 90_000 });
}

/** Reads the probability table of the result region: class name -> percent. */
export async function readProbabilities(page: Page): Promise<Map<string, number>> {
  const region = page.getByRole('region', { name: 'Predicted probabilities' });
  await expect(region).toBeVisible();
  const table = region.getByRole('table').first();
  const rows = table.getByRole('row');
  const count = await rows.count();
  const out = new Map<string, number>();
  for (let i = 1; i < count; i++) {
    const cells = await rows.nth(i).getByRole('cell').allInnerTexts();
    const header = await rows.nth(i).getByRole('rowheader').allInnerTexts();
    const name = (header[0] ?? cells[0]).trim();
    const row = header.length ? cells : cells.slice(1);
    // The extremes read "fewer than 1 in 100" / "more than 99 in 100", never 0 % or 100 %.
    if (row.some((c) => /^fewer than 1 in 100$/.test(c.trim()))) out.set(name, 0);
    else if (row.some((c) => /^more than 99 in 100$/.test(c.trim()))) out.set(name, 100);
    const percentCell = row.find((c) => /%/.test(c));
    if (percentCell) out.set(name, Number.parseFloat(percentCell.replace(',', '.')));
  }
  return out;
}

/** Records every long task of the page from its first script on (call before page.goto). */
export async function watchLongTasks(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** The long tasks that started between two performance.now() times of the page. */
export async function longTasksBetween(page: Page, from: number, to: number) {
  return page.evaluate(
    ({ from, to }) =>
      (
        window as unknown as { __longTasks: { start: number; duration: number }[] }
      ).__longTasks.filter((t) => t.start >= from && t.start <= to),
    { from, to },
  );
}

/** The new-patient form. */
export const patientForm = (page: Page) => page.getByRole('form', { name: 'New patient' });

/** One fact of the trained-model summary (Trees, Patients, …). */
export const modelFact = (page: Page, name: string) =>
  page
    .getByRole('group', { name: 'Trained model' })
    .locator('dl > div')
    .filter({ has: page.locator('dt', { hasText: name }) })
    .locator('dd');

/** A column's row in the schema table. */
export const schemaRow = (page: Page, column: string) =>
  page
    .getByRole('region', { name: 'Column types' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: column, exact: true }) });
