/**
 * ONNX models in the data worker: opening an .onnx tree-ensemble classifier as a model the app can use
 * (encoding, provenance, column names), naming its features, encoding a local reference cohort for it, and
 * exporting the current model as .onnx after reading it back on this device.
 *
 * An imported forest knows feature indexes only. Its encoding has one numeric field per index (categorical
 * fields when GenoForest's own preprocessing spec is in the file), named from the spec, the file's
 * `feature_names`, a CSV header or a column list. Its numeric ranges are unknown until a reference cohort is
 * loaded; until then they are NaN (shown as unknown), so no "outside the training range" warning is invented.
 *
 * Inputs reach the trees as float32 (encodePatient and the table encoders write Float32Array rows, the same
 * rounding as engine/interop's toFloat32Row), so every threshold compares exactly as in ONNX Runtime.
 */
import type { EncodedCohort, Encoding, FeatureEncoding, RawTable } from '../engine/data/types';
import {
  asColumns,
  columnValue,
  readColumn,
  type ColumnsOrMatrix,
} from '../engine/forest/featureColumns';
import type { ForestModel, Tree } from '../engine/forest/types';
import { predictProba, predictProbaRow } from '../engine/forest/predict';
import { encodeColumns, encodeFeatureColumns } from '../engine/data/encode';
import { encodePatient } from '../engine/data/encodePatient';
import {
  countCover,
  forestToOnnx,
  importOnnxModel,
  type OnnxModelInfo,
} from '../engine/interop/index';
import type { ColumnMapping, Explanation, ModelInfo, ModelProvenance, PatientInput } from './types';

/** Said when an imported model is asked for something that needs a local cohort. */
export const NEEDS_COHORT_EXPLAIN =
  'Explanations of an imported model need a reference cohort: ONNX files carry no patient counts per node. Load a reference cohort CSV (patients with the model’s columns) to explain with path-dependent TreeSHAP.';
export const NEEDS_COHORT_TYPICAL =
  'Typical values of an imported model need a reference cohort: load a reference cohort CSV first.';
export const NEEDS_COHORT_DEPENDENCE =
  'The dependence plot of an imported model needs a reference cohort: load a reference cohort CSV (patients with the model’s columns).';
export const NOT_IMPORTED = 'Columns can be mapped only for a model opened from an .onnx file.';

/** Said where an imported model's prediction set would be when its reference cohort has no usable outcomes. */
export const NEEDS_LABELLED_COHORT_SET = (target: string, classes: readonly string[]): string =>
  `Prediction sets need a labelled reference cohort: load one with the outcome column “${target}” (values among ${classes.join(', ')}) to calibrate them on patients the model never saw. An imported model has no out-of-bag patients to calibrate on.`;

/** How an imported model's explanations are computed (shown next to them). */
export const IMPORTED_SHAP_METHOD = (cohort: string, rows: number): string =>
  `Path-dependent TreeSHAP, with each tree's node covers counted from the reference cohort ${cohort} (${rows} patients) on this device, because ONNX files carry no node sample counts.`;

/** An explanation that says why there is none (the probabilities are still the model's). */
export function unavailableExplanation(
  model: { forest: ForestModel; info: ModelInfo },
  patient: PatientInput,
  why: string,
): Explanation {
  const probabilities = Array.from(
    predictProbaRow(model.forest, encodePatient(model.info.encoding, patient).x),
  );
  return {
    classes: model.info.encoding.classes,
    baseValues: probabilities,
    probabilities,
    contributions: [],
    unavailable: why,
  };
}

/** An .onnx file opened as a model: its forest, its description, and the forest without local covers. */
export interface OpenedOnnx {
  forest: ForestModel;
  info: ModelInfo;
}

/** Whether bytes start like a JSON text rather than protobuf (a .genoforest.json read as bytes). */
export function looksLikeJson(bytes: Uint8Array): boolean {
  for (const b of bytes.subarray(0, 64)) {
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0xef || b === 0xbb) continue;
    return b === 0x7b;
  }
  return false;
}

/** Parse .onnx bytes into a model the app can use; throws an Error with a specific message otherwise. */
export function openOnnxModel(bytes: Uint8Array, fileName: string): OpenedOnnx {
  const { forest, info: onnx } = importOnnxModel(bytes);
  checkLeafProbabilities(forest);
  if (new Set(onnx.classLabels).size !== onnx.classLabels.length) {
    throw new Error(`The model's class labels repeat (${onnx.classLabels.join(', ')}).`);
  }
  const mapping = initialMapping(onnx);
  const encoding = importedEncoding(onnx, mapping.names);
  const provenance: ModelProvenance = {
    origin: 'imported',
    fileName,
    format: 'onnx',
    producerName: onnx.producerName || 'unknown producer',
    producerVersion: onnx.producerVersion,
    irVersion: onnx.irVersion,
    mlOpset: onnx.mlOpset,
    operator: onnx.operator,
    checks: importChecks(fileName, onnx),
    columns: mapping,
    referenceCohort: null,
  };
  const info: ModelInfo = {
    params: forest.params,
    encoding,
    nTrees: forest.trees.length,
    nRows: 0,
    classCounts: new Array<number>(forest.nClasses).fill(0),
    fitSeconds: 0,
    oobScore: null,
    importances: [],
    trainedAt: '',
    provenance,
  };
  return { forest: savableForest(forest), info };
}

function initialMapping(onnx: OnnxModelInfo): ColumnMapping {
  if (onnx.featureNames && new Set(onnx.featureNames).size === onnx.featureNames.length) {
    return onnx.featureNamesSource === 'genoforest-preprocessing'
      ? {
          source: 'preprocessing-spec',
          detail: 'GenoForest preprocessing spec in the file',
          names: onnx.featureNames,
        }
      : {
          source: 'file-feature-names',
          detail: 'the feature_names metadata entry of the file',
          names: onnx.featureNames,
        };
  }
  return {
    source: 'unmapped',
    detail: 'the file names no columns: map them from a column list or a CSV header',
    names: Array.from({ length: onnx.nFeatures }, (_, f) => `f${f}`),
  };
}

function importedEncoding(onnx: OnnxModelInfo, names: string[]): Encoding {
  const spec = onnx.preprocessing;
  const features: FeatureEncoding[] = names.map((name, f) => {
    const s = spec?.features[f];
    if (s && s.kind === 'categorical') {
      return {
        kind: 'categorical',
        name,
        categories: [...s.categories],
        counts: new Array<number>(s.categories.length).fill(0),
      };
    }
    // Unknown until a reference cohort is loaded: NaN never flags a value as out of range.
    return { kind: 'numeric', name, min: NaN, max: NaN, median: NaN };
  });
  return {
    features,
    target: spec?.target ?? 'outcome',
    classes: [...onnx.classLabels],
    decimalComma: spec?.decimalComma ?? false,
  };
}

function importChecks(fileName: string, onnx: OnnxModelInfo): string[] {
  const producer = `${onnx.producerName || 'an unnamed producer'}${onnx.producerVersion ? ` ${onnx.producerVersion}` : ''}`;
  const merged =
    onnx.treesInFile !== onnx.trees ? ` (per-class copies merged into ${onnx.trees})` : '';
  return [
    `Read ${fileName} on this device: ONNX IR version ${onnx.irVersion}, ai.onnx.ml opset ${onnx.mlOpset ?? 'not declared'}, written by ${producer}.`,
    `One ${onnx.operator} reading the float32 input “${onnx.inputName}” (${onnx.nFeatures} features); no operator transforms its scores (post_transform NONE).`,
    `${onnx.treesInFile} trees in the file${merged}; ${onnx.classLabels.length} classes: ${onnx.classLabels.join(', ')}.`,
    'Every leaf of every tree holds class probabilities in 0..1 that add up to 1.',
    'Inputs are rounded to float32 before the trees compare them, as ONNX Runtime does.',
  ];
}

/** A forest of averaged trees has per-tree leaf probabilities; anything else (boosting scores) is refused. */
function checkLeafProbabilities(forest: ForestModel): void {
  const K = forest.nClasses;
  forest.trees.forEach((tree, t) => {
    for (let i = 0; i < tree.nodeCount; i++) {
      if (tree.left[i] !== -1) continue;
      let sum = 0;
      for (let k = 0; k < K; k++) {
        const v = tree.value[i * K + k];
        if (!(v >= -1e-5 && v <= 1 + 1e-5)) throw leafError(t, 'a class score outside 0..1');
        sum += v;
      }
      if (Math.abs(sum - 1) > 1e-3) throw leafError(t, `class scores adding up to ${sum}`);
    }
  });
}

function leafError(t: number, what: string): Error {
  return new Error(
    `Tree ${t} has a leaf with ${what}: the model is not a forest averaging class probabilities (boosted trees and scores are not supported).`,
  );
}

/**
 * Internal nodes of imported trees get the mean of their children's values (leaves are untouched), so the
 * forest passes the model-file checks when saved as .genoforest.json; predictions read leaves only.
 */
function savableForest(forest: ForestModel): ForestModel {
  const K = forest.nClasses;
  const trees = forest.trees.map((tree): Tree => {
    const value = Float32Array.from(tree.value);
    // Children follow their parent in the engine layout, so a reverse sweep fills bottom-up.
    for (let i = tree.nodeCount - 1; i >= 0; i--) {
      const l = tree.left[i];
      if (l === -1) {
        for (let k = 0; k < K; k++) value[i * K + k] = Math.min(1, Math.max(0, value[i * K + k]));
        continue;
      }
      const r = tree.right[i];
      for (let k = 0; k < K; k++) value[i * K + k] = (value[l * K + k] + value[r * K + k]) / 2;
    }
    return { ...tree, value };
  });
  return { ...forest, trees };
}

/** Column names from a column list: one per line (blank lines and # comments skipped), or one CSV line. */
export function namesFromColumnList(text: string, nFeatures: number, fileName: string): string[] {
  let names = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '' && !s.startsWith('#'));
  if (names.length === 1 && nFeatures > 1) names = names[0].split(/[,;\t]/).map((s) => s.trim());
  return checkNames(names, nFeatures, `The column list ${fileName}`);
}

/**
 * Column names from a CSV whose columns are in the model's order: all of them, or all but the outcome column
 * when the file has one more (the named `target`, else the last column).
 */
export function namesFromCsvHeader(
  table: RawTable,
  nFeatures: number,
  target: string,
  fileName: string,
): string[] {
  let names = table.headers;
  if (names.length === nFeatures + 1) {
    const t = names.indexOf(target);
    names = names.filter((_, i) => i !== (t >= 0 ? t : names.length - 1));
  }
  return checkNames(names, nFeatures, `The CSV ${fileName}`);
}

function checkNames(names: string[], nFeatures: number, what: string): string[] {
  if (names.length !== nFeatures) {
    throw new Error(
      `${what} names ${names.length} column${names.length === 1 ? '' : 's'}; the model reads ${nFeatures} features, in order.`,
    );
  }
  const empty = names.findIndex((n) => n === '');
  if (empty >= 0) throw new Error(`${what} has no name for feature ${empty}.`);
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new Error(`${what} names the column “${n}” twice.`);
    seen.add(n);
  }
  return names;
}

/** The description of an imported model with its features renamed (kinds and categories kept). */
export function renamedInfo(info: ModelInfo, mapping: ColumnMapping): ModelInfo {
  const features = info.encoding.features.map((f, i): FeatureEncoding => ({
    ...f,
    name: mapping.names[i],
  }));
  return {
    ...info,
    encoding: { ...info.encoding, features },
    importances: [],
    provenance: info.provenance && {
      ...info.provenance,
      columns: mapping,
      referenceCohort: null,
    },
  };
}

/** A reference cohort for an imported model: the encoded rows and the description with its ranges. */
export interface ReferenceCohort {
  cohort: EncodedCohort;
  /** The base forest with node covers counted from the cohort. */
  forest: ForestModel;
  info: ModelInfo;
  /** The forest's probabilities of the cohort's patients with a known outcome, for the prediction sets; null without. */
  calibration: CohortCalibration | null;
}

/** Out-of-sample probabilities (row-major n×K) and true classes that calibrate conformal prediction sets. */
export interface CohortCalibration {
  y: Uint8Array;
  proba: Float64Array;
}

/**
 * The patients of a reference cohort whose outcome column holds one of the model's classes, with the forest's
 * probabilities: the model never saw them, so they calibrate split-conformal sets as out-of-bag rows would.
 */
function cohortCalibration(
  forest: ForestModel,
  table: RawTable,
  encoding: Encoding,
): CohortCalibration | null {
  if (!table.headers.includes(encoding.target)) return null;
  const labelled = encodeColumns(table, encoding);
  if (labelled.nRows === 0) return null;
  return { y: labelled.y, proba: predictProba(forest, labelled.X, labelled.nRows) };
}

/** Encode a CSV with an imported model's columns; every column must be present. */
export function referenceCohort(
  base: ForestModel,
  info: ModelInfo,
  table: RawTable,
  fileName: string,
): ReferenceCohort {
  const { encoding } = info;
  const m = encodeFeatureColumns(table, encoding);
  if (m.nRows === 0) throw new Error(`The reference cohort ${fileName} has no patients.`);
  if (m.missingColumns.length > 0) {
    const shown = m.missingColumns.slice(0, 5).join(', ');
    const more = m.missingColumns.length > 5 ? ` and ${m.missingColumns.length - 5} more` : '';
    throw new Error(
      `The reference cohort ${fileName} lacks the model's column(s) ${shown}${more}; map the model's columns to this file's names first.`,
    );
  }
  const features = encoding.features.map((f, i): FeatureEncoding => {
    const col = readColumn(m.X, i);
    if (f.kind === 'categorical') {
      const counts = new Array<number>(f.categories.length).fill(0);
      for (const v of col) if (v === v) counts[v]++;
      return { ...f, counts };
    }
    const present = Float64Array.from(col.filter((v) => v === v)).sort();
    if (present.length === 0) return f;
    const mid = present.length >> 1;
    const median = present.length % 2 === 1 ? present[mid] : (present[mid - 1] + present[mid]) / 2;
    return { ...f, min: present[0], max: present[present.length - 1], median };
  });
  const nextInfo: ModelInfo = {
    ...info,
    encoding: { ...encoding, features },
    provenance: info.provenance && {
      ...info.provenance,
      referenceCohort: { fileName, rows: m.nRows },
    },
  };
  const cohort: EncodedCohort = {
    X: m.X,
    nRows: m.nRows,
    nFeatures: m.nFeatures,
    y: new Uint8Array(m.nRows),
    encoding: nextInfo.encoding,
    rowIndex: Int32Array.from({ length: m.nRows }, (_, r) => r),
    droppedMissingTarget: 0,
  };
  return {
    cohort,
    forest: countCover(base, m.X, m.nRows),
    info: nextInfo,
    calibration: cohortCalibration(base, table, encoding),
  };
}

/** Rows compared when an exported model is read back (enough to cross every tree's splits many times). */
const CHECK_ROWS = 500;

/**
 * Rows on and just above the forest's numeric split points, every other feature missing: for a model whose
 * cohort is not loaded, they still walk both sides of splits and every missing-value direction.
 */
function splitPointRows(forest: ForestModel, max: number): { X: Float32Array; nRows: number } {
  const points: [number, number][] = [];
  for (const t of forest.trees) {
    for (let i = 0; i < t.nodeCount && points.length < max; i++) {
      if (t.left[i] === -1 || t.catOffset[i] >= 0 || !Number.isFinite(t.threshold[i])) continue;
      const v = Math.fround(t.threshold[i]);
      points.push([t.feature[i], v], [t.feature[i], Math.fround(v + Math.abs(v) * 1e-6 + 1e-30)]);
    }
  }
  const nRows = points.length;
  const X = new Float32Array(nRows * forest.nFeatures).fill(NaN);
  points.forEach(([f, v], r) => (X[f * nRows + r] = v));
  return { X, nRows };
}

/**
 * The model as .onnx bytes, read back on this device: the re-imported forest must give the same
 * probabilities (1e-6) on up to CHECK_ROWS rows of `X` (column-major float32, or feature columns; without them,
 * rows on the split points), else nothing is returned.
 */
export function exportCheckedOnnx(
  forest: ForestModel,
  info: ModelInfo,
  rows: { X: ColumnsOrMatrix; nRows: number } | null,
): Uint8Array {
  const bytes = forestToOnnx(forest, {
    encoding: info.encoding,
    description: `Random forest predicting ${info.encoding.target}, saved from GenoForest`,
  });
  const back = importOnnxModel(bytes).forest;
  const check = rows ?? splitPointRows(forest, CHECK_ROWS);
  const n = Math.min(check.nRows, CHECK_ROWS);
  const columns = asColumns(check.X, check.nRows);
  const x = new Float32Array(forest.nFeatures);
  for (let r = 0; r < n; r++) {
    for (let f = 0; f < forest.nFeatures; f++) x[f] = columnValue(columns, f, r);
    const a = predictProbaRow(forest, x);
    const b = predictProbaRow(back, x);
    for (let k = 0; k < a.length; k++) {
      if (Math.abs(a[k] - b[k]) > 1e-6) {
        throw new Error(
          `The ONNX file did not read back the same: patient ${r + 1} gets ${b[k]} instead of ${a[k]} for “${info.encoding.classes[k]}”. Nothing was saved.`,
        );
      }
    }
  }
  return bytes;
}
