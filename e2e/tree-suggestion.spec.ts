import { expect, test } from '@playwright/test';
import { trainModel } from './helpers';

test('after a quick training the summary offers more trees that would still be quick, and sets them', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Try the sample cohort' }).click();
  await expect(page.getByText(/400 rows/i).first()).toBeVisible({ timeout: 60_000 });
  // Ten trees on 400 patients take well under a second, so at least 200 trees fit in ten seconds.
  await trainModel(page, 10);
  const note = page.getByRole('group', { name: 'More trees' });
  await expect(note).toContainText(
    /^Grew 10 trees in [\d.]+ s \([\d,.]+ trees? a second on \d+ workers?\): ([\d,]+) trees would take about \d+ s\./,
  );
  const text = (await note.locator('p').first().textContent()) ?? '';
  const offered = /: ([\d,]+) trees would take about (\d+) s\./.exec(text);
  expect(offered).not.toBeNull();
  const trees = offered![1].replace(/,/g, '');
  expect(Number(offered![2])).toBeLessThanOrEqual(10);

  await note.getByRole('button', { name: `Use ${trees} trees` }).click();
  await expect(page.getByLabel('Number of trees')).toHaveValue(trees);
  await expect(note).toContainText(`Number of trees is ${trees}: press Train model to grow them.`);
});
