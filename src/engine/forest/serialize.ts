/**
 * Versioned, JSON-safe model files: typed arrays are stored as little-endian base64 strings, so a saved
 * model loads back to bit-identical predictions in Node and in browsers (no Buffer, only btoa/atob).
 *
 * Version 2 (written now) stores compact trees (compact.ts): float32 thresholds and weights, no impurity
 * decreases, no `right` when every right child is its left sibling's next node (as grow.ts allocates them) and
 * no `catOffset` when a tree has no categorical split. Version 1 files (float64 arrays, every field) still load,
 * and are compacted on loading, so both predict identically.
 *
 * A survival forest (kind "survival", written at version 2 with the same tree fields) adds its time grid and, per
 * tree, the leaves' sparse cumulative-hazard curves (survivalTree.ts), checked as hard as the nodes on loading.
 */
import { DEFAULT_PARAMS, type ForestModel, type ForestParams, type Tree } from './types.ts';
import { checkTree } from './checkTree.ts';
import { base64ToTyped, typedToBase64 } from './base64.ts';
import { compactTree } from './compact.ts';
import { survivalModelOfTrees, survivalTrees, type SurvivalForestModel } from './survivalForest.ts';
import { validateSurvivalParams, type SurvivalParams } from './survivalParams.ts';
import { checkSurvivalCurves, type SurvivalTree } from './survivalTree.ts';

export const FORMAT_NAME = 'genoforest-model';
/** The version serializeForest writes. */
export const FORMAT_VERSION = 2;
/** Every version deserializeForest reads. */
export const READABLE_FORMAT_VERSIONS: readonly number[] = [1, 2];

/** One tree as saved; version 1 has every field (float64 threshold/weight), version 2 omits the marked ones. */
export interface SerializedTree {
  nodeCount: number;
  feature: string;
  threshold: string;
  left: string;
  /** Version 2: absent when right[i] === left[i] + 1 at every split. */
  right?: string;
  missingLeft: string;
  /** Version 2: absent when every node is -1 (no categorical split). */
  catOffset?: string;
  catBits: string;
  value: string;
  weight: string;
  /** Version 1 only. */
  impurityDecrease?: string;
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

/** One survival tree as saved: the node fields, each node's risk as `value`, and the leaves' curves. */
export interface SerializedSurvivalTree extends SerializedTree {
  hazardOffset: string;
  hazardPoint: string;
  hazardValue: string;
}

/** A survival forest as saved (the out-of-bag curves, rows × grid, are left out: only the risks are kept). */
export interface SerializedSurvivalForest {
  format: typeof FORMAT_NAME;
  version: number;
  kind: 'survival';
  params: SurvivalParams;
  nFeatures: number;
  timeGrid: string;
  featureImportances: string;
  oobRisk: string | null;
  oobCindex: number | null;
  trees: SerializedSurvivalTree[];
}

export { base64ToTyped, typedToBase64 } from './base64.ts';

/** A JSON-safe, versioned (FORMAT_VERSION) copy of a model, trees compacted, for files, IndexedDB and workers. */
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
    trees: model.trees.map(serializeTree),
  };
}

/** One tree as serializeForest writes it (compacted), for a writer that takes the trees one at a time. */
export function serializeTree(tree: Tree): SerializedTree {
  return serializeCompactTree(compactTree(tree));
}

function serializeCompactTree(t: Tree): SerializedTree {
  const out: SerializedTree = {
    nodeCount: t.nodeCount,
    feature: typedToBase64(t.feature),
    threshold: typedToBase64(t.threshold),
    left: typedToBase64(t.left),
    missingLeft: typedToBase64(t.missingLeft),
    catBits: typedToBase64(t.catBits),
    value: typedToBase64(t.value),
    weight: typedToBase64(t.weight),
  };
  if (!rightIsNextToLeft(t.left, t.right)) out.right = typedToBase64(t.right);
  if (t.catOffset.some((o) => o !== -1)) out.catOffset = typedToBase64(t.catOffset);
  return out;
}

function rightIsNextToLeft(left: Int32Array, right: Int32Array): boolean {
  for (let i = 0; i < left.length; i++) {
    if (left[i] === -1 ? right[i] !== -1 : right[i] !== left[i] + 1) return false;
  }
  return true;
}

/** A version-1 copy (float64 arrays, every field), for tests and measurements of what version 2 saves. */
export function serializeForestV1(model: ForestModel): SerializedForest {
  return {
    ...serializeForest(model),
    version: 1,
    trees: model.trees.map((t) => ({
      nodeCount: t.nodeCount,
      feature: typedToBase64(t.feature),
      threshold: typedToBase64(Float64Array.from(t.threshold)),
      left: typedToBase64(t.left),
      right: typedToBase64(t.right),
      missingLeft: typedToBase64(t.missingLeft),
      catOffset: typedToBase64(t.catOffset),
      catBits: typedToBase64(t.catBits),
      value: typedToBase64(t.value),
      weight: typedToBase64(Float64Array.from(t.weight)),
      impurityDecrease: typedToBase64(
        t.impurityDecrease.length === t.nodeCount
          ? t.impurityDecrease
          : new Float64Array(t.nodeCount),
      ),
    })),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Load a model saved by serializeForest, checking format, version, every array's length and every tree's shape. */
export function deserializeForest(obj: unknown): ForestModel {
  checkHead(obj);
  const version = obj.version as number;
  if (obj.kind === 'survival') {
    throw new Error(
      'Not a GenoForest classifier: this is a survival forest (deserializeSurvivalForest)',
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
  const trees = obj.trees.map((raw, i) => readTree(raw, i, nFeatures, nClasses, version, true));
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

/** Throws unless obj is a saved forest of a version this code reads. */
function checkHead(obj: unknown): asserts obj is Record<string, unknown> {
  if (!isRecord(obj) || obj.format !== FORMAT_NAME) {
    throw new Error(`Not a GenoForest model: expected format "${FORMAT_NAME}"`);
  }
  const version = obj.version;
  if (typeof version !== 'number' || !READABLE_FORMAT_VERSIONS.includes(version)) {
    throw new Error(
      `Unsupported GenoForest model version ${String(version)} (this version reads versions ${READABLE_FORMAT_VERSIONS.join(' and ')})`,
    );
  }
}

/** A JSON-safe copy of a survival forest, trees compacted (out-of-bag curves left out, risks kept). */
export function serializeSurvivalForest(model: SurvivalForestModel): SerializedSurvivalForest {
  return {
    format: FORMAT_NAME,
    version: FORMAT_VERSION,
    kind: 'survival',
    params: { ...model.params },
    nFeatures: model.nFeatures,
    timeGrid: typedToBase64(model.timeGrid),
    featureImportances: typedToBase64(model.featureImportances),
    oobRisk: model.oobRisk ? typedToBase64(model.oobRisk) : null,
    oobCindex: model.oobCindex,
    trees: survivalTrees(model).map((tree) => ({
      ...serializeTree(tree),
      hazardOffset: typedToBase64(tree.hazardOffset),
      hazardPoint: typedToBase64(tree.hazardPoint),
      hazardValue: typedToBase64(tree.hazardValue),
    })),
  };
}

/** Load a survival forest saved by serializeSurvivalForest, every array, tree and curve checked. */
export function deserializeSurvivalForest(obj: unknown): SurvivalForestModel {
  checkHead(obj);
  const version = obj.version as number;
  if (obj.kind !== 'survival' || version < 2) {
    throw new Error('Not a GenoForest survival forest: it predicts classes, not survival');
  }
  const nFeatures = obj.nFeatures;
  if (typeof nFeatures !== 'number' || !Number.isInteger(nFeatures) || nFeatures < 1) {
    throw new Error('Corrupt GenoForest model: nFeatures must be a positive integer');
  }
  if (!isRecord(obj.params)) throw new Error('Corrupt GenoForest model: params missing');
  let params: SurvivalParams;
  try {
    params = validateSurvivalParams(obj.params as Partial<SurvivalParams>, nFeatures);
  } catch (error) {
    throw new Error(`Corrupt GenoForest model: ${(error as Error).message}`, { cause: error });
  }
  const grid = base64ToTyped(obj.timeGrid, Float64Array, 'timeGrid');
  if (grid.length < 1) throw new Error('Corrupt GenoForest model: the time grid is empty');
  for (let j = 0; j < grid.length; j++) {
    if (!(Number.isFinite(grid[j]) && (j === 0 || grid[j] > grid[j - 1]))) {
      throw new Error('Corrupt GenoForest model: the time grid is not increasing finite times');
    }
  }
  if (!Array.isArray(obj.trees) || obj.trees.length < 1)
    throw new Error('Corrupt GenoForest model: trees must be a non-empty array');
  const trees = obj.trees.map((raw, i): SurvivalTree => {
    const t = readTree(raw, i, nFeatures, 1, version, false);
    const r = raw as Record<string, unknown>;
    const where = `tree ${i}`;
    const tree: SurvivalTree = {
      ...t,
      hazardOffset: base64ToTyped(r.hazardOffset, Int32Array, `${where} hazardOffset`),
      hazardPoint: base64ToTyped(r.hazardPoint, Int32Array, `${where} hazardPoint`),
      hazardValue: base64ToTyped(r.hazardValue, Float32Array, `${where} hazardValue`),
    };
    checkSurvivalCurves(tree, `Corrupt GenoForest model: ${where}`, grid.length);
    return tree;
  });
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
  const oobRisk =
    obj.oobRisk === null || obj.oobRisk === undefined
      ? null
      : base64ToTyped(obj.oobRisk, Float64Array, 'oobRisk');
  const c = obj.oobCindex;
  const oobCindex = typeof c === 'number' && c >= 0 && c <= 1 ? c : null;
  return survivalModelOfTrees(
    {
      kind: 'survival',
      params,
      nFeatures,
      timeGrid: grid,
      featureImportances,
      oobCumHazard: null,
      oobRisk,
      oobCindex,
    },
    trees,
  );
}

function readTree(
  raw: unknown,
  i: number,
  nFeatures: number,
  nClasses: number,
  version: number,
  probabilities: boolean,
): Tree {
  const where = `tree ${i}`;
  if (!isRecord(raw)) throw new Error(`Corrupt GenoForest model: ${where} is not an object`);
  const n = raw.nodeCount;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new Error(`Corrupt GenoForest model: ${where} nodeCount must be a positive integer`);
  }
  const v1 = version === 1;
  const left = base64ToTyped(raw.left, Int32Array, `${where} left`);
  const right =
    v1 || raw.right !== undefined
      ? base64ToTyped(raw.right, Int32Array, `${where} right`)
      : left.map((l) => (l === -1 ? -1 : l + 1));
  const catOffset =
    v1 || raw.catOffset !== undefined
      ? base64ToTyped(raw.catOffset, Int32Array, `${where} catOffset`)
      : new Int32Array(n).fill(-1);
  // Version 1 stored float64 thresholds and weights, version 2 float32.
  const floats = (b64: unknown, what: string): Float64Array | Float32Array =>
    v1 ? base64ToTyped(b64, Float64Array, what) : base64ToTyped(b64, Float32Array, what);
  const t: Tree = {
    nodeCount: n,
    nClasses,
    feature: base64ToTyped(raw.feature, Int32Array, `${where} feature`),
    threshold: floats(raw.threshold, `${where} threshold`),
    left,
    right,
    missingLeft: base64ToTyped(raw.missingLeft, Uint8Array, `${where} missingLeft`),
    catOffset,
    catBits: base64ToTyped(raw.catBits, Uint32Array, `${where} catBits`),
    value: base64ToTyped(raw.value, Float32Array, `${where} value`),
    weight: floats(raw.weight, `${where} weight`),
    impurityDecrease: v1
      ? base64ToTyped(raw.impurityDecrease, Float64Array, `${where} impurityDecrease`)
      : new Float64Array(0),
  };
  const perNode: [string, number][] = [
    ['feature', t.feature.length],
    ['threshold', t.threshold.length],
    ['left', t.left.length],
    ['right', t.right.length],
    ['missingLeft', t.missingLeft.length],
    ['catOffset', t.catOffset.length],
    ['weight', t.weight.length],
  ];
  if (v1) perNode.push(['impurityDecrease', t.impurityDecrease.length]);
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
  // One parent per node, every node reached from the root, bounded depth, sane nodes (checkTree.ts).
  checkTree(t, `Corrupt GenoForest model: ${where}`, {
    nFeatures,
    probabilities,
    counts: true,
  });
  return compactTree(t);
}
