/**
 * A survival forest's trees held flat: every tree's nodes in one set of forest-wide arrays (the node arrays of Tree
 * and the curves of SurvivalTree), tree t's nodes at nodeStart[t] .. nodeStart[t + 1] − 1, its children, category
 * set offsets and curve offsets forest-wide indices, all in one block of bytes (flatOfBlock). So the forest is one
 * tree-shaped object of many roots: prediction routes a row from each root with the same goesLeft as every other
 * tree (predict.ts) and adds the leaf's curve with the same addLeafJumps; nothing is made per tree.
 *
 * Why: a kernel-grown tree made as its own object was thirteen typed-array views of its batch buffer (treeAt), a
 * lung fold's 500 trees 6,500 views made, kept and copied by the collector while the calling thread still had folds
 * to grow and assemble. Skipping the trees' making altogether (a scratch switch) took lung's five pooled folds from
 * 33.2 to 28.2 ms (median of 14 fresh processes a side). The images are copied into the block by the survival
 * kernel's WebAssembly (survivalKernel.ts flattenImages): the same copy written in JavaScript was compiled during
 * the first fit (15–25 ms of the optimising compiler on the 2 cores) and made it slower, not faster. The trees as
 * objects of their own (TreeSHAP, the model file, the model's fingerprint) are made from the block when asked for,
 * once per forest (survivalTreesOfFlat).
 */
import type { SurvivalTree } from './survivalTree.ts';
import { LAYOUT_STRIDE, type PackedSurvivalTrees } from './survivalGrow.ts';
import { flattenImages, NO_DECREASES, treeImageStride } from './survivalKernel.ts';
import { packedTreePlace } from './survivalShardPack.ts';

/** A forest's trees as one node set (see the file comment); nodeCount counts every tree's nodes. */
export interface FlatSurvivalTrees extends SurvivalTree {
  /** Number of trees. */
  treeCount: number;
  /** Tree t's nodes are nodeStart[t] .. nodeStart[t + 1] − 1, its root nodeStart[t] (length treeCount + 1). */
  nodeStart: Int32Array;
  /** Tree t's category sets are catBits[catStart[t] .. catStart[t + 1]) (length treeCount + 1). */
  catStart: Int32Array;
  threshold: Float32Array;
  weight: Float32Array;
}

/** The shared empty category sets of a forest without categorical splits. */
const NO_CATEGORY_SETS = new Uint32Array(0);

/** Sizes of the trees to copy: nodes, curve points and category words, in all. */
interface Totals {
  nodes: number;
  points: number;
  words: number;
}

/** Bytes of a block's header: i32 trees, nodes, curve points, category words, whether decreases follow; padding. */
const BLOCK_HEADER = 32;

/**
 * The forest held in one block of bytes (survivalKernel.wat flatten lays it out; newBlock alike): the header, the
 * decreases (f64, when the header says so), then nodeStart, catStart, feature, threshold, left, right, catOffset,
 * value, weight, hazardOffset, hazardPoint, hazardValue, catBits (32-bit words), then missingLeft (bytes). One view
 * an array: seventeen a forest, whatever its trees.
 */
function flatOfBlock(buffer: ArrayBuffer): FlatSurvivalTrees {
  const h = new Int32Array(buffer, 0, 5);
  const count = h[0];
  const N = h[1];
  const C = h[2];
  const W = h[3];
  let o = BLOCK_HEADER;
  const impurityDecrease = h[4] === 1 ? new Float64Array(buffer, o, N) : NO_DECREASES;
  if (h[4] === 1) o += 8 * N;
  const i32 = (len: number): Int32Array => {
    const a = new Int32Array(buffer, o, len);
    o += 4 * len;
    return a;
  };
  const f32 = (len: number): Float32Array => {
    const a = new Float32Array(buffer, o, len);
    o += 4 * len;
    return a;
  };
  const nodeStart = i32(count + 1);
  const catStart = i32(count + 1);
  const feature = i32(N);
  const threshold = f32(N);
  const left = i32(N);
  const right = i32(N);
  const catOffset = i32(N);
  const value = f32(N);
  const weight = f32(N);
  const hazardOffset = i32(N + 1);
  const hazardPoint = i32(C);
  const hazardValue = f32(C);
  const catBits = W > 0 ? new Uint32Array(buffer, o, W) : NO_CATEGORY_SETS;
  o += 4 * W;
  return {
    treeCount: count,
    nodeStart,
    catStart,
    nodeCount: N,
    nClasses: 1,
    feature,
    threshold,
    left,
    right,
    missingLeft: new Uint8Array(buffer, o, N),
    catOffset,
    catBits,
    value,
    weight,
    impurityDecrease,
    hazardOffset,
    hazardPoint,
    hazardValue,
  };
}

/** A new block for `trees` trees of these totals (zeros), the decreases only when `decreases`. */
function newBlock(trees: number, s: Totals, decreases: boolean): FlatSurvivalTrees {
  const bytes =
    BLOCK_HEADER +
    (decreases ? 8 * s.nodes : 0) +
    4 * (2 * (trees + 1) + 8 * s.nodes + 1 + 2 * s.points + s.words) +
    s.nodes;
  const buffer = new ArrayBuffer(bytes);
  new Int32Array(buffer, 0, 5).set([trees, s.nodes, s.points, s.words, decreases ? 1 : 0]);
  return flatOfBlock(buffer);
}

/** Views of a whole buffer of tree images, one of each type (never one a tree). */
interface ImageViews {
  i32: Int32Array;
  f32: Float32Array;
  u32: Uint32Array;
  u8: Uint8Array;
  f64: Float64Array;
}

function viewsOf(buffer: ArrayBuffer): ImageViews {
  const words = buffer.byteLength >>> 2;
  return {
    i32: new Int32Array(buffer, 0, words),
    f32: new Float32Array(buffer, 0, words),
    u32: new Uint32Array(buffer, 0, words),
    u8: new Uint8Array(buffer),
    f64: new Float64Array(buffer, 0, buffer.byteLength >>> 3),
  };
}

/**
 * Copies the tree images the layout places (in `views` of its buffers) into `out`, tree t of it the layout's t-th:
 * each image of n nodes, c curve points and catLen category words at byte `at` laid out as survivalKernel.ts treeAt
 * reads one (decreases (f64 × n), then 32-bit words feature, threshold, left, right, catOffset, value, weight (n
 * each), hazardOffset (n + 1), hazardPoint, hazardValue (c each), catBits (catLen), then missingLeft (bytes)); its
 * children, category offsets and curve offsets made forest-wide. One function for every tree, loop included: V8
 * optimises it while the warm-up's forests are assembled, not during a user's first fit.
 */
function copyImages(out: FlatSurvivalTrees, views: ImageViews[], layout: Int32Array): void {
  const dec = out.impurityDecrease;
  for (let t = 0, o = 0; o < layout.length; t++, o += LAYOUT_STRIDE) {
    const v = views[layout[o]];
    const at = layout[o + 1];
    const n = layout[o + 2];
    const c = layout[o + 3];
    const catLen = layout[o + 4];
    const node = out.nodeStart[t];
    const word = out.catStart[t];
    const point = out.hazardOffset[node];
    const w = (at >>> 2) + 2 * n;
    const i32 = v.i32;
    const f32 = v.f32;
    for (let i = 0; i < n; i++) {
      const d = node + i;
      const l = i32[w + 2 * n + i];
      const r = i32[w + 3 * n + i];
      const co = i32[w + 4 * n + i];
      out.feature[d] = i32[w + i];
      out.threshold[d] = f32[w + n + i];
      out.left[d] = l < 0 ? l : l + node;
      out.right[d] = r < 0 ? r : r + node;
      out.catOffset[d] = co < 0 ? co : co + word;
      out.value[d] = f32[w + 5 * n + i];
      out.weight[d] = f32[w + 6 * n + i];
      out.hazardOffset[d + 1] = i32[w + 7 * n + i + 1] + point;
    }
    const p = w + 8 * n + 1;
    for (let k = 0; k < c; k++) {
      out.hazardPoint[point + k] = i32[p + k];
      out.hazardValue[point + k] = f32[p + c + k];
    }
    const cat = p + 2 * c;
    for (let k = 0; k < catLen; k++) out.catBits[word + k] = v.u32[cat + k];
    const ml = 4 * (cat + catLen);
    for (let i = 0; i < n; i++) out.missingLeft[node + i] = v.u8[ml + i];
    if (dec.length > 0) {
      const a = at >>> 3;
      for (let i = 0; i < n; i++) dec[node + i] = v.f64[a + i];
    }
    out.nodeStart[t + 1] = node + n;
    out.catStart[t + 1] = word + catLen;
  }
}

/**
 * Tree images (a kernel batch's: packed shards; or packSurvivalTrees') copied flat, tree t of the result the
 * layout's t-th; their impurity decreases too when `decreases`. Throws when a tree does not lie within its buffer.
 */
export function flattenPacked(packed: PackedSurvivalTrees, decreases: boolean): FlatSurvivalTrees {
  const { buffers, layout } = packed;
  const count = layout.length / LAYOUT_STRIDE;
  if (!Number.isInteger(count))
    throw new Error('A packed tree shard has a layout that does not fit its trees');
  const block = flattenImages(buffers, layout, count, decreases);
  return block ? flatOfBlock(block) : flattenPackedHere(packed, count, decreases);
}

/** flattenPacked in JavaScript, where WebAssembly is missing (and the tests' reference): the same block. */
export function flattenPackedHere(
  packed: PackedSurvivalTrees,
  count: number,
  decreases: boolean,
): FlatSurvivalTrees {
  const { buffers, layout } = packed;
  const totals: Totals = { nodes: 0, points: 0, words: 0 };
  for (let t = 0; t < count; t++) {
    const { n, c, catLen } = packedTreePlace(packed, t);
    totals.nodes += n;
    totals.points += c;
    totals.words += catLen;
  }
  const out = newBlock(count, totals, decreases);
  copyImages(out, buffers.map(viewsOf), layout);
  return out;
}

/**
 * Trees of their own (a JavaScript grower's, a model file's), each with float32 thresholds and weights, laid out
 * as tree images in one buffer (the layout the kernel writes: flattenPacked reads both alike); their impurity
 * decreases too (zeros for a tree without them).
 */
export function packSurvivalTrees(trees: readonly SurvivalTree[]): PackedSurvivalTrees {
  const layout = new Int32Array(LAYOUT_STRIDE * trees.length);
  let bytes = 0;
  trees.forEach((t, k) => {
    if (!(t.threshold instanceof Float32Array && t.weight instanceof Float32Array))
      throw new Error('Only compacted trees are packed');
    const o = LAYOUT_STRIDE * k;
    layout[o + 1] = bytes;
    layout[o + 2] = t.nodeCount;
    layout[o + 3] = t.hazardPoint.length;
    layout[o + 4] = t.catBits.length;
    bytes += treeImageStride(t.nodeCount, t.hazardPoint.length, t.catBits.length);
  });
  const buffer = new ArrayBuffer(bytes);
  const v = viewsOf(buffer);
  trees.forEach((t, k) => {
    const at = layout[LAYOUT_STRIDE * k + 1];
    const n = t.nodeCount;
    const c = t.hazardPoint.length;
    if (t.impurityDecrease.length === n) v.f64.set(t.impurityDecrease, at >>> 3);
    const w = (at >>> 2) + 2 * n;
    v.i32.set(t.feature, w);
    v.f32.set(t.threshold as Float32Array, w + n);
    v.i32.set(t.left, w + 2 * n);
    v.i32.set(t.right, w + 3 * n);
    v.i32.set(t.catOffset, w + 4 * n);
    v.f32.set(t.value, w + 5 * n);
    v.f32.set(t.weight as Float32Array, w + 6 * n);
    v.i32.set(t.hazardOffset, w + 7 * n);
    v.i32.set(t.hazardPoint, w + 8 * n + 1);
    v.f32.set(t.hazardValue, w + 8 * n + 1 + c);
    v.u32.set(t.catBits, w + 8 * n + 1 + 2 * c);
    v.u8.set(t.missingLeft, 4 * (w + 8 * n + 1 + 2 * c + t.catBits.length));
  });
  return { buffers: [buffer], layout };
}

/** Trees of their own (each with float32 thresholds and weights) held flat, in their order. */
export function flattenTrees(
  trees: readonly SurvivalTree[],
  decreases: boolean,
): FlatSurvivalTrees {
  return flattenPacked(packSurvivalTrees(trees), decreases);
}

/**
 * Several packed shards' trees as one layout over all their buffers, tree t of it the one `order` names at
 * order[2t], order[2t + 1] (shard, tree within it): flattenPacked then copies them in that order.
 */
export function orderPacked(
  shards: readonly PackedSurvivalTrees[],
  order: Int32Array,
): PackedSurvivalTrees {
  const buffers: ArrayBuffer[] = [];
  const first: number[] = [];
  for (const s of shards) {
    first.push(buffers.length);
    buffers.push(...s.buffers);
  }
  const count = order.length >> 1;
  const layout = new Int32Array(LAYOUT_STRIDE * count);
  for (let k = 0; k < count; k++) {
    const shard = order[2 * k];
    const tree = order[2 * k + 1];
    const from = shards[shard].layout;
    const f = LAYOUT_STRIDE * tree;
    if (!(f >= 0 && f + LAYOUT_STRIDE <= from.length))
      throw new Error(`Shard ${shard + 1} has no tree ${tree + 1}`);
    const o = LAYOUT_STRIDE * k;
    layout[o] = from[f] + first[shard];
    for (let j = 1; j < LAYOUT_STRIDE; j++) layout[o + j] = from[f + j];
  }
  return { buffers, layout };
}

/** Tree t of a flat forest as a tree of its own (copies, local indices, no impurity decreases). */
export function flatTreeAt(f: FlatSurvivalTrees, t: number): SurvivalTree {
  const first = f.nodeStart[t];
  const end = f.nodeStart[t + 1];
  const pointFirst = f.hazardOffset[first];
  const wordFirst = f.catStart[t];
  const words = f.catStart[t + 1] - wordFirst;
  const left = f.left.slice(first, end);
  const right = f.right.slice(first, end);
  const catOffset = f.catOffset.slice(first, end);
  const hazardOffset = f.hazardOffset.slice(first, end + 1);
  for (let i = 0; i < end - first; i++) {
    if (left[i] >= 0) left[i] -= first;
    if (right[i] >= 0) right[i] -= first;
    if (catOffset[i] >= 0) catOffset[i] -= wordFirst;
  }
  for (let i = 0; i < hazardOffset.length; i++) hazardOffset[i] -= pointFirst;
  return {
    nodeCount: end - first,
    nClasses: 1,
    feature: f.feature.slice(first, end),
    threshold: f.threshold.slice(first, end),
    left,
    right,
    missingLeft: f.missingLeft.slice(first, end),
    catOffset,
    catBits: words > 0 ? f.catBits.slice(wordFirst, wordFirst + words) : NO_CATEGORY_SETS,
    value: f.value.slice(first, end),
    weight: f.weight.slice(first, end),
    impurityDecrease: NO_DECREASES,
    hazardOffset,
    hazardPoint: f.hazardPoint.slice(pointFirst, f.hazardOffset[end]),
    hazardValue: f.hazardValue.slice(pointFirst, f.hazardOffset[end]),
  };
}

const treesMade = new WeakMap<FlatSurvivalTrees, SurvivalTree[]>();

/** Every tree of a flat forest as its own (flatTreeAt), made once per forest: shared, never to be changed. */
export function survivalTreesOfFlat(f: FlatSurvivalTrees): SurvivalTree[] {
  let trees = treesMade.get(f);
  if (!trees) {
    trees = Array.from({ length: f.treeCount }, (_, t) => flatTreeAt(f, t));
    treesMade.set(f, trees);
  }
  return trees;
}

/** The flat forest without its impurity decreases (its arrays shared, not copied). */
export function withoutDecreases(f: FlatSurvivalTrees): FlatSurvivalTrees {
  return f.impurityDecrease.length === 0 ? f : { ...f, impurityDecrease: NO_DECREASES };
}
