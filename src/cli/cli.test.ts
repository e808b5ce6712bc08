/**
 * The genoforest command line run as a child process, as a user runs it: bad input gives one plain line on
 * stderr and the documented exit code; evaluate matches scikit-learn on the WDBC data; train → predict → explain
 * round trips; exported cells are protected against formula injection.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, wdbc } from './testCli';

/** One line, no stack trace. */
function expectOneCleanLine(stderr: string): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(lines[0]).toMatch(/^genoforest: /);
}

let dir = '';
const file = (name: string): string => path.join(dir, name);

/** A small two-class table: an id column, 4 numeric and 1 categorical feature, outcome from x1, x2 and group. */
function smallTable(rows: number, hostileLabel = false): string {
  const lines = ['patient_id,x1,x2,x3,x4,group,outcome'];
  for (let r = 0; r < rows; r++) {
    const x1 = ((r * 37) % 101) / 10;
    const x2 = ((r * 53) % 89) / 10;
    const x3 = ((r * 17) % 23) / 3;
    const x4 = ((r * 29) % 31) / 7;
    const group = ['a', 'b', 'c'][r % 3];
    const score = x1 + 0.5 * x2 + (group === 'a' ? 2 : 0) + ((r * 7) % 5) - 2;
    const outcome = score > 8 ? 'yes' : 'no';
    const id =
      hostileLabel && r === 0 ? '"=HYPERLINK(""evil.example"",""click"")"' : `P${1000 + r}`;
    lines.push([id, x1, x2, x3, x4, group, outcome].join(','));
  }
  return lines.join('\n') + '\n';
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genoforest-cli-'));
  writeFileSync(file('small.csv'), smallTable(80));
  writeFileSync(file('hostile.csv'), smallTable(25, true));
  writeFileSync(file('header-only.csv'), 'a,b,outcome\n');
  writeFileSync(file('one-class.csv'), 'x,outcome\n1,yes\n2,yes\n3,yes\n4,yes\n');
  const rare = ['x,y,outcome'];
  for (let r = 0; r < 30; r++) rare.push(`${r},${(r * 7) % 11},${r < 3 ? 'rare' : 'common'}`);
  writeFileSync(file('rare.csv'), rare.join('\n') + '\n');
  writeFileSync(file('not-a-model.json'), JSON.stringify({ hello: 'world' }));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('bad input: one line on stderr, exit 1 (2 for usage), no stack trace', () => {
  it.concurrent('missing file', async () => {
    const r = await cli('evaluate', file('nope.csv'), '--target', 'outcome', '--threads', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`CSV file not found: ${file('nope.csv')}`);
    expectOneCleanLine(r.stderr);
  });

  it.concurrent('unknown target column lists the columns', async () => {
    const r = await cli('evaluate', file('small.csv'), '--target', 'diagnosis', '--threads', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('target column "diagnosis" is not in');
    expect(r.stderr).toContain('its columns are: patient_id, x1, x2, x3, x4, group, outcome');
    expectOneCleanLine(r.stderr);
  });

  it.concurrent('a target with one class', async () => {
    const r = await cli(
      'train',
      file('one-class.csv'),
      '--target',
      'outcome',
      '--out',
      file('x.json'),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('target column "outcome" has only one class ("yes")');
    expectOneCleanLine(r.stderr);
  });

  it.concurrent('a class with fewer rows than folds suggests --folds', async () => {
    const r = await cli(
      'evaluate',
      file('rare.csv'),
      '--target',
      'outcome',
      '--folds',
      '5',
      '--threads',
      '1',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('class "rare" of "outcome" has only 3 rows, fewer than the 5 folds');
    expect(r.stderr).toContain('use --folds 3 or fewer');
    expectOneCleanLine(r.stderr);
  });

  it.concurrent('a CSV with no data rows', async () => {
    const r = await cli('evaluate', file('header-only.csv'), '--target', 'outcome');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('header-only.csv: The file has a header row but no data rows.');
    expectOneCleanLine(r.stderr);
  });

  it.concurrent('a model file that is not a GenoForest model', async () => {
    const r = await cli('predict', file('not-a-model.json'), file('small.csv'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('This is not a GenoForest model file');
    expectOneCleanLine(r.stderr);
  });

  it.concurrent('an unknown option is a usage error (exit 2)', async () => {
    const r = await cli('evaluate', file('small.csv'), '--target', 'outcome', '--bogus');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'unknown option --bogus for evaluate (see genoforest evaluate --help)',
    );
    expectOneCleanLine(r.stderr);
  });

  it.concurrent('a missing required option and a bad number are usage errors', async () => {
    const noTarget = await cli('evaluate', file('small.csv'));
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain('evaluate needs --target');
    expectOneCleanLine(noTarget.stderr);
    const badFolds = await cli(
      'evaluate',
      file('small.csv'),
      '--target',
      'outcome',
      '--folds',
      'five',
    );
    expect(badFolds.code).toBe(2);
    expect(badFolds.stderr).toContain('--folds must be a whole number, got "five"');
    expectOneCleanLine(badFolds.stderr);
  });

  it.concurrent('an unknown command', async () => {
    const r = await cli('fly');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "fly"');
    expectOneCleanLine(r.stderr);
  });
});

describe('help', () => {
  it.concurrent('every command has --help (exit 0, usage on stdout)', async () => {
    for (const command of ['evaluate', 'train', 'predict', 'explain']) {
      const r = await cli(command, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: npm run --silent genoforest -- ${command}`);
      expect(r.stderr).toBe('');
    }
    const top = await cli('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('Commands:');
  });
});

describe('evaluate', () => {
  it('matches scikit-learn on WDBC: 5-fold ROC AUC within 0.01 of 0.991 (acceptance test)', async () => {
    const r = await cli(
      'evaluate',
      wdbc,
      '--target',
      'diagnosis',
      '--folds',
      '5',
      '--trees',
      '100',
      '--threads',
      '2',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of [
      'auc',
      'accuracy',
      'brier',
      'rows',
      'features',
      'classes',
      'folds',
      'fitSeconds',
    ]) {
      expect(out).toHaveProperty(key);
    }
    // scikit-learn's cross_val_score averages the folds' AUCs; `auc` pools the out-of-fold predictions (the app's
    // figure). Both are within 0.01 of sklearn's mean.
    const folds = out.aucFolds as number[];
    expect(folds).toHaveLength(5);
    const mean = folds.reduce((a, b) => a + b, 0) / folds.length;
    expect(Math.abs(mean - 0.991)).toBeLessThanOrEqual(0.01);
    expect(Math.abs((out.auc as number) - 0.991)).toBeLessThanOrEqual(0.01);
    expect(out.accuracy as number).toBeGreaterThan(0.93);
    expect(out.rows).toBe(569);
    expect(out.features).toBe(30);
    expect(out.classes).toBe(2);
    expect(out.folds).toBe(5);
    expect(out.fitSeconds as number).toBeGreaterThan(0);
    // Every headline figure carries its 95 % interval, which brackets it.
    const within = (figure: string, interval: string): void => {
      const [lo, hi] = out[interval] as [number, number];
      expect(lo, interval).toBeLessThanOrEqual(out[figure] as number);
      expect(hi, interval).toBeGreaterThanOrEqual(out[figure] as number);
      expect(hi - lo, interval).toBeGreaterThan(0);
      expect(hi - lo, interval).toBeLessThan(0.1);
    };
    within('auc', 'aucInterval');
    within('accuracy', 'accuracyInterval');
    within('balancedAccuracy', 'balancedAccuracyInterval');
    within('brier', 'brierInterval');
    within('sensitivity', 'sensitivityInterval');
    within('specificity', 'specificityInterval');
    within('netBenefit', 'netBenefitInterval');
    expect(out.aucIntervalMethod).toBe('delong');
    expect(out.threshold).toBe(0.5);
    expect(out.positiveClass).toBe('malignant');
    // 569 patients, 212 malignant, 30 features: no caution, whatever the AUC.
    expect(out.warnings).toEqual([]);
  });

  it('gives the same figures on 1 thread and on the pool, with importances', async () => {
    const args = [
      'evaluate',
      file('small.csv'),
      '--target',
      'outcome',
      '--folds',
      '3',
      '--trees',
      '30',
      '--json',
    ];
    const [one, two] = await Promise.all([
      cli(...args, '--threads', '1', '--importance'),
      cli(...args, '--threads', '2', '--importance'),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    const a = JSON.parse(one.stdout) as {
      auc: number;
      brier: number;
      importance: { permutation: unknown[]; impurity: { feature: string }[] };
    };
    const b = JSON.parse(two.stdout) as typeof a;
    expect(a.auc).toBe(b.auc);
    expect(a.brier).toBe(b.brier);
    // Every feature of the table is ranked, the patient identifier is not one.
    expect(a.importance.impurity.map((f) => f.feature).sort()).toEqual([
      'group',
      'x1',
      'x2',
      'x3',
      'x4',
    ]);
    expect(a.importance).toEqual(b.importance);
  });

  it('scores a separate --test file', async () => {
    const r = await cli(
      'evaluate',
      file('small.csv'),
      '--target',
      'outcome',
      '--test',
      file('hostile.csv'),
      '--trees',
      '30',
      '--threads',
      '1',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      mode: string;
      rowsScored: number;
      auc: number;
      folds: unknown;
      aucInterval: [number, number];
      brierInterval: [number, number];
      warnings: string[];
    };
    expect(out.mode).toBe('test-file');
    expect(out.rowsScored).toBe(25);
    expect(out.folds).toBeNull();
    expect(out.auc).toBeGreaterThan(0.5);
    // 25 test patients: a wide interval, and a caution about how few they are.
    expect(out.aucInterval[0]).toBeLessThan(out.auc);
    expect(out.aucInterval[1]).toBeGreaterThanOrEqual(out.auc);
    expect(out.brierInterval[1]).toBeGreaterThan(out.brierInterval[0]);
    expect(out.warnings.some((w) => /the rarer outcome: with fewer than 50/.test(w))).toBe(true);
  });
});

describe('train → predict → explain', () => {
  it('round trip: saved model, probabilities summing to 1, protected labels, explanations that add up', async () => {
    const model = file('model.genoforest.json');
    const trained = await cli(
      'train',
      file('small.csv'),
      '--target',
      'outcome',
      '--out',
      model,
      '--trees',
      '40',
      '--threads',
      '2',
    );
    expect(trained.code, trained.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(model, 'utf8')) as {
      format: string;
      version: number;
      info: { nTrees: number };
    };
    expect(saved.format).toBe('genoforest-model');
    expect(saved.version).toBe(3);
    expect(saved.info.nTrees).toBe(40);

    const probs = file('probs.csv');
    const predicted = await cli('predict', model, file('hostile.csv'), '--out', probs);
    expect(predicted.code, predicted.stderr).toBe(0);
    const csv = readFileSync(probs, 'utf8').trimEnd().split(/\r?\n/);
    const header = csv[0].split(',');
    const pCols = header.map((h, i) => (/^P\([^)]*\)$/.test(h) ? i : -1)).filter((i) => i >= 0);
    expect(header.filter((h) => /^P\([^)]*\)$/.test(h))).toEqual(['P(no)', 'P(yes)']);
    expect(csv).toHaveLength(26);
    for (const line of csv.slice(2)) {
      const cells = line.split(',');
      const sum = pCols.reduce((s, i) => s + Number(cells[i]), 0);
      expect(Math.abs(sum - 1)).toBeLessThan(1e-5);
    }
    // The hostile label is written so a spreadsheet shows it as text, not as a formula.
    expect(csv[1]).toMatch(/^"?'=HYPERLINK\(/);
    expect(csv.some((l) => /^"?=/.test(l))).toBe(false);

    const stdoutRun = await cli('predict', model, file('hostile.csv'));
    expect(stdoutRun.code).toBe(0);
    expect(stdoutRun.stdout.split(/\r?\n/)[0]).toBe(csv[0]);

    const explained = await cli(
      'explain',
      model,
      file('hostile.csv'),
      '--json',
      '--top',
      '100',
      '--cohort',
      file('small.csv'),
    );
    expect(explained.code, explained.stderr).toBe(0);
    const ex = JSON.parse(explained.stdout) as {
      classes: string[];
      rows: {
        label: string;
        probabilities: Record<string, number>;
        intervals: Record<string, { low: number; high: number }>;
        familiarity: number | null;
        baseValues: Record<string, number>;
        contributions: { feature: string; shap: Record<string, number> }[];
      }[];
    };
    expect(ex.rows).toHaveLength(25);
    for (const row of ex.rows.slice(0, 5)) {
      const k = 'yes';
      const total = row.baseValues[k] + row.contributions.reduce((s, c) => s + c.shap[k], 0);
      expect(total).toBeCloseTo(row.probabilities[k], 6);
      expect(row.intervals[k].low).toBeLessThanOrEqual(row.probabilities[k] + 1e-9);
      expect(row.familiarity).not.toBeNull();
    }
    const text = await cli('explain', model, file('hostile.csv'), '--top', '3');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain('why P(yes) is');
    expect(text.stdout).toContain('familiarity: not measured');
  });
});
