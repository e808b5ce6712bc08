/**
 * Callbacks a worker receives from the other thread (Comlink proxies, or plain functions when called in-process):
 * reporting progress through them without letting a failed report break the work, and letting them go.
 */
import { releaseProxy } from 'comlink';

export { report } from '../app/progress';

/** Drops the worker side of a Comlink-proxied callback so the caller's MessagePort closes. */
export function release(callback: unknown): void {
  if (typeof callback !== 'function') return;
  try {
    const releaser = (callback as unknown as { [releaseProxy]?: unknown })[releaseProxy];
    if (typeof releaser === 'function') (releaser as () => void)();
  } catch {
    // Not a Comlink proxy (an in-process call): nothing to release.
  }
}
