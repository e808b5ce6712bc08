/**
 * `genoforest evaluate --json` says in `warnings` what the app says beside the outcome and the figures: that the
 * outcome looks like time-to-event data, and that an outcome was never predicted.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './testCli';

let dir = '';

/**
 * 240 patients of PBC-like status (censored, dead, transplant) with a follow-up time. x decides censored or dead;
 * the 10 transplants share their x (and time) with seven other patients each, so no leaf has a transplant majority.
 */
function pbcLike(): string {
  const lines = ['x,time,status'];
  for (let x = 0; x < 30; x++) {
    for (let j = 0; j < 8; j++) {
      const status = x % 3 === 0 && j === 0 ? 'transplant' : x > 15 ? 'dead' : 'censored';
      lines.push(`${x},${x * 30 + 5},${status}`);
    }
  }
  return lines.join('\n') + '\n';
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genoforest-outcome-'));
  writeFileSync(path.join(dir, 'pbc.csv'), pbcLike());
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('evaluate --json warnings', () => {
  it('points to time-to-event analysis and notes the outcome never predicted', async () => {
    const r = await cli(
      'evaluate',
      path.join(dir, 'pbc.csv'),
      '--target',
      'status',
      '--folds',
      '3',
      '--trees',
      '20',
      '--threads',
      '1',
      '--json',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { warnings: string[] };
    expect(out.warnings.filter((w) => /time-to-event \(survival\) data/.test(w))).toHaveLength(1);
    expect(out.warnings.find((w) => /“censored”/.test(w))).toMatch(/follow-up time, “time”/);
    const never = out.warnings.filter((w) => /never gave/.test(w));
    expect(never).toEqual([
      expect.stringMatching(/never gave “transplant” as the most likely outcome: all 10 patients/),
    ]);
  });
});
