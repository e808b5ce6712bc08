/**
 * Where a survival fit's trees grow: a fit whose work is tiny grows in the thread that holds its cohort (the data
 * worker in the app, the calling thread in Node) rather than on the worker pool, whose fixed cost per fit would
 * outweigh it. Each tree seeds its own generator from (seed, tree index), so the trees are the pool's either way.
 */
import { growSurvivalTrees, type SurvivalShard } from '../engine/forest/survivalGrow';
import type { SurvivalParams } from '../engine/forest/survivalParams';
import type { BinnedData } from '../engine/forest/types';

/**
 * Training rows × trees below which a survival fit grows where its cohort is rather than on the pool. Measured on
 * 2 cores (flchain rows, 500 trees, warm engine, Node pool of 2): the pool's fixed cost per fit (binning in the
 * workers, sending the bins, a message per tree, the trees back) is about 0.15–0.3 s, so it lost at every size up to
 * 400 × 500 (e.g. 134 × 500: 0.10 s in one thread, 0.39 s on the pool; 400 × 500: 0.40 s vs 0.48 s) and won from
 * 1000 × 1000 (1.9 s vs 1.1 s). Set below the crossover, so no fit the pool speeds up is kept from it.
 */
export const SURVIVAL_POOL_MIN_WORK = 250_000;

/** Whether a survival fit on `trainRows` rows with `trees` trees is too small to be worth the pool. */
export function survivalWorkIsTiny(
  trainRows: number,
  trees: number,
  minWork = SURVIVAL_POOL_MIN_WORK,
): boolean {
  return trainRows * trees < minWork;
}

/** Trees between two progress reports of a fit grown here (each report crosses threads). */
const PROGRESS_STEPS = 20;

/**
 * Grow every tree of a survival fit here, on `binned` (all its rows, or `rows` only) at `grid`, as one shard, reporting
 * progress about twenty times.
 */
export function growSurvivalHere(
  binned: BinnedData,
  time: Float64Array,
  event: Uint8Array,
  grid: Float64Array,
  params: SurvivalParams,
  rows: Int32Array | null,
  onTreesDone?: (done: number) => void,
): SurvivalShard[] {
  const n = params.nEstimators;
  const every = Math.max(1, Math.ceil(n / PROGRESS_STEPS));
  const indices = Array.from({ length: n }, (_, i) => i);
  const shard = growSurvivalTrees(binned, time, event, grid, params, indices, {
    rows: rows ?? undefined,
    onTreeDone: onTreesDone && ((done) => (done % every === 0 || done === n) && onTreesDone(done)),
  });
  return [shard];
}
