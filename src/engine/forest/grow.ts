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
 *   made ahead): about 40 % less again on SNP-only tables (bench/PROFILE.md).
 */
import {
  MISSING_BIN,
  type BinnedData,
  type ForestParams,
  type Tree,
  type TreeShard,
} from './types.ts';
import { Rng, deriveSeed } from './rng.ts';
import { resolveMaxFeatures, validateParams } from './params.ts';
import { CAT_WORDS, MAX_CATEGORY_BIN } from './predict.ts';

export { resolveMaxFeatures };

export interface GrowOptions {
  /** Train only on these rows (cross-validation); out-of-bag rows are taken among them only. */
  rows?: Int32Array;
  /** Called after each tree with the number of trees done in this call. */
  onTreeDone?: (done: number) => void;
  /** Checked before each tree; when it returns true the shard holds only the trees grown so far. */
  shouldStop?: () => boolean;
}

/** Per-class weights like sklearn's compute_class_weight over the training rows (all 1 when mode is null). */
function computeClassWeights(
  y: Uint8Array,
  nClasses: number,
  mode: ForestParams['classWeight'],
  rows?: Int32Array,
): Float64Array {
  const cw = new Float64Array(nClasses).fill(1);
  if (mode !== 'balanced') return cw;
  const counts = new Float64Array(nClasses);
  const n = rows ? rows.length : y.length;
  for (let i = 0; i < n; i++) counts[y[rows ? rows[i] : i]]++;
  for (let k = 0; k < nClasses; k++) cw[k] = counts[k] > 0 ? n / (nClasses * counts[k]) : 1;
  return cw;
}

/** OOB terms are quantised to this many steps per unit so their sums do not depend on addition order. */
const OOB_SCALE = 4294967296;

/** Int32 slots per node on the growth stack. */
const STACK_INTS = 5;

/** Features with at most this many bins (SNPs: 3) walk all their bins instead of an occupancy mask. */
const FEW_BINS = 16;

/**
 * Two-class weights packed in one float per row: class-0 weight + class-1 weight × PACK_SCALE. Sums of
 * integer weights below 2^26 per class stay exact integers in a float64 (2^26 × 2^26 < 2^53), so both class
 * sums are recovered exactly and the trees are bit-identical to summing each class apart.
 */
const PACK_SCALE = 67108864;

interface PackedColumns {
  bins: Uint8Array;
  /** Numeric columns of at most 3 bins as 2-bit codes, 4 rows a byte (code 3 = missing). */
  packed: Uint8Array;
  /** Start of column f in packed, -1 when it is not packed. */
  packOff: Int32Array;
  /** 1 when packed column f has a missing value (code 3). */
  packMissing: Uint8Array;
}

/** Packed columns per binned table: a worker grows its trees in several growTrees calls on the same data. */
const packedCache = new WeakMap<BinnedData, PackedColumns>();

/** The 2-bit packed SNP columns of a binned table (built once per table; they do not depend on params). */
function packedColumns(binned: BinnedData): PackedColumns {
  const cached = packedCache.get(binned);
  if (cached && cached.bins === binned.bins) return cached;
  const { bins, nRows, nFeatures, nBins, isCategorical } = binned;
  const packOff = new Int32Array(nFeatures).fill(-1);
  const stride = (nRows + 3) >>> 2;
  let nPacked = 0;
  for (let f = 0; f < nFeatures; f++) {
    if (isCategorical[f] === 0 && nBins[f] <= 3) packOff[f] = stride * nPacked++;
  }
  const packed = new Uint8Array(stride * nPacked);
  const packMissing = new Uint8Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const po = packOff[f];
    if (po < 0) continue;
    const off = f * nRows;
    // Bins of such a column are 0..2 or 255: `b & 3` maps missing to code 3 without a branch.
    let any = 0;
    let r = 0;
    for (; r + 3 < nRows; r += 4) {
      const b0 = bins[off + r];
      const b1 = bins[off + r + 1];
      const b2 = bins[off + r + 2];
      const b3 = bins[off + r + 3];
      any |= b0 | b1 | b2 | b3;
      packed[po + (r >>> 2)] = (b0 & 3) | ((b1 & 3) << 2) | ((b2 & 3) << 4) | ((b3 & 3) << 6);
    }
    for (; r < nRows; r++) {
      const b = bins[off + r];
      any |= b;
      packed[po + (r >>> 2)] |= (b & 3) << ((r & 3) << 1);
    }
    // Only a missing bin (255) sets bit 7.
    packMissing[f] = any >>> 7;
  }
  const cols = { bins, packed, packOff, packMissing };
  packedCache.set(binned, cols);
  return cols;
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
  const grower = new Grower(binned, y, nClasses, params, rows);
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

/** Workspace reused across the nodes and trees of one growTrees call. */
class Grower {
  private readonly bins: Uint8Array;
  private readonly nRows: number;
  private readonly nFeatures: number;
  private readonly nBins: Uint16Array;
  private readonly thresholds: Float64Array[];
  private readonly isCat: Uint8Array;
  private readonly y: Uint8Array;
  private readonly K: number;
  private readonly S: number;
  private readonly params: ForestParams;
  private readonly trainRows: Int32Array;
  private readonly classW: Float64Array;
  private readonly mtry: number;
  private readonly maxDepth: number;
  private readonly minSplit: number;
  private readonly minLeaf: number;

  // Per-row weight (bootstrap count × class weight) of the current tree.
  private readonly w: Float64Array;
  private readonly drawCount: Int32Array;
  // Sample indices (row ids) partitioned in place.
  private readonly idx: Int32Array;
  private readonly tmp: Int32Array;
  private readonly features: Int32Array;
  private readonly constFeatures: Int32Array;
  // Histogram with stride S = K + 1 (K class weights then the row count), zero between uses.
  private readonly hist: Float64Array;
  /** Non-empty present bins of the feature being scanned, in sweep order. */
  private readonly catOrder: Int32Array;
  private readonly catKey: Float64Array;
  private readonly bestCatOrder: Int32Array;
  private readonly lut: Uint8Array;
  /**
   * Numeric features with at most 3 bins (SNPs) as 2-bit codes, 4 rows a byte (code 3 = missing):
   * column f starts at packOff[f] (-1: not packed). A node's scattered rows then touch 4× fewer cache
   * lines than in the byte-per-row bins (the split search is bound by those misses).
   */
  private readonly packed: Uint8Array;
  private readonly packOff: Int32Array;
  private readonly packMissing: Uint8Array;
  /** Whether this call uses the packed path: two classes, integer weights, minSamplesLeaf 1. */
  private readonly packedOk: boolean;
  /** Per row of the current tree: class-0 weight + class-1 weight × PACK_SCALE (packed path only). */
  private readonly wy: Float64Array;
  /** Packed class sums per 2-bit code of one scanPacked. */
  private readonly acc4 = new Float64Array(4);
  /** Bit sums of a pair of packed columns scanned together (sumPackedPair). */
  private readonly pairSums = new Float64Array(4);
  /** Column whose bit sums for the current node were computed ahead with the previous draw's (-1: none). */
  private aheadFeature = -1;
  private aheadA = 0;
  private aheadB = 0;
  /** Occupancy of the 256 bins during one fillHistogram, zero between uses. */
  private readonly mask = new Int32Array(8);
  private readonly nodeTot: Float64Array;
  private readonly cum: Float64Array;
  private readonly nonMiss: Float64Array;
  private readonly miss: Float64Array;
  private readonly bestLeft: Float64Array;
  private readonly lw: Float64Array;
  private readonly rw: Float64Array;

  // Best split of the current node.
  private bestProxy = 0;
  private bestFeature = -1;
  private bestBin = 0;
  private bestMissingLeft = 0;
  private bestIsCat = false;
  private bestCatCount = 0;
  private bestCatPrefix = 0;
  /** Whether the node being searched has missing rows in the feature being scanned / the best feature. */
  private curHasMissing = false;
  private bestHasMissing = false;

  // Node buffers (capacity 2 * in-bag rows), trimmed into each Tree.
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

  // Depth-first stack of nodes to split: start, end, depth, node id, number of features known constant;
  // and their class totals.
  private stackI = new Int32Array(320);
  private stackW = new Float64Array(64);

  constructor(
    binned: BinnedData,
    y: Uint8Array,
    nClasses: number,
    params: ForestParams,
    rows?: Int32Array,
  ) {
    this.bins = binned.bins;
    this.nRows = binned.nRows;
    this.nFeatures = binned.nFeatures;
    this.nBins = binned.nBins;
    this.thresholds = binned.thresholds;
    this.isCat = binned.isCategorical;
    this.y = y;
    this.K = nClasses;
    this.S = nClasses + 1;
    this.params = params;
    if (rows) {
      // Sorted so that nodes read feature columns in address order.
      this.trainRows = Int32Array.from(rows).sort();
    } else {
      this.trainRows = new Int32Array(binned.nRows);
      for (let i = 0; i < binned.nRows; i++) this.trainRows[i] = i;
    }
    this.classW = computeClassWeights(y, nClasses, params.classWeight, rows);
    this.mtry = resolveMaxFeatures(params.maxFeatures, binned.nFeatures);
    this.maxDepth = params.maxDepth === null ? Infinity : params.maxDepth;
    this.minSplit = Math.max(2, params.minSamplesSplit);
    this.minLeaf = Math.max(1, params.minSamplesLeaf);
    this.w = new Float64Array(this.nRows);
    this.drawCount = new Int32Array(this.nRows);
    this.idx = new Int32Array(this.trainRows.length);
    this.tmp = new Int32Array(this.trainRows.length);
    this.features = new Int32Array(this.nFeatures);
    this.constFeatures = new Int32Array(this.nFeatures);
    this.hist = new Float64Array(256 * this.S);
    this.catOrder = new Int32Array(256);
    this.catKey = new Float64Array(256);
    this.bestCatOrder = new Int32Array(256);
    this.lut = new Uint8Array(256);
    this.nodeTot = new Float64Array(nClasses);
    this.cum = new Float64Array(nClasses);
    this.nonMiss = new Float64Array(nClasses);
    this.miss = new Float64Array(nClasses);
    this.bestLeft = new Float64Array(nClasses);
    this.lw = new Float64Array(nClasses);
    this.rw = new Float64Array(nClasses);
    let intWeights = true;
    for (let k = 0; k < nClasses; k++) if (!Number.isInteger(this.classW[k])) intWeights = false;
    const maxW = Math.max(...this.classW);
    this.packedOk =
      nClasses === 2 &&
      this.minLeaf === 1 &&
      intWeights &&
      this.trainRows.length * maxW < PACK_SCALE;
    const cols = this.packedOk
      ? packedColumns(binned)
      : {
          packed: new Uint8Array(0),
          packOff: new Int32Array(this.nFeatures).fill(-1),
          packMissing: new Uint8Array(this.nFeatures),
        };
    this.packed = cols.packed;
    this.packOff = cols.packOff;
    this.packMissing = cols.packMissing;
    this.wy = new Float64Array(this.packed.length > 0 ? this.nRows : 0);
  }

  /** Grow tree t; adds its out-of-bag predictions to oobSum/oobCount when given. */
  grow(t: number, oobSum: Float64Array | null, oobCount: Uint32Array | null): Tree {
    const rng = new Rng(deriveSeed(this.params.randomState, t));
    const K = this.K;
    const train = this.trainRows;
    const nTrain = train.length;
    const w = this.w;
    const y = this.y;
    const cnt = this.drawCount;
    // Bootstrap draw counts become sample weights.
    if (this.params.bootstrap) {
      for (let i = 0; i < nTrain; i++) cnt[train[i]] = 0;
      for (let i = 0; i < nTrain; i++) cnt[train[rng.nextInt(nTrain)]]++;
    } else {
      for (let i = 0; i < nTrain; i++) cnt[train[i]] = 1;
    }
    let n = 0;
    const idx = this.idx;
    for (let i = 0; i < nTrain; i++) {
      const r = train[i];
      if (cnt[r] > 0) {
        idx[n++] = r;
        w[r] = cnt[r] * this.classW[y[r]];
      } else {
        w[r] = 0;
      }
    }
    if (this.wy.length > 0) {
      const wy = this.wy;
      for (let i = 0; i < nTrain; i++) {
        const r = train[i];
        wy[r] = y[r] === 1 ? w[r] * PACK_SCALE : w[r];
      }
    }
    for (let f = 0; f < this.nFeatures; f++) this.features[f] = f;
    this.ensureCapacity(2 * n);
    this.catLen = 0;

    // Root node.
    const tot = this.nodeTot;
    tot.fill(0);
    for (let i = 0; i < n; i++) tot[y[idx[i]]] += w[idx[i]];
    let nodeCount = 1;
    this.writeNode(0, tot);
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

      // Partition rows in place by the chosen split's bin -> side table.
      const lut = this.lut;
      const off = this.bestFeature * this.nRows;
      const bins = this.bins;
      this.buildLut();
      const lw = this.lw;
      const rw = this.rw;
      lw.fill(0);
      rw.fill(0);
      // Stable partition: rows stay in increasing order inside every node, so each feature column is read
      // in address order (cache lines and the hardware prefetcher are used well on big tables).
      // Branch-free (each row is written to both places, the side's counter advances): the side of a row is
      // random to the branch predictor. i <= s always, so idx[s] is read before idx[i] is written.
      const tmp = this.tmp;
      let i = start;
      let nr = 0;
      if (this.wy.length > 0) {
        // Packed path: the left side's packed class weights, the right side's are the rest (exact integers).
        const wy = this.wy;
        let lsum = 0;
        for (let s = start; s < end; s++) {
          const r = idx[s];
          const side = lut[bins[off + r]];
          lsum += side * wy[r];
          idx[i] = r;
          tmp[nr] = r;
          i += side;
          nr += side ^ 1;
        }
        const l1 = Math.floor(lsum / PACK_SCALE);
        lw[0] = lsum - l1 * PACK_SCALE;
        lw[1] = l1;
        rw[0] = tot[0] - lw[0];
        rw[1] = tot[1] - lw[1];
      } else {
        for (let s = start; s < end; s++) {
          const r = idx[s];
          const side = lut[bins[off + r]];
          if (side === 1) lw[y[r]] += w[r];
          else rw[y[r]] += w[r];
          idx[i] = r;
          tmp[nr] = r;
          i += side;
          nr += side ^ 1;
        }
      }
      for (let s = 0; s < nr; s++) idx[i + s] = tmp[s];
      const mid = i;
      const l = nodeCount++;
      const rr = nodeCount++;
      this.writeSplit(node, l, rr, wTot, lw, rw);
      this.writeNode(l, lw);
      this.writeNode(rr, rw);
      this.push(sp++, mid, end, depth + 1, rr, nConst, rw);
      this.push(sp++, start, mid, depth + 1, l, nConst, lw);
    }

    const tree = this.trim(nodeCount);
    if (oobSum && oobCount) this.addOob(tree, oobSum, oobCount);
    return tree;
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

  /**
   * sklearn's BestSplitter feature loop: draw features without replacement until maxFeatures were tried,
   * constant ones included, and at least one of them was not constant in the node. Features found constant
   * in an ancestor (features[0..nKnownConst), saved in constFeatures) are never scanned again: drawing one
   * counts as a visit at no cost, and the draw range shrinks past features found constant here. The best
   * split is left in best* (bestFeature -1: none). Returns the number of features known constant for the
   * children.
   */
  private findSplit(rng: Rng, start: number, end: number, nKnownConst: number): number {
    const feats = this.features;
    const constFeats = this.constFeatures;
    this.bestFeature = -1;
    this.bestProxy = -Infinity;
    // features[0..nKnownConst): known constant; [nKnownConst..nTotalConst): found constant here;
    // [fi..p): scanned and not constant; the rest not drawn yet.
    let fi = this.nFeatures;
    let nDrawnConst = 0;
    let nFoundConst = 0;
    let nTotalConst = nKnownConst;
    let visited = 0;
    // A draw made ahead (see below), -1: none.
    let pending = -1;
    this.aheadFeature = -1;
    const packOff = this.packOff;
    const packMissing = this.packMissing;
    while (fi > nTotalConst && (visited < this.mtry || visited <= nFoundConst + nDrawnConst)) {
      visited++;
      let j = pending >= 0 ? pending : nDrawnConst + rng.nextInt(fi - nFoundConst - nDrawnConst);
      pending = -1;
      if (j < nKnownConst) {
        const t = feats[j];
        feats[j] = feats[nDrawnConst];
        feats[nDrawnConst] = t;
        nDrawnConst++;
        continue;
      }
      j += nFoundConst;
      const f = feats[j];
      let distinct: number;
      if (f === this.aheadFeature) {
        distinct = this.evalPacked(f, this.aheadA, this.aheadB, 0);
        this.aheadFeature = -1;
      } else if (
        packOff[f] >= 0 &&
        packMissing[f] === 0 &&
        visited < this.mtry &&
        fi - nTotalConst > 1
      ) {
        // Another draw follows whatever f gives (fewer than maxFeatures visited, more features left), and its
        // random number does not depend on f (the draw range shrinks by one either way): draw it now. If f is
        // not constant (the usual case) it picks feature g below; when g is a packed column too, both are
        // summed in one pass over the node's rows. Splits are still tried in draw order, so the trees do not
        // change; if f turns out constant the next draw may pick another feature, and g's sums wait in case.
        pending = nDrawnConst + rng.nextInt(fi - nFoundConst - nDrawnConst - 1);
        const j2 = pending + nFoundConst;
        const g = pending < nKnownConst ? -1 : j2 === j ? feats[fi - 1] : feats[j2];
        if (g >= 0 && packOff[g] >= 0 && packMissing[g] === 0) {
          this.sumPackedPair(f, g, start, end);
          const ps = this.pairSums;
          this.aheadFeature = g;
          this.aheadA = ps[2];
          this.aheadB = ps[3];
          distinct = this.evalPacked(f, ps[0], ps[1], 0);
        } else {
          distinct = this.scanFeature(f, start, end);
        }
      } else {
        distinct = this.scanFeature(f, start, end);
      }
      if (distinct <= 1) {
        feats[j] = feats[nTotalConst];
        feats[nTotalConst] = f;
        nFoundConst++;
        nTotalConst++;
        continue;
      }
      fi--;
      feats[j] = feats[fi];
      feats[fi] = f;
    }
    // The known constants keep their order for siblings and descendants; the new ones are appended.
    for (let i = 0; i < nKnownConst; i++) feats[i] = constFeats[i];
    for (let i = nKnownConst; i < nTotalConst; i++) constFeats[i] = feats[i];
    return nTotalConst;
  }

  /**
   * One split search for any feature: build the node's histogram of feature f, order its non-empty present
   * bins (ascending bin for numeric features, class fraction for categorical ones), then sweep that order
   * once, trying every prefix as the left side with the missing rows sent left and right. Returns the number
   * of distinct values (missing counts as one) so that the caller can tell constant features.
   */
  private scanFeature(f: number, start: number, end: number): number {
    if (this.packOff[f] >= 0) return this.scanPacked(f, start, end);
    const isCat = this.isCat[f] === 1;
    const nPresent = this.fillHistogram(f, start, end, isCat || this.minLeaf > 1);
    const S = this.S;
    const K = this.K;
    const hist = this.hist;
    const mo = MISSING_BIN * S;
    const order = this.catOrder;
    if (isCat) this.orderByClassFraction(nPresent);
    if (K === 2) this.sweepBinary(f, nPresent, isCat);
    else this.sweep(f, nPresent, isCat);
    for (let j = 0; j < nPresent; j++) {
      const o = order[j] * S;
      for (let k = 0; k <= K; k++) hist[o + k] = 0;
    }
    const distinct = hist[mo + K] > 0 ? nPresent + 1 : nPresent;
    for (let k = 0; k <= K; k++) hist[mo + k] = 0;
    return distinct;
  }

  /**
   * Class weights and a row count (or, where counts are not needed, a non-empty mark) per bin for the node's
   * rows, and the non-empty present bins in increasing order in catOrder (their number is returned).
   * Features with many bins also mark the bins they touch in a 256-bit occupancy mask, so that only those
   * are visited afterwards (deep nodes touch a few of 255 bins); features with few bins (SNPs) walk them all.
   * These row loops are the hottest code of the engine (most of the growth time in profiles), hence four
   * plain copies, deliberately: no per-row branch on the mask or the counts.
   */
  private fillHistogram(f: number, start: number, end: number, counts: boolean): number {
    const K = this.K;
    const S = this.S;
    const hist = this.hist;
    const idx = this.idx;
    const bins = this.bins;
    const y = this.y;
    const w = this.w;
    const off = f * this.nRows;
    const order = this.catOrder;
    const nb = this.nBins[f];
    const mo = MISSING_BIN * S;
    let m = 0;
    if (nb <= FEW_BINS) {
      if (counts) {
        for (let i = start; i < end; i++) {
          const r = idx[i];
          const o = bins[off + r] * S;
          hist[o + y[r]] += w[r];
          hist[o + K] += 1;
        }
        for (let b = 0; b < nb; b++) if (hist[b * S + K] > 0) order[m++] = b;
      } else {
        // minSamplesLeaf = 1: row counts are not needed (every in-bag row has weight > 0), so the count
        // slots are only set to 1 for bins holding weight (about 20 % less time than counting).
        for (let i = start; i < end; i++) {
          const r = idx[i];
          hist[bins[off + r] * S + y[r]] += w[r];
        }
        for (let b = 0; b < nb; b++) if (this.markNonEmpty(b * S) > 0) order[m++] = b;
        this.markNonEmpty(mo);
      }
      return m;
    }
    const mask = this.mask;
    if (counts) {
      for (let i = start; i < end; i++) {
        const r = idx[i];
        const b = bins[off + r];
        const o = b * S;
        hist[o + y[r]] += w[r];
        hist[o + K] += 1;
        mask[b >>> 5] |= 1 << (b & 31);
      }
    } else {
      for (let i = start; i < end; i++) {
        const r = idx[i];
        const b = bins[off + r];
        hist[b * S + y[r]] += w[r];
        mask[b >>> 5] |= 1 << (b & 31);
      }
    }
    // The missing bin (255) is the top bit of the last word.
    if (!counts) hist[mo + K] = mask[7] >>> 31;
    mask[7] &= 0x7fffffff;
    for (let wd = 0; wd < 8; wd++) {
      let bits = mask[wd];
      while (bits !== 0) {
        const low = bits & -bits;
        const b = (wd << 5) + 31 - Math.clz32(low);
        if (!counts) hist[b * S + K] = 1;
        order[m++] = b;
        bits ^= low;
      }
      mask[wd] = 0;
    }
    return m;
  }

  /**
   * fillHistogram for a packed (SNP) column, two classes, no row counts. Per row: one load of the 2-bit code c
   * and sums, in registers, of the row's packed class weights times each bit of c (A: bit 0, B: bit 1, C: both,
   * only in columns with missing values). The node's packed total T is known, so the four codes' sums are
   * s3 = C, s1 = A - C, s2 = B - C, s0 = T - A - B + C, all exact integers. Register sums instead of stores into
   * a 4-slot array: no store-to-load chain between rows of the same genotype. Then the split search on those
   * sums (see scanFeature); returns the number of distinct values (missing counts as one).
   */
  private scanPacked(f: number, start: number, end: number): number {
    const idx = this.idx;
    const packed = this.packed;
    const wy = this.wy;
    const po = this.packOff[f];
    let a = 0;
    let b = 0;
    let c = 0;
    let a2 = 0;
    let b2 = 0;
    let i = start;
    if (this.packMissing[f] === 0) {
      for (; i + 1 < end; i += 2) {
        const r = idx[i];
        const r2 = idx[i + 1];
        const x = packed[po + (r >>> 2)] >>> ((r & 3) << 1);
        const x2 = packed[po + (r2 >>> 2)] >>> ((r2 & 3) << 1);
        const v = wy[r];
        const v2 = wy[r2];
        a += (x & 1) * v;
        b += ((x >>> 1) & 1) * v;
        a2 += (x2 & 1) * v2;
        b2 += ((x2 >>> 1) & 1) * v2;
      }
    } else {
      for (; i < end; i++) {
        const r = idx[i];
        const x = packed[po + (r >>> 2)] >>> ((r & 3) << 1);
        const v = wy[r];
        a += (x & 1) * v;
        b += ((x >>> 1) & 1) * v;
        c += (x & (x >>> 1) & 1) * v;
      }
    }
    if (i < end) {
      const r = idx[i];
      const x = packed[po + (r >>> 2)] >>> ((r & 3) << 1);
      const v = wy[r];
      a += (x & 1) * v;
      b += ((x >>> 1) & 1) * v;
      c += (x & (x >>> 1) & 1) * v;
    }
    return this.evalPacked(f, a + a2, b + b2, c);
  }

  /**
   * Two packed columns without missing values in one pass over the node's rows (the row index and its weights
   * are loaded once for both): their bit sums go to pairSums (A and B of f, then of g).
   */
  private sumPackedPair(f: number, g: number, start: number, end: number): void {
    const idx = this.idx;
    const packed = this.packed;
    const wy = this.wy;
    const pf = this.packOff[f];
    const pg = this.packOff[g];
    let af = 0;
    let bf = 0;
    let ag = 0;
    let bg = 0;
    for (let i = start; i < end; i++) {
      const r = idx[i];
      const q = r >>> 2;
      const sh = (r & 3) << 1;
      const x = packed[pf + q] >>> sh;
      const z = packed[pg + q] >>> sh;
      const v = wy[r];
      af += (x & 1) * v;
      bf += ((x >>> 1) & 1) * v;
      ag += (z & 1) * v;
      bg += ((z >>> 1) & 1) * v;
    }
    const ps = this.pairSums;
    ps[0] = af;
    ps[1] = bf;
    ps[2] = ag;
    ps[3] = bg;
  }

  /**
   * The split search of packed column f from its bit sums (see scanPacked): the genotype sums, then the sweep
   * over them; returns the number of distinct values (missing counts as one).
   */
  private evalPacked(f: number, a: number, b: number, c: number): number {
    const sums = this.acc4;
    sums[3] = c;
    sums[1] = a - c;
    sums[2] = b - c;
    sums[0] = this.nodeTot[0] + this.nodeTot[1] * PACK_SCALE - a - b + c;
    const order = this.catOrder;
    if (c === 0) {
      // No missing rows: the sweep over at most 3 genotypes done here on the sums, without a histogram; the
      // same candidates in the same order and the same arithmetic as sweepBinary (identical trees).
      this.curHasMissing = false;
      const n0 = this.nodeTot[0];
      const n1 = this.nodeTot[1];
      let m = 0;
      let c0 = 0;
      let c1 = 0;
      for (let code = 0; code < 3; code++) {
        const sc = sums[code];
        if (sc === 0) continue;
        order[m] = code;
        if (m > 0) this.considerBinary(c0, c1, n0 - c0, n1 - c1, f, false, m + 1, m, 0);
        const k1 = Math.floor(sc / PACK_SCALE);
        c0 += sc - k1 * PACK_SCALE;
        c1 += k1;
        m++;
      }
      return m;
    }
    const hist = this.hist;
    let m = 0;
    for (let code = 0; code < 4; code++) {
      const sc = sums[code];
      if (sc === 0) continue;
      const k1 = Math.floor(sc / PACK_SCALE);
      const o = (code === 3 ? MISSING_BIN : code) * 3;
      hist[o] = sc - k1 * PACK_SCALE;
      hist[o + 1] = k1;
      hist[o + 2] = 1;
      if (code < 3) order[m++] = code;
    }
    this.sweepBinary(f, m, false);
    for (let j = 0; j < m; j++) {
      const o = order[j] * 3;
      hist[o] = hist[o + 1] = hist[o + 2] = 0;
    }
    const mo = MISSING_BIN * 3;
    hist[mo] = hist[mo + 1] = hist[mo + 2] = 0;
    return m + 1;
  }

  /** Without row counts: count slot of the bin at offset o = 1 when it holds weight; returns that mark. */
  private markNonEmpty(o: number): number {
    let s = 0;
    for (let k = 0; k < this.K; k++) s += this.hist[o + k];
    const c = s > 0 ? 1 : 0;
    this.hist[o + this.K] = c;
    return c;
  }

  /** Categorical: order the node's m categories by the fraction of class 1 (binary) or of the majority class. */
  private orderByClassFraction(m: number): void {
    const K = this.K;
    const S = this.S;
    const hist = this.hist;
    const tot = this.nodeTot;
    let keyClass = 0;
    if (K === 2) keyClass = 1;
    else for (let k = 1; k < K; k++) if (tot[k] > tot[keyClass]) keyClass = k;
    const order = this.catOrder;
    const key = this.catKey;
    for (let j = 0; j < m; j++) {
      const c = order[j];
      const o = c * S;
      let s = 0;
      for (let k = 0; k < K; k++) s += hist[o + k];
      const kv = s > 0 ? hist[o + keyClass] / s : 0;
      // Insertion sort, stable in category order (few categories).
      let p = j;
      while (p > 0 && key[p - 1] > kv) {
        key[p] = key[p - 1];
        order[p] = order[p - 1];
        p--;
      }
      key[p] = kv;
      order[p] = c;
    }
  }

  /**
   * Try every prefix order[0..j) as the left set (missing rows right, then left), then "every present value
   * left, missing right"; keeps the best in best*. The threshold of a numeric prefix ending at bin a
   * followed by bin b is the edge middleEdge(f, a, b).
   */
  private sweep(f: number, m: number, isCat: boolean): void {
    const K = this.K;
    const S = this.S;
    const hist = this.hist;
    const order = this.catOrder;
    const mo = MISSING_BIN * S;
    const mCount = hist[mo + K];
    this.curHasMissing = mCount > 0;
    const tot = this.nodeTot;
    const miss = this.miss;
    const nm = this.nonMiss;
    const cum = this.cum;
    for (let k = 0; k < K; k++) {
      miss[k] = mCount > 0 ? hist[mo + k] : 0;
      nm[k] = tot[k] - miss[k];
      cum[k] = 0;
    }
    let nNode = mCount;
    for (let j = 0; j < m; j++) nNode += hist[order[j] * S + K];
    const lw = this.lw;
    const rw = this.rw;
    let cumCount = 0;
    for (let j = 0; j < m; j++) {
      const o = order[j] * S;
      if (j > 0) {
        // Missing right.
        for (let k = 0; k < K; k++) {
          lw[k] = cum[k];
          rw[k] = nm[k] - cum[k] + miss[k];
        }
        if (this.consider(cumCount, nNode - cumCount)) this.setBest(f, isCat, m, j, 0);
        if (mCount > 0) {
          for (let k = 0; k < K; k++) {
            lw[k] = cum[k] + miss[k];
            rw[k] = nm[k] - cum[k];
          }
          if (this.consider(cumCount + mCount, nNode - cumCount - mCount))
            this.setBest(f, isCat, m, j, 1);
        }
      }
      for (let k = 0; k < K; k++) cum[k] += hist[o + k];
      cumCount += hist[o + K];
    }
    if (mCount > 0 && m > 0) {
      for (let k = 0; k < K; k++) {
        lw[k] = cum[k];
        rw[k] = miss[k];
      }
      if (this.consider(cumCount, mCount)) this.setBest(f, isCat, m, m, 0);
    }
  }

  /**
   * sweep() for two classes with the class weights in locals instead of the lw/rw arrays: the same
   * candidates and the same arithmetic (bit-identical trees), kept as a copy for speed: measured
   * (CPU time, interleaved, 2026-11-30) about 10 % less growth time than the generic sweep on 20000 × 500
   * half-continuous tables, where sweeps over up to 255 bins are a large share.
   */
  private sweepBinary(f: number, m: number, isCat: boolean): void {
    const S = this.S;
    const hist = this.hist;
    const order = this.catOrder;
    const mo = MISSING_BIN * S;
    const mCount = hist[mo + 2];
    const hasMissing = mCount > 0;
    this.curHasMissing = hasMissing;
    const m0 = hasMissing ? hist[mo] : 0;
    const m1 = hasMissing ? hist[mo + 1] : 0;
    const n0 = this.nodeTot[0] - m0;
    const n1 = this.nodeTot[1] - m1;
    const minLeaf = this.minLeaf;
    let nNode = mCount;
    for (let j = 0; j < m; j++) nNode += hist[order[j] * S + 2];
    let c0 = 0;
    let c1 = 0;
    let cumCount = 0;
    for (let j = 0; j < m; j++) {
      const o = order[j] * S;
      if (j > 0) {
        // Missing right.
        if (cumCount >= minLeaf && nNode - cumCount >= minLeaf) {
          const r0 = n0 - c0 + m0;
          const r1 = n1 - c1 + m1;
          this.considerBinary(c0, c1, r0, r1, f, isCat, m, j, 0);
        }
        if (hasMissing && cumCount + mCount >= minLeaf && nNode - cumCount - mCount >= minLeaf) {
          this.considerBinary(c0 + m0, c1 + m1, n0 - c0, n1 - c1, f, isCat, m, j, 1);
        }
      }
      c0 += hist[o];
      c1 += hist[o + 1];
      cumCount += hist[o + 2];
    }
    if (hasMissing && m > 0 && cumCount >= minLeaf && mCount >= minLeaf) {
      this.considerBinary(c0, c1, m0, m1, f, isCat, m, m, 0);
    }
  }

  /** consider() + setBest() for two classes. */
  private considerBinary(
    l0: number,
    l1: number,
    r0: number,
    r1: number,
    f: number,
    isCat: boolean,
    m: number,
    j: number,
    missingLeft: number,
  ): void {
    const sl = l0 + l1;
    const sr = r0 + r1;
    if (sl <= 0 || sr <= 0) return;
    const proxy = (l0 * l0 + l1 * l1) / sl + (r0 * r0 + r1 * r1) / sr;
    if (proxy > this.bestProxy) {
      this.bestProxy = proxy;
      this.bestLeft[0] = l0;
      this.bestLeft[1] = l1;
      this.setBest(f, isCat, m, j, missingLeft);
    }
  }

  /** Evaluate a candidate (left/right class weights in lw/rw); keep it when better. Returns whether kept. */
  private consider(lc: number, rc: number): boolean {
    if (lc < this.minLeaf || rc < this.minLeaf) return false;
    const K = this.K;
    const lw = this.lw;
    const rw = this.rw;
    let sl = 0;
    let sr = 0;
    let ql = 0;
    let qr = 0;
    for (let k = 0; k < K; k++) {
      const a = lw[k];
      const b = rw[k];
      sl += a;
      sr += b;
      ql += a * a;
      qr += b * b;
    }
    if (sl <= 0 || sr <= 0) return false;
    const proxy = ql / sl + qr / sr;
    if (proxy > this.bestProxy) {
      this.bestProxy = proxy;
      this.bestLeft.set(lw);
      return true;
    }
    return false;
  }

  /** Keep prefix j of order[0..m) as the best split (j === m: every present value left, missing right). */
  private setBest(f: number, isCat: boolean, m: number, j: number, missingLeft: number): void {
    this.bestFeature = f;
    this.bestIsCat = isCat;
    this.bestMissingLeft = missingLeft;
    this.bestHasMissing = this.curHasMissing;
    if (isCat) {
      this.bestCatCount = m;
      this.bestCatPrefix = j;
      this.bestCatOrder.set(this.catOrder.subarray(0, m));
    } else {
      const order = this.catOrder;
      this.bestBin = j === m ? MAX_CATEGORY_BIN : this.middleEdge(f, order[j - 1], order[j]);
    }
  }

  /**
   * The bin edge between the node's adjacent non-empty bins a < b nearest the middle of the gap in value
   * (sklearn's threshold is the midpoint of the node's two adjacent values), the upper one on a tie: an SNP
   * node holding only genotypes 0 and 2 then sends a new 1 left, as sklearn's threshold 1.0 does.
   */
  private middleEdge(f: number, a: number, b: number): number {
    if (b - a === 1) return a;
    const thr = this.thresholds[f];
    const target = (thr[a] + thr[b - 1]) / 2;
    let e = a;
    while (e < b - 1 && thr[e] < target) e++;
    return e > a && target - thr[e - 1] < thr[e] - target ? e - 1 : e;
  }

  /** Bin -> side table of the best split; also fixes the missing side when the node had no missing rows. */
  private buildLut(): void {
    const lut = this.lut;
    if (!this.bestHasMissing) {
      // No missing training rows here: missing (and unseen categories) follow the heavier side.
      let sl = 0;
      let st = 0;
      for (let k = 0; k < this.K; k++) {
        sl += this.bestLeft[k];
        st += this.nodeTot[k];
      }
      this.bestMissingLeft = sl >= st - sl ? 1 : 0;
    }
    const ml = this.bestMissingLeft;
    if (this.bestIsCat) {
      lut.fill(ml);
      const order = this.bestCatOrder;
      for (let j = 0; j < this.bestCatCount; j++) lut[order[j]] = j < this.bestCatPrefix ? 1 : 0;
    } else {
      const b = this.bestBin;
      // A numeric column's bins are below nBins (or missing): the rest of the table is never read for it.
      const nb = Math.min(this.nBins[this.bestFeature], 255);
      for (let i = 0; i < nb; i++) lut[i] = i <= b ? 1 : 0;
    }
    lut[MISSING_BIN] = ml;
  }

  private writeNode(node: number, cls: Float64Array): void {
    const K = this.K;
    let s = 0;
    for (let k = 0; k < K; k++) s += cls[k];
    for (let k = 0; k < K; k++) this.value[node * K + k] = s > 0 ? cls[k] / s : 1 / K;
    this.weight[node] = s;
    this.left[node] = -1;
    this.right[node] = -1;
    this.feature[node] = -1;
    this.threshold[node] = 0;
    this.missingLeft[node] = 0;
    this.catOffset[node] = -1;
    this.splitBin[node] = -1;
    this.impDec[node] = 0;
  }

  private writeSplit(
    node: number,
    l: number,
    r: number,
    wTot: number,
    lw: Float64Array,
    rw: Float64Array,
  ): void {
    const f = this.bestFeature;
    this.feature[node] = f;
    this.left[node] = l;
    this.right[node] = r;
    this.missingLeft[node] = this.bestMissingLeft;
    if (this.bestIsCat) {
      if (this.catLen + CAT_WORDS > this.catBits.length) {
        const a = new Uint32Array(this.catBits.length * 2);
        a.set(this.catBits);
        this.catBits = a;
      }
      const o = this.catLen;
      for (let wd = 0; wd < CAT_WORDS; wd++) this.catBits[o + wd] = 0;
      for (let c = 0; c < 256; c++) if (this.lut[c]) this.catBits[o + (c >>> 5)] |= 1 << (c & 31);
      this.catOffset[node] = o;
      this.catLen += CAT_WORDS;
      this.threshold[node] = NaN;
    } else {
      const thr = this.thresholds[f];
      this.threshold[node] = this.bestBin < thr.length ? thr[this.bestBin] : Infinity;
      this.splitBin[node] = this.bestBin;
    }
    this.impDec[node] =
      giniWeighted(this.nodeTot, this.K, wTot) -
      giniWeighted(lw, this.K) -
      giniWeighted(rw, this.K);
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

  private trim(nodeCount: number): Tree {
    const K = this.K;
    return {
      nodeCount,
      nClasses: K,
      feature: this.feature.slice(0, nodeCount),
      threshold: this.threshold.slice(0, nodeCount),
      left: this.left.slice(0, nodeCount),
      right: this.right.slice(0, nodeCount),
      missingLeft: this.missingLeft.slice(0, nodeCount),
      catOffset: this.catOffset.slice(0, nodeCount),
      catBits: this.catBits.slice(0, this.catLen),
      value: this.value.slice(0, nodeCount * K),
      weight: this.weight.slice(0, nodeCount),
      impurityDecrease: this.impDec.slice(0, nodeCount),
    };
  }

  /** Out-of-bag rows of the tree just grown, predicted from their bins (same sides as raw-value prediction). */
  private addOob(tree: Tree, oobSum: Float64Array, oobCount: Uint32Array): void {
    const K = this.K;
    const train = this.trainRows;
    const cnt = this.drawCount;
    const bins = this.bins;
    const nRows = this.nRows;
    const splitBin = this.splitBin;
    const { left, right, feature, missingLeft, catOffset, catBits, value } = tree;
    for (let i = 0; i < train.length; i++) {
      const r = train[i];
      if (cnt[r] > 0) continue;
      let node = 0;
      while (left[node] !== -1) {
        const b = bins[feature[node] * nRows + r];
        let goLeft: boolean;
        if (b === MISSING_BIN) goLeft = missingLeft[node] === 1;
        else if (catOffset[node] >= 0)
          goLeft = ((catBits[catOffset[node] + (b >>> 5)] >>> (b & 31)) & 1) === 1;
        else goLeft = b <= splitBin[node];
        node = goLeft ? left[node] : right[node];
      }
      // Each term rounded to a multiple of 2^-32: sums are then exact, hence identical in any shard order.
      for (let k = 0; k < K; k++)
        oobSum[r * K + k] += Math.round(value[node * K + k] * OOB_SCALE) / OOB_SCALE;
      oobCount[r]++;
    }
  }
}

/** weight × Gini impurity = w - Σ c_k² / w. */
function giniWeighted(cls: Float64Array, K: number, wTot?: number): number {
  let s = 0;
  let q = 0;
  for (let k = 0; k < K; k++) {
    s += cls[k];
    q += cls[k] * cls[k];
  }
  const w = wTot ?? s;
  return w > 0 ? w - q / w : 0;
}
