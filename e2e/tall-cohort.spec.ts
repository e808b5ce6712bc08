/**
 * A tall cohort (over 100,000 patients): the Train step says why fully grown trees make a large, slow model and
 * offers a minimum number of patients per leaf; one click sets it, and the note goes once the cap is in place.
 */
import { expect, test } from '@playwright/test';
import { chooseFile } from './helpers';

/** 120,000 patients × 3 columns from a seeded generator (about 2 MB). */
function tallTable(rows = 120_000): string {
  let s = 12345;
  const next = () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const lines = ['age,snp_1,marker,outcome'];
  for (let r = 0; r < rows; r++) {
    const age = 30 + Math.floor(next() * 50);
    const snp = Math.floor(next() * 3);
    const marker = (next() * 10).toFixed(2);
    lines.push(
      `${age},${snp},${marker},${next() < 0.3 + 0.1 * snp ? 'responder' : 'non_responder'}`,
    );
  }
  return lines.join('\n') + '\n';
}

test('a tall cohort gets a one-click minimum patients per leaf, explained', async ({ page }) => {
  await page.goto('/');
  await chooseFile(page, 'tall.csv', tallTable());
  await expect(page.getByText(/120,000 rows/).first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByLabel('Outcome column')).toHaveValue('outcome');

  const note = page.getByRole('group', { name: 'Large cohort' });
  await expect(note).toContainText('120,000');
  const use = note.getByRole('button', { name: /^Use at least 5 patients per leaf$/ });
  await use.click();
  await expect(page.getByLabel('Minimum patients per leaf')).toHaveValue('5');
  await expect(
    page.getByRole('status').filter({ hasText: 'Minimum patients per leaf set to 5' }),
  ).toHaveCount(1);
  // With the cap in place the suggestion has nothing left to offer.
  await expect(note).toBeHidden();
});
