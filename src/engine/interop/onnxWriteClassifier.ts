/**
 * A GenoForest forest as the attributes of TreeEnsembleClassifier (ai.onnx.ml opset 3), skl2onnx's layout
 * for a RandomForestClassifier; categorical bitsets become chains of BRANCH_LEQ nodes at k + 0.5 (see
 * onnxExport.ts for the conventions).
 */
import type { Tree } from '../forest/types.ts';
import { MAX_CATEGORY_BIN } from '../forest/predict.ts';
import { float32AtMost } from './float32.ts';

/** Attribute arrays of TreeEnsembleClassifier being filled. */
export interface Attrs {
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

/** Thrown when the node budget is exceeded (layout auto then writes TreeEnsemble). */
export class OverBudget extends Error {}

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

/** TreeEnsembleClassifier attributes of the trees; nCat[f] = categories of feature f (255 when unknown). */
export function classifierAttributes(trees: Tree[], nCat: number[], budget: number): Attrs {
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
  trees.forEach((t, i) => writeTree(t, i, trees.length, nCat, a, budget));
  return a;
}
