import { expect, test } from '@playwright/test';
import { chooseFile, longTasksBetween, watchLongTasks } from './helpers';
import {
  clickButtonText,
  clinicalTable,
  describeTasks,
  longTasksUntil,
  RESULTS_SHOWN,
  PREDICTION_SHOWN,
  snpTable,
  traceMainThread,
  WHAT_IF_SHOWN,
  BATCH_SHOWN,
  preparedFileChoice,
} from './responsiveness';

test('the page stays responsive while a large table trains, and Cancel keeps everything', async ({
  page,
}) => {
  await watchLongTasks(page);
  await page.goto('/');
  await chooseFile(page, 'wide.csv', snpTable(3000, 1000));
  await expect(page.getByText(/3,?000 rows/i).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel('Outcome column')).toHaveValue('outcome');

  await page.getByLabel('Number of trees').fill('400');
  await page.getByLabel('Random seed').fill('7');
  // Let the page settle after rendering the schema, then watch only the training.
  await expect(page.getByText(/non_responder/).first()).toBeVisible();
  await page.waitForTimeout(1_000);

  // Playwright's role and label queries run on the page's main thread and walk the whole DOM, so inside
  // the measured window the test touches the page only through cheap element lookups by id and text.
  const train = await page.getByRole('button', { name: 'Train model' }).elementHandle();
  const tracing = await traceMainThread(page);
  const trainingStart = await page.evaluate(() => performance.now());
  await train!.click();
  const progressValue = () =>
    page.evaluate(
      () =>
        (document.getElementById('training-progress') as HTMLProgressElement | null)?.value ?? -1,
    );
  await expect.poll(progressValue, { timeout: 30_000 }).toBeGreaterThan(0);
  const first = await progressValue();
  await expect.poll(progressValue, { timeout: 30_000 }).toBeGreaterThan(first);

  const cancelledAt = Date.now();
  const trainingEnd = await page.evaluate(() => {
    const cancel = [...document.querySelectorAll('button')].find(
      (b) => b.textContent?.trim() === 'Cancel',
    );
    cancel?.click();
    return performance.now();
  });
  await page.waitForFunction(() => !document.getElementById('training-progress'), null, {
    timeout: 1_000,
  });
  expect(Date.now() - cancelledAt).toBeLessThan(1_500);
  const traced = await tracing.stop();
  const longTasks = await longTasksBetween(page, trainingStart, trainingEnd);
  // The same rule as the journeys below: CPU per task within the budget, wall clock within ENFORCED_MS (a shared
  // machine under load stretches wall time); every long task is attached to the report.
  test.info().annotations.push({
    type: `tasks over ${BUDGET_MS} ms while training`,
    description:
      longTasks.map((t) => `${t.duration.toFixed(0)} ms`).join(', ') +
      ` | CPU of traced tasks: ${traced.map((t) => `${t.cpuMs.toFixed(0)} ms`).join(', ')}`,
  });
  expect(traced.filter((t) => t.cpuMs > ENFORCED_CPU_MS)).toEqual([]);
  expect(longTasks.filter((t) => t.duration > ENFORCED_MS)).toEqual([]);

  await expect(page.getByRole('progressbar', { name: 'Training progress' })).toBeHidden();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: /cancel/i })
      .first(),
  ).toBeVisible();

  // Nothing the user loaded or set was lost.
  await expect(page.getByText(/3,?000 rows/i).first()).toBeVisible();
  await expect(page.getByLabel('Outcome column')).toHaveValue('outcome');
  await expect(page.getByLabel('Number of trees')).toHaveValue('400');
  await expect(page.getByLabel('Random seed')).toHaveValue('7');
  await expect(page.getByRole('button', { name: 'Train model' })).toBeEnabled();
});

/** The product's budget for any main-thread task while results render (the RAIL "response" budget). */
const BUDGET_MS = 50;
/**
 * Enforced on every path: no main-thread task of the page spends more than BUDGET_MS of CPU (Chromium's trace
 * gives each task's thread time). That is the page's own work, the same on a loaded machine as on an idle one:
 * a fixed 1.18 s loop measured 1,176–1,185 ms of CPU while its wall-clock length went from 2.1 to 3.8 s.
 */
const ENFORCED_CPU_MS = BUDGET_MS;
/**
 * Enforced on the wall clock (the Long Tasks API, what a user would feel): on this shared 2-core machine at a
 * load of 9–15, tasks whose CPU time was under 20 ms still lasted up to 364 ms while the thread waited for a
 * core, so only a freeze of this size fails here; every task over BUDGET_MS is attached to the report.
 */
const ENFORCED_MS = 500;

interface Case {
  name: string;
  load: (page: import('@playwright/test').Page) => Promise<void>;
  rows: RegExp;
  trees: number;
}

const cases: Case[] = [
  {
    name: 'the sample cohort',
    load: async (page) => {
      await page.getByRole('button', { name: 'Try the sample cohort' }).click();
    },
    rows: /400 rows/i,
    trees: 100,
  },
  {
    name: 'a 17-column clinical table',
    load: (page) => chooseFile(page, 'clinical.csv', clinicalTable()),
    rows: /418 rows/i,
    trees: 100,
  },
  {
    name: 'a 20,000-column table',
    load: (page) => chooseFile(page, 'wide20k.csv', snpTable(150, 20_000)),
    rows: /150 rows/i,
    trees: 30,
  },
];

for (const c of cases) {
  test(`no long task from Train model to every result, then Predict, what-if and batch, on ${c.name}`, async ({
    page,
  }) => {
    test.setTimeout(300_000);
    await watchLongTasks(page);
    await page.goto('/');
    await c.load(page);
    await expect(page.getByText(c.rows).first()).toBeVisible({ timeout: 60_000 });
    await page.getByLabel('Number of trees').fill(String(c.trees));
    await page.waitForTimeout(1_000);
    const report: string[] = [];
    const over: string[] = [];
    const overCpu: string[] = [];
    const overBudget: string[] = [];
    const note = (name: string, r: Awaited<ReturnType<typeof longTasksUntil>>) => {
      report.push(describeTasks(name, r));
      if (r.tasks.some((t) => t.duration > ENFORCED_MS)) over.push(name);
      if (r.traced.some((t) => t.cpuMs > ENFORCED_CPU_MS)) overCpu.push(name);
      if (r.tasks.some((t) => t.duration > BUDGET_MS)) overBudget.push(name);
    };

    const train = await page.getByRole('button', { name: 'Train model' }).elementHandle();
    note('train → results', await longTasksUntil(page, () => train!.click(), RESULTS_SHOWN));

    await page.getByRole('button', { name: 'Fill with typical values' }).click();
    await page.waitForTimeout(1_000);
    note(
      'predict → result and explanation',
      await longTasksUntil(page, () => clickButtonText(page, 'Predict'), PREDICTION_SHOWN),
    );

    const whatIf = page.getByRole('region', { name: 'What if' });
    const field = whatIf.getByLabel('Field to change');
    const feature = c.name === 'a 20,000-column table' ? 'snp_0' : 'age';
    // Above a hundred fields the chooser is a searchable combobox.
    if ((await field.getAttribute('role')) === 'combobox') {
      await field.fill(feature);
      await whatIf.getByRole('option', { name: feature, exact: true }).click();
    } else await field.selectOption(feature);
    const input = whatIf.getByLabel(`What-if ${feature}`, { exact: true });
    const handle = await input.elementHandle();
    await page.waitForTimeout(500);
    note(
      'what-if → changed prediction',
      await longTasksUntil(page, () => handle!.fill(feature === 'age' ? '45' : '2'), WHAT_IF_SHOWN),
    );

    const csv =
      c.name === 'a 20,000-column table'
        ? snpTable(50, 20_000, 99)
        : c.name === 'a 17-column clinical table'
          ? clinicalTable(50)
          : await page.evaluate(async () =>
              (await (await fetch('/sample-cohort.csv')).text())
                .split('\n')
                .slice(0, 51)
                .join('\n'),
            );
    const choose = await preparedFileChoice(
      page,
      'Choose the file of patients to predict (CSV, TSV, TXT, .raw, VCF, or .bed with .bim and .fam)',
      'batch.csv',
      csv,
    );
    note('batch → predictions table', await longTasksUntil(page, choose, BATCH_SHOWN));

    console.log(`${c.name}\n  ${report.join('\n  ')}`);
    test.info().annotations.push({
      type: `over the ${BUDGET_MS} ms budget`,
      description:
        overBudget.length > 0 ? `${overBudget.join('; ')}\n${report.join('\n')}` : 'none',
    });
    expect(overCpu, report.join('\n')).toEqual([]);
    expect(over, report.join('\n')).toEqual([]);
  });
}
