import { expect, test } from '@playwright/test';
import { dropFile, longTasksBetween, watchLongTasks } from './helpers';

/** A small deterministic random source, so the generated cohort is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
}

/**
 * A cohort shaped like flchain (Dispenzieri et al. 2012, the reference): follow-up in days up to ~14 years,
 * about a third with the event (flchain: 28 %), ~900 distinct event days (the forest's time grid is then its 200
 * quantiles), eight columns of which several are continuous, and missing creatinine (as flchain's ~17 %). The
 * hazard rises with age, the free light chains and creatinine, so the forest has something to find.
 */
function flchainLike(rows: number): string {
  const rand = random(2012);
  const normal = () => Math.sqrt(-2 * Math.log(rand())) * Math.cos(2 * Math.PI * rand());
  const lines = ['time,event,age,sex,sample_yr,kappa,lambda,flc_grp,creatinine,mgus'];
  for (let r = 0; r < rows; r++) {
    const age = Math.round(50 + 45 * rand() ** 1.4);
    const sex = rand() < 0.55 ? 'F' : 'M';
    const year = 1995 + Math.floor(rand() * 9);
    const kappa = Math.exp(0.3 + 0.45 * normal());
    const lambda = Math.exp(0.4 + 0.4 * normal());
    const grp = Math.min(10, 1 + Math.floor(((kappa + lambda) / 6) * 10 * rand() + 4 * rand()));
    const creat = 0.6 + 0.5 * rand() + (rand() < 0.1 ? rand() * 2 : 0);
    const mgus = rand() < 0.015 ? 1 : 0;
    const lp =
      0.09 * (age - 70) +
      0.5 * Math.log(kappa + lambda) +
      0.6 * (creat - 1) +
      (sex === 'M' ? 0.3 : 0);
    const eventDay = (-Math.log(rand()) / (0.00007 * Math.exp(lp))) | 0;
    const censorDay = 1 + Math.floor(1000 + rand() * 4200);
    const event = eventDay < censorDay ? 1 : 0;
    const time = Math.max(1, Math.min(eventDay, censorDay));
    lines.push(
      [
        time,
        event,
        age,
        sex,
        year,
        kappa.toFixed(2),
        lambda.toFixed(3),
        grp,
        rand() < 0.17 ? 'NA' : creat.toFixed(1),
        mgus,
      ].join(','),
    );
  }
  return lines.join('\n');
}

/** The product's budget for any main-thread task (the RAIL "response" budget, and the goal). */
const BUDGET_MS = 50;

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { frames?: { processId?: number; parent?: string }[] } };
}

/** Per thread of the page's renderer: its name, the CPU its tasks took, and each main-thread task's CPU and length. */
function threadCpu(trace: Buffer) {
  const parsed = JSON.parse(trace.toString('utf8')) as
    { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const started = events.find((e) => e.name === 'TracingStartedInBrowser');
  const pagePid = started?.args?.data?.frames?.find((f) => !f.parent)?.processId;
  const names = new Map<number, string>();
  for (const e of events) {
    if (e.name === 'thread_name' && e.pid === pagePid) names.set(e.tid, e.args?.name ?? '?');
  }
  const cpu = new Map<number, number>();
  const main: { cpuMs: number; wallMs: number }[] = [];
  for (const e of events) {
    if (e.pid !== pagePid || e.name !== 'RunTask' || e.ph !== 'X') continue;
    cpu.set(e.tid, (cpu.get(e.tid) ?? 0) + (e.tdur ?? 0) / 1000);
    if (names.get(e.tid) === 'CrRendererMain')
      main.push({ cpuMs: (e.tdur ?? 0) / 1000, wallMs: (e.dur ?? 0) / 1000 });
  }
  const threads = [...cpu]
    .map(([tid, ms]) => ({ name: names.get(tid) ?? String(tid), ms: Math.round(ms) }))
    .filter((t) => t.ms >= 20)
    .sort((a, b) => b.ms - a.ms);
  return { threads, main };
}

test('3,000 patients as time to event: train + 5-fold evaluate at the default trees, no main-thread task over 50 ms', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await watchLongTasks(page);
  await page.goto('/');
  await dropFile(page, 'flchain-like.csv', flchainLike(3000));
  await expect(page.getByText(/3,?000 rows/i).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole('radio', { name: /Time to event/ })).toBeChecked();
  await page.getByLabel('Time unit').selectOption('days');
  // The app's default number of trees: the goal is at the settings a user gets.
  await expect(page.getByLabel('Number of trees')).toHaveValue('300');
  const train = await page.getByRole('button', { name: 'Train survival model' }).elementHandle();
  await page.waitForTimeout(1_000);

  // Inside the measured window only cheap lookups by selector (Playwright's role queries walk the whole DOM on
  // the page's main thread and would be measured too), polled every 100 ms.
  const browser = page.context().browser()!;
  await browser.startTracing(page, {
    categories: ['toplevel', 'disabled-by-default-devtools.timeline'],
  });
  const from = await page.evaluate(() => performance.now());
  await train!.click();
  await page.waitForFunction(
    () =>
      !!document.querySelector('[aria-label="Evaluation summary"]') &&
      !!document.querySelector('.survival-figures') &&
      document.querySelectorAll('.chart-curve svg').length >= 2,
    null,
    { polling: 100, timeout: 180_000 },
  );
  const to = await page.evaluate(() => performance.now());
  // Long-task entries reach the observer after the task ends.
  await page.waitForTimeout(300);
  const { threads, main } = threadCpu(await browser.stopTracing());
  const tasks = await longTasksBetween(page, from, to);

  const wall = tasks.map((t) => Math.round(t.duration)).sort((a, b) => b - a);
  const cpu = main.map((t) => Math.round(t.cpuMs)).sort((a, b) => b - a);
  const line =
    `3,000 patients, 300 trees: train + 5-fold evaluate ${Math.round(to - from)} ms; ` +
    `CPU by thread ${JSON.stringify(threads)}; main-thread tasks over 50 ms of wall clock ` +
    `${JSON.stringify(wall.slice(0, 8))}, CPU of its longest tasks ${JSON.stringify(cpu.slice(0, 8))} ms`;
  console.log(line);
  test.info().annotations.push({ type: 'survival train + evaluate', description: line });

  await expect(
    page.getByText(
      /^Harrell’s C: 0\.\d{3} \(95 % interval 0\.\d{3} to 0\.\d{3}\), 5-fold cross-validation\./,
    ),
  ).toBeVisible();
  // The page's own work per task: its CPU time in Chromium's trace. The wall clock also counts the time the thread
  // waited for a core while the workers grow trees (and, on a shared machine, other processes): reported above.
  expect(main.filter((t) => t.cpuMs > BUDGET_MS)).toEqual([]);
});
