/**
 * .onnx file -> a GenoForest forest. Accepted: one tree-ensemble classifier reading the model's float input
 * directly — TreeEnsembleClassifier (ai.onnx.ml opset 1-3, as skl2onnx and onnxmltools write it) or
 * TreeEnsemble (ai.onnx.ml opset 5) — with post_transform NONE and no base values, optionally followed by
 * operators that only derive labels (ZipMap, ArgMax, Cast, ...). Everything else is refused with an
 * OnnxImportError naming what was found: a regressor, another model type, a pipeline with operators before
 * the trees, a post-transform (SOFTMAX, LOGISTIC, ... change the probabilities non-linearly), equality
 * splits, double-precision inputs, or a corrupted file.
 *
 * The result is an ordinary ForestModel (trees in forest/types.ts layout): predictProba, treeProbabilities,
 * goesLeft and interventional TreeSHAP work on it unchanged. Inputs must be float32 values (a Float32Array
 * row or column-major matrix, or Math.fround'ed numbers; NaN = missing) for comparisons to match ONNX
 * Runtime exactly. Node sample counts do not exist in ONNX: tree.weight is 0 until countCover fills it from
 * a local cohort (path-dependent TreeSHAP needs it).
 */
import { DEFAULT_PARAMS, type ForestModel } from '../forest/types.ts';
import { goesLeft } from '../forest/predict.ts';
import {
  asColumns,
  columnValue,
  isFeatureColumns,
  type FeatureColumns,
} from '../forest/featureColumns.ts';
import {
  decodeModel,
  DTYPE,
  text,
  type GraphMsg,
  type ModelMsg,
  type NodeMsg,
} from './onnxProto.ts';
import { OnnxImportError } from './onnxAttributes.ts';
import { readTreeEnsemble, readTreeEnsembleClassifier } from './onnxLayouts.ts';
import { buildTrees } from './onnxTrees.ts';
import { PREPROCESSING_FORMAT, PREPROCESSING_KEY, type PreprocessingSpec } from './onnxExport.ts';

export { OnnxImportError, type OnnxImportErrorCode } from './onnxAttributes.ts';

/** Where an imported model came from, for the model card and the column mapping. */
export interface OnnxModelInfo {
  producerName: string;
  producerVersion: string;
  irVersion: number;
  /** Opset of the ai.onnx.ml domain the file imports (null when absent). */
  mlOpset: number | null;
  operator: 'TreeEnsembleClassifier' | 'TreeEnsemble';
  modelVersion: number;
  docString: string;
  graphName: string;
  /** Name of the graph input the trees read (skl2onnx: the initial_types name). */
  inputName: string;
  nFeatures: number;
  /** Column names the file carries, in feature order, or null (then the user maps columns). */
  featureNames: string[] | null;
  featureNamesSource: 'genoforest-preprocessing' | 'metadata feature_names' | null;
  classLabels: string[];
  /** Trees in the file (TreeEnsemble writes one per class) and after merging per-class copies. */
  treesInFile: number;
  trees: number;
  /** GenoForest's own preprocessing spec when the file was exported by GenoForest. */
  preprocessing: PreprocessingSpec | null;
  metadata: Record<string, string>;
}

/** A parsed model: the forest (engine layout) and what the file says about itself. */
export interface ImportedOnnxModel {
  forest: ForestModel;
  info: OnnxModelInfo;
}

/** Features an imported model may read: 2^24 (16.8 million), above any genotype panel the app loads. */
const MAX_FEATURES = 2 ** 24;

const TREE_OPS = new Set(['TreeEnsembleClassifier', 'TreeEnsemble']);
/** Operators after the trees that only derive labels or reshape, leaving the probabilities as they are. */
const LABEL_OPS = new Set([
  'ZipMap',
  'ArgMax',
  'Cast',
  'Identity',
  'ArrayFeatureExtractor',
  'Gather',
  'Reshape',
  'Squeeze',
  'Unsqueeze',
  'Shape',
  'Constant',
  'LabelEncoder',
]);

/** Parse and check an .onnx file holding a tree-ensemble classifier; throws OnnxImportError otherwise. */
export function importOnnxModel(bytes: Uint8Array): ImportedOnnxModel {
  let model: ModelMsg;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    throw new OnnxImportError(
      'corrupt',
      `The file is not a readable ONNX model (damaged or not ONNX: ${(e as Error).message})`,
    );
  }
  const graph = model.graph;
  if (!graph || !model.irVersion || !graph.node || graph.node.length === 0) {
    throw new OnnxImportError('corrupt', 'The file is not a readable ONNX model (it has no graph)');
  }
  const treeNode = findTreeNode(graph);
  const { inputName, nFeaturesDeclared } = checkInput(graph, treeNode);
  checkDownstream(graph, treeNode);
  const metadata: Record<string, string> = {};
  for (const p of model.metadataProps ?? []) if (p.key) metadata[p.key] = p.value ?? '';
  const preprocessing = readPreprocessing(metadata);
  const read =
    treeNode.opType === 'TreeEnsemble'
      ? readTreeEnsemble(treeNode)
      : readTreeEnsembleClassifier(treeNode);
  const maxFeature = read.graph.feature.reduce((m, f) => Math.max(m, f), -1);
  if (maxFeature >= MAX_FEATURES) {
    throw new OnnxImportError(
      'corrupt',
      `A split reads feature ${maxFeature}; GenoForest opens models of at most ${MAX_FEATURES.toLocaleString('en-US')} features`,
    );
  }
  const nFeatures =
    nFeaturesDeclared ?? Math.max(maxFeature + 1, preprocessing?.features.length ?? 0, 1);
  const trees = buildTrees(read.graph, nFeatures, read.scoring);
  const { names, source } = featureNames(metadata, preprocessing, nFeatures);
  const forest: ForestModel = {
    params: { ...DEFAULT_PARAMS, nEstimators: trees.length, bootstrap: false, oobScore: false },
    nFeatures,
    nClasses: read.scoring.nClasses,
    trees,
    // Unknown without training data; the app shows explanations (TreeSHAP) instead of MDI importances.
    featureImportances: new Float64Array(nFeatures),
    oobProba: null,
    oobScore: null,
  };
  const mlOpset = model.opsetImport?.find((o) => o.domain === 'ai.onnx.ml')?.version ?? null;
  return {
    forest,
    info: {
      producerName: model.producerName ?? '',
      producerVersion: model.producerVersion ?? '',
      irVersion: model.irVersion,
      mlOpset,
      operator: treeNode.opType as OnnxModelInfo['operator'],
      modelVersion: model.modelVersion ?? 0,
      docString: model.docString ?? '',
      graphName: graph.name ?? '',
      inputName,
      nFeatures,
      featureNames: names,
      featureNamesSource: source,
      classLabels: classLabels(read.classLabels, treeNode, graph, preprocessing),
      treesInFile: read.graph.roots.length,
      trees: trees.length,
      preprocessing,
      metadata,
    },
  };
}

function findTreeNode(graph: GraphMsg): NodeMsg {
  const nodes = graph.node ?? [];
  const trees = nodes.filter((n) => TREE_OPS.has(n.opType ?? '') && n.domain === 'ai.onnx.ml');
  if (trees.length === 1) return trees[0];
  if (trees.length > 1) {
    throw new OnnxImportError(
      'unsupported',
      `The model combines ${trees.length} tree ensembles (stacking or voting); GenoForest reads a single forest`,
    );
  }
  const ops = [...new Set(nodes.map((n) => n.opType ?? '?'))];
  if (ops.includes('TreeEnsembleRegressor')) {
    throw new OnnxImportError(
      'regressor',
      'The model is a tree-ensemble regressor (TreeEnsembleRegressor): it predicts a number, not class probabilities. GenoForest opens classifiers only',
    );
  }
  throw new OnnxImportError(
    'not-tree-ensemble',
    `The model is not a tree-ensemble classifier: its operators are ${ops.join(', ')}. GenoForest opens TreeEnsembleClassifier and TreeEnsemble models`,
  );
}

function checkInput(
  graph: GraphMsg,
  treeNode: NodeMsg,
): { inputName: string; nFeaturesDeclared: number | null } {
  const inputName = treeNode.input?.[0] ?? '';
  const input = (graph.input ?? []).find((i) => i.name === inputName);
  if (!input) {
    const producer = (graph.node ?? []).find((n) => (n.output ?? []).includes(inputName));
    const chain = producer ? `${producer.opType ?? '?'}` : 'another operator';
    throw new OnnxImportError(
      'pipeline',
      `The model is a pipeline: its input passes through ${chain} before the trees. GenoForest reads trees that take the raw feature columns; export the forest alone`,
    );
  }
  const tt = input.type?.tensorType;
  if (!tt)
    throw new OnnxImportError('unsupported', `The model's input "${inputName}" is not a tensor`);
  if (tt.elemType !== DTYPE.FLOAT) {
    const what = tt.elemType === DTYPE.DOUBLE ? 'double precision' : `element type ${tt.elemType}`;
    throw new OnnxImportError(
      'unsupported',
      `The model's input "${inputName}" is ${what}; GenoForest reads models with a float32 input`,
    );
  }
  const dims = tt.shape?.dim ?? [];
  const last = dims.length === 2 ? dims[1].dimValue : undefined;
  // A bare number from the file: bounded before anything is allocated per feature.
  if (last !== undefined && last > MAX_FEATURES) {
    throw new OnnxImportError(
      'unsupported',
      `The model's input "${inputName}" has ${last} features; GenoForest opens models of at most ${MAX_FEATURES.toLocaleString('en-US')}`,
    );
  }
  return { inputName, nFeaturesDeclared: last && last > 0 ? last : null };
}

/** Nodes other than the trees must hang below the trees' outputs and only derive labels. */
function checkDownstream(graph: GraphMsg, treeNode: NodeMsg): void {
  const derived = new Set(treeNode.output ?? []);
  for (const n of graph.node ?? []) {
    if (n === treeNode) continue;
    const ins = (n.input ?? []).filter((i) => i !== '');
    const fromTrees = ins.length === 0 || ins.some((i) => derived.has(i));
    if (!fromTrees) {
      throw new OnnxImportError(
        'pipeline',
        `The model is a pipeline with a ${n.opType ?? '?'} operator beside the trees; GenoForest reads a forest alone`,
      );
    }
    if (!LABEL_OPS.has(n.opType ?? '')) {
      throw new OnnxImportError(
        'post-transform',
        `The model transforms the trees' scores with a ${n.opType ?? '?'} operator; GenoForest reads forests whose scores are the probabilities`,
      );
    }
    for (const o of n.output ?? []) derived.add(o);
  }
}

/**
 * TreeEnsemble has no class labels: take GenoForest's own spec, else a string Constant of the right size
 * that the graph gathers labels from (ArgMax + Gather), else the class indexes.
 */
function classLabels(
  fromNode: string[],
  treeNode: NodeMsg,
  graph: GraphMsg,
  spec: PreprocessingSpec | null,
): string[] {
  if (treeNode.opType !== 'TreeEnsemble') return fromNode;
  if (spec && spec.classes.length === fromNode.length) return [...spec.classes];
  for (const n of graph.node ?? []) {
    const t = n.opType === 'Constant' ? n.attribute?.find((a) => a.name === 'value')?.t : undefined;
    if (t?.dataType === DTYPE.STRING && t.stringData?.length === fromNode.length) {
      return t.stringData.map(text);
    }
  }
  return fromNode;
}

function readPreprocessing(metadata: Record<string, string>): PreprocessingSpec | null {
  const raw = metadata[PREPROCESSING_KEY];
  if (!raw) return null;
  try {
    const spec = JSON.parse(raw) as PreprocessingSpec;
    return spec.format === PREPROCESSING_FORMAT && Array.isArray(spec.features) ? spec : null;
  } catch {
    return null;
  }
}

function featureNames(
  metadata: Record<string, string>,
  spec: PreprocessingSpec | null,
  nFeatures: number,
): { names: string[] | null; source: OnnxModelInfo['featureNamesSource'] } {
  if (spec && spec.features.length === nFeatures) {
    return { names: spec.features.map((f) => f.name), source: 'genoforest-preprocessing' };
  }
  const raw = metadata.feature_names ?? metadata.feature_names_in_;
  if (raw) {
    let names: unknown;
    try {
      names = JSON.parse(raw);
    } catch {
      names = raw.split(/[\n,]/).map((s) => s.trim());
    }
    if (
      Array.isArray(names) &&
      names.length === nFeatures &&
      names.every((n) => typeof n === 'string')
    ) {
      return { names: names as string[], source: 'metadata feature_names' };
    }
  }
  return { names: null, source: null };
}

/**
 * A copy of an imported forest whose node weights count the rows of a local cohort (X column-major,
 * float32, NaN = missing; or feature columns, genotypes 2-bit packed): the cover path-dependent TreeSHAP needs,
 * which ONNX files do not carry.
 */
export function countCover(
  forest: ForestModel,
  X: Float32Array | FeatureColumns,
  nRows: number,
): ForestModel {
  const shape = isFeatureColumns(X)
    ? X.nRows === nRows && X.nFeatures === forest.nFeatures
    : X.length === nRows * forest.nFeatures;
  if (!shape) {
    const values = isFeatureColumns(X) ? X.nRows * X.nFeatures : X.length;
    throw new Error(
      `X has ${values} values, expected ${nRows} rows × ${forest.nFeatures} features`,
    );
  }
  const columns = asColumns(X, nRows);
  const trees = forest.trees.map((t) => {
    const weight = new Float64Array(t.nodeCount);
    for (let r = 0; r < nRows; r++) {
      let node = 0;
      weight[0]++;
      while (t.left[node] !== -1) {
        const v = columnValue(columns, t.feature[node], r);
        node = goesLeft(t, node, v) ? t.left[node] : t.right[node];
        weight[node]++;
      }
    }
    return { ...t, weight };
  });
  return { ...forest, trees };
}
