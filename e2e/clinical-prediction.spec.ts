/**
 * Risk the way clinicians read it, on the sample cohort: the natural-frequency sentence, the icon array's label,
 * the prediction set and its Confidence, the what-would-change search, the decision curve in Evaluate, and the
 * printed patient report (its header fields and ISO dates checked, rendered to PDF: exactly one A4 page).
 */
import { writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { trainModel } from './helpers';

test('a prediction reads as N out of 100 with icons, a prediction set and a printable report', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample cohort' }).click();
  await expect(page.getByLabel('Outcome column')).toHaveValue('response');
  await trainModel(page, 100);

  // Evaluation starts by itself: the prediction sets' coverage and the decision curve with the threshold marked.
  await expect(page.getByText('Prediction sets: coverage in cross-validation')).toBeVisible({
    timeout: 90_000,
  });
  const curve = page.getByRole('img', { name: /^Decision curve for acting on “responder”/ });
  await expect(curve).toBeVisible();
  await expect(curve).toHaveAttribute(
    'aria-label',
    /At the slider’s threshold 0\.50: model -?\d\.\d{3}/,
  );
  await expect(
    page.getByText(/At the decision threshold 0\.50 the model’s net benefit is/),
  ).toBeVisible();
  await expect(page.getByRole('group', { name: 'Recalibration of predictions' })).toBeVisible();

  // Predict a typical patient.
  await page.getByRole('button', { name: 'Fill with typical values' }).click();
  await expect(page.getByLabel('age', { exact: true })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const result = page.getByRole('region', { name: 'Predicted probabilities' });
  await expect(result).toBeVisible();

  // The sentence, for each outcome, and the icon array labelled with the same sentences.
  const sentence = result.getByText(
    /^(About \d+|Fewer than 1|More than 99) out of 100 patients like this one in your cohort would have the outcome “responder”\.$/,
  );
  await expect(sentence).toBeVisible();
  const text = (await sentence.innerText()).trim();
  const icons = result.getByRole('img', { name: /out of 100 patients like this one/ });
  await expect(icons).toHaveAttribute(
    'aria-label',
    new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  );
  const label = (await icons.getAttribute('aria-label')) ?? '';
  const counts = [...label.matchAll(/About (\d+) out of 100/g)].map((m) => Number(m[1]));
  if (counts.length === 2) expect(counts[0] + counts[1]).toBe(100);

  // The prediction set at 90 %, then at 80 % and 95 %.
  const set = result.getByRole('group', { name: 'Prediction set' });
  await expect(set).toContainText(/Prediction set \(90 %\): \{[a-z_, ]*\}/);
  const setAt = async (): Promise<string[]> => {
    const m = /\{([^}]*)\}/.exec(await set.innerText());
    return (m?.[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  };
  const at90 = await setAt();
  for (const c of at90) expect(['responder', 'non_responder']).toContain(c);
  await result.getByLabel('Confidence').selectOption('0.95');
  await expect(set).toContainText('Prediction set (95 %)');
  const at95 = await setAt();
  for (const c of at90) expect(at95).toContain(c);
  await result.getByLabel('Confidence').selectOption('0.8');
  await expect(set).toContainText('Prediction set (80 %)');

  // Never "diagnosis", never relative risk; percentage points written out.
  const shown = await result.innerText();
  expect(shown).not.toMatch(/diagnos|relative risk|times (more|less) likely/i);
  expect(shown).not.toMatch(/\bpts\b/);

  // What would change the outlook: toward "responder" (the outcome hoped for); lifestyle fields ticked;
  // genotypes, age and sex never offered.
  await expect(result.getByLabel('Outcome wanted')).toHaveValue('1');
  await expect(result.getByRole('checkbox', { name: 'smoking' })).toBeChecked();
  await expect(result.getByRole('checkbox', { name: 'age', exact: true })).toHaveCount(0);
  await expect(result.getByRole('checkbox', { name: 'sex', exact: true })).toHaveCount(0);
  await expect(result.getByRole('checkbox', { name: 'rs1045642_ABCB1' })).toHaveCount(0);
  await result.getByRole('button', { name: 'Search' }).click();
  await expect(
    result.getByText(
      /^(In the data the model learned from|No change to the ticked fields|The probability of “responder” is already)/,
    ),
  ).toBeVisible({ timeout: 60_000 });

  // The printed report: rendered to PDF, and its print-media text.
  await expect(result.getByRole('button', { name: 'Print patient report' })).toBeVisible();
  const details = result.getByRole('group', { name: 'Printed patient report' });
  await details.getByLabel('Patient identifier').fill('MRN-0042-7');
  await details.getByLabel('Clinician').fill('Dr A. Example');
  await page.emulateMedia({ media: 'print' });
  const report = page.getByRole('article', { name: 'Patient report' });
  await expect(report).toBeVisible();
  await expect(page.getByRole('button', { name: 'Print patient report' })).toBeHidden();
  const printed = await report.innerText();
  expect(printed).toContain('GenoForest patient report');
  expect(printed).toMatch(/Patient identifier:?\s*MRN-0042-7/);
  expect(printed).toMatch(/Clinician:?\s*Dr A\. Example/);
  // Dates in ISO 8601, never in US order.
  expect(printed).toMatch(/Printed:?\s*\d{4}-\d{2}-\d{2}/);
  expect(printed).toMatch(/trained \d{4}-\d{2}-\d{2} \d{2}:\d{2} on \d+ patients/);
  expect(printed).toMatch(/trained in this session on “[^”]+”/);
  expect(printed).not.toMatch(/\b\d{1,2}\/\d{1,2}\/\d{4}\b/);
  expect(printed).toContain(text);
  expect(printed).toMatch(/Prediction set \(80 %\): \{/);
  expect(printed).toMatch(/Patient’s values\s+age: \d+/);
  expect(printed).toMatch(/How good is the model/);
  expect(printed).toMatch(/Prediction sets at 80 % contained the true outcome for \d+(\.\d)? %/);
  expect(printed).toMatch(/Limitations/);
  expect(printed).not.toMatch(/diagnos/i);
  await expect(
    report.getByRole('img', { name: /out of 100 patients like this one/ }),
  ).toBeVisible();
  const pdf = await page.pdf({ format: 'A4' });
  // To look at the page: GENOFOREST_REPORT_PDF=/tmp/report.pdf keeps the PDF.
  if (process.env.GENOFOREST_REPORT_PDF) writeFileSync(process.env.GENOFOREST_REPORT_PDF, pdf);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  // A typical patient's report is one A4 page: page objects counted, the page tree ("/Pages") not.
  const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
  expect(pages.length).toBe(1);
  await page.emulateMedia({ media: 'screen' });
});
