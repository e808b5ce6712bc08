/**
 * Predict after a joint multi-arm estimate: on a synthetic observational study of three arms with known effects
 * (e2e/fixtures/arms.csv, made by scripts/make-arms-fixture.ts: drug A's true effect +40 percentage points at
 * biomarker ≥ 2, drug B's −10 everywhere, placebo the comparison), estimate every arm against placebo in Which
 * treatment, then type a patient at biomarker 2 into Predict and read the patient under every arm: one icon array per
 * arm, and the table of chance, difference from placebo, its interval and its reading.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { dropFile, patientForm, trainModel } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const ARMS = readFileSync(path.join(here, 'fixtures/arms.csv'));

/** "+27.1 percentage points" or "−0.6 percentage points" as a number of points. */
const points = (text: string): number =>
  Number(/([+−]?\d+\.\d) percentage points/.exec(text)![1].replace('−', '-').replace('+', ''));

test('a patient under every arm of a three-arm treatment, each arm against the comparison', async ({
  page,
}) => {
  await page.goto('/');
  await dropFile(page, 'arms.csv', ARMS);
  await expect(page.getByText(/600 rows/i).first()).toBeVisible();
  await page.getByLabel('Outcome column').selectOption('response');
  await trainModel(page, 100);

  const step = page.getByRole('region', { name: /Which treatment/ });
  await step.getByLabel('Treatment column').selectOption('drug');
  await step.getByLabel('Comparison value').selectOption('placebo');
  await expect(step.getByLabel('Treated value')).toHaveValue(' (every other arm)');
  await step.getByRole('button', { name: 'Estimate the effect' }).click();
  await expect(
    step.getByRole('region', { name: 'Average effect of each arm', exact: true }),
  ).toBeVisible({ timeout: 180_000 });

  // A patient deep in drug A's effect region (true effect +40 points; B's −10).
  const form = patientForm(page);
  await form.getByLabel('biomarker', { exact: true }).fill('2');
  await form.getByLabel('severity', { exact: true }).fill('0');
  await form.getByLabel('noise', { exact: true }).fill('0');
  await form.getByRole('button', { name: 'Predict', exact: true }).click();

  const arms = page.getByRole('region', { name: 'Each arm of drug for this patient' });
  await expect(
    arms.getByRole('heading', { name: 'Each arm of drug for this patient' }),
  ).toBeVisible({ timeout: 30_000 });
  // One icon array per arm, each with its sentence.
  await expect(arms.getByRole('img', { name: /would have the outcome “responder”/ })).toHaveCount(
    3,
  );
  for (const arm of ['placebo (the comparison)', 'A', 'B'])
    await expect(
      arms.getByText(new RegExp(`^With ${arm.replace(/[()]/g, '\\$&')}: about \\d+ out of 100`)),
    ).toBeVisible();

  const table = arms.getByRole('table', {
    name: /^This patient's chance of “responder” under each arm of drug, and each arm's difference from placebo/,
  });
  await expect(table.getByRole('rowheader')).toHaveText(['placebo', 'A', 'B']);
  await expect(table.getByRole('columnheader')).toHaveText([
    'Arm',
    'Chance of “responder”',
    'Difference vs placebo',
    '95 % interval',
    'Reading',
  ]);
  const row = (arm: string) =>
    table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: arm, exact: true }) });
  const chance = async (arm: string) =>
    Number(((await row(arm).getByRole('cell').nth(0).textContent()) ?? '').replace(' %', ''));
  const difference = async (arm: string) =>
    points((await row(arm).getByRole('cell').nth(1).textContent()) ?? '');
  await expect(row('placebo')).toContainText('The comparison arm.');
  // Each difference is the arm's chance minus placebo's (to the rounding of the figures shown).
  for (const arm of ['A', 'B'])
    expect(
      Math.abs((await chance(arm)) - (await chance('placebo')) - (await difference(arm))),
    ).toBeLessThan(0.15);
  // Drug A's difference is the larger, its interval above zero, and the reading says so.
  expect(await difference('A')).toBeGreaterThan((await difference('B')) + 10);
  // The interval's cells are bare numbers (the caption gives the unit): its lower end is above zero.
  const interval = (await row('A').getByRole('cell').nth(2).textContent()) ?? '';
  expect(Number(/^([+−]?\d+\.\d) to /.exec(interval)![1].replace('−', '-'))).toBeGreaterThan(0);
  await expect(row('A')).toContainText(
    'The interval leaves out zero: for patients like this one, A rather than placebo raises the chance of “responder”.',
  );
  await expect(arms.getByRole('note', { name: 'Assumptions' })).toContainText('Every confounder');
  await expect(arms.getByText(/if entered, is not used: every arm is shown/)).toBeVisible();
});
