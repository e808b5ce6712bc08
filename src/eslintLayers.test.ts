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
    expect(errors.join('\n')).toMatch(/must not import from src\/worker/);
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
});
