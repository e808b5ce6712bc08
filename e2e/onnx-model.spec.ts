/**
 * Models in and out through ONNX, as a user does it: train on the sample cohort, "Save model as ONNX" (the
 * download is run with ONNX Runtime here and must give the app's probabilities), open a scikit-learn .onnx,
 * map its columns from a column list, predict a patient; a damaged .onnx is refused and the model stays.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import * as ort from 'onnxruntime-web';
import { readProbabilities, trainModel } from './helpers';
import { JOURNEY_TREES, loadSample, predictTypical } from './device-helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const ONNX_DIR = path.resolve(here, '../testdata/onnx');
const IRIS = readFileSync(path.join(ONNX_DIR, 'rf_iris_opset3.onnx'));
const IRIS_EXPECTED = JSON.parse(
  readFileSync(path.join(ONNX_DIR, 'expected_rf_iris.json'), 'utf8'),
) as { classes: string[]; rows: number[][]; proba: number[][] };
const COLUMNS = ['sepal_l', 'sepal_w', 'petal_l', 'petal_w'];

ort.env.wasm.numThreads = 1;

interface Spec {
  features: (
    { name: string; kind: 'numeric' } | { name: string; kind: 'categorical'; categories: string[] }
  )[];
  classes: string[];
}

/** The preprocessing spec GenoForest writes into the model's metadata (read with a tiny protobuf scan). */
function preprocessingSpec(bytes: Uint8Array): Spec {
  const text = Buffer.from(bytes).toString('latin1');
  const start = text.indexOf('{"format":"genoforest-onnx-preprocessing"');
  expect(start).toBeGreaterThan(0);
  let depth = 0;
  let end = start;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) {
      end = i + 1;
      break;
    }
  }
  return JSON.parse(Buffer.from(bytes.subarray(start, end)).toString('utf8')) as Spec;
}

async function openModelFile(page: Page, name: string, content: Buffer | Uint8Array) {
  await page.getByLabel('Open a saved model').setInputFiles({
    name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(content),
  });
}

test('train → save as ONNX (checked with ONNX Runtime) → open a scikit-learn .onnx → map columns → predict', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Save model as ONNX' })).toBeDisabled();
  await loadSample(page);
  await trainModel(page, JOURNEY_TREES);
  const app = await predictTypical(page);

  // The typical patient as the form holds it, to run through ONNX Runtime.
  const form = page.getByRole('form', { name: 'New patient' });
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save model as ONNX' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('sample-cohort.onnx');
  const bytes = new Uint8Array(readFileSync((await file.path())!));
  await expect(
    page.getByRole('status').filter({ hasText: 'Saved the model as sample-cohort.onnx (ONNX' }),
  ).toHaveCount(1);

  const spec = preprocessingSpec(bytes);
  const row = new Float32Array(spec.features.length);
  for (const [f, feature] of spec.features.entries()) {
    const value = (await form.getByLabel(feature.name, { exact: true }).inputValue()).trim();
    row[f] =
      feature.kind === 'numeric'
        ? value === ''
          ? NaN
          : Number(value)
        : feature.categories.indexOf(value) >= 0
          ? feature.categories.indexOf(value)
          : NaN;
  }
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ X: new ort.Tensor('float32', row, [1, row.length]) });
  const probs = out.probabilities.data as Float32Array;
  await session.release();
  spec.classes.forEach((c, k) => {
    // The app shows one decimal of a percent.
    expect(Math.abs(probs[k] * 100 - app.get(c)!)).toBeLessThanOrEqual(0.051);
  });

  // A scikit-learn forest from another tool: opened, its columns mapped from a column list.
  await openModelFile(page, 'rf_iris_opset3.onnx', IRIS);
  const device = page.getByRole('region', { name: 'This device' });
  await expect(
    device.getByText('Opened rf_iris_opset3.onnx: 12 trees predicting “outcome”.'),
  ).toBeVisible();
  const panel = page.getByRole('region', { name: 'Imported model: columns' });
  await expect(panel).toContainText('names from the feature names stored in the file');
  await panel.getByLabel('Column list, one name per line').setInputFiles({
    name: 'iris-columns.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(COLUMNS.join('\n') + '\n'),
  });
  await expect(panel).toContainText('names from the column list iris-columns.txt');
  await expect(
    panel.getByText('Mapped 4 columns from the column list iris-columns.txt.'),
  ).toBeVisible();
  await panel.getByText('Show the column of each feature (4)').click();
  const mapping = panel.getByRole('table', { name: 'Column of each model feature' });
  await expect(mapping.getByRole('row')).toHaveCount(5);
  await expect(mapping.getByRole('row').nth(3)).toContainText('petal_l');
  await expect(panel).toContainText(
    'No reference cohort: familiarity and explanations are unavailable',
  );
  // The summary says what the file does not carry instead of showing 0 patients and an empty chart.
  const summary = page.getByRole('group', { name: 'Trained model' });
  await expect(summary.getByText('not in the file', { exact: true })).toBeVisible();
  await expect(summary.getByText('trained elsewhere')).toBeVisible();
  await expect(summary).toContainText('impurity importance is unknown here');
  // No out-of-bag check or evaluation follows a model trained elsewhere.
  await expect(summary).not.toContainText('a full evaluation follows');
  await expect(summary.getByRole('table', { name: 'Top features table' })).toHaveCount(0);
  // Every control of the new panel and buttons is labelled and readable (axe, WCAG 2 A/AA).
  const axe = await new AxeBuilder({ page })
    .include('.device-tools')
    .withTags(['wcag2a', 'wcag2aa'])
    .analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual(
    [],
  );

  async function predictIris(r: number) {
    for (const [f, name] of COLUMNS.entries()) {
      await form
        .getByLabel(name, { exact: true })
        .fill(String(Math.fround(IRIS_EXPECTED.rows[r][f])));
    }
    await page.getByRole('button', { name: 'Predict', exact: true }).click();
    await expect
      .poll(async () => [...(await readProbabilities(page)).keys()].sort())
      .toEqual(['setosa', 'versicolor', 'virginica']);
    const shown = await readProbabilities(page);
    IRIS_EXPECTED.classes.forEach((c, k) => {
      expect(Math.abs(shown.get(c)! - IRIS_EXPECTED.proba[r][k] * 100)).toBeLessThanOrEqual(0.051);
    });
  }
  const r = IRIS_EXPECTED.rows.findIndex((_, i) => IRIS_EXPECTED.proba[i].every((p) => p < 0.95));
  await predictIris(r);
  await expect(
    page.getByRole('region', { name: 'Why this prediction' }).getByRole('status'),
  ).toContainText('Explanations of an imported model need a reference cohort');

  // A reference cohort (asked for, never guessed) makes explanations and familiarity available.
  const cohort = [
    COLUMNS.join(','),
    ...IRIS_EXPECTED.rows.map((row) => row.map((v) => String(Math.fround(v))).join(',')),
  ];
  await panel.getByLabel('Reference cohort CSV').setInputFiles({
    name: 'iris-reference.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(cohort.join('\n') + '\n'),
  });
  await expect(panel).toContainText(
    `Reference cohort: iris-reference.csv (${IRIS_EXPECTED.rows.length} patients). Explanations use path-dependent TreeSHAP`,
  );
  await expect(summary).toContainText(
    `not in the file; reference cohort ${IRIS_EXPECTED.rows.length}`,
  );
  await predictIris(r);
  await expect(page.getByRole('region', { name: 'Why this prediction' })).toContainText(
    "Path-dependent TreeSHAP, with each tree's node covers counted from the reference cohort iris-reference.csv",
  );

  // A damaged .onnx: a specific alert, and the imported model with its mapping stays in use.
  await openModelFile(page, 'damaged.onnx', IRIS.subarray(0, IRIS.length >> 1));
  const alert = page.getByRole('alert').filter({ hasText: '“damaged.onnx” could not be opened' });
  await expect(alert).toContainText('The file is not a readable ONNX model');
  await expect(alert).toContainText('The current model is unchanged.');
  await expect(panel).toContainText('names from the column list iris-columns.txt');
  await predictIris(r);
});
