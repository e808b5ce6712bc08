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
 */
import type { BinnedData } from '../forest/types.ts';
import { MISSING_BIN } from '../forest/types.ts';
import {
  CI_GROUP_SIZE,
  objectiveBayesDebias,
  type CausalForest,
  type CausalPredictions,
  type CausalTree,
} from './causalForest.ts';
import { effectImportance } from './importance.ts';
import { MAX_CATEGORY_BIN } from '../forest/predict.ts';

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

/** Result of one weighted ridge fit: coefficients θ and ζ = M⁻¹ e_w (for the influence terms). */
export interface LocalFit {
  theta: Float64Array;
  zeta: Float64Array;
}

/** Position of the treatment coefficient in z = (1, d_1..d_k, w, w·d_1..w·d_k). */
export function treatmentIndex(k: number): number {
  return k + 1;
}

/** The design row z of a patient: (1, d, w, w·d) into `out` (length 2k + 2). */
function designRow(d: ArrayLike<number>, w: number, out: Float64Array): void {
  const k = d.length;
  out[0] = 1;
  out[k + 1] = w;
  for (let j = 0; j < k; j++) {
    out[j + 1] = d[j];
    out[k + 2 + j] = w * d[j];
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
 * the target. Returns null when the weighted design is singular.
 */
export function localLinearFit(
  alpha: ArrayLike<number>,
  d: ArrayLike<number>[],
  w: ArrayLike<number>,
  y: ArrayLike<number>,
  lambda: number,
): LocalFit | null {
  const k = d.length > 0 ? d[0].length : 0;
  const dim = 2 * k + 2;
  const M = new Float64Array(dim * dim);
  const b = new Float64Array(dim);
  const z = new Float64Array(dim);
  for (let i = 0; i < alpha.length; i++) {
    const a = alpha[i];
    if (a === 0) continue;
    designRow(d[i], w[i], z);
    accumulate(M, b, z, a, y[i], dim);
  }
  return solveRidge(M, b, k, lambda);
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

/** Complete the lower triangle, add the ridge and solve for θ and ζ. */
function solveRidge(M: Float64Array, b: Float64Array, k: number, lambda: number): LocalFit | null {
  const dim = 2 * k + 2;
  for (let p = 0; p < dim; p++) for (let q = 0; q < p; q++) M[q * dim + p] = M[p * dim + q];
  let trace = 0;
  for (let p = 0; p < dim; p++) trace += M[p * dim + p];
  const t = treatmentIndex(k);
  // Slopes only: the intercept and the effect itself are not shrunk.
  for (let p = 1; p < dim; p++) if (p !== t) M[p * dim + p] += (lambda * trace) / dim;
  const theta = solveSpd(M, b, dim);
  if (!theta) return null;
  const e = new Float64Array(dim);
  e[t] = 1;
  const zeta = solveSpd(M, e, dim);
  return zeta ? { theta, zeta } : null;
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
): number[] {
  const importance = effectImportance(forest);
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

/** Per tree, the leaf-filling rows grouped by leaf (CSR: rows of leaf v at start[v]..start[v+1]). */
interface LeafRows {
  start: Int32Array;
  rows: Int32Array;
}

function leafOfBinned(tree: CausalTree, binned: BinnedData, r: number): number {
  let i = 0;
  while (tree.left[i] !== -1) {
    const b = binned.bins[tree.feature[i] * binned.nRows + r];
    i = (b === MISSING_BIN ? tree.missingLeft[i] === 1 : b <= tree.splitBin[i])
      ? tree.left[i]
      : tree.right[i];
  }
  return i;
}

function leafOfRaw(
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

function leafRowsOf(tree: CausalTree, binned: BinnedData): LeafRows {
  const nNodes = tree.left.length;
  const n = binned.nRows;
  const leafOfRow: number[] = [];
  const rowsFilled: number[] = [];
  for (let r = 0; r < n; r++) {
    if (((tree.filled[r >>> 5] >>> (r & 31)) & 1) === 0) continue;
    rowsFilled.push(r);
    leafOfRow.push(leafOfBinned(tree, binned, r));
  }
  const start = new Int32Array(nNodes + 1);
  for (const v of leafOfRow) start[v + 1]++;
  for (let v = 0; v < nNodes; v++) start[v + 1] += start[v];
  const pos = start.slice(0, nNodes);
  const rows = new Int32Array(rowsFilled.length);
  rowsFilled.forEach((r, i) => (rows[pos[leafOfRow[i]]++] = r));
  return { start, rows };
}

/**
 * Locally linear effects with little-bag variances: out of bag for the training rows (`target` 'oob') or for new
 * rows (raw X column-major, encoded as for training). yRes, wRes: the residuals the forest was grown on. A target
 * whose correction values are missing, or whose neighbourhood makes the local design singular, keeps no correction
 * columns (the forest's own estimate).
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
  const leafRows = trees.map((t) => leafRowsOf(t, binned));
  const oob = target === 'oob';
  const nTargets = oob ? binned.nRows : target.nRows;
  const k = settings.variables.length;
  const effect = new Float64Array(nTargets);
  const variance = new Float64Array(nTargets);
  const alpha = new Float64Array(binned.nRows);
  const touched: number[] = [];
  const leaves = new Int32Array(nt);
  const x0 = new Float64Array(k);
  const g = new Float64Array(binned.nRows);
  for (let r = 0; r < nTargets; r++) {
    let used = 0;
    for (let t = 0; t < nt; t++) {
      const tree = trees[t];
      let leaf: number;
      if (oob) leaf = (tree.drawn[r >>> 5] >>> (r & 31)) & 1 ? -1 : leafOfBinned(tree, binned, r);
      else leaf = leafOfRaw(tree, forest.isCategorical, target.X, target.nRows, r);
      if (leaf >= 0 && tree.leafCount[leaf] === 0) leaf = -1;
      leaves[t] = leaf;
      if (leaf >= 0) used++;
    }
    if (used === 0) {
      effect[r] = NaN;
      variance[r] = NaN;
      continue;
    }
    touched.length = 0;
    for (let t = 0; t < nt; t++) {
      const leaf = leaves[t];
      if (leaf < 0) continue;
      const { start, rows } = leafRows[t];
      const share = 1 / (used * (start[leaf + 1] - start[leaf]));
      for (let q = start[leaf]; q < start[leaf + 1]; q++) {
        const i = rows[q];
        if (alpha[i] === 0) touched.push(i);
        alpha[i] += share;
      }
    }
    let kr = k;
    for (let j = 0; j < k; j++) {
      const v = oob ? settings.columns[j][r] : target.X[settings.variables[j] * target.nRows + r];
      x0[j] = v;
      if (v !== v) kr = 0;
    }
    let fit = fitAt(touched, alpha, settings.columns, x0, kr, wRes, yRes, settings.lambda);
    if (!fit && kr > 0) {
      kr = 0;
      fit = fitAt(touched, alpha, settings.columns, x0, 0, wRes, yRes, settings.lambda);
    }
    const dim = 2 * kr + 2;
    const z = new Float64Array(dim);
    const d = new Float64Array(kr);
    if (fit) {
      effect[r] = fit.theta[treatmentIndex(kr)];
      // Influence term of every neighbour: ζᵀz_i · (y_i − z_iᵀθ).
      for (const i of touched) {
        for (let j = 0; j < kr; j++) d[j] = settings.columns[j][i] - x0[j];
        designRow(d, wRes[i], z);
        let zz = 0;
        let zt = 0;
        for (let p = 0; p < dim; p++) {
          zz += fit.zeta[p] * z[p];
          zt += fit.theta[p] * z[p];
        }
        g[i] = zz * (yRes[i] - zt);
      }
      variance[r] = bagVariance(leaves, leafRows, g);
    } else {
      effect[r] = NaN;
      variance[r] = NaN;
    }
    for (const i of touched) alpha[i] = 0;
  }
  return { effect, variance };
}

function fitAt(
  touched: number[],
  alpha: Float64Array,
  columns: Float64Array[],
  x0: Float64Array,
  k: number,
  w: Float64Array,
  y: Float64Array,
  lambda: number,
): LocalFit | null {
  const dim = 2 * k + 2;
  const M = new Float64Array(dim * dim);
  const b = new Float64Array(dim);
  const z = new Float64Array(dim);
  const d = new Float64Array(k);
  for (const i of touched) {
    for (let j = 0; j < k; j++) d[j] = columns[j][i] - x0[j];
    designRow(d, w[i], z);
    accumulate(M, b, z, alpha[i], y[i], dim);
  }
  return solveRidge(M, b, k, lambda);
}

/** The little bags' variance of the per-tree leaf means of g, as the forest's own (causalForest.ts predictWith). */
function bagVariance(leaves: Int32Array, leafRows: LeafRows[], g: Float64Array): number {
  const nt = leaves.length;
  let good = 0;
  let sq = 0;
  let groupSq = 0;
  for (let b = 0; b + CI_GROUP_SIZE <= nt; b += CI_GROUP_SIZE) {
    let ok = true;
    for (let j = 0; j < CI_GROUP_SIZE; j++) if (leaves[b + j] < 0) ok = false;
    if (!ok) continue;
    good++;
    let groupPsi = 0;
    for (let j = 0; j < CI_GROUP_SIZE; j++) {
      const { start, rows } = leafRows[b + j];
      const leaf = leaves[b + j];
      let psi = 0;
      for (let q = start[leaf]; q < start[leaf + 1]; q++) psi += g[rows[q]];
      psi /= start[leaf + 1] - start[leaf];
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
