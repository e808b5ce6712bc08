/**
 * Bias-corrected impurity importance (Nembrini, König & Wright 2018; ranger's importance = "impurity_corrected"),
 * grown by the ordinary grower on the binned features plus one shadow copy of each.
 *
 * Plain impurity importance (MDI) favours features with many split points and is never negative, so it cannot
 * say which features are noise. The correction: every feature f gets a shadow f' holding f's bins in a permuted
 * order of rows (one permutation shared by all shadows, as ranger permutes sample IDs once), so a shadow has
 * f's distribution and split points but no link to the outcome. Shadows compete for splits like any feature;
 * f's importance is the impurity decrease of the splits on f minus that of the splits on f'. A noise feature's
 * importance is then centred on zero (half of them negative), which is what the Janitza p-values (pvalues.ts in
 * genetics) need. Features tried per split are resolved on the real feature count, as ranger does.
 */
import { growTrees, type GrowOptions } from './grow.ts';
import { resolveMaxFeatures, validateParams } from './params.ts';
import { Rng, deriveSeed } from './rng.ts';
import type { BinnedData, ForestParams } from './types.ts';

/** Trees grown per growTrees call: their nodes are summed, then dropped, so memory stays that of a few trees. */
const TREES_PER_BATCH = 16;

/** Offset of the shadow permutation's seed from the forest's seed, so it is not tree 0's stream. */
const SHADOW_STREAM = 0x5eed;

/** The binned features followed by a shadow of each: its bins in one seeded permutation of the rows. */
export function withShadowFeatures(binned: BinnedData, seed: number): BinnedData {
  const { nRows, nFeatures } = binned;
  const perm = new Int32Array(nRows);
  for (let r = 0; r < nRows; r++) perm[r] = r;
  const rng = new Rng(deriveSeed(seed, SHADOW_STREAM));
  for (let r = nRows - 1; r > 0; r--) {
    const j = rng.nextInt(r + 1);
    const t = perm[r];
    perm[r] = perm[j];
    perm[j] = t;
  }
  const bins = new Uint8Array(2 * nRows * nFeatures);
  bins.set(binned.bins.subarray(0, nRows * nFeatures));
  for (let f = 0; f < nFeatures; f++) {
    const src = f * nRows;
    const dst = (nFeatures + f) * nRows;
    for (let r = 0; r < nRows; r++) bins[dst + r] = binned.bins[src + perm[r]];
  }
  const nBins = new Uint16Array(2 * nFeatures);
  nBins.set(binned.nBins);
  nBins.set(binned.nBins, nFeatures);
  const isCategorical = new Uint8Array(2 * nFeatures);
  isCategorical.set(binned.isCategorical);
  isCategorical.set(binned.isCategorical, nFeatures);
  return {
    bins,
    nRows,
    nFeatures: 2 * nFeatures,
    nBins,
    thresholds: [...binned.thresholds, ...binned.thresholds],
    isCategorical,
  };
}

/** What correctedImportance measured. */
export interface CorrectedImportance {
  /**
   * Per feature: (impurity decrease of its splits − that of its shadow's) summed over the trees and divided by
   * their number (ranger's scale: weighted Gini decrease, not normalised).
   */
  importance: Float64Array;
  /** Trees grown (fewer than asked only when stopped). */
  nTrees: number;
  /** Features tried per split (resolved on the real features). */
  featuresPerSplit: number;
}

/**
 * Grow a forest on the features and their shadows and return each feature's corrected impurity importance
 * (see the file comment). params as for growTrees; out-of-bag votes are not needed and not computed.
 */
export function correctedImportance(
  binned: BinnedData,
  y: Uint8Array,
  nClasses: number,
  rawParams: Partial<ForestParams>,
  options: GrowOptions = {},
): CorrectedImportance {
  const p = binned.nFeatures;
  const base = validateParams(rawParams, p);
  const featuresPerSplit = resolveMaxFeatures(base.maxFeatures, p);
  const params: ForestParams = { ...base, maxFeatures: featuresPerSplit, oobScore: false };
  const shadowed = withShadowFeatures(binned, base.randomState);
  const importance = new Float64Array(p);
  let nTrees = 0;
  for (let first = 0; first < params.nEstimators; first += TREES_PER_BATCH) {
    const indices: number[] = [];
    for (let t = first; t < Math.min(params.nEstimators, first + TREES_PER_BATCH); t++)
      indices.push(t);
    const done = nTrees;
    const shard = growTrees(shadowed, y, nClasses, params, indices, {
      ...(options.rows ? { rows: options.rows } : {}),
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
      onTreeDone: (n) => options.onTreeDone?.(done + n),
    });
    for (const tree of shard.trees) {
      for (let i = 0; i < tree.nodeCount; i++) {
        if (tree.left[i] === -1) continue;
        const f = tree.feature[i];
        if (f < p) importance[f] += tree.impurityDecrease[i];
        else importance[f - p] -= tree.impurityDecrease[i];
      }
    }
    nTrees += shard.trees.length;
    if (shard.trees.length < indices.length) break;
  }
  if (nTrees > 0) for (let f = 0; f < p; f++) importance[f] /= nTrees;
  return { importance, nTrees, featuresPerSplit };
}
