/**
 * The layering rules of eslint.layers.js, run through ESLint itself: each import that crosses the layers the
 * wrong way is reported, and the allowed direction is not.
 */
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const eslint = new ESLint({ cwd: root });

/** Messages of the layering rules for `code` placed at `file`. */
async function layerErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages
    .filter((m) => m.message.includes('Layering (eslint.layers.js)'))
    .map((m) => `${m.ruleId}: ${m.message}`);
}

describe('lint enforces the layers', () => {
  it('the engine may not import from the worker layer, the UI, React or the DOM', async () => {
    const errors = await layerErrors(
      'src/engine/forest/crossing.ts',
      [
        "import type { ModelInfo } from '../../worker/api';",
        "import { App } from '../../ui/app/App';",
        "import { useState } from 'react';",
        'export const x: ModelInfo | null = null;',
        'export const y = [App, useState];',
        'export const z = document.title;',
      ].join('\n'),
    );
    expect(errors).toHaveLength(4);
    expect(errors.join('\n')).toMatch(/must not import from src\/app, src\/worker/);
    expect(errors.join('\n')).toMatch(/no DOM/);
  });

  it('the UI may import only types from src/worker/api.ts', async () => {
    const bad = await layerErrors(
      'src/ui/app/crossing.ts',
      [
        "import { createWorkerImpl } from '../../worker/workerImpl';",
        "import { growTrees } from '../../engine/forest/grow';",
        "import { SOMETHING } from '../../worker/api';",
        'export const x = [createWorkerImpl, growTrees, SOMETHING];',
      ].join('\n'),
    );
    expect(bad).toHaveLength(3);
    const good = await layerErrors(
      'src/ui/app/fine.ts',
      "import type { ModelInfo } from '../../worker/api';\nexport const x: ModelInfo | null = null;\n",
    );
    expect(good).toEqual([]);
  });

  it('the worker layer and the command line may not import the UI', async () => {
    const code = "import { App } from '../ui/app/App';\nexport const x = App;\n";
    expect(await layerErrors('src/worker/crossing.ts', code)).toHaveLength(1);
    expect(await layerErrors('src/cli/crossing.ts', code)).toHaveLength(1);
    const engine = await layerErrors(
      'src/worker/fine.ts',
      "import { growTrees } from '../engine/forest/grow';\nexport const x = growTrees;\n",
    );
    expect(engine).toEqual([]);
  });

  it('the use cases (src/app) may import the engine, never the worker transport, the UI or Comlink', async () => {
    const bad = await layerErrors(
      'src/app/crossing.ts',
      [
        "import { transfer } from 'comlink';",
        "import { release } from '../worker/callbacks';",
        "import { App } from '../ui/app/App';",
        'export const x = [transfer, release, App, window];',
      ].join('\n'),
    );
    expect(bad).toHaveLength(4);
    const good = await layerErrors(
      'src/app/fine.ts',
      "import { growTrees } from '../engine/forest/grow';\nexport const x = growTrees;\n",
    );
    expect(good).toEqual([]);
    const engine = await layerErrors(
      'src/engine/forest/crossing.ts',
      "import { createDataSession } from '../../app/dataSession';\nexport const x = createDataSession;\n",
    );
    expect(engine).toHaveLength(1);
  });

  it('the command line reaches the use cases through src/app, not through the worker hosts', async () => {
    const bad = await layerErrors(
      'src/cli/crossing.ts',
      "import { createDataWorker } from '../worker/dataWorker';\nexport const x = createDataWorker;\n",
    );
    expect(bad).toHaveLength(1);
    const good = await layerErrors(
      'src/cli/fine.ts',
      [
        "import { createDataSession } from '../app/dataSession';",
        "import { createNodePool } from '../worker/node';",
        'export const x = [createDataSession, createNodePool];',
      ].join('\n'),
    );
    expect(good).toEqual([]);
  });
});

describe('lint finds import cycles', () => {
  it('reports two modules that import each other', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const dir = mkdtempSync(path.join(root, 'src', 'app', 'cycle-'));
    try {
      const a = path.join(dir, 'a.ts');
      const b = path.join(dir, 'b.ts');
      writeFileSync(a, "import { b } from './b';\nexport const a = (): unknown => b;\n");
      writeFileSync(b, "import { a } from './a';\nexport const b = (): unknown => a;\n");
      const [result] = await eslint.lintFiles([a]);
      expect(result.messages.map((m) => m.ruleId)).toContain('import-x/no-cycle');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
