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
 * - Histogram of a feature for a node: per bin, the weight of the node's rows by their last at-risk point and the
 *   weight of events per point (both on the node's event points), and the bin's total weight.
 * - Leaves hold the Nelson–Aalen cumulative hazard of their in-bag rows at their event points on the grid, and every
 *   node its risk (that curve summed over the grid) as its one `value` (survivalTree.ts says why, and measures).
 * - Sizes count bootstrap draws (weights), as ranger counts its bootstrap sample: minSamplesLeaf (default 15) is a
 *   leaf's least weight, minSamplesSplit a split node's. A node without events is not split.
 * - Features are drawn without replacement until maxFeatures were tried and one of them was not constant in the
 *   node (sklearn's rule, as the classifier; no memory of features constant in ancestors).
 * - MDI-style importance: each split records its chi-square (the statistic squared) as its "impurity decrease".
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
import { addLeafJumps, type SurvivalTree } from './survivalTree.ts';
import type { GrowOptions } from './grow.ts';
import { MAX_CATEGORY_BIN } from './predict.ts';
import { gridCells } from './timeGrid.ts';
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
}

/** Grow the survival trees with the given global indices on a fixed time grid (shared by every worker). */
export function growSurvivalTrees(
  binned: BinnedData,
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  grid: Float64Array,
  params: SurvivalParams,
  treeIndices: number[],
  options: GrowOptions = {},
): SurvivalShard {
  if (time.length !== binned.nRows || event.length !== binned.nRows) {
    throw new Error(
      `time and event have ${time.length} and ${event.length} rows, binned data has ${binned.nRows}`,
    );
  }
  if (grid.length < 1) throw new Error('The time grid is empty');
  const trainRows = trainingRows(binned.nRows, options.rows);
  const grower = new SurvivalGrower(binned, time, event, grid, params, trainRows);
  const G = grid.length;
  const wantOob = params.bootstrap && params.oobScore;
  const oobSum = wantOob ? new Float64Array(binned.nRows * G) : null;
  const oobCount = wantOob ? new Uint32Array(binned.nRows) : null;
  const shard = growShard(treeIndices, options, (t) => grower.grow(t, oobSum, oobCount));
  return { ...shard, oobSum, oobCount };
}

/** Out-of-bag increments are rounded to multiples of 1 / OOB_SCALE (see SurvivalShard.oobSum). */
const OOB_SCALE = 4294967296;

/** The survival kind of tree, and the workspace of one growSurvivalTrees call reused across its trees and nodes. */
class SurvivalGrower implements TreeKind, PrefixSweep {
  private readonly bins: Uint8Array;
  private readonly nRows: number;
  private readonly nFeatures: number;
  private readonly nBins: Uint16Array;
  private readonly isCat: Uint8Array;
  private readonly thresholds: Float64Array[];
  private readonly G: number;
  /** Row -> grid cell s (at risk at points 0..s−1) and whether it had its event at point s−1. */
  private readonly cell: Int32Array;
  private readonly ev: Uint8Array;
  private readonly params: SurvivalParams;
  private readonly trainRows: Int32Array;
  private readonly mtry: number;
  private readonly minLeaf: number;
  private readonly minSplit: number;
  private readonly loop: NodeLoop;
  private readonly drawCount: Int32Array;
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
  private readonly chf: Float64Array;
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

  // Feature scan: per bin, stride S = 2m + 2: [0..m] weight by local cell, [m+1..2m] events by point, [2m+1] total.
  private readonly hist: Float64Array;
  /**
   * Per bin, the local cells its rows touched in this scan (a list through tNext/tCell, head −1 when none): a bin
   * holds few of the node's rows, so adding and clearing only those cells, instead of all 2m + 2, is most of a
   * scan's saving. Untouched cells hold 0, so the running sums get the same additions, bit for bit.
   */
  private readonly tHead = new Int32Array(256).fill(-1);
  private readonly tNext: Int32Array;
  private readonly tCell: Int32Array;
  private readonly order = new Int32Array(256);
  private readonly key = new Float64Array(256);
  private readonly mask = new Int32Array(8);
  private readonly cumC: Float64Array;
  private readonly cumE: Float64Array;
  // The sweep's running state (sweep -> sweepPrefixes -> addBin / tryPrefix).
  private swF = 0;
  private swIsCat = false;
  private swN = 0;
  private swHasMissing = false;
  private swS = 0;
  private swMissW = 0;
  private swCumW = 0;

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
    this.local = new Int32Array(G + 1);
    this.nodeY = new Float64Array(G);
    this.nodeD = new Float64Array(G);
    this.nodeP = new Int32Array(G);
    this.hist = new Float64Array(256 * (2 * G + 2));
    this.tNext = new Int32Array(trainRows.length);
    this.tCell = new Int32Array(trainRows.length);
    this.cumC = new Float64Array(G + 1);
    this.cumE = new Float64Array(G + 1);
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
    this.nodes.reset(2 * n);
    if (this.curveStart.length < 2 * n) {
      this.curveStart = new Int32Array(2 * n);
      this.curveLen = new Int32Array(2 * n);
    }
    this.curveUsed = 0;
    const nodeCount = this.loop.grow(this, rng, n);
    const tree = this.trimCurves(this.nodes.trim(nodeCount));
    if (oobSum && oobCount) this.addOob(tree, oobSum, oobCount);
    return tree;
  }

  /** The grown node arrays with the leaf curves laid out in node order. */
  private trimCurves(t: Tree): SurvivalTree {
    const n = t.nodeCount;
    const hazardOffset = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) hazardOffset[i + 1] = hazardOffset[i] + this.curveLen[i];
    const hazardPoint = new Int32Array(hazardOffset[n]);
    const hazardValue = new Float32Array(hazardOffset[n]);
    for (let i = 0; i < n; i++) {
      const len = this.curveLen[i];
      if (len === 0) continue;
      const s = this.curveStart[i];
      hazardPoint.set(this.curvePoint.subarray(s, s + len), hazardOffset[i]);
      hazardValue.set(this.curveValue.subarray(s, s + len), hazardOffset[i]);
    }
    // t is this tree's own fresh object: extending it is several times cheaper than a spread into a new one.
    return Object.assign(t, { hazardOffset, hazardPoint, hazardValue });
  }

  /** Adds each out-of-bag training row's leaf curve increments (rounded, see SurvivalShard) and counts it. */
  private addOob(tree: SurvivalTree, oobSum: Float64Array, oobCount: Uint32Array): void {
    const splitBin = this.nodes.splitBins;
    const bins = this.bins;
    const nRows = this.nRows;
    const cnt = this.drawCount;
    const train = this.trainRows;
    const G = this.G;
    for (let i = 0; i < train.length; i++) {
      const r = train[i];
      if (cnt[r] > 0) continue;
      const node = leafOfBinned(tree, splitBin, bins, nRows, r);
      addLeafJumps(tree, node, oobSum, r * G, OOB_SCALE);
      oobCount[r]++;
    }
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
      this.curveValue[o + k] = this.chf[this.nodeP[k]];
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

  /** The node's follow-up: Nelson–Aalen on the grid (chf), its event points (m, nodeY, nodeD, local) and weight. */
  private summariseNode(start: number, end: number): void {
    const G = this.G;
    const gc = this.gridCnt;
    const ge = this.gridEv;
    gc.fill(0);
    ge.fill(0);
    const idx = this.idx;
    const cell = this.cell;
    const ev = this.ev;
    const w = this.w;
    let wTot = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const s = cell[r];
      gc[s] += w[r];
      wTot += w[r];
      if (ev[r] === 1) ge[s - 1] += w[r];
    }
    this.nodeW = wTot;
    // At risk at grid point j: weight with cell > j.
    let atRisk = wTot - gc[0];
    let h = 0;
    let sumH = 0;
    let m = 0;
    const local = this.local;
    local[0] = 0;
    for (let j = 0; j < G; j++) {
      if (ge[j] > 0) {
        h += ge[j] / atRisk;
        this.nodeY[m] = atRisk;
        this.nodeD[m] = ge[j];
        this.nodeP[m] = j;
        // Only a leaf's event points are read (writeLeafCurve).
        this.chf[j] = h;
        m++;
      }
      sumH += h;
      local[j + 1] = m;
      atRisk -= gc[j + 1];
    }
    this.m = m;
    this.risk[0] = sumH;
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

  /** Histogram of feature f over the node's rows, then the sweep; returns the number of distinct values. */
  private scanFeature(f: number, start: number, end: number): number {
    const m = this.m;
    const S = 2 * m + 2;
    const hist = this.hist;
    const idx = this.idx;
    const bins = this.bins;
    const off = f * this.nRows;
    const cell = this.cell;
    const local = this.local;
    const ev = this.ev;
    const w = this.w;
    const mask = this.mask;
    const head = this.tHead;
    const next = this.tNext;
    const tCell = this.tCell;
    let nt = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const b = bins[off + r];
      const o = b * S;
      const s = local[cell[r]];
      const wr = w[r];
      // Drawn rows weigh > 0, so a cell still 0 is touched for the first time.
      if (hist[o + s] === 0) {
        tCell[nt] = s;
        next[nt] = head[b];
        head[b] = nt++;
      }
      hist[o + s] += wr;
      if (ev[r] === 1) hist[o + m + s] += wr;
      hist[o + S - 1] += wr;
      mask[b >>> 5] |= 1 << (b & 31);
    }
    const hasMissing = mask[7] >>> 31 === 1;
    mask[7] &= 0x7fffffff;
    const order = this.order;
    const nPresent = occupiedBins(mask, order);
    const isCat = this.isCat[f] === 1;
    if (nPresent + (hasMissing ? 1 : 0) > 1) {
      if (isCat) this.orderByEventRate(nPresent, S);
      this.sweep(f, nPresent, hasMissing, isCat, S);
    }
    for (let j = 0; j < nPresent; j++) this.clearBin(order[j], S);
    if (hasMissing) this.clearBin(MISSING_BIN, S);
    return nPresent + (hasMissing ? 1 : 0);
  }

  /** Zeroes the cells of bin b that this scan touched, and its total. */
  private clearBin(b: number, S: number): void {
    const hist = this.hist;
    const m = this.m;
    const o = b * S;
    for (let t = this.tHead[b]; t >= 0; t = this.tNext[t]) {
      const s = this.tCell[t];
      hist[o + s] = 0;
      if (s > 0) hist[o + m + s] = 0;
    }
    hist[o + S - 1] = 0;
    this.tHead[b] = -1;
  }

  /** Categories by events / weight in the node (ascending, stable), the survival analogue of class fraction. */
  private orderByEventRate(nPresent: number, S: number): void {
    const m = this.m;
    const hist = this.hist;
    const order = this.order;
    const key = this.key;
    for (let j = 0; j < nPresent; j++) {
      const c = order[j];
      const o = c * S;
      let e = 0;
      for (let k = 1; k <= m; k++) e += hist[o + m + k];
      insertByKey(order, key, j, c, e / hist[o + S - 1]);
    }
  }

  /** The shared prefix sweep (nodeLoop.ts sweepPrefixes) over the feature's histogram with the log-rank criterion. */
  private sweep(f: number, nPresent: number, hasMissing: boolean, isCat: boolean, S: number): void {
    const m = this.m;
    this.cumC.fill(0, 0, m + 1);
    this.cumE.fill(0, 0, m + 1);
    this.swF = f;
    this.swIsCat = isCat;
    this.swN = nPresent;
    this.swHasMissing = hasMissing;
    this.swS = S;
    this.swMissW = hasMissing ? this.hist[MISSING_BIN * S + S - 1] : 0;
    this.swCumW = 0;
    sweepPrefixes(this, this.order, nPresent, hasMissing);
  }

  /** The left side's weight by local cell, events by point and total weight. */
  addBin(bin: number): void {
    const m = this.m;
    const S = this.swS;
    const hist = this.hist;
    const cumC = this.cumC;
    const cumE = this.cumE;
    const o = bin * S;
    const next = this.tNext;
    const tCell = this.tCell;
    // Event cells are 1..m (an event at point s − 1 has s >= 1); weight cell m sits at o + m + 0.
    for (let t = this.tHead[bin]; t >= 0; t = next[t]) {
      const s = tCell[t];
      cumC[s] += hist[o + s];
      if (s > 0) cumE[s] += hist[o + m + s];
    }
    this.swCumW += hist[o + S - 1];
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
      if (cumW >= minLeaf && missW >= minLeaf) this.consider(f, isCat, n, j, 0, cumW, hm, -1);
    } else if (missingLeft === 0) {
      if (cumW >= minLeaf && W - cumW >= minLeaf) this.consider(f, isCat, n, j, 0, cumW, hm, -1);
    } else if (cumW + missW >= minLeaf && W - cumW - missW >= minLeaf) {
      this.consider(f, isCat, n, j, 1, cumW + missW, hm, MISSING_BIN * this.swS);
    }
  }

  /**
   * Log-rank statistic of the left side cum (+ the missing bin at offset mo when mo >= 0) against the node; keeps
   * the candidate when it beats the best so far.
   */
  private consider(
    f: number,
    isCat: boolean,
    nPresent: number,
    j: number,
    missingLeft: number,
    leftW: number,
    hasMissing: boolean,
    mo: number,
  ): void {
    const m = this.m;
    const hist = this.hist;
    const cumC = this.cumC;
    const cumE = this.cumE;
    const Y = this.nodeY;
    const D = this.nodeD;
    let yl = 0;
    let num = 0;
    let v = 0;
    // From the last event point down: the left side's at-risk weight at point k is its weight with cell > k.
    for (let k = m - 1; k >= 0; k--) {
      yl += mo >= 0 ? cumC[k + 1] + hist[mo + k + 1] : cumC[k + 1];
      const dl = mo >= 0 ? cumE[k + 1] + hist[mo + m + k + 1] : cumE[k + 1];
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
