/**
 * A forest from its trees: shards grown anywhere (one thread or many workers) are merged in global tree
 * order, so the model depends only on the parameters and the seed.
 */
import type { ForestModel, ForestParams, Tree, TreeShard } from './types.ts';
import { binFeatures } from './binning.ts';
import { growTrees, type GrowOptions } from './grow.ts';
import { validateParams } from './params.ts';
import { compactTree } from './compact.ts';

export { validateParams };

/** Merge shards into one model: trees in global order (compacted), OOB probabilities/score and MDI importances. */
export function assembleForest(
  shards: TreeShard[],
  params: ForestParams,
  nRows: number,
  nClasses: number,
  nFeatures: number,
  y?: Uint8Array,
): ForestModel {
  const pairs: { index: number; tree: TreeShard['trees'][number] }[] = [];
  for (const s of shards) {
    if (s.treeIndices.length !== s.trees.length)
      throw new Error('A tree shard has mismatched indices and trees');
    for (let i = 0; i < s.trees.length; i++)
      pairs.push({ index: s.treeIndices[i], tree: s.trees[i] });
  }
  pairs.sort((a, b) => a.index - b.index);
  for (let i = 1; i < pairs.length; i++) {
    if (pairs[i].index === pairs[i - 1].index)
      throw new Error(`Tree ${pairs[i].index} appears in two shards`);
  }
  const trees = pairs.map((p) => p.tree);

  const imp = mdiImportances(trees, nFeatures);

  // Out-of-bag probabilities summed over shards; the per-tree terms are quantised (grow.ts) so the sums
  // are exact and the result does not depend on how trees were split among workers.
  let oobProba: Float64Array | null = null;
  let oobScore: number | null = null;
  const withOob = shards.filter((s) => s.oobSum && s.oobCount);
  if (params.bootstrap && params.oobScore && withOob.length > 0) {
    const sum = new Float64Array(nRows * nClasses);
    const count = new Uint32Array(nRows);
    for (const s of withOob) {
      const os = s.oobSum as Float64Array;
      const oc = s.oobCount as Uint32Array;
      for (let i = 0; i < sum.length; i++) sum[i] += os[i];
      for (let r = 0; r < nRows; r++) count[r] += oc[r];
    }
    oobProba = new Float64Array(nRows * nClasses).fill(NaN);
    let correct = 0;
    let scored = 0;
    for (let r = 0; r < nRows; r++) {
      if (count[r] === 0) continue;
      let best = 0;
      for (let k = 0; k < nClasses; k++) {
        oobProba[r * nClasses + k] = sum[r * nClasses + k] / count[r];
        if (sum[r * nClasses + k] > sum[r * nClasses + best]) best = k;
      }
      if (y) {
        scored++;
        if (best === y[r]) correct++;
      }
    }
    oobScore = y && scored > 0 ? correct / scored : null;
  }
  // Compact only now: the importances above needed the impurity decreases the compact trees drop.
  return {
    params,
    nFeatures,
    nClasses,
    trees: trees.map(compactTree),
    featureImportances: imp,
    oobProba,
    oobScore,
  };
}

/** MDI importances: each tree's impurity decreases normalised to sum 1, averaged, renormalised (sklearn). */
export function mdiImportances(trees: Tree[], nFeatures: number): Float64Array {
  const imp = new Float64Array(nFeatures);
  const treeImp = new Float64Array(nFeatures);
  for (const t of trees) addTreeShares(t, 0, t.nodeCount, treeImp, imp);
  return normaliseImportances(imp);
}

/**
 * mdiImportances of trees held in one node set (flatSurvivalTrees.ts), tree t's nodes nodeStart[t] ..
 * nodeStart[t + 1] − 1: the same sums in the same order, so the same bits.
 */
export function mdiImportancesOfNodes(
  nodes: Pick<Tree, 'left' | 'feature' | 'impurityDecrease'>,
  nodeStart: Int32Array,
  nFeatures: number,
): Float64Array {
  const imp = new Float64Array(nFeatures);
  const treeImp = new Float64Array(nFeatures);
  for (let t = 0; t + 1 < nodeStart.length; t++)
    addTreeShares(nodes, nodeStart[t], nodeStart[t + 1], treeImp, imp);
  return normaliseImportances(imp);
}

/** Adds to imp each feature's share of the decreases of the tree whose nodes are first .. end − 1. */
function addTreeShares(
  t: Pick<Tree, 'left' | 'feature' | 'impurityDecrease'>,
  first: number,
  end: number,
  treeImp: Float64Array,
  imp: Float64Array,
): void {
  treeImp.fill(0);
  let s = 0;
  for (let i = first; i < end; i++) {
    if (t.left[i] !== -1) {
      treeImp[t.feature[i]] += t.impurityDecrease[i];
      s += t.impurityDecrease[i];
    }
  }
  if (s > 0) for (let f = 0; f < imp.length; f++) imp[f] += treeImp[f] / s;
}

/** The sums as shares of their total, in place (left as they are when it is 0). */
export function normaliseImportances(imp: Float64Array): Float64Array {
  let total = 0;
  for (let f = 0; f < imp.length; f++) total += imp[f];
  if (total > 0) for (let f = 0; f < imp.length; f++) imp[f] /= total;
  return imp;
}

/** Bin and grow every tree in the calling thread (tests, CLI with one thread, single-thread benchmark). */
export function fitForest(
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  isCategorical: Uint8Array,
  y: Uint8Array,
  nClasses: number,
  params: Partial<ForestParams> = {},
  options: GrowOptions = {},
): ForestModel {
  const p = validateParams(params, nFeatures);
  const binned = binFeatures(X, nRows, nFeatures, isCategorical);
  const indices = Array.from({ length: p.nEstimators }, (_, i) => i);
  const shard = growTrees(binned, y, nClasses, p, indices, options);
  return assembleForest([shard], p, nRows, nClasses, nFeatures, y);
}
