/** `genoforest evaluate --tune --group` for a class outcome: tuning inside each fold keeps groups where it can. */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, familiesCohort } from './testCli.ts';

// The app's synthetic cohort with a family column pairing consecutive patients.
const { dir, file: families } = familiesCohort('gf-tune-groups-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Out = {
  warnings: string[];
  auc: number;
  tuning: {
    groups?: string;
    fits: { fold: number | null; groupAware: boolean; chosen: unknown }[];
  };
};
const args = ['--target', 'response', '--trees', '30', '--folds', '3', '--tune', '--json'];

describe('genoforest evaluate --tune --group', () => {
  it('scores each patient by trees that drew nobody of their family, the same on one thread and on the pool', async () => {
    const runs: Out[] = [];
    for (const threads of ['1', '2']) {
      const r = await cli('evaluate', families, ...args, '--group', 'family', '--threads', threads);
      expect(r.code, r.stderr).toBe(0);
      runs.push(JSON.parse(r.stdout) as Out);
    }
    const [one, two] = runs;
    expect(one.tuning.fits.map((f) => f.groupAware)).toEqual([true, true, true]);
    expect(one.tuning.groups).toMatch(/^Tuning kept groups together: .*same "family"/);
    expect(one.warnings.join(' ')).not.toContain('without keeping groups together');
    expect(two.tuning).toEqual(one.tuning);
    expect(two.auc).toBe(one.auc);
  });

  it('scores rows, and warns, when the groups are too large to leave wholly out of a tree', async () => {
    const r = await cli('evaluate', families, ...args, '--group', 'smoking', '--threads', '1');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.tuning.fits.every((f) => !f.groupAware)).toBe(true);
    expect(out.warnings.join(' ')).toMatch(
      /without keeping groups together: .*same "smoking".*The groups are too large to keep together/,
    );
  });
});
