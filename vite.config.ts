import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

/**
 * Content-Security-Policy of the production build. It is injected at build time only because the dev
 * server needs an inline script for React fast refresh; e2e tests check it on the built app.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  // The engine's workers are built as files of their own (worker.format 'es'), so no blob: workers.
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * Cross-origin isolation (COOP + COEP), so the page may share memory (SharedArrayBuffer) with its workers: the
 * training pool then reads one copy of the data instead of one per worker. Everything the app loads is its own, so
 * require-corp blocks nothing. A host that does not send these headers still runs the app: the pool then moves the
 * data by transfer (src/worker/sharedMemory.ts).
 */
export const CROSS_ORIGIN_ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

function contentSecurityPolicy(): Plugin {
  return {
    name: 'genoforest-csp',
    apply: 'build',
    transformIndexHtml(html) {
      return html.replace(
        '<meta charset="UTF-8" />',
        `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`,
      );
    },
  };
}

/**
 * Whether test-only hooks (src/worker/testHooks.ts) are compiled in: only in the e2e build (`vite build --mode e2e`,
 * what `npm test` runs) or with GENOFOREST_TEST_HOOKS=1. Everywhere else the guarded code is removed from the bundle.
 */
function testHooks(mode: string): boolean {
  return mode === 'e2e' || process.env.GENOFOREST_TEST_HOOKS === '1';
}

export default defineConfig(({ mode }) => ({
  define: { 'globalThis.__GENOFOREST_TEST_HOOKS__': JSON.stringify(testHooks(mode)) },
  plugins: [
    react(),
    contentSecurityPolicy(),
    VitePWA({
      registerType: 'autoUpdate',
      injectRegister: null,
      includeAssets: ['favicon.svg', 'sample-cohort.csv'],
      manifest: {
        name: 'GenoForest',
        short_name: 'GenoForest',
        description: 'Private, in-browser treatment-outcome prediction with random forests',
        theme_color: '#0f5f4b',
        background_color: '#ffffff',
        display: 'standalone',
        start_url: '.',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,csv,webmanifest}'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
      },
    }),
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
  server: { headers: CROSS_ORIGIN_ISOLATION_HEADERS },
  preview: { port: 4173, strictPort: true, headers: CROSS_ORIGIN_ISOLATION_HEADERS },
}));
