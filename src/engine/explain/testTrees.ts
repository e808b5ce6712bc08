/**
 * Hand-made and random trees for the explain tests (not used by the app). Built in the exact layout
 * the forest writes (forest/types.ts Tree, 8-word category bitsets as in forest/predict.ts).
 */
import { CAT_WORDS } from '../forest/predict';
import { Rng } from '../forest/rng';
import type { Tree } from '../forest/types';

/** A node of a tree spec: a leaf with class counts, or a split. */
export type NodeSpec =
  | { counts: number[] }
  | {
      feature: number;
      /** Numeric split: x <= threshold goes left. */
      threshold?: number;
      /** Categorical split: these categories go left. */
      leftCategories?: number[];
      missingLeft: boolean;
      left: NodeSpec;
      right: NodeSpec;
    };

/** Flatten a nested spec into a Tree; node values and weights are computed from leaf counts. */
export function buildTree(spec: NodeSpec, nClasses: number): Tree {
  const nodes: NodeSpec[] = [];
  const index = new Map<NodeSpec, number>();
  const visit = (n: NodeSpec): void => {
    index.set(n, nodes.length);
    nodes.push(n);
    if (!('counts' in n)) {
      visit(n.left);
      visit(n.right);
    }
  };
  visit(spec);
  const m = nodes.length;
  const nCat = nodes.filter((n) => !('counts' in n) && n.leftCategories).length;
  const tree: Tree = {
    nodeCount: m,
    nClasses,
    feature: new Int32Array(m).fill(-1),
    threshold: new Float64Array(m).fill(NaN),
    left: new Int32Array(m).fill(-1),
    right: new Int32Array(m).fill(-1),
    missingLeft: new Uint8Array(m),
    catOffset: new Int32Array(m).fill(-1),
    catBits: new Uint32Array(nCat * CAT_WORDS),
    value: new Float32Array(m * nClasses),
    weight: new Float64Array(m),
    impurityDecrease: new Float64Array(m),
  };
  let catUsed = 0;
  const counts = (n: NodeSpec): number[] => {
    const i = index.get(n) as number;
    let c: number[];
    if ('counts' in n) {
      c = n.counts;
    } else {
      const l = counts(n.left);
      const r = counts(n.right);
      c = l.map((v, k) => v + r[k]);
      tree.feature[i] = n.feature;
      tree.left[i] = index.get(n.left) as number;
      tree.right[i] = index.get(n.right) as number;
      tree.missingLeft[i] = n.missingLeft ? 1 : 0;
      if (n.leftCategories) {
        const off = catUsed * CAT_WORDS;
        catUsed++;
        tree.catOffset[i] = off;
        for (const cat of n.leftCategories) tree.catBits[off + (cat >>> 5)] |= 1 << (cat & 31);
      } else {
        tree.threshold[i] = n.threshold as number;
      }
    }
    const total = c.reduce((a, b) => a + b, 0);
    tree.weight[i] = total;
    for (let k = 0; k < nClasses; k++) tree.value[i * nClasses + k] = total > 0 ? c[k] / total : 0;
    return c;
  };
  counts(spec);
  return tree;
}

/**
 * A random tree over nFeatures features (those in `categorical` split by category sets over
 * categories 0..nCategories-1), up to maxDepth, with random missing directions and leaf counts.
 * Features may repeat along a path, which TreeSHAP must handle.
 */
export function randomTree(
  rng: Rng,
  nFeatures: number,
  nClasses: number,
  maxDepth: number,
  options: { categorical?: number[]; nCategories?: number; leafProbability?: number } = {},
): Tree {
  const categorical = new Set(options.categorical ?? []);
  const nCategories = options.nCategories ?? 6;
  const leafP = options.leafProbability ?? 0.2;
  const grow = (depth: number): NodeSpec => {
    if (depth >= maxDepth || (depth > 0 && rng.nextFloat() < leafP)) {
      const counts: number[] = [];
      for (let k = 0; k < nClasses; k++) counts.push(rng.nextInt(6) + (k === 0 ? 1 : 0));
      return { counts };
    }
    const feature = rng.nextInt(nFeatures);
    const missingLeft = rng.nextFloat() < 0.5;
    if (categorical.has(feature)) {
      const leftCategories: number[] = [];
      for (let c = 0; c < nCategories; c++) if (rng.nextFloat() < 0.5) leftCategories.push(c);
      return {
        feature,
        leftCategories,
        missingLeft,
        left: grow(depth + 1),
        right: grow(depth + 1),
      };
    }
    const threshold = Math.round((rng.nextFloat() * 2 - 1) * 100) / 100;
    return { feature, threshold, missingLeft, left: grow(depth + 1), right: grow(depth + 1) };
  };
  return buildTree(grow(0), nClasses);
}
