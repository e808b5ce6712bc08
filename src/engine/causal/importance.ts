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
import { invertSmall, leafStride, type CausalForest, type CausalTree } from './causalForest.ts';

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
  return depthWeighted(splitFrequencies(forest, maxDepth), forest.nFeatures, decayExponent);
}

/**
 * grf's weighting of per-depth tallies (row d−1 for depth d, one entry per column): each depth's shares, averaged
 * with weights depth^-decayExponent over every depth up to the last row.
 */
function depthWeighted(
  rows: ArrayLike<number>[],
  nFeatures: number,
  decayExponent: number,
): Float64Array {
  const out = new Float64Array(nFeatures);
  let weights = 0;
  for (let d = 0; d < rows.length; d++) {
    const row = rows[d];
    const w = (d + 1) ** -decayExponent;
    weights += w;
    let total = 0;
    for (let f = 0; f < nFeatures; f++) total += row[f];
    // A depth no tree reached adds nothing (grf divides by max(1, total) likewise).
    if (!(total > 0)) continue;
    for (let f = 0; f < nFeatures; f++) out[f] += (w * row[f]) / total;
  }
  for (let f = 0; f < nFeatures; f++) out[f] /= weights;
  return out;
}

/**
 * Per arm of a multi-arm forest (A contrasts; a two-arm forest is A = 1), each column's importance for that arm's
 * effect: grf's depth-weighted split shares with every split counted by how far apart its two children put this
 * arm's effect, n_L·n_R/(n_L + n_R)·(τ_L − τ_R)², instead of once. A joint forest's splits serve every arm (and any
 * leftover confounding) at once, so its split counts can favour a column along which one arm's effect does not
 * change; this weighting keeps, for each arm, the splits that separate that arm's effect. τ_L and τ_R are the
 * children's effects from their honest leaf-filling patients (the subtree's leaf moments pooled), so a split chosen
 * on noise is not rewarded for the noise it was chosen on; a child whose arms cannot be told apart (a singular
 * treatment covariance) adds nothing.
 */
export function armEffectImportance(
  forest: CausalForest,
  maxDepth = IMPORTANCE_MAX_DEPTH,
  decayExponent = IMPORTANCE_DECAY,
): Float64Array[] {
  const A = forest.params.arms ?? 1;
  const p = forest.nFeatures;
  const gains = Array.from({ length: A }, () =>
    Array.from({ length: maxDepth }, () => new Float64Array(p)),
  );
  const tauL = new Float64Array(A);
  const tauR = new Float64Array(A);
  const scratch = { m: new Float64Array(A * A), inv: new Float64Array(A * A) };
  for (const tree of forest.trees) {
    const { total, sums } = subtreeMoments(tree, A);
    const S = leafStride(A);
    const stack: number[] = [0, 1];
    while (stack.length > 0) {
      const depth = stack.pop() as number;
      const node = stack.pop() as number;
      const l = tree.left[node];
      const r = tree.right[node];
      if (l === -1 || depth > maxDepth) continue;
      stack.push(l, depth + 1, r, depth + 1);
      const nl = total[l];
      const nr = total[r];
      if (
        !(nl > 0 && nr > 0) ||
        !effectOf(sums, l * S, nl, A, scratch, tauL) ||
        !effectOf(sums, r * S, nr, A, scratch, tauR)
      )
        continue;
      const size = (nl * nr) / (nl + nr);
      for (let a = 0; a < A; a++)
        gains[a][depth - 1][tree.feature[node]] += size * (tauL[a] - tauR[a]) ** 2;
    }
  }
  return gains.map((rows) => depthWeighted(rows, p, decayExponent));
}

/**
 * Every node's pooled leaf-filling weight (`total`) and weighted sums of y, w, y·w, w·wᵀ (`sums`, leafStride each)
 * over the leaves below it.
 */
function subtreeMoments(tree: CausalTree, A: number): { total: Float64Array; sums: Float64Array } {
  const S = leafStride(A);
  const nodes = tree.left.length;
  const total = new Float64Array(nodes);
  const sums = new Float64Array(nodes * S);
  // Children are stored after their parent, so one backward pass adds every child before its parent is read.
  for (let v = nodes - 1; v >= 0; v--) {
    const l = tree.left[v];
    if (l === -1) {
      const count = tree.leafCount[v];
      if (count === 0) continue;
      const weight = count * (tree.leafWeight.length > 0 ? tree.leafWeight[v] : 1);
      total[v] = weight;
      for (let k = 0; k < S; k++) sums[v * S + k] = count * tree.leafStats[v * S + k];
      continue;
    }
    const r = tree.right[v];
    total[v] = total[l] + total[r];
    for (let k = 0; k < S; k++) sums[v * S + k] = sums[l * S + k] + sums[r * S + k];
  }
  return { total, sums };
}

/** A node's effects (⟨wwᵀ⟩ − ⟨w⟩⟨w⟩ᵀ)⁻¹(⟨yw⟩ − ⟨y⟩⟨w⟩) from its pooled sums into out; false when singular. */
function effectOf(
  sums: Float64Array,
  o: number,
  weight: number,
  A: number,
  scratch: { m: Float64Array; inv: Float64Array },
  out: Float64Array,
): boolean {
  const { m, inv } = scratch;
  const y = sums[o] / weight;
  for (let a = 0; a < A; a++)
    for (let b = 0; b < A; b++)
      m[a * A + b] =
        sums[o + 1 + 2 * A + a * A + b] / weight -
        (sums[o + 1 + a] / weight) * (sums[o + 1 + b] / weight);
  // Relative to the treatment variances: a child whose arms are (numerically) one another is not usable.
  let scale = 1;
  for (let a = 0; a < A; a++) scale *= Math.abs(m[a * A + a]);
  const det = invertSmall(m, A, inv);
  if (!(Math.abs(det) > 1e-10 * scale)) return false;
  for (let a = 0; a < A; a++) {
    let t = 0;
    for (let b = 0; b < A; b++)
      t += inv[a * A + b] * (sums[o + 1 + A + b] / weight - y * (sums[o + 1 + b] / weight));
    out[a] = t;
  }
  return true;
}
