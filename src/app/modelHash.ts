/**
 * A model's identity for reports: the SHA-256 of its content, the forest as a model file holds it (settings, every
 * tree's arrays with float32 thresholds and weights, importances, out-of-bag probabilities) and its encoding
 * (outcome, classes, features with the values used for missing ones). The same model gives the same hash whether
 * just trained, saved and opened again, or named by the command line, so a printed report, the model card and
 * `genoforest train/explain --json` can be matched to one another. Computed in the data worker and in Node, never on
 * the page's main thread.
 *
 * The trees are hashed as their raw little-endian bytes, not as the file's base64 JSON: the same content, without
 * writing a large forest out as text first (a 31 MB model, 500 fully grown trees on 5,000 patients: 1.8–2.4 s that
 * way, 0.13–0.38 s this way, on the shared 2-core machine).
 */
import { compactTree } from '../engine/forest/compact';
import { survivalTrees, type SurvivalForestModel } from '../engine/forest/survivalForest';
import type { ForestModel, Tree } from '../engine/forest/types';
import type { Encoding } from './types';
import { jsonSlot, slottedJson, slotItems, type JsonPieces } from './jsonPieces';

/**
 * JSON with object keys sorted and undefined left out, so an encoding read back from a file (its keys in the
 * reader's order, absent options absent) writes exactly as the one trained; non-finite numbers become null, as
 * JSON.stringify writes them.
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

type Numbers = Int32Array | Uint32Array | Uint8Array | Float32Array | Float64Array;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The arrays of one tree in a fixed order and type (compactTree: float32 thresholds and weights, as in files). */
function treeArrays(tree: Tree): Numbers[] {
  // compactTree rounds a float64 threshold down to a float32 that routes alike (not to nearest, as a copy would).
  const t = compactTree(tree);
  return [
    t.feature,
    t.threshold,
    t.left,
    t.right,
    t.missingLeft,
    t.catOffset,
    t.catBits,
    t.value,
    t.weight,
  ];
}

/** `a`'s bytes, little-endian whatever the platform (so a hash is the same on every machine). */
function littleEndianBytes(a: Numbers): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const size = a.BYTES_PER_ELEMENT;
  if (LITTLE_ENDIAN || size === 1) return bytes;
  const out = bytes.slice();
  for (let i = 0; i < out.length; i += size) out.subarray(i, i + size).reverse();
  return out;
}

/** The SHA-256 (64 hex digits) of a forest and the encoding its features are read with. */
export async function modelHash(forest: ForestModel, encoding: Encoding): Promise<string> {
  // Every length is in the header, so no two different models give the same byte stream.
  const head = headParts({
    hash: 'genoforest-model-sha256/1',
    params: forest.params,
    nFeatures: forest.nFeatures,
    nClasses: forest.nClasses,
    oobScore: forest.oobScore,
    encoding,
    featureImportances: forest.featureImportances.length,
    oobProba: forest.oobProba?.length ?? null,
    nodes: forest.trees.map((t) => t.nodeCount),
  });
  const parts: Uint8Array[] = [littleEndianBytes(forest.featureImportances)];
  if (forest.oobProba) parts.push(littleEndianBytes(forest.oobProba));
  for (const tree of forest.trees)
    for (const a of treeArrays(tree)) parts.push(littleEndianBytes(a));
  return sha256Hex(head, parts);
}

/**
 * canonicalJson(head) as text pieces, its encoding's features written one at a time: the same characters as the whole.
 * sha256Hex walks them twice, to size its buffer and to fill it, so no string of them all (~36 MB of JSON for 300,000
 * variants) nor every feature's piece is held at once: hashed whole, such an encoding held some 300 MiB more at the
 * end of a command-line `train` (bench/TWOBIT.md, step 5).
 */
function headParts(head: { encoding: Encoding } & Record<string, unknown>): JsonPieces {
  const { features } = head.encoding;
  const text = canonicalJson({ ...head, encoding: { ...head.encoding, features: jsonSlot(0) } });
  return slottedJson(text, [slotItems(features, canonicalJson)]);
}

/**
 * The SHA-256 (64 hex digits) of a survival forest as its model file holds it (settings, time grid, importances,
 * out-of-bag risks and C, every tree's nodes and leaf curves; the out-of-bag curves are not saved, so not hashed)
 * and of what its numbers mean (encoding, follow-up column, event value): the same just trained, saved and opened
 * again, or named by `genoforest train/explain --json`.
 */
export async function survivalModelHash(
  forest: SurvivalForestModel,
  encoding: Encoding,
  outcome: { time: string; eventValue: string },
): Promise<string> {
  const head = headParts({
    hash: 'genoforest-survival-model-sha256/1',
    params: forest.params,
    nFeatures: forest.nFeatures,
    oobCindex: forest.oobCindex,
    encoding,
    time: outcome.time,
    eventValue: outcome.eventValue,
    timeGrid: forest.timeGrid.length,
    featureImportances: forest.featureImportances.length,
    oobRisk: forest.oobRisk?.length ?? null,
    nodes: survivalTrees(forest).map((t) => t.nodeCount),
    curves: survivalTrees(forest).map((t) => t.hazardPoint.length),
  });
  const parts = [littleEndianBytes(forest.timeGrid), littleEndianBytes(forest.featureImportances)];
  if (forest.oobRisk) parts.push(littleEndianBytes(forest.oobRisk));
  for (const tree of survivalTrees(forest)) {
    for (const a of treeArrays(tree)) parts.push(littleEndianBytes(a));
    for (const a of [tree.hazardOffset, tree.hazardPoint, tree.hazardValue])
      parts.push(littleEndianBytes(a));
  }
  return sha256Hex(head, parts);
}

/** The SHA-256 of the text pieces (as UTF-8) then the byte parts, one after another, as 64 hex digits. */
async function sha256Hex(text: JsonPieces, parts: Uint8Array[]): Promise<string> {
  // Web Crypto digests one buffer (no streaming in browsers): every piece is written into it once, text encoded in
  // place rather than through a copy of its own.
  let size = parts.reduce((n, p) => n + p.length, 0);
  for (const piece of text()) size += utf8Length(piece);
  const all = new Uint8Array(size);
  const encoder = new TextEncoder();
  let offset = 0;
  for (const piece of text()) offset += encoder.encodeInto(piece, all.subarray(offset)).written;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  const digest = await globalThis.crypto.subtle.digest('SHA-256', all);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Bytes of `text` in UTF-8 (a lone surrogate as U+FFFD's three, as TextEncoder writes it). */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}
