/**
 * The row loops of the packed SNP split search (packedScan.ts) in WebAssembly (packedKernel.wat, compiled ahead of
 * time into packedKernelWasm.ts by `npx tsx scripts/build-packed-kernel.ts`). The JavaScript loops stay the
 * reference and run where WebAssembly is missing or a fit would not fit the kernel's memory (MAX_KERNEL_BYTES).
 *
 * Why: those loops are most of the growth time on SNP-only tables. Per row they read a row id, a 2-bit code of each
 * column and the row's packed weights; V8's code checks every typed-array index against its length, WebAssembly's
 * addresses need no such check (guard pages). Measured on the pair loop over node-sized row sets of a 15000-row
 * table: 0.9–1.3 ns a row and column against 2.3–2.9 ns in JavaScript. The sums are the same floating-point
 * operations on exact integers, so the trees are the same to the bit.
 *
 * The kernel reads the node's rows, the weights and the codes from its own memory: the Grower's row ids and packed
 * weights are views of it, and the table's codes are copied in once per growTrees call. On tables whose columns are
 * all packed a second module (listScanKernel.wat, built by the same script) shares that memory and the row loops: the
 * scans of a node's weighted draws (FeatureSearch.findSplitWeighted).
 */
import { base64ToTyped } from './base64.ts';
import { PACKED_KERNEL_BASE64 } from './packedKernelWasm.ts';
import { LIST_SCAN_KERNEL_BASE64 } from './listScanKernelWasm.ts';

/** The kernel's loops, as packedKernel.wat and listScanKernel.wat export them (arguments: addresses and counts). */
type PairSums = (
  ip: number,
  wp: number,
  start: number,
  end: number,
  pf: number,
  pg: number,
  counts?: number,
) => void;
type OneSums = (
  ip: number,
  wp: number,
  start: number,
  end: number,
  pf: number,
  counts?: number,
) => void;
type SplitPacked = (start: number, end: number, po: number, sides: number) => number;
type DrawScan = (
  start: number,
  end: number,
  nKnownConst: number,
  nFeatures: number,
  mtry: number,
  n0: number,
  n1: number,
) => number;
type ScanList = (
  start: number,
  end: number,
  nList: number,
  nConst: number,
  n0: number,
  n1: number,
  minLeaf: number,
  counted: number,
) => number;

/** The kernel's exports (see packedKernel.wat): sums to the f64 words at address 0. */
interface KernelExports {
  pair2: PairSums;
  pair3: PairSums;
  one3: OneSums;
  init(
    ip: number,
    wp: number,
    feats: number,
    constF: number,
    poff: number,
    pmiss: number,
    state: number,
    tmp: number,
  ): void;
  splitPacked: SplitPacked;
  drawScan: DrawScan;
}

/** The list scan kernel's exports (listScanKernel.wat), on the packed kernel's memory and row loops. */
interface ListScanExports {
  init(
    ip: number,
    wp: number,
    feats: number,
    poff: number,
    pmiss: number,
    list: number,
    known: number,
  ): void;
  scanList: ScanList;
}

/** One growTrees call's kernel: the arrays the Grower reads and writes, in the kernel's memory, and its loops. */
export interface PackedKernel {
  /** The node rows' ids (the Grower's idx), at address ip. */
  idx: Int32Array;
  /** Per row its packed class weights (the Grower's wy), at address wp. */
  wy: Float64Array;
  /** Bytes of its memory in use. */
  bytes: number;
  /** The table's packed codes, copied; column f at address pb + packOff[f]. */
  packed: Uint8Array;
  /** The sums of the last call (f64 words at address 0). */
  out: Float64Array;
  ip: number;
  wp: number;
  pb: number;
  /**
   * Σ x v and Σ x² v of the columns at pf and pg (no missing values) over idx[start..end): out[0..3]. With counts 1
   * (minSamplesLeaf > 1) also the rows of bit 0 and bit 1 of f to counts[0..1] and of g to counts[3..4] (counts[2],
   * counts[5]: 0).
   */
  pair2: PairSums;
  /**
   * Σ x v, Σ x² v, Σ x³ v of the columns at pf and pg: out[0..2] and out[3..5]. With counts 1 also the rows of bit 0,
   * bit 1 and both bits of f to counts[0..2] and of g to counts[3..5].
   */
  pair3: PairSums;
  /** Σ x v, Σ x² v, Σ x³ v of the column at pf: out[0..2]; with counts 1 its rows of each bit to counts[0..2]. */
  one3: OneSums;
  /** The row counts of the counted loops (i32 words at byte 80, after drawScan's generator state). */
  counts: Int32Array;
  /** The feature draw order (the Grower's features) and the features known constant (its constFeatures). */
  features: Int32Array;
  constFeatures: Int32Array;
  /**
   * Whether drawScan applies: every column is packed (their code addresses and missing flags are in the kernel's
   * memory).
   */
  allPacked: boolean;
  /** The generator's state for drawScan (4 words). */
  state: Int32Array;
  /** The partition's right-hand rows (the Grower's tmp). */
  tmp: Int32Array;
  /**
   * The Grower's partition of idx[start..end) by the packed column at address po (bit c of sides: code c goes
   * left), right-hand rows moved back after the left ones; returns where they start.
   */
  splitPacked: SplitPacked;
  /** Features drawn for a node, in draw order (scanList's list). */
  list: Int32Array;
  /** 1 for the features known constant in the open node (scanList skips them). */
  known: Uint8Array;
  /** Whether scanList's last call met a feature that was not constant in the node (1) or not (0). */
  varied: Int32Array;
  /**
   * FeatureSearch.findSplitWeighted's scans of the nList features in list (a table whose columns are all packed):
   * each not known constant summed (with the next one drawn), the constant ones appended to features from nConst
   * on, the others' candidate splits with the row checks of minLeaf (-Infinity: none, and counted 0: no row counts)
   * into best and bestInts; returns the new number of constants. Null where the list kernel did not instantiate.
   */
  scanList: ScanList | null;
  /** drawScan's best split: its proxy and left class weights. */
  best: Float64Array;
  /**
   * drawScan's best split: feature (-1: none), genotypes m, prefix j, missing left, whether the node has missing rows
   * in that column, the codes order[j - 1] and order[j] (SplitSweep.adoptBest).
   */
  bestInts: Int32Array;
  /**
   * FeatureSearch.findSplit for a node of rows idx[start..end) with class weights n0, n1 on a table whose columns are
   * all packed, at minSamplesLeaf 1: the draws, bit sums and candidate splits (best, bestInts); returns the features
   * known constant for its children (see the .wat).
   */
  drawScan: DrawScan;
}

/**
 * Bytes of kernel memory above which a fit keeps the JavaScript loops: the table's codes are copied into it, which
 * would double a large genotype table's memory (as survivalKernel.ts's bound).
 */
const MAX_KERNEL_BYTES = 64 * 1024 * 1024;
/** The results' words at the start of the memory, then the generator's state. */
const OUT_BYTES = 64;
const HEADER_BYTES = 128;
/** Where the counted loops leave their row counts: after the generator's state (OUT_BYTES + 16), in the header. */
const COUNTS_AT = 80;

/**
 * Kernel memory up to which the instance is kept for the thread's next growTrees call on the same table: a pool worker
 * grows a fit's trees in several chunks, and a new instance (its memory zeroed, the codes copied) cost 2–4 ms each on
 * 3750 × 2000 SNPs. Larger tables take a new instance each call, so a thread does not hold their memory after a fit.
 */
const KEEP_BYTES = 16 * 1024 * 1024;

let compiled: WebAssembly.Module | null | undefined;
let compiledList: WebAssembly.Module | null | undefined;
let enabled = true;
/** The instance kept for the next call on the same table, what it was made for, and whether a call is using it. */
let kept: {
  kernel: PackedKernel;
  codes: Uint8Array;
  packOff: Int32Array;
  packMissing: Uint8Array;
  nIdx: number;
  nRows: number;
} | null = null;
let keptBusy = false;

/** Turns the kernel off (the packed path sums in JavaScript) or back on; for tests and A/B runs comparing the two. */
export function setPackedKernelEnabled(on: boolean): void {
  enabled = on;
}

/** The compiled module, made once per thread; null where WebAssembly is missing or refuses it. */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const bytes = base64ToTyped(PACKED_KERNEL_BASE64, Uint8Array, 'the packed scan kernel');
    compiled = typeof WebAssembly === 'object' ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiled = null;
  }
  return compiled;
}

/** The list scan kernel's compiled module, made once per thread; null where WebAssembly refuses it. */
function listScanModule(): WebAssembly.Module | null {
  if (compiledList !== undefined) return compiledList;
  try {
    const bytes = base64ToTyped(LIST_SCAN_KERNEL_BASE64, Uint8Array, 'the list scan kernel');
    compiledList = typeof WebAssembly === 'object' ? new WebAssembly.Module(bytes) : null;
  } catch {
    compiledList = null;
  }
  return compiledList;
}

/**
 * The kernel for one growTrees call on the packed path (nIdx row ids, nRows rows, the table's packed codes and
 * columns' starts in them, -1 for a column not packed, and missing flags), or null when it does not apply (turned
 * off, no WebAssembly, too much memory): the caller then sums in JavaScript. The caller gives it back with
 * releasePackedKernel when its call ends (the thread's next call on the same table may then reuse it).
 */
export function packedKernel(
  nIdx: number,
  nRows: number,
  codes: Uint8Array,
  packOff: Int32Array,
  packMissing: Uint8Array,
): PackedKernel | null {
  if (!enabled || codes.length === 0) return null;
  const k = kept;
  if (
    k &&
    !keptBusy &&
    k.codes === codes &&
    k.packOff === packOff &&
    k.packMissing === packMissing &&
    k.nIdx === nIdx &&
    k.nRows === nRows
  ) {
    keptBusy = true;
    return k.kernel;
  }
  const kernel = newKernel(nIdx, nRows, codes, packOff, packMissing);
  if (kernel && !keptBusy && kernel.bytes <= KEEP_BYTES) {
    kept = { kernel, codes, packOff, packMissing, nIdx, nRows };
    keptBusy = true;
  }
  return kernel;
}

/** Ends a growTrees call's use of its kernel. */
export function releasePackedKernel(kernel: PackedKernel): void {
  if (kept?.kernel === kernel) keptBusy = false;
}

/** A new instance for packedKernel, the table's codes copied in. */
function newKernel(
  nIdx: number,
  nRows: number,
  codes: Uint8Array,
  packOff: Int32Array,
  packMissing: Uint8Array,
): PackedKernel | null {
  const nF = packOff.length;
  const ip = HEADER_BYTES;
  const wp = ip + 8 * Math.ceil((4 * nIdx) / 8);
  const featsAt = wp + 8 * nRows;
  const constAt = featsAt + 4 * nF;
  const poffAt = constAt + 4 * nF;
  const pmissAt = poffAt + 4 * nF;
  const knownAt = pmissAt + nF;
  // The row ids of the partition and the drawn features are 4-byte words; the codes may start anywhere.
  const listAt = 8 * Math.ceil((knownAt + nF) / 8);
  const tmpAt = listAt + 8 * Math.ceil((4 * nF) / 8);
  const pb = tmpAt + 8 * Math.ceil((4 * nIdx) / 8);
  const bytes = pb + codes.length;
  if (bytes > MAX_KERNEL_BYTES) return null;
  const module = kernelModule();
  if (!module) return null;
  let memory: WebAssembly.Memory;
  let exports: KernelExports;
  try {
    memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / 65536) });
    exports = new WebAssembly.Instance(module, { env: { memory } })
      .exports as unknown as KernelExports;
  } catch {
    // Out of memory for a new instance: the JavaScript loops need none.
    return null;
  }
  const buf = memory.buffer;
  const packed = new Uint8Array(buf, pb, codes.length);
  packed.set(codes);
  const poff = new Int32Array(buf, poffAt, nF);
  let allPacked = true;
  for (let f = 0; f < nF; f++) {
    poff[f] = pb + packOff[f];
    if (packOff[f] < 0) allPacked = false;
  }
  new Uint8Array(buf, pmissAt, nF).set(packMissing);
  exports.init(ip, wp, featsAt, constAt, poffAt, pmissAt, OUT_BYTES, tmpAt);
  let scanList: PackedKernel['scanList'] = null;
  const listModule = allPacked ? listScanModule() : null;
  if (listModule) {
    try {
      const list = new WebAssembly.Instance(listModule, {
        env: { memory, pair2: exports.pair2, pair3: exports.pair3, one3: exports.one3 },
      }).exports as unknown as ListScanExports;
      list.init(ip, wp, featsAt, poffAt, pmissAt, listAt, knownAt);
      scanList = list.scanList;
    } catch {
      scanList = null;
    }
  }
  return {
    idx: new Int32Array(buf, ip, nIdx),
    wy: new Float64Array(buf, wp, nRows),
    packed,
    out: new Float64Array(buf, 0, OUT_BYTES / 8),
    ip,
    wp,
    pb,
    pair2: exports.pair2,
    pair3: exports.pair3,
    one3: exports.one3,
    counts: new Int32Array(buf, COUNTS_AT, 6),
    features: new Int32Array(buf, featsAt, nF),
    constFeatures: new Int32Array(buf, constAt, nF),
    allPacked,
    state: new Int32Array(buf, OUT_BYTES, 4),
    best: new Float64Array(buf, 0, 3),
    bestInts: new Int32Array(buf, 24, 7),
    tmp: new Int32Array(buf, tmpAt, nIdx),
    splitPacked: exports.splitPacked,
    list: new Int32Array(buf, listAt, nF),
    known: new Uint8Array(buf, knownAt, nF),
    varied: new Int32Array(buf, 52, 1),
    scanList,
    drawScan: exports.drawScan,
    bytes,
  };
}
