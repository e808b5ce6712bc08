/**
 * Growers of a treatment-effect fit (the client's pool, poolEffectGrowers in pool.ts) as the effect worker receives
 * them from another thread: its progress callbacks must go back as Comlink proxies.
 */
import { proxy, type Remote } from 'comlink';
import type { EffectGrowers } from '../engine/causal/growers';

/** Growers received from another thread, with their progress callbacks sent back as proxies. */
export function remoteEffectGrowers(remote: Remote<EffectGrowers>): EffectGrowers {
  return {
    forest: (binned, y, params, onTreesDone) =>
      remote.forest(binned, y, params, onTreesDone && proxy(onTreesDone)),
    causal: (binned, yRes, wRes, params, onTreesDone) =>
      remote.causal(binned, yRes, wRes, params, onTreesDone && proxy(onTreesDone)),
  };
}
