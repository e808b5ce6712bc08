/**
 * Who grows the trees of a treatment-effect fit: the calling thread (tests, CLI with one thread) or a worker pool.
 * Every tree (and every little bag of the causal forest) seeds its own generator from (randomState, index), so the
 * forests are the same whoever grows them and however the trees are shared out.
 */
import { growTrees } from '../forest/grow.ts';
import type { BinnedData, ForestParams, TreeShard } from '../forest/types.ts';
import {
  growAllBags,
  packCausalTrees,
  type CausalForestParams,
  type PackedCausalTrees,
} from './causalForest.ts';

/** Grows the probability forests (nuisance) and the causal forest's bags of a fit. */
export interface EffectGrowers {
  /** All `params.nEstimators` trees of a two-class probability forest on `binned` with labels `y`, as shards. */
  forest(
    binned: BinnedData,
    y: Uint8Array,
    params: ForestParams,
    onTreesDone?: (done: number) => void,
  ): Promise<TreeShard[]>;
  /**
   * All trees of the causal forest on the residuals, in global order (bag b holds trees 2b and 2b+1), in packs (flat
   * arrays, cheap to move between threads) whose trees follow one another.
   */
  causal(
    binned: BinnedData,
    yRes: Float64Array,
    wRes: Float64Array,
    params: CausalForestParams,
    onTreesDone?: (done: number) => void,
  ): Promise<PackedCausalTrees[]>;
}

/** Growers that grow every tree in the calling thread. */
export const inThreadGrowers: EffectGrowers = {
  async forest(binned, y, params, onTreesDone) {
    const indices = Array.from({ length: params.nEstimators }, (_, i) => i);
    return [growTrees(binned, y, 2, params, indices, { onTreeDone: onTreesDone })];
  },
  async causal(binned, yRes, wRes, params, onTreesDone) {
    return [packCausalTrees(growAllBags(binned, yRes, wRes, params, onTreesDone))];
  },
};
