/** `genoforest train --tune --group` for a class outcome: the model's own tuning keeps groups where it can. */
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, familiesCohort } from './testCli.ts';

// The app's synthetic cohort with a family column pairing consecutive patients.
const { dir, file: families } = familiesCohort('gf-train-groups-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Tuning = {
  groupAware: boolean;
  groups?: string;
  chosen: { maxDepth?: number | null };
  candidates: { maxDepth?: number | null }[];
};
type Out = { settings: { maxDepth: number | null }; tuning: Tuning };
const args = ['--target', 'response', '--trees', '30', '--folds', '3', '--tune', '--json'];

describe('genoforest train --tune --group', () => {
  it('tunes the model scoring each patient by trees that drew nobody of their family, and saves it so', async () => {
    const model = path.join(dir, 'family.genoforest.json');
    const r = await cli('train', families, ...args, '--group', 'family', '--out', model);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.tuning.groupAware).toBe(true);
    expect(out.tuning.groups).toMatch(/^Tuning kept groups together: .*same "family"/);
    expect(r.stderr).not.toContain('without keeping groups together');
    // The depth tried and chosen are in the summary, and the settings are the model's.
    expect(out.tuning.candidates.every((c) => c.maxDepth !== undefined)).toBe(true);
    expect(out.settings.maxDepth).toBe(out.tuning.chosen.maxDepth);
    const file = JSON.parse(readFileSync(model, 'utf8')) as {
      info: { tuning: Tuning; params: { maxDepth: number | null } };
    };
    expect(file.info.tuning.groupAware).toBe(true);
    expect(file.info.params.maxDepth).toBe(out.settings.maxDepth);
  });

  it('scores rows, and warns, when the groups are too large to leave wholly out of a tree', async () => {
    const model = path.join(dir, 'smoking.genoforest.json');
    const r = await cli('train', families, ...args, '--group', 'smoking', '--out', model);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Out;
    expect(out.tuning.groupAware).toBe(false);
    expect(r.stderr).toMatch(
      /without keeping groups together: .*same "smoking".*The groups are too large to keep together/,
    );
  });
});
