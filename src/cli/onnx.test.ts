/**
 * The command line with ONNX models: train --out model.onnx, predict and explain with .onnx models (GenoForest's
 * own and scikit-learn's fixtures), column lists, reference cohorts and the specific refusals.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvText } from '../engine/data/parse';
import { encodeFeatureMatrix } from '../engine/data/encode';
import { decodeModel, encodeModel } from '../engine/interop/onnxProto';
import { rowMajor, runOnnx } from '../engine/interop/testOrt';
import { createDataSession } from '../app/dataSession';
import { cli, repoRoot, wdbc } from './testCli';

let dir = '';
const file = (name: string): string => path.join(dir, name);
const fixture = (name: string): string => path.join(repoRoot, 'testdata/onnx', name);
const wdbcText = readFileSync(wdbc, 'utf8');
const wdbcNames = wdbcText.split('\n')[0].split(',').slice(0, 30);

interface Expected {
  featureNames: string[];
  rows: number[][];
  proba: number[][];
}
const iris = JSON.parse(readFileSync(fixture('expected_rf_iris.json'), 'utf8')) as Expected;

/** P(...) columns of a predict CSV, as numbers per row. */
function probabilities(csv: string): number[][] {
  const table = parseCsvText(csv);
  const cols = table.headers.map((h, i) => (/^P\([^)]*\)$/.test(h) ? i : -1)).filter((i) => i >= 0);
  return Array.from({ length: table.rowCount }, (_, r) =>
    cols.map((c) => Number(table.columns[c][r])),
  );
}

function expectAllClose(a: number[][], b: ArrayLike<number>[], tol: number): void {
  expect(a.length).toBe(b.length);
  let worst = 0;
  a.forEach((row, r) => row.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - b[r][k])))));
  expect(worst).toBeLessThanOrEqual(tol);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'genoforest-onnx-cli-'));
  const common = ['--target', 'diagnosis', '--trees', '20', '--seed', '3', '--threads', '1'];
  const [a, b] = await Promise.all([
    cli('train', wdbc, ...common, '--out', file('wdbc.onnx'), '--json'),
    cli('train', wdbc, ...common, '--out', file('wdbc.genoforest.json')),
  ]);
  expect(a.code, a.stderr).toBe(0);
  expect(b.code, b.stderr).toBe(0);
  expect((JSON.parse(a.stdout) as { format: string }).format).toBe('onnx');
  const header = iris.featureNames.map((_, i) => `col${i}`).join(',');
  writeFileSync(
    file('iris.csv'),
    [header, ...iris.rows.map((r) => r.map((v) => String(Math.fround(v))).join(','))].join('\n') +
      '\n',
  );
  writeFileSync(file('iris-columns.txt'), iris.featureNames.map((_, i) => `col${i}`).join('\n'));
  writeFileSync(file('three.txt'), 'a\nb\nc\n');
  const good = readFileSync(fixture('rf_iris_opset3.onnx'));
  writeFileSync(file('cut.onnx'), good.subarray(0, good.length >> 1));
  // The iris model without its feature_names metadata: an imported model that knows indexes only.
  const model = decodeModel(new Uint8Array(good));
  model.metadataProps = [];
  writeFileSync(file('nameless.onnx'), encodeModel(model));
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('train --out model.onnx', () => {
  it('ONNX Runtime on the written file gives the probabilities of the .genoforest.json model (1e-6)', async () => {
    const bytes = new Uint8Array(readFileSync(file('wdbc.onnx')));
    expect(bytes[0]).not.toBe(0x7b);
    const table = parseCsvText(wdbcText);
    const m = encodeFeatureMatrix(table, {
      features: wdbcNames.map((name) => ({ kind: 'numeric', name, min: 0, max: 0, median: 0 })),
      target: 'diagnosis',
      classes: ['0', '1'],
    });
    const out = await runOnnx(bytes, rowMajor(m.X, m.nRows, 30), m.nRows, 30);
    const p = out.probabilities.data as Float32Array;
    const ort = Array.from({ length: m.nRows }, (_, r) => p.subarray(r * 2, r * 2 + 2));
    const fromJson = await cli('predict', file('wdbc.genoforest.json'), wdbc);
    expect(fromJson.code, fromJson.stderr).toBe(0);
    // The CSV rounds to 6 decimals (at most 5e-7 off).
    expectAllClose(probabilities(fromJson.stdout), ort, 1e-6);
    const fromOnnx = await cli('predict', file('wdbc.onnx'), wdbc);
    expect(fromOnnx.code, fromOnnx.stderr).toBe(0);
    expectAllClose(probabilities(fromOnnx.stdout), probabilities(fromJson.stdout), 1e-6);
  });
});

describe('predict and explain with .onnx models', () => {
  it('a scikit-learn fixture with --columns predicts its expected probabilities', async () => {
    const r = await cli(
      'predict',
      fixture('rf_iris_opset5.onnx'),
      file('iris.csv'),
      '--columns',
      file('iris-columns.txt'),
    );
    expect(r.code, r.stderr).toBe(0);
    expectAllClose(probabilities(r.stdout), iris.proba, 1e-6);
  });

  it('explain needs --cohort for an imported model, and says which TreeSHAP it used', async () => {
    const without = await cli('explain', file('wdbc.onnx'), wdbc);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(
      /^genoforest: explain needs --cohort <reference\.csv> for an imported model/,
    );
    const r = await cli(
      'explain',
      fixture('rf_iris_opset3.onnx'),
      file('iris.csv'),
      '--columns',
      file('iris-columns.txt'),
      '--cohort',
      file('iris.csv'),
      '--json',
      '--top',
      '4',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      rows: {
        probabilities: Record<string, number>;
        baseValues: Record<string, number>;
        familiarity: number | null;
        method: string;
        contributions: { shap: Record<string, number> }[];
      }[];
    };
    expect(out.rows).toHaveLength(iris.rows.length);
    const first = out.rows[0];
    expect(first.method).toMatch(
      /covers counted from the reference cohort iris\.csv \(\d+ patients\)/,
    );
    expect(first.familiarity).not.toBeNull();
    for (const c of Object.keys(first.probabilities)) {
      const sum = first.baseValues[c] + first.contributions.reduce((s, x) => s + x.shap[c], 0);
      expect(sum).toBeCloseTo(first.probabilities[c], 5);
    }
    expect(Object.values(first.probabilities)).toEqual(iris.proba[0]);
  });

  it('a .genoforest.json saved from an imported model keeps its columns; --cohort is its reference cohort', async () => {
    const api = createDataSession();
    await api.importModel(
      new Uint8Array(readFileSync(fixture('rf_iris_opset5.onnx'))),
      'iris.onnx',
    );
    await api.mapColumns({
      kind: 'column-list',
      text: readFileSync(file('iris-columns.txt'), 'utf8'),
      fileName: 'iris-columns.txt',
    });
    writeFileSync(file('iris.genoforest.json'), await api.exportModel(null));
    const without = await cli('explain', file('iris.genoforest.json'), file('iris.csv'));
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/explain needs --cohort <reference\.csv> for an imported model/);
    const r = await cli(
      'explain',
      file('iris.genoforest.json'),
      file('iris.csv'),
      '--cohort',
      file('iris.csv'),
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { rows: { probabilities: Record<string, number> }[] };
    out.rows.forEach((row, i) =>
      Object.values(row.probabilities).forEach((p, k) =>
        expect(Math.abs(p - iris.proba[i][k])).toBeLessThanOrEqual(1e-6),
      ),
    );
  });

  it('refuses with specific one-line messages', async () => {
    const cases: [string[], RegExp][] = [
      [['predict', fixture('rf_regressor.onnx'), file('iris.csv')], /tree-ensemble regressor/],
      [
        ['predict', fixture('linear_classifier.onnx'), file('iris.csv')],
        /not a tree-ensemble classifier: its operators are LinearClassifier/,
      ],
      [
        ['predict', file('cut.onnx'), file('iris.csv')],
        /cut\.onnx: The file is not a readable ONNX model/,
      ],
      [
        ['predict', file('nameless.onnx'), file('iris.csv')],
        /does not name its 4 feature columns: give --columns <list\.txt>/,
      ],
      [
        [
          'predict',
          fixture('rf_iris_opset3.onnx'),
          file('iris.csv'),
          '--columns',
          file('three.txt'),
        ],
        /names 3 columns; the model reads 4 features, in order/,
      ],
      [
        ['predict', file('wdbc.genoforest.json'), wdbc, '--columns', file('three.txt')],
        /--columns names the features of an imported \(\.onnx\) model/,
      ],
      [
        [
          'explain',
          fixture('rf_iris_opset3.onnx'),
          file('iris.csv'),
          '--cohort',
          file('three.txt'),
        ],
        /lacks the model's column\(s\)/,
      ],
    ];
    const runs = await Promise.all(cases.map(([args]) => cli(...args)));
    runs.forEach((r, i) => {
      expect(r.code, r.stdout).toBe(1);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(cases[i][1]);
    });
  });
});
