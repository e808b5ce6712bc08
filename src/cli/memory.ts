/**
 * A full garbage collection between the command line's stages. V8 collects its old generation only once it has grown
 * by a factor since the last collection, so what a stage leaves behind (reading a .bed: the schema of 300,000
 * columns, the .bim's strings; ~215 MiB at 10,000 × 300,000) stays held through the whole fit that follows, beside
 * 715 MiB of genotypes. Collected once the table is encoded, the fit starts from what is live. Node exposes `gc` only
 * under --expose-gc; the flag is set for a new context just long enough to take the function (as Jest does for
 * --logHeapUsage), and a Node that refuses it simply collects later, as before.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

function gcFunction(): (() => void) | null {
  const own = (globalThis as { gc?: unknown }).gc;
  if (typeof own === 'function') return own as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const fn: unknown = runInNewContext('gc');
    setFlagsFromString('--no-expose-gc');
    return typeof fn === 'function' ? (fn as () => void) : null;
  } catch {
    return null;
  }
}

/** Collects garbage now (a full collection), where Node allows it; otherwise does nothing. */
export function collectGarbage(): void {
  if (gc === undefined) gc = gcFunction();
  gc?.();
}
