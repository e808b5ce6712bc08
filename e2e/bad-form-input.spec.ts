/**
 * Wrong or odd entries in the new-patient form: the message sits next to the field it is about, nothing else
 * typed is lost, and the form still predicts whenever the entries can be used.
 */
import { expect, test, type Page } from '@playwright/test';
import { chooseFile, patientForm, trainModel } from './helpers';

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** 60 patients: age 30–79, sex, marker 0–10, snp 0/1/2, response yes/no. */
function cohort(): string {
  const rand = lcg(3);
  const lines = ['age,sex,marker,snp,response'];
  for (let r = 0; r < 60; r++) {
    const age = r === 0 ? 30 : r === 1 ? 79 : 30 + Math.floor(rand() * 50);
    const marker = (rand() * 10).toFixed(1);
    const snp = Math.floor(rand() * 3);
    const response = Number(marker) + snp * 2 + rand() * 3 > 7 ? 'yes' : 'no';
    lines.push([age, rand() < 0.5 ? 'F' : 'M', marker, snp, response].join(','));
  }
  return lines.join('\n');
}

const field = (page: Page, name: string) => patientForm(page).getByLabel(name, { exact: true });
const result = (page: Page) => page.getByRole('region', { name: 'Predicted probabilities' });
const predict = (page: Page) => page.getByRole('button', { name: 'Predict', exact: true }).click();

test.beforeEach(async ({ page }) => {
  await page.goto('/');
  await chooseFile(page, 'cohort.csv', cohort());
  await expect(page.getByText('60 rows × 5 columns')).toBeVisible();
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');
  await trainModel(page, 10);
});

test('letters in a number field: a specific message next to the field, the other fields kept', async ({
  page,
}) => {
  await field(page, 'marker').fill('4.5');
  await field(page, 'sex').selectOption('F');
  await field(page, 'snp').fill('2');
  await field(page, 'age').fill('sixty');

  // The message is next to the field, and is the field's accessible description.
  const age = field(page, 'age');
  await expect(age).toHaveAttribute('aria-invalid', 'true');
  await expect(age).toHaveAccessibleDescription(/“sixty” is not a number\. Type digits/);
  await expect(age.locator('xpath=..').locator('.field-error')).toHaveText(
    /^“sixty” is not a number\. Type digits \(for example [\d.]+\), or leave it blank if unknown\.$/,
  );

  // Predict refuses with a summary that names the field, and puts the cursor in it.
  await predict(page);
  const summary = page
    .getByRole('alert')
    .filter({ hasText: 'Correct this field before predicting' });
  await expect(summary).toContainText('age: “sixty” is not a number');
  await expect(age).toBeFocused();
  await expect(result(page)).toHaveCount(0);

  // Nothing else typed was lost.
  await expect(field(page, 'marker')).toHaveValue('4.5');
  await expect(field(page, 'sex')).toHaveValue('F');
  await expect(field(page, 'snp')).toHaveValue('2');
  await expect(age).toHaveValue('sixty');

  // A decimal comma gets its own message.
  await field(page, 'marker').fill('4,5');
  await expect(field(page, 'marker')).toHaveAccessibleDescription(
    /Use a dot for decimals: 4\.5 rather than 4,5\./,
  );

  // Corrected, the same form predicts.
  await field(page, 'marker').fill('4.5');
  await age.fill('61');
  await expect(age).not.toHaveAttribute('aria-invalid', 'true');
  await predict(page);
  await expect(result(page)).toBeVisible();
  await expect(summary).toHaveCount(0);
  await expect(field(page, 'age')).toHaveValue('61');
});

test('a value far outside the training range: a warning, and it still predicts', async ({
  page,
}) => {
  await field(page, 'age').fill('250');
  await field(page, 'marker').fill('5');
  const age = field(page, 'age');
  await expect(age).not.toHaveAttribute('aria-invalid', 'true');
  await expect(age.locator('xpath=..').locator('.field-warning')).toHaveText(
    'Far outside the range seen in training (30–79). It still predicts, but the trees treat it like the nearest value they saw.',
  );
  await predict(page);
  await expect(result(page)).toBeVisible();
  // The prediction itself carries the warning too.
  await expect(page.getByRole('group', { name: 'Warnings for this prediction' })).toContainText(
    'age',
  );
  await expect(age).toHaveValue('250');
  await expect(field(page, 'marker')).toHaveValue('5');
});

test('all fields empty: warned, and it still predicts', async ({ page }) => {
  await field(page, 'age').fill('61');
  await patientForm(page).getByRole('button', { name: 'Clear form' }).click();
  await expect(field(page, 'age')).toHaveValue('');
  await expect(
    patientForm(page).getByRole('status').filter({ hasText: 'All fields are unknown' }),
  ).toHaveText(
    'All fields are unknown: the prediction rests only on what the model learned about patients with missing values.',
  );
  await predict(page);
  await expect(result(page)).toBeVisible();
  await expect(
    result(page)
      .getByText(/yes|no/)
      .first(),
  ).toBeVisible();
});
