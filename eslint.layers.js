/**
 * The layering as lint rules: ui → worker api → app (use cases) → engine, never the reverse (shared/ARCHITECTURE.md in the
 * team's notes; README "Layout"). src/eslintLayers.test.ts shows each rule failing on an import that crosses
 * the layers the wrong way.
 *
 * - src/engine: plain TypeScript. Imports nothing from src/worker, src/ui or src/cli, no React, and touches
 *   no DOM global (it runs in workers and in Node).
 * - src/app: the use cases (load a cohort, train, predict, explain, model files, ONNX models), called by the
 *   workers and by the CLI alike. Imports the engine only: no worker transport (Comlink), UI, CLI or DOM. Its
 *   tests may wire the in-process transport of src/worker to exercise a use case end to end.
 * - src/worker: transport only (Comlink hosts, the pool, the client); imports the use cases and the engine, never
 *   the UI or the CLI.
 * - src/ui: talks to the engine only through the types of src/worker/api.ts (`import type`); never imports
 *   the engine or another worker module. src/main.tsx is the one place that starts the workers.
 * - src/cli: the Node front end. It calls the use cases in src/app and the engine, and of src/worker only the
 *   Node pool (node.ts, pool.ts) and api types; never the UI.
 */
const message = (text) => `Layering (eslint.layers.js): ${text}`;

const DOM_GLOBALS = [
  'window',
  'document',
  'localStorage',
  'sessionStorage',
  'HTMLElement',
  'Element',
];

export const layerRules = [
  {
    files: ['src/engine/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/worker/**', '**/ui/**', '**/cli/**', '**/app/**'],
              message: message(
                'the engine must not import from src/app, src/worker, src/ui or src/cli.',
              ),
            },
            {
              group: ['react', 'react-dom', 'react-dom/*', 'recharts', 'comlink'],
              message: message(
                'the engine is plain TypeScript: no React, charts or worker plumbing.',
              ),
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...DOM_GLOBALS.map((name) => ({
          name,
          message: message('the engine runs in workers and in Node: no DOM.'),
        })),
      ],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    ignores: ['src/app/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/worker/**', '**/ui/**', '**/cli/**'],
              message: message(
                'the use cases (src/app) must not import from src/worker, src/ui or src/cli.',
              ),
            },
            {
              group: ['react', 'react-dom', 'react-dom/*', 'recharts', 'comlink'],
              message: message(
                'the use cases are plain TypeScript: no React, charts or worker plumbing.',
              ),
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...DOM_GLOBALS.map((name) => ({
          name,
          message: message('the use cases run in workers and in Node: no DOM.'),
        })),
      ],
    },
  },
  {
    files: ['src/worker/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/ui/**', '**/cli/**', 'react', 'react-dom'],
              message: message('the worker layer must not import from src/ui or src/cli.'),
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/engine/**', '**/cli/**'],
              message: message('the UI reaches the engine only through src/worker/api.ts.'),
            },
            {
              group: ['**/worker/*', '!**/worker/api', '!**/worker/api.ts'],
              message: message('the UI imports only src/worker/api.ts (as types).'),
            },
            {
              group: ['**/worker/api', '**/worker/api.ts'],
              allowTypeImports: true,
              message: message('the UI imports src/worker/api.ts as types only (`import type`).'),
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/ui/**', 'react', 'react-dom'],
              message: message('the command line must not import from src/ui.'),
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    ignores: ['src/cli/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/ui/**', 'react', 'react-dom'],
              message: message('the command line must not import from src/ui.'),
            },
            {
              group: [
                '**/worker/*',
                '!**/worker/node',
                '!**/worker/node.ts',
                '!**/worker/pool',
                '!**/worker/pool.ts',
                '!**/worker/api',
                '!**/worker/api.ts',
              ],
              message: message(
                'the command line reaches the use cases in src/app; of src/worker it uses only the Node pool (node.ts, pool.ts) and api types.',
              ),
            },
          ],
        },
      ],
    },
  },
];
