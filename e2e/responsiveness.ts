/** Measuring main-thread long tasks across a user action, with tables generated at test time. */
import type { Page } from '@playwright/test';
import { longTasksBetween } from './helpers';

/** A small deterministic random source, so generated tables are the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A clinical table: 418 patients, 16 mixed feature columns (numbers, categories, missing cells) and an outcome. */
export function clinicalTable(rows = 418): string {
  const rand = random(418);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const header = [
    'age',
    'sex',
    'bmi',
    'smoking',
    'alcohol_units',
    'activity',
    'systolic_bp',
    'diastolic_bp',
    'cholesterol',
    'hdl',
    'glucose',
    'creatinine',
    'ecog',
    'stage',
    'prior_lines',
    'region',
    'response',
  ];
  const lines = [header.join(',')];
  for (let r = 0; r < rows; r++) {
    const age = Math.round(30 + rand() * 50);
    const stage = pick(['I', 'II', 'III', 'IV']);
    const ecog = Math.floor(rand() * 3);
    const cells = [
      age,
      pick(['female', 'male']),
      (18 + rand() * 20).toFixed(1),
      pick(['never', 'former', 'current']),
      Math.floor(rand() * 20),
      pick(['low', 'medium', 'high']),
      Math.round(100 + rand() * 60),
      Math.round(60 + rand() * 40),
      (3 + rand() * 4).toFixed(2),
      rand() < 0.1 ? 'NA' : (0.8 + rand() * 1.2).toFixed(2),
      (4 + rand() * 6).toFixed(1),
      Math.round(50 + rand() * 80),
      ecog,
      stage,
      Math.floor(rand() * 4),
      pick(['north', 'south', 'east', 'west']),
    ];
    const score = (stage === 'IV' ? 1.5 : stage === 'III' ? 0.8 : 0) + ecog * 0.6 + age / 60;
    cells.push(score + rand() * 1.5 > 2.4 ? 'non_responder' : 'responder');
    lines.push(cells.join(','));
  }
  return lines.join('\n');
}

/** A genomic-looking table of SNP genotypes (0/1/2) and an outcome driven by the first columns. */
export function snpTable(rows: number, cols: number, seed = 12345): string {
  const rand = random(seed);
  const lines = [[...Array.from({ length: cols }, (_, c) => `snp_${c}`), 'outcome'].join(',')];
  for (let r = 0; r < rows; r++) {
    const cells = Array.from({ length: cols }, () => String(Math.floor(rand() * 3)));
    const signal = Number(cells[0]) + Number(cells[1]) * Number(cells[2]) + rand() * 2;
    lines.push([...cells, signal > 2.5 ? 'responder' : 'non_responder'].join(','));
  }
  return lines.join('\n');
}

/**
 * A SYNTHETIC observational trial for the treatment-effect step: x1..x`cols` roughly N(0, 1) (a sum of 12 uniforms),
 * drug A given with chance 0.2 + 0.6·logistic(1.7·x2) (confounded), P(response) = 0.15 + 0.3·logistic(1.7·x2) plus,
 * on drug A, the effect 0.2·min(max(x1, 0), 2) — grf's kind of design, as engine/causal/simulate.ts.
 */
export function trialTable(rows = 2000, cols = 10, seed = 18): string {
  const rand = random(seed);
  const normal = () => Array.from({ length: 12 }, rand).reduce((a, b) => a + b, 0) - 6;
  const s = (v: number) => 1 / (1 + Math.exp(-1.7 * v));
  const lines = [
    [...Array.from({ length: cols }, (_, c) => `x${c + 1}`), 'drug', 'response'].join(','),
  ];
  for (let r = 0; r < rows; r++) {
    const x = Array.from({ length: cols }, normal);
    const treated = rand() < 0.2 + 0.6 * s(x[1]);
    const p = 0.15 + 0.3 * s(x[1]) + (treated ? 0.2 * Math.min(Math.max(x[0], 0), 2) : 0);
    const cells = [...x.map((v) => v.toFixed(3)), treated ? 'A' : 'placebo'];
    lines.push([...cells, rand() < p ? 'responder' : 'non_responder'].join(','));
  }
  return lines.join('\n') + '\n';
}

/** One task of the page's main thread: its wall-clock length and the CPU time its thread spent in it. */
export interface MainTask {
  wallMs: number;
  cpuMs: number;
}

export interface Measured {
  /** Long tasks (over 50 ms of wall clock) reported by the page's PerformanceObserver. */
  tasks: { start: number; duration: number }[];
  /** Every main-thread task over 20 ms of wall clock or CPU in Chromium's trace of the same window. */
  traced: MainTask[];
  ms: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { frames?: { processId?: number; parent?: string }[] } };
}

/**
 * The page's main-thread tasks in a Chromium trace. The CPU time (`tdur`) is what the page's own work costs;
 * the wall-clock length also counts the time the thread waited for a core, which on a shared 2-core machine
 * under load can be several times longer.
 */
function mainThreadTasks(trace: Buffer): MainTask[] {
  const parsed = JSON.parse(trace.toString('utf8')) as
    { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const started = events.find((e) => e.name === 'TracingStartedInBrowser');
  const pagePid = started?.args?.data?.frames?.find((f) => !f.parent)?.processId;
  const mains = events.filter(
    (e) =>
      e.name === 'thread_name' &&
      e.args?.name === 'CrRendererMain' &&
      (pagePid === undefined || e.pid === pagePid),
  );
  const isMain = (e: TraceEvent) => mains.some((m) => m.pid === e.pid && m.tid === e.tid);
  return events
    .filter((e) => e.name === 'RunTask' && e.ph === 'X' && isMain(e))
    .map((e) => ({ wallMs: (e.dur ?? 0) / 1000, cpuMs: (e.tdur ?? 0) / 1000 }))
    .filter((t) => t.wallMs > 20 || t.cpuMs > 20);
}

/**
 * Runs `act` (which starts something on the page) and waits until `done` is true in the page, then
 * returns the long tasks in between, from the page's PerformanceObserver and from a Chromium trace.
 * `done` is polled every 100 ms with cheap id/selector lookups only: Playwright's role queries walk the
 * whole DOM on the page's main thread and would be measured too.
 */
export async function longTasksUntil(
  page: Page,
  act: () => Promise<void>,
  done: () => boolean,
  timeout = 120_000,
): Promise<Measured> {
  const tracing = await traceMainThread(page);
  const from = await page.evaluate(() => performance.now());
  await act();
  await page.waitForFunction(done, null, { polling: 100, timeout });
  const to = await page.evaluate(() => performance.now());
  // Long-task entries reach the observer after the task ends.
  await page.waitForTimeout(300);
  const traced = await tracing.stop();
  const tasks = await longTasksBetween(page, from, to);
  return { tasks, traced, ms: to - from };
}

/** Starts a Chromium trace of the page; `stop()` ends it and returns the main-thread tasks over 20 ms. */
export async function traceMainThread(page: Page): Promise<{ stop: () => Promise<MainTask[]> }> {
  const browser = page.context().browser();
  await browser?.startTracing(page, {
    categories: ['toplevel', 'disabled-by-default-devtools.timeline'],
  });
  return {
    stop: async () => {
      const trace = await browser?.stopTracing();
      return trace ? mainThreadTasks(trace) : [];
    },
  };
}

/**
 * The page expression true once training's results are all on screen (model, form, evaluation). Only
 * `querySelector` (which stops at the first match) on the whole document: a wide table's page has 20,000
 * options in its outcome list, and counting with `querySelectorAll` there took 50–70 ms of the measured thread.
 */
export const RESULTS_SHOWN = (): boolean => {
  const q = (s: string) => document.querySelector(s);
  const model = q('[aria-label="Trained model"]');
  const form = q('form[aria-label="New patient"]');
  const summary = q('.eval-summary');
  const importance = q('[aria-label="All features’ importance"] tbody tr');
  const topTable = q('[aria-label="Top features table"] tbody tr');
  const charts = document
    .getElementById('step-evaluate')
    ?.querySelectorAll('.recharts-surface, .bar-rows svg, .line-chart-area > svg').length;
  return !!(model && form && summary && importance && topTable && (charts ?? 0) >= 4);
};

/** True once a prediction and its explanation (waterfall) are shown. */
export const PREDICTION_SHOWN = (): boolean => {
  const region = document.querySelector('[aria-label="Predicted probabilities"]');
  const why = document.querySelector('[aria-label="Why this prediction"] .bar-rows svg');
  return !!(region && why && region.querySelector('.bar-rows svg'));
};

/** True once the what-if prediction is answered and the explanation is drawn. */
export const WHAT_IF_SHOWN = (): boolean =>
  !!document.querySelector('[aria-label="Why this prediction"] .bar-rows svg') &&
  ![...document.querySelectorAll('[aria-label="What if"] td')].some((td) => td.textContent === '…');

/** True once the batch predictions table has at least 50 rows. */
export const BATCH_SHOWN = (): boolean =>
  document.querySelectorAll('.batch-table tbody tr').length >= 50;

/** Clicks a button found by its exact text without Playwright's role engine. */
export function clickButtonText(page: Page, text: string): Promise<void> {
  return page.evaluate((t) => {
    const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.trim() === t);
    if (!b) throw new Error(`No button “${t}”.`);
    b.click();
  }, text);
}

/** A readable line for the report: the longest tasks first, by wall clock and by CPU time. */
export function describeTasks(name: string, r: Measured) {
  const wall = r.tasks.map((t) => Math.round(t.duration)).sort((a, b) => b - a);
  const cpu = r.traced.map((t) => Math.round(t.cpuMs)).sort((a, b) => b - a);
  return `${name}: ${Math.round(r.ms)} ms, longest tasks ${JSON.stringify(wall.slice(0, 5))}, CPU of the longest ${JSON.stringify(cpu.slice(0, 5))}`;
}

/**
 * Puts `csv` in the page as a File ahead of time, and returns an action that hands it to the file input named
 * `inputLabel` as a user's choice would. Playwright's own setFiles decodes the file from base64 on the page's
 * main thread (1–2 MB for a 20,000-column batch: 150–1,200 ms measured), which a file the user picks never
 * costs, so that must happen outside the measured window.
 */
export async function preparedFileChoice(
  page: Page,
  inputLabel: string,
  name: string,
  csv: string,
): Promise<() => Promise<void>> {
  await page.evaluate(
    ({ name, csv }) => {
      (window as unknown as { __preparedFile: File }).__preparedFile = new File([csv], name, {
        type: 'text/csv',
      });
    },
    { name, csv },
  );
  // Let the page settle after the transfer (a large string arrives in one task).
  await page.waitForTimeout(500);
  return () =>
    page.evaluate((label) => {
      const input = document.querySelector<HTMLInputElement>(
        `input[type="file"][aria-label="${label}"]`,
      );
      if (!input) throw new Error(`No file input “${label}”.`);
      const files = new DataTransfer();
      files.items.add((window as unknown as { __preparedFile: File }).__preparedFile);
      input.files = files.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, inputLabel);
}
