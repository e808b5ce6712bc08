/**
 * Hostile .onnx files: node links that do not form trees, trees too deep to explain, numbers that would make the
 * import allocate gigabytes. Each is refused with an OnnxImportError naming what is wrong.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TREE_DEPTH } from '../forest/checkTree.ts';
import { predictProbaRow } from '../forest/predict.ts';
import { importOnnxModel, OnnxImportError } from './onnxImport.ts';
import { ATTR, decodeModel, encodeModel, utf8, type ModelMsg } from './onnxProto.ts';
import { REPO_ROOT } from './testData.ts';

interface Node {
  id: number;
  /** 'LEAF' or a split mode. */
  mode: string;
  value?: number;
  t?: number;
  f?: number;
  /** Class-1 probability of a leaf. */
  p?: number;
}

/** A two-class TreeEnsembleClassifier of one tree (tree id 0) with these nodes, on nFeatures float inputs. */
function classifier(nodes: Node[], nFeatures = 1): Uint8Array {
  const ints = (name: string, v: number[]) => ({ name, type: ATTR.INTS, ints: v });
  const leaves = nodes.filter((n) => n.mode === 'LEAF');
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
            ints(
              'nodes_treeids',
              nodes.map(() => 0),
            ),
            ints(
              'nodes_nodeids',
              nodes.map((n) => n.id),
            ),
            ints(
              'nodes_featureids',
              nodes.map(() => 0),
            ),
            { name: 'nodes_modes', type: ATTR.STRINGS, strings: nodes.map((n) => utf8(n.mode)) },
            { name: 'nodes_values', type: ATTR.FLOATS, floats: nodes.map((n) => n.value ?? 0) },
            ints(
              'nodes_truenodeids',
              nodes.map((n) => n.t ?? 0),
            ),
            ints(
              'nodes_falsenodeids',
              nodes.map((n) => n.f ?? 0),
            ),
            ints(
              'class_treeids',
              leaves.map(() => 0),
            ),
            ints(
              'class_nodeids',
              leaves.map((n) => n.id),
            ),
            // skl2onnx's two-class form: one weight per leaf, on class id 0, read as P(class 1).
            ints(
              'class_ids',
              leaves.map(() => 0),
            ),
            { name: 'class_weights', type: ATTR.FLOATS, floats: leaves.map((n) => n.p ?? 0.5) },
            ints('classlabels_int64s', [0, 1]),
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
      output: [{ name: 'probabilities', type: { tensorType: { elemType: 1 } } }],
    },
  };
  return encodeModel(model);
}

/** Splits 0..n-2 whose both branches go to the next node; node n - 1 is a leaf. */
function chain(n: number): Node[] {
  return Array.from({ length: n }, (_, j): Node =>
    j < n - 1
      ? { id: j, mode: 'BRANCH_LEQ', value: j, t: j + 1, f: j + 1 }
      : { id: j, mode: 'LEAF' },
  );
}

/** depth splits, each with a leaf on the true side and the next split on the false side. */
function caterpillar(depth: number): Node[] {
  const nodes: Node[] = [];
  for (let d = 0; d < depth; d++) {
    nodes.push({ id: 2 * d, mode: 'BRANCH_LEQ', value: d, t: 2 * d + 1, f: 2 * d + 2 });
    nodes.push({ id: 2 * d + 1, mode: 'LEAF', p: 0.25 });
  }
  nodes.push({ id: 2 * depth, mode: 'LEAF', p: 0.75 });
  return nodes;
}

function refusal(bytes: Uint8Array): OnnxImportError {
  try {
    importOnnxModel(bytes);
  } catch (e) {
    if (e instanceof OnnxImportError) return e;
    throw e;
  }
  throw new Error('the model was accepted');
}

const fixture = (name: string) =>
  new Uint8Array(readFileSync(resolve(REPO_ROOT, 'testdata/onnx', name)));

function edited(file: string, edit: (m: ModelMsg) => void): Uint8Array {
  const m = decodeModel(fixture(file));
  edit(m);
  return encodeModel(m);
}

describe('ONNX trees must be trees', () => {
  it('refuses a chain whose splits send both branches to the next split (24 and 40 nodes)', () => {
    for (const n of [24, 40]) {
      const e = refusal(classifier(chain(n)));
      expect(e.code).toBe('corrupt');
      expect(e.message).toBe(
        'The trees are not trees: node 0 sends both branches to the split node 1',
      );
    }
  });

  it('refuses a split that two splits link to, and a root that is a child', () => {
    const shared = classifier([
      { id: 0, mode: 'BRANCH_LEQ', t: 1, f: 2 },
      { id: 1, mode: 'BRANCH_LEQ', t: 3, f: 4 },
      { id: 2, mode: 'BRANCH_LEQ', t: 3, f: 4 },
      { id: 3, mode: 'BRANCH_LEQ', t: 5, f: 5 },
      { id: 4, mode: 'LEAF' },
      { id: 5, mode: 'LEAF' },
    ]);
    expect(refusal(shared).message).toBe(
      'The trees are not trees: node 3 is a child of both node 1 and node 2',
    );
    const m = decodeModel(fixture('rf_iris_opset5.onnx'));
    const roots = m.graph?.node?.[0].attribute?.find((a) => a.name === 'tree_roots');
    if (!roots?.ints) throw new Error('fixture without tree_roots');
    const attr = m.graph?.node?.[0].attribute ?? [];
    const trueIds = attr.find((a) => a.name === 'nodes_truenodeids')?.ints ?? [];
    const trueLeafs = attr.find((a) => a.name === 'nodes_trueleafs')?.ints ?? [];
    const split = trueIds.findIndex((_, i) => trueLeafs[i] === 0);
    roots.ints[1] = trueIds[split];
    expect(refusal(encodeModel(m)).message).toMatch(
      /^Tree 1 is not a tree: its root \(node \d+\) is a child of node \d+$/,
    );
  });

  it('reads a leaf that both branches of a split share (how GenoForest writes a one-leaf tree)', () => {
    const { forest } = importOnnxModel(
      classifier([
        { id: 0, mode: 'BRANCH_LEQ', t: 1, f: 1 },
        { id: 1, mode: 'LEAF', p: 0.3 },
      ]),
    );
    expect(Array.from(predictProbaRow(forest, [5]), (v) => Math.fround(v))).toEqual(
      [0.7, 0.3].map(Math.fround),
    );
  });

  it(`refuses a tree deeper than ${MAX_TREE_DEPTH} levels and reads one of ${MAX_TREE_DEPTH}`, () => {
    const e = refusal(classifier(caterpillar(MAX_TREE_DEPTH + 1)));
    expect(e.message).toBe(
      `Tree 0 is deeper than ${MAX_TREE_DEPTH} levels, more than a forest grows or TreeSHAP can explain`,
    );
    const { forest } = importOnnxModel(classifier(caterpillar(MAX_TREE_DEPTH)));
    expect(forest.trees[0].nodeCount).toBe(2 * MAX_TREE_DEPTH + 1);
  });

  it('refuses a split at NaN (ONNX Runtime and the engine would route values differently)', () => {
    const e = refusal(
      classifier([
        { id: 0, mode: 'BRANCH_GT', value: NaN, t: 1, f: 2 },
        { id: 1, mode: 'LEAF', p: 0.9 },
        { id: 2, mode: 'LEAF', p: 0.1 },
      ]),
    );
    expect(e.message).toBe('Tree 0 node 0 splits at NaN, which no value is at or below');
  });

  it('refuses a class weight that is not a finite number', () => {
    const e = refusal(
      classifier([
        { id: 0, mode: 'BRANCH_LEQ', t: 1, f: 2 },
        { id: 1, mode: 'LEAF', p: Infinity },
        { id: 2, mode: 'LEAF', p: 0.1 },
      ]),
    );
    expect(e.message).toBe('Tree 0 node 1 has a class weight of Infinity, not a finite number');
  });
});

describe('ONNX numbers that would allocate gigabytes', () => {
  it('a class count of two billion', () => {
    const bytes = edited('rf_iris_opset5.onnx', (m) => {
      const attr = m.graph?.node?.[0].attribute?.find((a) => a.name === 'n_targets');
      if (attr) attr.i = 2 ** 31 - 1;
    });
    const e = refusal(bytes);
    expect(e.code).toBe('unsupported');
    expect(e.message).toMatch(/2147483647 outputs; GenoForest opens classifiers of at most 65,536/);
  });

  it('an input of 2^40 features', () => {
    const bytes = edited('rf_iris_opset3.onnx', (m) => {
      const dim = m.graph?.input?.[0].type?.tensorType?.shape?.dim?.[1];
      if (dim) dim.dimValue = 2 ** 40;
    });
    expect(refusal(bytes).message).toMatch(
      /has 1099511627776 features; GenoForest opens models of at most 16,777,216/,
    );
  });

  it('a split on feature 2^40 with no declared width', () => {
    const bytes = edited('rf_iris_opset3.onnx', (m) => {
      const dim = m.graph?.input?.[0].type?.tensorType?.shape?.dim?.[1];
      if (dim) delete dim.dimValue;
      const f = m.graph?.node?.[0].attribute?.find((a) => a.name === 'nodes_featureids');
      if (f?.ints) f.ints[0] = 2 ** 40;
    });
    expect(refusal(bytes).message).toMatch(/reads feature 1099511627776/);
  });
});

describe('double-precision thresholds', () => {
  // 0.1 in float64 lies between two float32 values; Math.fround rounds it up, to 0.10000000149..., so a
  // float32 input equal to that value would go left (x <= t) after rounding but right in ONNX Runtime's
  // float64 comparison. Rounding down (float32AtMost) would be exact; the import refuses such files instead.
  it('a TreeEnsembleClassifier with nodes_values_as_tensor in double is refused, not rounded', () => {
    expect(Math.fround(0.1)).toBeGreaterThan(0.1);
    const m = decodeModel(
      classifier([
        { id: 0, mode: 'BRANCH_LEQ', value: 0, t: 1, f: 2 },
        { id: 1, mode: 'LEAF', p: 0.9 },
        { id: 2, mode: 'LEAF', p: 0.1 },
      ]),
    );
    const attrs = m.graph?.node?.[0].attribute ?? [];
    const at = attrs.findIndex((a) => a.name === 'nodes_values');
    attrs[at] = {
      name: 'nodes_values_as_tensor',
      type: ATTR.TENSOR,
      t: { dims: [3], dataType: 11, doubleData: [0.1, 0, 0] },
    };
    const e = refusal(encodeModel(m));
    expect(e.code).toBe('unsupported');
    expect(e.message).toBe(
      'nodes_values is stored in double precision; GenoForest reads models with float32 thresholds and weights',
    );
  });

  it('a TreeEnsemble with nodes_splits in double is refused', () => {
    const bytes = edited('rf_iris_opset5.onnx', (m) => {
      const splits = m.graph?.node?.[0].attribute?.find((a) => a.name === 'nodes_splits');
      if (!splits?.t) throw new Error('fixture without nodes_splits');
      const n = splits.t.dims?.[0] ?? 0;
      splits.t = { dims: [n], dataType: 11, doubleData: new Array<number>(n).fill(0.1) };
    });
    expect(refusal(bytes).message).toMatch(/^nodes_splits is stored in double precision/);
  });
});
