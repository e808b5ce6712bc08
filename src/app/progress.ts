/**
 * Progress reports to a caller's callback, which may live on the other side of a worker boundary (a Comlink proxy
 * whose calls return promises that reject once that side is gone) or in the same process.
 */

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
