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
import type { ForestModel } from '../forest/types.ts';
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
import { ensembleAttributes } from './onnxWriteEnsemble.ts';
import { classifierAttributes, OverBudget } from './onnxWriteClassifier.ts';

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

/** Category count per feature (255 when unknown: then every bit of the engine's bitset is kept). */
function categoryCounts(model: ExportModel, encoding?: Encoding): number[] {
  return Array.from({ length: model.nFeatures }, (_, f) => {
    const e = encoding?.features[f];
    return e && e.kind === 'categorical' ? Math.max(1, e.categories.length) : MAX_CATEGORY_BIN + 1;
  });
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
  const a = classifierAttributes(model.trees, nCat, budget);
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
