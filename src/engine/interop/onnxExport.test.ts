import { describe, expect, it } from 'vitest';
import { fitForest } from '../forest/forest.ts';
import { predictProba } from '../forest/predict.ts';
import type { ForestParams } from '../forest/types.ts';
import {
  forestToOnnx,
  PREPROCESSING_KEY,
  type OnnxLayout,
  type PreprocessingSpec,
} from './onnxExport.ts';
import { importOnnxModel } from './onnxImport.ts';
import { decodeModel, text } from './onnxProto.ts';
import { float32AtMost, prevFloat32 } from './float32.ts';
import { rowMajor, runOnnx } from './testOrt.ts';
import { mixedTable, wdbcTable, type TestTable } from './testData.ts';

/** Training rows, then copies of the first rows with every feature in turn set to NaN. */
function withMissingRows(t: TestTable, nTest: number): { X: Float32Array; nRows: number } {
  const nRows = nTest * (t.nFeatures + 1);
  const X = new Float32Array(nRows * t.nFeatures);
  for (let r = 0; r < nRows; r++) {
    const src = r % nTest;
    const blank = Math.floor(r / nTest) - 1;
    for (let f = 0; f < t.nFeatures; f++)
      X[f * nRows + r] = f === blank ? NaN : t.X[f * t.nRows + src];
  }
  return { X, nRows };
}

async function compareWithOrt(
  t: TestTable,
  params: Partial<ForestParams>,
  nTest: number,
  layout: OnnxLayout = 'auto',
) {
  const model = fitForest(t.X, t.nRows, t.nFeatures, t.isCat, t.y, t.nClasses, params);
  const bytes = forestToOnnx(model, { encoding: t.encoding, producerVersion: 'test', layout });
  const test = withMissingRows(t, nTest);
  const expected = predictProba(model, test.X, test.nRows);
  const out = await runOnnx(
    bytes,
    rowMajor(test.X, test.nRows, t.nFeatures),
    test.nRows,
    t.nFeatures,
  );
  const proba = out.probabilities.data as Float32Array;
  expect(out.probabilities.dims).toEqual([test.nRows, t.nClasses]);
  let maxDiff = 0;
  for (let i = 0; i < expected.length; i++)
    maxDiff = Math.max(maxDiff, Math.abs(proba[i] - expected[i]));
  expect(maxDiff).toBeLessThan(1e-6);
  const labels = out.label.data as string[];
  for (let r = 0; r < test.nRows; r++) {
    let best = 0;
    for (let k = 1; k < t.nClasses; k++)
      if (proba[r * t.nClasses + k] > proba[r * t.nClasses + best]) best = k;
    expect(labels[r]).toBe(t.encoding.classes[best]);
  }
  return { model, bytes, maxDiff };
}

describe('float32 thresholds', () => {
  it('keep v <= x for every float32 v', () => {
    for (const x of [0.1, -0.1, 1 / 3, 2.5, 1e-40, -7.000000000000001]) {
      const t = float32AtMost(x);
      expect(t).toBeLessThanOrEqual(x);
      const above = Math.fround(t) === t ? -prevFloat32(-t) : NaN;
      expect(above).toBeGreaterThan(x);
    }
  });
});

describe('forestToOnnx with ONNX Runtime', () => {
  it('binary forest with missing values and a categorical column, opset 3: within 1e-6', async () => {
    const t = mixedTable(400, 11, 2);
    const { bytes } = await compareWithOrt(
      t,
      { nEstimators: 25, randomState: 3 },
      120,
      'TreeEnsembleClassifier',
    );
    const m = decodeModel(bytes);
    const node = m.graph?.node?.[0];
    expect(node?.opType).toBe('TreeEnsembleClassifier');
    const attr = (n: string) => node?.attribute?.find((a) => a.name === n);
    // The single-weight binary form of skl2onnx: one weight per leaf, class id 0.
    expect(new Set(attr('class_ids')?.ints)).toEqual(new Set([0]));
    expect(attr('nodes_missing_value_tracks_true')?.ints?.some((v) => v === 1)).toBe(true);
    expect(attr('classlabels_strings')?.strings?.map(text)).toEqual(['no', 'yes']);
    // Categorical splits are expanded into several BRANCH_LEQ nodes at k + 0.5 on feature 3.
    const feats = attr('nodes_featureids')?.ints ?? [];
    const values = attr('nodes_values')?.floats ?? [];
    const halfSplits = feats.filter((f, i) => f === 3 && values[i] % 1 === 0.5).length;
    expect(halfSplits).toBeGreaterThan(25);
    const spec = JSON.parse(
      m.metadataProps?.find((p) => p.key === PREPROCESSING_KEY)?.value ?? '{}',
    ) as PreprocessingSpec;
    expect(spec.features[3]).toMatchObject({ kind: 'categorical', name: 'site' });
    expect(spec.classes).toEqual(['no', 'yes']);
    expect(m.producerName).toBe('GenoForest');
  });

  for (const layout of ['TreeEnsembleClassifier', 'TreeEnsemble'] as const) {
    it(`three-class forest, unbounded depth, unseen categories (NaN), ${layout}: within 1e-6`, async () => {
      const t = mixedTable(500, 5, 3);
      // Unseen categories reach the model as NaN (the encoding has no index for them).
      const params = { nEstimators: 30, randomState: 9, maxFeatures: 'all' } as const;
      const { bytes } = await compareWithOrt(t, params, 100, layout);
      expect(decodeModel(bytes).graph?.node?.[0].opType).toBe(layout);
    });
  }

  it('binary forest as TreeEnsemble (BRANCH_MEMBER for categories): ORT and re-import within 1e-6', async () => {
    const t = mixedTable(400, 12, 2);
    const { bytes, model } = await compareWithOrt(
      t,
      { nEstimators: 25, randomState: 5 },
      120,
      'TreeEnsemble',
    );
    const node = decodeModel(bytes).graph?.node?.[0];
    const modes = node?.attribute?.find((a) => a.name === 'nodes_modes')?.t?.rawData ?? [];
    expect(Array.from(modes)).toContain(6);
    const { forest, info } = importOnnxModel(bytes);
    expect(info.classLabels).toEqual(['no', 'yes']);
    expect(info.treesInFile).toBe(50);
    expect(forest.trees.length).toBe(25);
    const test = withMissingRows(t, 100);
    const a = predictProba(model, test.X, test.nRows);
    const b = predictProba(forest, test.X, test.nRows);
    let d = 0;
    for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
    expect(d).toBeLessThan(1e-6);
  });

  it('layout auto: opset 3 for numeric forests, TreeEnsemble when categorical chains would blow up', () => {
    const w = wdbcTable();
    const numeric = fitForest(w.X, w.nRows, w.nFeatures, w.isCat, w.y, 2, { nEstimators: 5 });
    expect(decodeModel(forestToOnnx(numeric)).graph?.node?.[0].opType).toBe(
      'TreeEnsembleClassifier',
    );
    const t = mixedTable(3000, 2, 2);
    const deep = fitForest(t.X, t.nRows, t.nFeatures, t.isCat, t.y, 2, { nEstimators: 10 });
    const auto = decodeModel(forestToOnnx(deep, { encoding: t.encoding }));
    expect(auto.graph?.node?.[0].opType).toBe('TreeEnsemble');
    expect(auto.opsetImport?.find((o) => o.domain === 'ai.onnx.ml')?.version).toBe(5);
  });

  it('WDBC (30 numeric features, 569 rows): within 1e-6 on every row', async () => {
    const t = wdbcTable();
    const { maxDiff } = await compareWithOrt(t, { nEstimators: 100, randomState: 1 }, t.nRows);
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it('keeps a split between adjacent float32 values exact (the midpoint rounds up in float32)', async () => {
    const a = 1 + 2 ** -23;
    const b = 1 + 2 ** -22;
    expect(Math.fround((a + b) / 2)).toBe(b);
    const X = Float32Array.from([a, a, b, b]);
    const y = Uint8Array.from([0, 0, 1, 1]);
    const model = fitForest(X, 4, 1, new Uint8Array(1), y, 2, {
      nEstimators: 1,
      bootstrap: false,
      oobScore: false,
      maxFeatures: 'all',
    });
    const out = await runOnnx(forestToOnnx(model), Float32Array.from([a, b]), 2, 1);
    expect(Array.from(out.probabilities.data as Float32Array)).toEqual([1, 0, 0, 1]);
  });

  it('refuses a one-class model', () => {
    const t = mixedTable(50, 1, 2);
    const model = fitForest(t.X, t.nRows, t.nFeatures, t.isCat, t.y, 2, { nEstimators: 2 });
    expect(() => forestToOnnx({ ...model, nClasses: 1 })).toThrow(/at least two classes/);
  });
});
