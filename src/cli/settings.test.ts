/**
 * The forest settings of the command line under scikit-learn's names: parsed as scikit-learn reads them, refused
 * with a usage error (exit 2) when they make no sense, reported by --json as "settings", and really used.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandArgs } from './args';
import { UsageError } from './errors';
import { evaluateSpec, trainSpec } from './specs';
import { parseMaxFeatures, paramsFromArgs, settingsFromArgs } from './training';
import { cli } from './testCli';
import { parseModelFile } from '../app/modelFile';
import { Rng } from '../engine/forest/rng';

let dir = '';
const file = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'genoforest-settings-'));
  // Two informative columns and four others; 60 rows.
  const lines = ['x1,x2,x3,x4,x5,x6,outcome'];
  for (let r = 0; r < 60; r++) {
    const x = [1, 2, 3, 4, 5, 6].map((k) => ((r * (7 + 6 * k)) % 41) / 4);
    lines.push([...x, x[0] + x[1] > 9 ? 'yes' : 'no'].join(','));
  }
  writeFileSync(file('six.csv'), lines.join('\n') + '\n');
  // 800 rows × 40 columns, the outcome following the sum of the first three (each visible on its own), the rest
  // noise: the screened candidates of --tune win there.
  const rng = new Rng(21);
  const wide = [[...Array.from({ length: 40 }, (_, k) => `f${k}`), 'outcome'].join(',')];
  for (let r = 0; r < 800; r++) {
    const x = Array.from({ length: 40 }, () => Math.round(rng.nextFloat() * 1000) / 1000);
    const eta = 4 * (x[0] + x[1] + x[2] - 1.5);
    wide.push([...x, rng.nextFloat() < 1 / (1 + Math.exp(-eta)) ? 'yes' : 'no'].join(','));
  }
  writeFileSync(file('wide.csv'), wide.join('\n') + '\n');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const evaluateArgs = (...argv: string[]) =>
  parseCommandArgs(evaluateSpec, ['t.csv', '--target', 'y', ...argv]);

describe('parsing', () => {
  it('reads --max-features as scikit-learn reads max_features', () => {
    expect(parseMaxFeatures('sqrt')).toBe('sqrt');
    expect(parseMaxFeatures('LOG2')).toBe('log2');
    expect(parseMaxFeatures('all')).toBe('all');
    expect(parseMaxFeatures('None')).toBe('all');
    expect(parseMaxFeatures('3')).toBe(3);
    expect(parseMaxFeatures('1')).toBe(1);
    // A fraction; 1.0 is every feature in scikit-learn, unlike the count 1.
    expect(parseMaxFeatures('0.25')).toBe(0.25);
    expect(parseMaxFeatures('.5')).toBe(0.5);
    expect(parseMaxFeatures('1.0')).toBe('all');
    for (const bad of ['0', '0.0', '1.5', '-2', 'half', '', 'sqrt2']) {
      expect(() => parseMaxFeatures(bad), bad).toThrow(UsageError);
    }
  });

  it('fills scikit-learn defaults and reads every setting', () => {
    expect(settingsFromArgs(evaluateArgs())).toMatchObject({
      nEstimators: 100,
      maxFeatures: 'sqrt',
      maxDepth: null,
      minSamplesLeaf: 1,
      minSamplesSplit: 2,
      classWeight: null,
      bootstrap: true,
      randomState: 1,
    });
    const args = parseCommandArgs(trainSpec, [
      't.csv',
      '--max-features',
      '0.5',
      '--max-depth',
      '4',
      '--min-samples-leaf',
      '5',
      '--min-samples-split',
      '12',
      '--class-weight',
      'balanced',
      '--no-bootstrap',
      '--seed',
      '0',
    ]);
    expect(settingsFromArgs(args)).toMatchObject({
      maxFeatures: 0.5,
      maxDepth: 4,
      minSamplesLeaf: 5,
      minSamplesSplit: 12,
      classWeight: 'balanced',
      bootstrap: false,
      randomState: 0,
    });
  });

  it('refuses bad values with a usage error naming the option', () => {
    const cases: [string[], string][] = [
      [['--max-depth', '0'], '--max-depth must be at least 1, got 0'],
      [['--min-samples-leaf', '0'], '--min-samples-leaf must be at least 1, got 0'],
      [['--min-samples-split', '1'], '--min-samples-split must be at least 2, got 1'],
      [['--min-samples-leaf', '2.5'], '--min-samples-leaf must be a whole number, got "2.5"'],
      [['--class-weight', 'balanced_subsample'], '--class-weight must be "balanced"'],
      [['--max-features', 'most'], '--max-features must be sqrt, log2, all,'],
    ];
    for (const [argv, message] of cases) {
      const run = () => settingsFromArgs(evaluateArgs(...argv));
      expect(run, argv.join(' ')).toThrow(UsageError);
      expect(run, argv.join(' ')).toThrow(message);
    }
    expect(() => paramsFromArgs(evaluateArgs('--max-features', '7'), 6)).toThrow(
      '--max-features 7 is more features than the table has (6 feature columns)',
    );
    expect(paramsFromArgs(evaluateArgs('--max-features', '6'), 6).maxFeatures).toBe(6);
  });
});

describe('the command line', () => {
  it.concurrent('a bad setting is a usage error (exit 2), before the file is read', async () => {
    const r = await cli('evaluate', file('none.csv'), '--target', 'outcome', '--max-depth', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('genoforest: --max-depth must be at least 1, got 0\n');
    const big = await cli(
      'train',
      file('six.csv'),
      '--target',
      'outcome',
      '--out',
      file('m.json'),
      '--max-features',
      '9',
    );
    expect(big.code).toBe(2);
    expect(big.stderr).toContain(
      '--max-features 9 is more features than the table has (6 feature columns)',
    );
  });

  it.concurrent('--help lists the settings under scikit-learn names', async () => {
    for (const command of ['evaluate', 'train']) {
      const r = await cli(command, '--help');
      for (const option of [
        '--max-features',
        '--max-depth',
        '--min-samples-leaf',
        '--class-weight',
        '--no-bootstrap',
      ]) {
        expect(r.stdout, `${command} ${option}`).toContain(option);
      }
    }
  });

  it.concurrent('evaluate --json reports the settings used', async () => {
    const r = await cli(
      'evaluate',
      file('six.csv'),
      '--target',
      'outcome',
      '--folds',
      '3',
      '--trees',
      '10',
      '--threads',
      '1',
      '--max-features',
      'log2',
      '--min-samples-leaf',
      '3',
      '--class-weight',
      'balanced',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { settings: Record<string, unknown> };
    expect(out.settings).toEqual({
      nEstimators: 10,
      maxFeatures: 'log2',
      featuresPerSplit: 2,
      maxDepth: null,
      minSamplesLeaf: 3,
      minSamplesSplit: 2,
      classWeight: 'balanced',
      bootstrap: true,
      randomState: 1,
      maxSamples: null,
      featureWeights: null,
    });
    const text = await cli(
      'evaluate',
      file('six.csv'),
      '--target',
      'outcome',
      '--folds',
      '3',
      '--trees',
      '10',
      '--threads',
      '1',
      '--max-depth',
      '3',
    );
    expect(text.stdout).toContain('max depth 3, min samples leaf 1');
  });

  it.concurrent(
    '--max-samples draws that share of patients per tree and is saved in the model',
    async () => {
      const model = file('halfbag.genoforest.json');
      const r = await cli(
        'train',
        file('six.csv'),
        '--target',
        'outcome',
        '--out',
        model,
        '--trees',
        '6',
        '--threads',
        '1',
        '--max-samples',
        '0.5',
        '--json',
      );
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { settings: { maxSamples: number | null } };
      expect(out.settings.maxSamples).toBe(0.5);
      const saved = JSON.parse(readFileSync(model, 'utf8')) as {
        info: { params: { maxSamples: number } };
      };
      expect(saved.info.params.maxSamples).toBe(0.5);
      const bad = await cli(
        'train',
        file('six.csv'),
        '--target',
        'outcome',
        '--out',
        model,
        '--max-samples',
        '1.5',
      );
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--max-samples as a fraction must be in \(0, 1\]/);
    },
  );

  it.concurrent(
    'train grows the forest with the settings and saves them in the model',
    async () => {
      const model = file('shallow.genoforest.json');
      const r = await cli(
        'train',
        file('six.csv'),
        '--target',
        'outcome',
        '--out',
        model,
        '--trees',
        '8',
        '--threads',
        '2',
        '--max-depth',
        '2',
        '--max-features',
        '1.0',
        '--no-bootstrap',
        '--json',
      );
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as {
        settings: { maxDepth: number; featuresPerSplit: number; bootstrap: boolean };
        oobScore: number | null;
      };
      expect(out.settings).toMatchObject({ maxDepth: 2, featuresPerSplit: 6, bootstrap: false });
      // Without bootstrap no patient is out of bag.
      expect(out.oobScore).toBeNull();
      const saved = JSON.parse(readFileSync(model, 'utf8')) as {
        info: { params: { maxDepth: number; maxFeatures: unknown; bootstrap: boolean } };
        model: { trees: { nodeCount: number }[] };
      };
      expect(saved.info.params).toMatchObject({
        maxDepth: 2,
        maxFeatures: 'all',
        bootstrap: false,
      });
      // Depth 2: at most 3 splits and 4 leaves per tree.
      for (const t of saved.model.trees) expect(t.nodeCount).toBeLessThanOrEqual(7);
    },
  );

  it.concurrent(
    '--tune refuses settings it would overrule or cannot work with (exit 2)',
    async () => {
      const base = ['evaluate', file('six.csv'), '--target', 'outcome'];
      const cases: [string[], string][] = [
        [
          ['--tune', '--min-samples-leaf', '5'],
          '--tune chooses --min-samples-leaf and --max-features',
        ],
        [['--tune', '--max-features', 'log2'], 'give --max-features without --tune'],
        [['--tune', '--no-bootstrap'], 'which --no-bootstrap leaves none of'],
        [['--tune', '--no-tune'], 'give --tune or --no-tune, not both'],
      ];
      for (const [argv, message] of cases) {
        const r = await cli(...base, ...argv);
        expect(r.code, argv.join(' ')).toBe(2);
        expect(r.stderr, argv.join(' ')).toContain(message);
      }
    },
  );

  it('evaluate --tune tunes inside each fold, the same on 1 thread and on the pool', async () => {
    const args = [
      'evaluate',
      file('six.csv'),
      '--target',
      'outcome',
      '--folds',
      '3',
      '--trees',
      '20',
      '--tune',
      '--json',
    ];
    const [one, two] = await Promise.all([
      cli(...args, '--threads', '1'),
      cli(...args, '--threads', '2'),
    ]);
    expect(one.code, one.stderr).toBe(0);
    expect(two.code, two.stderr).toBe(0);
    type Out = {
      auc: number;
      brier: number;
      tuning: {
        inEachFold: boolean;
        fits: {
          fold: number | null;
          chosen: { minSamplesLeaf: number; featuresPerSplit: number };
          candidates: { minSamplesLeaf: number; brier: number; chosen: boolean }[];
        }[];
      };
    };
    const a = JSON.parse(one.stdout) as Out;
    const b = JSON.parse(two.stdout) as Out;
    expect(a.tuning.inEachFold).toBe(true);
    expect(a.tuning.fits.map((f) => f.fold)).toEqual([0, 1, 2]);
    for (const fit of a.tuning.fits) {
      // 40 training rows per fold: leaves of 1, 3 (at most a tenth of them), then the feature counts.
      expect(fit.candidates.map((c) => c.minSamplesLeaf).slice(0, 2)).toEqual([1, 3]);
      const chosen = fit.candidates.filter((c) => c.chosen);
      expect(chosen).toHaveLength(1);
      expect(chosen[0].minSamplesLeaf).toBe(fit.chosen.minSamplesLeaf);
    }
    expect(b.tuning).toEqual(a.tuning);
    expect(b.auc).toBe(a.auc);
    expect(b.brier).toBe(a.brier);
    // Without --tune the command line keeps scikit-learn's defaults and says nothing of tuning.
    const plain = await cli(...args.filter((x) => x !== '--tune'), '--threads', '1');
    expect((JSON.parse(plain.stdout) as { tuning: unknown }).tuning).toBeNull();
  });

  it.concurrent('train --tune saves the model grown with the chosen settings', async () => {
    const model = file('tuned.genoforest.json');
    const r = await cli(
      'train',
      file('six.csv'),
      '--target',
      'outcome',
      '--out',
      model,
      '--trees',
      '20',
      '--threads',
      '1',
      '--tune',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      settings: { minSamplesLeaf: number; featuresPerSplit: number };
      tuning: { chosen: { minSamplesLeaf: number; featuresPerSplit: number }; treesGrown: number };
    };
    expect(out.settings.minSamplesLeaf).toBe(out.tuning.chosen.minSamplesLeaf);
    expect(out.settings.featuresPerSplit).toBe(out.tuning.chosen.featuresPerSplit);
    expect(out.tuning.treesGrown).toBeGreaterThan(0);
    const saved = JSON.parse(readFileSync(model, 'utf8')) as {
      info: { params: { minSamplesLeaf: number } };
    };
    expect(saved.info.params.minSamplesLeaf).toBe(out.tuning.chosen.minSamplesLeaf);
    // The model file keeps the tuning table: reopened, it shows what --json said was tried.
    const reopened = parseModelFile(readFileSync(model, 'utf8'));
    expect(reopened.info.tuning).toEqual(out.tuning);
  });

  it.concurrent(
    '--tune draws features by the screen where a few columns show the outcome, and says so',
    async () => {
      const model = file('screened.genoforest.json');
      const r = await cli(
        'train',
        file('wide.csv'),
        '--target',
        'outcome',
        '--out',
        model,
        '--trees',
        '100',
        '--threads',
        '1',
        '--tune',
        '--json',
      );
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as {
        settings: { featureWeights: string | null };
        tuning: { chosen: { draws: string }; candidates: { draws: string }[]; screen: string };
      };
      // The weights are named in --json, not listed; the model file keeps them.
      expect(out.settings.featureWeights).toBe('screened');
      expect(out.tuning.chosen.draws).toBe('screened');
      expect(out.tuning.candidates.map((c) => c.draws).slice(0, 5)).toEqual([
        'uniform',
        'screened',
        'screened',
        'screened',
        'screened',
      ]);
      expect(out.tuning.screen).toMatch(/optimistic/);
      const saved = parseModelFile(readFileSync(model, 'utf8'));
      expect(saved.info.params.featureWeights).toHaveLength(40);
      expect(saved.info.tuning?.chosen.draws).toBe('screened');
      const text = await cli(
        'evaluate',
        file('wide.csv'),
        '--target',
        'outcome',
        '--trees',
        '100',
        '--threads',
        '1',
        '--folds',
        '3',
        '--tune',
      );
      expect(text.code, text.stderr).toBe(0);
      // Each fold screened and tuned on its own training rows.
      expect(text.stdout).toMatch(
        /inside each fold \(its training rows only\), chose: leaf \d+ × 6 features \(screened\)/,
      );
    },
  );
});
