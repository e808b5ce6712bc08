/**
 * Compact trees for tall cohorts: a fully grown tree on a million patients has hundreds of thousands of nodes, so
 * every byte per node counts in memory and in saved files.
 *
 * - threshold: float32. Inputs are float32 (encoded columns and patients are Float32Array, and goesLeft rounds
 *   any other number to float32), and for a float32 x and a float64 t, x <= t exactly when x <= t' with t' the
 *   largest float32 <= t. So routing, hence every prediction, is bit-identical.
 * - weight: float32. Node weights are bootstrap counts (whole numbers below 2^24, exact in float32) times class
 *   weights; with class weights they round at the 7th significant digit, which only TreeSHAP's cover ratios see.
 * - impurityDecrease: dropped; the forest's MDI importances are computed from it before compaction.
 */
import { float32AtMost } from './float32.ts';
import type { Tree } from './types.ts';

/** Bytes one tree holds in memory (its typed arrays). */
export function treeBytes(t: Tree): number {
  return (
    t.feature.byteLength +
    t.threshold.byteLength +
    t.left.byteLength +
    t.right.byteLength +
    t.missingLeft.byteLength +
    t.catOffset.byteLength +
    t.catBits.byteLength +
    t.value.byteLength +
    t.weight.byteLength +
    t.impurityDecrease.byteLength
  );
}

/** Float32 thresholds that route every float32 input exactly as the float64 ones (see the file comment). */
export function float32Thresholds(threshold: ArrayLike<number>): Float32Array {
  const out = new Float32Array(threshold.length);
  for (let i = 0; i < threshold.length; i++) out[i] = float32AtMost(threshold[i]);
  return out;
}

/** The tree with float32 thresholds and weights and without impurity decreases; routes and predicts alike. */
export function compactTree(t: Tree): Tree {
  return {
    ...t,
    threshold: t.threshold instanceof Float32Array ? t.threshold : float32Thresholds(t.threshold),
    weight: t.weight instanceof Float32Array ? t.weight : Float32Array.from(t.weight),
    impurityDecrease: new Float64Array(0),
  };
}
