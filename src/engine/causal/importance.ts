/**
 * What drives the effect: grf's variable_importance for a causal forest, written from its description — per depth
 * 1..maxDepth, the share of that depth's splits (over every tree) made on each column, then a weighted mean over
 * depths with weight depth^-decayExponent, so a column the trees split on early counts most. The splits of a causal
 * forest are chosen on the effect's heterogeneity (the gradient pseudo-outcomes), so this ranks columns by how much
 * the effect varies with them, not by how much they predict the outcome.
 *
 * Not TreeSHAP: a patient's effect is a ratio of forest-weighted leaf moments, (⟨yw⟩ − ⟨y⟩⟨w⟩)/(⟨ww⟩ − ⟨w⟩²), not a
 * mean of per-tree outputs, so the additive per-tree attributions TreeSHAP sums do not add up to it.
 */
import type { CausalForest } from './causalForest.ts';

/** grf's defaults: depths 1..4, weights depth^-2. */
export const IMPORTANCE_MAX_DEPTH = 4;
export const IMPORTANCE_DECAY = 2;

/** Splits per depth (row d−1 for depth d) and column, counted over every tree's kept nodes. */
export function splitFrequencies(
  forest: CausalForest,
  maxDepth = IMPORTANCE_MAX_DEPTH,
): number[][] {
  const p = forest.nFeatures;
  const counts = Array.from({ length: maxDepth }, () => new Array<number>(p).fill(0));
  const stack: number[] = [];
  for (const tree of forest.trees) {
    // From the root only: honesty pruning leaves some node slots unreachable.
    stack.push(0, 1);
    while (stack.length > 0) {
      const depth = stack.pop() as number;
      const node = stack.pop() as number;
      if (tree.left[node] === -1 || depth > maxDepth) continue;
      counts[depth - 1][tree.feature[node]]++;
      stack.push(tree.left[node], depth + 1, tree.right[node], depth + 1);
    }
  }
  return counts;
}

/** Each column's importance for effect heterogeneity (sums to 1 when the forest split at all; else all 0). */
export function effectImportance(
  forest: CausalForest,
  maxDepth = IMPORTANCE_MAX_DEPTH,
  decayExponent = IMPORTANCE_DECAY,
): Float64Array {
  const counts = splitFrequencies(forest, maxDepth);
  const out = new Float64Array(forest.nFeatures);
  let weights = 0;
  counts.forEach((row, d) => {
    const w = (d + 1) ** -decayExponent;
    weights += w;
    const total = row.reduce((a, b) => a + b, 0);
    // A depth no tree reached adds nothing (grf divides by max(1, total) likewise).
    if (total === 0) return;
    for (let f = 0; f < out.length; f++) out[f] += (w * row[f]) / total;
  });
  for (let f = 0; f < out.length; f++) out[f] /= weights;
  return out;
}
