/**
 * A survival tree: the classifier's node arrays (routing, compaction, TreeSHAP and file checks shared) with one
 * value per node, its risk (the Nelson–Aalen cumulative hazard of its in-bag rows summed over the grid, ranger's
 * mortality), and the cumulative hazard curve of each leaf only, stored sparsely: the grid points where the leaf
 * had events and the curve's value from there on (it is 0 before the first and flat between them).
 *
 * Why sparse and leaves only: a dense curve in every node held nodes × grid float32 values; on 5,000 flchain
 * patients with all 1,585 distinct event times, 500 trees held 1.3 GB that way (bench/survivalMemory.ts). Internal
 * nodes' curves are never read, and a leaf of ~15 bootstrap draws has a handful of event points, so the curves
 * shrink a hundredfold and no longer grow with the grid. Prediction adds each leaf's jumps and sums once per row.
 */
import type { Tree } from './types.ts';

/** A survival tree (see the file comment). nClasses is 1: value[i] is node i's risk. */
export interface SurvivalTree extends Tree {
  /** Node i's curve is hazardPoint/hazardValue[hazardOffset[i] .. hazardOffset[i + 1]) (empty for split nodes). */
  hazardOffset: Int32Array;
  /** Grid indices, increasing within a leaf, where the leaf's cumulative hazard jumps. */
  hazardPoint: Int32Array;
  /** The leaf's cumulative hazard from the matching point on (non-decreasing within a leaf). */
  hazardValue: Float32Array;
}

/** Adds the leaf's curve increments at their grid points to out[o + point] (then a prefix sum gives the curve). */
export function addLeafJumps(
  tree: SurvivalTree,
  leaf: number,
  out: Float64Array,
  o: number,
  round?: number,
): void {
  const end = tree.hazardOffset[leaf + 1];
  const pt = tree.hazardPoint;
  const hv = tree.hazardValue;
  let prev = 0;
  for (let k = tree.hazardOffset[leaf]; k < end; k++) {
    // A float64 difference of two float32 values is exact, so the prefix sum gives back the stored values.
    const d = hv[k] - prev;
    out[o + pt[k]] += round === undefined ? d : Math.round(d * round) / round;
    prev = hv[k];
  }
}

/** Turns each row of a row-major rows × G array of increments into its running sum, in place. */
export function prefixSumRows(a: Float64Array, G: number): void {
  for (let o = 0; o < a.length; o += G) {
    let s = 0;
    for (let j = 0; j < G; j++) {
      s += a[o + j];
      a[o + j] = s;
    }
  }
}

/** The dense cumulative hazard of one node on a grid of G points (zeros for a split node). */
export function leafCurve(tree: SurvivalTree, node: number, G: number): Float64Array {
  const out = new Float64Array(G);
  addLeafJumps(tree, node, out, 0);
  prefixSumRows(out, G);
  return out;
}

/**
 * Throws an Error naming `where` and the node when the curves do not fit the tree and a grid of G points:
 * offsets from 0 to the arrays' length, non-decreasing; no curve at a split node; points increasing in 0..G−1;
 * values finite, >= 0 and non-decreasing within a leaf. Assumes checkTree passed on the node arrays.
 */
export function checkSurvivalCurves(t: SurvivalTree, where: string, G: number): void {
  const n = t.nodeCount;
  const off = t.hazardOffset;
  const pt = t.hazardPoint;
  const hv = t.hazardValue;
  if (off.length !== n + 1)
    throw new Error(`${where} has ${off.length} curve offsets, expected ${n + 1}`);
  if (pt.length !== hv.length) {
    throw new Error(`${where} has ${pt.length} curve points but ${hv.length} curve values`);
  }
  if (off[0] !== 0 || off[n] !== pt.length) {
    throw new Error(`${where} curve offsets do not span its ${pt.length} curve points`);
  }
  for (let i = 0; i < n; i++) {
    const a = off[i];
    const b = off[i + 1];
    if (!(b >= a)) throw new Error(`${where} node ${i} has curve offsets that go backwards`);
    if (t.left[i] !== -1 && b > a)
      throw new Error(`${where} node ${i} is a split but holds a curve`);
    let prevPoint = -1;
    let prevValue = 0;
    for (let k = a; k < b; k++) {
      if (!(pt[k] > prevPoint && pt[k] < G)) {
        throw new Error(
          `${where} node ${i} has curve point ${pt[k]}, not increasing within 0..${G - 1}`,
        );
      }
      const v = hv[k];
      if (!(v >= prevValue && v < Infinity)) {
        throw new Error(
          `${where} node ${i} has a cumulative hazard of ${v} after ${prevValue}: it must be finite and never fall`,
        );
      }
      prevPoint = pt[k];
      prevValue = v;
    }
  }
}
