/**
 * A random survival forest from its trees (ranger's ForestSurvival): the ensemble cumulative hazard of a patient
 * is the mean of the trees' leaf Nelson–Aalen curves on the shared time grid (survivalTree.ts), survival is exp(−H), and the risk
 * score used for ranking is the sum of H over the grid points (ranger's and randomForestSRC's "mortality":
 * the expected number of events). Shards grown anywhere merge in global tree order, as for the classifier.
 */
import { addLeafJumps, prefixSumRows, type SurvivalTree } from './survivalTree.ts';
import { binFeatures } from './binning.ts';
import type { GrowOptions } from './grow.ts';
import { compactTree } from './compact.ts';
import { mdiImportancesOfNodes, normaliseImportances } from './forest.ts';
import { leafIndexColumnMajor } from './predict.ts';
import {
  growSurvivalTreesPacked,
  LAYOUT_STRIDE,
  type PackedSurvivalTrees,
  type SurvivalShardWire,
} from './survivalGrow.ts';
import {
  flattenPacked,
  flattenTrees,
  orderPacked,
  packSurvivalTrees,
  survivalTreesOfFlat,
  withoutDecreases,
  type FlatSurvivalTrees,
} from './flatSurvivalTrees.ts';
import { validateSurvivalParams, type SurvivalParams } from './survivalParams.ts';
import { timeGrid } from './timeGrid.ts';
import { checkOutcome } from '../survival/estimators.ts';
import { harrellC } from '../survival/concordance.ts';

/** A survival cohort's columns: features column-major (as binFeatures takes them) and every row's follow-up. */
export interface SurvivalColumns {
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  isCategorical: Uint8Array;
  time: Float64Array;
  event: Uint8Array;
}

/** A trained survival forest. Each tree's leaves hold their cumulative hazard at their event points of the grid. */
export interface SurvivalForestModel {
  kind: 'survival';
  params: SurvivalParams;
  nFeatures: number;
  /** Increasing times at which every curve is given (event times of the training patients, or their quantiles). */
  timeGrid: Float64Array;
  /**
   * The trees in one node set (flatSurvivalTrees.ts), without impurity decreases: survivalTrees(model) gives them
   * as trees of their own, survivalTreeCount(model) how many.
   */
  flatTrees: FlatSurvivalTrees;
  /** Share of the log-rank chi-square of each feature's splits (MDI-style, sums to 1). */
  featureImportances: Float64Array;
  /** Out-of-bag cumulative hazard per training row, row-major nRows × grid (NaN for rows never out of bag). */
  oobCumHazard: Float64Array | null;
  /** Out-of-bag risk score per row (NaN where never out of bag). */
  oobRisk: Float64Array | null;
  /** Harrell's C of the out-of-bag risk over the rows that have one; null when not computable. */
  oobCindex: number | null;
}

/**
 * The forest's trees, each as a tree of its own (made from its node set once, then shared: never to be changed;
 * TreeSHAP, the model file).
 */
export function survivalTrees(model: Pick<SurvivalForestModel, 'flatTrees'>): SurvivalTree[] {
  return survivalTreesOfFlat(model.flatTrees);
}

/** How many trees the forest has. */
export function survivalTreeCount(model: Pick<SurvivalForestModel, 'flatTrees'>): number {
  return model.flatTrees.treeCount;
}

/** A model of these trees (a model file's, a test's): the same forest as one grown with them, held flat. */
export function survivalModelOfTrees(
  model: Omit<SurvivalForestModel, 'flatTrees'>,
  trees: readonly SurvivalTree[],
): SurvivalForestModel {
  return { ...model, flatTrees: flattenTrees(trees.map(compactSurvivalTree), false) };
}

/**
 * Merge shards into one model: trees in global order (held flat), importances, out-of-bag curves and C-index. The
 * shards' out-of-bag sums are consumed: the first one's array becomes the model's out-of-bag curves, so that a
 * tall cohort holds one rows × grid array, not three.
 */
export function assembleSurvivalForest(
  wires: readonly SurvivalShardWire[],
  params: SurvivalParams,
  nFeatures: number,
  grid: Float64Array,
  outcome?: { time: ArrayLike<number>; event: ArrayLike<number> },
): SurvivalForestModel {
  // Each step in its own function: this one runs once per fit, and V8 compiled it whole (every step inlined) for
  // its loops over the trees, a sixth of the JIT's work in a small cohort's five-fold fit; small loops compile small.
  const sums = kernelSumsOf(wires, nFeatures);
  // The decreases are copied only where the importances are read from the trees (no kernel sums).
  const flat = flatInOrder(wires, sums === null);
  checkCurvePoints(flat, grid.length, sums?.maxPoint);
  const featureImportances = sums
    ? normaliseImportances(Float64Array.from(sums.importance))
    : mdiImportancesOfNodes(flat, flat.nodeStart, nFeatures);
  const oob = params.bootstrap && params.oobScore ? mergeOob(wires, grid.length, outcome) : null;
  return {
    kind: 'survival',
    params,
    nFeatures,
    timeGrid: grid,
    flatTrees: withoutDecreases(flat),
    featureImportances,
    oobCumHazard: oob?.oobCumHazard ?? null,
    oobRisk: oob?.oobRisk ?? null,
    oobCindex: oob?.oobCindex ?? null,
  };
}

/** Trees in a shard as sent: its tree objects' count, or its packed layout's. */
function treesIn(w: SurvivalShardWire): number {
  return w.trees ? w.trees.length : w.packedTrees.layout.length / LAYOUT_STRIDE;
}

/**
 * The sums the kernel made while growing a lone shard's trees in order (SurvivalShard.kernelSums), or null: then
 * the importances and curve points are read from the trees.
 */
function kernelSumsOf(
  wires: readonly SurvivalShardWire[],
  nFeatures: number,
): { importance: Float64Array; maxPoint: number } | null {
  if (wires.length !== 1) return null;
  const w = wires[0];
  const sums = w.kernelSums;
  if (!sums || sums.importance.length !== nFeatures || w.treeIndices.length !== treesIn(w))
    return null;
  return isIncreasing(w.treeIndices) ? sums : null;
}

/** A shard's trees as tree images: as sent when packed, else laid out so (each compacted, decreases kept). */
function packedOf(w: SurvivalShardWire): PackedSurvivalTrees {
  if (!w.trees) return w.packedTrees;
  return packSurvivalTrees(
    w.trees.map((t) => {
      if (t.threshold instanceof Float32Array && t.weight instanceof Float32Array) return t;
      // compactTree drops the decreases; the importances may still read them.
      return { ...(compactTree(t) as SurvivalTree), impurityDecrease: t.impurityDecrease };
    }),
  );
}

/** A tree of its own compacted (float32 thresholds and weights, no decreases), as a forest holds it. */
function compactSurvivalTree(t: SurvivalTree): SurvivalTree {
  return t.threshold instanceof Float32Array && t.weight instanceof Float32Array
    ? t
    : (compactTree(t) as SurvivalTree);
}

/**
 * The shards' trees in global order, held flat (copied once, from their images); throws on a tree in two shards.
 */
function flatInOrder(wires: readonly SurvivalShardWire[], decreases: boolean): FlatSurvivalTrees {
  for (const w of wires) {
    if (w.treeIndices.length !== treesIn(w)) {
      throw new Error(
        w.trees
          ? 'A tree shard has mismatched indices and trees'
          : 'A packed tree shard has a layout that does not fit its trees',
      );
    }
  }
  const packed = wires.map(packedOf);
  // One thread's shard is in order already: no pairs to make and sort for its 500 small trees.
  if (packed.length === 1 && isIncreasing(wires[0].treeIndices))
    return flattenPacked(packed[0], decreases);
  return flattenPacked(orderPacked(packed, treeOrder(wires)), decreases);
}

/**
 * The shards' trees in global order, as [shard, tree within it] pairs one after another; throws on a tree in two
 * shards. Shards whose indices increase (each thread's, claims included) are merged as they are, without a sort.
 */
function treeOrder(wires: readonly SurvivalShardWire[]): Int32Array {
  const total = wires.reduce((n, w) => n + w.treeIndices.length, 0);
  const order = new Int32Array(2 * total);
  if (wires.every((w) => isIncreasing(w.treeIndices))) {
    const next = new Int32Array(wires.length);
    let last = -Infinity;
    for (let o = 0; o < total; o++) {
      let k = -1;
      let lowest = Infinity;
      for (let j = 0; j < wires.length; j++) {
        const index = wires[j].treeIndices[next[j]];
        if (next[j] < wires[j].treeIndices.length && index < lowest) {
          lowest = index;
          k = j;
        }
      }
      if (lowest === last) throw new Error(`Tree ${lowest} appears in two shards`);
      last = lowest;
      order[2 * o] = k;
      order[2 * o + 1] = next[k]++;
    }
    return order;
  }
  const pairs: { index: number; shard: number; tree: number }[] = [];
  wires.forEach((w, shard) => {
    w.treeIndices.forEach((index, tree) => pairs.push({ index, shard, tree }));
  });
  pairs.sort((x, y) => x.index - y.index);
  pairs.forEach((p, o) => {
    if (o > 0 && p.index === pairs[o - 1].index)
      throw new Error(`Tree ${p.index} appears in two shards`);
    order[2 * o] = p.shard;
    order[2 * o + 1] = p.tree;
  });
  return order;
}

/** Whether the indices increase strictly (no tree twice, none out of order). */
function isIncreasing(indices: readonly number[]): boolean {
  for (let i = 1; i < indices.length; i++) if (!(indices[i] > indices[i - 1])) return false;
  return true;
}

/**
 * Throws when a tree has a curve point off the grid of G points (read from the trees, or the largest one
 * `maxPoint` when the kernel reported it).
 */
function checkCurvePoints(flat: FlatSurvivalTrees, G: number, maxPoint?: number): void {
  if (maxPoint !== undefined) {
    if (maxPoint >= G) throw new Error(`A tree has time point ${maxPoint}, the grid ${G}`);
    return;
  }
  const pts = flat.hazardPoint;
  for (let k = 0; k < pts.length; k++) {
    if (pts[k] < G) continue;
    let t = 0;
    while (flat.hazardOffset[flat.nodeStart[t + 1]] <= k) t++;
    throw new Error(`Tree ${t} has time point ${pts[k]}, the grid ${G}`);
  }
}

/**
 * The shards' out-of-bag sums merged into curves, risks and Harrell's C; null when no shard has them. The shards'
 * sums are consumed: the first one's array becomes the model's out-of-bag curves, so that a tall cohort holds one
 * rows × grid array, not three.
 */
function mergeOob(
  shards: readonly SurvivalShardWire[],
  G: number,
  outcome?: { time: ArrayLike<number>; event: ArrayLike<number> },
): { oobCumHazard: Float64Array; oobRisk: Float64Array; oobCindex: number | null } | null {
  const withOob = shards.filter((s) => s.oobSum && s.oobCount);
  if (withOob.length === 0) return null;
  const nRows = (withOob[0].oobCount as Uint32Array).length;
  const sum = withOob[0].oobSum as Float64Array;
  if (sum.length !== nRows * G)
    throw new Error('A tree shard has out-of-bag curves of another grid');
  const count = Uint32Array.from(withOob[0].oobCount as Uint32Array);
  for (const s of withOob.slice(1)) {
    const os = s.oobSum as Float64Array;
    const oc = s.oobCount as Uint32Array;
    if (oc.length !== nRows || os.length !== sum.length)
      throw new Error('Tree shards disagree on the number of rows');
    for (let i = 0; i < sum.length; i++) sum[i] += os[i];
    for (let r = 0; r < nRows; r++) count[r] += oc[r];
  }
  // Exact sums of increments in any shard order, then the curves in one fixed order: same bits for a seed.
  prefixSumRows(sum, G);
  const oobCumHazard = sum;
  const oobRisk = new Float64Array(nRows).fill(NaN);
  for (let r = 0; r < nRows; r++) {
    const o = r * G;
    if (count[r] === 0) {
      oobCumHazard.fill(NaN, o, o + G);
      continue;
    }
    let risk = 0;
    for (let j = 0; j < G; j++) {
      const h = sum[o + j] / count[r];
      oobCumHazard[o + j] = h;
      risk += h;
    }
    oobRisk[r] = risk;
  }
  return { oobCumHazard, oobRisk, oobCindex: outcome ? cindexWhereKnown(outcome, oobRisk) : null };
}

/** Harrell's C over the rows whose risk is known (not NaN); null when there is no comparable pair. */
function cindexWhereKnown(
  outcome: { time: ArrayLike<number>; event: ArrayLike<number> },
  risk: Float64Array,
): number | null {
  const keep: number[] = [];
  for (let r = 0; r < risk.length; r++) if (!Number.isNaN(risk[r])) keep.push(r);
  try {
    return harrellC(
      { time: keep.map((r) => outcome.time[r]), event: keep.map((r) => outcome.event[r]) },
      keep.map((r) => risk[r]),
    ).cindex;
  } catch {
    return null;
  }
}

/**
 * The checked settings and the time grid of a survival fit on `rows` (all rows when absent): what every worker
 * growing its trees must share, made once by whoever assembles the forest.
 */
export function prepareSurvivalFit(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  params: Partial<SurvivalParams>,
  nFeatures: number,
  rows?: ArrayLike<number>,
): { params: SurvivalParams; grid: Float64Array } {
  const p = validateSurvivalParams(params, nFeatures);
  // Only the training rows must be usable follow-up; others (a held-out fold) are never read here.
  if (rows) {
    checkOutcome({
      time: Array.from(rows, (r) => time[r]),
      event: Array.from(rows, (r) => event[r]),
    });
  } else {
    checkOutcome({ time, event });
  }
  return { params: p, grid: timeGrid(time, event, rows, p.maxTimePoints) };
}

/** Bin, make the time grid from the training rows and grow every survival tree in the calling thread. */
export function fitSurvivalForest(
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  isCategorical: Uint8Array,
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  params: Partial<SurvivalParams> = {},
  options: GrowOptions = {},
): SurvivalForestModel {
  const { params: p, grid } = prepareSurvivalFit(time, event, params, nFeatures, options.rows);
  const binned = binFeatures(X, nRows, nFeatures, isCategorical);
  const indices = Array.from({ length: p.nEstimators }, (_, i) => i);
  const shard = growSurvivalTreesPacked(binned, time, event, grid, p, indices, options);
  return assembleSurvivalForest([shard], p, nFeatures, grid, { time, event });
}

/** Ensemble cumulative hazard of many rows (X column-major nRows × nFeatures): row-major nRows × grid. */
export function predictCumHazard(
  model: Pick<SurvivalForestModel, 'flatTrees' | 'timeGrid'>,
  X: ArrayLike<number>,
  nRows: number,
): Float64Array {
  const G = model.timeGrid.length;
  const out = new Float64Array(nRows * G);
  const f = model.flatTrees;
  // Tree by tree from each root, as the trees of their own would add their jumps: the same sums, the same bits.
  for (let t = 0; t < f.treeCount; t++) {
    const root = f.nodeStart[t];
    for (let r = 0; r < nRows; r++) {
      addLeafJumps(f, leafIndexColumnMajor(f, X, nRows, r, root), out, r * G);
    }
  }
  prefixSumRows(out, G);
  const nt = f.treeCount;
  if (nt > 0) for (let i = 0; i < out.length; i++) out[i] /= nt;
  return out;
}

/** Survival curves exp(−H) on the grid from cumulative hazards (any row-major rows × grid array). */
export function survivalFromCumHazard(cumHazard: ArrayLike<number>): Float64Array {
  const out = new Float64Array(cumHazard.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.exp(-cumHazard[i]);
  return out;
}

/** Risk score per row: the sum of its cumulative hazard over the grid (ranger's mortality). */
export function riskFromCumHazard(cumHazard: ArrayLike<number>, G: number): Float64Array {
  const n = cumHazard.length / G;
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let j = 0; j < G; j++) s += cumHazard[r * G + j];
    out[r] = s;
  }
  return out;
}

/**
 * Each row's curve (row-major rows × grid) at the given times: the value at the last grid point <= t, `before`
 * (1 for survival, 0 for a hazard) before the first. Row-major rows × times.
 */
export function curvesAt(
  curves: ArrayLike<number>,
  grid: Float64Array,
  times: ArrayLike<number>,
  before: number,
): Float64Array {
  const G = grid.length;
  const n = curves.length / G;
  const nt = times.length;
  const pos = new Int32Array(nt);
  for (let k = 0; k < nt; k++) {
    let lo = 0;
    let hi = G;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (grid[mid] <= times[k]) lo = mid + 1;
      else hi = mid;
    }
    pos[k] = lo - 1;
  }
  const out = new Float64Array(n * nt);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < nt; k++) out[r * nt + k] = pos[k] < 0 ? before : curves[r * G + pos[k]];
  }
  return out;
}
