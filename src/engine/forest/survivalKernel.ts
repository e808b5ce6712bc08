/**
 * A survival tree grown whole in WebAssembly (survivalKernel.wat, compiled ahead of time into survivalKernelWasm.ts
 * by `npx tsx scripts/build-survival-kernel.ts`): SurvivalGrower (survivalGrow.ts) step for step, numeric and
 * categorical columns, missing values, with the same floating-point operations in the same order and the same
 * random draws, so the trees are the same to the bit. The JavaScript grower stays the reference, and grows where
 * WebAssembly is missing or a fit would not fit the kernel's memory (MAX_KERNEL_BYTES).
 *
 * Why: a small cohort's fit is mostly V8's warm-up. On lung (134 training patients, 500 trees) a tree costs ~50 µs
 * in optimised JavaScript but ~530 µs before V8 has optimised the grower (Sparkplug), and the first fit of a
 * session ran 100–150 ms of CPU where later ones ran 25 ms, the optimising compiler's own work included. WebAssembly
 * is compiled once when the module is made (its baseline compiler is fast and its code near the optimised one), so
 * the first fit runs near full speed from its first tree. For the same reason small trees are grown many to a call
 * and copied out in one buffer (growBatch), their importance shares summed as they are grown, and a thread keeps its
 * instance for its next small fit: per tree, the JavaScript around the kernel (a call, an ArrayBuffer, a pass over
 * every node when the forest is assembled) had come to cost a fifth of a lung tree's growth, more in a cold fold.
 */
import { base64ToTyped } from './base64.ts';
import { SURVIVAL_KERNEL_BASE64 } from './survivalKernelWasm.ts';
import { float32AtMost } from './float32.ts';
import type { SurvivalTree } from './survivalTree.ts';

/**
 * The kernel's exports: init reads the header; growBatch grows trees and lays each out as one tree's arrays (see
 * the .wat), returning how many it grew.
 */
interface KernelExports {
  memory: WebAssembly.Memory;
  init(): void;
  growBatch(
    seeds: number,
    count: number,
    meta: number,
    end: number,
    worst: number,
    imp: number,
    treeImp: number,
  ): number;
  flatten(
    layout: number,
    count: number,
    bases: number,
    lens: number,
    nBuf: number,
    dst: number,
    decreases: number,
  ): number;
}

/** What one fit's kernel needs: the binned columns and the grid cells of every row, the training rows, settings. */
export interface SurvivalKernelInput {
  nRows: number;
  nFeatures: number;
  /** Column-major nRows × nFeatures bins (255: missing). */
  bins: Uint8Array;
  thresholds: Float64Array[];
  cell: Int32Array;
  ev: Uint8Array;
  trainRows: Int32Array;
  G: number;
  mtry: number;
  maxDepth: number;
  bootstrap: boolean;
  draws: number;
  minLeaf: number;
  minSplit: number;
}

/** What out-of-bag routing needs of the last grown tree: views into the kernel's memory (the next tree's then). */
export interface SurvivalKernelOutput {
  /** Per node: its split bin (−1 for a leaf or a categorical split). */
  bin: Int32Array;
  /** Each row's bootstrap count (indexed by row). */
  drawCount: Int32Array;
}

/** Trees grown in one call into the kernel, copied out together. */
export interface SurvivalKernelBatch {
  /** How many trees were grown: the first ones of the seeds given, at least one. */
  count: number;
  /**
   * The trees one after another, each 8-aligned, as survivalKernel.wat's image lays one out: chi-squares
   * (f64 × n), feature … curve values, category sets, then missingLeft.
   */
  buffer: ArrayBuffer;
  /**
   * Per tree (4 words) its node count n, curve points c, category set words catLen and largest curve point (−1
   * for none); a view, read before the next call.
   */
  meta: Int32Array;
}

/** A fit's kernel instance. */
export interface SurvivalKernel {
  /** Grows the trees of seeds[0..count), as many as fit one batch; out then describes the last one. */
  growBatch(seeds: Int32Array, count: number): SurvivalKernelBatch;
  out: SurvivalKernelOutput;
  /**
   * Per feature, the sum over every tree grown so far of its share of its trees' chi-squares (forest.ts
   * mdiImportances' sums before their normalisation, to the bit).
   */
  importanceSums(): Float64Array;
  /** Ends the fit's use of the instance, which the next fit may then reuse. */
  release(): void;
}

/** The bytes of a tree of n nodes, c curve points and catLen category set words as image lays it out. */
export function treeImageBytes(n: number, c: number, catLen: number): number {
  return 8 * n + 4 * (8 * n + 1 + 2 * c + catLen) + n;
}

/** Where the next tree's image starts after one of n nodes, c curve points and catLen words: its bytes, 8-aligned. */
export function treeImageStride(n: number, c: number, catLen: number): number {
  return align8(treeImageBytes(n, c, catLen));
}

/**
 * The impurity decreases of a tree whose forest no longer reads them (a compacted survival forest's, or a tree
 * unpacked without them: treeAt), shared: nothing reads or writes it.
 */
export const NO_DECREASES = new Float64Array(0);
/** The category sets of a tree without a categorical split, shared (empty: nothing to read or write). */
const NO_CATEGORY_SETS = new Uint32Array(0);

/**
 * The tree of n nodes at byte `at` of a kernel batch, laid out as TreeNodes.trim(n, true) and trimCurves lay it
 * out (the impurity decreases too: assembling the forest drops them, and 8 bytes a node stay unused). Without
 * `decreases` the tree holds NO_DECREASES instead, for a forest whose importances come from the kernel's sums; a
 * tree without category sets holds a shared empty array. Each view is an object the thread allocates and its
 * collector copies: a lung fold's 500 trees are 6,500 views, and two fewer a tree took lung's pooled folds from
 * 61–63 to 58–59 ms of CPU (14 fresh processes a side, interleaved).
 */
export function treeAt(
  buffer: ArrayBuffer,
  at: number,
  n: number,
  c: number,
  catLen: number,
  decreases = true,
): SurvivalTree {
  const impurityDecrease = decreases ? new Float64Array(buffer, at, n) : NO_DECREASES;
  const o = at + 8 * n;
  const n4 = 4 * n;
  const feature = new Int32Array(buffer, o, n);
  const threshold = new Float32Array(buffer, o + n4, n);
  const left = new Int32Array(buffer, o + 2 * n4, n);
  const right = new Int32Array(buffer, o + 3 * n4, n);
  const catOffset = new Int32Array(buffer, o + 4 * n4, n);
  const value = new Float32Array(buffer, o + 5 * n4, n);
  const weight = new Float32Array(buffer, o + 6 * n4, n);
  const hazardOffset = new Int32Array(buffer, o + 7 * n4, n + 1);
  const p = o + 8 * n4 + 4;
  const hazardPoint = new Int32Array(buffer, p, c);
  const hazardValue = new Float32Array(buffer, p + 4 * c, c);
  const catBits = catLen > 0 ? new Uint32Array(buffer, p + 8 * c, catLen) : NO_CATEGORY_SETS;
  const missingLeft = new Uint8Array(buffer, p + 8 * c + 4 * catLen, n);
  return {
    nodeCount: n,
    nClasses: 1,
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
    hazardOffset,
    hazardPoint,
    hazardValue,
  };
}

/** Most trees grown by one call into the kernel (their seeds and sizes live in its memory). */
export const KERNEL_BATCH = 64;
/** Least bytes for a batch's trees: small trees then go many to a call. */
const MIN_BATCH_BYTES = 1 << 20;
/**
 * Kernel memory up to which the instance is kept for the thread's next fit (a cross-validation's folds): a new
 * instance and its zeroed memory cost more than a small fit's first trees. Larger fits take their own instance, so
 * a thread does not hold a large fit's memory after it.
 */
const KEEP_BYTES = 8 << 20;

/**
 * Bytes of kernel memory above which a fit keeps the JavaScript grower: the binned columns are copied into it, and
 * a genotype table's would double their memory where growth takes long enough for V8 to optimise the JavaScript.
 */
const MAX_KERNEL_BYTES = 64 * 1024 * 1024;
/** Header: i32 words from 0 (addresses and sizes, in the order the .wat's init reads them), f64 words from 256. */
const HEADER_BYTES = 512;

let compiled: WebAssembly.Module | null | undefined;
let enabled = true;
/** The instance kept for the next fit of this thread, and whether a fit is using it. */
let kept: KernelExports | null = null;
let keptBusy = false;

/** Turns the kernel off (every fit grows in JavaScript) or back on; for tests comparing the two growers. */
export function setSurvivalKernelEnabled(on: boolean): void {
  enabled = on;
}

/** Whether this thread keeps a kernel instance for its next small fit (one has been made: a fit, or a worker's warm-up). */
export function survivalKernelKept(): boolean {
  return kept !== null;
}

/** The compiled module, made once per thread; null where WebAssembly is missing or refuses it. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = base64ToTyped(SURVIVAL_KERNEL_BASE64, Uint8Array, 'the survival kernel');
    // The constructor validates (and throws, caught below): validate() first was a second pass over the bytes.
    compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/**
 * Indices into kernelLayout's answer: the workspace's arrays in the order they are laid out (the first
 * L_HEADER_RUN are header words 8–52, in init's order), then the batch's and categorical columns' arrays, then sizes.
 */
const L_BINS = 0;
const L_THR_START = 1;
const L_THR = 2;
const L_CELL = 3;
const L_EV = 4;
const L_TRAIN = 5;
const L_CNT = 6;
const L_OBIN = 34;
const L_HEADER_RUN = 45;
const L_THR32 = 45;
const L_SEEDS = 46;
const L_META = 47;
const L_IMP = 48;
const L_TREE_IMP = 49;
const L_IMG = 50;
/** The three missing-row arrays, isCat, binW and binE (header words 56–61). */
const L_MISSING = 51;
/** key, bestOrder, lut, oCatOff, catBits (header words 70–74). */
const L_CAT = 57;
const L_IMG_END = 62;
const L_TOP = 63;
const L_WORST = 64;
const L_IS_CAT = 54;

/**
 * Every array's byte address in the kernel's memory (8-aligned, from HEADER_BYTES), the end of the batch's image
 * space, the memory's top and a tree's largest image, at the L_ indices. A loop over one array of sizes: this runs
 * once per fit, and as straight-line code (a closure per array, an object of 45 of them) V8's optimising compiler
 * spent 45–60 ms of a background thread on it whenever a session's fits made it hot, on 2 cores the growing
 * threads' time (node --trace-opt, lung's folds on a pool of 2).
 */
function kernelLayout(
  nRows: number,
  nFeatures: number,
  nTrain: number,
  G: number,
  nThr: number,
): Int32Array {
  const cap = 2 * nTrain + 2;
  const hbLen = (G >>> 5) + 1;
  // A tree's largest image: every node, every training row's curve point, every node's category set words.
  const worst = treeImageBytes(cap, nTrain + 1, 8 * cap) + 8;
  const g1 = 8 * (G + 1);
  const sizes = [
    // bins, thrStart, thr, cell, ev, train, cnt, w, idx, tmp, byBin, feats
    nRows * nFeatures,
    4 * (nFeatures + 1),
    8 * nThr,
    4 * nRows,
    nRows,
    4 * nTrain,
    4 * nRows,
    8 * nRows,
    4 * nTrain,
    4 * nTrain,
    4 * nTrain,
    4 * nFeatures,
    // gc, ge, chf, heldBits, held, local, nodeY, nodeD, nodeP
    g1,
    8 * G,
    8 * G,
    4 * hbLen,
    4 * (G + 1),
    4 * (G + 1),
    8 * G,
    8 * G,
    4 * G,
    // lam, varA, varB, cumC, cumE, fenW, fenB
    g1,
    g1,
    g1,
    g1,
    g1,
    8 * (G + 2),
    8 * (G + 2),
    // bcnt, bstart, order, mask, stack
    4 * 256,
    4 * 256,
    4 * 256,
    4 * 8,
    16 * cap,
    // oFeature, oBin, oLeft, oRight, oMissL, oRisk, oW, oChi, cStart, cLen, cPoint, cValue
    4 * cap,
    4 * cap,
    4 * cap,
    4 * cap,
    4 * cap,
    4 * cap,
    8 * cap,
    8 * cap,
    4 * cap,
    4 * cap,
    4 * (nTrain + 1),
    4 * (nTrain + 1),
    // thr32, seeds, meta, importance sums, a tree's importance shares, the batch's images
    4 * nThr,
    4 * KERNEL_BATCH,
    16 * KERNEL_BATCH,
    8 * nFeatures,
    8 * nFeatures,
    Math.max(2 * worst, MIN_BATCH_BYTES),
    // missC, missE, crossM, isCat, binW, binE
    g1,
    g1,
    g1,
    nFeatures,
    8 * 256,
    8 * 256,
    // key, bestOrder, lut, oCatOff, catBits
    8 * 256,
    4 * 256,
    256,
    4 * cap,
    4 * 8 * cap,
  ];
  const L = new Int32Array(L_WORST + 1);
  let top = HEADER_BYTES;
  for (let i = 0; i < sizes.length; i++) {
    L[i] = top;
    top += align8(sizes[i]);
    if (i === L_IMG) L[L_IMG_END] = top;
  }
  L[L_TOP] = top;
  L[L_WORST] = worst;
  return L;
}

/**
 * The kernel for one fit, or null when it does not apply (too much memory, no WebAssembly): the caller then grows
 * in JavaScript.
 */
export function survivalKernel(
  input: SurvivalKernelInput,
  isCategorical: Uint8Array,
): SurvivalKernel | null {
  const { nRows, nFeatures, G, trainRows } = input;
  if (!enabled) return null;
  const nTrain = trainRows.length;
  let nThr = 0;
  for (let f = 0; f < nFeatures; f++) nThr += input.thresholds[f].length;
  const cap = 2 * nTrain + 2;
  const L = kernelLayout(nRows, nFeatures, nTrain, G, nThr);
  const top = L[L_TOP];
  if (top > MAX_KERNEL_BYTES) return null;
  const module = kernelModule();
  if (!module) return null;
  const keep = top <= KEEP_BYTES && !keptBusy;
  const k =
    keep && kept ? kept : (new WebAssembly.Instance(module).exports as unknown as KernelExports);
  if (keep) {
    kept = k;
    keptBusy = true;
  }
  const pages = Math.ceil(top / 65536) - k.memory.buffer.byteLength / 65536;
  if (pages > 0) k.memory.grow(pages);
  const buf = k.memory.buffer;
  const imgAt = L[L_IMG];
  const imgEnd = L[L_IMG_END];
  // A kept instance holds the last fit's workspace: zeroed, it starts as a new one does (the trees' images are
  // written before they are read).
  if (k === kept) new Uint8Array(buf).fill(0, 0, imgAt).fill(0, imgEnd, top);
  const header = new Int32Array(buf, 0, 128);
  header[0] = nRows;
  header[1] = nFeatures;
  header[2] = nTrain;
  header[3] = G;
  header[4] = input.mtry;
  header[5] = input.maxDepth;
  header[6] = input.bootstrap ? 1 : 0;
  header[7] = input.draws;
  // Words 8–52: the workspace's addresses in the order they were laid out; then the rest in init's order.
  header.set(L.subarray(0, L_HEADER_RUN), 8);
  header[53] = (G >>> 5) + 1;
  header[54] = L[L_THR32];
  header[55] = imgAt;
  header.set(L.subarray(L_MISSING, L_MISSING + 6), 56);
  header.set(L.subarray(L_CAT, L_CAT + 5), 70);
  const f64 = new Float64Array(buf, 256, 2);
  f64[0] = input.minLeaf;
  f64[1] = input.minSplit;
  new Uint8Array(buf, L[L_BINS], nRows * nFeatures).set(input.bins.subarray(0, nRows * nFeatures));
  const thrStart = new Int32Array(buf, L[L_THR_START], nFeatures + 1);
  const thr = new Float64Array(buf, L[L_THR], nThr);
  const thr32 = new Float32Array(buf, L[L_THR32], nThr);
  let t = 0;
  for (let f = 0; f < nFeatures; f++) {
    thrStart[f] = t;
    const tf = input.thresholds[f];
    thr.set(tf, t);
    for (let i = 0; i < tf.length; i++) thr32[t++] = float32AtMost(tf[i]);
  }
  thrStart[nFeatures] = t;
  new Int32Array(buf, L[L_CELL], nRows).set(input.cell);
  new Uint8Array(buf, L[L_EV], nRows).set(input.ev);
  new Int32Array(buf, L[L_TRAIN], nTrain).set(trainRows);
  new Uint8Array(buf, L[L_IS_CAT], nFeatures).set(isCategorical.subarray(0, nFeatures));
  k.init();
  const out: SurvivalKernelOutput = {
    bin: new Int32Array(buf, L[L_OBIN], cap),
    drawCount: new Int32Array(buf, L[L_CNT], nRows),
  };
  const seedsAt = L[L_SEEDS];
  const metaAt = L[L_META];
  const impAt = L[L_IMP];
  const treeImpAt = L[L_TREE_IMP];
  const worst = L[L_WORST];

  const seeds = new Int32Array(buf, seedsAt, KERNEL_BATCH);
  const growBatch = (from: Int32Array, count: number): SurvivalKernelBatch => {
    const want = Math.min(count, KERNEL_BATCH);
    seeds.set(from.subarray(0, want));
    const grown = k.growBatch(seedsAt, want, metaAt, imgEnd, worst, impAt, treeImpAt);
    const meta = new Int32Array(buf, metaAt, 4 * grown);
    let bytes = 0;
    for (let i = 0; i < grown; i++) {
      bytes += treeImageStride(meta[4 * i], meta[4 * i + 1], meta[4 * i + 2]);
    }
    return { count: grown, buffer: buf.slice(imgAt, imgAt + bytes), meta };
  };
  const release = (): void => {
    if (k === kept) keptBusy = false;
  };
  const importanceSums = (): Float64Array =>
    new Float64Array(buf.slice(impAt, impAt + 8 * nFeatures));
  return { growBatch, out, importanceSums, release };
}

/** This thread's instance of the kernel's module for flattenImages (its own memory, not a fit's). */
let flattener: KernelExports | null = null;

/**
 * The tree images a packed shard's layout places in `buffers` (count entries of five words: buffer, byte offset,
 * nodes, curve points, category words) as one block of forest-wide arrays, by the kernel's flatten (the block's
 * layout: survivalKernel.wat flatten, read by flatSurvivalTrees.ts), their impurity decreases too when asked. The
 * images are copied into the instance's memory and the block out of it: two copies of bytes, no loop in JavaScript
 * over the trees (whose compiling cost a first fit more than the copy). Null where WebAssembly is missing, or where
 * the images and block would not fit KEEP_BYTES (the instance, kept for the thread's next forest, never grows past
 * it): a larger forest is copied in JavaScript straight from its images, no second copy of them held at once (5,000
 * patients' 500 trees: 30 more MiB resident the other way, 194 against 164), and its loop's compiling a small part
 * of its work.
 * Throws when a tree does not lie within its buffer.
 */
export function flattenImages(
  buffers: readonly ArrayBuffer[],
  layout: Int32Array,
  count: number,
  decreases: boolean,
): ArrayBuffer | null {
  const module = enabled ? kernelModule() : null;
  if (!module) return null;
  const nb = buffers.length;
  const basesAt = align8(4 * layout.length);
  const lensAt = basesAt + 4 * nb;
  let at = align8(lensAt + 4 * nb);
  const bases = new Int32Array(nb);
  const lens = new Int32Array(nb);
  for (let b = 0; b < nb; b++) {
    bases[b] = at;
    lens[b] = buffers[b].byteLength;
    at = align8(at + lens[b]);
  }
  const dst = at;
  // A block is at most its images' bytes, 8 more a tree (nodeStart and catStart) and its header.
  const need = dst + (dst - lensAt) + 8 * count + 64;
  if (need > KEEP_BYTES) return null;
  const k = flattener ?? (new WebAssembly.Instance(module).exports as unknown as KernelExports);
  const pages = Math.ceil(need / 65536) - k.memory.buffer.byteLength / 65536;
  if (pages > 0) k.memory.grow(pages);
  const mem = k.memory.buffer;
  new Int32Array(mem, 0, layout.length).set(layout);
  new Int32Array(mem, basesAt, nb).set(bases);
  new Int32Array(mem, lensAt, nb).set(lens);
  const bytes = new Uint8Array(mem);
  for (let b = 0; b < nb; b++) bytes.set(new Uint8Array(buffers[b]), bases[b]);
  const len = k.flatten(0, count, basesAt, lensAt, nb, dst, decreases ? 1 : 0);
  flattener = k;
  if (len < 0) throw new Error(`Packed tree ${-len} of a shard does not lie within its buffers`);
  return mem.slice(dst, dst + len);
}

function align8(x: number): number {
  return Math.ceil(x / 8) * 8;
}
