/**
 * Callbacks a worker receives from the other thread (Comlink proxies, or plain functions when called in-process):
 * reporting progress through them without letting a failed report break the work, and letting them go.
 */
import { releaseProxy } from 'comlink';

/**
 * Calls a callback that may be a Comlink proxy (whose calls return promises that reject once the other side is
 * gone) without letting a failed progress report break the work; returns the call's promise, if any.
 */
export function report<T>(
  callback: ((value: T) => void) | undefined,
  value: T,
): Promise<unknown> | undefined {
  if (!callback) return undefined;
  try {
    const result = callback(value) as unknown;
    if (result instanceof Promise) return result.catch(() => undefined);
  } catch {
    // A progress report must never stop the work.
  }
  return undefined;
}

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
