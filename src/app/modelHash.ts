/**
 * A model's identity for reports: the SHA-256 of its serialised forest (engine/forest/serialize, as a model file
 * holds it) and its encoding (outcome, classes, features with the values used for missing ones). The same model
 * gives the same hash whether just trained, saved and opened again, or named by the command line, so a printed
 * report, the model card and `genoforest train/explain --json` can be matched to one another. Computed in the data
 * worker and in Node, never on the page's main thread (a large forest serialises to megabytes).
 */
import { serializeForest } from '../engine/forest/serialize';
import type { ForestModel } from '../engine/forest/types';
import type { Encoding } from './types';

/**
 * JSON with object keys sorted and undefined left out, so an encoding read back from a file (its keys in the
 * reader's order, absent options absent) serialises exactly as the one trained; non-finite numbers become null,
 * as JSON.stringify writes them.
 */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) sorted[k] = x;
    }
    return sorted;
  });
}

/** The SHA-256 (64 hex digits) of a forest and the encoding its features are read with. */
export async function modelHash(forest: ForestModel, encoding: Encoding): Promise<string> {
  const text = canonicalJson({ forest: serializeForest(forest), encoding });
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
