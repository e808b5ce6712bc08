/**
 * GenoForest forest -> ONNX-ML TreeEnsembleClassifier (domain ai.onnx.ml, opset 3), written the way skl2onnx
 * writes a RandomForestClassifier with zipmap=False: BRANCH_LEQ splits, leaf weights = class probability ÷
 * number of trees (summed by ONNX Runtime), string class labels, for two classes the single weight of the
 * second class (ONNX Runtime returns [1 - s, s]), outputs "label" and "probabilities" (no ZipMap).
 *
 * Missing values: the input holds NaN and each split's direction is written to
 * nodes_missing_value_tracks_true. Thresholds are cast to the largest float32 not above the engine's float64
 * threshold, so every float32 input takes the same branch as in GenoForest.
 *
 * Categorical features are fed as the category index (0-based position in the model's category list; NaN
 * for missing or unseen values, exactly as GenoForest encodes them). A categorical split's bitset is written
 * as a chain of BRANCH_LEQ nodes at k + 0.5, one per change of membership along the category indices, each
 * ending in its own copy of the child subtree (ONNX trees cannot share nodes). The "genoforest.preprocessing"
 * metadata entry describes how to build the input from raw columns (see buildPreprocessingSpec).
 *
 * Layout "auto" (the default) writes this opset-3 TreeEnsembleClassifier unless the categorical chains
 * would make the file more than EXPANSION_LIMIT times the forest's node count (nested categorical splits
 * multiply subtree copies); then it writes TreeEnsemble (ai.onnx.ml opset 5), where one BRANCH_MEMBER node
 * holds a category set (onnxWriteEnsemble.ts), followed by ArgMax and Gather for the string label.
 */
import type { ForestModel, Tree } from '../forest/types.ts';
import type { Encoding } from '../data/types.ts';
import { MAX_CATEGORY_BIN } from '../forest/predict.ts';
import { MISSING_TOKENS } from '../data/values.ts';
import {
  ATTR,
  DTYPE,
  encodeModel,
  utf8,
  type AttributeMsg,
  type GraphMsg,
  type ModelMsg,
} from './onnxProto.ts';
import { float32AtMost } from './float32.ts';
import { ensembleAttributes } from './onnxWriteEnsemble.ts';

/** Metadata key of the preprocessing spec (JSON of PreprocessingSpec). */
export const PREPROCESSING_KEY = 'genoforest.preprocessing';
export const PREPROCESSING_FORMAT = 'genoforest-onnx-preprocessing';
/** ONNX nodes per exported opset-3 model above which export stops (categorical chains multiply subtrees). */
export const MAX_EXPORT_NODES = 20_000_000;
/** Layout "auto" leaves opset 3 when its node count would exceed this multiple of the forest's. */
export const EXPANSION_LIMIT = 3;

/** Which ONNX-ML operator the forest is written as; "auto" picks as described in the module comment. */
export type OnnxLayout = 'auto' | 'TreeEnsembleClassifier' | 'TreeEnsemble';

/** How a user turns raw columns into the model's float input (stored in the model's metadata). */
export interface PreprocessingSpec {
  format: typeof PREPROCESSING_FORMAT;
  version: 1;
  input: { name: string; elementType: 'float32'; shape: ['N', number]; layout: string };
  missing: { encodedAs: 'NaN'; tokens: string[] };
  decimalComma: boolean;
  features: (
    | { index: number; name: string; kind: 'numeric' }
    | { index: number; name: string; kind: 'categorical'; categories: string[]; encode: string }
  )[];
  target: string;
  classes: string[];
  outputs: { label: string; probabilities: string };
}

export interface OnnxExportOptions {
  /** The training encoding: feature names, category lists and class labels (recommended). */
  encoding?: Encoding;
  /** GenoForest version written as producer_version. */
  producerVersion?: string;
  /** Free text stored as the model's doc_string. */
  description?: string;
  /** Operator layout; default "auto". */
  layout?: OnnxLayout;
}

type ExportModel = Pick<ForestModel, 'trees' | 'nClasses' | 'nFeatures'>;

/** Input tensor and output names of exported models. */
export const ONNX_IO = { input: 'X', label: 'label', probabilities: 'probabilities' } as const;

/** The preprocessing spec of a model (feature order, categorical codes, missing tokens) for metadata and UI. */
export function buildPreprocessingSpec(
  nFeatures: number,
  nClasses: number,
  encoding?: Encoding,
): PreprocessingSpec {
  const features: PreprocessingSpec['features'] = [];
  for (let f = 0; f < nFeatures; f++) {
    const e = encoding?.features[f];
    if (e && e.kind === 'categorical') {
      features.push({
        index: f,
        name: e.name,
        kind: 'categorical',
        categories: [...e.categories],
        encode:
          'position of the (trimmed) cell text in categories, 0-based; missing or unseen values -> NaN',
      });
    } else features.push({ index: f, name: e ? e.name : `f${f}`, kind: 'numeric' });
  }
  return {
    format: PREPROCESSING_FORMAT,
    version: 1,
    input: {
      name: ONNX_IO.input,
      elementType: 'float32',
      shape: ['N', nFeatures],
      layout: 'one row per patient, features in the order of "features"',
    },
    missing: { encodedAs: 'NaN', tokens: [...MISSING_TOKENS] },
    decimalComma: encoding?.decimalComma ?? false,
    features,
    target: encoding?.target ?? 'outcome',
    classes: classLabels(nClasses, encoding),
    outputs: {
      label: `${ONNX_IO.label}: string [N], the most probable class`,
      probabilities: `${ONNX_IO.probabilities}: float32 [N, ${nClasses}], columns in the order of "classes"`,
    },
  };
}

function classLabels(nClasses: number, encoding?: Encoding): string[] {
  if (encoding && encoding.classes.length === nClasses) return [...encoding.classes];
  return Array.from({ length: nClasses }, (_, k) => String(k));
}

/** Attribute arrays of TreeEnsembleClassifier being filled. */
interface Attrs {
  treeIds: number[];
  nodeIds: number[];
  featureIds: number[];
  modes: string[];
  values: number[];
  trueIds: number[];
  falseIds: number[];
  missingTrue: number[];
  classTree: number[];
  classNode: number[];
  classIds: number[];
  classWeights: number[];
}

/** Category count per feature (255 when unknown: then every bit of the engine's bitset is kept). */
function categoryCounts(model: ExportModel, encoding?: Encoding): number[] {
  return Array.from({ length: model.nFeatures }, (_, f) => {
    const e = encoding?.features[f];
    return e && e.kind === 'categorical' ? Math.max(1, e.categories.length) : MAX_CATEGORY_BIN + 1;
  });
}

class OverBudget extends Error {}

function writeTree(
  tree: Tree,
  treeId: number,
  nTrees: number,
  nCat: number[],
  a: Attrs,
  budget: number,
): void {
  let nextId = 0;
  const k = tree.nClasses;
  const push = (feature: number, mode: string, value: number, missingTrue: number): number => {
    const id = nextId++;
    a.treeIds.push(treeId);
    a.nodeIds.push(id);
    a.featureIds.push(feature);
    a.modes.push(mode);
    a.values.push(value);
    a.trueIds.push(0);
    a.falseIds.push(0);
    a.missingTrue.push(missingTrue);
    if (a.treeIds.length > budget) throw new OverBudget();
    return a.treeIds.length - 1;
  };
  const emit = (i: number): number => {
    const id = nextId;
    if (tree.left[i] === -1) {
      push(0, 'LEAF', 0, 0);
      if (k === 2) {
        a.classTree.push(treeId);
        a.classNode.push(id);
        a.classIds.push(0);
        a.classWeights.push(tree.value[i * 2 + 1] / nTrees);
      } else {
        for (let c = 0; c < k; c++) {
          a.classTree.push(treeId);
          a.classNode.push(id);
          a.classIds.push(c);
          a.classWeights.push(tree.value[i * k + c] / nTrees);
        }
      }
      return id;
    }
    const f = tree.feature[i];
    if (tree.catOffset[i] < 0) {
      const at = push(f, 'BRANCH_LEQ', float32AtMost(tree.threshold[i]), tree.missingLeft[i]);
      a.trueIds[at] = emit(tree.left[i]);
      a.falseIds[at] = emit(tree.right[i]);
      return id;
    }
    return emitCategorical(i, f);
  };
  const emitCategorical = (i: number, f: number): number => {
    const off = tree.catOffset[i];
    const member = (c: number): boolean => {
      const b = Math.min(c, MAX_CATEGORY_BIN);
      return ((tree.catBits[off + (b >>> 5)] >>> (b & 31)) & 1) === 1;
    };
    const missingDest = tree.missingLeft[i] === 1;
    // Regions of equal membership along the category indices 0..n-1; the last one extends to +Infinity.
    const regionLeft: boolean[] = [member(0)];
    const bounds: number[] = [];
    for (let c = 1; c < nCat[f]; c++) {
      const m = member(c);
      if (m !== regionLeft[regionLeft.length - 1]) {
        bounds.push(c - 0.5);
        regionLeft.push(m);
      }
    }
    const child = (goLeft: boolean): number => emit(goLeft ? tree.left[i] : tree.right[i]);
    if (bounds.length === 0) {
      if (regionLeft[0] === missingDest) return child(missingDest);
      const id = nextId;
      const at = push(f, 'BRANCH_LEQ', Math.fround(nCat[f] - 0.5), 0);
      a.trueIds[at] = child(regionLeft[0]);
      a.falseIds[at] = child(missingDest);
      return id;
    }
    // Regions alternate, so NaN is sent to the first chain node whose region is the missing direction.
    let missingPlaced = false;
    const first = nextId;
    let prev = -1;
    for (let j = 0; j < bounds.length; j++) {
      const tracks = !missingPlaced && regionLeft[j] === missingDest;
      if (tracks) missingPlaced = true;
      const id = nextId;
      const at = push(f, 'BRANCH_LEQ', bounds[j], tracks ? 1 : 0);
      if (prev >= 0) a.falseIds[prev] = id;
      a.trueIds[at] = child(regionLeft[j]);
      prev = at;
    }
    a.falseIds[prev] = child(regionLeft[bounds.length]);
    return first;
  };
  emit(0);
}

const ints = (name: string, v: number[]): AttributeMsg => ({ name, type: ATTR.INTS, ints: v });
const floats = (name: string, v: number[]): AttributeMsg => ({
  name,
  type: ATTR.FLOATS,
  floats: v,
});
const strings = (name: string, v: string[]): AttributeMsg => ({
  name,
  type: ATTR.STRINGS,
  strings: v.map(utf8),
});

/** Write a forest as .onnx bytes (TreeEnsembleClassifier opset 3 or TreeEnsemble opset 5); see the module comment. */
export function forestToOnnx(model: ExportModel, options: OnnxExportOptions = {}): Uint8Array {
  const { encoding } = options;
  const layout = options.layout ?? 'auto';
  if (model.nClasses < 2) throw new Error('ONNX export needs a model with at least two classes');
  if (model.trees.length === 0) throw new Error('ONNX export needs a model with at least one tree');
  if (encoding && encoding.features.length !== model.nFeatures) {
    throw new Error(
      `The encoding has ${encoding.features.length} features but the model uses ${model.nFeatures}`,
    );
  }
  const nCat = categoryCounts(model, encoding);
  const spec = buildPreprocessingSpec(model.nFeatures, model.nClasses, encoding);
  let graph: GraphMsg | null = null;
  let mlOpset = 3;
  if (layout !== 'TreeEnsemble') {
    const engineNodes = model.trees.reduce((s, t) => s + t.nodeCount, 0);
    const budget = layout === 'auto' ? EXPANSION_LIMIT * engineNodes + 1000 : MAX_EXPORT_NODES;
    try {
      graph = classifierGraph(model, nCat, spec, budget);
    } catch (e) {
      if (!(e instanceof OverBudget)) throw e;
      if (layout !== 'auto') {
        throw new Error(
          `The ONNX model would have more than ${MAX_EXPORT_NODES} nodes (categorical splits are expanded); ` +
            'export it with the TreeEnsemble layout',
          { cause: e },
        );
      }
    }
  }
  if (!graph) {
    graph = ensembleGraph(model, nCat, spec);
    mlOpset = 5;
  }
  const msg: ModelMsg = {
    irVersion: 8,
    opsetImport: [
      { domain: '', version: 18 },
      { domain: 'ai.onnx.ml', version: mlOpset },
    ],
    producerName: 'GenoForest',
    producerVersion: options.producerVersion ?? '',
    domain: 'genoforest',
    modelVersion: 1,
    docString: options.description ?? 'Random forest classifier trained in GenoForest',
    metadataProps: [{ key: PREPROCESSING_KEY, value: JSON.stringify(spec) }],
    graph,
  };
  return encodeModel(msg);
}

function ioInfo(model: ExportModel) {
  return {
    input: [tensorInfo(ONNX_IO.input, DTYPE.FLOAT, [null, model.nFeatures])],
    output: [
      tensorInfo(ONNX_IO.label, DTYPE.STRING, [null]),
      tensorInfo(ONNX_IO.probabilities, DTYPE.FLOAT, [null, model.nClasses]),
    ],
  };
}

function classifierGraph(
  model: ExportModel,
  nCat: number[],
  spec: PreprocessingSpec,
  budget: number,
): GraphMsg {
  const a: Attrs = {
    treeIds: [],
    nodeIds: [],
    featureIds: [],
    modes: [],
    values: [],
    trueIds: [],
    falseIds: [],
    missingTrue: [],
    classTree: [],
    classNode: [],
    classIds: [],
    classWeights: [],
  };
  model.trees.forEach((t, i) => writeTree(t, i, model.trees.length, nCat, a, budget));
  return {
    name: 'genoforest_random_forest',
    node: [
      {
        input: [ONNX_IO.input],
        output: [ONNX_IO.label, ONNX_IO.probabilities],
        name: 'TreeEnsembleClassifier',
        opType: 'TreeEnsembleClassifier',
        domain: 'ai.onnx.ml',
        attribute: [
          ints('class_ids', a.classIds),
          ints('class_nodeids', a.classNode),
          ints('class_treeids', a.classTree),
          floats('class_weights', a.classWeights),
          strings('classlabels_strings', spec.classes),
          ints('nodes_falsenodeids', a.falseIds),
          ints('nodes_featureids', a.featureIds),
          ints('nodes_missing_value_tracks_true', a.missingTrue),
          strings('nodes_modes', a.modes),
          ints('nodes_nodeids', a.nodeIds),
          ints('nodes_treeids', a.treeIds),
          ints('nodes_truenodeids', a.trueIds),
          floats('nodes_values', a.values),
          { name: 'post_transform', type: ATTR.STRING, s: utf8('NONE') },
        ],
      },
    ],
    ...ioInfo(model),
  };
}

const floatTensor = (name: string, v: number[]): AttributeMsg => ({
  name,
  type: ATTR.TENSOR,
  t: { dims: [v.length], dataType: DTYPE.FLOAT, floatData: v },
});

function ensembleGraph(model: ExportModel, nCat: number[], spec: PreprocessingSpec): GraphMsg {
  const a = ensembleAttributes(model.trees, model.nClasses, nCat);
  const attribute: AttributeMsg[] = [
    ints('nodes_featureids', a.featureIds),
    floatTensor('nodes_splits', a.splits),
    {
      name: 'nodes_modes',
      type: ATTR.TENSOR,
      t: { dims: [a.modes.length], dataType: DTYPE.UINT8, rawData: Uint8Array.from(a.modes) },
    },
    ints('nodes_truenodeids', a.trueIds),
    ints('nodes_trueleafs', a.trueLeafs),
    ints('nodes_falsenodeids', a.falseIds),
    ints('nodes_falseleafs', a.falseLeafs),
    ints('nodes_missing_value_tracks_true', a.missingTrue),
    ints('leaf_targetids', a.leafTargets),
    floatTensor('leaf_weights', a.leafWeights),
    ints('tree_roots', a.roots),
    { name: 'aggregate_function', type: ATTR.INT, i: 1 },
    { name: 'post_transform', type: ATTR.INT, i: 0 },
    { name: 'n_targets', type: ATTR.INT, i: model.nClasses },
  ];
  if (a.membership.length > 0) attribute.push(floatTensor('membership_values', a.membership));
  return {
    name: 'genoforest_random_forest',
    node: [
      {
        input: [ONNX_IO.input],
        output: [ONNX_IO.probabilities],
        name: 'TreeEnsemble',
        opType: 'TreeEnsemble',
        domain: 'ai.onnx.ml',
        attribute,
      },
      {
        input: [ONNX_IO.probabilities],
        output: ['label_index'],
        name: 'ArgMax',
        opType: 'ArgMax',
        attribute: [
          { name: 'axis', type: ATTR.INT, i: 1 },
          { name: 'keepdims', type: ATTR.INT, i: 0 },
        ],
      },
      {
        output: ['class_labels'],
        name: 'Classes',
        opType: 'Constant',
        attribute: [
          {
            name: 'value',
            type: ATTR.TENSOR,
            t: {
              dims: [spec.classes.length],
              dataType: DTYPE.STRING,
              stringData: spec.classes.map(utf8),
            },
          },
        ],
      },
      {
        input: ['class_labels', 'label_index'],
        output: [ONNX_IO.label],
        name: 'Label',
        opType: 'Gather',
        attribute: [{ name: 'axis', type: ATTR.INT, i: 0 }],
      },
    ],
    ...ioInfo(model),
  };
}

function tensorInfo(name: string, elemType: number, dims: (number | null)[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (d === null ? { dimParam: 'N' } : { dimValue: d })) },
      },
    },
  };
}
