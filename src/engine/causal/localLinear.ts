/**
 * Local linear correction of the causal forest (Friedberg, Tibshirani, Athey & Wager 2020, "Local Linear Forests",
 * section on causal forests), written from the paper: at a target x the forest weights α_i(x) (each used tree gives
 * 1/(trees used × leaf size) to every patient filling the target's leaf) define a weighted ridge regression of the
 * residual outcome y_i on z_i = (1, d_i, w_i, w_i·d_i), d_i = X_i − x over a few correction columns; the effect is
 * the coefficient of w_i. With no correction columns it is exactly the forest's own estimate
 * (⟨yw⟩ − ⟨y⟩⟨w⟩)/(⟨ww⟩ − ⟨w⟩²). The slopes in d let the estimate follow a trend of the effect across the target's
 * neighbourhood instead of averaging it flat — the shrinkage toward the average effect that leaves the largest and
 * smallest effects outside their intervals.
 *
 * Ridge penalty as grf's: λ · trace(M)/dim added to every diagonal entry of M = Σ α z zᵀ except the intercept's and
 * the treatment's. Variance: the same little bags as the forest's, on each tree's mean over its leaf of the influence
 * terms ζᵀz_i · (y_i − z_iᵀθ), ζ = M⁻¹e_w — for no correction columns these are the forest's own per-tree
 * pseudo-outcomes, so the two variances agree there too.
 *
 * Sample weights (a forest grown with sampleWeights, e.g. censoring weights): the regression weights are the forest
 * weights times the sample weights, α_i(x)·G_i, the weights the weighted forest's own estimate solves its moment
 * equations with, so with no correction columns the correction is again exactly the weighted forest's estimate and
 * variance. (grf refuses local linear prediction of a forest fitted with sample.weights; this is the same estimator
 * carried over.)
 *
 * Several arms (a multi-arm forest, multiArm.ts, A = K − 1 contrasts per patient): z = (1, d, w_1..w_A, w_1·d, …,
 * w_A·d), every arm's effect the coefficient of its w_a, none of the w_a shrunk; each arm's variance from its own
 * influence terms ζ_a = M⁻¹e_{w_a}. With no correction columns that is the multi-arm forest's own
 * (⟨wwᵀ⟩ − ⟨w⟩⟨w⟩ᵀ)⁻¹(⟨yw⟩ − ⟨y⟩⟨w⟩) and its pseudo-outcomes J⁻¹ψ. A = 1 is the two-arm design above, term for term.
 */
import type { BinnedData } from '../forest/types.ts';
import {
  CI_GROUP_SIZE,
  leafOfBinnedRow,
  leafOfRawRow,
  objectiveBayesDebias,
  type CausalForest,
  type CausalPredictions,
  type CausalTree,
} from './causalForest.ts';
import { armEffectImportance, effectImportance } from './importance.ts';

/** Settings of the correction. */
export interface LocalLinearSettings {
  /** Correction columns (indices); their training values, one Float64Array per column, in `columns`. */
  variables: number[];
  columns: Float64Array[];
  /** Ridge penalty, relative to the mean diagonal of the weighted design. */
  lambda: number;
}

/** grf's default ridge penalty of local linear forests. */
export const DEFAULT_LL_LAMBDA = 0.1;

/**
 * Result of one weighted ridge fit: coefficients θ and, arm after arm, ζ_a = M⁻¹ e_{w_a} (for the influence terms;
 * dim numbers each).
 */
export interface LocalFit {
  theta: Float64Array;
  zeta: Float64Array;
}

/** Position of arm a's treatment coefficient in z = (1, d_1..d_k, w_1..w_A, w_1·d, …, w_A·d). */
export function treatmentIndex(k: number, a = 0): number {
  return k + 1 + a;
}

/** Entries of z for k correction columns and A contrasts: (k + 1)(A + 1). */
function designSize(k: number, A: number): number {
  return (k + 1) * (A + 1);
}

/** The design row z of a patient: (1, d, w, w·d) into `out`, w its A contrasts at w[o..o + A). */
function designRow(
  d: ArrayLike<number>,
  w: ArrayLike<number>,
  o: number,
  A: number,
  out: Float64Array,
): void {
  const k = d.length;
  out[0] = 1;
  for (let j = 0; j < k; j++) out[j + 1] = d[j];
  for (let a = 0; a < A; a++) {
    const wa = w[o + a];
    out[k + 1 + a] = wa;
    const base = k + 1 + A + a * k;
    for (let j = 0; j < k; j++) out[base + j] = wa * d[j];
  }
}

/**
 * Solve the symmetric positive definite system A x = b (A row-major, dim × dim) by Cholesky; null when A is not
 * numerically positive definite (a neighbourhood without treatment variation).
 */
function solveSpd(A: Float64Array, b: Float64Array, dim: number): Float64Array | null {
  const L = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * dim + j];
      for (let k = 0; k < j; k++) s -= L[i * dim + k] * L[j * dim + k];
      if (i === j) {
        // Relative to the entry: a pivot lost to rounding is singular, not tiny.
        if (!(s > 1e-12 * Math.max(1, Math.abs(A[i * dim + i])))) return null;
        L[i * dim + i] = Math.sqrt(s);
      } else L[i * dim + j] = s / L[j * dim + j];
    }
  }
  const x = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * dim + k] * x[k];
    x[i] = s / L[i * dim + i];
  }
  for (let i = dim - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < dim; k++) s -= L[k * dim + i] * x[k];
    x[i] = s / L[i * dim + i];
  }
  return x;
}

/**
 * Weighted ridge regression of y on z = (1, d, w, w·d): rows i with weight alpha[i], d[i] the row's k offsets from
 * the target, w the rows' `arms` contrasts one row after another (one per row for two arms). Returns null when the
 * weighted design is singular.
 */
export function localLinearFit(
  alpha: ArrayLike<number>,
  d: ArrayLike<number>[],
  w: ArrayLike<number>,
  y: ArrayLike<number>,
  lambda: number,
  arms = 1,
): LocalFit | null {
  const k = d.length > 0 ? d[0].length : 0;
  const dim = designSize(k, arms);
  const M = new Float64Array(dim * dim);
  const b = new Float64Array(dim);
  const z = new Float64Array(dim);
  for (let i = 0; i < alpha.length; i++) {
    const a = alpha[i];
    if (a === 0) continue;
    designRow(d[i], w, i * arms, arms, z);
    accumulate(M, b, z, a, y[i], dim);
  }
  return solveRidge(M, b, k, arms, lambda);
}

function accumulate(
  M: Float64Array,
  b: Float64Array,
  z: Float64Array,
  a: number,
  y: number,
  dim: number,
): void {
  for (let p = 0; p < dim; p++) {
    const az = a * z[p];
    b[p] += az * y;
    for (let q = 0; q <= p; q++) M[p * dim + q] += az * z[q];
  }
}

/** Complete the lower triangle, add the ridge and solve for θ and every arm's ζ. */
function solveRidge(
  M: Float64Array,
  b: Float64Array,
  k: number,
  A: number,
  lambda: number,
): LocalFit | null {
  const dim = designSize(k, A);
  for (let p = 0; p < dim; p++) for (let q = 0; q < p; q++) M[q * dim + p] = M[p * dim + q];
  let trace = 0;
  for (let p = 0; p < dim; p++) trace += M[p * dim + p];
  const t = treatmentIndex(k);
  // Slopes only: the intercept and the effects themselves are not shrunk.
  for (let p = 1; p < dim; p++) if (p < t || p >= t + A) M[p * dim + p] += (lambda * trace) / dim;
  const theta = solveSpd(M, b, dim);
  if (!theta) return null;
  const zeta = new Float64Array(dim * A);
  for (let a = 0; a < A; a++) {
    const e = new Float64Array(dim);
    e[t + a] = 1;
    const za = solveSpd(M, e, dim);
    if (!za) return null;
    zeta.set(za, a * dim);
  }
  return { theta, zeta };
}

/**
 * The k numeric columns the effect forest splits on most (grf's split-frequency importance), among those with a value
 * for every training patient; fewer when fewer columns were ever split on.
 */
export function correctionVariables(
  forest: CausalForest,
  X: ArrayLike<number>,
  nRows: number,
  k: number,
  importance: Float64Array = effectImportance(forest),
): number[] {
  const candidates: number[] = [];
  for (let f = 0; f < forest.nFeatures; f++) {
    if (forest.isCategorical[f] || !(importance[f] > 0)) continue;
    let complete = true;
    for (let r = 0; r < nRows && complete; r++)
      if (X[f * nRows + r] !== X[f * nRows + r]) complete = false;
    if (complete) candidates.push(f);
  }
  candidates.sort((a, b) => importance[b] - importance[a] || a - b);
  return candidates.slice(0, k);
}

/**
 * Per arm of a multi-arm forest, its `count` best numeric columns (complete, as correctionVariables) by how far the
 * forest's splits on them separate that arm's effect (armEffectImportance): the candidates of its correction columns.
 */
export function armCorrectionCandidates(
  forest: CausalForest,
  X: ArrayLike<number>,
  nRows: number,
  count: number,
): number[][] {
  return armEffectImportance(forest).map((importance) =>
    correctionVariables(forest, X, nRows, count, importance),
  );
}

/** The training values of the chosen columns, as float64. */
export function correctionColumns(
  X: ArrayLike<number>,
  nRows: number,
  variables: number[],
): Float64Array[] {
  return variables.map((f) => {
    const col = new Float64Array(nRows);
    for (let r = 0; r < nRows; r++) col[r] = X[f * nRows + r];
    return col;
  });
}

/**
 * Every leaf's mean over its leaf-filling rows of ẑ ẑᵀ (packed lower triangle) and of ẑ·y, where
 * ẑ = (1, c − μ, w, w·(c − μ)) on the correction columns c centred by their cohort means μ: a target's design rows are
 * ẑ moved by its offset (shiftMap), so its weighted design and each tree's influence mean are a few products with
 * these instead of a pass over every leaf member (the same sums in another order).
 */
interface LeafMoments {
  /** Per tree, the slot of each of its nodes in `mean` (−1 for inner nodes). */
  slot: Int32Array[];
  /** Per slot, `stride` numbers: the packed lower triangle of mean ẑẑᵀ, then mean ẑ·y. */
  mean: Float64Array;
  stride: number;
}

/** Entries of a packed lower triangle of dim × dim. */
function packedSize(dim: number): number {
  return (dim * (dim + 1)) / 2;
}

function leafMomentsOf(
  trees: CausalTree[],
  binned: BinnedData,
  centred: Float64Array[],
  wRes: Float64Array,
  yRes: Float64Array,
  sampleWeights: Float64Array | null,
  A: number,
): LeafMoments {
  const k = centred.length;
  const dim = designSize(k, A);
  const tri = packedSize(dim);
  const stride = tri + dim;
  let leaves = 0;
  const slot = trees.map((tree) => {
    const nodes = new Int32Array(tree.left.length).fill(-1);
    for (let v = 0; v < nodes.length; v++) if (tree.left[v] === -1) nodes[v] = leaves++;
    return nodes;
  });
  const mean = new Float64Array(leaves * stride);
  const count = new Float64Array(leaves);
  const d = new Float64Array(k);
  const z = new Float64Array(dim);
  const n = binned.nRows;
  trees.forEach((tree, t) => {
    for (let r = 0; r < n; r++) {
      if (((tree.filled[r >>> 5] >>> (r & 31)) & 1) === 0) continue;
      const s = slot[t][leafOfBinnedRow(tree, binned, r)];
      count[s]++;
      for (let j = 0; j < k; j++) d[j] = centred[j][r];
      designRow(d, wRes, r * A, A, z);
      // A row's sample weight scales its terms (1·x is x: unweighted sums are unchanged to the bit).
      const g = sampleWeights ? sampleWeights[r] : 1;
      const o = s * stride;
      let e = 0;
      for (let p = 0; p < dim; p++) {
        const gz = g * z[p];
        for (let q = 0; q <= p; q++) mean[o + e++] += gz * z[q];
        mean[o + tri + p] += gz * yRes[r];
      }
    }
  });
  for (let s = 0; s < leaves; s++)
    for (let e = 0; e < stride; e++) mean[s * stride + e] /= count[s];
  return { slot, mean, stride };
}

/**
 * The rows of the map S with z = S ẑ for a target kr columns used (kr = k: offsets from the target's centred values
 * x0; kr = 0: only (1, w)), as a dense (kr + 1)(A + 1) × (k + 1)(A + 1) matrix.
 */
function shiftMap(k: number, kr: number, x0: Float64Array, A: number): Float64Array {
  const dim = designSize(k, A);
  const rows = designSize(kr, A);
  const S = new Float64Array(rows * dim);
  S[0] = 1;
  for (let j = 0; j < kr; j++) {
    S[(j + 1) * dim + (j + 1)] = 1;
    S[(j + 1) * dim] = -x0[j];
  }
  for (let a = 0; a < A; a++) {
    S[(kr + 1 + a) * dim + (k + 1 + a)] = 1;
    for (let j = 0; j < kr; j++) {
      const row = kr + 1 + A + a * kr + j;
      S[row * dim + (k + 1 + A + a * k + j)] = 1;
      S[row * dim + (k + 1 + a)] = -x0[j];
    }
  }
  return S;
}

/**
 * Locally linear effects with little-bag variances: out of bag for the training rows (`target` 'oob') or for new
 * rows (raw X column-major, encoded as for training). yRes, wRes: the residuals the forest was grown on (wRes n × A
 * patient after patient for a multi-arm forest of A contrasts, and the effects and variances laid out the same way).
 * A target whose correction values are missing, or whose neighbourhood makes the local design singular, keeps no
 * correction columns (the forest's own estimate).
 */
export function predictLocalLinear(
  forest: CausalForest,
  binned: BinnedData,
  yRes: Float64Array,
  wRes: Float64Array,
  settings: LocalLinearSettings,
  target: 'oob' | { X: ArrayLike<number>; nRows: number },
): CausalPredictions {
  const trees = forest.trees;
  const nt = trees.length;
  if (trees.some((t) => t.filled.length === 0))
    throw new Error('The local linear correction needs a forest grown with keepFilled');
  const k = settings.variables.length;
  const A = forest.params.arms ?? 1;
  const dim = designSize(k, A);
  const tri = packedSize(dim);
  const stride = tri + dim;
  // Centred so that the shifted moments lose no digits to a column far from zero (an age, a dose).
  const centre = settings.columns.map((col) => col.reduce((s, v) => s + v, 0) / col.length);
  const centred = settings.columns.map((col, j) => col.map((v) => v - centre[j]));
  const { slot, mean } = leafMomentsOf(
    trees,
    binned,
    centred,
    wRes,
    yRes,
    forest.params.sampleWeights ?? null,
    A,
  );
  const oob = target === 'oob';
  const nTargets = oob ? binned.nRows : target.nRows;
  const effect = new Float64Array(nTargets * A);
  const variance = new Float64Array(nTargets * A);
  const offsets = new Int32Array(nt);
  const x0 = new Float64Array(k);
  const acc = new Float64Array(stride);
  const psi = new Float64Array(nt);
  const weights = new Float64Array(stride);
  // Leaves are found tree by tree for a block of targets (one tree's arrays stay in cache), as predictWith does.
  const BLOCK = 128;
  const block = new Int32Array(nt * BLOCK);
  for (let r = 0; r < nTargets; r++) {
    const inBlock = r % BLOCK;
    if (inBlock === 0) {
      const end = Math.min(nTargets, r + BLOCK);
      for (let t = 0; t < nt; t++) {
        const tree = trees[t];
        for (let q = r; q < end; q++) {
          const leaf = oob
            ? (tree.drawn[q >>> 5] >>> (q & 31)) & 1
              ? -1
              : leafOfBinnedRow(tree, binned, q)
            : leafOfRawRow(tree, forest.isCategorical, target.X, target.nRows, q);
          // Where the leaf's moments start, or −1 for a tree not used.
          block[t * BLOCK + q - r] =
            leaf < 0 || tree.leafCount[leaf] === 0 ? -1 : slot[t][leaf] * stride;
        }
      }
    }
    let used = 0;
    for (let t = 0; t < nt; t++) {
      const o = block[t * BLOCK + inBlock];
      offsets[t] = o;
      if (o >= 0) used++;
    }
    if (used === 0) {
      effect.fill(NaN, r * A, r * A + A);
      variance.fill(NaN, r * A, r * A + A);
      continue;
    }
    // The forest weights: each used tree's leaf means, 1/used each.
    acc.fill(0);
    for (let t = 0; t < nt; t++) {
      const o = offsets[t];
      if (o < 0) continue;
      for (let e = 0; e < stride; e++) acc[e] += mean[o + e];
    }
    for (let e = 0; e < stride; e++) acc[e] /= used;
    let kr = k;
    for (let j = 0; j < k; j++) {
      const v = oob ? settings.columns[j][r] : target.X[settings.variables[j] * target.nRows + r];
      x0[j] = v - centre[j];
      if (v !== v) kr = 0;
    }
    let fit = fitShifted(acc, k, kr, x0, A, settings.lambda);
    if (!fit && kr > 0) {
      kr = 0;
      fit = fitShifted(acc, k, 0, x0, A, settings.lambda);
    }
    if (!fit) {
      effect.fill(NaN, r * A, r * A + A);
      variance.fill(NaN, r * A, r * A + A);
      continue;
    }
    const { u: uAll, v } = fit;
    for (let a = 0; a < A; a++) {
      effect[r * A + a] = fit.theta[treatmentIndex(kr, a)];
      // Each tree's mean influence term ζᵀ(b − Mθ) over its leaf is linear in the leaf's moments: weights·moments.
      const u = uAll.subarray(a * dim, (a + 1) * dim);
      let e = 0;
      for (let p = 0; p < dim; p++) {
        for (let q = 0; q < p; q++) weights[e++] = -(u[p] * v[q] + u[q] * v[p]);
        weights[e++] = -u[p] * v[p];
      }
      for (let p = 0; p < dim; p++) weights[tri + p] = u[p];
      for (let t = 0; t < nt; t++) {
        const o = offsets[t];
        if (o < 0) continue;
        let s = 0;
        for (let q = 0; q < stride; q++) s += weights[q] * mean[o + q];
        psi[t] = s;
      }
      variance[r * A + a] = bagVariance(offsets, psi);
    }
  }
  return { effect, variance };
}

/**
 * Each arm's locally linear effects on its own correction columns (`perArm[a]`, one settings per contrast): arm a's
 * effect and variance are those of the regression on z = (1, d_a, w_1..w_A, w_1·d_a, …, w_A·d_a), d_a the offsets in
 * arm a's columns — every arm's contrast stays in each regression, so each arm's effect is still adjusted for the
 * others. Arms sharing their columns share one pass.
 */
export function predictArmsLocalLinear(
  forest: CausalForest,
  binned: BinnedData,
  yRes: Float64Array,
  wRes: Float64Array,
  perArm: LocalLinearSettings[],
  target: 'oob' | { X: ArrayLike<number>; nRows: number },
): CausalPredictions {
  const A = forest.params.arms ?? 1;
  if (perArm.length !== A)
    throw new Error(`${perArm.length} correction settings for a forest of ${A} contrasts`);
  const nTargets = target === 'oob' ? binned.nRows : target.nRows;
  const effect = new Float64Array(nTargets * A);
  const variance = new Float64Array(nTargets * A);
  const done = new Map<string, CausalPredictions>();
  perArm.forEach((settings, a) => {
    const key = `${settings.variables.join(',')}|${settings.lambda}`;
    let pred = done.get(key);
    if (!pred) {
      pred = predictLocalLinear(forest, binned, yRes, wRes, settings, target);
      done.set(key, pred);
    }
    for (let r = 0; r < nTargets; r++) {
      effect[r * A + a] = pred.effect[r * A + a];
      variance[r * A + a] = pred.variance[r * A + a];
    }
  });
  return { effect, variance };
}

/**
 * The ridge fit at a target from the forest-weighted moments `acc` of ẑ: θ and every arm's ζ in the target's
 * coordinates, and u = Sᵀζ (arm after arm), v = Sᵀθ that carry them back to ẑ's.
 */
function fitShifted(
  acc: Float64Array,
  k: number,
  kr: number,
  x0: Float64Array,
  arms: number,
  lambda: number,
): (LocalFit & { u: Float64Array; v: Float64Array }) | null {
  const dim = designSize(k, arms);
  const tri = packedSize(dim);
  const rows = designSize(kr, arms);
  const A = shiftMap(k, kr, x0, arms);
  const full = new Float64Array(dim * dim);
  let e = 0;
  for (let p = 0; p < dim; p++)
    for (let q = 0; q <= p; q++) {
      full[p * dim + q] = acc[e];
      full[q * dim + p] = acc[e++];
    }
  // M = A M̂ Aᵀ (lower triangle; solveRidge mirrors it), b = A b̂.
  const AM = new Float64Array(rows * dim);
  for (let i = 0; i < rows; i++)
    for (let q = 0; q < dim; q++) {
      let s = 0;
      for (let p = 0; p < dim; p++) s += A[i * dim + p] * full[p * dim + q];
      AM[i * dim + q] = s;
    }
  const M = new Float64Array(rows * rows);
  const b = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let q = 0; q < dim; q++) s += AM[i * dim + q] * A[j * dim + q];
      M[i * rows + j] = s;
    }
    let s = 0;
    for (let p = 0; p < dim; p++) s += A[i * dim + p] * acc[tri + p];
    b[i] = s;
  }
  const fit = solveRidge(M, b, kr, arms, lambda);
  if (!fit) return null;
  const u = new Float64Array(dim * arms);
  const v = new Float64Array(dim);
  for (let p = 0; p < dim; p++) {
    let sv = 0;
    for (let i = 0; i < rows; i++) sv += A[i * dim + p] * fit.theta[i];
    v[p] = sv;
    for (let a = 0; a < arms; a++) {
      let su = 0;
      for (let i = 0; i < rows; i++) su += A[i * dim + p] * fit.zeta[a * rows + i];
      u[a * dim + p] = su;
    }
  }
  return { ...fit, u, v };
}

/**
 * The little bags' variance of the per-tree influence means psi (trees with a negative `used` entry left out), as the
 * forest's own (causalForest.ts predictWith).
 */
function bagVariance(used: Int32Array, psiOfTree: Float64Array): number {
  const nt = used.length;
  let good = 0;
  let sq = 0;
  let groupSq = 0;
  for (let b = 0; b + CI_GROUP_SIZE <= nt; b += CI_GROUP_SIZE) {
    let ok = true;
    for (let j = 0; j < CI_GROUP_SIZE; j++) if (used[b + j] < 0) ok = false;
    if (!ok) continue;
    good++;
    let groupPsi = 0;
    for (let j = 0; j < CI_GROUP_SIZE; j++) {
      const psi = psiOfTree[b + j];
      sq += psi * psi;
      groupPsi += psi;
    }
    groupPsi /= CI_GROUP_SIZE;
    groupSq += groupPsi * groupPsi;
  }
  if (good < 2) return NaN;
  const between = groupSq / good;
  const total = sq / (good * CI_GROUP_SIZE);
  return objectiveBayesDebias(between, (total - between) / (CI_GROUP_SIZE - 1), good);
}
