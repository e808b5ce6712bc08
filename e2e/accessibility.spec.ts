import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { chooseFile, trainModel } from './helpers';

/** Serious and critical axe violations of the page as it is now (rule id and the first offending nodes). */
async function seriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    );
}

/** Text that is cut: clipped by its own box, or running off the page outside any scrolling box. */
async function cutLabels(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const scrolls = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        const o = getComputedStyle(e).overflowX;
        if ((o === 'auto' || o === 'scroll') && e.scrollWidth > e.clientWidth) return true;
      }
      return false;
    };
    const selector = 'label, button, th, dt, dd, summary, h2, h3, h4, legend, option, a';
    for (const el of document.querySelectorAll<HTMLElement>(selector)) {
      if (!el.offsetParent || !el.textContent?.trim()) continue;
      const style = getComputedStyle(el);
      const clipped =
        (style.overflowX === 'hidden' || style.overflowX === 'clip') &&
        el.scrollWidth > el.clientWidth + 1;
      const r = el.getBoundingClientRect();
      const offPage = r.right > document.documentElement.clientWidth + 1 && !scrolls(el);
      if (clipped || offPage)
        out.push(`${el.tagName.toLowerCase()} “${el.textContent.trim().slice(0, 40)}”`);
    }
    // Chart tick labels must lie inside their chart.
    for (const svg of document.querySelectorAll<SVGSVGElement>(
      'svg.recharts-surface, .bar-rows svg',
    )) {
      const box = svg.getBoundingClientRect();
      for (const t of svg.querySelectorAll<SVGTextElement>(
        '.recharts-cartesian-axis-tick-value, .bar-rows-name, .bar-rows-value, .bar-rows-tick',
      )) {
        const r = t.getBoundingClientRect();
        if (r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1))
          out.push(`chart label “${t.textContent?.slice(0, 40)}”`);
      }
    }
    // Line charts write their text in HTML around the plot: it must lie inside the chart too.
    for (const chart of document.querySelectorAll<HTMLElement>('.line-chart')) {
      const box = chart.getBoundingClientRect();
      for (const t of chart.querySelectorAll<HTMLElement>(
        '.line-chart-tick, .line-chart-title, .line-chart-point-label',
      )) {
        const r = t.getBoundingClientRect();
        if (r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1))
          out.push(`chart label “${t.textContent?.slice(0, 40)}”`);
      }
    }
    return out;
  });
}

/** Waits until every deferred part of the page is drawn (placeholders gone). */
async function allDrawn(page: Page) {
  await expect(page.locator('.deferred')).toHaveCount(0, { timeout: 60_000 });
}

const focusedText = (page: Page) =>
  page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
const liveText = (page: Page) =>
  page.locator('.visually-hidden[role="status"][aria-live="polite"]').innerText();

for (const width of [1280, 390]) {
  test(`keyboard focus follows each result, the live region says it, and axe finds nothing serious at ${width} px`, async ({
    page,
  }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height: 900 });
    await page.goto('/');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Try the sample cohort' }).click();
    await expect(page.getByRole('heading', { name: 'The loaded table' })).toBeFocused();
    await expect.poll(() => liveText(page)).toMatch(/^Loaded sample-cohort\.csv: 400 rows/);
    await expect(page.getByText(/non_responder/).first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    await trainModel(page, 60);
    await expect(page.getByRole('heading', { name: 'The trained model' })).toBeFocused();
    await expect.poll(() => liveText(page)).toMatch(/^(Model trained|Evaluat)/);
    await expect(page.locator('.eval-summary')).toBeVisible({ timeout: 60_000 });
    await allDrawn(page);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await cutLabels(page)).toEqual([]);

    await page.getByRole('button', { name: 'Fill with typical values' }).click();
    await expect(page.getByLabel('age', { exact: true })).not.toHaveValue('');
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await expect(page.getByRole('heading', { name: /^Patient 1: most likely/ })).toBeFocused();
    await expect.poll(() => liveText(page)).toMatch(/^Prediction for Patient 1: most likely/);
    await expect(
      page
        .getByRole('region', { name: 'Why this prediction' })
        .getByRole('img', { name: /^Waterfall chart/ }),
    ).toBeVisible();
    await allDrawn(page);
    // Contributions are written in words, not "pts".
    await expect(page.getByText(/percentage points/).first()).toBeVisible();
    await expect(page.getByText(/\d pts\b/)).toHaveCount(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await cutLabels(page)).toEqual([]);

    // Each step link moves focus to its step's heading and says where the user is.
    const nav = page.getByRole('navigation', { name: 'Steps' });
    for (const [i, title] of ['Load data', 'Train the model', 'Evaluate the model'].entries()) {
      await nav.getByRole('link', { name: new RegExp(title) }).click();
      await expect(page.getByRole('heading', { name: title, level: 2 })).toBeFocused();
      await expect.poll(() => liveText(page)).toBe(`Step ${i + 1}: ${title}.`);
    }
    expect(await focusedText(page)).toBe('Evaluate the model');
  });
}

test('a model that does not beat chance is shown in amber, on its evaluation and on its predictions', async ({
  page,
}) => {
  // An outcome drawn at random, independent of every column: no model can beat chance on it.
  let seed = 99;
  const rand = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const lines = ['a,b,c,outcome'];
  for (let i = 0; i < 200; i++)
    lines.push(
      `${rand().toFixed(3)},${rand().toFixed(3)},${Math.floor(rand() * 3)},${rand() < 0.5 ? 'yes' : 'no'}`,
    );
  await page.goto('/');
  await chooseFile(page, 'noise.csv', lines.join('\n'));
  await expect(page.getByLabel('Outcome column')).toHaveValue('outcome');
  await trainModel(page, 30);
  const summary = page.getByRole('group', { name: 'Evaluation summary' });
  await expect(summary).toBeVisible({ timeout: 60_000 });
  await expect(summary).toHaveClass(/is-weak/);
  await expect(summary).toContainText('This model does not beat chance.');
  await page.getByRole('button', { name: 'Fill with typical values' }).click();
  await expect(page.getByLabel('a', { exact: true })).not.toHaveValue('');
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  const warning = page
    .getByRole('region', { name: 'Predicted probabilities' })
    .getByRole('note', { name: 'Model quality warning' });
  await expect(warning).toContainText('This model did not beat chance');
  await expect(warning).toContainText('do not rely on this prediction');
  await expect(warning).toHaveClass(/alert-warn/);
});
