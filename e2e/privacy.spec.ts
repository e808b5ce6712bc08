import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { dropFile, trainModel } from './helpers';
import { JOURNEY_TREES, loadSample, predictTypical } from './device-helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const BUILT_INDEX = path.resolve(here, '../dist/index.html');

/** Directives of a CSP string: name -> sources. */
function directives(csp: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of csp.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

function checkPolicy(csp: string) {
  const d = directives(csp);
  expect(d.get('default-src')).toEqual(["'self'"]);
  expect(d.get('connect-src')).toEqual(["'self'"]);
  const scripts = d.get('script-src') ?? d.get('default-src')!;
  expect(scripts).not.toContain("'unsafe-inline'");
  expect(scripts).not.toContain("'unsafe-eval'");
  expect(scripts.every((s) => s === "'self'")).toBe(true);
  expect(d.get('object-src')).toEqual(["'none'"]);
}

/** Collects CSP violations of the page (the init script runs before the page's own, outside its CSP). */
async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

test('no request leaves the app’s origin through a whole journey', async ({
  page,
  context,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin;
  const seen = new Set<string>();
  const record = (url: string) => seen.add(url);
  context.on('request', (r) => record(r.url()));
  page.on('request', (r) => record(r.url()));
  page.on('worker', (w) => record(w.url()));
  context.on('serviceworker', (w) => record(w.url()));
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  const violations = await watchViolations(page);

  await page.goto('/');
  // Served with COOP + COEP (vite.config.ts), so the training pool shares memory instead of copying.
  expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
  await loadSample(page);
  await trainModel(page, JOURNEY_TREES);
  await predictTypical(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save model', exact: true }).click();
  expect((await download).suggestedFilename()).toBe('sample-cohort.genoforest.json');
  // Let the service worker finish precaching, so its requests are in the record too.
  await expect(page.getByRole('status').filter({ hasText: 'Ready to work offline' })).toBeVisible({
    timeout: 60_000,
  });

  const outside = [...seen].filter((url) => {
    const u = new URL(url);
    if (u.protocol === 'data:' || u.protocol === 'blob:') return false;
    return u.origin !== origin;
  });
  expect(outside).toEqual([]);
  expect(sockets).toEqual([]);
  // The journey actually went through the network paths being watched.
  expect([...seen].some((u) => u.endsWith('/sample-cohort.csv'))).toBe(true);
  expect([...seen].some((u) => /(data|training)\.worker-.*\.js$/.test(u))).toBe(true);
  // And the policy blocked nothing the app needs.
  expect(await violations()).toEqual([]);
});

test('the built page has a strict Content-Security-Policy and no inline script', async ({
  page,
}) => {
  // vite build (run before Playwright in `npm test`) wrote this file; the policy is injected at build time.
  const html = readFileSync(BUILT_INDEX, 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  expect(meta, 'dist/index.html has a CSP meta element').not.toBeNull();
  checkPolicy(meta![1]);
  for (const tag of html.match(/<script\b[^>]*>/gi) ?? []) expect(tag).toMatch(/\ssrc="/);
  expect(html).not.toMatch(/\son[a-z]+=/i);

  await page.goto('/');
  const served = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  checkPolicy(served!);
  expect(await page.locator('script:not([src])').count()).toBe(0);

  // The policy is in force: a request to another origin is refused by the browser itself.
  const blocked = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), {
          once: true,
        });
        fetch('https://example.com/collect').catch(() => undefined);
      }),
  );
  expect(blocked).toBe('connect-src');
});

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';

test('markup in a loaded file is shown as text and never runs', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const rows = [`id,${IMG},${SCRIPT},age,outcome`];
  for (let i = 1; i <= 40; i++) {
    rows.push(
      `${i},${i % 2 ? IMG : 'plain'},${i % 3 ? SCRIPT : 'other'},${40 + (i % 17)},${i % 2 ? 'yes' : SCRIPT}`,
    );
  }
  await page.goto('/');
  await dropFile(page, 'hostile.csv', rows.join('\n'));
  await expect(page.getByText(/40 rows/i).first()).toBeVisible();

  // Headers and cells appear as the literal text.
  await expect(page.getByText(IMG, { exact: true }).first()).toBeVisible();
  await expect(page.getByText(SCRIPT, { exact: true }).first()).toBeVisible();

  // Train and open the form, whose labels are the hostile column names.
  await expect(page.getByLabel('Outcome column')).toHaveValue('outcome');
  await trainModel(page, 30);
  await expect(page.getByLabel(IMG, { exact: true })).toBeVisible();
  await expect(page.getByLabel(SCRIPT, { exact: true })).toBeVisible();
  // A categorical column: its categories are the hostile strings too.
  await page.getByLabel(IMG, { exact: true }).selectOption(IMG);
  await page.getByRole('button', { name: 'Predict', exact: true }).click();
  await expect(page.getByRole('region', { name: 'Predicted probabilities' })).toBeVisible();

  // Nothing was created from the text: no such image, no such script, no event-handler attribute.
  const created = await page.evaluate(() => ({
    images: [...document.querySelectorAll('img')].filter((i) => i.getAttribute('src') === 'x')
      .length,
    scripts: [...document.querySelectorAll('script')].filter((s) =>
      /alert/.test(s.textContent ?? ''),
    ).length,
    handlers: [...document.querySelectorAll('*')].filter((el) =>
      [...el.attributes].some((a) => a.name.startsWith('on')),
    ).length,
  }));
  expect(created).toEqual({ images: 0, scripts: 0, handlers: 0 });
  expect(dialogs).toEqual([]);
});
