/**
 * The node arrays of the tree being grown (capacity 2 × in-bag rows, reused across the trees of a growTrees
 * call) and their trimming into a Tree.
 */
import type { Tree } from './types.ts';
import { CAT_WORDS } from './predict.ts';
import { float32Thresholds } from './compact.ts';

/** Growable node buffers of one tree at a time; written once per node, so kept apart from the hot layers. */
export class TreeNodes {
  private readonly K: number;
  private cap = 0;
  private feature = new Int32Array(0);
  private threshold = new Float64Array(0);
  private left = new Int32Array(0);
  private right = new Int32Array(0);
  private missingLeft = new Uint8Array(0);
  private catOffset = new Int32Array(0);
  private splitBin = new Int32Array(0);
  private value = new Float32Array(0);
  private weight = new Float64Array(0);
  private impDec = new Float64Array(0);
  private catBits = new Uint32Array(64);
  private catLen = 0;

  constructor(nClasses: number) {
    this.K = nClasses;
  }

  /** Nodes the buffers hold (the largest tree started so far). */
  get capacity(): number {
    return this.cap;
  }

  /** The number of classes (values per node) these buffers are laid out for. */
  get nClasses(): number {
    return this.K;
  }

  /** Starts a new tree of at most `nodes` nodes. */
  reset(nodes: number): void {
    this.ensureCapacity(nodes);
    this.catLen = 0;
  }

  /** Split bins of the current tree's numeric splits (-1 elsewhere), which its Tree does not keep. */
  get splitBins(): Int32Array {
    return this.splitBin;
  }

  /** Writes node as a leaf holding the class weights cls (a split node is rewritten by writeSplit). */
  writeNode(node: number, cls: Float64Array): void {
    const K = this.K;
    let s = 0;
    for (let k = 0; k < K; k++) s += cls[k];
    for (let k = 0; k < K; k++) this.value[node * K + k] = s > 0 ? cls[k] / s : 1 / K;
    this.weight[node] = s;
    this.clearSplit(node);
  }

  /** Writes node as a leaf holding K values as they are (a survival leaf's cumulative hazard) and its weight. */
  writeLeafValues(node: number, values: ArrayLike<number>, weight: number): void {
    const K = this.K;
    for (let k = 0; k < K; k++) this.value[node * K + k] = values[k];
    this.weight[node] = weight;
    this.clearSplit(node);
  }

  private clearSplit(node: number): void {
    this.left[node] = -1;
    this.right[node] = -1;
    this.feature[node] = -1;
    this.threshold[node] = 0;
    this.missingLeft[node] = 0;
    this.catOffset[node] = -1;
    this.splitBin[node] = -1;
    this.impDec[node] = 0;
  }

  /** Turns node into a split on feature f with children l and r; then writeCategories or writeThreshold. */
  writeSplit(
    node: number,
    f: number,
    l: number,
    r: number,
    missingLeft: number,
    impurityDecrease: number,
  ): void {
    this.feature[node] = f;
    this.left[node] = l;
    this.right[node] = r;
    this.missingLeft[node] = missingLeft;
    this.impDec[node] = impurityDecrease;
  }

  /**
   * A split of a binned column: the split record, then its left categories (the bins whose side in lut is 1) or,
   * numeric, its bin and threshold (thresholds[bin], Infinity past the last: present values left, missing right).
   */
  writeBinnedSplit(
    node: number,
    f: number,
    l: number,
    r: number,
    missingLeft: number,
    impurityDecrease: number,
    isCat: boolean,
    lut: Uint8Array,
    thresholds: Float64Array,
    bin: number,
  ): void {
    this.writeSplit(node, f, l, r, missingLeft, impurityDecrease);
    if (isCat) this.writeCategories(node, lut);
    else this.writeThreshold(node, bin < thresholds.length ? thresholds[bin] : Infinity, bin);
  }

  /** The left set of a categorical split: the bins whose side in lut is 1. */
  writeCategories(node: number, lut: Uint8Array): void {
    if (this.catLen + CAT_WORDS > this.catBits.length) {
      const a = new Uint32Array(this.catBits.length * 2);
      a.set(this.catBits);
      this.catBits = a;
    }
    const o = this.catLen;
    for (let wd = 0; wd < CAT_WORDS; wd++) this.catBits[o + wd] = 0;
    for (let c = 0; c < 256; c++) if (lut[c]) this.catBits[o + (c >>> 5)] |= 1 << (c & 31);
    this.catOffset[node] = o;
    this.catLen += CAT_WORDS;
    this.threshold[node] = NaN;
  }

  /** A numeric split: bins up to bin (values up to threshold) go left. */
  writeThreshold(node: number, threshold: number, bin: number): void {
    this.threshold[node] = threshold;
    this.splitBin[node] = bin;
  }

  private ensureCapacity(nodes: number): void {
    if (nodes <= this.cap) return;
    const c = Math.max(nodes, 16);
    const K = this.K;
    this.cap = c;
    this.feature = new Int32Array(c);
    this.threshold = new Float64Array(c);
    this.left = new Int32Array(c);
    this.right = new Int32Array(c);
    this.missingLeft = new Uint8Array(c);
    this.catOffset = new Int32Array(c);
    this.splitBin = new Int32Array(c);
    this.value = new Float32Array(c * K);
    this.weight = new Float64Array(c);
    this.impDec = new Float64Array(c);
  }

  /**
   * trim (not compact) with the Tree's arrays laid out in one new buffer, one allocation instead of eleven (the
   * classification trees of small tables: their allocations were about 4 % of the growth on the bench's 300 × 50
   * table). The arrays are views at their own offsets (8-byte ones first); transfers move the buffer once
   * (shardTransferables collects buffers in a set).
   */
  trimShared(nodeCount: number): Tree {
    const K = this.K;
    const n = nodeCount;
    const catLen = this.catLen;
    // Float64: threshold, weight, impurityDecrease; then 4-byte words: feature, left, right, catOffset, catBits,
    // value (Float32); then bytes: missingLeft.
    const at4 = 24 * n;
    const at1 = at4 + 4 * (4 * n + catLen + n * K);
    const buf = new ArrayBuffer(at1 + n);
    const threshold = new Float64Array(buf, 0, n);
    const weight = new Float64Array(buf, 8 * n, n);
    const impurityDecrease = new Float64Array(buf, 16 * n, n);
    const feature = new Int32Array(buf, at4, n);
    const left = new Int32Array(buf, at4 + 4 * n, n);
    const right = new Int32Array(buf, at4 + 8 * n, n);
    const catOffset = new Int32Array(buf, at4 + 12 * n, n);
    const catBits = new Uint32Array(buf, at4 + 16 * n, catLen);
    const value = new Float32Array(buf, at4 + 16 * n + 4 * catLen, n * K);
    const missingLeft = new Uint8Array(buf, at1, n);
    threshold.set(this.threshold.subarray(0, n));
    weight.set(this.weight.subarray(0, n));
    impurityDecrease.set(this.impDec.subarray(0, n));
    feature.set(this.feature.subarray(0, n));
    left.set(this.left.subarray(0, n));
    right.set(this.right.subarray(0, n));
    catOffset.set(this.catOffset.subarray(0, n));
    catBits.set(this.catBits.subarray(0, catLen));
    value.set(this.value.subarray(0, n * K));
    missingLeft.set(this.missingLeft.subarray(0, n));
    return {
      nodeCount,
      nClasses: K,
      feature,
      threshold,
      left,
      right,
      missingLeft,
      catOffset,
      catBits,
      value,
      weight,
      impurityDecrease,
    };
  }

  /**
   * The first nodeCount nodes as a Tree (copies: the buffers are reused for the next tree). compact: thresholds
   * and weights already as compactTree makes them (float32), so that it need not copy them again.
   */
  trim(nodeCount: number, compact = false): Tree {
    const K = this.K;
    const threshold = this.threshold.subarray(0, nodeCount);
    const weight = this.weight.subarray(0, nodeCount);
    return {
      nodeCount,
      nClasses: K,
      feature: this.feature.slice(0, nodeCount),
      threshold: compact ? float32Thresholds(threshold) : threshold.slice(),
      left: this.left.slice(0, nodeCount),
      right: this.right.slice(0, nodeCount),
      missingLeft: this.missingLeft.slice(0, nodeCount),
      catOffset: this.catOffset.slice(0, nodeCount),
      catBits: this.catBits.slice(0, this.catLen),
      value: this.value.slice(0, nodeCount * K),
      weight: compact ? new Float32Array(weight) : weight.slice(),
      impurityDecrease: this.impDec.slice(0, nodeCount),
    };
  }
}
