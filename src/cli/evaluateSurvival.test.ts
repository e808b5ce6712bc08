/** `genoforest evaluate --time --event` on the committed lung cohort (testdata/README.md), run as a user runs it. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from './testCli.ts';

const lung = path.resolve(repoRoot, 'testdata/lung.csv');

describe('genoforest evaluate with a time-to-event outcome', () => {
  it('reports the pooled out-of-fold C-index and integrated Brier score', async () => {
    const r = await cli('evaluate', lung, '--time', 'time', '--event', 'event', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(out.outcomeKind).toBe('survival');
    expect(out.rows).toBe(228);
    expect(out.events).toBe(165);
    expect(out.folds).toBe(5);
    // Measured 0.614 (100 trees, seed 1); R ranger's 5-fold C on the complete cases: 0.607.
    const c = out.cindex as number;
    expect(c).toBeGreaterThan(0.58);
    expect(c).toBeLessThan(0.66);
    const [lo, hi] = out.cindexInterval as number[];
    expect(lo).toBeLessThan(c);
    expect(hi).toBeGreaterThan(c);
    // Measured 0.200 (IPCW, censoring from the whole cohort).
    expect(out.integratedBrier).toBeGreaterThan(0.15);
    expect(out.integratedBrier).toBeLessThan(0.23);
  });

  it('gives the same figures on one thread and on a pool of two workers, for a seed', async () => {
    const args = ['evaluate', lung, '--time', 'time', '--event', 'event', '--trees', '30'];
    const figures = async (threads: string): Promise<Record<string, unknown>> => {
      const r = await cli(...args, '--seed', '5', '--threads', threads, '--json');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(out.threads).toBe(Number(threads));
      const { cindex, cindexInterval, cindexFolds, integratedBrier } = out;
      return { cindex, cindexInterval, cindexFolds, integratedBrier };
    };
    const one = await figures('1');
    expect(await figures('2')).toEqual(one);
  });

  it('grows the folds at once on a pool of two workers with the figures of one thread', async () => {
    // 1,200 trees × 912 training rows over the 5 folds: over SURVIVAL_FOLDS_MIN_WORK, so the folds grow on the workers.
    const args = ['evaluate', lung, '--time', 'time', '--event', 'event', '--trees', '1200'];
    const figures = async (threads: string): Promise<Record<string, unknown>> => {
      const r = await cli(...args, '--seed', '3', '--threads', threads, '--json');
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(out.threads).toBe(Number(threads));
      const { cindex, cindexInterval, cindexFolds, integratedBrier } = out;
      return { cindex, cindexInterval, cindexFolds, integratedBrier };
    };
    const one = await figures('1');
    expect(await figures('2')).toEqual(one);
  });

  it('--tune chooses the leaf inside each fold, the same on one thread and on the pool', async () => {
    const args = [
      'evaluate',
      lung,
      '--time',
      'time',
      '--event',
      'event',
      '--trees',
      '20',
      '--tune',
    ];
    const run = async (threads: string) => {
      const r = await cli(...args, '--threads', threads, '--json');
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as {
        cindex: number;
        tuning: {
          inEachFold: boolean;
          folds: { chosen: number; rowsScored: number; candidates: { minSamplesLeaf: number }[] }[];
        };
      };
    };
    const one = await run('1');
    expect(one.tuning.inEachFold).toBe(true);
    expect(one.tuning.folds).toHaveLength(5);
    for (const f of one.tuning.folds) {
      // About 182 training patients per fold: the base leaf 15, then 3, 5 and 10 (at most a tenth of them).
      expect(f.candidates.map((c) => c.minSamplesLeaf)).toEqual([15, 3, 5, 10]);
      expect([15, 3, 5, 10]).toContain(f.chosen);
      expect(f.rowsScored).toBeGreaterThan(100);
    }
    const two = await run('2');
    expect(two.tuning).toEqual(one.tuning);
    expect(two.cindex).toBe(one.cindex);
    const fixed = await cli(...args, '--min-samples-leaf', '5');
    expect(fixed.code).toBe(2);
    expect(fixed.stderr).toMatch(/--tune chooses --min-samples-leaf itself/);
  });

  it('refuses options without a survival meaning and event values the column lacks', async () => {
    const withTarget = await cli(
      'evaluate',
      lung,
      '--time',
      'time',
      '--event',
      'event',
      '--target',
      'sex',
    );
    expect(withTarget.code).toBe(2);
    expect(withTarget.stderr).toMatch(/--target is not available with --time\/--event/);
    const badValue = await cli(
      'evaluate',
      lung,
      '--time',
      'time',
      '--event',
      'event',
      '--event-value',
      'dead',
    );
    expect(badValue.code).toBe(1);
    expect(badValue.stderr).toMatch(/"dead" is not a value of "event"/);
  });

  it('--group keeps each institution in one fold and says so; an unknown column is refused', async () => {
    const args = ['evaluate', lung, '--time', 'time', '--event', 'event', '--trees', '20'];
    const r = await cli(...args, '--group', 'inst', '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      groups: { column: string; count: number; unlabelled: number } | null;
      folds: number;
      cindex: number;
    };
    // 18 institutions, and the one patient without one is a group of its own.
    expect(out.groups).toEqual({ column: 'inst', count: 19, unlabelled: 1 });
    expect(out.folds).toBe(5);
    const plain = JSON.parse((await cli(...args, '--json')).stdout) as typeof out;
    expect(plain.groups).toBeNull();
    expect(plain.cindex).not.toBe(out.cindex);
    const missing = await cli(...args, '--group', 'family');
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/group column "family" is not in/);
  });

  it('--tune with --group scores each patient by trees that drew nobody of their group, and says when it cannot', async () => {
    // lung with a family column pairing consecutive patients: a pair is wholly out of bag in about e^-2 of the trees.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gf-survival-groups-'));
    const lines = readFileSync(lung, 'utf8').trim().split(/\r?\n/);
    const families = path.join(dir, 'lung-families.csv');
    writeFileSync(
      families,
      [`${lines[0]},family`, ...lines.slice(1).map((l, i) => `${l},f${i >> 1}`)].join('\n') + '\n',
    );
    const args = ['--time', 'time', '--event', 'event', '--trees', '20', '--tune', '--json'];
    type Out = {
      warnings: string[];
      tuning: { groups: string | null; metric: string; folds: { groupAware: boolean }[] };
    };
    const byFamily = await cli('evaluate', families, ...args, '--group', 'family');
    expect(byFamily.code, byFamily.stderr).toBe(0);
    const kept = JSON.parse(byFamily.stdout) as Out;
    expect(kept.tuning.folds.map((f) => f.groupAware)).toEqual([true, true, true, true, true]);
    expect(kept.tuning.groups).toMatch(/^Tuning kept groups together/);
    expect(kept.tuning.metric).toContain('drew nobody of their group');
    expect(kept.warnings.join(' ')).not.toContain('without keeping groups together');
    // Institutions of a dozen patients and more are never wholly out of a tree's bootstrap: rows are scored, and said.
    const bySite = await cli('evaluate', lung, ...args, '--group', 'inst');
    expect(bySite.code, bySite.stderr).toBe(0);
    const rows = JSON.parse(bySite.stdout) as Out;
    expect(rows.tuning.folds.every((f) => !f.groupAware)).toBe(true);
    expect(rows.warnings.join(' ')).toMatch(
      /without keeping groups together: .*same "inst".*The groups are too large to keep together/,
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
