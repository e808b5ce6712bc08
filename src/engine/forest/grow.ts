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
 *   visit only the bins the node touched (occupancy mask) instead of all 255. With two classes, integer
 *   weights and minSamplesLeaf = 1, numeric columns of at most 3 bins (SNPs) are also kept 2-bit packed and
 *   scanned with both class weights packed in one float per row (scanPacked): 30-40 % less growth CPU time
 *   on SNP tables, same trees; their class sums per genotype bit stay in registers, the split is found from
 *   the 3 genotype sums, and two drawn SNP columns are summed in one pass over the node's rows (the next draw
 *   made ahead): about 40 % less again on SNP-only tables; then the partition reading a packed best feature's
 *   2-bit copy instead of its byte column (out of cache by then) and taking the sides' class weights from the
 *   sweep: about 20 % less again on tall SNP-only tables (bench/PROFILE.md).
 *
 * Files: this one holds growTrees and the Grower's tree loop (bootstrap, node stack, partition); the Grower
 * inherits its split search from featureSearch.ts (feature draws, histograms) -> packedScan.ts (packed SNP
 * columns, packed in packedSnp.ts) -> splitSweep.ts (sweeps, best split); treeNodes.ts holds the node
 * arrays, growSupport.ts the per-call setup, Gini and out-of-bag votes; the row loops of the bootstrap and
 * of the partition are in bootstrap.ts and partitionRows.ts (each alone in a function: see there why).
 */
import { MAX_TREE_DEPTH } from './checkTree';
import {
  MISSING_BIN,
  type BinnedData,
  type ForestParams,
  type Tree,
  type TreeShard,
} from './types.ts';
import { Rng, deriveSeed } from './rng.ts';
import { resolveMaxFeatures, validateParams } from './params.ts';
import { addOobVotes, giniWeighted, growSetup, type GrowSetup } from './growSupport.ts';
import { PACK_SCALE } from './packedSnp.ts';
import { FeatureSearch } from './featureSearch.ts';
import { TreeNodes } from './treeNodes.ts';
import { splitByBins, splitByBinsSummed, splitByPacked } from './partitionRows.ts';
import { drawCounts, expandDrawn, packWeights } from './bootstrap.ts';

export { resolveMaxFeatures };

export interface GrowOptions {
  /** Train only on these rows (cross-validation); out-of-bag rows are taken among them only. */
  rows?: Int32Array;
  /** Called after each tree with the number of trees done in this call. */
  onTreeDone?: (done: number) => void;
  /** Checked before each tree; when it returns true the shard holds only the trees grown so far. */
  shouldStop?: () => boolean;
}

/** Grow the trees with the given global indices (a worker's share) and their out-of-bag sums. */
export function growTrees(
  binned: BinnedData,
  y: Uint8Array,
  nClasses: number,
  rawParams: ForestParams,
  treeIndices: number[],
  options: GrowOptions = {},
): TreeShard {
  const params = validateParams(rawParams, binned.nFeatures);
  if (y.length !== binned.nRows)
    throw new Error(`y has ${y.length} rows, binned data has ${binned.nRows}`);
  if (!Number.isInteger(nClasses) || nClasses < 1 || nClasses > 255) {
    throw new Error(`nClasses must be an integer in 1..255, got ${nClasses}`);
  }
  for (let r = 0; r < y.length; r++) {
    if (y[r] >= nClasses)
      throw new Error(`y[${r}] = ${y[r]} is not a class index below nClasses=${nClasses}`);
  }
  const rows = options.rows;
  if (rows) {
    for (let i = 0; i < rows.length; i++) {
      if (!(rows[i] >= 0 && rows[i] < binned.nRows))
        throw new Error(`rows[${i}] = ${rows[i]} is out of range`);
    }
  }
  const nTrain = rows ? rows.length : binned.nRows;
  if (nTrain < 1) throw new Error('There are no training rows');
  const grower = new Grower(growSetup(binned, y, nClasses, params, rows));
  const wantOob = params.bootstrap && params.oobScore;
  const oobSum = wantOob ? new Float64Array(binned.nRows * nClasses) : null;
  const oobCount = wantOob ? new Uint32Array(binned.nRows) : null;
  const trees: Tree[] = [];
  const done: number[] = [];
  for (const t of treeIndices) {
    if (options.shouldStop?.()) break;
    trees.push(grower.grow(t, oobSum, oobCount));
    done.push(t);
    options.onTreeDone?.(done.length);
  }
  return { treeIndices: done, trees, oobSum, oobCount };
}

/** Int32 slots per node on the growth stack. */
const STACK_INTS = 5;

/** Nodes the growth stack holds before it grows (see Grower.stackI). */
const STACK_NODES = 256;

/**
 * Workspace reused across the nodes and trees of one growTrees call: the bootstrap, the depth-first node
 * stack and the partition of a node's rows by its split. The split search is inherited from the layers
 * below (featureSearch.ts -> packedScan.ts -> splitSweep.ts).
 */
class Grower extends FeatureSearch {
  private readonly params: ForestParams;
  private readonly trainRows: Int32Array;
  private readonly classW: Float64Array;
  private readonly maxDepth: number;
  private readonly minSplit: number;
  /** Bootstrap draw count per row of the current tree (0: out of bag). */
  private readonly drawCount: Int32Array;
  /** Right-hand rows during a partition. */
  private readonly tmp: Int32Array;
  private readonly nodes: TreeNodes;
  private readonly binned: BinnedData;

  // Depth-first stack of nodes to split: start, end, depth, node id, number of features known constant;
  // and their class totals. Room for STACK_NODES nodes from the start: the stack holds about one node per
  // level, and growing it is a path first taken in some later tree, which deoptimised the tree loop.
  private stackI = new Int32Array(STACK_NODES * STACK_INTS);
  private stackW: Float64Array;

  constructor(setup: GrowSetup) {
    super(setup);
    this.binned = setup.binned;
    this.params = setup.params;
    this.trainRows = setup.trainRows;
    this.classW = setup.classW;
    // A saved model is refused above MAX_TREE_DEPTH (TreeSHAP recurses once per level), so no tree grows deeper;
    // fully grown trees stay far below it (about 2–3 × log2 of the rows).
    this.maxDepth = Math.min(setup.params.maxDepth ?? Infinity, MAX_TREE_DEPTH);
    this.minSplit = Math.max(2, setup.params.minSamplesSplit);
    this.drawCount = new Int32Array(this.nRows);
    this.tmp = new Int32Array(this.trainRows.length);
    this.nodes = new TreeNodes(this.K);
    this.stackW = new Float64Array(STACK_NODES * this.K);
  }

  /** Grow tree t; adds its out-of-bag predictions to oobSum/oobCount when given. */
  grow(t: number, oobSum: Float64Array | null, oobCount: Uint32Array | null): Tree {
    const rng = new Rng(deriveSeed(this.params.randomState, t));
    const n = this.drawBootstrap(rng);
    for (let f = 0; f < this.nFeatures; f++) this.features[f] = f;
    const nodes = this.nodes;
    nodes.reset(2 * n);
    const tree = nodes.trim(this.growNodes(rng, n));
    if (oobSum && oobCount) {
      const { binned, trainRows, drawCount } = this;
      addOobVotes(tree, nodes.splitBins, binned, trainRows, drawCount, oobSum, oobCount);
    }
    return tree;
  }

  /**
   * Splits the root (the n in-bag rows) and its descendants depth first; returns the number of nodes. Apart from
   * grow() because V8 optimises this loop while the first tree is still growing (on-stack replacement): the
   * code after it then had no type feedback yet and its first run deoptimised the whole tree loop.
   */
  private growNodes(rng: Rng, n: number): number {
    const K = this.K;
    const w = this.w;
    const y = this.y;
    const idx = this.idx;
    const nodes = this.nodes;
    // Root node.
    const tot = this.nodeTot;
    tot.fill(0);
    for (let i = 0; i < n; i++) tot[y[idx[i]]] += w[idx[i]];
    let nodeCount = 1;
    nodes.writeNode(0, tot);
    let sp = 0;
    this.push(sp++, 0, n, 0, 0, 0, tot);

    while (sp > 0) {
      sp--;
      const si = sp * STACK_INTS;
      const start = this.stackI[si];
      const end = this.stackI[si + 1];
      const depth = this.stackI[si + 2];
      const node = this.stackI[si + 3];
      const nKnownConst = this.stackI[si + 4];
      for (let k = 0; k < K; k++) tot[k] = this.stackW[sp * K + k];
      const nNode = end - start;
      let nonZero = 0;
      let wTot = 0;
      for (let k = 0; k < K; k++) {
        if (tot[k] > 0) nonZero++;
        wTot += tot[k];
      }
      if (
        depth >= this.maxDepth ||
        nNode < this.minSplit ||
        nNode < 2 * this.minLeaf ||
        nonZero <= 1
      )
        continue;
      const nConst = this.findSplit(rng, start, end, nKnownConst);
      if (this.bestFeature < 0) continue;

      const mid = this.partition(start, end);
      const lw = this.lw;
      const rw = this.rw;
      const l = nodeCount++;
      const rr = nodeCount++;
      this.writeSplit(node, l, rr, wTot);
      nodes.writeNode(l, lw);
      nodes.writeNode(rr, rw);
      this.push(sp++, mid, end, depth + 1, rr, nConst, rw);
      this.push(sp++, start, mid, depth + 1, l, nConst, lw);
    }
    return nodeCount;
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
      drawCounts(cnt, train, rng);
    } else {
      cnt.fill(1);
    }
    const n = expandDrawn(cnt, train, this.y, this.classW, this.idx, this.w);
    if (this.wy.length > 0) packWeights(train, this.y, this.w, PACK_SCALE, this.wy);
    return n;
  }

  /**
   * Partitions the node's rows idx[start..end) in place by the best split's bin -> side table (left rows
   * first) and leaves the sides' class weights in lw/rw; returns where the right side starts.
   */
  private partition(start: number, end: number): number {
    const idx = this.idx;
    const tot = this.nodeTot;
    const lut = this.lut;
    const off = this.bestFeature * this.nRows;
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
        const sides = lut[0] | (lut[1] << 1) | (lut[2] << 2) | (lut[MISSING_BIN] << 3);
        i = splitByPacked(idx, tmp, this.packed, po, sides, start, end);
      } else {
        i = splitByBins(idx, tmp, bins, off, lut, start, end);
      }
    } else {
      i = splitByBinsSummed(idx, tmp, bins, off, lut, this.y, this.w, lw, rw, start, end);
    }
    const nr = end - i;
    for (let s = 0; s < nr; s++) idx[i + s] = tmp[s];
    return i;
  }

  private push(
    sp: number,
    start: number,
    end: number,
    depth: number,
    node: number,
    nConst: number,
    cls: Float64Array,
  ): void {
    const K = this.K;
    if ((sp + 1) * STACK_INTS > this.stackI.length) {
      const a = new Int32Array(this.stackI.length * 2);
      a.set(this.stackI);
      this.stackI = a;
    }
    if ((sp + 1) * K > this.stackW.length) {
      const a = new Float64Array(Math.max(this.stackW.length * 2, (sp + 1) * K));
      a.set(this.stackW);
      this.stackW = a;
    }
    const si = sp * STACK_INTS;
    this.stackI[si] = start;
    this.stackI[si + 1] = end;
    this.stackI[si + 2] = depth;
    this.stackI[si + 3] = node;
    this.stackI[si + 4] = nConst;
    for (let k = 0; k < K; k++) this.stackW[sp * K + k] = cls[k];
  }

  /** Records the best split at node (children l and r; wTot: the node's weight, lw/rw: its sides'). */
  private writeSplit(node: number, l: number, r: number, wTot: number): void {
    const f = this.bestFeature;
    const K = this.K;
    const impurityDecrease =
      giniWeighted(this.nodeTot, K, wTot) - giniWeighted(this.lw, K) - giniWeighted(this.rw, K);
    this.nodes.writeSplit(node, f, l, r, this.bestMissingLeft, impurityDecrease);
    if (this.bestIsCat) {
      this.nodes.writeCategories(node, this.lut);
    } else {
      const thr = this.thresholds[f];
      this.nodes.writeThreshold(
        node,
        this.bestBin < thr.length ? thr[this.bestBin] : Infinity,
        this.bestBin,
      );
    }
  }
}
