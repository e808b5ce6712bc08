/**
 * A genomic cohort in the browser: the .bed + .bim + .fam that bench/genomes.ts wrote, picked with "Load files" in
 * Chromium and trained (100 trees on the pool), timed and with the browser's peak memory, by the opt-in journey
 * e2e/bed-load-time.spec.ts against a fresh `vite build --mode e2e` served by `vite preview`. Only with
 * `npm run bench -- --genomes-browser` (it builds the app and needs a Chromium: Debian's /usr/bin/chromium, the
 * path in GENOFOREST_CHROMIUM, or Playwright's own browser).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What the journey prints after its "bed-bench:" marker. */
export interface BrowserGenome {
  size: string;
  baselineMiB: number | null;
  loadMs: number;
  trainMs: number;
  peakMiBLoad: number | null;
  peakMiB: number | null;
}

/** Port of the preview server (GENOFOREST_BENCH_PORT, to run beside another preview). */
const PORT = Number(process.env.GENOFOREST_BENCH_PORT ?? 4199);

function chromiumPresent(): boolean {
  const candidate =
    process.env.GENOFOREST_CHROMIUM ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  // Without Debian's browser, Playwright's own may still be installed: let the journey try.
  return existsSync(candidate) || !process.env.GENOFOREST_CHROMIUM;
}

async function waitForServer(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the preview server did not answer at ${url}`);
}

/**
 * Builds the app, serves it and runs the journeys of e2e/bed-load-time.spec.ts matching `grep` on `stem`.bed/.bim/.fam
 * with `env`; the JSON after `marker` in their output, or why there is none.
 */
async function runJourney<T>(
  root: string,
  stem: string,
  grep: string,
  env: Record<string, string>,
  marker: string,
): Promise<T | { error: string }> {
  if (!chromiumPresent()) return { error: 'no Chromium found (GENOFOREST_CHROMIUM)' };
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'genoforest-bench-dist-'));
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  try {
    const build = spawnSync(npx, ['vite', 'build', '--mode', 'e2e', '--outDir', outDir], {
      cwd: root,
      encoding: 'utf8',
    });
    if (build.status !== 0) return { error: `vite build failed: ${build.stderr.split('\n')[0]}` };
    const preview = spawn(
      npx,
      ['vite', 'preview', '--outDir', outDir, '--port', String(PORT), '--strictPort'],
      { cwd: root, stdio: 'ignore', detached: true },
    );
    try {
      await waitForServer(`http://localhost:${PORT}/`, 30_000);
      const run = spawnSync(
        npx,
        ['playwright', 'test', 'e2e/bed-load-time.spec.ts', '--reporter=line', '--grep', grep],
        {
          cwd: root,
          encoding: 'utf8',
          env: {
            ...process.env,
            GENOFOREST_E2E_PORT: String(PORT),
            GENOFOREST_BED_BENCH: stem,
            ...env,
          },
          maxBuffer: 64 * 2 ** 20,
        },
      );
      const line = run.stdout.split('\n').find((l) => l.includes(marker));
      if (!line) {
        const why = run.stdout.split('\n').find((l) => /Error|failed/.test(l)) ?? 'no result';
        return { error: `the journey failed: ${why.trim()}` };
      }
      return JSON.parse(line.slice(line.indexOf(marker) + marker.length)) as T;
    } finally {
      // The preview runs in its own process group: end it and npx's children.
      if (preview.pid) process.kill(-preview.pid, 'SIGTERM');
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Builds the app, serves it and runs the journey on `stem`.bed/.bim/.fam; the figures or why there are none. */
export function measureInBrowser(
  root: string,
  stem: string,
): Promise<BrowserGenome | { error: string }> {
  return runJourney<BrowserGenome>(root, stem, 'load and train', {}, 'bed-bench: ');
}

/** What the ancestry journey prints after its "pca-bench:" marker. */
export interface BrowserPca {
  size: string;
  components: number;
  /** From the click on "Compute ancestry components" to the view. */
  pcaMs: number;
  /** The 1-minute load average before and after. */
  loadAverage: [number | null, number | null];
  /** The page's main-thread durations (s) from the DevTools protocol's Performance.getMetrics: wall time of tasks. */
  mainThread: Record<string, number>;
  /** CPU seconds by process type and thread name from /proc; `workers` each web worker's. */
  threadCpu: { byName: Record<string, number>; workers: number[] } | null;
}

/** Builds the app, serves it and times the ancestry components of `stem` in Chromium (LD pruning off). */
export function measurePcaInBrowser(
  root: string,
  stem: string,
  components = 10,
): Promise<BrowserPca | { error: string }> {
  return runJourney<BrowserPca>(
    root,
    stem,
    'ancestry components time',
    { GENOFOREST_BED_BENCH_PCA: String(components) },
    'pca-bench: ',
  );
}

/** One table row of an ancestry measurement: time, load, the page's main-thread and the workers' CPU seconds. */
export function renderBrowserPcaRow(label: string, m: BrowserPca | { error: string }): string {
  if ('error' in m) return `| ${label} | ${m.error} | | | | | |`;
  const cpu = m.threadCpu;
  const main = cpu?.byName['renderer chromium'] ?? cpu?.byName['renderer CrRendererMain'];
  return [
    label,
    m.size,
    (m.pcaMs / 1000).toFixed(1),
    m.loadAverage.map((x) => x ?? 'n/a').join(' → '),
    main === undefined ? 'n/a' : main.toFixed(2),
    (m.mainThread.ScriptDuration ?? 0).toFixed(2),
    cpu ? cpu.workers.map((w) => w.toFixed(1)).join(' + ') : 'n/a',
  ]
    .join(' | ')
    .replace(/^/, '| ')
    .concat(' |');
}

/** The table row of a browser measurement of an n × p cohort. */
export function renderBrowserGenome(
  n: number,
  p: number,
  m: BrowserGenome | { error: string },
): string[] {
  const cells = n * p;
  if ('error' in m) return [`In the browser (Chromium): ${m.error}.`, ''];
  const perCell = (mib: number | null) =>
    mib === null || m.baselineMiB === null
      ? 'n/a'
      : (((mib - m.baselineMiB) * 2 ** 20) / cells).toFixed(2);
  return [
    `In the browser (Chromium, e2e/bed-load-time.spec.ts: "Load files" with the .bed + .bim + .fam, then 100 trees on`,
    `the pool; memory = PSS of all the browser's processes from /proc, sampled every 250 ms, the app open with`,
    `nothing loaded = ${m.baselineMiB ?? 'n/a'} MiB):`,
    '',
    '| table shown | load (s) | peak memory after load (MiB) | bytes per cell | train 100 trees, from the click (s) | peak memory, training (MiB) | bytes per cell |',
    '|---|---:|---:|---:|---:|---:|---:|',
    `| ${m.size} | ${(m.loadMs / 1000).toFixed(1)} | ${m.peakMiBLoad ?? 'n/a'} | ${perCell(m.peakMiBLoad)} | ${(m.trainMs / 1000).toFixed(1)} | ${m.peakMiB ?? 'n/a'} | ${perCell(m.peakMiB)} |`,
    '',
  ];
}

/** What the genome-wide journey prints after its "journey-bench:" marker. */
export interface BrowserJourney {
  size: string;
  /** The QC summary's "N of N samples and P of P variants". */
  kept: string | null;
  baselineMiB: number | null;
  /** Each stage's time from the end of the one before, and the browser's peak memory so far. */
  stages: { stage: string; seconds: number; peakMiB: number | null }[];
  loadAverage: [number | null, number | null];
}

/** Builds the app, serves it and runs load → QC → 10 components as features → 100 trees on `stem` in Chromium. */
export function measureJourneyInBrowser(
  root: string,
  stem: string,
): Promise<BrowserJourney | { error: string }> {
  return runJourney<BrowserJourney>(
    root,
    stem,
    'genome-wide journey',
    { GENOFOREST_BED_BENCH_JOURNEY: '1' },
    'journey-bench: ',
  );
}
