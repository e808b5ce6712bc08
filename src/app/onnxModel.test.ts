import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { trainInProcess } from '../worker/inProcess';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import { importOnnxModel } from '../engine/interop/index';
import { REPO_ROOT } from '../engine/interop/testData';
import { rowMajor, runOnnx } from '../engine/interop/testOrt';
import { parseCsvText } from '../engine/data/parse';
import { encodeFeatureMatrix } from '../engine/data/encode';
import type { DataWorkerApi, ModelInfo, PatientInput, TrainingSetup } from './types';
import { createDataSession } from './dataSession';
import { syntheticCsv } from './testData';
import {
  NEEDS_COHORT_DEPENDENCE,
  NEEDS_COHORT_EXPLAIN,
  NEEDS_COHORT_TYPICAL,
  NEEDS_LABELLED_COHORT_SET,
  NOT_IMPORTED,
} from './onnxModel';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(resolve(REPO_ROOT, 'testdata/onnx', name)));
const wdbcText = readFileSync(resolve(REPO_ROOT, 'testdata/breast_cancer_wdbc.csv'), 'utf8');

interface Expected {
  classes: string[];
  featureNames: string[];
  rows: number[][];
  proba: number[][];
}
const expected = (name: string): Expected =>
  JSON.parse(readFileSync(resolve(REPO_ROOT, 'testdata/onnx', name), 'utf8')) as Expected;

async function train(
  data: DataWorkerApi,
  setup: TrainingSetup,
  p: ForestParams,
): Promise<ModelInfo> {
  return (await trainInProcess(data, setup, p)).info;
}

function patientOf(names: string[], row: number[]): PatientInput {
  return Object.fromEntries(names.map((n, f) => [n, Math.fround(row[f])]));
}

function expectClose(a: number[], b: ArrayLike<number>, tol = 1e-6): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, k) => expect(Math.abs(v - b[k])).toBeLessThanOrEqual(tol));
}

describe('ONNX through the data worker: GenoForest -> ONNX -> ONNX Runtime and -> import (WDBC)', () => {
  let data: DataWorkerApi;
  let bytes: Uint8Array;
  let ours: number[][];

  beforeAll(async () => {
    data = createDataSession();
    await data.loadCsv(new Blob([wdbcText]), 'breast_cancer_wdbc.csv');
    await train(
      data,
      { target: 'diagnosis', columns: [] },
      { ...DEFAULT_PARAMS, nEstimators: 25, randomState: 5 },
    );
    bytes = await data.exportOnnx();
    const batch = await data.predictBatch(new Blob([wdbcText]));
    ours = batch.rows.map((r) => r.prediction.probabilities);
  }, 120_000);

  it('ONNX Runtime gives GenoForest’s probabilities within 1e-6 on every row', async () => {
    const table = parseCsvText(wdbcText);
    const info = importOnnxModel(bytes).info;
    expect(info.producerName).toBe('GenoForest');
    const enc = encodeFeatureMatrix(table, {
      features: info.preprocessing!.features.map((f) => ({
        kind: 'numeric',
        name: f.name,
        min: 0,
        max: 0,
        median: 0,
      })),
      target: 'diagnosis',
      classes: info.classLabels,
    });
    const out = await runOnnx(
      bytes,
      rowMajor(enc.X, enc.nRows, enc.nFeatures),
      enc.nRows,
      enc.nFeatures,
    );
    const p = out.probabilities.data as Float32Array;
    expect(ours.length).toBe(569);
    ours.forEach((row, r) => expectClose(row, p.subarray(r * 2, r * 2 + 2)));
  });

  it('opening the .onnx in another worker predicts the same, with provenance and named columns', async () => {
    const other = createDataSession();
    const { info, evaluation } = await other.importModel(bytes, 'wdbc.onnx');
    expect(evaluation).toBeNull();
    expect(info.provenance?.origin).toBe('imported');
    expect(info.provenance?.producerName).toBe('GenoForest');
    expect(info.provenance?.columns?.source).toBe('preprocessing-spec');
    expect(info.encoding.features[0].name).toBe('mean radius');
    expect(info.encoding.target).toBe('diagnosis');
    const batch = await other.predictBatch(new Blob([wdbcText]));
    batch.rows.forEach((r, i) => expectClose(r.prediction.probabilities, ours[i]));
  });
});

describe('scikit-learn fixtures through the data worker', () => {
  for (const [file, json] of [
    ['rf_iris_opset3.onnx', 'expected_rf_iris.json'],
    ['rf_iris_opset5.onnx', 'expected_rf_iris.json'],
    ['rf_binary_opset3.onnx', 'expected_rf_binary.json'],
  ] as const) {
    it(`${file}: predict equals scikit-learn's predict_proba (1e-6)`, async () => {
      const data = createDataSession();
      const exp = expected(json);
      const { info } = await data.importModel(fixture(file), file);
      expect(info.provenance?.columns?.source).toBe('file-feature-names');
      expect(info.encoding.features.map((f) => f.name)).toEqual(exp.featureNames);
      expect(info.provenance?.mlOpset).toBe(file.includes('opset5') ? 5 : 3);
      for (let r = 0; r < exp.rows.length; r++) {
        const p = await data.predict(patientOf(exp.featureNames, exp.rows[r]));
        expectClose(p.probabilities, exp.proba[r]);
        expect(Number.isNaN(p.familiarity)).toBe(true);
      }
    });
  }
});

describe('an imported model: columns, reference cohort, explanations, saving', () => {
  const exp = expected('expected_rf_iris.json');
  const list = ['sl', 'sw', 'pl', 'pw'];
  const cohortCsv =
    list.join(',') +
    '\n' +
    exp.rows.map((r) => r.map((v) => String(Math.fround(v))).join(',')).join('\n') +
    '\n';

  it('maps columns from a column list, refuses a wrong list, needs a cohort to explain', async () => {
    const data = createDataSession();
    await data.importModel(fixture('rf_iris_opset3.onnx'), 'iris.onnx');
    await expect(
      data.mapColumns({ kind: 'column-list', text: 'a\nb\nc\n', fileName: 'cols.txt' }),
    ).rejects.toThrow(
      'The column list cols.txt names 3 columns; the model reads 4 features, in order.',
    );
    await expect(
      data.mapColumns({ kind: 'column-list', text: 'a\nb\na\nd', fileName: 'cols.txt' }),
    ).rejects.toThrow('names the column “a” twice');
    const info = await data.mapColumns({
      kind: 'column-list',
      text: `# iris\n${list.join('\n')}\n`,
      fileName: 'cols.txt',
    });
    expect(info.encoding.features.map((f) => f.name)).toEqual(list);
    const range = info.encoding.features[0];
    expect(range.kind === 'numeric' && [range.min, range.max, range.median]).toEqual([
      NaN,
      NaN,
      NaN,
    ]);
    expect(info.provenance?.columns).toEqual({
      source: 'column-list',
      detail: 'cols.txt',
      names: list,
    });
    const p = await data.predict(patientOf(list, exp.rows[3]));
    expectClose(p.probabilities, exp.proba[3]);
    const none = await data.explain(patientOf(list, exp.rows[3]));
    expect(none.unavailable).toBe(NEEDS_COHORT_EXPLAIN);
    expect(none.contributions).toEqual([]);
    expectClose(none.probabilities, exp.proba[3]);
    await expect(data.typicalPatient()).rejects.toThrow(NEEDS_COHORT_TYPICAL);
    await expect(data.dependence(patientOf(list, exp.rows[3]), 'pl', 0)).rejects.toThrow(
      NEEDS_COHORT_DEPENDENCE,
    );
    await expect(data.trainingData()).rejects.toThrow(/without its training data/);
  });

  it('maps from a CSV header whose columns are in the model order (outcome column dropped)', async () => {
    const data = createDataSession();
    await data.importModel(fixture('rf_iris_opset5.onnx'), 'iris5.onnx');
    const file = new Blob([`${list.join(',')},species\n1,2,3,4,setosa\n`]);
    const info = await data.mapColumns({ kind: 'csv-header', file, fileName: 'iris.csv' });
    expect(info.encoding.features.map((f) => f.name)).toEqual(list);
    await expect(
      data.mapColumns({ kind: 'csv-header', file: new Blob(['a,b\n1,2\n']), fileName: 'two.csv' }),
    ).rejects.toThrow('The CSV two.csv names 2 columns; the model reads 4 features, in order.');
  });

  it('with a reference cohort: familiarity, path-dependent TreeSHAP that adds up, typical values', async () => {
    const data = createDataSession();
    await data.importModel(fixture('rf_iris_opset3.onnx'), 'iris.onnx');
    await data.mapColumns({ kind: 'column-list', text: list.join('\n'), fileName: 'cols.txt' });
    await expect(data.setReferenceCohort(new Blob(['sl,sw\n1,2\n']), 'short.csv')).rejects.toThrow(
      /lacks the model's column\(s\) pl, pw/,
    );
    const info = await data.setReferenceCohort(new Blob([cohortCsv]), 'ref.csv');
    expect(info.provenance?.referenceCohort).toEqual({
      fileName: 'ref.csv',
      rows: exp.rows.length,
    });
    const f0 = info.encoding.features[0];
    expect(f0.kind === 'numeric' && f0.min).toBe(
      Math.min(...exp.rows.map((r) => Math.fround(r[0]))),
    );
    const patient = patientOf(list, exp.rows[5]);
    const p = await data.predict(patient);
    expectClose(p.probabilities, exp.proba[5]);
    // A patient of the reference cohort itself, ranked among it (0.95 when written; NaN without a cohort).
    expect(p.familiarity).toBeGreaterThan(0.5);
    expect(p.warnings).toEqual([]);
    const e = await data.explain(patient);
    expect(e.method).toMatch(
      /^Path-dependent TreeSHAP, with each tree's node covers counted from the reference cohort ref\.csv/,
    );
    for (let k = 0; k < 3; k++) {
      const sum = e.baseValues[k] + e.contributions.reduce((s, c) => s + c.shap[k], 0);
      expect(sum).toBeCloseTo(exp.proba[5][k], 5);
    }
    // The patient's curve is the model's answer with 'pl' set to each grid value.
    const curve = await data.dependence(patient, 'pl', 2);
    expect(curve.feature).toBe('pl');
    expect(curve.patient).toHaveLength(curve.grid.length);
    for (const g of [0, curve.grid.length - 1]) {
      const moved = await data.predict({ ...patient, pl: curve.grid[g] });
      expect(curve.patient[g]).toBeCloseTo(moved.probabilities[2], 12);
    }
    const typical = await data.typicalPatient();
    expect(Object.keys(typical)).toEqual(list);
  });

  it('prediction sets: calibrated on a labelled reference cohort, otherwise said to be unavailable', async () => {
    const data = createDataSession();
    const { info } = await data.importModel(fixture('rf_iris_opset3.onnx'), 'iris.onnx');
    await data.mapColumns({ kind: 'column-list', text: list.join('\n'), fileName: 'cols.txt' });
    const note = NEEDS_LABELLED_COHORT_SET('outcome', exp.classes);
    expect(info.encoding.target).toBe('outcome');
    const before = await data.predict(patientOf(list, exp.rows[0]));
    expect(before.predictionSet).toBeNull();
    expect(before.predictionSetNote).toBe(note);
    // Unlabelled cohort: familiarity and explanations work, the set is still unavailable.
    await data.setReferenceCohort(new Blob([cohortCsv]), 'ref.csv');
    const unlabelled = await data.predict(patientOf(list, exp.rows[0]));
    expect(unlabelled.predictionSet).toBeNull();
    expect(unlabelled.predictionSetNote).toBe(note);
    // An outcome column whose values are none of the model's classes calibrates nothing either.
    const lines = cohortCsv.trim().split('\n');
    const foreign = [`${lines[0]},outcome`, ...lines.slice(1).map((l) => `${l},unknown`)];
    await data.setReferenceCohort(new Blob([foreign.join('\n')]), 'foreign.csv');
    expect((await data.predict(patientOf(list, exp.rows[0]))).predictionSetNote).toBe(note);
    // Labelled with the class the forest ranks first: 25 patients per class calibrate 90 % sets.
    const truth = exp.proba.map((p) => p.indexOf(Math.max(...p)));
    const labelled = [
      `${lines[0]},outcome`,
      ...lines.slice(1).map((l, r) => `${l},${exp.classes[truth[r]]}`),
    ];
    await data.setReferenceCohort(new Blob([labelled.join('\n')]), 'labelled.csv');
    const covered = [0, 0, 0];
    let sizes = 0;
    for (let r = 0; r < exp.rows.length; r++) {
      const p = await data.predict(patientOf(list, exp.rows[r]), { confidence: 0.9 });
      expect(p.predictionSetNote).toBeUndefined();
      expect(p.setConfidence).toBe(0.9);
      expect(p.setWarnings).toEqual([]);
      expect(p.predictionSet).not.toBeNull();
      for (const c of p.predictionSet!) expect(exp.classes).toContain(c);
      if (p.predictionSet!.includes(exp.classes[truth[r]])) covered[truth[r]]++;
      sizes += p.predictionSet!.length;
    }
    // Each class's threshold is the ⌈26 × 0.9⌉ = 24th smallest of its 25 scores: at least 24 are covered.
    for (const c of covered) expect(c).toBeGreaterThanOrEqual(24);
    // Iris is nearly separable: most sets name a single species.
    expect(sizes / exp.rows.length).toBeLessThan(1.5);
    // Mapping the columns again drops the cohort, and with it the calibration.
    await data.mapColumns({ kind: 'column-list', text: list.join('\n'), fileName: 'cols.txt' });
    expect((await data.predict(patientOf(list, exp.rows[0]))).predictionSetNote).toBe(note);
  });

  it('a .genoforest.json of an imported model keeps the mapping and provenance, and predicts the same', async () => {
    const data = createDataSession();
    await data.importModel(fixture('rf_binary_opset3.onnx'), 'rf_binary_opset3.onnx');
    const bin = expected('expected_rf_binary.json');
    const names = bin.featureNames.map((_, i) => `c${i}`);
    await data.mapColumns({ kind: 'column-list', text: names.join('\n'), fileName: 'cols.txt' });
    const json = await data.exportModel(null);
    const other = createDataSession();
    const { info } = await other.importModel(json);
    expect(info.provenance?.origin).toBe('imported');
    expect(info.provenance?.fileName).toBe('rf_binary_opset3.onnx');
    expect(info.provenance?.columns?.names).toEqual(names);
    expect(info.provenance?.checks.length).toBeGreaterThan(2);
    for (let r = 0; r < bin.rows.length; r += 7) {
      const p = await other.predict(patientOf(names, bin.rows[r]));
      expectClose(p.probabilities, bin.proba[r]);
    }
    expect((await other.explain(patientOf(names, bin.rows[0]))).unavailable).toBe(
      NEEDS_COHORT_EXPLAIN,
    );
    // Exported again to ONNX without any cohort (checked on rows at its split points) it still predicts the same.
    const again = createDataSession();
    await again.importModel(await other.exportOnnx(), 'again.onnx');
    const p0 = await again.predict(patientOf(names, bin.rows[0]));
    expectClose(p0.probabilities, bin.proba[0]);
    // The same bytes as a Uint8Array are read as JSON too.
    const fromBytes = await other.importModel(new TextEncoder().encode(json), 'm.genoforest.json');
    expect(fromBytes.info).toEqual(info);
  });

  it('refuses damaged and unsupported files with specific messages and keeps the current model', async () => {
    const data = createDataSession();
    const { info } = await data.importModel(fixture('rf_iris_opset3.onnx'), 'iris.onnx');
    const good = fixture('rf_iris_opset3.onnx');
    const cut = good.slice(0, Math.floor(good.length / 2));
    await expect(data.importModel(cut, 'cut.onnx')).rejects.toThrow(/not a readable ONNX model/);
    await expect(data.importModel(fixture('rf_regressor.onnx'), 'r.onnx')).rejects.toThrow(
      /tree-ensemble regressor/,
    );
    await expect(data.importModel(fixture('linear_classifier.onnx'), 'l.onnx')).rejects.toThrow(
      /not a tree-ensemble classifier: its operators are LinearClassifier/,
    );
    await expect(data.importModel(fixture('scaler_pipeline.onnx'), 's.onnx')).rejects.toThrow(
      /pipeline/,
    );
    const p = await data.predict(
      patientOf(
        info.encoding.features.map((f) => f.name),
        exp.rows[0],
      ),
    );
    expectClose(p.probabilities, exp.proba[0]);
  });

  it('mapping or a reference cohort on a model trained here is refused', async () => {
    const data = createDataSession();
    await expect(
      data.mapColumns({ kind: 'column-list', text: 'a', fileName: 'c.txt' }),
    ).rejects.toThrow(/There is no model yet/);
    await data.loadCsv(new Blob([syntheticCsv(120)]), 'cohort.csv');
    await train(data, { target: 'response', columns: [] }, { ...DEFAULT_PARAMS, nEstimators: 5 });
    await expect(
      data.mapColumns({ kind: 'column-list', text: 'a', fileName: 'c.txt' }),
    ).rejects.toThrow(NOT_IMPORTED);
    await expect(data.setReferenceCohort(new Blob(['a\n1\n']), 'r.csv')).rejects.toThrow(
      NOT_IMPORTED,
    );
    expect((await data.predict(await data.typicalPatient())).predictionSetNote).toBeUndefined();
    // A model trained here exports ONNX that reads back the same (checked inside exportOnnx).
    const bytes = await data.exportOnnx();
    expect(importOnnxModel(bytes).info.featureNames).toEqual(['age', 'bmi', 'rs123', 'smoking']);
  });
});
