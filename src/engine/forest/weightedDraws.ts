/**
 * Features drawn per node with unequal probabilities (enriched random forests, Amaratunga, Cabrera & Lee 2008;
 * ranger's split.select.weights): each draw picks one of the features not yet drawn in the node with probability
 * proportional to its weight, so a node's draws are a weighted sample without replacement (successive sampling).
 *
 * The weights are held as integers in a Fenwick tree (binary indexed tree): a draw is one descent (log2 p steps), a
 * drawn feature is removed by subtracting its weight, and the node's draws are put back at its end. Integers keep
 * the subtractions and restorations exact, so no rounding drift builds up over the millions of nodes of a forest
 * and a removed feature can never be drawn again. Weights are scaled so that the largest is WEIGHT_SCALE; a feature
 * whose weight would round to 0 keeps 1 (every feature can still be drawn).
 */
import type { Rng } from './rng.ts';

/** Integer weight of the heaviest feature: 2^20, so sums stay exact (below 2^53) for up to 2^33 features. */
export const WEIGHT_SCALE = 1 << 20;

/** Integer draw weights of the given positive weights (see the file comment); throws on a bad weight. */
export function integerDrawWeights(weights: ArrayLike<number>, nFeatures: number): Float64Array {
  if (weights.length !== nFeatures) {
    throw new Error(`featureWeights has ${weights.length} values for ${nFeatures} features`);
  }
  let max = 0;
  for (let f = 0; f < nFeatures; f++) {
    const w = weights[f];
    if (!(w > 0) || !Number.isFinite(w)) {
      throw new Error(`featureWeights[${f}] must be a positive finite number, got ${String(w)}`);
    }
    if (w > max) max = w;
  }
  const out = new Float64Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    out[f] = Math.max(1, Math.round((weights[f] / max) * WEIGHT_SCALE));
  }
  return out;
}

/** Whether every integer weight is the same (the draws are then uniform: the caller draws as without weights). */
export function allEqual(w: Float64Array): boolean {
  for (let f = 1; f < w.length; f++) if (w[f] !== w[0]) return false;
  return true;
}

/** Weighted draws without replacement among p features, undone at the end of each node (see the file comment). */
export class WeightedDraws {
  private readonly w: Float64Array;
  /** Fenwick tree, 1-based: fen[i] sums the weights of features (i − lowbit(i), i] (0-based i − lowbit(i) .. i − 1). */
  private readonly fen: Float64Array;
  private readonly p: number;
  private readonly topBit: number;
  private readonly fullTotal: number;
  private total: number;
  /** Features drawn in the current node, in draw order, to put back. */
  private readonly drawn: Int32Array;
  private nDrawn = 0;

  /** drawnInto: where to keep the drawn features (p words; e.g. the packed kernel's list), else an array of its own. */
  constructor(integerWeights: Float64Array, drawnInto?: Int32Array) {
    const p = integerWeights.length;
    this.p = p;
    this.w = integerWeights;
    this.fen = new Float64Array(p + 1);
    let total = 0;
    for (let i = 1; i <= p; i++) {
      this.fen[i] += integerWeights[i - 1];
      total += integerWeights[i - 1];
      const parent = i + (i & -i);
      if (parent <= p) this.fen[parent] += this.fen[i];
    }
    this.fullTotal = total;
    this.total = total;
    let top = 1;
    while (top * 2 <= p) top *= 2;
    this.topBit = top;
    this.drawn = drawnInto ?? new Int32Array(p);
  }

  /** The features drawn in this node so far, in draw order: drawnFeatures[0..number drawn). */
  get drawnFeatures(): Int32Array {
    return this.drawn;
  }

  /**
   * Draws up to n more features, as n calls of draw (fewer when none is left); returns the number drawn in this node
   * so far (drawnFeatures' first ones).
   */
  drawMany(rng: Rng, n: number): number {
    for (let i = 0; i < n && this.total > 0; i++) this.draw(rng);
    return this.nDrawn;
  }

  /** Whether some feature is left to draw in this node. */
  hasMore(): boolean {
    return this.total > 0;
  }

  /** Draws a feature not drawn yet in this node, with probability proportional to its weight (needs hasMore()). */
  draw(rng: Rng): number {
    // 53 random bits, not 32: the total can exceed 2^32, and 32 bits would leave some features undrawable.
    const u53 = (rng.nextU32() * 2097152 + (rng.nextU32() >>> 11)) / 9007199254740992;
    let rem = Math.min(Math.floor(u53 * this.total), this.total - 1);
    // The smallest position whose prefix sum exceeds rem: drawn features weigh 0 and are passed over.
    let pos = 0;
    const fen = this.fen;
    for (let step = this.topBit; step > 0; step >>>= 1) {
      const next = pos + step;
      if (next <= this.p && fen[next] <= rem) {
        pos = next;
        rem -= fen[next];
      }
    }
    const f = pos;
    this.add(f, -this.w[f]);
    this.total -= this.w[f];
    this.drawn[this.nDrawn++] = f;
    return f;
  }

  /** Puts back every feature drawn since the last call (the end of a node). */
  restore(): void {
    for (let i = 0; i < this.nDrawn; i++) {
      const f = this.drawn[i];
      this.add(f, this.w[f]);
    }
    this.nDrawn = 0;
    this.total = this.fullTotal;
  }

  private add(f: number, delta: number): void {
    for (let i = f + 1; i <= this.p; i += i & -i) this.fen[i] += delta;
  }
}
