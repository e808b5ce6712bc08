/**
 * A model that did not beat chance in cross-validation says so on every prediction, in amber, and its
 * evaluation summary is amber too (never the accent green).
 */
import { expect, test } from '@playwright/test';
import { dropFile, trainModel } from './helpers';

/** An outcome that is pure noise: a seeded coin flip unrelated to the two features. */
function noiseCsv(rows: number): string {
  let s = 12345;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lines = ['x1,x2,outcome'];
  for (let r = 0; r < rows; r++) {
    lines.push(
      `${(next() * 10).toFixed(2)},${(next() * 10).toFixed(2)},${next() < 0.5 ? 'yes' : 'no'}`,
    );
  }
  return lines.join('\n') + '\n';
}

test('a model no better than chance warns on the prediction, in amber', async ({ page }) => {
  await page.goto('/');
  await dropFile(page, 'noise.csv', noiseCsv(200));
  await page.getByLabel('Outcome column').selectOption('outcome');
  await trainModel(page, 60);
  const evaluate = page.getByRole('region', { name: 'Evaluate the model' });
  await expect(evaluate.getByText('No better than chance', { exact: true })).toBeVisible({
    timeout: 60_000,
  });
  await expect(evaluate.getByText(/^On patients it had not seen/).first()).toHaveClass(
    /eval-summary-warn/,
  );

  await page.getByRole('button', { name: 'Fill with typical values' }).click();
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const result = page.getByRole('region', { name: 'Predicted probabilities' });
  const warning = result.getByRole('note', { name: 'Model quality warning' });
  await expect(warning).toContainText('This model did not beat chance');
  await expect(warning).toContainText('do not rely on this prediction');
  await expect(warning).toHaveClass(/alert-warn/);
});
