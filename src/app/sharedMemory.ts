/**
 * SharedArrayBuffer where the platform allows it: in Node always, in a page only when it is cross-origin isolated
 * (served with COOP same-origin + COEP require-corp, see vite.config.ts). Elsewhere callers fall back to transfer.
 */
import type { FeatureColumns } from '../engine/forest/featureColumns';

/** Whether SharedArrayBuffer can be posted to workers here. */
export function canShareMemory(): boolean {
  if (typeof SharedArrayBuffer !== 'function') return false;
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return isolated !== false;
}

/** Whether a typed array lives in shared memory (false where SharedArrayBuffer does not even exist). */
export function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer === 'function' && a.buffer instanceof SharedArrayBuffer;
}

/** The same values in shared memory (the array itself when it is there already); needs canShareMemory(). */
export function toShared<T extends Float32Array | Uint8Array>(a: T): T {
  if (isShared(a)) return a;
  const Ctor = a.constructor as new (buffer: SharedArrayBuffer) => T;
  const out = new Ctor(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** Whether feature columns live in shared memory (an empty packed array needs none). */
export function isSharedColumns(c: FeatureColumns): boolean {
  return isShared(c.dense) && (c.packed.length === 0 || isShared(c.packed));
}

/** Feature columns in shared memory (themselves when they are there already); needs canShareMemory(). */
export function toSharedColumns(c: FeatureColumns): FeatureColumns {
  return isSharedColumns(c) ? c : { ...c, dense: toShared(c.dense), packed: toShared(c.packed) };
}
