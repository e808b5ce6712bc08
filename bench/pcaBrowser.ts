/**
 * Ancestry components in the browser, measured and written down: builds the app, times "Compute ancestry
 * components" on a large PLINK fileset in Chromium (e2e/bed-load-time.spec.ts, LD pruning off) and appends the row
 * to bench/PCA-BROWSER.md with the raw figures beside it, so no number there is typed by hand.
 *
 *   npx tsx bench/pcaBrowser.ts <stem of .bed/.bim/.fam> <label> [components, default 10]
 *
 * The fileset, e.g. `plink1.9 --dummy 5000 100000 0.05 --make-bed --out /tmp/dummy100k --seed 1`. CPU seconds are
 * read from /proc per thread (the page's main thread is the renderer's "chromium" thread): on a shared machine
 * they compare where wall times do not, so the load average is written with each row.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { measurePcaInBrowser, renderBrowserPcaRow } from './browserGenome.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'PCA-BROWSER.md');

const HEADER = [
  '# Ancestry components in the browser',
  '',
  'Written by `npx tsx bench/pcaBrowser.ts` (see the script): Chromium headless, "Compute ancestry components" with',
  'LD pruning off, from the click to the PC1–PC2 view. Main thread = CPU seconds of the page’s main thread (/proc);',
  'script = its ScriptDuration from the DevTools protocol (wall time, inflated by load); workers = CPU seconds of',
  'each web worker thread (data worker and pool). The machine has 2 cores shared with other work: see the load.',
  '',
  '| run | table | click to result (s) | load average | main thread CPU (s) | script (s) | workers CPU (s) |',
  '|---|---|---:|---|---:|---:|---|',
];

async function main(): Promise<void> {
  const [stem, label, components] = process.argv.slice(2);
  if (!stem || !label) {
    console.error('usage: npx tsx bench/pcaBrowser.ts <stem> <label> [components]');
    process.exit(2);
  }
  const k = components === undefined ? 10 : Number(components);
  const commit = execFileSync('git', ['describe', '--always', '--dirty'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
  const measured = await measurePcaInBrowser(ROOT, path.resolve(stem), k);
  const row = renderBrowserPcaRow(`${label} (${commit})`, measured);
  const lines = existsSync(OUT) ? readFileSync(OUT, 'utf8').trimEnd().split('\n') : HEADER;
  // Rows stay together above the raw figures: a new row goes after the last one.
  const lastRow = lines.findLastIndex((l) => l.startsWith('|'));
  lines.splice(lastRow + 1, 0, row);
  lines.push('', `Raw, ${label} (${commit}): \`${JSON.stringify(measured)}\``);
  writeFileSync(OUT, lines.join('\n') + '\n');
  console.log(row);
}

await main();
