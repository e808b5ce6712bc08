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

/**
 * Growers that refuse once `signal` is aborted: a forest asked for afterwards is never handed to `inner`, and one
 * already asked for is no longer waited on (its result is dropped). What `inner` has already queued on a pool still
 * runs there — the pool cannot be told across threads which of its queued forests to drop.
 */
export function stoppableGrowers(inner: EffectGrowers, signal: AbortSignal): EffectGrowers {
  const stopped = (): Error => new Error('Stopped: the fit these trees were for has failed');
  const guard = <T>(start: () => Promise<T>): Promise<T> => {
    if (signal.aborted) return Promise.reject(stopped());
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(stopped());
      signal.addEventListener('abort', onAbort, { once: true });
      start().then(
        (v) => {
          signal.removeEventListener('abort', onAbort);
          resolve(v);
        },
        (e: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  };
  return {
    forest: (binned, y, params, onTreesDone) =>
      guard(() => inner.forest(binned, y, params, onTreesDone)),
    causal: (binned, yRes, wRes, params, onTreesDone) =>
      guard(() => inner.causal(binned, yRes, wRes, params, onTreesDone)),
  };
}
