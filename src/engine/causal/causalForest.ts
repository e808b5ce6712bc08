/**
 * A causal forest after grf's recipe (Wager & Athey 2018; Athey, Tibshirani & Wager 2019), written from the
 * papers and the described algorithm on our binned features and seeded generator:
 *
 * - Inputs are the orthogonalised residuals y = Y − m(X) and w = W − e(X) (nuisance.ts).
 * - Trees come in little bags of two (grf's ci.group.size 2): a bag draws half the patients without
 *   replacement, each of its trees subsamples 2 × sampleFraction of that half, and each tree's subsample is cut
 *   in two (honesty): one half chooses the splits, the other fills the leaves. A split leaving one side without
 *   leaf-filling patients is removed (grf's honesty pruning).
 * - At every node the node's own effect τ_P = Σ(w−w̄)(y−ȳ)/Σ(w−w̄)² gives each patient the gradient pseudo-outcome
 *   ρ = (w−w̄)((y−ȳ) − τ_P(w−w̄)); the split maximises Σ_left ρ²/n_left + Σ_right ρ²/n_right (a regression split
 *   on ρ), among splits leaving each child at least minNodeSize patients on each side of the node's mean w and a
 *   share `alpha` of the node's treatment variation (grf's stabilised splits).
 * - A patient's effect comes from the forest weights: the per-tree leaf means of y, w, yw, ww averaged over trees
 *   (out of bag: only trees that never drew the patient), τ = (⟨yw⟩ − ⟨y⟩⟨w⟩)/(⟨ww⟩ − ⟨w⟩²).
 * - Its variance: the bootstrap of little bags on the delta-method pseudo-outcomes of each tree's leaf, between-bag
 *   minus within-bag variance, kept positive by grf's objective-Bayes correction.
 *
 * Categorical columns split on their category index order (grf treats every column as numeric likewise).
 *
 * Sample weights G (grf's sample.weights; e.g. inverse-probability-of-censoring weights) enter as in grf: the node's
 * means and effect τ_P are G-weighted, the split criterion reads Σ G·ρ over Σ G on each side (sizes for the minimum
 * node size stay counts), leaves hold the means of G·y, G·w, G·yw, G·ww and G, and a patient's effect solves the
 * G-weighted moment equations, τ = (⟨Gyw⟩⟨G⟩ − ⟨Gy⟩⟨Gw⟩)/(⟨Gww⟩⟨G⟩ − ⟨Gw⟩²), its variance from the same little-bag
 * pseudo-outcomes with ⟨G⟩ in place of 1. Without weights every formula reduces, bit for bit, to the one above.
 *
 * Checked item by item against grf's core (ForestTrainer::train_ci_group, TreeTrainer, InstrumentalRelabelingStrategy,
 * InstrumentalSplittingRule, InstrumentalPredictionStrategy, ObjectiveBayesDebiaser; bench/CAUSAL.md lists them): the one
 * divergence here is that splits are sought between our ≤ 255 quantile bins of a column rather than between every
 * pair of distinct values. imbalance.penalty is grf's default 0. The same trees with target 'mean' are grf's honest
 * regression forests, which give the nuisance estimates (nuisance.ts).
 */
import type { BinnedData } from '../forest/types.ts';
import { MISSING_BIN } from '../forest/types.ts';
import { MAX_CATEGORY_BIN } from '../forest/predict.ts';
import { deriveSeed, Rng } from '../forest/rng.ts';
import { normalSf } from './normal.ts';

/** Settings of the causal forest, with grf's names in camelCase and grf's defaults. */
export interface CausalForestParams {
  /** Trees; must be even (little bags of 2). Default 2000. */
  numTrees: number;
  /** Share of patients each tree draws, without replacement; at most 0.5 with bags of 2. Default 0.5. */
  sampleFraction: number;
  /** Columns tried per split (a Poisson draw around it, as grf); null: min(⌈√p + 20⌉, p). */
  mtry: number | null;
  /** Nodes of at most this many splitting patients are not split; also the per-side minimum. Default 5. */
  minNodeSize: number;
  /** Share of each tree's subsample that chooses the splits (the rest fills the leaves). Default 0.5. */
  honestyFraction: number;
  /** Least share of the node's treatment variation each child keeps. Default 0.05. */
  alpha: number;
  /** Seed: the same seed gives the same forest however its bags are shared among workers. */
  randomState: number;
  /**
   * 'effect': the causal forest. 'mean': an honest regression forest of yRes alone (grf's regression_forest, the
   * nuisance forests' recipe): each tree draws its own subsample (no shared half: grf's ci.group.size 1), splits
   * maximise the regression criterion with children of at least max(⌈alpha·n⌉, 1) patients, and wRes is ignored.
   */
  target?: 'effect' | 'mean';
  /**
   * Record each tree's leaf-filling rows (the `filled` bitsets), which the local linear correction needs; off by
   * default, as they cost as much memory again as the drawn-rows bitsets.
   */
  keepFilled?: boolean;
  /**
   * A positive weight per training row (grf's sample.weights); absent: every row weighs 1 (and the trees are exactly
   * those of the unweighted recipe). Weights of 0 are refused: a row that should not count is left out instead.
   */
  sampleWeights?: Float64Array;
  /**
   * Treatment contrasts per patient: 1 for two arms; K − 1 for a treatment of K arms (grf's multi_arm_causal_forest),
   * wRes then holding each patient's K − 1 centred arm indicators one patient after another. Default 1.
   */
  arms?: number;
}

export const DEFAULT_CAUSAL_PARAMS: CausalForestParams = {
  numTrees: 2000,
  sampleFraction: 0.5,
  mtry: null,
  minNodeSize: 5,
  honestyFraction: 0.5,
  alpha: 0.05,
  randomState: 1,
};

/** Bags of trees sharing one half-sample (grf's ci.group.size). */
export const CI_GROUP_SIZE = 2;

/** One honest tree: flat arrays; a leaf has left === -1; leaf statistics are means over leaf-filling patients. */
export interface CausalTree {
  feature: Int32Array;
  /** Split bin: a patient whose bin is <= splitBin goes left (missing goes by missingLeft). */
  splitBin: Uint8Array;
  /** Raw-value threshold of a numeric split (x <= threshold goes left); the category index for categorical. */
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  /** Per node: leaf-filling patients (0 for inner nodes and empty leaves). */
  leafCount: Uint32Array;
  /** Per node, 4 values: means of y, w, y·w, w·w over the leaf-filling patients. */
  leafStats: Float64Array;
  /** Bitset of the rows this tree drew (both halves): it is not out of bag for them. */
  drawn: Uint32Array;
  /**
   * Bitset of the rows that filled its leaves (the honest half): the forest weights of the local linear correction.
   * Empty unless the forest was grown with keepFilled.
   */
  filled: Uint32Array;
  /** Per node: the mean sample weight of its leaf-filling patients; empty when the forest has no sample weights. */
  leafWeight: Float64Array;
}

/** A fitted causal forest: trees in global order, bag b holding trees 2b and 2b+1. */
export interface CausalForest {
  params: CausalForestParams;
  nFeatures: number;
  nRows: number;
  isCategorical: Uint8Array;
  trees: CausalTree[];
}

/** Fill defaults and refuse settings grf would refuse, with a reason the user can act on. */
export function validateCausalParams(
  params: Partial<CausalForestParams>,
  nFeatures: number,
): CausalForestParams {
  const p = { ...DEFAULT_CAUSAL_PARAMS, ...params };
  if (!Number.isInteger(p.numTrees) || p.numTrees < 2 || p.numTrees % CI_GROUP_SIZE !== 0)
    throw new Error(
      `numTrees must be an even integer >= 2 (trees come in bags of 2), got ${p.numTrees}`,
    );
  if (p.target === 'mean') {
    if (!(p.sampleFraction > 0 && p.sampleFraction < 1))
      throw new Error(`sampleFraction must be in (0, 1), got ${p.sampleFraction}`);
  } else if (!(p.sampleFraction > 0 && p.sampleFraction <= 0.5))
    throw new Error(
      `sampleFraction must be in (0, 0.5] for intervals from bags of 2, got ${p.sampleFraction}`,
    );
  if (!(p.honestyFraction > 0 && p.honestyFraction < 1))
    throw new Error(`honestyFraction must be in (0, 1), got ${p.honestyFraction}`);
  if (!(p.alpha >= 0 && p.alpha < 0.25))
    throw new Error(`alpha must be in [0, 0.25), got ${p.alpha}`);
  if (!Number.isInteger(p.minNodeSize) || p.minNodeSize < 1)
    throw new Error(`minNodeSize must be an integer >= 1, got ${p.minNodeSize}`);
  if (p.mtry !== null && (!Number.isInteger(p.mtry) || p.mtry < 1 || p.mtry > nFeatures))
    throw new Error(`mtry must be an integer in 1..${nFeatures}, got ${p.mtry}`);
  if (!Number.isInteger(p.randomState) || p.randomState < 0)
    throw new Error(`randomState must be a non-negative integer, got ${p.randomState}`);
  const arms = p.arms ?? 1;
  if (!Number.isInteger(arms) || arms < 1)
    throw new Error(`arms must be an integer >= 1, got ${arms}`);
  if (arms > 1 && (p.target === 'mean' || p.sampleWeights))
    throw new Error('A multi-arm causal forest takes no sample weights or mean target');
  return p;
}

/** grf's default number of columns tried per split. */
export function defaultMtry(nFeatures: number): number {
  return Math.min(Math.ceil(Math.sqrt(nFeatures) + 20), nFeatures);
}

/** Poisson draw (Knuth's product of uniforms): fine for the means of a few hundred used here. */
function poisson(rng: Rng, lambda: number): number {
  const limit = Math.exp(-lambda);
  let k = 0;
  let prod = rng.nextFloat();
  while (prod > limit) {
    k++;
    prod *= rng.nextFloat();
  }
  return k;
}

/** Put a uniform random choice of k of arr's first n entries in arr[0..k) (partial Fisher–Yates). */
function drawWithoutReplacement(rng: Rng, arr: Int32Array, n: number, k: number): void {
  for (let i = 0; i < k; i++) {
    const j = i + rng.nextInt(n - i);
    const t = arr[i];
    arr[i] = arr[j];
    arr[j] = t;
  }
}

/** Grow the bags with the given indices (a worker's share); tree 2b+j of bag b lands at position 2·(index)+j. */
export function growCausalBags(
  binned: BinnedData,
  yRes: Float64Array,
  wRes: Float64Array,
  params: CausalForestParams,
  bagIndices: number[],
): CausalTree[] {
  const n = binned.nRows;
  const arms = params.arms ?? 1;
  if (yRes.length !== n || wRes.length !== n * arms)
    throw new Error('Residuals and binned data have different numbers of rows');
  for (let r = 0; r < n; r++) {
    let finite = Number.isFinite(yRes[r]);
    for (let k = 0; k < arms; k++) finite &&= Number.isFinite(wRes[r * arms + k]);
    if (!finite) throw new Error(`Row ${r} has no finite outcome or treatment residual`);
  }
  checkSampleWeights(params.sampleWeights, n);
  const mean = params.target === 'mean';
  // A regression tree draws from every patient; a causal bag's trees from the bag's shared half.
  const halfSize = mean ? n : Math.floor(n / 2);
  const treeSize = Math.min(halfSize, Math.floor(n * params.sampleFraction));
  const splitSize = Math.floor(treeSize * params.honestyFraction);
  if (splitSize < 2 * params.minNodeSize || treeSize - splitSize < 1)
    throw new Error(
      `Too few patients (${n}) for honest trees: each tree would choose splits on ${splitSize} patients`,
    );
  const grower =
    arms > 1
      ? new MultiArmGrower(binned, yRes, wRes, params, arms)
      : new CausalGrower(binned, yRes, wRes, params);
  const trees: CausalTree[] = [];
  const half = new Int32Array(n);
  const sub = new Int32Array(halfSize);
  for (const b of bagIndices) {
    const rng = new Rng(deriveSeed(params.randomState, b));
    for (let i = 0; i < n; i++) half[i] = i;
    drawWithoutReplacement(rng, half, n, halfSize);
    for (let j = 0; j < CI_GROUP_SIZE; j++) {
      sub.set(half.subarray(0, halfSize));
      drawWithoutReplacement(rng, sub, halfSize, treeSize);
      trees.push(grower.grow(rng, sub.subarray(0, splitSize), sub.subarray(splitSize, treeSize)));
    }
  }
  return trees;
}

/** Refuse sample weights that are not one finite, positive number per row. */
export function checkSampleWeights(g: Float64Array | undefined, nRows: number): void {
  if (g === undefined) return;
  if (g.length !== nRows)
    throw new Error(`There are ${g.length} sample weights for ${nRows} patients`);
  for (let r = 0; r < nRows; r++)
    if (!(g[r] > 0 && Number.isFinite(g[r])))
      throw new Error(`Patient ${r + 1} has sample weight ${g[r]}: weights must be finite and > 0`);
}

/** The tree loop, with buffers reused across trees. */
class CausalGrower {
  /** The node's ρ, w, w² and w-below-its-mean indicator, by position in the node (see bestSplit). */
  private readonly rho: Float64Array;
  private readonly gZ: Float64Array;
  private readonly gZ2: Float64Array;
  private readonly gSmall: Float64Array;
  protected readonly rows: Int32Array;
  private readonly tmp: Int32Array;
  protected readonly features: Int32Array;
  protected readonly mtry: number;
  // Per-bin histograms of the feature being scanned: count, Σρ, Σw, Σw², count of w below the node mean.
  readonly hCount = new Float64Array(256);
  readonly hRho = new Float64Array(256);
  readonly hZ = new Float64Array(256);
  readonly hZ2 = new Float64Array(256);
  readonly hSmall = new Float64Array(256);
  /** Σ G per bin (weighted forests only: the unweighted ones divide by counts). */
  readonly hG = new Float64Array(256);
  private readonly gG: Float64Array;
  /** The sample weights, or null: the unweighted recipe, untouched. */
  private readonly g: Float64Array | null;
  private readonly present = new Uint8Array(256);

  constructor(
    protected readonly binned: BinnedData,
    protected readonly y: Float64Array,
    protected readonly w: Float64Array,
    protected readonly params: CausalForestParams,
  ) {
    this.rho = new Float64Array(binned.nRows);
    this.gZ = new Float64Array(binned.nRows);
    this.gZ2 = new Float64Array(binned.nRows);
    this.gSmall = new Float64Array(binned.nRows);
    this.g = params.sampleWeights ?? null;
    this.gG = new Float64Array(this.g ? binned.nRows : 0);
    this.rows = new Int32Array(binned.nRows);
    this.tmp = new Int32Array(binned.nRows);
    this.features = new Int32Array(binned.nFeatures);
    this.mtry = params.mtry ?? defaultMtry(binned.nFeatures);
  }

  grow(rng: Rng, splitRows: Int32Array, fillRows: Int32Array): CausalTree {
    const binned = this.binned;
    const nRows = binned.nRows;
    const feature: number[] = [];
    const splitBin: number[] = [];
    const missingLeft: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const rows = this.rows;
    rows.set(splitRows);
    // Ascending rows read the column-major bins in address order.
    rows.subarray(0, splitRows.length).sort();
    const newNode = (): number => {
      feature.push(-1);
      splitBin.push(0);
      missingLeft.push(0);
      left.push(-1);
      right.push(-1);
      return feature.length - 1;
    };
    const stack: number[] = [newNode(), 0, splitRows.length];
    while (stack.length > 0) {
      const end = stack.pop() as number;
      const start = stack.pop() as number;
      const node = stack.pop() as number;
      const split = this.bestSplit(rng, start, end);
      if (split === null) continue;
      const { f, bin, missLeft } = split;
      // Stable partition of the node's rows into left then right.
      const off = f * nRows;
      let nl = start;
      let nr = 0;
      for (let i = start; i < end; i++) {
        const r = rows[i];
        const b = binned.bins[off + r];
        if (b === MISSING_BIN ? missLeft : b <= bin) rows[nl++] = r;
        else this.tmp[nr++] = r;
      }
      rows.set(this.tmp.subarray(0, nr), nl);
      feature[node] = f;
      splitBin[node] = bin;
      missingLeft[node] = missLeft ? 1 : 0;
      const l = newNode();
      const rgt = newNode();
      left[node] = l;
      right[node] = rgt;
      stack.push(rgt, nl, end, l, start, nl);
    }
    const nNodes = feature.length;
    const tree: CausalTree = {
      feature: Int32Array.from(feature),
      splitBin: Uint8Array.from(splitBin),
      threshold: new Float64Array(nNodes),
      missingLeft: Uint8Array.from(missingLeft),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      leafCount: new Uint32Array(nNodes),
      leafStats: new Float64Array(nNodes * leafStride(this.params.arms ?? 1)),
      drawn: new Uint32Array(Math.ceil(nRows / 32)),
      filled: new Uint32Array(this.params.keepFilled ? Math.ceil(nRows / 32) : 0),
      leafWeight: new Float64Array(this.g ? nNodes : 0),
    };
    for (let i = 0; i < nNodes; i++) {
      const f = tree.feature[i];
      if (f < 0) continue;
      tree.threshold[i] = binned.isCategorical[f]
        ? tree.splitBin[i]
        : binned.thresholds[f][tree.splitBin[i]];
    }
    for (const r of splitRows) tree.drawn[r >>> 5] |= 1 << (r & 31);
    for (const r of fillRows) tree.drawn[r >>> 5] |= 1 << (r & 31);
    if (this.params.keepFilled) for (const r of fillRows) tree.filled[r >>> 5] |= 1 << (r & 31);
    this.fillLeaves(tree, fillRows);
    return tree;
  }

  /** Best split of rows[start, end) or null for a leaf. */
  protected bestSplit(
    rng: Rng,
    start: number,
    end: number,
  ): { f: number; bin: number; missLeft: boolean } | null {
    const { y, w, rho, rows, binned, params, g } = this;
    const n = end - start;
    if (n <= params.minNodeSize) return null;
    let sy = 0;
    let sw = 0;
    // Σ G of the node: n without weights. Every weighted term below is written G·(…) with G first, so a weight of
    // 1 gives exactly the unweighted bits.
    let sg = n;
    if (g) {
      sg = 0;
      for (let i = start; i < end; i++) {
        const q = g[rows[i]];
        sy += q * y[rows[i]];
        sw += q * w[rows[i]];
        sg += q;
      }
    } else
      for (let i = start; i < end; i++) {
        sy += y[rows[i]];
        sw += w[rows[i]];
      }
    const my = sy / sg;
    const mw = sw / sg;
    const mean = params.target === 'mean';
    let num = 0;
    let den = 0;
    for (let i = start; !mean && i < end; i++) {
      const dw = w[rows[i]] - mw;
      const q = g ? g[rows[i]] : 1;
      num += q * dw * (y[rows[i]] - my);
      den += q * dw * dw;
    }
    if (!mean && Math.abs(den) <= 1e-10) return null;
    const tau = num / den;
    let sumRho = 0;
    let numSmall = 0;
    // The node's per-row terms gathered in row order once, so each feature's scan reads them contiguously and adds
    // the below-mean indicator without a branch (the same sums, in the same order, as reading them per feature).
    const { gZ, gZ2, gSmall, gG } = this;
    // A regression node: ρ = y − ȳ (grf's regression criterion up to a constant), no treatment terms.
    for (let i = start; mean && i < end; i++) {
      const j = i - start;
      const q = g ? g[rows[i]] : 1;
      rho[j] = q * (y[rows[i]] - my);
      gZ[j] = 0;
      gZ2[j] = 0;
      gSmall[j] = 0;
      if (g) gG[j] = q;
      sumRho += rho[j];
    }
    for (let i = start; !mean && i < end; i++) {
      const r = rows[i];
      const z = w[r];
      const dw = z - mw;
      const q = g ? g[r] : 1;
      const v = q * (dw * (y[r] - my - tau * dw));
      const j = i - start;
      rho[j] = v;
      gZ[j] = q * z;
      gZ2[j] = q * z * z;
      if (g) gG[j] = q;
      const small = z < mw ? 1 : 0;
      gSmall[j] = small;
      sumRho += v;
      numSmall += small;
    }
    // Σw² − (Σw)²/n of the node, i.e. den: each child must keep a share alpha of it.
    const minChild = den * params.alpha;
    const p = binned.nFeatures;
    const k = Math.max(Math.min(poisson(rng, this.mtry), p), 1);
    const feats = this.features;
    for (let f = 0; f < p; f++) feats[f] = f;
    drawWithoutReplacement(rng, feats, p, k);
    const minSize = params.minNodeSize;
    // Each child needs minSize rows below and minSize above the node's mean w, so with fewer than twice that on
    // either side no candidate can pass: a leaf without scanning (after the draws above, which later nodes' draws
    // follow in the generator's stream).
    if (!mean && (numSmall < 2 * minSize || n - numSmall < 2 * minSize)) return null;
    // grf's regression rule takes any split whose children hold at least max(⌈alpha·n⌉, 1) patients.
    const minCount = Math.max(Math.ceil(n * params.alpha), 1);
    let best = mean ? -1 : 0;
    let bestF = -1;
    let bestBin = 0;
    let bestMissLeft = false;
    const { hCount, hRho, hZ, hZ2, hSmall, hG, present } = this;
    for (let fi = 0; fi < k; fi++) {
      const f = feats[fi];
      const nb = binned.nBins[f];
      if (nb < 2) continue;
      // Only the bins the node's rows touch are visited, in bin order, and cleared afterwards: most nodes hold
      // far fewer rows than a column has bins, and clearing/sweeping all 255 bins per node dominated growth.
      const off = f * binned.nRows;
      let nPresent = 0;
      const bins0 = binned.bins;
      for (let i = start; i < end; i++) {
        const b = bins0[off + rows[i]];
        const j = i - start;
        if (hCount[b] === 0 && b !== MISSING_BIN) present[nPresent++] = b;
        hCount[b]++;
        hRho[b] += rho[j];
        hZ[b] += gZ[j];
        hZ2[b] += gZ2[j];
        hSmall[b] += gSmall[j];
      }
      // Σ G per bin in a pass of its own, so the unweighted scan above is left as it was.
      if (g) for (let i = start; i < end; i++) hG[bins0[off + rows[i]]] += gG[i - start];
      const bins = present.subarray(0, nPresent);
      orderBins(bins, hCount, nb);
      const nMiss = hCount[MISSING_BIN];
      for (let pass = 0; pass < (nMiss > 0 ? 2 : 1); pass++) {
        const missLeft = pass === 0;
        let cl = missLeft ? nMiss : 0;
        let rl = missLeft ? hRho[MISSING_BIN] : 0;
        let zl = missLeft ? hZ[MISSING_BIN] : 0;
        let z2l = missLeft ? hZ2[MISSING_BIN] : 0;
        let sl = missLeft ? hSmall[MISSING_BIN] : 0;
        // Σ G on the left: the count without weights.
        let gl = missLeft ? (g ? hG[MISSING_BIN] : nMiss) : 0;
        // A split after the last present bin would leave the right side without present values.
        for (let j = 0; j < nPresent - 1; j++) {
          const b = bins[j];
          cl += hCount[b];
          rl += hRho[b];
          zl += hZ[b];
          z2l += hZ2[b];
          sl += hSmall[b];
          gl += g ? hG[b] : hCount[b];
          const cr = n - cl;
          const gr = sg - gl;
          const sr = numSmall - sl;
          if (mean) {
            if (cl < minCount || cr < minCount) continue;
          } else {
            if (sl < minSize || cl - sl < minSize || sr < minSize || cr - sr < minSize) continue;
            const sizeL = z2l - (zl * zl) / gl;
            if (sizeL < minChild) continue;
            const zr = sw - zl;
            const sizeR = den + (sw * sw) / sg - z2l - (zr * zr) / gr;
            if (sizeR < minChild) continue;
          }
          const rr = sumRho - rl;
          const gain = (rl * rl) / gl + (rr * rr) / gr;
          if (gain > best) {
            best = gain;
            bestF = f;
            bestBin = b;
            bestMissLeft = missLeft;
          }
        }
      }
      for (let j = 0; j < nPresent; j++) clearBin(this, bins[j]);
      clearBin(this, MISSING_BIN);
    }
    return bestF < 0 ? null : { f: bestF, bin: bestBin, missLeft: bestMissLeft };
  }

  /** Honest leaves: the leaf-filling patients' means, then splits with an empty side removed. */
  protected fillLeaves(tree: CausalTree, fillRows: Int32Array): void {
    const { binned, y, w, g } = this;
    const nNodes = tree.feature.length;
    // Weighted trees keep Σ G as a fifth sum per node.
    const K = g ? 5 : 4;
    const sums = new Float64Array(nNodes * K);
    const count = new Float64Array(nNodes);
    for (const r of fillRows) {
      const leaf = leafOfBinnedRow(tree, binned, r);
      count[leaf]++;
      if (g) {
        const q = g[r];
        sums[leaf * K] += q * y[r];
        sums[leaf * K + 1] += q * w[r];
        sums[leaf * K + 2] += q * y[r] * w[r];
        sums[leaf * K + 3] += q * w[r] * w[r];
        sums[leaf * K + 4] += q;
        continue;
      }
      sums[leaf * 4] += y[r];
      sums[leaf * 4 + 1] += w[r];
      sums[leaf * 4 + 2] += y[r] * w[r];
      sums[leaf * 4 + 3] += w[r] * w[r];
    }
    pruneEmptySides(tree, count, sums, K);
    for (let i = 0; i < nNodes; i++) {
      if (tree.left[i] !== -1 || count[i] === 0) continue;
      tree.leafCount[i] = count[i];
      for (let k = 0; k < 4; k++) tree.leafStats[i * 4 + k] = sums[i * K + k] / count[i];
      if (g) tree.leafWeight[i] = sums[i * K + 4] / count[i];
    }
  }
}

/**
 * Sort the present bins ascending: insertion sort for a few, a scan of the column's bins when most are present
 * (the typed-array sort's per-call cost dominated growth on small nodes and its n log n on large ones).
 */
function orderBins(bins: Uint8Array, hCount: Float64Array, nb: number): void {
  const m = bins.length;
  if (m <= 24) {
    for (let i = 1; i < m; i++) {
      const v = bins[i];
      let j = i - 1;
      while (j >= 0 && bins[j] > v) {
        bins[j + 1] = bins[j];
        j--;
      }
      bins[j + 1] = v;
    }
  } else if (m * 4 >= nb) {
    let j = 0;
    for (let b = 0; b < nb && j < m; b++) if (hCount[b] > 0) bins[j++] = b;
  } else bins.sort();
}

function clearBin(
  h: {
    hCount: Float64Array;
    hRho: Float64Array;
    hZ: Float64Array;
    hZ2: Float64Array;
    hSmall: Float64Array;
    hG: Float64Array;
  },
  b: number,
): void {
  h.hCount[b] = 0;
  h.hRho[b] = 0;
  h.hZ[b] = 0;
  h.hZ2[b] = 0;
  h.hSmall[b] = 0;
  h.hG[b] = 0;
}

/**
 * Honesty pruning: a split one of whose sides holds no leaf-filling patient becomes its other child (with its K sums per
 * node), bottom up.
 */
function pruneEmptySides(
  tree: CausalTree,
  count: Float64Array,
  sums: Float64Array,
  K: number,
): void {
  const nNodes = tree.feature.length;
  // Children always have larger indices than their parent, so a backwards pass sees children first.
  const sub = new Float64Array(nNodes);
  for (let i = nNodes - 1; i >= 0; i--) {
    const l = tree.left[i];
    if (l === -1) {
      sub[i] = count[i];
      continue;
    }
    const r = tree.right[i];
    if (sub[l] === 0 || sub[r] === 0) {
      const keep = sub[l] === 0 ? r : l;
      copyNode(tree, keep, i, count, sums, K);
      sub[i] = sub[keep];
    } else sub[i] = sub[l] + sub[r];
  }
}

function copyNode(
  tree: CausalTree,
  from: number,
  to: number,
  count: Float64Array,
  sums: Float64Array,
  K: number,
): void {
  tree.feature[to] = tree.feature[from];
  tree.splitBin[to] = tree.splitBin[from];
  tree.threshold[to] = tree.threshold[from];
  tree.missingLeft[to] = tree.missingLeft[from];
  tree.left[to] = tree.left[from];
  tree.right[to] = tree.right[from];
  count[to] = count[from];
  for (let k = 0; k < K; k++) sums[to * K + k] = sums[from * K + k];
}

/** Leaf reached by training row r, read from its bins. */
export function leafOfBinnedRow(tree: CausalTree, binned: BinnedData, r: number): number {
  let i = 0;
  while (tree.left[i] !== -1) {
    const b = binned.bins[tree.feature[i] * binned.nRows + r];
    i = (b === MISSING_BIN ? tree.missingLeft[i] === 1 : b <= tree.splitBin[i])
      ? tree.left[i]
      : tree.right[i];
  }
  return i;
}

/** Leaf reached by row r of raw X (column-major), routed exactly as its training bins would be. */
export function leafOfRawRow(
  tree: CausalTree,
  isCategorical: Uint8Array,
  X: ArrayLike<number>,
  nRows: number,
  r: number,
): number {
  let i = 0;
  while (tree.left[i] !== -1) {
    const f = tree.feature[i];
    const v = X[f * nRows + r];
    let goLeft: boolean;
    if (isCategorical[f]) {
      const present = v >= 0 && v === Math.floor(v);
      goLeft = present
        ? Math.min(v, MAX_CATEGORY_BIN) <= tree.threshold[i]
        : tree.missingLeft[i] === 1;
    } else goLeft = v !== v ? tree.missingLeft[i] === 1 : v <= tree.threshold[i];
    i = goLeft ? tree.left[i] : tree.right[i];
  }
  return i;
}

/** Fit a causal forest in the calling thread (tests, CLI); the pool grows the same bags in shards. */
export function fitCausalForest(
  binned: BinnedData,
  yRes: Float64Array,
  wRes: Float64Array,
  params: Partial<CausalForestParams> = {},
  onTreesDone?: (done: number) => void,
): CausalForest {
  const p = validateCausalParams(params, binned.nFeatures);
  return causalForestOf(binned, p, growAllBags(binned, yRes, wRes, p, onTreesDone));
}

/** Every bag of the forest in the calling thread, in global order, reporting trees done now and then. */
export function growAllBags(
  binned: BinnedData,
  yRes: Float64Array,
  wRes: Float64Array,
  p: CausalForestParams,
  onTreesDone?: (done: number) => void,
): CausalTree[] {
  const nBags = p.numTrees / CI_GROUP_SIZE;
  const trees: CausalTree[] = [];
  // Bags grown a chunk at a time only to report progress: each bag draws from its own seed, so the trees are the same.
  for (let b = 0; b < nBags; b += PROGRESS_BAGS) {
    const chunk = Array.from({ length: Math.min(PROGRESS_BAGS, nBags - b) }, (_, j) => b + j);
    trees.push(...growCausalBags(binned, yRes, wRes, p, chunk));
    onTreesDone?.(trees.length);
  }
  return trees;
}

/** The forest of trees grown anywhere (in global order) with validated settings on this binned data. */
export function causalForestOf(
  binned: BinnedData,
  p: CausalForestParams,
  trees: CausalTree[],
): CausalForest {
  if (trees.length !== p.numTrees)
    throw new Error(`The causal forest has ${trees.length} trees, expected ${p.numTrees}`);
  return {
    params: p,
    nFeatures: binned.nFeatures,
    nRows: binned.nRows,
    isCategorical: binned.isCategorical.slice(),
    trees,
  };
}

/**
 * Trees in one set of flat arrays, tree t's nodes at nodeStart[t]..nodeStart[t+1]: how trees cross a worker boundary.
 * Moving or copying a few large arrays takes milliseconds; 2,000 trees of nine small arrays each took 40–120 ms to
 * copy and 200–700 ms to transfer on the main thread (measured in Node on a loaded machine).
 */
export interface PackedCausalTrees {
  nodeStart: Int32Array;
  feature: Int32Array;
  splitBin: Uint8Array;
  threshold: Float64Array;
  missingLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  leafCount: Uint32Array;
  leafStats: Float64Array;
  /** Every tree's drawn-rows bitset, drawnWords words each. */
  drawn: Uint32Array;
  /** Every tree's leaf-filling-rows bitset, filledWords words each (0 when not kept). */
  filled: Uint32Array;
  drawnWords: number;
  filledWords: number;
  /** Every tree's per-node mean sample weight, at the nodes' offsets (empty when the forest has no weights). */
  leafWeight: Float64Array;
}

/** Trees packed into flat arrays (a copy). */
export function packCausalTrees(trees: CausalTree[]): PackedCausalTrees {
  const nodeStart = new Int32Array(trees.length + 1);
  trees.forEach((t, i) => (nodeStart[i + 1] = nodeStart[i] + t.feature.length));
  const total = nodeStart[trees.length];
  const drawnWords = trees.length > 0 ? trees[0].drawn.length : 0;
  const filledWords = trees.length > 0 ? trees[0].filled.length : 0;
  const weighted = trees.length > 0 && trees[0].leafWeight.length > 0;
  // Values per node of the leaf statistics: 4 for two arms, (A + 1)² for A contrasts.
  const stride = trees.length > 0 ? trees[0].leafStats.length / trees[0].feature.length : 4;
  const p: PackedCausalTrees = {
    nodeStart,
    feature: new Int32Array(total),
    splitBin: new Uint8Array(total),
    threshold: new Float64Array(total),
    missingLeft: new Uint8Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    leafCount: new Uint32Array(total),
    leafStats: new Float64Array(total * stride),
    drawn: new Uint32Array(trees.length * drawnWords),
    filled: new Uint32Array(trees.length * filledWords),
    drawnWords,
    filledWords,
    leafWeight: new Float64Array(weighted ? total : 0),
  };
  trees.forEach((t, i) => {
    const o = nodeStart[i];
    p.feature.set(t.feature, o);
    p.splitBin.set(t.splitBin, o);
    p.threshold.set(t.threshold, o);
    p.missingLeft.set(t.missingLeft, o);
    p.left.set(t.left, o);
    p.right.set(t.right, o);
    p.leafCount.set(t.leafCount, o);
    if (t.leafStats.length !== t.feature.length * stride)
      throw new Error('Trees of different numbers of arms');
    p.leafStats.set(t.leafStats, o * stride);
    if (t.drawn.length !== drawnWords) throw new Error('Trees of different training sets');
    p.drawn.set(t.drawn, i * drawnWords);
    if (t.filled.length !== filledWords) throw new Error('Trees grown with and without keepFilled');
    p.filled.set(t.filled, i * filledWords);
    if (t.leafWeight.length > 0 !== weighted)
      throw new Error('Trees grown with and without sample weights');
    if (weighted) p.leafWeight.set(t.leafWeight, o);
  });
  return p;
}

/** The trees of a pack, as views into its arrays (no copy). */
export function unpackCausalTrees(p: PackedCausalTrees): CausalTree[] {
  const trees: CausalTree[] = [];
  const total = p.nodeStart[p.nodeStart.length - 1];
  const stride = total > 0 ? p.leafStats.length / total : 4;
  for (let i = 0; i + 1 < p.nodeStart.length; i++) {
    const a = p.nodeStart[i];
    const b = p.nodeStart[i + 1];
    trees.push({
      feature: p.feature.subarray(a, b),
      splitBin: p.splitBin.subarray(a, b),
      threshold: p.threshold.subarray(a, b),
      missingLeft: p.missingLeft.subarray(a, b),
      left: p.left.subarray(a, b),
      right: p.right.subarray(a, b),
      leafCount: p.leafCount.subarray(a, b),
      leafStats: p.leafStats.subarray(a * stride, b * stride),
      drawn: p.drawn.subarray(i * p.drawnWords, (i + 1) * p.drawnWords),
      filled: p.filled.subarray(i * p.filledWords, (i + 1) * p.filledWords),
      leafWeight: p.leafWeight.length > 0 ? p.leafWeight.subarray(a, b) : p.leafWeight,
    });
  }
  return trees;
}

/** Bags grown between two progress reports. */
const PROGRESS_BAGS = 25;

/** Per-patient effects with their variance (NaN where no tree or no bag could estimate it). */
export interface CausalPredictions {
  effect: Float64Array;
  variance: Float64Array;
}

/** Out-of-bag effects of the training rows: each row uses only trees that never drew it. */
export function predictCausalOob(forest: CausalForest, binned: BinnedData): CausalPredictions {
  if (binned.nRows !== forest.nRows) throw new Error('Binned data is not the training data');
  return predictWith(forest, binned.nRows, (tree, r) =>
    (tree.drawn[r >>> 5] >>> (r & 31)) & 1 ? -1 : leafOfBinnedRow(tree, binned, r),
  );
}

/**
 * Effects of new patients, X column-major nRows × nFeatures (raw values, encoded as for training); without
 * `withVariance` the variances are left NaN (a ranking needs the effects only, and the little bags cost as much).
 */
export function predictCausal(
  forest: CausalForest,
  X: ArrayLike<number>,
  nRows: number,
  withVariance = true,
): CausalPredictions {
  const p = forest.nFeatures;
  if (X.length !== nRows * p) throw new Error(`X has ${X.length} values, expected ${nRows * p}`);
  return predictWith(
    forest,
    nRows,
    (tree, r) => leafOfRawRow(tree, forest.isCategorical, X, nRows, r),
    withVariance,
  );
}

/**
 * Predictions of a 'mean' forest: per row, the average over trees of the leaf mean of y (trees whose leaf is empty
 * skipped, as grf's regression prediction); `leafOf` returns −1 for a tree that may not be used (in bag).
 */
function predictMeanWith(
  forest: CausalForest,
  nRows: number,
  leafOf: (tree: CausalTree, r: number) => number,
): Float64Array {
  const out = new Float64Array(nRows);
  const sum = new Float64Array(nRows);
  const used = new Uint32Array(nRows);
  // With sample weights, grf's weighted mean: Σ over trees of the leaf mean of G·y over Σ of the leaf mean of G.
  const weightSum = forest.params.sampleWeights ? new Float64Array(nRows) : null;
  // Tree by tree: one tree's arrays stay in cache while every row is routed through it.
  for (const tree of forest.trees) {
    for (let r = 0; r < nRows; r++) {
      const leaf = leafOf(tree, r);
      if (leaf < 0 || tree.leafCount[leaf] === 0) continue;
      sum[r] += tree.leafStats[leaf * 4];
      if (weightSum) weightSum[r] += tree.leafWeight[leaf];
      used[r]++;
    }
  }
  for (let r = 0; r < nRows; r++)
    out[r] = used[r] > 0 ? sum[r] / (weightSum ? weightSum[r] : used[r]) : NaN;
  return out;
}

/** Out-of-bag means of a 'mean' forest's training rows (NaN where every tree drew the row). */
export function predictMeanOob(forest: CausalForest, binned: BinnedData): Float64Array {
  if (binned.nRows !== forest.nRows) throw new Error('Binned data is not the training data');
  return predictMeanWith(forest, binned.nRows, (tree, r) =>
    (tree.drawn[r >>> 5] >>> (r & 31)) & 1 ? -1 : leafOfBinnedRow(tree, binned, r),
  );
}

/** Means of a 'mean' forest for new rows, X column-major nRows × nFeatures (raw values). */
export function predictMean(
  forest: CausalForest,
  X: ArrayLike<number>,
  nRows: number,
): Float64Array {
  const p = forest.nFeatures;
  if (X.length !== nRows * p) throw new Error(`X has ${X.length} values, expected ${nRows * p}`);
  return predictMeanWith(forest, nRows, (tree, r) =>
    leafOfRawRow(tree, forest.isCategorical, X, nRows, r),
  );
}

function predictWith(
  forest: CausalForest,
  nRows: number,
  leafOf: (tree: CausalTree, r: number) => number,
  withVariance = true,
): CausalPredictions {
  const trees = forest.trees;
  const nt = trees.length;
  const leaves = new Int32Array(nt);
  const effect = new Float64Array(nRows);
  const variance = new Float64Array(nRows);
  // Leaves are found tree by tree for a block of rows (one tree's arrays stay in cache), then read row by row.
  const BLOCK = 128;
  const block = new Int32Array(nt * BLOCK);
  for (let r = 0; r < nRows; r++) {
    const k = r % BLOCK;
    if (k === 0) {
      const end = Math.min(nRows, r + BLOCK);
      for (let t = 0; t < nt; t++) {
        const tree = trees[t];
        for (let q = r; q < end; q++) {
          const leaf = leafOf(tree, q);
          block[t * BLOCK + q - r] = leaf >= 0 && tree.leafCount[leaf] === 0 ? -1 : leaf;
        }
      }
    }
    let ay = 0;
    let aw = 0;
    let ayw = 0;
    let aww = 0;
    // Σ over trees of the leaf's mean weight: used (so ⟨G⟩ = 1 exactly) without sample weights.
    let ag = 0;
    let used = 0;
    for (let t = 0; t < nt; t++) {
      const tree = trees[t];
      const leaf = block[t * BLOCK + k];
      leaves[t] = leaf;
      if (leaf < 0) continue;
      const s = tree.leafStats;
      ay += s[leaf * 4];
      aw += s[leaf * 4 + 1];
      ayw += s[leaf * 4 + 2];
      aww += s[leaf * 4 + 3];
      ag += tree.leafWeight.length > 0 ? tree.leafWeight[leaf] : 1;
      used++;
    }
    if (used === 0) {
      effect[r] = NaN;
      variance[r] = NaN;
      continue;
    }
    ay /= used;
    aw /= used;
    ayw /= used;
    aww /= used;
    ag /= used;
    // grf's weighted moment equations; ag is 1 without weights, and multiplying or dividing by 1 is exact.
    const den = aww * ag - aw * aw;
    const tau = (ayw * ag - ay * aw) / den;
    effect[r] = tau;
    if (!withVariance) {
      variance[r] = NaN;
      continue;
    }
    const mu = (ay - aw * tau) / ag;
    // Bootstrap of little bags on each tree's delta-method pseudo-outcome.
    let good = 0;
    let sq = 0;
    let groupSq = 0;
    for (let g = 0; g + CI_GROUP_SIZE <= nt; g += CI_GROUP_SIZE) {
      let ok = true;
      for (let j = 0; j < CI_GROUP_SIZE; j++) if (leaves[g + j] < 0) ok = false;
      if (!ok) continue;
      good++;
      let groupRho = 0;
      for (let j = 0; j < CI_GROUP_SIZE; j++) {
        const s = trees[g + j].leafStats;
        const lw = trees[g + j].leafWeight;
        const o = leaves[g + j] * 4;
        const psi1 = s[o + 2] - s[o + 3] * tau - s[o + 1] * mu;
        const psi2 = s[o] - s[o + 1] * tau - (lw.length > 0 ? lw[leaves[g + j]] : 1) * mu;
        const rho = (ag * psi1 - aw * psi2) / den;
        sq += rho * rho;
        groupRho += rho;
      }
      groupRho /= CI_GROUP_SIZE;
      groupSq += groupRho * groupRho;
    }
    if (good < 2 || !Number.isFinite(tau)) {
      variance[r] = NaN;
      continue;
    }
    const between = groupSq / good;
    const total = sq / (good * CI_GROUP_SIZE);
    const groupNoise = (total - between) / (CI_GROUP_SIZE - 1);
    variance[r] = objectiveBayesDebias(between, groupNoise, good);
  }
  return { effect, variance };
}

/**
 * Between-bag variance minus its Monte Carlo noise, with a flat prior on [0, ∞) for the true value so the
 * estimate never goes negative (grf's objective-Bayes correction; a no-op when the signal is clear).
 */
export function objectiveBayesDebias(between: number, noise: number, groups: number): number {
  const initial = between - noise;
  const se = Math.max(between, noise) * Math.sqrt(2 / groups);
  if (Math.abs(se) <= 1e-10) return 0;
  const ratio = initial / se;
  const numerator = Math.exp((-ratio * ratio) / 2) / Math.sqrt(2 * Math.PI);
  // P(Z > -ratio), the mass of the truncated prior.
  const denominator = normalSf(-ratio);
  return initial + (se * numerator) / denominator;
}

/** Values per node of a tree's leaf statistics with `arms` contrasts: y, w (A), y·w (A), w·wᵀ (A²): 4 for two arms. */
export function leafStride(arms: number): number {
  return (arms + 1) * (arms + 1);
}

/**
 * Invert the k × k matrix m (row-major) into out by Gauss–Jordan with partial pivoting; returns its determinant, 0
 * when a pivot vanishes (out is then unusable). m is overwritten.
 */
export function invertSmall(m: Float64Array, k: number, out: Float64Array): number {
  out.fill(0);
  for (let i = 0; i < k; i++) out[i * k + i] = 1;
  let det = 1;
  for (let c = 0; c < k; c++) {
    let piv = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r * k + c]) > Math.abs(m[piv * k + c])) piv = r;
    const pv = m[piv * k + c];
    if (pv === 0 || !Number.isFinite(pv)) return 0;
    if (piv !== c) {
      det = -det;
      for (let j = 0; j < k; j++) {
        let t = m[c * k + j];
        m[c * k + j] = m[piv * k + j];
        m[piv * k + j] = t;
        t = out[c * k + j];
        out[c * k + j] = out[piv * k + j];
        out[piv * k + j] = t;
      }
    }
    det *= pv;
    for (let j = 0; j < k; j++) {
      m[c * k + j] /= pv;
      out[c * k + j] /= pv;
    }
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = m[r * k + c];
      if (f === 0) continue;
      for (let j = 0; j < k; j++) {
        m[r * k + j] -= f * m[c * k + j];
        out[r * k + j] -= f * out[c * k + j];
      }
    }
  }
  return det;
}

/**
 * grf's multi-arm causal trees (MultiCausalRelabelingStrategy, MultiCausalSplittingRule): w holds A contrasts per
 * patient. A node's effects β = (Σ w̃w̃ᵀ)⁻¹ Σ w̃ỹ (centred in the node; no split when that matrix's determinant is
 * within 1e-10 of 0) give each patient the vector pseudo-outcome ρ = (Σ w̃w̃ᵀ)⁻¹ w̃ (ỹ − w̃ᵀβ); a split maximises
 * Σ_k (Σ_left ρ_k)²/n_left + (Σ_right ρ_k)²/n_right, so one tree serves every arm, under the two-arm rule's
 * stabilising constraints applied to each contrast. Leaves hold the means of y, w, y·w and w·wᵀ (leafStride).
 */
class MultiArmGrower extends CausalGrower {
  private readonly rhoV: Float64Array;
  private readonly zV: Float64Array;
  private readonly smallV: Uint8Array;
  private readonly hC = new Float64Array(256);
  private readonly hR: Float64Array;
  private readonly hZv: Float64Array;
  private readonly hZ2v: Float64Array;
  private readonly hS: Float64Array;
  private readonly bins = new Uint8Array(256);
  private readonly scratch: Float64Array[];

  constructor(
    binned: BinnedData,
    y: Float64Array,
    w: Float64Array,
    params: CausalForestParams,
    private readonly A: number,
  ) {
    super(binned, y, w, params);
    const n = binned.nRows;
    this.rhoV = new Float64Array(n * A);
    this.zV = new Float64Array(n * A);
    this.smallV = new Uint8Array(n * A);
    this.hR = new Float64Array(256 * A);
    this.hZv = new Float64Array(256 * A);
    this.hZ2v = new Float64Array(256 * A);
    this.hS = new Float64Array(256 * A);
    // mw, wy, beta, sumRho, numSmall, sumZ, sumZ2, minChild, rl, zl, z2l, sl (A each); ww, inv (A² each).
    this.scratch = Array.from({ length: 14 }, (_, i) => new Float64Array(i < 12 ? A : A * A));
  }

  protected override bestSplit(
    rng: Rng,
    start: number,
    end: number,
  ): { f: number; bin: number; missLeft: boolean } | null {
    const { y, w, rows, binned, params, A, rhoV, zV, smallV } = this;
    const n = end - start;
    if (n <= params.minNodeSize) return null;
    const [mw, wy, beta, sumRho, numSmall, sumZ, sumZ2, minChild, rl, zl, z2l, sl, ww, inv] =
      this.scratch;
    let my = 0;
    mw.fill(0);
    for (let i = start; i < end; i++) {
      const r = rows[i];
      my += y[r];
      for (let k = 0; k < A; k++) mw[k] += w[r * A + k];
    }
    my /= n;
    for (let k = 0; k < A; k++) mw[k] /= n;
    ww.fill(0);
    wy.fill(0);
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const dy = y[r] - my;
      for (let a = 0; a < A; a++) {
        const da = w[r * A + a] - mw[a];
        wy[a] += da * dy;
        for (let b = 0; b < A; b++) ww[a * A + b] += da * (w[r * A + b] - mw[b]);
      }
    }
    for (let k = 0; k < A; k++) minChild[k] = ww[k * A + k] * params.alpha;
    if (Math.abs(invertSmall(ww, A, inv)) <= 1e-10) return null;
    for (let a = 0; a < A; a++) {
      beta[a] = 0;
      for (let b = 0; b < A; b++) beta[a] += inv[a * A + b] * wy[b];
    }
    sumRho.fill(0);
    numSmall.fill(0);
    sumZ.fill(0);
    sumZ2.fill(0);
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const j = (i - start) * A;
      let resid = y[r] - my;
      for (let b = 0; b < A; b++) resid -= (w[r * A + b] - mw[b]) * beta[b];
      for (let a = 0; a < A; a++) {
        let v = 0;
        for (let b = 0; b < A; b++) v += inv[a * A + b] * (w[r * A + b] - mw[b]);
        v *= resid;
        const z = w[r * A + a];
        rhoV[j + a] = v;
        zV[j + a] = z;
        smallV[j + a] = z < mw[a] ? 1 : 0;
        sumRho[a] += v;
        numSmall[a] += smallV[j + a];
        sumZ[a] += z;
        sumZ2[a] += z * z;
      }
    }
    const p = binned.nFeatures;
    const kf = Math.max(Math.min(poisson(rng, this.mtry), p), 1);
    const feats = this.features;
    for (let f = 0; f < p; f++) feats[f] = f;
    drawWithoutReplacement(rng, feats, p, kf);
    const minSize = params.minNodeSize;
    for (let a = 0; a < A; a++)
      if (numSmall[a] < 2 * minSize || n - numSmall[a] < 2 * minSize) return null;
    let best = 0;
    let bestF = -1;
    let bestBin = 0;
    let bestMissLeft = false;
    const { hC, hR, hZv, hZ2v, hS, bins: present } = this;
    for (let fi = 0; fi < kf; fi++) {
      const f = feats[fi];
      const nb = binned.nBins[f];
      if (nb < 2) continue;
      const off = f * binned.nRows;
      let nPresent = 0;
      for (let i = start; i < end; i++) {
        const b = binned.bins[off + rows[i]];
        const j = (i - start) * A;
        if (hC[b] === 0 && b !== MISSING_BIN) present[nPresent++] = b;
        hC[b]++;
        for (let a = 0; a < A; a++) {
          hR[b * A + a] += rhoV[j + a];
          hZv[b * A + a] += zV[j + a];
          hZ2v[b * A + a] += zV[j + a] * zV[j + a];
          hS[b * A + a] += smallV[j + a];
        }
      }
      const bins = present.subarray(0, nPresent);
      orderBins(bins, hC, nb);
      const nMiss = hC[MISSING_BIN];
      for (let pass = 0; pass < (nMiss > 0 ? 2 : 1); pass++) {
        const missLeft = pass === 0;
        let cl = missLeft ? nMiss : 0;
        for (let a = 0; a < A; a++) {
          const m = MISSING_BIN * A + a;
          rl[a] = missLeft ? hR[m] : 0;
          zl[a] = missLeft ? hZv[m] : 0;
          z2l[a] = missLeft ? hZ2v[m] : 0;
          sl[a] = missLeft ? hS[m] : 0;
        }
        for (let j = 0; j < nPresent - 1; j++) {
          const b = bins[j];
          cl += hC[b];
          for (let a = 0; a < A; a++) {
            rl[a] += hR[b * A + a];
            zl[a] += hZv[b * A + a];
            z2l[a] += hZ2v[b * A + a];
            sl[a] += hS[b * A + a];
          }
          const cr = n - cl;
          let ok = true;
          let gain = 0;
          for (let a = 0; a < A && ok; a++) {
            const sr = numSmall[a] - sl[a];
            if (sl[a] < minSize || cl - sl[a] < minSize || sr < minSize || cr - sr < minSize)
              ok = false;
            else if (z2l[a] - (zl[a] * zl[a]) / cl < minChild[a]) ok = false;
            else {
              const zr = sumZ[a] - zl[a];
              if (sumZ2[a] - z2l[a] - (zr * zr) / cr < minChild[a]) ok = false;
              const rr = sumRho[a] - rl[a];
              gain += (rl[a] * rl[a]) / cl + (rr * rr) / cr;
            }
          }
          if (ok && gain > best) {
            best = gain;
            bestF = f;
            bestBin = b;
            bestMissLeft = missLeft;
          }
        }
      }
      for (let j = 0; j < nPresent; j++) this.clearMultiBin(bins[j]);
      this.clearMultiBin(MISSING_BIN);
    }
    return bestF < 0 ? null : { f: bestF, bin: bestBin, missLeft: bestMissLeft };
  }

  private clearMultiBin(b: number): void {
    this.hC[b] = 0;
    for (let a = 0; a < this.A; a++) {
      this.hR[b * this.A + a] = 0;
      this.hZv[b * this.A + a] = 0;
      this.hZ2v[b * this.A + a] = 0;
      this.hS[b * this.A + a] = 0;
    }
  }

  protected override fillLeaves(tree: CausalTree, fillRows: Int32Array): void {
    const { binned, y, w, A } = this;
    const S = leafStride(A);
    const nNodes = tree.feature.length;
    const sums = new Float64Array(nNodes * S);
    const count = new Float64Array(nNodes);
    for (const r of fillRows) {
      const o = leafOfBinnedRow(tree, binned, r) * S;
      count[o / S]++;
      sums[o] += y[r];
      for (let a = 0; a < A; a++) {
        const wa = w[r * A + a];
        sums[o + 1 + a] += wa;
        sums[o + 1 + A + a] += y[r] * wa;
        for (let b = 0; b < A; b++) sums[o + 1 + 2 * A + a * A + b] += wa * w[r * A + b];
      }
    }
    pruneEmptySides(tree, count, sums, S);
    for (let i = 0; i < nNodes; i++) {
      if (tree.left[i] !== -1 || count[i] === 0) continue;
      tree.leafCount[i] = count[i];
      for (let k = 0; k < S; k++) tree.leafStats[i * S + k] = sums[i * S + k] / count[i];
    }
  }
}

/** Per-patient effects of a multi-arm forest: A contrasts per patient, one patient after another. */
export interface MultiArmPredictions {
  arms: number;
  /** effect[r·A + k]: patient r's effect of arm k + 1 vs the comparison arm (NaN where none could be estimated). */
  effect: Float64Array;
  variance: Float64Array;
}

/** Out-of-bag effects of a multi-arm forest's training rows: each row uses only trees that never drew it. */
export function predictMultiArmOob(forest: CausalForest, binned: BinnedData): MultiArmPredictions {
  if (binned.nRows !== forest.nRows) throw new Error('Binned data is not the training data');
  return predictMultiArmWith(forest, binned.nRows, (tree, r) =>
    (tree.drawn[r >>> 5] >>> (r & 31)) & 1 ? -1 : leafOfBinnedRow(tree, binned, r),
  );
}

/** Effects of new patients from a multi-arm forest, X column-major nRows × nFeatures (raw values). */
export function predictMultiArm(
  forest: CausalForest,
  X: ArrayLike<number>,
  nRows: number,
): MultiArmPredictions {
  const p = forest.nFeatures;
  if (X.length !== nRows * p) throw new Error(`X has ${X.length} values, expected ${nRows * p}`);
  return predictMultiArmWith(forest, nRows, (tree, r) =>
    leafOfRawRow(tree, forest.isCategorical, X, nRows, r),
  );
}

/**
 * grf's MultiCausalPredictionStrategy: the forest-averaged leaf means give θ = (⟨wwᵀ⟩ − ⟨w⟩⟨w⟩ᵀ)⁻¹(⟨yw⟩ − ⟨y⟩⟨w⟩);
 * its variance per arm from the little bags of the delta-method pseudo-outcomes ρ = J⁻¹ψ of each tree's leaf, as the
 * two-arm forest (which is this with A = 1), debiased the same way.
 */
function predictMultiArmWith(
  forest: CausalForest,
  nRows: number,
  leafOf: (tree: CausalTree, r: number) => number,
): MultiArmPredictions {
  const A = forest.params.arms ?? 1;
  const S = leafStride(A);
  const trees = forest.trees;
  const nt = trees.length;
  const leaves = new Int32Array(nt);
  const effect = new Float64Array(nRows * A);
  const variance = new Float64Array(nRows * A);
  const avg = new Float64Array(S);
  const m = new Float64Array(A * A);
  const inv = new Float64Array(A * A);
  const theta = new Float64Array(A);
  const psi = new Float64Array(A);
  const rho = new Float64Array(A);
  const groupRho = new Float64Array(A);
  const sq = new Float64Array(A);
  const groupSq = new Float64Array(A);
  for (let r = 0; r < nRows; r++) {
    avg.fill(0);
    let used = 0;
    for (let t = 0; t < nt; t++) {
      const tree = trees[t];
      let leaf = leafOf(tree, r);
      if (leaf >= 0 && tree.leafCount[leaf] === 0) leaf = -1;
      leaves[t] = leaf;
      if (leaf < 0) continue;
      for (let k = 0; k < S; k++) avg[k] += tree.leafStats[leaf * S + k];
      used++;
    }
    const out = r * A;
    if (used === 0) {
      effect.fill(NaN, out, out + A);
      variance.fill(NaN, out, out + A);
      continue;
    }
    for (let k = 0; k < S; k++) avg[k] /= used;
    const ay = avg[0];
    for (let a = 0; a < A; a++)
      for (let b = 0; b < A; b++)
        m[a * A + b] = avg[1 + 2 * A + a * A + b] - avg[1 + a] * avg[1 + b];
    if (invertSmall(m, A, inv) === 0) {
      effect.fill(NaN, out, out + A);
      variance.fill(NaN, out, out + A);
      continue;
    }
    let mu = ay;
    for (let a = 0; a < A; a++) {
      theta[a] = 0;
      for (let b = 0; b < A; b++) theta[a] += inv[a * A + b] * (avg[1 + A + b] - ay * avg[1 + b]);
      effect[out + a] = theta[a];
    }
    for (let a = 0; a < A; a++) mu -= avg[1 + a] * theta[a];
    sq.fill(0);
    groupSq.fill(0);
    let good = 0;
    for (let g = 0; g + CI_GROUP_SIZE <= nt; g += CI_GROUP_SIZE) {
      let ok = true;
      for (let j = 0; j < CI_GROUP_SIZE; j++) if (leaves[g + j] < 0) ok = false;
      if (!ok) continue;
      good++;
      groupRho.fill(0);
      for (let j = 0; j < CI_GROUP_SIZE; j++) {
        const s = trees[g + j].leafStats;
        const o = leaves[g + j] * S;
        let psi2 = s[o] - mu;
        for (let b = 0; b < A; b++) psi2 -= s[o + 1 + b] * theta[b];
        for (let a = 0; a < A; a++) {
          let v = s[o + 1 + A + a] - s[o + 1 + a] * mu;
          for (let b = 0; b < A; b++) v -= s[o + 1 + 2 * A + a * A + b] * theta[b];
          psi[a] = v - avg[1 + a] * psi2;
        }
        for (let a = 0; a < A; a++) {
          rho[a] = 0;
          for (let b = 0; b < A; b++) rho[a] += inv[a * A + b] * psi[b];
          sq[a] += rho[a] * rho[a];
          groupRho[a] += rho[a];
        }
      }
      for (let a = 0; a < A; a++) {
        const gr = groupRho[a] / CI_GROUP_SIZE;
        groupSq[a] += gr * gr;
      }
    }
    for (let a = 0; a < A; a++) {
      if (good < 2 || !Number.isFinite(theta[a])) {
        variance[out + a] = NaN;
        continue;
      }
      const between = groupSq[a] / good;
      const total = sq[a] / (good * CI_GROUP_SIZE);
      variance[out + a] = objectiveBayesDebias(
        between,
        (total - between) / (CI_GROUP_SIZE - 1),
        good,
      );
    }
  }
  return { arms: A, effect, variance };
}
