/**
 * Versioned, JSON-safe model files: typed arrays are stored as little-endian base64 strings, so a saved
 * model loads back to bit-identical predictions in Node and in browsers (no Buffer, only btoa/atob).
 */
import { DEFAULT_PARAMS, type ForestModel, type ForestParams, type Tree } from './types.ts';
import { CAT_WORDS } from './predict.ts';

export const FORMAT_NAME = 'genoforest-model';
export const FORMAT_VERSION = 1;

export interface SerializedTree {
  nodeCount: number;
  feature: string;
  threshold: string;
  left: string;
  right: string;
  missingLeft: string;
  catOffset: string;
  catBits: string;
  value: string;
  weight: string;
  impurityDecrease: string;
}

export interface SerializedForest {
  format: typeof FORMAT_NAME;
  version: number;
  params: ForestParams;
  nFeatures: number;
  nClasses: number;
  featureImportances: string;
  oobProba: string | null;
  oobScore: number | null;
  trees: SerializedTree[];
}

type TypedArray = Int32Array | Uint32Array | Uint8Array | Float32Array | Float64Array;
type TypedCtor<T extends TypedArray> = { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number };

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Typed array -> base64 of its little-endian bytes. */
export function typedToBase64(a: TypedArray): string {
  let bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (!littleEndian && a.BYTES_PER_ELEMENT > 1)
    bytes = swapBytes(bytes.slice(), a.BYTES_PER_ELEMENT);
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + CHUNK)));
  }
  return btoa(s);
}

/** base64 -> typed array; throws when the byte length does not fit the element type. */
export function base64ToTyped<T extends TypedArray>(
  b64: unknown,
  ctor: TypedCtor<T>,
  what: string,
): T {
  if (typeof b64 !== 'string')
    throw new Error(`Not a GenoForest model: ${what} is missing or not a string`);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new Error(`Not a GenoForest model: ${what} is not valid base64`);
  }
  if (bin.length % ctor.BYTES_PER_ELEMENT !== 0) {
    throw new Error(
      `Corrupt GenoForest model: ${what} has ${bin.length} bytes, not a whole number of elements`,
    );
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  if (!littleEndian && ctor.BYTES_PER_ELEMENT > 1) swapBytes(bytes, ctor.BYTES_PER_ELEMENT);
  return new ctor(bytes.buffer);
}

function swapBytes(bytes: Uint8Array, size: number): Uint8Array {
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
  return bytes;
}

/** A JSON-safe, versioned copy of a model (typed arrays as base64) for files, IndexedDB and workers. */
export function serializeForest(model: ForestModel): SerializedForest {
  return {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    params: { ...model.params },
    nFeatures: model.nFeatures,
    nClasses: model.nClasses,
    featureImportances: typedToBase64(model.featureImportances),
    oobProba: model.oobProba ? typedToBase64(model.oobProba) : null,
    oobScore: model.oobScore,
    trees: model.trees.map((t) => ({
      nodeCount: t.nodeCount,
      feature: typedToBase64(t.feature),
      threshold: typedToBase64(t.threshold),
      left: typedToBase64(t.left),
      right: typedToBase64(t.right),
      missingLeft: typedToBase64(t.missingLeft),
      catOffset: typedToBase64(t.catOffset),
      catBits: typedToBase64(t.catBits),
      value: typedToBase64(t.value),
      weight: typedToBase64(t.weight),
      impurityDecrease: typedToBase64(t.impurityDecrease),
    })),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Load a model saved by serializeForest, checking format, version and every array's length and links. */
export function deserializeForest(obj: unknown): ForestModel {
  if (!isRecord(obj) || obj.format !== FORMAT_NAME) {
    throw new Error(`Not a GenoForest model: expected format "${FORMAT_NAME}"`);
  }
  if (obj.version !== FORMAT_VERSION) {
    throw new Error(
      `Unsupported GenoForest model version ${String(obj.version)} (this version reads version ${FORMAT_VERSION})`,
    );
  }
  const nFeatures = obj.nFeatures;
  const nClasses = obj.nClasses;
  if (typeof nFeatures !== 'number' || !Number.isInteger(nFeatures) || nFeatures < 1) {
    throw new Error('Corrupt GenoForest model: nFeatures must be a positive integer');
  }
  if (typeof nClasses !== 'number' || !Number.isInteger(nClasses) || nClasses < 1) {
    throw new Error('Corrupt GenoForest model: nClasses must be a positive integer');
  }
  if (!isRecord(obj.params)) throw new Error('Corrupt GenoForest model: params missing');
  const params: ForestParams = { ...DEFAULT_PARAMS, ...(obj.params as Partial<ForestParams>) };
  if (!Array.isArray(obj.trees))
    throw new Error('Corrupt GenoForest model: trees must be an array');
  const trees = obj.trees.map((raw, i) => readTree(raw, i, nFeatures, nClasses));
  const featureImportances = base64ToTyped(
    obj.featureImportances,
    Float64Array,
    'featureImportances',
  );
  if (featureImportances.length !== nFeatures) {
    throw new Error(
      `Corrupt GenoForest model: featureImportances has ${featureImportances.length} values, expected ${nFeatures}`,
    );
  }
  let oobProba: Float64Array | null = null;
  if (obj.oobProba !== null && obj.oobProba !== undefined) {
    oobProba = base64ToTyped(obj.oobProba, Float64Array, 'oobProba');
    if (oobProba.length % nClasses !== 0)
      throw new Error('Corrupt GenoForest model: oobProba length is not rows × classes');
  }
  const oobScore = typeof obj.oobScore === 'number' ? obj.oobScore : null;
  return { params, nFeatures, nClasses, trees, featureImportances, oobProba, oobScore };
}

function readTree(raw: unknown, i: number, nFeatures: number, nClasses: number): Tree {
  const where = `tree ${i}`;
  if (!isRecord(raw)) throw new Error(`Corrupt GenoForest model: ${where} is not an object`);
  const n = raw.nodeCount;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new Error(`Corrupt GenoForest model: ${where} nodeCount must be a positive integer`);
  }
  const t: Tree = {
    nodeCount: n,
    nClasses,
    feature: base64ToTyped(raw.feature, Int32Array, `${where} feature`),
    threshold: base64ToTyped(raw.threshold, Float64Array, `${where} threshold`),
    left: base64ToTyped(raw.left, Int32Array, `${where} left`),
    right: base64ToTyped(raw.right, Int32Array, `${where} right`),
    missingLeft: base64ToTyped(raw.missingLeft, Uint8Array, `${where} missingLeft`),
    catOffset: base64ToTyped(raw.catOffset, Int32Array, `${where} catOffset`),
    catBits: base64ToTyped(raw.catBits, Uint32Array, `${where} catBits`),
    value: base64ToTyped(raw.value, Float32Array, `${where} value`),
    weight: base64ToTyped(raw.weight, Float64Array, `${where} weight`),
    impurityDecrease: base64ToTyped(
      raw.impurityDecrease,
      Float64Array,
      `${where} impurityDecrease`,
    ),
  };
  const perNode: [string, number][] = [
    ['feature', t.feature.length],
    ['threshold', t.threshold.length],
    ['left', t.left.length],
    ['right', t.right.length],
    ['missingLeft', t.missingLeft.length],
    ['catOffset', t.catOffset.length],
    ['weight', t.weight.length],
    ['impurityDecrease', t.impurityDecrease.length],
  ];
  for (const [name, len] of perNode) {
    if (len !== n)
      throw new Error(
        `Corrupt GenoForest model: ${where} ${name} has ${len} entries, expected ${n}`,
      );
  }
  if (t.value.length !== n * nClasses) {
    throw new Error(
      `Corrupt GenoForest model: ${where} value has ${t.value.length} entries, expected ${n * nClasses}`,
    );
  }
  // Links must point forward inside the tree so prediction always ends at a leaf.
  for (let j = 0; j < n; j++) {
    if (t.left[j] === -1) continue;
    const l = t.left[j];
    const r = t.right[j];
    if (l <= j || r <= j || l >= n || r >= n)
      throw new Error(`Corrupt GenoForest model: ${where} node ${j} has bad children`);
    if (t.feature[j] < 0 || t.feature[j] >= nFeatures) {
      throw new Error(
        `Corrupt GenoForest model: ${where} node ${j} uses feature ${t.feature[j]} of ${nFeatures}`,
      );
    }
    if (t.catOffset[j] >= 0 && t.catOffset[j] + CAT_WORDS > t.catBits.length) {
      throw new Error(
        `Corrupt GenoForest model: ${where} node ${j} category bitset is out of range`,
      );
    }
  }
  return t;
}
