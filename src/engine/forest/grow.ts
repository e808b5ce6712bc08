/**
 * Tree growth on binned features: Gini impurity on weighted class counts, histogram split search,
 * scikit-learn's stopping rules and parameter meanings.
 *
 * Semantics (kept as close to scikit-learn's RandomForestClassifier as is sensible):
 * - Bootstrap: each tree draws nRows (training rows) with replacement from its own generator; the draw counts
 *   become integer sample weights (as sklearn does), multiplied by the class weights. Only in-bag rows are
 *   partitioned, so minSamplesSplit / minSamplesLeaf count distinct in-bag rows, like sklearn (which counts
 *   samples of non-zero weight, not their weights).
 * - classWeight 'balanced': nTrain / (nClasses * count(class)) over all training rows (not per bootstrap).
 * - Features are drawn without replacement at every split, exactly as sklearn's BestSplitter does: every drawn
 *   feature counts toward maxFeatures, constant ones included; drawing goes on past maxFeatures only while all
 *   drawn features were constant in the node. (Counting only non-constant features, as once done here, tries
 *   far more features in deep nodes where most SNPs are constant: greedier, more correlated trees; measured
 *   test AUC about 0.005-0.01 lower than sklearn's on the benchmark tables.) Features found constant in a
 *   node's ancestors are remembered and not scanned again, as in sklearn. If the non-constant features
 *   drawn give no valid split (minSamplesLeaf), the node becomes a leaf, as in sklearn.
 * - Numeric split: every bin boundary is tried with the missing rows sent left and right; the better one is
 *   kept (missingLeft). A split "all present values left, missing right" is also tried. When the node
 *   has no missing training values, missing values (at prediction) go to the side with more weight.
 *   Between two non-empty bins b < b' the bin edge nearest the middle of the gap in value is used (see
 *   middleEdge), close to sklearn's midpoint between the node's adjacent values.
 * - Categorical split: the node's categories are ordered by the fraction of class 1 (binary) or of the
 *   node's majority class (multi-class) and every prefix of that order is tried as the left set
 *   (Breiman / LightGBM). Categories absent from the node (unseen) follow the missing direction.
 * - Histogram subtraction is NOT used, on purpose: with a feature subset drawn at every split a child's
 *   features rarely coincide with its parent's (probability maxFeatures/nFeatures: ~2% for sqrt on 2000
 *   features, ~7% on 200), so keeping parent histograms would cost memory traffic for little saving.
 * - Where the time goes (node --cpu-prof of bench/profile.ts, 2026-11-30): 65-75 % in the row loops that fill
 *   a feature's histogram for a node's rows (fillHistogram: reading the node rows' bins, scattered in the
 *   column, is cache-miss bound), 5-15 % binning, a few % each for the sweeps over bins, partitioning and
 *   the bootstrap. So: rows stay sorted inside every node (stable partition) so columns are read in address
 *   order, one histogram buffer is kept zeroed by clearing only what was used, with minSamplesLeaf = 1 no
 *   row counts are accumulated, node class totals come from the partition, and features with many bins
 *   visit only the bins the node touched (occupancy mask) instead of all 255. With two classes and integer
 *   weights (any minSamplesLeaf: the rows of each genotype bit are counted beside its weights), numeric
 *   columns of at most 3 bins (SNPs) are also kept 2-bit packed and scanned with both class weights packed in one float per row (scanPacked): 30-40 % less growth CPU time
 *   on SNP tables, same trees; their class sums per genotype bit stay in registers, the split is found from
 *   the 3 genotype sums, and two drawn SNP columns are summed in one pass over the node's rows (the next draw
 *   made ahead): about 40 % less again on SNP-only tables; then the partition reading a packed best feature's
 *   2-bit copy instead of its byte column (out of cache by then) and taking the sides' class weights from the
 *   sweep: about 20 % less again on tall SNP-only tables; then, at minSamplesLeaf 1, sums of the weights times
 *   the code's powers (moments) instead of bit extractions and row counts: about 15 % less again
 *   (bench/PROFILE.md); then those sums, on SNP-only tables the whole feature search of a node (draws and
 *   candidate splits) and the packed partition in WebAssembly (packedKernel.ts, same trees): about 35-40 % less
 *   CPU for the whole one-thread fit; then the same kernel for larger leaves (its loops counting the rows of each
 *   bit) and weighted draws (their scans, listScanKernel.wat), and the out-of-bag rows routed down each tree
 *   together: about 30-40 % less CPU for the tuned fit on SNP-only tables (bench/snpScreened.ts, contender.ts).
 *   Then, for small tables (the tuned fit's trees of a few hundred rows: its time is then per node and per bin,
 *   node --cpu-prof of bench/growReplay.ts), the sweep of a many-bin numeric column taken straight from its
 *   occupancy mask, scans reduced to a constancy check once a node holds a pure split, numeric partitions by
 *   comparison, node buffers kept across calls and each tree's arrays in one buffer: about 30 % less growth CPU
 *   on the bench's 300 × 50 and 25 % on its 1,000 × 200 table (bench/growReplay.ts, interleaved, 2026-12-07).
 *
 * Files: this one holds growTrees and the Grower, the classification TreeKind of the node loop every tree kind
 * shares (nodeLoop.ts: shard loop, node stack, split records; survivalGrow.ts is the survival kind): bootstrap,
 * class totals of the nodes, Gini stopping rule, partition. The Grower inherits its split search from featureSearch.ts (feature draws, histograms) -> packedScan.ts (packed SNP
 * columns, packed in packedSnp.ts) -> splitSweep.ts (sweeps, best split); treeNodes.ts holds the node
 * arrays, growSupport.ts the per-call setup, Gini and out-of-bag votes; the row loops of the bootstrap and
 * of the partition are in bootstrap.ts and partitionRows.ts (each alone in a function: see there why).
 */
import {
  MISSING_BIN,
  type BinnedData,
  type ForestParams,
  type Tree,
  type TreeShard,
} from './types.ts';
import { growShard, NodeLoop, trainingRows, type TreeKind } from './nodeLoop.ts';
import { Rng, deriveSeed } from './rng.ts';
import { resolveMaxFeatures, resolveMaxSamples, validateParams } from './params.ts';
import { drawnGroups } from './groupOob.ts';
import {
  addOobVotes,
  childOfBin,
  giniWeighted,
  growSetup,
  OOB_SCALE,
  type GrowSetup,
} from './growSupport.ts';
import { PACK_SCALE, expandSnpBins, isSnpPacked, type SnpPackedBins } from './packedSnp.ts';
import { FeatureSearch } from './featureSearch.ts';
import { TreeNodes } from './treeNodes.ts';
import {
  splitByBins,
  splitByBinsSummed,
  splitByPacked,
  splitByThreshold,
  splitByThresholdSummed,
} from './partitionRows.ts';
import { drawCounts, expandDrawnOob } from './bootstrap.ts';

export { resolveMaxFeatures };

export interface GrowOptions {
  /** Train only on these rows (cross-validation); out-of-bag rows are taken among them only. */
  rows?: Int32Array;
  /** Called after each tree with the number of trees done in this call. */
  onTreeDone?: (done: number) => void;
  /** Checked before each tree; when it returns true the shard holds only the trees grown so far. */
  shouldStop?: () => boolean;
  /**
   * Each row's group index (related patients): the shard then also sums, for each training row, the votes of only the
   * trees whose bootstrap drew nobody of its group (groupOobSum/groupOobCount, for group-aware tuning, tune.ts).
   */
  groups?: ArrayLike<number>;
}

/** Grow the trees with the given global indices (a worker's share) and their out-of-bag sums. */
export function growTrees(
  held: BinnedData | SnpPackedBins,
  y: Uint8Array,
  nClasses: number,
  rawParams: ForestParams,
  treeIndices: number[],
  options: GrowOptions = {},
): TreeShard {
  const params = validateParams(rawParams, held.nFeatures);
  let binned = held;
  if (y.length !== binned.nRows)
    throw new Error(`y has ${y.length} rows, binned data has ${binned.nRows}`);
  if (!Number.isInteger(nClasses) || nClasses < 1 || nClasses > 255) {
    throw new Error(`nClasses must be an integer in 1..255, got ${nClasses}`);
  }
  for (let r = 0; r < y.length; r++) {
    if (y[r] >= nClasses)
      throw new Error(`y[${r}] = ${y[r]} is not a class index below nClasses=${nClasses}`);
  }
  const rows = options.rows ? trainingRows(binned.nRows, options.rows) : undefined;
  if (!rows && binned.nRows < 1) throw new Error('There are no training rows');
  let setup = growSetup(binned, y, nClasses, params, rows);
  // Only the packed path reads SNP columns from their 2-bit codes alone; every other call grows on byte bins
  // expanded from them (the same bins, so the same trees).
  if (!setup.packedOk && isSnpPacked(binned)) {
    binned = expandSnpBins(binned);
    setup = growSetup(binned, y, nClasses, params, rows);
  }
  const grower = new Grower(setup);
  const wantOob = params.bootstrap && params.oobScore;
  const oobSum = wantOob ? new Float64Array(binned.nRows * nClasses) : null;
  const oobCount = wantOob ? new Uint32Array(binned.nRows) : null;
  const groups = wantOob ? options.groups : undefined;
  if (groups && groups.length !== binned.nRows) {
    throw new Error(`groups has ${groups.length} rows, binned data has ${binned.nRows}`);
  }
  const groupOob = groups
    ? {
        groups,
        sum: new Float64Array(binned.nRows * nClasses),
        count: new Uint32Array(binned.nRows),
      }
    : undefined;
  let shard: ReturnType<typeof growShard<Tree>>;
  try {
    shard = growShard(treeIndices, options, (t) => grower.grow(t, oobSum, oobCount, groupOob));
  } finally {
    grower.releaseKernel();
    grower.releaseNodes();
  }
  return {
    ...shard,
    oobSum,
    oobCount,
    ...(groupOob ? { groupOobSum: groupOob.sum, groupOobCount: groupOob.count } : {}),
  };
}

/**
 * The node buffers of the thread's last growTrees call, for its next one: their capacity (2 × in-bag rows) is
 * allocated once instead of once per call (ten arrays: a tuned fit grows its trees in calls of a few trees each, and
 * those allocations were 2 % of its growth on the bench's 300 × 50 table). Every node a tree uses is written before it
 * is read (writeNode) and trim copies the tree out, so nothing of a call's trees reaches the next. Taken (null) while
 * a call uses them: a call made meanwhile (from a progress callback) gets its own.
 */
let spareNodes: TreeNodes | null = null;

/**
 * Node capacity up to which the buffers are kept (about 0.9 MB on two classes: in-bag rows of tables up to about
 * 13,000 training rows); a larger table's calls take new ones, so a thread does not hold their memory after a fit.
 */
const KEEP_NODES = 1 << 14;

function takeNodes(K: number): TreeNodes {
  const spare = spareNodes;
  if (spare !== null && spare.nClasses === K) {
    spareNodes = null;
    return spare;
  }
  return new TreeNodes(K);
}

/** Nodes whose class totals the stack holds before it grows (as NodeLoop's stack). */
const STACK_NODES = 256;

/**
 * The classification kind of tree for the shared node loop, and its workspace reused across the nodes and trees
 * of one growTrees call: the bootstrap, the nodes' class totals and the partition of a node's rows by its split.
 * The split search is inherited from the layers below (featureSearch.ts -> packedScan.ts -> splitSweep.ts).
 */
class Grower extends FeatureSearch implements TreeKind {
  private readonly params: ForestParams;
  private readonly trainRows: Int32Array;
  private readonly classW: Float64Array;
  private readonly loop: NodeLoop;
  private readonly minSplit: number;
  /** Bootstrap draw count per row of the current tree (0: out of bag). */
  private readonly drawCount: Int32Array;
  /** Draws of each tree's bootstrap (maxSamples; the training rows' number by default). */
  private readonly draws: number;
  /** Right-hand rows during a partition. */
  private readonly tmp: Int32Array;
  private readonly nodes: TreeNodes;
  private readonly binned: BinnedData | SnpPackedBins;

  // Class totals of the nodes on the loop's stack, by stack slot. Room for STACK_NODES nodes from the start:
  // growing it is a path first taken in some later tree, which deoptimised the tree loop.
  private stackW: Float64Array;
  /**
   * Out-of-bag rows of the current tree (oobRows[0..nOob), listed by drawBootstrap; routed by addOobVotesRouted,
   * which partitions them), the partition's right-hand rows, its node stack.
   */
  private readonly oobRows: Int32Array;
  private nOob = 0;
  private readonly oobTmp: Int32Array;
  private oobStack = new Int32Array(3 * 64);
  /** A leaf's rounded out-of-bag terms, by class. */
  private readonly oobTerms: Float64Array;
  /** Weight of the open node. */
  private wTot = 0;

  constructor(setup: GrowSetup) {
    super(setup);
    this.binned = setup.binned;
    this.params = setup.params;
    this.trainRows = setup.trainRows;
    this.classW = setup.classW;
    // Fully grown trees stay far below the loop's MAX_TREE_DEPTH (about 2–3 × log2 of the rows).
    this.loop = new NodeLoop(setup.params.maxDepth);
    this.minSplit = Math.max(2, setup.params.minSamplesSplit);
    this.drawCount = new Int32Array(this.nRows);
    this.draws = resolveMaxSamples(setup.params.maxSamples, this.trainRows.length);
    this.tmp = this.kernel ? this.kernel.tmp : new Int32Array(this.trainRows.length);
    this.nodes = takeNodes(this.K);
    this.stackW = new Float64Array(STACK_NODES * this.K);
    this.oobRows = new Int32Array(this.trainRows.length);
    this.oobTmp = new Int32Array(this.trainRows.length);
    this.oobTerms = new Float64Array(this.K);
  }

  /** Ends this grower's use of its node buffers (it must not grow afterwards): growTrees calls it when done. */
  releaseNodes(): void {
    if (this.nodes.capacity <= KEEP_NODES) spareNodes = this.nodes;
  }

  /**
   * Grow tree t; adds its out-of-bag predictions to oobSum/oobCount when given, and to groupOob's sums those of the
   * rows none of whose group the tree drew.
   */
  grow(
    t: number,
    oobSum: Float64Array | null,
    oobCount: Uint32Array | null,
    groupOob?: { groups: ArrayLike<number>; sum: Float64Array; count: Uint32Array },
  ): Tree {
    const rng = new Rng(deriveSeed(this.params.randomState, t));
    const n = this.drawBootstrap(rng);
    for (let f = 0; f < this.nFeatures; f++) this.features[f] = f;
    const nodes = this.nodes;
    nodes.reset(2 * n);
    const tree = nodes.trimShared(this.loop.grow(this, rng, n));
    if (oobSum && oobCount && this.packed.length > 0) {
      this.addOobVotesRouted(tree, oobSum, oobCount, groupOob);
    } else if (oobSum && oobCount) {
      const { binned, trainRows, drawCount } = this;
      addOobVotes(tree, nodes.splitBins, binned, trainRows, drawCount, oobSum, oobCount);
      if (groupOob) {
        const { groups, sum, count } = groupOob;
        const drawn = drawnGroups(drawCount, trainRows, groups);
        addOobVotes(
          tree,
          nodes.splitBins,
          binned,
          trainRows,
          drawCount,
          sum,
          count,
          (r) => drawn[groups[r]] === 1,
        );
      }
    }
    return tree;
  }

  /** Root of a tree: the class totals of the n in-bag rows. */
  openRoot(n: number): void {
    const y = this.y;
    const w = this.w;
    const idx = this.idx;
    const tot = this.nodeTot;
    tot.fill(0);
    for (let i = 0; i < n; i++) tot[y[idx[i]]] += w[idx[i]];
    this.nodes.writeNode(0, tot);
    this.save(0, tot);
  }

  /** Restores the node's class totals (it was written as a leaf with them); sklearn's stopping rules. */
  openNode(sp: number, _node: number, start: number, end: number): boolean {
    const K = this.K;
    const tot = this.nodeTot;
    for (let k = 0; k < K; k++) tot[k] = this.stackW[sp * K + k];
    const nNode = end - start;
    let nonZero = 0;
    let wTot = 0;
    for (let k = 0; k < K; k++) {
      if (tot[k] > 0) nonZero++;
      wTot += tot[k];
    }
    this.wTot = wTot;
    return !(nNode < this.minSplit || nNode < 2 * this.minLeaf || nonZero <= 1);
  }

  /** A class leaf holds its class fractions, written when its parent split. */
  closeLeaf(): void {}

  foundSplit(): boolean {
    this.settleBestBin();
    return this.bestFeature >= 0;
  }

  /** Records the split and writes both children as leaves of their class totals (lw, rw from the partition). */
  writeSplit(node: number, l: number, r: number, spLeft: number, spRight: number): void {
    const f = this.bestFeature;
    const K = this.K;
    const lw = this.lw;
    const rw = this.rw;
    const impurityDecrease =
      giniWeighted(this.nodeTot, K, this.wTot) - giniWeighted(lw, K) - giniWeighted(rw, K);
    this.nodes.writeBinnedSplit(
      node,
      f,
      l,
      r,
      this.bestMissingLeft,
      impurityDecrease,
      this.bestIsCat,
      this.lut,
      this.thresholds[f],
      this.bestBin,
    );
    this.nodes.writeNode(l, lw);
    this.nodes.writeNode(r, rw);
    this.save(spRight, rw);
    this.save(spLeft, lw);
  }

  /**
   * Draws the tree's bootstrap (its draw counts become sample weights, times the class weights) and puts the
   * in-bag rows, in increasing order, in idx; returns their number. inbag.ts redraws the same counts.
   */
  private drawBootstrap(rng: Rng): number {
    const train = this.trainRows;
    const cnt = this.drawCount;
    // Bootstrap draw counts become sample weights. Rows outside train keep a count nobody reads.
    if (this.params.bootstrap) {
      cnt.fill(0);
      drawCounts(cnt, train, rng, this.draws);
    } else {
      cnt.fill(1);
    }
    const { y, classW, idx, w, oobRows, wy } = this;
    const n = expandDrawnOob(cnt, train, y, classW, idx, w, oobRows, wy, PACK_SCALE);
    this.nOob = train.length - n;
    return n;
  }

  /**
   * Partitions the node's rows idx[start..end) in place by the best split's bin -> side table (left rows
   * first) and leaves the sides' class weights in lw/rw; returns where the right side starts.
   */
  partition(start: number, end: number): number {
    const idx = this.idx;
    const tot = this.nodeTot;
    const lut = this.lut;
    const off = this.byteCol[this.bestFeature] * this.nRows;
    const bins = this.bins;
    this.buildLut();
    const lw = this.lw;
    const rw = this.rw;
    lw.fill(0);
    rw.fill(0);
    // Stable partition (partitionRows.ts): rows stay in increasing order inside every node, so each feature
    // column is read in address order (cache lines and the hardware prefetcher are used well on big tables).
    const tmp = this.tmp;
    let i: number;
    if (this.wy.length > 0) {
      // Packed path (integer weights): every class sum of the split search is an exact integer whatever the
      // order of its additions, so the left side's class weights are those of the best candidate, and the
      // loop only moves the row ids (no weight loads, no chain of additions).
      const bl = this.bestLeftWeights;
      lw[0] = bl[0];
      lw[1] = bl[1];
      rw[0] = tot[0] - lw[0];
      rw[1] = tot[1] - lw[1];
      const po = this.packOff[this.bestFeature];
      if (po >= 0) {
        // A packed column is read from its 2-bit copy, which its scan has just brought into cache (its byte
        // column may be far out: the partition read it at about 15 ns a row on 20000 × 500 SNPs). The side of
        // each code (3: missing) as a bit mask.
        // (A packed column is numeric: codes up to bestBin go left.)
        const bin = this.bestBin;
        const sides =
          (bin >= 0 ? 1 : 0) |
          (bin >= 1 ? 2 : 0) |
          (bin >= 2 ? 4 : 0) |
          (this.bestMissingLeft << 3);
        // The kernel's loop (packedKernel.ts) also moves the right-hand rows back.
        const k = this.kernel;
        if (k !== null) return k.splitPacked(start, end, k.pb + po, sides);
        i = splitByPacked(idx, tmp, this.packed, po, sides, start, end);
      } else if (this.bestIsCat) {
        i = splitByBins(idx, tmp, bins, off, lut, start, end);
      } else {
        i = splitByThreshold(idx, tmp, bins, off, this.bestBin, this.bestMissingLeft, start, end);
      }
    } else if (this.bestIsCat) {
      i = splitByBinsSummed(idx, tmp, bins, off, lut, this.y, this.w, lw, rw, start, end);
    } else {
      const { y, w, bestBin, bestMissingLeft } = this;
      i = splitByThresholdSummed(
        idx,
        tmp,
        bins,
        off,
        bestBin,
        bestMissingLeft,
        y,
        w,
        lw,
        rw,
        start,
        end,
      );
    }
    const nr = end - i;
    for (let s = 0; s < nr; s++) idx[i + s] = tmp[s];
    return i;
  }

  /**
   * addOobVotes' sums (and, with groupOob, those of the rows none of whose group the tree drew) on a table with packed
   * columns: the out-of-bag rows go down the tree together, each split's rows partitioned by its column as the
   * in-bag rows were (stable, so each column is read in address order, a packed one from its 2-bit codes), instead
   * of one row at a time from the root (a random byte of another column at every level: 10 % of the tuned fit's
   * CPU on 20000 × 500 SNPs). The same leaves, the same rounded terms added once a row and tree: the same sums.
   */
  private addOobVotesRouted(
    tree: Tree,
    oobSum: Float64Array,
    oobCount: Uint32Array,
    groupOob?: { groups: ArrayLike<number>; sum: Float64Array; count: Uint32Array },
  ): void {
    const { trainRows, drawCount } = this;
    // The rows not drawn, listed by drawBootstrap.
    const rows = this.oobRows;
    const n = this.nOob;
    if (n === 0) return;
    const drawn = groupOob ? drawnGroups(drawCount, trainRows, groupOob.groups) : null;
    const { left, value } = tree;
    const splitBin = this.nodes.splitBins;
    const K = this.K;
    const terms = this.oobTerms;
    let stack = this.oobStack;
    let sp = 0;
    let node = 0;
    let start = 0;
    let end = n;
    for (;;) {
      if (left[node] === -1) {
        for (let k = 0; k < K; k++)
          terms[k] = Math.round(value[node * K + k] * OOB_SCALE) / OOB_SCALE;
        for (let i = start; i < end; i++) {
          const r = rows[i];
          for (let k = 0; k < K; k++) oobSum[r * K + k] += terms[k];
          oobCount[r]++;
          if (groupOob && drawn && drawn[groupOob.groups[r]] !== 1) {
            for (let k = 0; k < K; k++) groupOob.sum[r * K + k] += terms[k];
            groupOob.count[r]++;
          }
        }
        if (sp === 0) return;
        sp -= 3;
        node = stack[sp];
        start = stack[sp + 1];
        end = stack[sp + 2];
        continue;
      }
      const mid = start < end ? this.routeOob(tree, splitBin, node, start, end) : start;
      if (sp + 3 > stack.length) {
        const grown = new Int32Array(stack.length * 2);
        grown.set(stack);
        stack = grown;
        this.oobStack = grown;
      }
      stack[sp] = tree.right[node];
      stack[sp + 1] = mid;
      stack[sp + 2] = end;
      sp += 3;
      node = left[node];
      end = mid;
    }
  }

  /**
   * Stable partition of oobRows[start..end) by split node `node` (childOfBin's sides: left rows first); returns where
   * the right-hand rows start.
   */
  private routeOob(
    tree: Tree,
    splitBin: Int32Array,
    node: number,
    start: number,
    end: number,
  ): number {
    const rows = this.oobRows;
    const tmp = this.oobTmp;
    const f = tree.feature[node];
    const l = tree.left[node];
    const po = this.packOff[f];
    let i: number;
    if (po >= 0) {
      let sides = 0;
      for (let c = 0; c < 3; c++) if (childOfBin(tree, splitBin, node, c) === l) sides |= 1 << c;
      if (childOfBin(tree, splitBin, node, MISSING_BIN) === l) sides |= 8;
      i = splitByPacked(rows, tmp, this.packed, po, sides, start, end);
    } else if (tree.catOffset[node] < 0) {
      // A numeric split: childOfBin's sides by comparison (bins up to the split bin left, missing to its side).
      const off = this.byteCol[f] * this.nRows;
      const ml = tree.missingLeft[node];
      i = splitByThreshold(rows, tmp, this.bins, off, splitBin[node], ml, start, end);
    } else {
      const bins = this.bins;
      const off = this.byteCol[f] * this.nRows;
      i = start;
      let nr = 0;
      for (let s = start; s < end; s++) {
        const r = rows[s];
        if (childOfBin(tree, splitBin, node, bins[off + r]) === l) rows[i++] = r;
        else tmp[nr++] = r;
      }
    }
    for (let s = 0; s < end - i; s++) rows[i + s] = tmp[s];
    return i;
  }

  /** Keeps a node's class totals in stack slot sp. */
  private save(sp: number, cls: Float64Array): void {
    const K = this.K;
    if ((sp + 1) * K > this.stackW.length) {
      const a = new Float64Array(Math.max(this.stackW.length * 2, (sp + 1) * K));
      a.set(this.stackW);
      this.stackW = a;
    }
    for (let k = 0; k < K; k++) this.stackW[sp * K + k] = cls[k];
  }
}
