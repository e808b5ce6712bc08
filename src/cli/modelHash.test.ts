/**
 * The model hash on the command line: train --json gives it as modelHash, and explain --json on the saved file (a
 * .genoforest.json or an .onnx) gives the same one, as the app's printed report and model card show it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticCsv } from '../app/testData';
import { cli } from './testCli';

let dir = '';
const file = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genoforest-hash-'));
  writeFileSync(file('cohort.csv'), syntheticCsv(150));
  writeFileSync(file('new.csv'), syntheticCsv(3, 5));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const common = ['--target', 'response', '--trees', '20', '--threads', '1', '--json'];

describe('modelHash on the command line', () => {
  it.each(['model.genoforest.json', 'model.onnx'])(
    'train --json and explain --json of %s give the same SHA-256',
    async (name) => {
      const t = await cli('train', file('cohort.csv'), ...common, '--out', file(name));
      expect(t.code, t.stderr).toBe(0);
      const trained = (JSON.parse(t.stdout) as { modelHash: string }).modelHash;
      expect(trained).toMatch(/^[0-9a-f]{64}$/);
      const e = await cli(
        'explain',
        file(name),
        file('new.csv'),
        '--cohort',
        file('cohort.csv'),
        '--json',
      );
      expect(e.code, e.stderr).toBe(0);
      expect((JSON.parse(e.stdout) as { modelHash: string }).modelHash).toBe(trained);
    },
  );

  it('another seed, another hash', async () => {
    const run = async (seed: string) => {
      const t = await cli(
        'train',
        file('cohort.csv'),
        ...common,
        '--seed',
        seed,
        '--out',
        file(`s${seed}.genoforest.json`),
      );
      expect(t.code, t.stderr).toBe(0);
      return (JSON.parse(t.stdout) as { modelHash: string }).modelHash;
    };
    const [a, b] = await Promise.all([run('1'), run('2')]);
    expect(a).not.toBe(b);
  });
});
