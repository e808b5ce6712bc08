/**
 * A GenoForest forest as the attributes of TreeEnsemble (ai.onnx.ml opset 5). Used for forests whose
 * categorical splits would multiply subtrees in the opset-3 layout: BRANCH_MEMBER tests a category set in
 * one node (true branch = members, NaN by nodes_missing_value_tracks_true). TreeEnsemble leaves score one
 * target each, so every tree is written once per class (leaf weight = class probability ÷ number of
 * trees, aggregate SUM), as skl2onnx writes classifiers for opset 5.
 */
import type { Tree } from '../forest/types.ts';
import { MAX_CATEGORY_BIN } from '../forest/predict.ts';
import { float32AtMost } from './float32.ts';

export interface EnsembleAttrs {
  featureIds: number[];
  splits: number[];
  modes: number[];
  trueIds: number[];
  trueLeafs: number[];
  falseIds: number[];
  falseLeafs: number[];
  missingTrue: number[];
  membership: number[];
  leafTargets: number[];
  leafWeights: number[];
  roots: number[];
}

const LEQ = 0;
const MEMBER = 6;
const ALWAYS = Math.fround(3e38);

/** TreeEnsemble attributes of the trees; nCat[f] = categories of feature f (255 when unknown). */
export function ensembleAttributes(trees: Tree[], nClasses: number, nCat: number[]): EnsembleAttrs {
  const a: EnsembleAttrs = {
    featureIds: [],
    splits: [],
    modes: [],
    trueIds: [],
    trueLeafs: [],
    falseIds: [],
    falseLeafs: [],
    missingTrue: [],
    membership: [],
    leafTargets: [],
    leafWeights: [],
    roots: [],
  };
  const nTrees = trees.length;
  for (let c = 0; c < nClasses; c++) {
    for (const tree of trees) a.roots.push(writeTree(tree, c, nTrees, nCat, a));
  }
  return a;
}

interface Ref {
  id: number;
  leaf: boolean;
}

function addSplit(
  a: EnsembleAttrs,
  feature: number,
  split: number,
  mode: number,
  missing: number,
): number {
  a.featureIds.push(feature);
  a.splits.push(split);
  a.modes.push(mode);
  a.missingTrue.push(missing);
  a.trueIds.push(0);
  a.trueLeafs.push(0);
  a.falseIds.push(0);
  a.falseLeafs.push(0);
  return a.featureIds.length - 1;
}

function link(a: EnsembleAttrs, at: number, onTrue: Ref, onFalse: Ref): void {
  a.trueIds[at] = onTrue.id;
  a.trueLeafs[at] = onTrue.leaf ? 1 : 0;
  a.falseIds[at] = onFalse.id;
  a.falseLeafs[at] = onFalse.leaf ? 1 : 0;
}

function writeTree(
  tree: Tree,
  c: number,
  nTrees: number,
  nCat: number[],
  a: EnsembleAttrs,
): number {
  const k = tree.nClasses;
  const emit = (i: number): Ref => {
    if (tree.left[i] === -1) {
      a.leafTargets.push(c);
      a.leafWeights.push(tree.value[i * k + c] / nTrees);
      return { id: a.leafTargets.length - 1, leaf: true };
    }
    const f = tree.feature[i];
    const ml = tree.missingLeft[i];
    if (tree.catOffset[i] < 0) {
      const at = addSplit(a, f, float32AtMost(tree.threshold[i]), LEQ, ml);
      link(a, at, emit(tree.left[i]), emit(tree.right[i]));
      return { id: at, leaf: false };
    }
    const off = tree.catOffset[i];
    const members: number[] = [];
    const others: number[] = [];
    for (let v = 0; v < nCat[f]; v++) {
      const b = Math.min(v, MAX_CATEGORY_BIN);
      ((tree.catBits[off + (b >>> 5)] >>> (b & 31)) & 1 ? members : others).push(v);
    }
    let at: number;
    let trueIsLeft = true;
    if (members.length === 0 || others.length === 0) {
      // Every category goes one way: a threshold below or above all category codes; NaN as before.
      at = addSplit(a, f, members.length === 0 ? -1 : ALWAYS, LEQ, ml);
    } else {
      trueIsLeft = members.length <= others.length;
      at = addSplit(a, f, 0, MEMBER, trueIsLeft ? ml : 1 - ml);
      a.membership.push(...(trueIsLeft ? members : others), NaN);
    }
    const left = emit(tree.left[i]);
    const right = emit(tree.right[i]);
    link(a, at, trueIsLeft ? left : right, trueIsLeft ? right : left);
    return { id: at, leaf: false };
  };
  const root = emit(0);
  if (root.leaf) {
    const at = addSplit(a, 0, 0, LEQ, 0);
    link(a, at, root, root);
    return at;
  }
  // onnxruntime < 1.24 reads a root as a leaf when a leaf branch and a node branch share an index.
  while (
    a.trueIds[root.id] === a.falseIds[root.id] &&
    a.trueLeafs[root.id] !== a.falseLeafs[root.id]
  ) {
    const side = a.trueLeafs[root.id] ? 'true' : 'false';
    const leaf = side === 'true' ? a.trueIds[root.id] : a.falseIds[root.id];
    a.leafTargets.push(a.leafTargets[leaf]);
    a.leafWeights.push(a.leafWeights[leaf]);
    if (side === 'true') a.trueIds[root.id] = a.leafTargets.length - 1;
    else a.falseIds[root.id] = a.leafTargets.length - 1;
  }
  return root.id;
}
