/**
 * Survival trees (ranger's TreeSurvival, Ishwaran et al. 2008): the survival TreeKind of the node loop every tree
 * kind shares (nodeLoop.ts: shard loop, depth-first node stack, maximum depth, split records with the missing
 * side), on the binned columns of the classifier: the same BinnedData, seeded generator per tree (deriveSeed),
 * bootstrap draws and drawn rows (bootstrap.ts), stable partition (partitionRows.ts), node arrays (TreeNodes) and
 * Tree layout, so prediction routing (predict.ts), compaction and out-of-bag routing (growSupport.ts leafOfBinned)
 * are shared. What is its own: the node summary, the log-rank criterion over its histogram of follow-up per bin
 * (grow.ts's layers hold K class weights per bin, with packed SNP scans and two-class sweeps) and the leaf curves.
 *
 * - Split rule: the two-sample log-rank statistic |Σ(d_L − Y_L d/Y)| / √(Σ (Y_L/Y)(1 − Y_L/Y)(Y − d)/(Y − 1) d)
 *   (ranger's "logrank"), maximised over every bin boundary of the drawn features, missing rows sent left and
 *   right (as the classifier), plus "every present value left, missing right"; categories ordered by their crude
 *   event rate (events / weight) and every prefix tried. Only the grid points where the node has events enter the
 *   statistic (the others add 0 to both sums), so deep nodes cost little whatever the grid.
 * - A feature's scan of a node: its rows counted and sorted by bin; the sweep adds a bin's rows to the left side's
 *   weight by last at-risk point and events by point, and to running sums that bound each candidate's statistic,
 *   so that only a candidate that may beat the best so far pays the pass over the node's event points (consider).
 *   The bins' dense histograms (bins × event points per feature) cost more than the split search itself; the same
 *   splits are chosen (growIdentity.test.ts). 3,000 flchain patients, 300 trees and a 5-fold CV of 300 each, one
 *   thread: 6.8–7.1 s of CPU before, 5.0–5.2 s with this and the node summary over held cells only.
 * - Leaves hold the Nelson–Aalen cumulative hazard of their in-bag rows at their event points on the grid, and every
 *   node its risk (that curve summed over the grid) as its one `value` (survivalTree.ts says why, and measures).
 * - Sizes count bootstrap draws (weights), as ranger counts its bootstrap sample: minSamplesLeaf (default 15) is a
 *   leaf's least weight, minSamplesSplit a split node's. A node without events is not split.
 * - Features are drawn without replacement until maxFeatures were tried and one of them was not constant in the
 *   node (sklearn's rule, as the classifier; no memory of features constant in ancestors).
 * - MDI-style importance: each split records its chi-square (the statistic squared) as its "impurity decrease".
 * - Each tree is grown whole in a WebAssembly port of this grower (survivalKernel.ts, KernelGrower below): the
 *   same trees to the bit, without waiting for V8 to optimise this code (a small cohort's first fit was mostly
 *   that wait). SurvivalGrower stays the reference, and grows where WebAssembly is missing or a fit's columns are
 *   too large to copy into the kernel's memory.
 */
import { MISSING_BIN, type BinnedData, type Tree } from './types.ts';
import { Rng, deriveSeed } from './rng.ts';
import { resolveMaxFeatures, resolveMaxSamples } from './params.ts';
import { drawCounts, expandDrawn } from './bootstrap.ts';
import { splitByBins } from './partitionRows.ts';
import { leafOfBinned } from './growSupport.ts';
import {
  growShard,
  insertByKey,
  middleEdge,
  NodeLoop,
  occupiedBins,
  splitLut,
  sweepPrefixes,
  type PrefixSweep,
  trainingRows,
  type TreeKind,
} from './nodeLoop.ts';
import { TreeNodes } from './treeNodes.ts';
import type { SurvivalTree } from './survivalTree.ts';
import type { GrowOptions } from './grow.ts';
import { MAX_CATEGORY_BIN } from './predict.ts';
import { gridCells } from './timeGrid.ts';
import {
  KERNEL_BATCH,
  survivalKernel,
  treeAt,
  treeImageStride,
  type SurvivalKernel,
} from './survivalKernel.ts';
import { MAX_TREE_DEPTH } from './checkTree.ts';
import type { SurvivalParams } from './survivalParams.ts';

/** What one worker returns after growing its share of survival trees. */
export interface SurvivalShard {
  treeIndices: number[];
  trees: SurvivalTree[];
  /**
   * Per training row, the sum over this shard's trees (where out of bag) of its cumulative hazard's increments at
   * each grid point (nRows × G; a running sum along the grid gives the summed curves), each rounded to a multiple
   * of 2^-32 so that sums are exact, hence the same in any shard order.
   */
  oobSum: Float64Array | null;
  oobCount: Uint32Array | null;
  /**
   * What the WebAssembly kernel summed while growing exactly these trees in this order (absent otherwise, or when
   * the shard stopped early): per feature the trees' chi-square shares (mdiImportances' sums before their
   * normalisation) and the largest curve point, so that assembling one thread's forest need not pass over every
   * node again in JavaScript.
   */
  kernelSums?: { importance: Float64Array; maxPoint: number };
}

/** A shard's trees as the kernel batch buffers they lie in and, per tree, [buffer, byte offset, nodes, curve points, category words]. */
export interface PackedSurvivalTrees {
  buffers: ArrayBuffer[];
  layout: Int32Array;
}

/** Int32 entries a tree takes in PackedSurvivalTrees.layout. */
export const LAYOUT_STRIDE = 5;

/**
 * A survival shard as a worker sends it (growSurvivalTreesPacked): the kernel's trees as their batch buffers and
 * layout (survivalShardPack.ts unpackSurvivalShard makes the trees again), the JavaScript grower's as trees.
 */
export type SurvivalShardWire =
  | SurvivalShard
  | (Omit<SurvivalShard, 'trees'> & { trees?: undefined; packedTrees: PackedSurvivalTrees });

/** What growSurvivalTrees and growSurvivalTreesPacked take. */
type SurvivalGrowArgs = [
  binned: BinnedData,
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  grid: Float64Array,
  params: SurvivalParams,
  treeIndices: number[],
  options?: GrowOptions,
];

/** Grow the survival trees with the given global indices on a fixed time grid (shared by every worker). */
export function growSurvivalTrees(...args: SurvivalGrowArgs): SurvivalShard {
  return growAny(false, ...args) as SurvivalShard;
}

/**
 * growSurvivalTrees for a shard that is assembled into a forest (here or in the thread it is sent to): the kernel's
 * trees are not made as trees of their own, only their images kept (out-of-bag curves route through passing views
 * of them), which the forest copies flat (flatSurvivalTrees.ts). A lung fold's 500 small trees are 6,500 typed
 * array views, which cost the thread that makes them and each thread that clones them several microseconds a tree,
 * a third of growing it; a few buffers and one layout array cost next to nothing.
 */
export function growSurvivalTreesPacked(...args: SurvivalGrowArgs): SurvivalShardWire {
  return growAny(true, ...args);
}

function growAny(
  packed: boolean,
  ...[binned, time, event, grid, params, treeIndices, options = {}]: SurvivalGrowArgs
): SurvivalShardWire {
  if (time.length !== binned.nRows || event.length !== binned.nRows) {
    throw new Error(
      `time and event have ${time.length} and ${event.length} rows, binned data has ${binned.nRows}`,
    );
  }
  if (grid.length < 1) throw new Error('The time grid is empty');
  const trainRows = trainingRows(binned.nRows, options.rows);
  const G = grid.length;
  const wantOob = params.bootstrap && params.oobScore;
  const oobSum = wantOob ? new Float64Array(binned.nRows * G) : null;
  const oobCount = wantOob ? new Uint32Array(binned.nRows) : null;
  // Made last: nothing may throw between taking the kernel and growShard, which releases it.
  const grower =
    KernelGrower.make(binned, time, event, grid, params, trainRows) ??
    new SurvivalGrower(binned, time, event, grid, params, trainRows);
  const shard =
    grower instanceof KernelGrower
      ? grower.growShard(treeIndices, options, oobSum, oobCount, packed)
      : growShard(treeIndices, options, (t) => grower.grow(t, oobSum, oobCount));
  return { ...shard, oobSum, oobCount };
}

/**
 * Relative error margin of the running-sum bound on a split's statistic (SurvivalGrower.consider): their rounding
 * is about (rows + event points) × 2^-53 of the magnitudes summed, under 1e-10 up to a million rows.
 */
const BOUND = 1e-9;

/**
 * A feature's sweep keeps the running sums that bound a candidate's statistic (a Fenwick update per row, SurvivalGrower.
 * addBinBounded) only when its candidates × event points exceed this many times its rows; otherwise every
 * candidate takes the exact pass, short there (small nodes, few distinct values), and the split is the same.
 * Measured (5-fold CV, one thread): lung (134 training patients) 53 → 44 µs per tree, 1,000 flchain patients
 * 527 → 417 µs; 4 to 16 alike, always bounding (0) or never (∞) slower on one or the other.
 */
const BOUNDED_M = 8;

/** Out-of-bag increments are rounded to multiples of 1 / OOB_SCALE (see SurvivalShard.oobSum). */
const OOB_SCALE = 4294967296;

/** The survival kind of tree, and the workspace of one growSurvivalTrees call reused across its trees and nodes. */
class SurvivalGrower implements TreeKind, PrefixSweep {
  readonly bins: Uint8Array;
  readonly nRows: number;
  private readonly nFeatures: number;
  private readonly nBins: Uint16Array;
  private readonly isCat: Uint8Array;
  private readonly thresholds: Float64Array[];
  private readonly G: number;
  /** Row -> grid cell s (at risk at points 0..s−1) and whether it had its event at point s−1. */
  private readonly cell: Int32Array;
  private readonly ev: Uint8Array;
  private readonly params: SurvivalParams;
  readonly trainRows: Int32Array;
  private readonly mtry: number;
  private readonly minLeaf: number;
  private readonly minSplit: number;
  private readonly loop: NodeLoop;
  readonly drawCount: Int32Array;
  /** All zero: one class of weight 1 for expandDrawn, whose weights are then the draw counts. */
  private readonly noClass: Uint8Array;
  private readonly unitWeight = Float64Array.of(1);
  private readonly w: Float64Array;
  private readonly idx: Int32Array;
  private readonly tmp: Int32Array;
  private readonly features: Int32Array;
  private readonly nodes: TreeNodes;

  // Node state: weight by cell and events by grid point (whole grid), its event points and the cell -> local map.
  private readonly gridCnt: Float64Array;
  private readonly gridEv: Float64Array;
  /** Nelson–Aalen after each of the node's event points. */
  private readonly chf: Float64Array;
  /** The grid cells the node's rows hold: a bitmap, then in increasing order. */
  private readonly heldBits: Int32Array;
  private readonly held: Int32Array;
  private readonly local: Int32Array;
  /** Node's number of event points m, and per event point k: at risk Y_k and events d_k. */
  private m = 0;
  private readonly nodeY: Float64Array;
  private readonly nodeD: Float64Array;
  /** Grid index of each of the node's event points. */
  private readonly nodeP: Int32Array;
  private nodeW = 0;
  private readonly risk = new Float64Array(1);

  // Leaf curves of the tree being grown, in the order leaves are finished; per node its start and length.
  private curveStart = new Int32Array(0);
  private curveLen = new Int32Array(0);
  private curvePoint = new Int32Array(1024);
  private curveValue = new Float32Array(1024);
  private curveUsed = 0;

  /**
   * Per local cell s (0..m) of the open node: Nelson–Aalen before s (lam), and the sums before s of the log-rank
   * variance's c_k / Y_k (varA) and c_k / Y_k² (varB), c_k = (Y_k − d_k) d_k / (Y_k − 1): a side's numerator is a
   * sum over its rows and its variance one over its pairs of rows (see consider), so a candidate's statistic can
   * be bounded from running sums instead of a pass over the event points.
   */
  private readonly lam: Float64Array;
  private readonly varA: Float64Array;
  private readonly varB: Float64Array;

  // Feature scan: the node's rows counted, weighed and sorted by bin (counting sort), in bin order.
  private readonly order = new Int32Array(256);
  private readonly key = new Float64Array(256);
  private readonly mask = new Int32Array(8);
  private readonly binCount = new Int32Array(256);
  private readonly binStart = new Int32Array(256);
  private readonly binW = new Float64Array(256);
  private readonly binE = new Float64Array(256);
  private readonly byBin: Int32Array;
  /** The left side's weight by local cell and its events by local cell (event at point s − 1); the missing rows'. */
  private readonly cumC: Float64Array;
  private readonly cumE: Float64Array;
  private readonly missC: Float64Array;
  private readonly missE: Float64Array;
  /** Fenwick trees over local cells of the left side's weight and weight × varB (for its pair sum). */
  private readonly fenW: Float64Array;
  private readonly fenB: Float64Array;
  /** Per local cell s: the pair sum of one row at s with the missing rows, Σ_M w varB[min(s, s_j)]. */
  private readonly crossM: Float64Array;
  // The sweep's running state (sweep -> sweepPrefixes -> addBin / tryPrefix).
  private swF = 0;
  private swIsCat = false;
  private swN = 0;
  private swHasMissing = false;
  private swMissW = 0;
  private swCumW = 0;
  // Running sums of the left side (L) and of the missing rows (M): events, Σ w·lam, Σ w·varA, the pair sum
  // Σ w_i w_j varB[min(s_i, s_j)], and L's pair sum with M.
  private lD = 0;
  private lS = 0;
  private lP = 0;
  private lQ = 0;
  private lX = 0;
  private mD = 0;
  private mS = 0;
  private mP = 0;
  private mQ = 0;

  /** Whether the open node keeps the running sums that bound candidates (see BOUNDED_M). */
  private bounded = true;
  /** Whether lam, varA and varB hold the open node's (makeBoundSums). */
  private boundSums = false;

  // Best split of the node.
  private bestStat = 0;
  private bestFeature = -1;
  private bestIsCat = false;
  private bestBin = 0;
  private bestMissingLeft = 0;
  private bestHasMissing = false;
  private bestLeftW = 0;
  private bestPrefix = 0;
  private bestCount = 0;
  private readonly bestOrder = new Int32Array(256);
  private readonly lut = new Uint8Array(256);

  constructor(
    binned: BinnedData,
    time: ArrayLike<number>,
    event: ArrayLike<number>,
    grid: Float64Array,
    params: SurvivalParams,
    trainRows: Int32Array,
  ) {
    this.bins = binned.bins;
    this.nRows = binned.nRows;
    this.nFeatures = binned.nFeatures;
    this.nBins = binned.nBins;
    this.isCat = binned.isCategorical;
    this.thresholds = binned.thresholds;
    this.G = grid.length;
    const cells = gridCells(time, event, grid);
    this.cell = cells.cell;
    this.ev = cells.onGridEvent;
    this.params = params;
    this.trainRows = trainRows;
    this.mtry = resolveMaxFeatures(params.maxFeatures, binned.nFeatures);
    this.minLeaf = Math.max(1, params.minSamplesLeaf);
    this.minSplit = Math.max(2, params.minSamplesSplit);
    this.loop = new NodeLoop(params.maxDepth);
    this.drawCount = new Int32Array(this.nRows);
    this.noClass = new Uint8Array(this.nRows);
    this.w = new Float64Array(this.nRows);
    this.idx = new Int32Array(trainRows.length);
    this.tmp = new Int32Array(trainRows.length);
    this.features = new Int32Array(this.nFeatures);
    this.nodes = new TreeNodes(1);
    const G = this.G;
    this.gridCnt = new Float64Array(G + 1);
    this.gridEv = new Float64Array(G);
    this.chf = new Float64Array(G);
    this.held = new Int32Array(G + 1);
    this.heldBits = new Int32Array((G >>> 5) + 1);
    this.local = new Int32Array(G + 1);
    this.nodeY = new Float64Array(G);
    this.nodeD = new Float64Array(G);
    this.nodeP = new Int32Array(G);
    this.lam = new Float64Array(G + 1);
    this.varA = new Float64Array(G + 1);
    this.varB = new Float64Array(G + 1);
    this.byBin = new Int32Array(trainRows.length);
    this.cumC = new Float64Array(G + 1);
    this.cumE = new Float64Array(G + 1);
    this.missC = new Float64Array(G + 1);
    this.missE = new Float64Array(G + 1);
    this.fenW = new Float64Array(G + 2);
    this.fenB = new Float64Array(G + 2);
    this.crossM = new Float64Array(G + 1);
  }

  /** Grow tree t; adds its out-of-bag cumulative hazards to oobSum/oobCount when given. */
  grow(t: number, oobSum: Float64Array | null, oobCount: Uint32Array | null): SurvivalTree {
    const rng = new Rng(deriveSeed(this.params.randomState, t));
    const cnt = this.drawCount;
    const train = this.trainRows;
    if (this.params.bootstrap) {
      cnt.fill(0);
      drawCounts(cnt, train, rng, resolveMaxSamples(this.params.maxSamples, train.length));
    } else {
      cnt.fill(1);
    }
    const n = expandDrawn(cnt, train, this.noClass, this.unitWeight, this.idx, this.w);
    for (let f = 0; f < this.nFeatures; f++) this.features[f] = f;
    // Room for a quarter more drawn rows than this tree's: the next trees' draws vary by a few rows, and growing
    // the node buffers to each new largest tree reallocated them all (1 % of a lung fit's time).
    if (this.curveStart.length < 2 * n) {
      const room = Math.min(2 * train.length, 2 * n + (n >>> 1));
      this.curveStart = new Int32Array(room);
      this.curveLen = new Int32Array(room);
    }
    this.nodes.reset(this.curveStart.length);
    this.curveUsed = 0;
    const nodeCount = this.loop.grow(this, rng, n);
    // Compact already (float32 thresholds and weights): assembleSurvivalForest's compactTree then keeps them.
    const tree = this.trimCurves(this.nodes.trim(nodeCount, true));
    if (oobSum && oobCount) {
      const { bins, nRows, drawCount, trainRows } = this;
      addOob(tree, this.nodes.splitBins, { bins, nRows, drawCount, trainRows }, oobSum, oobCount);
    }
    return tree;
  }

  /** The grown node arrays with the leaf curves laid out in node order. */
  private trimCurves(t: Tree): SurvivalTree {
    const n = t.nodeCount;
    let total = 0;
    for (let i = 0; i < n; i++) total += this.curveLen[i];
    // One buffer behind the three arrays (4-byte elements each): a typed array's own buffer costs far more to
    // make than a view, and a lung fit makes 500 trees of a dozen nodes.
    const buffer = new ArrayBuffer(4 * (n + 1 + 2 * total));
    const hazardOffset = new Int32Array(buffer, 0, n + 1);
    const hazardPoint = new Int32Array(buffer, 4 * (n + 1), total);
    const hazardValue = new Float32Array(buffer, 4 * (n + 1 + total), total);
    for (let i = 0; i < n; i++) hazardOffset[i + 1] = hazardOffset[i] + this.curveLen[i];
    const cp = this.curvePoint;
    const cv = this.curveValue;
    // Plain copies: a leaf's curve is a few points, and two subarrays per leaf cost more than copying them.
    for (let i = 0; i < n; i++) {
      const s = this.curveStart[i];
      const o = hazardOffset[i];
      const len = hazardOffset[i + 1] - o;
      for (let k = 0; k < len; k++) {
        hazardPoint[o + k] = cp[s + k];
        hazardValue[o + k] = cv[s + k];
      }
    }
    // t is this tree's own fresh object: extending it is several times cheaper than a spread into a new one.
    return Object.assign(t, { hazardOffset, hazardPoint, hazardValue });
  }

  /** Records the node's curve (its event points and Nelson–Aalen there) as a leaf's. */
  private writeLeafCurve(node: number): void {
    const m = this.m;
    if (this.curveUsed + m > this.curvePoint.length) {
      const cap = Math.max(2 * this.curvePoint.length, this.curveUsed + m);
      const p = new Int32Array(cap);
      p.set(this.curvePoint.subarray(0, this.curveUsed));
      const v = new Float32Array(cap);
      v.set(this.curveValue.subarray(0, this.curveUsed));
      this.curvePoint = p;
      this.curveValue = v;
    }
    const o = this.curveUsed;
    for (let k = 0; k < m; k++) {
      this.curvePoint[o + k] = this.nodeP[k];
      this.curveValue[o + k] = this.chf[k];
    }
    this.curveStart[node] = o;
    this.curveLen[node] = m;
    this.curveUsed += m;
  }

  /** Nothing to prepare: each node is summarised from its rows when opened. */
  openRoot(): void {}

  /** Summarises the node, writes it as a leaf of its risk; splits need weight, room for two leaves and events. */
  openNode(_sp: number, node: number, start: number, end: number): boolean {
    this.summariseNode(start, end);
    this.nodes.writeLeafValues(node, this.risk, this.nodeW);
    this.curveLen[node] = 0;
    return !(this.nodeW < this.minSplit || this.nodeW < 2 * this.minLeaf || this.m === 0);
  }

  /** A leaf keeps its Nelson–Aalen steps. */
  closeLeaf(node: number): void {
    this.writeLeafCurve(node);
  }

  foundSplit(): boolean {
    return this.bestFeature >= 0;
  }

  /**
   * The node's follow-up: its event points (m, nodeY, nodeD, nodeP), Nelson–Aalen there (chf), the cell -> local
   * map of its rows' cells, its weight and risk. Only the cells its rows hold are visited (sorted), not the whole
   * grid: deep nodes hold a few of its hundreds of points.
   */
  private summariseNode(start: number, end: number): void {
    const G = this.G;
    const gc = this.gridCnt;
    const ge = this.gridEv;
    const idx = this.idx;
    const cell = this.cell;
    const ev = this.ev;
    const w = this.w;
    const heldBits = this.heldBits;
    let wTot = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const s = cell[r];
      heldBits[s >>> 5] |= 1 << (s & 31);
      gc[s] += w[r];
      wTot += w[r];
      if (ev[r] === 1) ge[s - 1] += w[r];
    }
    this.nodeW = wTot;
    // The held cells in increasing order (the bitmap cleared for the next node).
    const cells = this.held;
    let nHeld = 0;
    for (let wd = 0; wd < heldBits.length; wd++) {
      let bits = heldBits[wd];
      while (bits !== 0) {
        const low = bits & -bits;
        cells[nHeld++] = (wd << 5) + 31 - Math.clz32(low);
        bits ^= low;
      }
      heldBits[wd] = 0;
    }
    // At risk at grid point j: weight with cell > j (whole numbers: exact in any order). An event point j is the
    // cell j + 1 of its event rows, so the held cells in order meet every event point in order.
    let atRisk = wTot;
    let h = 0;
    let m = 0;
    const local = this.local;
    const chf = this.chf;
    for (let t = 0; t < nHeld; t++) {
      const s = cells[t];
      if (s > 0 && ge[s - 1] > 0) {
        h += ge[s - 1] / atRisk;
        this.nodeY[m] = atRisk;
        this.nodeD[m] = ge[s - 1];
        this.nodeP[m] = s - 1;
        chf[m] = h;
        m++;
        ge[s - 1] = 0;
      }
      local[s] = m;
      atRisk -= gc[s];
      gc[s] = 0;
    }
    this.m = m;
    this.risk[0] = nodeRisk(chf, this.nodeP, m, G);
    this.boundSums = false;
  }

  /**
   * The open node's lam, varA and varB, which only the bound's running sums read: made at its first sweep that
   * keeps them, so that leaves and nodes of short exact passes skip their divisions.
   */
  private makeBoundSums(): void {
    this.boundSums = true;
    const m = this.m;
    const lam = this.lam;
    const varA = this.varA;
    const varB = this.varB;
    lam[0] = 0;
    varA[0] = 0;
    varB[0] = 0;
    for (let k = 0; k < m; k++) {
      const y = this.nodeY[k];
      const d = this.nodeD[k];
      const c = y > 1 ? ((y - d) * d) / (y - 1) : 0;
      lam[k + 1] = lam[k] + d / y;
      varA[k + 1] = varA[k] + c / y;
      varB[k + 1] = varB[k] + c / (y * y);
    }
  }

  /**
   * Draws features as the classifier does (see the file comment) and keeps the best log-rank split in best*; no
   * memory of features constant in ancestors (0 known constant for the children).
   */
  findSplit(rng: Rng, start: number, end: number): number {
    this.bestFeature = -1;
    this.bestStat = 0;
    const feats = this.features;
    let left = this.nFeatures;
    let visited = 0;
    let nonConstant = 0;
    while (left > 0 && (visited < this.mtry || nonConstant === 0)) {
      const j = rng.nextInt(left);
      const f = feats[j];
      left--;
      feats[j] = feats[left];
      feats[left] = f;
      visited++;
      if (this.scanFeature(f, start, end) > 1) nonConstant++;
    }
    return 0;
  }

  /**
   * The node's rows of feature f counted by bin, then sorted by bin and swept; returns the number of distinct
   * values. The sums over rows are of bootstrap counts (whole numbers), exact in any order, so the statistics
   * are bit for bit those of a dense histogram per bin.
   */
  private scanFeature(f: number, start: number, end: number): number {
    const idx = this.idx;
    const bins = this.bins;
    const off = f * this.nRows;
    const ev = this.ev;
    const w = this.w;
    const mask = this.mask;
    const cnt = this.binCount;
    const bw = this.binW;
    const be = this.binE;
    const isCat = this.isCat[f] === 1;
    if (isCat) {
      for (let i = start; i < end; i++) {
        const r = idx[i];
        const b = bins[off + r];
        const wr = w[r];
        cnt[b]++;
        bw[b] += wr;
        if (ev[r] === 1) be[b] += wr;
        mask[b >>> 5] |= 1 << (b & 31);
      }
    } else {
      // A numeric column's bins need only their counts (weights and events per bin order categories alone).
      for (let i = start; i < end; i++) {
        const b = bins[off + idx[i]];
        cnt[b]++;
        mask[b >>> 5] |= 1 << (b & 31);
      }
    }
    const hasMissing = mask[7] >>> 31 === 1;
    mask[7] &= 0x7fffffff;
    const order = this.order;
    const nPresent = occupiedBins(mask, order);
    if (nPresent + (hasMissing ? 1 : 0) > 1) {
      // Counting sort: each bin's rows together (bins ascending, the missing ones last), in node order within.
      const bs = this.binStart;
      let pos = 0;
      for (let j = 0; j < nPresent; j++) {
        bs[order[j]] = pos;
        pos += cnt[order[j]];
      }
      bs[MISSING_BIN] = pos;
      const byBin = this.byBin;
      for (let i = start; i < end; i++) {
        const r = idx[i];
        byBin[bs[bins[off + r]]++] = r;
      }
      // bs now holds each bin's end.
      if (isCat) this.orderByEventRate(nPresent);
      else if (hasMissing) this.weighMissing();
      this.sweep(f, nPresent, hasMissing, isCat, end - start);
    }
    for (let j = 0; j < nPresent; j++) {
      const b = order[j];
      cnt[b] = 0;
      bw[b] = 0;
      be[b] = 0;
    }
    cnt[MISSING_BIN] = 0;
    bw[MISSING_BIN] = 0;
    be[MISSING_BIN] = 0;
    return nPresent + (hasMissing ? 1 : 0);
  }

  /** binW of the missing bin of a numeric column: its rows' weights, in node order as a categorical column's. */
  private weighMissing(): void {
    const byBin = this.byBin;
    const w = this.w;
    const end = this.binStart[MISSING_BIN];
    let sum = 0;
    for (let i = end - this.binCount[MISSING_BIN]; i < end; i++) sum += w[byBin[i]];
    this.binW[MISSING_BIN] = sum;
  }

  /** Categories by events / weight in the node (ascending, stable), the survival analogue of class fraction. */
  private orderByEventRate(nPresent: number): void {
    const order = this.order;
    const key = this.key;
    for (let j = 0; j < nPresent; j++) {
      const c = order[j];
      insertByKey(order, key, j, c, this.binE[c] / this.binW[c]);
    }
  }

  /** The shared prefix sweep (nodeLoop.ts sweepPrefixes) over the feature's bins with the log-rank criterion. */
  private sweep(
    f: number,
    nPresent: number,
    hasMissing: boolean,
    isCat: boolean,
    rows: number,
  ): void {
    const m = this.m;
    this.bounded = nPresent * m > BOUNDED_M * rows;
    this.cumC.fill(0, 0, m + 1);
    this.cumE.fill(0, 0, m + 1);
    if (this.bounded) {
      this.fenW.fill(0, 0, m + 2);
      this.fenB.fill(0, 0, m + 2);
    }
    this.swF = f;
    this.swIsCat = isCat;
    this.swN = nPresent;
    this.swHasMissing = hasMissing;
    this.swMissW = hasMissing ? this.binW[MISSING_BIN] : 0;
    this.swCumW = 0;
    this.lD = 0;
    this.lS = 0;
    this.lP = 0;
    this.lQ = 0;
    this.lX = 0;
    if ((this.bounded || hasMissing) && !this.boundSums) this.makeBoundSums();
    if (hasMissing) this.summariseMissing();
    sweepPrefixes(this, this.order, nPresent, hasMissing);
  }

  /** The missing rows' weight and events by local cell, their running sums, and crossM. */
  private summariseMissing(): void {
    const m = this.m;
    const mc = this.missC;
    const me = this.missE;
    mc.fill(0, 0, m + 1);
    me.fill(0, 0, m + 1);
    const byBin = this.byBin;
    const cell = this.cell;
    const local = this.local;
    const ev = this.ev;
    const w = this.w;
    const end = this.binStart[MISSING_BIN];
    for (let i = end - this.binCount[MISSING_BIN]; i < end; i++) {
      const r = byBin[i];
      const s = local[cell[r]];
      mc[s] += w[r];
      if (ev[r] === 1) me[s] += w[r];
    }
    const lam = this.lam;
    const varA = this.varA;
    const varB = this.varB;
    const total = this.binW[MISSING_BIN];
    let d = 0;
    let sl = 0;
    let p = 0;
    let below = 0;
    let wBelow = 0;
    for (let s = 0; s <= m; s++) {
      d += me[s];
      sl += mc[s] * lam[s];
      p += mc[s] * varA[s];
      this.crossM[s] = varB[s] * (total - wBelow) + below;
      below += mc[s] * varB[s];
      wBelow += mc[s];
    }
    // Their pair sum: each missing row's with all of them.
    let q = 0;
    for (let s = 0; s <= m; s++) q += mc[s] * this.crossM[s];
    this.mD = d;
    this.mS = sl;
    this.mP = p;
    this.mQ = q;
  }

  /** Adds the bin's rows to the left side (addBinBounded, or only what the exact pass reads in a small node). */
  addBin(bin: number): void {
    if (this.bounded) {
      this.addBinBounded(bin);
      return;
    }
    const cumC = this.cumC;
    const cumE = this.cumE;
    const byBin = this.byBin;
    const cell = this.cell;
    const local = this.local;
    const ev = this.ev;
    const w = this.w;
    const end = this.binStart[bin];
    let cumW = this.swCumW;
    for (let i = end - this.binCount[bin]; i < end; i++) {
      const r = byBin[i];
      const s = local[cell[r]];
      const wr = w[r];
      cumC[s] += wr;
      if (ev[r] === 1) cumE[s] += wr;
      cumW += wr;
    }
    this.swCumW = cumW;
  }

  /** Adds the bin's rows to the left side: weight and events by local cell, total weight and running sums. */
  private addBinBounded(bin: number): void {
    const cumC = this.cumC;
    const cumE = this.cumE;
    const byBin = this.byBin;
    const cell = this.cell;
    const local = this.local;
    const ev = this.ev;
    const w = this.w;
    const lam = this.lam;
    const varA = this.varA;
    const varB = this.varB;
    const fenW = this.fenW;
    const fenB = this.fenB;
    const crossM = this.crossM;
    const n1 = this.m + 1;
    const end = this.binStart[bin];
    let cumW = this.swCumW;
    let lD = this.lD;
    let lS = this.lS;
    let lP = this.lP;
    let lQ = this.lQ;
    let lX = this.lX;
    for (let i = end - this.binCount[bin]; i < end; i++) {
      const r = byBin[i];
      const s = local[cell[r]];
      const wr = w[r];
      cumC[s] += wr;
      if (ev[r] === 1) {
        cumE[s] += wr;
        lD += wr;
      }
      lS += wr * lam[s];
      lP += wr * varA[s];
      lX += wr * crossM[s];
      // Pair sum with the left rows so far: those at cells below s pair at their own cell, the others at s.
      let wb = 0;
      let bb = 0;
      for (let q = s; q > 0; q -= q & -q) {
        wb += fenW[q];
        bb += fenB[q];
      }
      const vb = varB[s];
      lQ += wr * (2 * (vb * (cumW - wb) + bb) + wr * vb);
      for (let q = s + 1; q <= n1; q += q & -q) {
        fenW[q] += wr;
        fenB[q] += wr * vb;
      }
      cumW += wr;
    }
    this.swCumW = cumW;
    this.lD = lD;
    this.lS = lS;
    this.lP = lP;
    this.lQ = lQ;
    this.lX = lX;
  }

  /** A candidate whose sides both weigh at least minSamplesLeaf goes to consider. */
  tryPrefix(j: number, missingLeft: number, last: boolean): void {
    const minLeaf = this.minLeaf;
    const cumW = this.swCumW;
    const missW = this.swMissW;
    const W = this.nodeW;
    const isCat = this.swIsCat;
    const f = this.swF;
    const n = this.swN;
    const hm = this.swHasMissing;
    if (last) {
      if (cumW >= minLeaf && missW >= minLeaf) this.consider(f, isCat, n, j, 0, cumW, hm);
    } else if (missingLeft === 0) {
      if (cumW >= minLeaf && W - cumW >= minLeaf) this.consider(f, isCat, n, j, 0, cumW, hm);
    } else if (cumW + missW >= minLeaf && W - cumW - missW >= minLeaf) {
      this.consider(f, isCat, n, j, 1, cumW + missW, hm);
    }
  }

  /**
   * Log-rank statistic of the left side (cumC, cumE, plus the missing rows when missingLeft) against the node;
   * keeps the candidate when it beats the best so far.
   *
   * The statistic's numerator Σ_k (d_Lk − Y_Lk d_k / Y_k) is Σ over the left rows of (event − lam[cell]) and its
   * variance Σ_k c_k p_k (1 − p_k), p_k = Y_Lk / Y_k, is Σ_L w varA[cell] − Σ_{L×L} w_i w_j varB[min(cells)]: both
   * kept as running sums. They differ from the pass over the event points below only by rounding, so they serve
   * to skip a candidate that cannot beat the best, with error margins (1e-9 of the magnitudes summed) that dwarf
   * the rounding of either way; every candidate that might win takes the pass, and the split is the same.
   */
  private consider(
    f: number,
    isCat: boolean,
    nPresent: number,
    j: number,
    missingLeft: number,
    leftW: number,
    hasMissing: boolean,
  ): void {
    const withM = missingLeft === 1;
    if (this.bounded && this.bestStat > 0) {
      const lS = withM ? this.lS + this.mS : this.lS;
      const lD = withM ? this.lD + this.mD : this.lD;
      const lP = withM ? this.lP + this.mP : this.lP;
      const lQ = withM ? this.lQ + this.mQ + 2 * this.lX : this.lQ;
      const low = lP - lQ - BOUND * (lP + lQ + 1);
      if (low > 0) {
        const upper = (Math.abs(lD - lS) + BOUND * (lD + lS + 1)) / Math.sqrt(low);
        if (upper * (1 + BOUND) < this.bestStat) return;
      }
    }
    const m = this.m;
    const cumC = this.cumC;
    const cumE = this.cumE;
    const mc = this.missC;
    const me = this.missE;
    const Y = this.nodeY;
    const D = this.nodeD;
    let yl = 0;
    let num = 0;
    let v = 0;
    // From the last event point down: the left side's at-risk weight at point k is its weight with cell > k.
    for (let k = m - 1; k >= 0; k--) {
      yl += withM ? cumC[k + 1] + mc[k + 1] : cumC[k + 1];
      const dl = withM ? cumE[k + 1] + me[k + 1] : cumE[k + 1];
      const y = Y[k];
      const d = D[k];
      const p = yl / y;
      num += dl - p * d;
      if (y > 1) v += (p * (1 - p) * (y - d) * d) / (y - 1);
    }
    if (!(v > 0)) return;
    const stat = Math.abs(num) / Math.sqrt(v);
    if (stat <= this.bestStat) return;
    this.bestStat = stat;
    this.bestFeature = f;
    this.bestIsCat = isCat;
    this.bestMissingLeft = missingLeft;
    this.bestHasMissing = hasMissing;
    this.bestLeftW = leftW;
    if (isCat) {
      this.bestPrefix = j;
      this.bestCount = nPresent;
      this.bestOrder.set(this.order.subarray(0, nPresent));
    } else {
      const order = this.order;
      this.bestBin =
        j === nPresent ? MAX_CATEGORY_BIN : middleEdge(this.thresholds[f], order[j - 1], order[j]);
    }
  }

  /** Partitions the node's rows by the best split (left rows first); returns where the right side starts. */
  partition(start: number, end: number): number {
    const lut = this.lut;
    if (!this.bestHasMissing) {
      // No missing training rows here: missing values (and unseen categories) follow the heavier side.
      this.bestMissingLeft = this.bestLeftW >= this.nodeW - this.bestLeftW ? 1 : 0;
    }
    splitLut(
      lut,
      this.bestIsCat,
      this.bestOrder,
      this.bestCount,
      this.bestPrefix,
      this.bestBin,
      this.nBins[this.bestFeature],
      this.bestMissingLeft,
    );
    const idx = this.idx;
    const tmp = this.tmp;
    const i = splitByBins(idx, tmp, this.bins, this.bestFeature * this.nRows, lut, start, end);
    for (let s = 0; s < end - i; s++) idx[i + s] = tmp[s];
    return i;
  }

  /** Records the split (its chi-square as the importance); the children are summarised when opened. */
  writeSplit(node: number, l: number, r: number): void {
    const f = this.bestFeature;
    this.nodes.writeBinnedSplit(
      node,
      f,
      l,
      r,
      this.bestMissingLeft,
      this.bestStat * this.bestStat,
      this.bestIsCat,
      this.lut,
      this.thresholds[f],
      this.bestBin,
    );
  }
}

/** The training rows and their bootstrap counts of the tree just grown, and the binned columns it routes. */
interface OobRows {
  bins: Uint8Array;
  nRows: number;
  drawCount: Int32Array;
  trainRows: Int32Array;
}

/** Adds each out-of-bag training row's leaf curve increments (rounded, see SurvivalShard) and counts it. */
function addOob(
  tree: SurvivalTree,
  splitBin: Int32Array,
  rows: OobRows,
  oobSum: Float64Array,
  oobCount: Uint32Array,
): void {
  const { bins, nRows, drawCount: cnt, trainRows: train } = rows;
  const G = oobSum.length / nRows;
  // Each leaf's rounded increments once, not once per out-of-bag row (addLeafJumps' rounding, same values).
  const off = tree.hazardOffset;
  const pt = tree.hazardPoint;
  const hv = tree.hazardValue;
  const inc = new Float64Array(hv.length);
  for (let leaf = 0; leaf < tree.nodeCount; leaf++) {
    let prev = 0;
    for (let k = off[leaf]; k < off[leaf + 1]; k++) {
      inc[k] = Math.round((hv[k] - prev) * OOB_SCALE) / OOB_SCALE;
      prev = hv[k];
    }
  }
  for (let i = 0; i < train.length; i++) {
    const r = train[i];
    if (cnt[r] > 0) continue;
    const node = leafOfBinned(tree, splitBin, bins, nRows, r);
    const o = r * G;
    for (let k = off[node]; k < off[node + 1]; k++) oobSum[o + pt[k]] += inc[k];
    oobCount[r]++;
  }
}

/**
 * The trees grown whole by the WebAssembly kernel (survivalKernel.ts), laid out as SurvivalGrower's trees (the same
 * arrays, values and property order), a batch of trees to a buffer.
 */
class KernelGrower {
  private constructor(
    private readonly kernel: SurvivalKernel,
    private readonly randomState: number,
    private readonly rows: OobRows,
    /** Trees to a kernel call: a stop waits for the batch being grown, so large trees go few to a call. */
    private readonly batch: number,
  ) {}

  /** The kernel's grower for this fit, or null when the kernel does not apply (see survivalKernel). */
  static make(
    binned: BinnedData,
    time: ArrayLike<number>,
    event: ArrayLike<number>,
    grid: Float64Array,
    params: SurvivalParams,
    trainRows: Int32Array,
  ): KernelGrower | null {
    const cells = gridCells(time, event, grid);
    const mtry = resolveMaxFeatures(params.maxFeatures, binned.nFeatures);
    const kernel = survivalKernel(
      {
        nRows: binned.nRows,
        nFeatures: binned.nFeatures,
        bins: binned.bins,
        thresholds: binned.thresholds,
        cell: cells.cell,
        ev: cells.onGridEvent,
        trainRows,
        G: grid.length,
        mtry,
        maxDepth: Math.min(params.maxDepth ?? Infinity, MAX_TREE_DEPTH),
        bootstrap: params.bootstrap,
        draws: params.bootstrap ? resolveMaxSamples(params.maxSamples, trainRows.length) : 0,
        minLeaf: Math.max(1, params.minSamplesLeaf),
        minSplit: Math.max(2, params.minSamplesSplit),
      },
      binned.isCategorical,
    );
    if (!kernel) return null;
    const rows = {
      bins: binned.bins,
      nRows: binned.nRows,
      drawCount: kernel.out.drawCount,
      trainRows,
    };
    const batch = Math.max(
      1,
      Math.min(KERNEL_BATCH, Math.floor(BATCH_WORK / (trainRows.length * mtry))),
    );
    return new KernelGrower(kernel, params.randomState, rows, batch);
  }

  /**
   * Grows the trees (growShard's contract: progress per tree, stopping early when asked) in batches of one call
   * into the kernel each, one at a time where out-of-bag curves are wanted (they route each tree's rows).
   */
  growShard(
    treeIndices: number[],
    options: GrowOptions,
    oobSum: Float64Array | null,
    oobCount: Uint32Array | null,
    packed: boolean,
  ):
    | Pick<SurvivalShard, 'treeIndices' | 'trees' | 'kernelSums'>
    | {
        treeIndices: number[];
        packedTrees: PackedSurvivalTrees;
        kernelSums?: SurvivalShard['kernelSums'];
      } {
    const trees: SurvivalTree[] = [];
    const buffers: ArrayBuffer[] = [];
    let layout = new Int32Array(packed ? LAYOUT_STRIDE * treeIndices.length : 0);
    const done: number[] = [];
    const oob = oobSum !== null && oobCount !== null;
    let maxPoint = -1;
    let stopped = false;
    const seeds = new Int32Array(KERNEL_BATCH);
    const total = treeIndices.length;
    try {
      grow: for (let i = 0; i < total;) {
        const want = oob ? 1 : Math.min(this.batch, total - i);
        for (let j = 0; j < want; j++) seeds[j] = deriveSeed(this.randomState, treeIndices[i + j]);
        if (options.shouldStop?.()) {
          stopped = true;
          break;
        }
        const { count, buffer, meta } = this.kernel.growBatch(seeds, want);
        if (count < 1) throw new Error('The survival kernel grew no tree');
        if (packed) buffers.push(buffer);
        let at = 0;
        for (let j = 0; j < count; j++) {
          // The batch is grown; a stop asked for meanwhile still ends the shard before the next tree.
          if (j > 0 && options.shouldStop?.()) {
            stopped = true;
            break grow;
          }
          const n = meta[4 * j];
          const c = meta[4 * j + 1];
          const catLen = meta[4 * j + 2];
          maxPoint = Math.max(maxPoint, meta[4 * j + 3]);
          if (packed) {
            const o = LAYOUT_STRIDE * done.length;
            layout[o] = buffers.length - 1;
            layout[o + 1] = at;
            layout[o + 2] = n;
            layout[o + 3] = c;
            layout[o + 4] = catLen;
          }
          if (oob || !packed) {
            const tree = treeAt(buffer, at, n, c, catLen);
            if (oob) addOob(tree, this.kernel.out.bin, this.rows, oobSum, oobCount);
            if (!packed) trees.push(tree);
          }
          at += treeImageStride(n, c, catLen);
          done.push(treeIndices[i + j]);
          options.onTreeDone?.(done.length);
        }
        i += count;
      }
      // A batch's trees past a stop were summed too: then the sums are not these trees'.
      const kernelSums = stopped
        ? undefined
        : { importance: this.kernel.importanceSums(), maxPoint };
      if (!packed) return { treeIndices: done, trees, kernelSums };
      if (layout.length > LAYOUT_STRIDE * done.length)
        layout = layout.slice(0, LAYOUT_STRIDE * done.length);
      return { treeIndices: done, packedTrees: { buffers, layout }, kernelSums };
    } finally {
      this.kernel.release();
    }
  }
}

/**
 * Training rows × features tried per node up to which a tree counts as small (KernelGrower's batch): lung's
 * 134 × 2 go 64 to a call, 5,000 patients × 3 features a few, a genotype table's trees one by one.
 */
const BATCH_WORK = 65536;

/** Relative rounding error bound per addition or product (2^-53), doubled below for a safe margin. */
const UNIT_ROUND = 1.1102230246251565e-16;

/**
 * A node's risk as stored (float32): its Nelson–Aalen curve summed over the grid from its first event point on,
 * with chf[k] the curve from point nodeP[k] to the next. Always the float32 of the point-by-point sum (what trees
 * held before); that sum costs O(grid) per node, so the O(m) sum of each step's value × length is used when the
 * two provably round to the same float32: both lie within (G + m + 2) · 2^-53 of the exact sum (nonnegative
 * terms), so when every value within twice that of the fast sum rounds alike, so does the point-by-point one.
 * Otherwise (a sum next to a float32 rounding boundary: rare) the point-by-point sum is taken.
 */
export function nodeRisk(chf: Float64Array, nodeP: Int32Array, m: number, G: number): number {
  if (m === 0) return 0;
  let fast = 0;
  for (let k = 0; k < m; k++) fast += chf[k] * ((k + 1 < m ? nodeP[k + 1] : G) - nodeP[k]);
  const e = 4 * (G + m + 2) * UNIT_ROUND * fast;
  if (Math.fround(fast - e) === Math.fround(fast + e)) return Math.fround(fast);
  return pointByPointRisk(chf, nodeP, m, G);
}

/** The risk summed point after point over the grid (nodeRisk's reference and fallback). */
export function pointByPointRisk(
  chf: Float64Array,
  nodeP: Int32Array,
  m: number,
  G: number,
): number {
  let sumH = 0;
  let hj = 0;
  let k = 0;
  for (let j = m > 0 ? nodeP[0] : G; j < G; j++) {
    if (k < m && nodeP[k] === j) hj = chf[k++];
    sumH += hj;
  }
  return sumH;
}
