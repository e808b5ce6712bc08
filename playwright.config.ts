import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * Browser: GENOFOREST_CHROMIUM (or CHROMIUM_PATH) if set, else Debian's /usr/bin/chromium when present,
 * else Playwright's own downloaded browser (an ordinary developer laptop after `npx playwright install`).
 */
const candidate =
  process.env.GENOFOREST_CHROMIUM ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const executablePath = existsSync(candidate) ? candidate : undefined;
/** Port of the preview server the tests run against (change it to run two suites side by side). */
const port = Number(process.env.GENOFOREST_E2E_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
