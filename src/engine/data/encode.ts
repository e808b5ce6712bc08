/**
 * Raw cells → numbers for the forest, and the Encoding that repeats the same mapping for new patients.
 *
 * Numeric features keep their value (NaN when missing or not a number). Categorical features become
 * the index of their category, categories ordered by training frequency (most frequent first, then
 * text order); a value never seen in training is NaN, so the forest treats it as missing. The outcome's
 * classes are sorted (numerically when every value is a number, else in text order) and rows without
 * an outcome are left out.
 */
import type {
  CodedColumn,
  EncodedCohort,
  EncodedDataset,
  Encoding,
  FeatureEncoding,
  OutcomeSummary,
  RawTable,
  TableSchema,
  TrainingSetup,
} from './types';
import {
  cellMapper,
  cellText,
  codeValues,
  countColumnCodes,
  gatherPacked,
  numberColumn,
  smallNumberColumn,
} from './cells';
import { categoryLookup, categoryOf } from './categoryLookup';
import { valuesAsRead } from './numberText';
import { genotypeDose } from './genomic/genotypeStrings';
import { CLASS_LIKE_TOKENS, outcomeComma, outcomeKey, readOutcome } from './outcome';
import { MISSING_CODE } from './types';
import { timeToEventWarning } from './timeToEvent';
import {
  allocateColumns,
  type ColumnAllocators,
  type FeatureColumns,
} from '../forest/featureColumns';
import {
  compareText,
  isMissingCell,
  medianInPlace,
  medianOfCounts,
  parseNumber,
  shortName,
  usesDecimalComma,
  type CommaUse,
} from './values';

/** Classes above this look like a continuous number rather than outcome categories. */
const MANY_CLASSES = 20;
/** The class index is stored in a Uint8Array. */
const MAX_CLASSES = 256;
const SMALL_CLASS = 5;

/** Decides the features, categories and classes for training, and describes the outcome. */
export function buildEncoding(
  table: RawTable,
  schema: TableSchema,
  setup: TrainingSetup,
): { encoding: Encoding; summary: OutcomeSummary } {
  const decimalComma = usesDecimalComma(table.delimiter);
  const keepTokens = setup.keepTokensAsClasses === true;
  const errors: string[] = [];
  const warnings: string[] = [];
  const target = setup.target;
  const targetIndex = table.headers.indexOf(target);
  const quoted = shortName(target);
  let treatedAsMissing: { value: string; count: number }[] = [];

  let classes: string[] = [];
  let classCounts: number[] = [];
  let keys: (string | null)[] | null = null;
  let dropped = 0;
  if (targetIndex < 0) {
    errors.push(
      `The outcome column "${quoted}" is not in the file. Its columns are: ${listNames(table.headers)}.`,
    );
  } else {
    const outcome = readOutcome(table, targetIndex, keepTokens);
    treatedAsMissing = outcome.treatedAsMissing;
    keys = outcome.keys;
    classes = outcome.classes;
    classCounts = outcome.counts;
    dropped = table.rowCount - outcome.present;
    if (classes.length === 0) {
      errors.push(`The outcome column "${quoted}" has no values.`);
    } else if (classes.length === 1) {
      errors.push(
        `The outcome column "${quoted}" has only one class (${shortName(classes[0])}): a model needs at least two.`,
      );
    } else if (classes.length > MAX_CLASSES) {
      errors.push(
        `The outcome column "${quoted}" has ${classes.length} different values: it looks like a continuous number, and a classifier needs categories (at most ${MAX_CLASSES}).`,
      );
    } else if (classes.length > MANY_CLASSES) {
      warnings.push(
        `The outcome column "${quoted}" has ${classes.length} different values: it looks numeric or continuous rather than a few outcome categories.`,
      );
    }
    if (classes.length >= 2) {
      const survival = timeToEventWarning(target, classes, schema);
      if (survival) warnings.push(survival);
    }
    if (classes.length >= 2 && classes.length <= MAX_CLASSES) {
      const small = classes
        .map((c, i) => ({ c, n: classCounts[i] }))
        .filter((x) => x.n < SMALL_CLASS);
      for (const { c, n } of small.slice(0, 5)) {
        warnings.push(
          `The class "${shortName(c)}" has only ${n} patient${n === 1 ? '' : 's'}: predictions of it will be unreliable.`,
        );
      }
      if (small.length > 5)
        warnings.push(`${small.length - 5} more classes have fewer than ${SMALL_CLASS} patients.`);
    }
    if (dropped > 0 && table.rowCount > 0) {
      const share = dropped / table.rowCount;
      warnings.push(
        share > 0.5
          ? `The outcome column "${quoted}" is mostly empty: ${dropped} of ${table.rowCount} rows (${percent(share)}) have no outcome and are left out.`
          : `${dropped} row${dropped === 1 ? '' : 's'} without an outcome ${dropped === 1 ? 'is' : 'are'} left out.`,
      );
    }
    const classLike = treatedAsMissing.filter((m) =>
      CLASS_LIKE_TOKENS.includes(m.value.toLowerCase()),
    );
    for (const m of classLike) {
      warnings.push(
        `${m.count} row${m.count === 1 ? ' has' : 's have'} the outcome “${m.value}”, treated as missing and left out. If “${m.value}” is a real outcome, keep such values as classes.`,
      );
    }
  }

  const used: number[] = [];
  for (let r = 0; r < table.rowCount; r++) if (!keys || keys[r] !== null) used.push(r);

  const choices = new Map(setup.columns.map((c) => [c.name, c]));
  const byName = new Map(schema.columns.map((c) => [c.name, c]));
  const features: FeatureEncoding[] = [];
  table.headers.forEach((name, c) => {
    if (c === targetIndex) return;
    const column = byName.get(name);
    const choice = choices.get(name);
    const excluded = choice?.excluded ?? column?.excluded ?? false;
    if (excluded) return;
    const kind =
      choice?.kind ??
      (column?.kind === 'numeric' || column?.kind === 'categorical' || column?.kind === 'genotype'
        ? column.kind
        : column?.min !== undefined
          ? 'numeric'
          : 'categorical');
    const coded = smallNumberColumn(table, c);
    const numbers = numberColumn(table, c);
    let feature: FeatureEncoding | null;
    if (kind === 'categorical') {
      feature = categoricalFeature(name, (r) => cellText(table, c, r), used);
    } else if (coded) {
      feature = codedFeature(
        name,
        coded,
        table.rowCount,
        used.length === table.rowCount ? null : used,
      );
    } else if (numbers && valuesAsRead(numbers, column?.comma)) {
      const values = numbers.values;
      feature = numericFeature(name, (r) => values[r], used);
      if (feature?.kind === 'numeric' && column?.comma) feature.comma = column.comma;
    } else if (kind === 'genotype' && column?.genotype) {
      const { counted, other, source } = column.genotype;
      const dose = cellMapper(table, c, (text) => genotypeDose(text, counted, other));
      feature = numericFeature(name, dose, used);
      if (feature?.kind === 'numeric') feature.genotype = { counted, other, source };
    } else {
      const comma = column?.comma;
      feature = numericFeature(
        name,
        cellMapper(table, c, (text) => (isMissingCell(text) ? NaN : parseNumber(text, comma))),
        used,
      );
      if (feature?.kind === 'numeric' && comma) feature.comma = comma;
    }
    if (feature) features.push(feature);
    else
      warnings.push(
        kind === 'categorical'
          ? `"${shortName(name)}" holds no values in the rows used, so it is left out.`
          : `"${shortName(name)}" holds no numbers in the rows used, so it is left out.`,
      );
  });
  if (features.length === 0) {
    errors.push(
      'No feature columns are left: every column other than the outcome is excluded or empty. Include at least one column.',
    );
  }

  const encoding: Encoding = { features, target, classes };
  if (decimalComma) encoding.decimalComma = true;
  if (keepTokens) encoding.keepTokensAsClasses = true;
  return {
    encoding,
    summary: {
      target,
      classes,
      classCounts,
      rowsUsed: keys ? used.length : 0,
      droppedMissingTarget: dropped,
      treatedAsMissing,
      nFeatures: features.length,
      errors,
      warnings,
    },
  };
}

/** Makes the feature matrix of `length` values (e.g. in shared memory, so workers read it without a copy). */
export type MatrixAllocator = (length: number) => Float32Array;

/**
 * Encodes the rows of a table that have an outcome, column-major, exactly as buildEncoding described; `allocate`
 * makes the feature matrix (default: an ordinary Float32Array).
 */
export function encodeTable(
  table: RawTable,
  encoding: Encoding,
  allocate?: MatrixAllocator,
): EncodedDataset {
  const rows = outcomeRows(table, encoding);
  const { X, missingColumns } = fillFeatures(table, encoding, rows.rowIndex, allocate);
  return withOutcome(X, encoding, rows, missingColumns);
}

/** The encoded cohort around its feature values X (a matrix or columns): the outcome rows and what was dropped. */
function withOutcome<X>(
  X: X,
  encoding: Encoding,
  rows: ReturnType<typeof outcomeRows>,
  missingColumns: string[],
): Omit<EncodedDataset, 'X'> & { X: X } {
  const { rowIndex, y, droppedMissingTarget, droppedUnknownClass } = rows;
  const dataset: Omit<EncodedDataset, 'X'> & { X: X } = {
    X,
    nRows: rowIndex.length,
    nFeatures: encoding.features.length,
    y,
    encoding,
    rowIndex,
    droppedMissingTarget,
  };
  if (droppedUnknownClass > 0) dataset.droppedUnknownClass = droppedUnknownClass;
  if (missingColumns.length > 0) dataset.missingColumns = missingColumns;
  return dataset;
}

/**
 * encodeTable with the hard-called genotype columns (numeric columns held as 1-byte codes whose values in the rows
 * used are 0, 1, 2 or missing) 2-bit packed instead of float32: a genome's columns at a quarter of a byte a
 * genotype. The values are those encodeTable gives. `allocate` makes the arrays (e.g. in shared memory).
 */
export function encodeColumns(
  table: RawTable,
  encoding: Encoding,
  allocate?: ColumnAllocators,
): EncodedCohort {
  const rows = outcomeRows(table, encoding);
  const { columns, missingColumns } = fillColumns(table, encoding, rows.rowIndex, allocate);
  return withOutcome(columns, encoding, rows, missingColumns);
}

/** encodeFeatureMatrix as feature columns: every row's features (no outcome needed), genotypes 2-bit packed. */
export function encodeFeatureColumns(
  table: RawTable,
  encoding: Encoding,
): { X: FeatureColumns; nRows: number; nFeatures: number; missingColumns: string[] } {
  const rowIndex = new Int32Array(table.rowCount);
  for (let r = 0; r < rowIndex.length; r++) rowIndex[r] = r;
  const { columns, missingColumns } = fillColumns(table, encoding, rowIndex);
  return {
    X: columns,
    nRows: rowIndex.length,
    nFeatures: encoding.features.length,
    missingColumns,
  };
}

/** The feature columns of rows rowIndex: hard-called genotype columns packed, the others as floats. */
function fillColumns(
  table: RawTable,
  encoding: Encoding,
  rowIndex: Int32Array,
  allocate?: ColumnAllocators,
): { columns: FeatureColumns; missingColumns: string[] } {
  const nRows = rowIndex.length;
  const decimalComma = encoding.decimalComma === true;
  const columnOf = new Map(table.headers.map((h, i) => [h, i]));
  const source = encoding.features.map((feature) => columnOf.get(feature.name));
  const pack = Uint8Array.from(encoding.features, (feature, f) => {
    const c = source[f];
    const coded =
      c === undefined || feature.kind !== 'numeric' ? null : smallNumberColumn(table, c);
    if (!coded) return 0;
    return coded.packed || dosesOnly(codeValues(coded, table.rowCount), rowIndex) ? 1 : 0;
  });
  const view = packedView(table, source, pack, rowIndex);
  const columns = allocateColumns(
    nRows,
    pack,
    view ? { ...allocate, packed: () => view.packed } : allocate,
  );
  if (view) columns.packOff.set(view.packOff);
  const missingColumns: string[] = [];
  encoding.features.forEach((feature, f) => {
    const c = source[f];
    const d = columns.denseOff[f];
    if (c === undefined) {
      missingColumns.push(feature.name);
      columns.dense.fill(NaN, d, d + nRows);
    } else if (pack[f]) {
      const coded = smallNumberColumn(table, c) as CodedColumn;
      if (view) {
        // Read in place: the table's own codes.
      } else if (coded.packed) copyPacked(coded.packed, rowIndex, table.rowCount, columns, f);
      else packCodes(codeValues(coded, table.rowCount), rowIndex, columns, f);
    } else {
      fillColumn(table, feature, c, rowIndex, decimalComma, columns.dense.subarray(d, d + nRows));
    }
  });
  return { columns, missingColumns };
}

/**
 * The table's own packed codes as the packed feature columns, without a copy (a genome's codes are then held once,
 * not twice: issue 21), when every row is encoded in order and every packed feature is a packed column of one
 * buffer in shared memory (a .bed loaded where memory can be shared): nothing can detach or replace it, and the
 * table's codes are never changed once loaded. Else null, and the codes are copied.
 */
function packedView(
  table: RawTable,
  source: (number | undefined)[],
  pack: Uint8Array,
  rowIndex: Int32Array,
): { packed: Uint8Array; packOff: Int32Array } | null {
  const n = rowIndex.length;
  if (n !== table.rowCount || typeof SharedArrayBuffer !== 'function') return null;
  for (let i = 0; i < n; i++) if (rowIndex[i] !== i) return null;
  const stride = (n + 3) >>> 2;
  let buffer: SharedArrayBuffer | null = null;
  let lo = Infinity;
  let hi = 0;
  const at = new Int32Array(pack.length).fill(-1);
  for (let f = 0; f < pack.length; f++) {
    if (!pack[f]) continue;
    const codes = smallNumberColumn(table, source[f] as number)?.packed;
    if (!codes || codes.byteLength !== stride || !(codes.buffer instanceof SharedArrayBuffer)) {
      return null;
    }
    if (buffer === null) buffer = codes.buffer;
    // One buffer, in feature order (sliceColumns takes a range of features as one range of it).
    else if (codes.buffer !== buffer || codes.byteOffset < hi) return null;
    at[f] = codes.byteOffset;
    lo = Math.min(lo, codes.byteOffset);
    hi = Math.max(hi, codes.byteOffset + stride);
  }
  if (buffer === null) return null;
  for (let f = 0; f < at.length; f++) if (at[f] >= 0) at[f] -= lo;
  return { packed: new Uint8Array(buffer, lo, hi - lo), packOff: at };
}

/** Whether codes[rows[i]] are all doses 0, 1, 2 or missing. */
function dosesOnly(codes: Uint8Array, rows: Int32Array): boolean {
  for (let i = 0; i < rows.length; i++) {
    const v = codes[rows[i]];
    if (v > 2 && v !== MISSING_CODE) return false;
  }
  return true;
}

/** Packs codes[rows[i]] (0..2, MISSING_CODE) into packed column f, four rows a byte. */
function packCodes(codes: Uint8Array, rows: Int32Array, columns: FeatureColumns, f: number): void {
  const po = columns.packOff[f];
  const packed = columns.packed;
  const n = rows.length;
  // MISSING_CODE (255) & 3 is the missing 2-bit code 3; doses are their own codes.
  let i = 0;
  for (; i + 3 < n; i += 4) {
    packed[po + (i >>> 2)] =
      (codes[rows[i]] & 3) |
      ((codes[rows[i + 1]] & 3) << 2) |
      ((codes[rows[i + 2]] & 3) << 4) |
      ((codes[rows[i + 3]] & 3) << 6);
  }
  let last = 0;
  for (; i < n; i++) last |= (codes[rows[i]] & 3) << ((i & 3) << 1);
  if (n & 3) packed[po + (n >>> 2)] = last;
}

/** Packed doses' rows `rows` into packed column f: every row in order (a .bed's cohort) is a copy of the bytes. */
function copyPacked(
  packed: Uint8Array,
  rows: Int32Array,
  nSource: number,
  columns: FeatureColumns,
  f: number,
): void {
  const n = rows.length;
  let inOrder = n === nSource;
  for (let i = 0; inOrder && i < n; i++) inOrder = rows[i] === i;
  // The bits past the last row are 0 in both (plinkBed clears them, as packCodes leaves them).
  columns.packed.set(
    inOrder ? packed.subarray(0, (n + 3) >>> 2) : gatherPacked(packed, rows),
    columns.packOff[f],
  );
}

/** Rows of a table that have an outcome of the encoding's classes, and their class indices. */
function outcomeRows(
  table: RawTable,
  encoding: Encoding,
): {
  rowIndex: Int32Array;
  y: Uint8Array;
  droppedMissingTarget: number;
  droppedUnknownClass: number;
} {
  const targetIndex = table.headers.indexOf(encoding.target);
  if (targetIndex < 0) {
    throw new Error(
      `The outcome column "${shortName(encoding.target)}" is not in the file. Its columns are: ${listNames(table.headers)}.`,
    );
  }
  const comma = outcomeComma(table, targetIndex);
  const keepTokens = encoding.keepTokensAsClasses === true;
  const numericClasses = encoding.classes.every((c) => !Number.isNaN(parseNumber(c)));
  const classIndex = new Map(encoding.classes.map((c, i) => [c, i]));
  const rows: number[] = [];
  const labels: number[] = [];
  let droppedMissingTarget = 0;
  let droppedUnknownClass = 0;
  for (let r = 0; r < table.rowCount; r++) {
    const key = outcomeKey(cellText(table, targetIndex, r), numericClasses, comma, keepTokens);
    if (key === null) {
      droppedMissingTarget++;
      continue;
    }
    const k = classIndex.get(key);
    if (k === undefined) {
      droppedUnknownClass++;
      continue;
    }
    rows.push(r);
    labels.push(k);
  }
  return {
    rowIndex: Int32Array.from(rows),
    y: Uint8Array.from(labels),
    droppedMissingTarget,
    droppedUnknownClass,
  };
}

/** Encodes every row's features (no outcome needed), e.g. for scoring a file of new patients. */
export function encodeFeatureMatrix(
  table: RawTable,
  encoding: Encoding,
): { X: Float32Array; nRows: number; nFeatures: number; missingColumns: string[] } {
  const rowIndex = new Int32Array(table.rowCount);
  for (let r = 0; r < rowIndex.length; r++) rowIndex[r] = r;
  const { X, missingColumns } = fillFeatures(table, encoding, rowIndex);
  return { X, nRows: rowIndex.length, nFeatures: encoding.features.length, missingColumns };
}

function numericFeature(
  name: string,
  valueAt: (row: number) => number,
  rows: number[],
): FeatureEncoding | null {
  const values = new Float64Array(rows.length);
  let n = 0;
  for (const r of rows) {
    const v = valueAt(r);
    // Training values are used at float32 precision, so the range is kept at that precision too.
    if (!Number.isNaN(v)) values[n++] = Math.fround(v);
  }
  if (n === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  return { kind: 'numeric', name, min, max, median: medianInPlace(values, n) };
}

/**
 * A numeric feature from a coded column, from counts of its codes (`rows` null: every row): a genome's columns are
 * summarised without a float copy of each.
 */
function codedFeature(
  name: string,
  column: CodedColumn,
  nRows: number,
  rows: number[] | null,
): FeatureEncoding | null {
  const counts = countColumnCodes(column, nRows, rows);
  let n = 0;
  let min = -1;
  let max = 0;
  for (let v = 0; v < MISSING_CODE; v++) {
    if (counts[v] === 0) continue;
    n += counts[v];
    if (min < 0) min = v;
    max = v;
  }
  if (n === 0) return null;
  const median = medianOfCounts(counts, n);
  // Made whole in one literal, and a genotype's coding shared with its column (never written to): adding it after
  // cost an out-of-object property store and a copy, some 150 bytes a variant of a .bed's 300,000.
  return column.genotype
    ? { kind: 'numeric', name, min, max, median, genotype: column.genotype }
    : { kind: 'numeric', name, min, max, median };
}

function categoricalFeature(
  name: string,
  cellAt: (row: number) => string,
  rows: number[],
): FeatureEncoding | null {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const cell = cellAt(r);
    if (isMissingCell(cell)) continue;
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
  }
  if (counts.size === 0) return null;
  const ordered = [...counts].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
  return {
    kind: 'categorical',
    name,
    categories: ordered.map(([value]) => value),
    counts: ordered.map(([, count]) => count),
  };
}

function fillFeatures(
  table: RawTable,
  encoding: Encoding,
  rowIndex: Int32Array,
  allocate: MatrixAllocator = (length) => new Float32Array(length),
): { X: Float32Array; missingColumns: string[] } {
  const decimalComma = encoding.decimalComma === true;
  const nRows = rowIndex.length;
  const X = allocate(encoding.features.length * nRows);
  const missingColumns: string[] = [];
  const columnOf = new Map(table.headers.map((h, i) => [h, i]));
  encoding.features.forEach((feature, f) => {
    const offset = f * nRows;
    const c = columnOf.get(feature.name);
    if (c === undefined) {
      missingColumns.push(feature.name);
      X.fill(NaN, offset, offset + nRows);
      return;
    }
    fillColumn(table, feature, c, rowIndex, decimalComma, X.subarray(offset, offset + nRows));
  });
  return { X, missingColumns };
}

/** Encodes feature `feature`, read from the table's column c at rows rowIndex, into X (nRows values). */
function fillColumn(
  table: RawTable,
  feature: FeatureEncoding,
  c: number,
  rowIndex: Int32Array,
  decimalComma: boolean,
  X: Float32Array,
): void {
  const nRows = rowIndex.length;
  const coded = smallNumberColumn(table, c);
  const numbers = numberColumn(table, c);
  if (feature.kind === 'numeric' && coded) {
    const values = codeValues(coded, table.rowCount);
    for (let i = 0; i < nRows; i++) {
      const v = values[rowIndex[i]];
      X[i] = v === MISSING_CODE ? NaN : v;
    }
  } else if (
    feature.kind === 'numeric' &&
    numbers &&
    !feature.genotype &&
    valuesAsRead(numbers, feature.comma ?? decimalComma)
  ) {
    // Plain numbers, any comma a decimal comma: the values are as read, and a missing cell is already NaN.
    const values = numbers.values;
    for (let i = 0; i < nRows; i++) X[i] = values[rowIndex[i]];
  } else if (feature.kind === 'numeric') {
    const genotype = feature.genotype;
    const comma: CommaUse | boolean = feature.comma ?? decimalComma;
    const valueAt = cellMapper(table, c, (cell) =>
      isMissingCell(cell)
        ? NaN
        : genotype
          ? genotypeDose(cell, genotype.counted, genotype.other)
          : parseNumber(cell, comma),
    );
    for (let i = 0; i < nRows; i++) X[i] = valueAt(rowIndex[i]);
  } else {
    const lookup = categoryLookup(feature);
    const categoryAt = cellMapper(table, c, (cell) => {
      const k = categoryOf(lookup, cell);
      return k >= 0 ? k : NaN;
    });
    for (let i = 0; i < nRows; i++) X[i] = categoryAt(rowIndex[i]);
  }
}

function listNames(names: string[]): string {
  const shown = names
    .slice(0, 30)
    .map((n) => shortName(n))
    .join(', ');
  return names.length > 30 ? `${shown} and ${names.length - 30} more` : shown;
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
