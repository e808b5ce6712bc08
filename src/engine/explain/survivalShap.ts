/**
 * TreeSHAP for survival forests, with treeshap.ts's explainers on a per-leaf scalar instead of class fractions.
 *
 * - Risk: the forest's risk score is Σ_grid H(t) with H the mean of the trees' leaf cumulative hazards, so it is
 *   the mean over trees of each reached leaf's Σ_grid H_leaf(t): one scalar per leaf, and the Shapley values of
 *   that mean are exact (path-dependent TreeSHAP), expected risk + Σ contributions = the patient's risk.
 * - Horizon h: H(h) is likewise the mean of the leaves' H_leaf(h), so its contributions are exact too. Survival
 *   S(h) = exp(−H(h)) is not a mean over trees, so its Shapley values are not what TreeSHAP computes; instead
 *   the exact identity S(h) = exp(−H₀(h)) · Π_f exp(−φ_f) is given: each feature multiplies the baseline
 *   exp(−H₀(h)) (H₀: the expected cumulative hazard) by exp(−φ_f), its factor.
 */
import { addForestShap, type NodeOutputs } from './treeshap';
import { survivalTrees, type SurvivalForestModel } from '../forest/survivalForest';
import type { SurvivalTree } from '../forest/survivalTree';

/** Contributions to one scalar prediction: base + Σ shap = value. */
export interface ScalarShap {
  /** The expected value (cover-weighted, averaged over trees). */
  base: number;
  /** Contribution of each feature, nFeatures. */
  shap: Float64Array;
  /** The prediction the contributions add up to (mean over trees of the reached leaf's output). */
  value: number;
}

/** A patient's survival explanation: of the risk score, and at the horizon when one was asked. */
export interface SurvivalShap {
  risk: ScalarShap;
  /** Contributions to the cumulative hazard at the horizon; survival there is exp(−value). */
  horizon: (ScalarShap & { time: number }) | null;
}

const riskCache = new WeakMap<SurvivalTree, Float64Array>();

/** Per node, the leaf's cumulative hazard summed over the G grid points (its share of the risk; 0 at splits). */
export function leafRisk(tree: SurvivalTree, G: number): Float64Array {
  let out = riskCache.get(tree);
  if (out && out.length === tree.nodeCount) return out;
  out = new Float64Array(tree.nodeCount);
  const off = tree.hazardOffset;
  const pt = tree.hazardPoint;
  const hv = tree.hazardValue;
  for (let i = 0; i < tree.nodeCount; i++) {
    let s = 0;
    const end = off[i + 1];
    // The curve is a step function: hv[k] from point pt[k] up to the next point (or the grid's end).
    for (let k = off[i]; k < end; k++) s += hv[k] * ((k + 1 < end ? pt[k + 1] : G) - pt[k]);
    out[i] = s;
  }
  riskCache.set(tree, out);
  return out;
}

/** Per node, the leaf's cumulative hazard at grid index j (0 before its first event point or when j < 0). */
export function leafHazardAt(tree: SurvivalTree, j: number): Float64Array {
  const out = new Float64Array(tree.nodeCount);
  const off = tree.hazardOffset;
  const pt = tree.hazardPoint;
  const hv = tree.hazardValue;
  for (let i = 0; i < tree.nodeCount; i++) {
    let h = 0;
    for (let k = off[i]; k < off[i + 1] && pt[k] <= j; k++) h = hv[k];
    out[i] = h;
  }
  return out;
}

/** The grid index of the last grid time <= t (−1 when t is before the first). */
function gridIndex(grid: Float64Array, t: number): number {
  let lo = 0;
  let hi = grid.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (grid[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** Exact TreeSHAP of the mean over trees of the per-node outputs, for patient x. */
function scalarShap(
  trees: SurvivalTree[],
  outputs: NodeOutputs[],
  x: ArrayLike<number>,
  nFeatures: number,
): ScalarShap {
  const shap = new Float64Array(nFeatures);
  const base = new Float64Array(1);
  if (trees.length === 0) return { base: 0, shap, value: 0 };
  const scale = 1 / trees.length;
  addForestShap(trees, x, nFeatures, shap, base, scale, outputs);
  let value = base[0];
  for (let f = 0; f < nFeatures; f++) value += shap[f];
  return { base: base[0], shap, value };
}

/**
 * TreeSHAP contributions of each feature to patient x's risk score and, with `horizon`, to the cumulative hazard
 * at that time (x: the encoded row, NaN = missing). See the file comment for what is exact.
 */
export function survivalShap(
  model: Pick<SurvivalForestModel, 'flatTrees' | 'timeGrid' | 'nFeatures'>,
  x: ArrayLike<number>,
  horizon?: number,
): SurvivalShap {
  const G = model.timeGrid.length;
  const trees = survivalTrees(model);
  const risk = scalarShap(
    trees,
    trees.map((t) => ({ value: leafRisk(t, G), K: 1 })),
    x,
    model.nFeatures,
  );
  if (horizon === undefined) return { risk, horizon: null };
  if (!Number.isFinite(horizon)) throw new Error(`The horizon must be a time, got ${horizon}`);
  const j = gridIndex(model.timeGrid, horizon);
  const at = scalarShap(
    trees,
    trees.map((t) => ({ value: leafHazardAt(t, j), K: 1 })),
    x,
    model.nFeatures,
  );
  return { risk, horizon: { ...at, time: horizon } };
}
