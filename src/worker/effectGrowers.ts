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

/** Least time between two progress reports passed on to the effect worker. */
export const EFFECT_PROGRESS_MS = 100;

/**
 * A pool's per-tree progress (done, total) passed on to `onTreesDone` at most every `ms` milliseconds, and always at
 * the end: each report crosses to the effect worker and back on the page's main thread, and one per tree (6,000 in
 * an app fit) kept that thread busy for seconds.
 */
export function sparseProgress(
  onTreesDone: (done: number) => void,
  ms = EFFECT_PROGRESS_MS,
): (done: number, total: number) => void {
  let last = -Infinity;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < ms) return;
    last = now;
    onTreesDone(done);
  };
}
