/**
 * The command line's prediction sets: explain --json gives each patient's set at --confidence, evaluate --json
 * gives their coverage measured on the cross-validation folds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticCsv } from '../app/testData';
import { cli, wdbc } from './testCli';

let dir = '';
const file = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genoforest-sets-'));
  writeFileSync(file('cohort.csv'), syntheticCsv(200));
  writeFileSync(file('new.csv'), syntheticCsv(6, 3));
  const [header, ...rows] = syntheticCsv(200).trim().split('\n');
  writeFileSync(file('reversed.csv'), [header, ...rows.reverse()].join('\n') + '\n');
  writeFileSync(file('other.csv'), syntheticCsv(200, 99));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface ExplainJson {
  classes: string[];
  rows: {
    predictionSet: string[] | null;
    confidence: number;
    standardErrors: Record<string, { se: number; stable: boolean }> | null;
    tie: boolean;
  }[];
}

describe('prediction sets on the command line', () => {
  it('evaluate --json --confidence 0.9 reports coverage measured on the folds', async () => {
    const r = await cli(
      'evaluate',
      wdbc,
      '--target',
      'diagnosis',
      '--trees',
      '40',
      '--threads',
      '1',
      '--json',
      '--confidence',
      '0.9',
    );
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout).conformal;
    expect(Object.keys(c).sort()).toEqual([
      'confidence',
      'coverage',
      'coverageByClass',
      'emptyRate',
      'meanSetSize',
      'singleRate',
      'singleRateByClass',
    ]);
    expect(c.confidence).toBe(0.9);
    // 569 patients: the binomial SD of a 90 % coverage is 1.3 points.
    expect(c.coverage).toBeGreaterThan(0.85);
    expect(Object.keys(c.coverageByClass).sort()).toEqual(['benign', 'malignant']);
    // Each class's coverage is a whole number of its patients (357 benign, 212 malignant in the file), and the
    // pooled one their class-size-weighted mean.
    const size: Record<string, number> = { benign: 357, malignant: 212 };
    let covered = 0;
    for (const [name, v] of Object.entries(c.coverageByClass) as [string, number][]) {
      expect(v * size[name]).toBeCloseTo(Math.round(v * size[name]), 9);
      covered += v * size[name];
    }
    expect(c.coverage).toBeCloseTo(covered / 569, 12);
    // A patient covered has a set of one at least, so the mean set size is no smaller than the coverage; with an
    // AUC near 0.99 the sets hold one outcome (or none), hardly ever both (0.917 when written).
    expect(c.meanSetSize).toBeGreaterThanOrEqual(c.coverage);
    expect(c.meanSetSize).toBeLessThan(1.1);
    // Each class's share of single-outcome sets is a whole number of its patients; the pooled one their weighted
    // mean; with sets of size 0, 1 or (hardly ever) 2, single + empty is close to 1.
    let singles = 0;
    for (const [name, v] of Object.entries(c.singleRateByClass) as [string, number][]) {
      expect(v * size[name]).toBeCloseTo(Math.round(v * size[name]), 9);
      singles += v * size[name];
    }
    expect(c.singleRate).toBeCloseTo(singles / 569, 12);
    expect(c.singleRate + c.emptyRate).toBeLessThanOrEqual(1 + 1e-12);
    expect(c.singleRate + c.emptyRate).toBeGreaterThan(0.9);
  });

  it('explain --json gives each patient a set of valid names; the default confidence is 0.9', async () => {
    const model = file('model.genoforest.json');
    const t = await cli(
      'train',
      file('cohort.csv'),
      '--target',
      'response',
      '--trees',
      '60',
      '--threads',
      '1',
      '--out',
      model,
    );
    expect(t.code, t.stderr).toBe(0);
    const run = async (...extra: string[]): Promise<ExplainJson> => {
      const r = await cli(
        'explain',
        model,
        file('new.csv'),
        '--cohort',
        file('cohort.csv'),
        '--json',
        ...extra,
      );
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as ExplainJson;
    };
    const at90 = await run();
    const at95 = await run('--confidence', '0.95');
    expect(at90.rows).toHaveLength(6);
    at90.rows.forEach((row, i) => {
      expect(row.confidence).toBe(0.9);
      expect(row.predictionSet).not.toBeNull();
      for (const c of row.predictionSet!) expect(at90.classes).toContain(c);
      for (const c of row.predictionSet!) expect(at95.rows[i].predictionSet).toContain(c);
      for (const s of Object.values(row.standardErrors!)) expect(Number.isFinite(s.se)).toBe(true);
    });
    // Without the cohort the set cannot be calibrated: null, not a guess.
    const bare = await cli('explain', model, file('new.csv'), '--json');
    expect(JSON.parse(bare.stdout).rows[0].predictionSet).toBeNull();
    const text = await cli('explain', model, file('new.csv'), '--cohort', file('cohort.csv'));
    expect(text.stdout).toMatch(/prediction set at 90 % confidence: \{/);
  });

  it('explain --cohort: the training table in any row order gives the same sets; another table is refused', async () => {
    const model = file('model.genoforest.json');
    const run = (cohort: string) =>
      cli('explain', model, file('new.csv'), '--cohort', file(cohort), '--json');
    const [inOrder, backwards, other] = await Promise.all([
      run('cohort.csv'),
      run('reversed.csv'),
      run('other.csv'),
    ]);
    expect(inOrder.code, inOrder.stderr).toBe(0);
    expect(backwards.code, backwards.stderr).toBe(0);
    const sets = (r: { stdout: string }) =>
      (JSON.parse(r.stdout) as ExplainJson).rows.map((row) => [
        row.predictionSet,
        row.standardErrors,
      ]);
    expect(sets(backwards)).toEqual(sets(inOrder));
    expect(other.code).not.toBe(0);
    expect(other.stdout).toBe('');
    expect(other.stderr).toMatch(
      /--cohort .*other\.csv: the loaded table is not this model's training cohort \(\d+ rows of it are not training patients/,
    );
  });

  it('explain gives the set reading the app shows: an empty set is "between the outcomes" unless the patient is flagged unlike the cohort', async () => {
    const model = file('model.genoforest.json');
    // A low confidence empties many sets of familiar patients; the last row is far outside the training range.
    const [header, ...rows] = syntheticCsv(30, 3).trim().split('\n');
    const far = rows[1].split(',');
    far[1] = '400';
    writeFileSync(file('mixed.csv'), [header, ...rows, far.join(',')].join('\n') + '\n');
    const args = [model, file('mixed.csv'), '--cohort', file('cohort.csv'), '--confidence', '0.6'];
    const r = await cli('explain', ...args, '--json');
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      rows: {
        predictionSet: string[];
        setReading: string;
        warnings: { kind: string }[];
      }[];
    };
    const unlike = (w: { kind: string }[]) =>
      w.some((x) => ['unfamiliar', 'out-of-range', 'unseen-category'].includes(x.kind));
    for (const row of out.rows) {
      const size = row.predictionSet.length;
      const expected =
        size === 1
          ? 'single'
          : size === 2
            ? 'all'
            : unlike(row.warnings)
              ? 'empty-unlike'
              : 'empty-between';
      expect(row.setReading).toBe(expected);
    }
    const readings = out.rows.map((row) => row.setReading);
    expect(readings).toContain('empty-between');
    expect(readings).toContain('single');
    expect(out.rows[out.rows.length - 1].warnings.map((w) => w.kind)).toContain('out-of-range');
    // The text says the same: an empty set of a familiar patient is not called unlike the cohort.
    const text = await cli('explain', ...args);
    expect(text.stdout).toMatch(/\{\} \(between the outcomes at this confidence/);
    const between = text.stdout.split('\n').filter((l) => l.includes('{}'));
    expect(between.filter((l) => l.includes('unlike the cohort')).length).toBe(
      out.rows.filter((row) => row.setReading === 'empty-unlike').length,
    );
  });

  it('refuses a confidence outside (0, 1)', async () => {
    const r = await cli('evaluate', wdbc, '--target', 'diagnosis', '--confidence', '90');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--confidence must be a fraction between 0 and 1/);
  });
});
