import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitForest } from '../forest/forest.ts';
import { predictProba, predictProbaRow, treeProbabilities } from '../forest/predict.ts';
import { Rng } from '../forest/rng.ts';
import { forestShap } from '../explain/treeshap.ts';
import { countCover, importOnnxModel, OnnxImportError } from './onnxImport.ts';
import { forestToOnnx } from './onnxExport.ts';
import { ATTR, decodeModel, encodeModel, utf8, type ModelMsg } from './onnxProto.ts';
import { rowMajor, runOnnx } from './testOrt.ts';
import { mixedTable, REPO_ROOT, wdbcTable } from './testData.ts';

const FIXTURES = resolve(REPO_ROOT, 'testdata/onnx');
const fixture = (name: string) => new Uint8Array(readFileSync(resolve(FIXTURES, name)));

interface Expected {
  classes: string[];
  featureNames: string[];
  rows: number[][];
  proba: number[][];
}
const expectedOf = (name: string) =>
  JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf8')) as Expected;

/** Column-major float32 matrix of JSON rows (float32 values written in shortest form). */
function columns(rows: number[][]): Float32Array {
  const n = rows.length;
  const p = rows[0].length;
  const X = new Float32Array(n * p);
  for (let r = 0; r < n; r++) for (let f = 0; f < p; f++) X[f * n + r] = Math.fround(rows[r][f]);
  return X;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

async function ortProba(bytes: Uint8Array, X: Float32Array, nRows: number, nFeatures: number) {
  const out = await runOnnx(bytes, rowMajor(X, nRows, nFeatures), nRows, nFeatures);
  return out.probabilities.data as Float32Array;
}

describe('importOnnxModel: scikit-learn fixtures (skl2onnx layout)', () => {
  const cases = [
    ['rf_binary_opset3.onnx', 'expected_rf_binary.json', 15, 3],
    ['rf_iris_opset3.onnx', 'expected_rf_iris.json', 12, 3],
    ['rf_iris_opset5.onnx', 'expected_rf_iris.json', 36, 5],
  ] as const;
  for (const [file, exp, treesInFile, opset] of cases) {
    it(`${file}: probabilities equal scikit-learn's predict_proba and ONNX Runtime's within 1e-6`, async () => {
      const bytes = fixture(file);
      const { forest, info } = importOnnxModel(bytes);
      const e = expectedOf(exp);
      const n = e.rows.length;
      const X = columns(e.rows);
      const proba = predictProba(forest, X, n);
      expect(maxAbsDiff(proba, e.proba.flat())).toBeLessThan(1e-6);
      expect(maxAbsDiff(proba, await ortProba(bytes, X, n, forest.nFeatures))).toBeLessThan(1e-6);
      expect(info.mlOpset).toBe(opset);
      expect(info.treesInFile).toBe(treesInFile);
      // TreeEnsemble's per-class copies are merged back: one GenoForest tree per sklearn tree.
      expect(info.trees).toBe(opset === 5 ? 12 : treesInFile);
      expect(info.producerName).toMatch(/skl2onnx-style/);
      expect(info.featureNames).toEqual(e.featureNames);
      expect(info.inputName).toBe('X');
      if (opset === 3) expect(info.classLabels).toEqual(e.classes);
      // Each merged tree's leaves hold that tree's class fractions (they sum to 1).
      const perTree = treeProbabilities(
        forest,
        X.filter((_, i) => i % n === 0),
      );
      const k = forest.nClasses;
      for (let t = 0; t < forest.trees.length; t++) {
        let s = 0;
        for (let c = 0; c < k; c++) s += perTree[t * k + c];
        expect(s).toBeCloseTo(1, 5);
      }
    });
  }
});

describe('importOnnxModel: GenoForest round trip', () => {
  it('mixed table with a categorical column and NaN: import = GenoForest = ONNX Runtime (1e-6)', async () => {
    const t = mixedTable(400, 21, 3);
    const model = fitForest(t.X, t.nRows, t.nFeatures, t.isCat, t.y, 3, {
      nEstimators: 20,
      randomState: 4,
    });
    const bytes = forestToOnnx(model, { encoding: t.encoding, producerVersion: '0.1.0' });
    const { forest, info } = importOnnxModel(bytes);
    const a = predictProba(model, t.X, t.nRows);
    const b = predictProba(forest, t.X, t.nRows);
    expect(maxAbsDiff(a, b)).toBeLessThan(1e-6);
    expect(maxAbsDiff(b, await ortProba(bytes, t.X, t.nRows, t.nFeatures))).toBeLessThan(1e-6);
    expect(info.producerName).toBe('GenoForest');
    expect(info.producerVersion).toBe('0.1.0');
    expect(info.featureNames).toEqual(t.encoding.features.map((f) => f.name));
    expect(info.featureNamesSource).toBe('genoforest-preprocessing');
    expect(info.classLabels).toEqual(t.encoding.classes);
    expect(info.preprocessing?.features[3]).toMatchObject({ kind: 'categorical' });
    expect(forest.trees.length).toBe(20);
  });

  it('WDBC binary (single-weight form): import = GenoForest within 1e-6 on all 569 rows', () => {
    const t = wdbcTable();
    const model = fitForest(t.X, t.nRows, t.nFeatures, t.isCat, t.y, 2, {
      nEstimators: 40,
      randomState: 2,
    });
    const { forest } = importOnnxModel(forestToOnnx(model, { encoding: t.encoding }));
    expect(
      maxAbsDiff(predictProba(model, t.X, t.nRows), predictProba(forest, t.X, t.nRows)),
    ).toBeLessThan(1e-6);
    const row = Array.from({ length: t.nFeatures }, (_, f) => t.X[f * t.nRows]);
    expect(maxAbsDiff(predictProbaRow(model, row), predictProbaRow(forest, row))).toBeLessThan(
      1e-6,
    );
  });
});

/** A random TreeEnsembleClassifier using every comparison mode and missing direction. */
function randomModesModel(seed: number, nFeatures: number, nClasses: number): Uint8Array {
  const rng = new Rng(seed);
  const grid = [0.1, 0.5, 1 / 3, 2, -1.25].map(Math.fround);
  const modes = ['BRANCH_LEQ', 'BRANCH_LT', 'BRANCH_GTE', 'BRANCH_GT'];
  const n = {
    tree: [] as number[],
    node: [] as number[],
    feat: [] as number[],
    mode: [] as string[],
    val: [] as number[],
    t: [] as number[],
    f: [] as number[],
    miss: [] as number[],
  };
  const cls = { tree: [] as number[], node: [] as number[], id: [] as number[], w: [] as number[] };
  for (let tree = 0; tree < 8; tree++) {
    let next = 0;
    const grow = (depth: number): number => {
      const id = next++;
      const at = n.tree.length;
      n.tree.push(tree);
      n.node.push(id);
      if (depth === 4 || rng.nextFloat() < 0.15) {
        n.feat.push(0);
        n.mode.push('LEAF');
        n.val.push(0);
        n.t.push(0);
        n.f.push(0);
        n.miss.push(0);
        for (let c = 0; c < nClasses; c++) {
          cls.tree.push(tree);
          cls.node.push(id);
          cls.id.push(c);
          cls.w.push(rng.nextFloat() / 8);
        }
        return id;
      }
      n.feat.push(rng.nextInt(nFeatures));
      n.mode.push(modes[rng.nextInt(4)]);
      n.val.push(grid[rng.nextInt(grid.length)]);
      n.miss.push(rng.nextInt(2));
      n.t.push(0);
      n.f.push(0);
      n.t[at] = grow(depth + 1);
      n.f[at] = grow(depth + 1);
      return id;
    };
    grow(0);
  }
  const ints = (name: string, v: number[]) => ({ name, type: ATTR.INTS, ints: v });
  const model: ModelMsg = {
    irVersion: 8,
    opsetImport: [{ domain: 'ai.onnx.ml', version: 3 }],
    graph: {
      node: [
        {
          input: ['X'],
          output: ['label', 'probabilities'],
          opType: 'TreeEnsembleClassifier',
          domain: 'ai.onnx.ml',
          attribute: [
            ints('nodes_treeids', n.tree),
            ints('nodes_nodeids', n.node),
            ints('nodes_featureids', n.feat),
            { name: 'nodes_modes', type: ATTR.STRINGS, strings: n.mode.map(utf8) },
            { name: 'nodes_values', type: ATTR.FLOATS, floats: n.val },
            ints('nodes_truenodeids', n.t),
            ints('nodes_falsenodeids', n.f),
            ints('nodes_missing_value_tracks_true', n.miss),
            ints('class_treeids', cls.tree),
            ints('class_nodeids', cls.node),
            ints('class_ids', cls.id),
            { name: 'class_weights', type: ATTR.FLOATS, floats: cls.w },
            ints(
              'classlabels_int64s',
              Array.from({ length: nClasses }, (_, i) => i),
            ),
          ],
        },
      ],
      input: [
        {
          name: 'X',
          type: {
            tensorType: {
              elemType: 1,
              shape: { dim: [{ dimParam: 'N' }, { dimValue: nFeatures }] },
            },
          },
        },
      ],
      output: [
        { name: 'label', type: { tensorType: { elemType: 7 } } },
        { name: 'probabilities', type: { tensorType: { elemType: 1 } } },
      ],
    },
  };
  return encodeModel(model);
}

describe('importOnnxModel: comparison modes and missing directions', () => {
  it('BRANCH_LEQ/LT/GTE/GT with NaN and values at, just above and just below thresholds match ONNX Runtime', async () => {
    const nFeatures = 3;
    const bytes = randomModesModel(5, nFeatures, 3);
    const { forest } = importOnnxModel(bytes);
    const rng = new Rng(8);
    const f32 = new Float32Array(1);
    const i32 = new Int32Array(f32.buffer);
    const pool: number[] = [NaN];
    for (const v of [0.1, 0.5, 1 / 3, 2, -1.25].map(Math.fround)) {
      for (const d of [-1, 0, 1]) {
        f32[0] = v;
        i32[0] += d * Math.sign(v);
        pool.push(f32[0]);
      }
    }
    const nRows = 600;
    const X = new Float32Array(nRows * nFeatures);
    for (let i = 0; i < X.length; i++) X[i] = pool[rng.nextInt(pool.length)];
    const diff = maxAbsDiff(
      predictProba(forest, X, nRows),
      await ortProba(bytes, X, nRows, nFeatures),
    );
    expect(diff).toBeLessThan(1e-6);
  });
});

function refusal(bytes: Uint8Array): OnnxImportError {
  try {
    importOnnxModel(bytes);
  } catch (e) {
    if (e instanceof OnnxImportError) return e;
    throw e;
  }
  throw new Error('the model was accepted');
}

function edited(file: string, edit: (m: ModelMsg) => void): Uint8Array {
  const m = decodeModel(fixture(file));
  edit(m);
  return encodeModel(m);
}

describe('importOnnxModel refusals', () => {
  it('a regressor', () => {
    const e = refusal(fixture('rf_regressor.onnx'));
    expect(e.code).toBe('regressor');
    expect(e.message).toMatch(/TreeEnsembleRegressor/);
  });
  it('a non-tree model (LinearClassifier)', () => {
    const e = refusal(fixture('linear_classifier.onnx'));
    expect(e.code).toBe('not-tree-ensemble');
    expect(e.message).toMatch(/LinearClassifier/);
  });
  it('a pipeline with a Scaler before the trees', () => {
    const e = refusal(fixture('scaler_pipeline.onnx'));
    expect(e.code).toBe('pipeline');
    expect(e.message).toMatch(/Scaler/);
  });
  it('corrupted files: truncated, random bytes, empty', () => {
    const good = fixture('rf_iris_opset3.onnx');
    expect(refusal(good.slice(0, Math.floor(good.length / 2))).code).toBe('corrupt');
    const rng = new Rng(3);
    const junk = Uint8Array.from({ length: 4000 }, () => rng.nextInt(256));
    expect(refusal(junk).code).toBe('corrupt');
    expect(refusal(new Uint8Array(0)).code).toBe('corrupt');
  });
  it('a post-transform (SOFTMAX, LOGISTIC)', () => {
    for (const name of ['SOFTMAX', 'LOGISTIC']) {
      const bytes = edited('rf_iris_opset3.onnx', (m) => {
        const attr = m.graph?.node?.[0].attribute?.find((x) => x.name === 'post_transform');
        if (attr) attr.s = utf8(name);
      });
      const e = refusal(bytes);
      expect(e.code).toBe('post-transform');
      expect(e.message).toContain(name);
    }
    const opset5 = edited('rf_iris_opset5.onnx', (m) => {
      const attr = m.graph?.node?.[0].attribute?.find((x) => x.name === 'post_transform');
      if (attr) attr.i = 2;
    });
    expect(refusal(opset5).message).toContain('LOGISTIC');
  });
  it('equality splits and base values', () => {
    const eq = edited('rf_iris_opset3.onnx', (m) => {
      const attr = m.graph?.node?.[0].attribute?.find((x) => x.name === 'nodes_modes');
      if (attr?.strings) attr.strings[0] = utf8('BRANCH_EQ');
    });
    expect(refusal(eq).message).toMatch(/BRANCH_EQ/);
    const base = edited('rf_iris_opset3.onnx', (m) => {
      m.graph?.node?.[0].attribute?.push({
        name: 'base_values',
        type: ATTR.FLOATS,
        floats: [0.1, 0, 0],
      });
    });
    expect(refusal(base).message).toMatch(/base values/);
  });
  it('a double-precision input and MIN aggregation', () => {
    const dbl = edited('rf_iris_opset3.onnx', (m) => {
      const tt = m.graph?.input?.[0].type?.tensorType;
      if (tt) tt.elemType = 11;
    });
    const e = refusal(dbl);
    expect(e.code).toBe('unsupported');
    expect(e.message).toMatch(/double precision/);
    const min = edited('rf_iris_opset5.onnx', (m) => {
      const attr = m.graph?.node?.[0].attribute?.find((x) => x.name === 'aggregate_function');
      if (attr) attr.i = 2;
    });
    expect(refusal(min).message).toMatch(/MIN/);
  });
  it('a label-only operator after the trees is accepted, a Softmax is refused', () => {
    const zip = edited('rf_iris_opset3.onnx', (m) => {
      m.graph?.node?.push({
        input: ['probabilities'],
        output: ['zipped'],
        opType: 'ZipMap',
        domain: 'ai.onnx.ml',
      });
    });
    expect(importOnnxModel(zip).forest.trees.length).toBe(12);
    const soft = edited('rf_iris_opset3.onnx', (m) => {
      m.graph?.node?.push({ input: ['probabilities'], output: ['p2'], opType: 'Softmax' });
    });
    expect(refusal(soft).message).toMatch(/Softmax/);
  });
});

describe('countCover', () => {
  it('counts a local cohort through every tree (children add up to their parent)', () => {
    const { forest } = importOnnxModel(fixture('rf_iris_opset3.onnx'));
    const e = expectedOf('expected_rf_iris.json');
    const counted = countCover(forest, columns(e.rows), e.rows.length);
    for (const t of counted.trees) {
      expect(t.weight[0]).toBe(e.rows.length);
      for (let i = 0; i < t.nodeCount; i++) {
        if (t.left[i] !== -1) expect(t.weight[t.left[i]] + t.weight[t.right[i]]).toBe(t.weight[i]);
      }
    }
    expect(forest.trees[0].weight[0]).toBe(0);
  });
});

describe('explaining an imported model', () => {
  it('path-dependent TreeSHAP after countCover: base = cohort mean probability, values add up', () => {
    const { forest } = importOnnxModel(fixture('rf_binary_opset3.onnx'));
    const e = expectedOf('expected_rf_binary.json');
    const n = e.rows.length;
    const X = columns(e.rows);
    const counted = countCover(forest, X, n);
    const proba = predictProba(counted, X, n);
    const mean = [0, 1].map(
      (k) => proba.filter((_, i) => i % 2 === k).reduce((a, b) => a + b, 0) / n,
    );
    const row = e.rows[7].map(Math.fround);
    const { base, shap } = forestShap(counted, row);
    expect(base[1]).toBeCloseTo(mean[1], 9);
    let sum = base[1];
    for (let f = 0; f < counted.nFeatures; f++) sum += shap[f * 2 + 1];
    expect(sum).toBeCloseTo(predictProbaRow(counted, row)[1], 9);
  });
});
