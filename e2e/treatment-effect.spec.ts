/**
 * Which treatment: on a synthetic randomised trial with a known effect (e2e/fixtures/trial.csv, made by
 * scripts/make-trial-fixture.ts; true average effect +7.8 percentage points, 0 for biomarker ≤ 0 and +40 at
 * biomarker ≥ 2), pick the treatment column and its treated value, say it was randomised, estimate, read the
 * average effect with its interval and what drives the effect, then see a new patient with and without the drug as two
 * icon arrays; the local linear correction is on by default and named. The same trial with its drug arm split in two
 * (three arms): both arms against placebo at once by the joint multi-arm forest, each with its interval (one line at
 * 1,280 px), histogram, calibration test and TOC curve with its table. Then the timing goal on a generated
 * 2,000 × 10 observational trial with 2,000 trees (with the correction, the default). And on the lung cohort's
 * time-to-event outcome (e2e/fixtures/lung.csv): the effect of sex on being event-free at a horizon, with the censoring
 * weights said, then a patient entered in Predict as two icon arrays of patients event-free at that horizon.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { dropFile, longTasksBetween, patientForm, trainModel, watchLongTasks } from './helpers';
import { trialTable } from './responsiveness';

const here = path.dirname(fileURLToPath(import.meta.url));
const TRIAL = readFileSync(path.join(here, 'fixtures/trial.csv'));
const LUNG = readFileSync(path.join(here, 'fixtures/lung.csv'));

/** "+9.1 percentage points" or "−0.4 percentage points" as a number of points. */
const points = (text: string): number => Number(text.replace('−', '-').replace('+', ''));
const POINTS = '([+−]?\\d+\\.\\d) percentage points';

test('pick the treatment, estimate its effect, and see a patient with and without it', async ({
  page,
}) => {
  await page.goto('/');
  await dropFile(page, 'trial.csv', TRIAL);
  await expect(page.getByText(/1,?000 rows/i).first()).toBeVisible();
  await page.getByLabel('Outcome column').selectOption('response');
  await trainModel(page, 100);

  const step = page.getByRole('region', { name: /Which treatment/ });
  await step.getByLabel('Treatment column').selectOption('drug');
  await step.getByLabel('Treated value').selectOption('A');
  await expect(step.getByText('Patients with “placebo” are the comparison arm.')).toBeVisible();
  await expect(step.getByLabel('Outcome the effect is about')).toHaveValue('responder');
  await step.getByRole('switch', { name: 'Randomised trial' }).check();
  // The local linear correction is on unless turned off.
  await expect(step.getByRole('checkbox', { name: 'Local linear correction' })).toBeChecked();
  await step.getByRole('button', { name: 'Estimate the effect' }).click();

  const result = step.getByRole('region', { name: 'Average effect of treatment' });
  await expect(result).toBeVisible({ timeout: 90_000 });
  const lead = await result.getByText(/^Over all 1000 patients/).textContent();
  const m = new RegExp(`by ${POINTS} on average \\(95 % interval ${POINTS} to ${POINTS}\\)`).exec(
    lead ?? '',
  );
  expect(m, lead ?? '').not.toBeNull();
  const [ate, lower, upper] = [m![1], m![2], m![3]].map(points);
  expect(lower).toBeLessThan(ate);
  expect(upper).toBeGreaterThan(ate);
  // The known average effect of the simulated trial lies in the interval.
  expect(lower).toBeLessThan(7.8);
  expect(upper).toBeGreaterThan(7.8);
  const table = result.getByRole('table', { name: /Average effect of A vs placebo/ });
  await expect(table.getByRole('rowheader', { name: 'All patients (AIPW)' })).toBeVisible();
  await expect(result.getByText(/no propensity model was fitted/)).toBeVisible();
  // The result names the correction's column: the effect varies with the biomarker only.
  await expect(
    result.getByText(
      /^Local linear correction on “biomarker”, the column the effect forest splits on most/,
    ),
  ).toBeVisible();
  await expect(result.getByText(/heterogeneity/).first()).toBeVisible();
  await expect(result.getByText(/RATE \(area under the TOC curve\) [+−]\d/)).toBeVisible();
  await expect(result.getByRole('img', { name: /^TOC curve/ })).toBeVisible();
  // What drives the effect: the trial's effect varies with the biomarker only, so it leads the drivers table.
  const drivers = result.getByRole('table', { name: /^What drives the effect/ });
  await expect(drivers.getByRole('rowheader').first()).toHaveText('biomarker');
  await expect(drivers.getByRole('rowheader')).toHaveCount(3);
  await expect(
    result.getByRole('img', { name: /^What drives the effect: biomarker/ }),
  ).toBeVisible();
  await expect(result.getByRole('note', { name: 'Assumptions' })).toContainText('Every confounder');

  // A patient whose true effect is +40 points (biomarker 2): treated far above untreated.
  const form = patientForm(page);
  await form.getByLabel('biomarker', { exact: true }).fill('2');
  await form.getByLabel('severity', { exact: true }).fill('0');
  await form.getByLabel('noise', { exact: true }).fill('0');
  await form.getByRole('button', { name: 'Predict', exact: true }).click();
  const arms = page.getByRole('region', { name: 'With and without drug = A' });
  const treated = await arms
    .getByText(/^If treated \(A\): about \d+ out of 100 patients like this one/)
    .textContent();
  const untreated = await arms
    .getByText(/^Without it \(placebo\): about \d+ out of 100 patients like this one/)
    .textContent();
  const n = Number(/about (\d+) out of 100/.exec(treated ?? '')![1]);
  const k = Number(/about (\d+) out of 100/.exec(untreated ?? '')![1]);
  expect(n).toBeGreaterThan(k);
  await expect(arms.getByRole('img', { name: /would have the outcome “responder”/ })).toHaveCount(
    2,
  );
  await expect(arms.getByText(/^Difference, treated minus without: \+/)).toBeVisible();
  await expect(
    arms.getByText(/^Across the cohort the effect varies most with biomarker/),
  ).toBeVisible();
});

test('a treatment of three arms: every arm against the comparison by one joint forest', async ({
  page,
}) => {
  // The trial with its drug arm split in two (every third A patient becomes B, still at random): both carry the
  // drug's effect, true average +7.8 percentage points.
  let seen = 0;
  const three = TRIAL.toString('utf8')
    .trimEnd()
    .split('\n')
    .map((line, i) => {
      const cells = line.split(',');
      if (i > 0 && cells[3] === 'A' && seen++ % 3 === 0) cells[3] = 'B';
      return cells.join(',');
    })
    .join('\n');
  await page.goto('/');
  await dropFile(page, 'three-arms.csv', three + '\n');
  await expect(page.getByText(/1,?000 rows/i).first()).toBeVisible();
  await page.getByLabel('Outcome column').selectOption('response');
  await trainModel(page, 100);

  const step = page.getByRole('region', { name: /Which treatment/ });
  await step.getByLabel('Treatment column').selectOption('drug');
  await step.getByLabel('Comparison value').selectOption('placebo');
  // Every other arm is compared at once unless one is picked.
  await expect(step.getByLabel('Treated value')).toHaveValue(' (every other arm)');
  await expect(
    step.getByText(/^Each arm vs “placebo”, by one multi-arm causal forest/),
  ).toBeVisible();
  await step.getByRole('switch', { name: 'Randomised trial' }).check();
  // The joint forest carries the local linear correction too, on unless turned off.
  await expect(step.getByRole('checkbox', { name: 'Local linear correction' })).toBeChecked();
  await step.getByRole('button', { name: 'Estimate the effect' }).click();

  const result = step.getByRole('region', { name: 'Average effect of each arm', exact: true });
  await expect(result).toBeVisible({ timeout: 180_000 });
  await expect(
    result.getByText(
      /^One joint causal forest compared each of 2 arms with placebo on all 1000 patients/,
    ),
  ).toBeVisible();
  const table = result.getByRole('table', {
    name: 'Average effect of each arm vs placebo on the chance of “responder”, in percentage points',
  });
  await expect(table.getByRole('rowheader')).toHaveText(['A', 'B']);
  // At 1,280 px every cell and header of the table fits one line (the caption carries the unit), and the table its
  // scroll region: its intervals once wrapped to several lines.
  const lines = await table.evaluate((t) =>
    Array.from(t.querySelectorAll('th, td')).map((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return `${cell.textContent}: ${range.getClientRects().length}`;
    }),
  );
  expect(lines.filter((l) => !l.endsWith(': 1'))).toEqual([]);
  const scroll = await table.evaluate((t) => {
    const region = t.parentElement!;
    return [region.scrollWidth, region.clientWidth];
  });
  expect(scroll[0]).toBeLessThanOrEqual(scroll[1]);
  const NUMBER = '([+−]?\\d+\\.\\d)';
  for (const arm of ['A', 'B']) {
    const row = table
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: arm, exact: true }) });
    const text = (await row.textContent()) ?? '';
    const m = new RegExp(`${NUMBER} to ${NUMBER}`).exec(text);
    expect(m, text).not.toBeNull();
    // The known average effect lies in each arm's interval.
    expect(points(m![1])).toBeLessThan(7.8);
    expect(points(m![2])).toBeGreaterThan(7.8);
    // A labelled histogram of the arm's estimated chances, its counts in a table beside it.
    const chart = result.getByRole('figure').filter({ hasText: `Estimated chance of ${arm}` });
    await expect(
      chart.getByRole('img', { name: new RegExp(`^Estimated chance of ${arm}:`) }),
    ).toBeVisible();
    await expect(
      chart.getByRole('table', {
        name: `Patients per 10 % of estimated chance of ${arm}`,
        includeHidden: true,
      }),
    ).toHaveCount(1);
  }
  await expect(result.getByText(/no propensity model was fitted/)).toBeVisible();

  // Each arm's calibration test: both coefficients with standard errors and one-sided p-values, then in words.
  const calibration = result.getByRole('table', {
    name: /^Calibration test of each arm vs placebo/,
  });
  await expect(calibration.getByRole('rowheader')).toHaveText(['A', 'A', 'B', 'B']);
  for (const arm of ['A', 'B']) {
    const rows = calibration
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: arm, exact: true }) });
    await expect(rows.nth(0)).toContainText('Mean forest prediction');
    await expect(rows.nth(1)).toContainText('Differential forest prediction');
    for (const k of [0, 1])
      expect(await rows.nth(k).textContent()).toMatch(/-?\d+\.\d\d-?\d+\.\d\dp [=<] [01]\.\d{3}$/);
    await expect(
      result.getByText(
        new RegExp(
          `^${arm} \\(\\d+ patients of ${arm} and placebo\\): (Evidence|No evidence) of heterogeneity`,
        ),
      ),
    ).toBeVisible();
    // Its TOC curve, the RATE in words and the same numbers in a table beside it.
    const targeting = result.getByRole('region', { name: `Targeting by the effect of ${arm}` });
    await expect(targeting.getByText(/RATE \(area under the TOC curve\) [+−]?\d/)).toBeVisible();
    await expect(
      targeting.getByRole('img', { name: new RegExp(`^TOC curve of ${arm} vs placebo:`) }),
    ).toBeVisible();
    const toc = targeting.getByRole('table', {
      name: new RegExp(`^TOC of ${arm} vs placebo: gain over the average effect`),
      includeHidden: true,
    });
    await expect(toc.getByRole('rowheader', { includeHidden: true })).toHaveCount(20);
  }
  await expect(
    result.getByText(/^Calibration test of each arm: on that arm’s and placebo’s/),
  ).toBeVisible();
  // What still needs two arms, and nothing the joint fit now gives.
  const notes = result.getByRole('list').filter({ hasText: 'computed for two arms' });
  await expect(notes).toContainText(
    'The average effect on the treated and the overlap-weighted average are computed for two arms',
  );
  await expect(notes).not.toContainText('The calibration test, ');
  await expect(notes).not.toContainText('local linear');
  // Each arm gets its own correction column; both drug arms carry the biomarker's effect.
  await expect(
    result.getByText(
      /^Local linear correction of each arm on a column of its own: “A” on “biomarker”, “B” on “biomarker”/,
    ),
  ).toBeVisible();
  await expect(result.getByRole('table', { name: /^What drives the effect/ })).toBeVisible();
  await expect(result.getByRole('note', { name: 'Assumptions' })).toContainText('Every confounder');
});

/** A main-thread task's CPU budget (the RAIL response budget, as e2e/responsive-while-training.spec.ts). */
const BUDGET_MS = 50;

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/**
 * CPU seconds per kind of thread (page main thread, workers) in a Chromium trace: the work itself, which a loaded
 * machine does not stretch as it stretches wall time. Top-level tasks only, so nested events are not counted twice.
 */
function cpuByThread(trace: Buffer): { seconds: Record<string, number>; mainTasksMs: number[] } {
  const parsed = JSON.parse(trace.toString('utf8')) as
    { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const names = new Map<string, string>();
  for (const e of events)
    if (e.name === 'thread_name' && e.args?.name) names.set(`${e.pid}:${e.tid}`, e.args.name);
  const seconds: Record<string, number> = {};
  const mainTasksMs: number[] = [];
  for (const e of events) {
    if (e.ph !== 'X' || e.name !== 'RunTask') continue;
    const name = names.get(`${e.pid}:${e.tid}`) ?? 'other';
    if (!/CrRendererMain|DedicatedWorker/.test(name)) continue;
    seconds[name] = (seconds[name] ?? 0) + (e.tdur ?? 0) / 1e6;
    if (name === 'CrRendererMain') mainTasksMs.push((e.tdur ?? 0) / 1000);
  }
  return { seconds, mainTasksMs };
}

test('2,000 patients × 10 columns, 2,000 trees: effects with intervals, timed, the page responsive', async ({
  page,
  browser,
}) => {
  await watchLongTasks(page);
  await page.goto('/');
  await dropFile(page, 'observational.csv', trialTable(2000, 10));
  await expect(page.getByText(/2,?000 rows/i).first()).toBeVisible();
  await page.getByLabel('Outcome column').selectOption('response');
  await trainModel(page, 10);
  const step = page.getByRole('region', { name: /Which treatment/ });
  await step.getByLabel('Treatment column').selectOption('drug');
  await step.getByLabel('Treated value').selectOption('A');
  await expect(step.getByLabel('Outcome the effect is about')).toHaveValue('responder');
  const estimate = await step.getByRole('button', { name: 'Estimate the effect' }).elementHandle();
  await page.waitForTimeout(1_000);

  // Inside the measured window the page is touched only by cheap lookups (role queries walk the DOM on its thread).
  await browser.startTracing(page, {
    categories: ['toplevel', 'disabled-by-default-devtools.timeline'],
  });
  const from = await page.evaluate(() => performance.now());
  await estimate!.click();
  await page.waitForFunction(() => !!document.getElementById('effect-result-title'), null, {
    polling: 100,
    timeout: 120_000,
  });
  const to = await page.evaluate(() => performance.now());
  await page.waitForTimeout(300);
  const { seconds: cpu, mainTasksMs } = cpuByThread(await browser.stopTracing());
  const tasks = await longTasksBetween(page, from, to);
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  const line =
    `estimate → average effect shown: ${((to - from) / 1000).toFixed(1)} s wall on ${cores} cores; ` +
    `machine load average ${loadavg()[0].toFixed(1)}; main-thread long tasks: ${tasks.length}, longest ` +
    `${Math.round(Math.max(0, ...tasks.map((t) => t.duration)))} ms wall, longest CPU ` +
    `${Math.round(Math.max(0, ...mainTasksMs))} ms; CPU s per thread: ` +
    Object.entries(cpu)
      .map(([k, v]) => `${k} ${v.toFixed(2)}`)
      .join(', ');
  console.log(line);
  test.info().annotations.push({ type: 'effects on 2,000 × 10, 2,000 trees', description: line });
  const result = step.getByRole('region', { name: 'Average effect of treatment' });
  await expect(result.getByText(/^Over all 2000 patients/)).toBeVisible();
  // The page's own work stays within the budget per task (its wall clock also counts waits for a busy core).
  expect(mainTasksMs.filter((ms) => ms > BUDGET_MS)).toEqual([]);
});

test('a time-to-event outcome: the effect on being event-free at a horizon, and a patient with and without', async ({
  page,
}) => {
  await page.goto('/');
  await dropFile(page, 'lung.csv', LUNG);
  await expect(page.getByRole('radio', { name: /Time to event/ })).toBeChecked();
  await page.getByLabel('Time unit').selectOption('days');
  await page.getByLabel('Number of trees').fill('100');
  await page.getByRole('button', { name: 'Train survival model' }).click();
  await expect(page.getByText(/^Harrell’s C: 0\.\d{3}/)).toBeVisible({ timeout: 90_000 });

  const step = page.getByRole('region', { name: /Which treatment/ });
  await step.getByLabel('Treatment column').selectOption('sex');
  await step.getByLabel('Treated value').selectOption('female');
  // No outcome class with a time-to-event outcome: a horizon instead. The local linear correction stays (its
  // regression weighted by the censoring weights).
  await expect(step.getByLabel('Outcome the effect is about')).toHaveCount(0);
  await expect(step.getByLabel('Local linear correction')).toBeChecked();
  await expect(step.getByRole('button', { name: 'Estimate the effect' })).toBeDisabled();
  await step.getByLabel('Horizon').fill('365');
  await step.getByRole('button', { name: 'Estimate the effect' }).click();

  const result = step.getByRole('region', { name: 'Average effect of treatment' });
  await expect(result).toBeVisible({ timeout: 120_000 });
  await expect(
    result.getByText(
      /^Over all 228 patients \(186 with a known status at 365 days, weighted for the 42 censored before it\), treatment \(female\) rather than male changes the chance of “event-free at 365 days” by/,
    ),
  ).toBeVisible();
  // lung: 42 patients censored before day 365 are left out, the other 186 weighted.
  await expect(result.getByLabel('Censoring')).toContainText(
    'the 42 patients censored before 365 days carry no outcome and were left out, and the 186 others weighted',
  );
  await expect(result.getByRole('note', { name: 'Assumptions' })).toContainText(
    'Censoring is independent of the event given the columns and the treatment',
  );

  await page.getByRole('button', { name: '1 year' }).click();
  await page.getByLabel('age', { exact: true }).fill('70');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const withWithout = page.getByRole('region', { name: 'With and without sex = female' });
  await expect(
    withWithout.getByText(
      /^If treated \(female\): about \d+ out of 100 patients like this one would be event-free at 365 days\.$/,
    ),
  ).toBeVisible({ timeout: 30_000 });
  await expect(
    withWithout.getByText(
      /^Without it \(male\): about \d+ out of 100 patients like this one would be event-free at 365 days\.$/,
    ),
  ).toBeVisible();
  await expect(
    withWithout.getByText(/^Difference, treated minus without: [+−]?\d+\.\d percentage points/),
  ).toBeVisible();
});
