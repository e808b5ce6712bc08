/**
 * The two tree-ensemble layouts of ONNX-ML read into one SplitGraph: TreeEnsembleClassifier (opset 1-3:
 * splits and leaves share nodes_* lists keyed by tree and node id, leaf votes in class_*) and TreeEnsemble
 * (opset 5: splits in nodes_*, leaves in leaf_*, roots in tree_roots). Checks lengths and refuses scoring
 * that a mean of trees cannot reproduce exactly (post-transforms, base values, MIN/MAX aggregation).
 */
import type { NodeMsg } from './onnxProto.ts';
import { Attributes, float32Tensor, OnnxImportError, uint8Tensor } from './onnxAttributes.ts';
import { MODE_NAMES, type Scoring, type SplitGraph } from './onnxTrees.ts';

export interface ReadEnsemble {
  graph: SplitGraph;
  scoring: Scoring;
  classLabels: string[];
}

/** More classes than any patient outcome has; n_targets is a bare number, so it is bounded before use. */
export const MAX_CLASSES = 65_536;

const POST_TRANSFORMS_5 = ['NONE', 'SOFTMAX', 'LOGISTIC', 'SOFTMAX_ZERO', 'PROBIT'];

function refusePostTransform(name: string): never {
  throw new OnnxImportError(
    'post-transform',
    `The trees' scores go through post_transform ${name}, which is not a mean of tree probabilities; GenoForest reads forests with post_transform NONE (random forests)`,
  );
}

function sameLength(op: string, lists: [string, ArrayLike<unknown>][]): void {
  const n = lists[0][1].length;
  for (const [name, l] of lists) {
    if (l.length !== n) {
      throw new OnnxImportError(
        'corrupt',
        `The ${op} attribute ${name} has ${l.length} entries, expected ${n} like ${lists[0][0]}`,
      );
    }
  }
}

function float32List(a: Attributes, name: string, what: string): Float32Array | undefined {
  const plain = a.floats(name);
  if (plain !== undefined && plain.length > 0) return Float32Array.from(plain);
  const t = a.tensor(`${name}_as_tensor`);
  if (t) return float32Tensor(t, what);
  return plain === undefined ? undefined : new Float32Array(0);
}

/** TreeEnsembleClassifier (ai.onnx.ml 1-3) -> split graph, scoring and class labels. */
export function readTreeEnsembleClassifier(node: NodeMsg): ReadEnsemble {
  const op = 'TreeEnsembleClassifier';
  const a = new Attributes(node, op);
  const post = a.string('post_transform') ?? 'NONE';
  if (post !== 'NONE') refusePostTransform(post);
  const base = float32List(a, 'base_values', 'base_values');
  if (base && base.some((v) => v !== 0)) {
    throw new OnnxImportError(
      'unsupported',
      "The model adds base values to the trees' scores (a boosted model); GenoForest reads random forests whose scores are the summed tree probabilities",
    );
  }
  const strLabels = a.strings('classlabels_strings');
  const intLabels = a.ints('classlabels_int64s');
  const classLabels = strLabels && strLabels.length > 0 ? strLabels : (intLabels ?? []).map(String);
  const k = classLabels.length;
  if (k < 2) {
    throw new OnnxImportError('corrupt', 'The classifier lists fewer than two class labels');
  }
  const treeIds = a.need('nodes_treeids', a.ints('nodes_treeids'));
  const nodeIds = a.need('nodes_nodeids', a.ints('nodes_nodeids'));
  const featureIds = a.need('nodes_featureids', a.ints('nodes_featureids'));
  const modes = a.need('nodes_modes', a.strings('nodes_modes'));
  const values = a.need('nodes_values', float32List(a, 'nodes_values', 'nodes_values'));
  const trueIds = a.need('nodes_truenodeids', a.ints('nodes_truenodeids'));
  const falseIds = a.need('nodes_falsenodeids', a.ints('nodes_falsenodeids'));
  const missing = a.ints('nodes_missing_value_tracks_true') ?? [];
  const lists: [string, ArrayLike<unknown>][] = [
    ['nodes_treeids', treeIds],
    ['nodes_nodeids', nodeIds],
    ['nodes_featureids', featureIds],
    ['nodes_modes', modes],
    ['nodes_values', values],
    ['nodes_truenodeids', trueIds],
    ['nodes_falsenodeids', falseIds],
  ];
  if (missing.length > 0) lists.push(['nodes_missing_value_tracks_true', missing]);
  sameLength(op, lists);
  const cTree = a.need('class_treeids', a.ints('class_treeids'));
  const cNode = a.need('class_nodeids', a.ints('class_nodeids'));
  const cId = a.need('class_ids', a.ints('class_ids'));
  const cWeight = a.need('class_weights', float32List(a, 'class_weights', 'class_weights'));
  sameLength(op, [
    ['class_treeids', cTree],
    ['class_nodeids', cNode],
    ['class_ids', cId],
    ['class_weights', cWeight],
  ]);

  const key = (t: number, n: number): string => `${t}:${n}`;
  const refOf = new Map<string, number>();
  const g: SplitGraph = {
    feature: [],
    value: new Float32Array(0),
    mode: [],
    trueRef: [],
    falseRef: [],
    missingTrue: [],
    members: new Map(),
    splitIds: [],
    leafClass: [],
    leafWeight: [],
    roots: [],
  };
  const splitAt: number[] = [];
  for (let i = 0; i < treeIds.length; i++) {
    const kk = key(treeIds[i], nodeIds[i]);
    if (refOf.has(kk))
      throw new OnnxImportError('corrupt', `Tree ${treeIds[i]} has node ${nodeIds[i]} twice`);
    if (modes[i] === 'LEAF') {
      refOf.set(kk, -g.leafClass.length - 1);
      g.leafClass.push([]);
      g.leafWeight.push([]);
      continue;
    }
    const m = (MODE_NAMES as readonly string[]).indexOf(modes[i]);
    if (m < 0) throw new OnnxImportError('corrupt', `Unknown split mode "${modes[i]}"`);
    refOf.set(kk, g.feature.length);
    splitAt.push(i);
    g.feature.push(featureIds[i]);
    g.splitIds.push(nodeIds[i]);
    g.mode.push(m);
    g.missingTrue.push(missing[i] ?? 0);
  }
  g.value = Float32Array.from(splitAt, (i) => values[i]);
  const child = (t: number, n: number): number => {
    const r = refOf.get(key(t, n));
    if (r === undefined)
      throw new OnnxImportError('corrupt', `Tree ${t} links to node ${n}, which does not exist`);
    return r;
  };
  for (const i of splitAt) {
    g.trueRef.push(child(treeIds[i], trueIds[i]));
    g.falseRef.push(child(treeIds[i], falseIds[i]));
  }
  // Each tree's root is its one node that no split links to.
  const linked = new Set<number>([...g.trueRef, ...g.falseRef]);
  const rootsByTree = new Map<number, number[]>();
  for (let i = 0; i < treeIds.length; i++) {
    const r = refOf.get(key(treeIds[i], nodeIds[i])) as number;
    if (linked.has(r)) continue;
    const list = rootsByTree.get(treeIds[i]) ?? [];
    list.push(r);
    rootsByTree.set(treeIds[i], list);
  }
  for (const t of [...new Set(treeIds)].sort((x, y) => x - y)) {
    const roots = rootsByTree.get(t) ?? [];
    if (roots.length !== 1) {
      throw new OnnxImportError('corrupt', `Tree ${t} has ${roots.length} root nodes, expected 1`);
    }
    g.roots.push(roots[0]);
  }
  for (let j = 0; j < cTree.length; j++) {
    const r = refOf.get(key(cTree[j], cNode[j]));
    if (r === undefined || r >= 0) {
      throw new OnnxImportError(
        'corrupt',
        `A class weight is attached to tree ${cTree[j]} node ${cNode[j]}, which is not a leaf`,
      );
    }
    if (!Number.isFinite(cWeight[j])) {
      throw new OnnxImportError(
        'corrupt',
        `Tree ${cTree[j]} node ${cNode[j]} has a class weight of ${cWeight[j]}, not a finite number`,
      );
    }
    g.leafClass[-r - 1].push(cId[j]);
    g.leafWeight[-r - 1].push(cWeight[j]);
  }
  const ids = new Set(cId);
  const binarySingle = k === 2 && ids.size === 1 && ids.has(0);
  if (binarySingle && cWeight.some((w) => w < 0)) {
    throw new OnnxImportError(
      'unsupported',
      'The two-class scores have negative leaf weights (a boosted model); GenoForest reads random forests',
    );
  }
  return { graph: g, scoring: { nClasses: k, binarySingle, average: false }, classLabels };
}

/** TreeEnsemble (ai.onnx.ml 5) -> split graph and scoring; class labels are the target indexes. */
export function readTreeEnsemble(node: NodeMsg): ReadEnsemble {
  const op = 'TreeEnsemble';
  const a = new Attributes(node, op);
  const post = a.int('post_transform') ?? 0;
  if (post !== 0) refusePostTransform(POST_TRANSFORMS_5[post] ?? String(post));
  const aggregate = a.int('aggregate_function') ?? 1;
  if (aggregate !== 0 && aggregate !== 1) {
    throw new OnnxImportError(
      'unsupported',
      `The trees are combined by ${aggregate === 2 ? 'MIN' : aggregate === 3 ? 'MAX' : `aggregate ${aggregate}`}; GenoForest reads forests whose scores are summed or averaged`,
    );
  }
  const k = a.int('n_targets') ?? 0;
  if (k > MAX_CLASSES) {
    throw new OnnxImportError(
      'unsupported',
      `The tree ensemble has ${k} outputs; GenoForest opens classifiers of at most ${MAX_CLASSES.toLocaleString('en-US')} classes`,
    );
  }
  if (k < 2) {
    throw new OnnxImportError(
      'regressor',
      `The tree ensemble has ${k} output${k === 1 ? '' : 's'}: a regressor or a single-score model, not class probabilities. GenoForest opens classifiers only`,
    );
  }
  const splitsT = a.tensor('nodes_splits');
  const modesT = a.tensor('nodes_modes');
  const weightsT = a.tensor('leaf_weights');
  if (!splitsT || !modesT || !weightsT) {
    throw new OnnxImportError(
      'corrupt',
      'The TreeEnsemble operator lacks nodes_splits, nodes_modes or leaf_weights',
    );
  }
  const feature = a.need('nodes_featureids', a.ints('nodes_featureids'));
  const value = float32Tensor(splitsT, 'nodes_splits');
  const mode = uint8Tensor(modesT, 'nodes_modes');
  const trueIds = a.need('nodes_truenodeids', a.ints('nodes_truenodeids'));
  const trueLeaf = a.need('nodes_trueleafs', a.ints('nodes_trueleafs'));
  const falseIds = a.need('nodes_falsenodeids', a.ints('nodes_falsenodeids'));
  const falseLeaf = a.need('nodes_falseleafs', a.ints('nodes_falseleafs'));
  const missing = a.ints('nodes_missing_value_tracks_true') ?? [];
  const lists: [string, ArrayLike<unknown>][] = [
    ['nodes_featureids', feature],
    ['nodes_splits', value],
    ['nodes_modes', mode],
    ['nodes_truenodeids', trueIds],
    ['nodes_trueleafs', trueLeaf],
    ['nodes_falsenodeids', falseIds],
    ['nodes_falseleafs', falseLeaf],
  ];
  if (missing.length > 0) lists.push(['nodes_missing_value_tracks_true', missing]);
  sameLength(op, lists);
  const targets = a.need('leaf_targetids', a.ints('leaf_targetids'));
  const weights = float32Tensor(weightsT, 'leaf_weights');
  sameLength(op, [
    ['leaf_targetids', targets],
    ['leaf_weights', weights],
  ]);
  const badWeight = weights.findIndex((w) => !Number.isFinite(w));
  if (badWeight >= 0) {
    throw new OnnxImportError(
      'corrupt',
      `Leaf ${badWeight} has a weight of ${weights[badWeight]}, not a finite number`,
    );
  }
  const roots = a.need('tree_roots', a.ints('tree_roots'));
  // membership_values: the member sets of the BRANCH_MEMBER splits, in split order, each ended by NaN.
  const members = new Map<number, number[]>();
  const memberT = a.tensor('membership_values');
  const memberValues = memberT ? float32Tensor(memberT, 'membership_values') : new Float32Array(0);
  let pos = 0;
  for (let i = 0; i < mode.length; i++) {
    if (mode[i] !== 6) continue;
    const set: number[] = [];
    while (pos < memberValues.length && memberValues[pos] === memberValues[pos])
      set.push(memberValues[pos++]);
    if (pos >= memberValues.length && set.length === 0) {
      throw new OnnxImportError(
        'corrupt',
        'membership_values has fewer sets than BRANCH_MEMBER splits',
      );
    }
    pos++;
    members.set(i, set);
  }
  const ref = (id: number, leaf: number): number => (leaf ? -id - 1 : id);
  const g: SplitGraph = {
    feature,
    value,
    mode,
    trueRef: trueIds.map((id, i) => ref(id, trueLeaf[i])),
    falseRef: falseIds.map((id, i) => ref(id, falseLeaf[i])),
    missingTrue: missing.length > 0 ? missing : new Array<number>(feature.length).fill(0),
    members,
    splitIds: feature.map((_, i) => i),
    leafClass: targets.map((t) => [t]),
    leafWeight: Array.from(weights, (w) => [w]),
    roots,
  };
  const labels = Array.from({ length: k }, (_, i) => String(i));
  return {
    graph: g,
    scoring: { nClasses: k, binarySingle: false, average: aggregate === 0 },
    classLabels: labels,
  };
}
