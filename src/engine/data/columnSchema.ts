/**
 * Schema of one column, however the column is held (text, coded texts, small numbers, float64 numbers). The rules,
 * in order:
 * 1. Cells that are empty or a missing token (NA, N/A, NaN, ?, null, none, -, ., #N/A; any case) are missing.
 * 2. No value left → "empty" (excluded).
 * 3. At least 90 % of the present cells are plain numbers → numeric; the other cells are listed as
 *    non-numeric (row numbers kept) and count as missing when encoded. Numbers stay numeric however few
 *    distinct values they take: SNP genotypes 0/1/2 are ordered, and a 0/1 column splits the same
 *    either way. The user can switch any column to categorical.
 * 4. Otherwise → categorical (levels most frequent first).
 * 5. One distinct value → "constant" (excluded).
 * 6. Identifier (excluded): a text column whose present values are all different and cover at least
 *    95 % of rows (of 20 or more, or named like an id); or a whole-number column, every value different, named like an id
 *    (id, patient, sample, subject, record, …) or running through consecutive integers (a row index).
 */
import { genotypeAlleles, genotypeDose } from './genomic/genotypeStrings';
import type { CodedColumn, ColumnKind, ColumnSchema, NumberColumn } from './types';
import { byteCodes, countCodes, countColumnCodes } from './cells';
import { commaCounts } from './numberText';
import { MISSING_CODE } from './types';
import { commaUseOf, compareText, isMissingCell, medianOfCounts, parseNumber } from './values';

const NUMERIC_SHARE = 0.9;
const MAX_LISTED = 10;
const MAX_LEVELS = 1000;
const ID_NAME =
  /(^|[^a-z])(id|ids|identifier|patient|patients|sample|samples|subject|record|case|participant|row|index|key|barcode|accession|mrn)($|[^a-z])|^(patientid|sampleid|subjectid|recordid|caseid|rowid)$/i;

/** Cells given as distinct texts with how often each occurs (a coded column's levels), not one per row. */
export interface CellCounts {
  /** counts[k]: cells whose text is the k-th. */
  counts: ArrayLike<number>;
  /** The first `max` rows (0-based, in order) whose text k passes keep, with that k. */
  firstRows(keep: (k: number) => boolean, max: number): { row: number; k: number }[];
}

/**
 * Infers a column of 1-byte codes of texts (genotype strings, categories) from each text once with its count: the
 * schema inferColumn gives for the cells, without reading every cell's text.
 */
export function inferLevelsColumn(
  name: string,
  index: number,
  coded: CodedColumn,
  levels: string[],
  allowComma: boolean,
): ColumnSchema {
  const codes = byteCodes(coded);
  const all = countCodes(codes);
  // The texts, with the empty cell (MISSING_CODE) as one more.
  const cells = [...levels, ''];
  const counts = [...levels.map((_, k) => all[k]), all[MISSING_CODE]];
  const codeOf = (k: number) => (k === levels.length ? MISSING_CODE : k);
  return inferColumn(name, index, cells, allowComma, {
    counts,
    firstRows(keep, max) {
      const wanted = new Uint8Array(256);
      cells.forEach((_, k) => (wanted[codeOf(k)] = keep(k) ? 1 : 0));
      const found: { row: number; k: number }[] = [];
      for (let r = 0; r < codes.length && found.length < max; r++) {
        const code = codes[r];
        if (wanted[code]) found.push({ row: r, k: code === MISSING_CODE ? levels.length : code });
      }
      return found;
    },
  });
}

/** Infers a coded (1-byte) column: a genotype when it carries a coding, else a small-number column. */
export function inferCodedColumn(
  name: string,
  index: number,
  coded: CodedColumn,
  n: number,
): ColumnSchema {
  const counts = countColumnCodes(coded, n);
  const [c0, c1, c2] = counts;
  const missing = counts[MISSING_CODE];
  const present = n - missing;
  let distinct = 0;
  let sum = 0;
  let min = -1;
  let max = 0;
  for (let v = 0; v < MISSING_CODE; v++) {
    if (counts[v] === 0) continue;
    distinct++;
    if (min < 0) min = v;
    max = v;
    sum += v * counts[v];
  }
  let kind: ColumnKind = coded.genotype ? 'genotype' : 'numeric';
  if (present === 0) kind = 'empty';
  else if (distinct === 1) kind = 'constant';
  const excluded = kind !== 'numeric' && kind !== 'genotype';
  const nonNumeric: ColumnSchema['nonNumeric'] = [];
  if (present === 0) {
    return {
      name,
      index,
      inferred: kind,
      kind,
      excluded,
      missing,
      distinct,
      nonNumeric,
      nonNumericCount: 0,
    };
  }
  // Each shape made whole in one literal (the same keys in the same order as before): properties added one by one
  // after were stored out of the object, some hundreds of bytes more a column at every variant of a .bed.
  const median = medianOfCounts(counts, present);
  const mean = sum / present;
  const g = coded.genotype;
  if (g && kind === 'genotype') {
    return {
      name,
      index,
      inferred: kind,
      kind,
      excluded,
      missing,
      distinct,
      nonNumeric,
      nonNumericCount: 0,
      min,
      max,
      median,
      mean,
      // Not a spread: a spread object given one more property gets a hidden class of its own, ~200 bytes a column.
      genotype: { counted: g.counted, other: g.other, source: g.source, doseCounts: [c0, c1, c2] },
    };
  }
  return {
    name,
    index,
    inferred: kind,
    kind,
    excluded,
    missing,
    distinct,
    nonNumeric,
    nonNumericCount: 0,
    min,
    max,
    median,
    mean,
  };
}

/** Infers one column's schema from its raw cells (allowComma: the file's delimiter is not a comma). */
export function inferColumn(
  name: string,
  index: number,
  cells: string[],
  allowComma = false,
  counted?: CellCounts,
): ColumnSchema {
  const { comma, ambiguous } = commaUseOf(cells, allowComma);
  const weight = counted?.counts;
  let rows = cells.length;
  if (weight) {
    rows = 0;
    for (let k = 0; k < cells.length; k++) rows += weight[k];
  }
  let missing = 0;
  let numbers = 0;
  const values = new Float64Array(rows);
  let notNumbers: { row: number; value: string }[] = [];
  const notNumber: boolean[] = [];
  let notNumberCount = 0;
  for (let k = 0; k < cells.length; k++) {
    const cell = cells[k];
    const w = weight ? weight[k] : 1;
    if (w === 0) continue;
    if (isMissingCell(cell)) {
      missing += w;
      continue;
    }
    const v = parseNumber(cell, comma);
    if (Number.isNaN(v)) {
      notNumberCount += w;
      notNumber[k] = true;
      if (!weight && notNumbers.length < MAX_LISTED) notNumbers.push({ row: k + 1, value: cell });
    } else {
      for (let i = 0; i < w; i++) values[numbers++] = v;
    }
  }
  if (counted && notNumberCount > 0) {
    notNumbers = counted
      .firstRows((k) => notNumber[k] === true, MAX_LISTED)
      .map(({ row, k }) => ({ row: row + 1, value: cells[k] }));
  }
  const present = rows - missing;
  const base: Omit<ColumnSchema, 'inferred' | 'kind' | 'excluded' | 'distinct'> = {
    name,
    index,
    missing,
    nonNumeric: [],
    nonNumericCount: 0,
  };
  if (comma) base.comma = comma;
  if (ambiguous) base.commaAmbiguous = true;
  if (present === 0) return withKind({ ...base, distinct: 0 }, 'empty');

  if (numbers >= NUMERIC_SHARE * present) {
    const summary = numericSummary(name, values.subarray(0, numbers), rows, notNumberCount);
    const column = {
      ...base,
      nonNumeric: notNumbers,
      nonNumericCount: notNumberCount,
      ...summary.stats,
    };
    if (summary.kind === 'constant')
      return withKind({ ...column, levels: levelsOf(cells, weight) }, 'constant');
    return withKind(column, summary.kind);
  }

  const levels = levelsOf(cells, weight);
  const distinct = levels.length;
  const alleles = distinct > 1 ? genotypeAlleles(cells, isMissingCell, undefined, weight) : null;
  if (alleles) {
    const doseCounts: [number, number, number] = [0, 0, 0];
    let noCalls = 0;
    for (let k = 0; k < cells.length; k++) {
      const cell = cells[k];
      const w = weight ? weight[k] : 1;
      if (w === 0 || isMissingCell(cell)) continue;
      const dose = genotypeDose(cell, alleles.counted, alleles.other);
      if (Number.isNaN(dose)) noCalls += w;
      else doseCounts[dose] += w;
    }
    const genotype = { counted: alleles.counted, other: alleles.other, source: 'strings' as const };
    const called = doseCounts[0] + doseCounts[1] + doseCounts[2];
    const mean = (doseCounts[1] + 2 * doseCounts[2]) / called;
    return withKind(
      {
        ...base,
        missing: missing + noCalls,
        distinct,
        levels: levels.slice(0, MAX_LEVELS),
        min: doseCounts[0] > 0 ? 0 : doseCounts[1] > 0 ? 1 : 2,
        max: doseCounts[2] > 0 ? 2 : doseCounts[1] > 0 ? 1 : 0,
        median: medianOfCounts(doseCounts, doseCounts[0] + doseCounts[1] + doseCounts[2]),
        mean,
        genotype: { ...genotype, doseCounts },
      },
      'genotype',
    );
  }
  let kind: ColumnKind = 'categorical';
  if (distinct === 1) kind = 'constant';
  else if (distinct === present && present >= 0.95 * rows && (rows >= 20 || ID_NAME.test(name)))
    kind = 'identifier';
  return withKind(
    { ...base, distinct, levels: kind === 'identifier' ? undefined : levels.slice(0, MAX_LEVELS) },
    kind,
  );
}

/**
 * Infers a column held as float64 numbers while parsing (every present cell a plain number): the same schema
 * inferColumn gives for its text, without reading that text. Commas are read as inferColumn reads them: a column
 * with a decimal comma ("5,120", not only "12,500"-like values) in a file that allows one holds its values as they
 * are; the rare others (commas in a comma-separated file, only "12,500"-like values) are inferred from their text.
 */
export function inferNumberColumn(
  name: string,
  index: number,
  column: NumberColumn,
  cells: () => string[],
  allowComma = false,
): ColumnSchema {
  const { commas, thousandsShaped } = commaCounts(column);
  const decimalComma = allowComma && commas > thousandsShaped;
  if (commas > 0 && !decimalComma) return inferColumn(name, index, cells(), allowComma);
  const rows = column.values.length;
  const values = new Float64Array(rows);
  let n = 0;
  for (let r = 0; r < rows; r++) {
    const v = column.values[r];
    if (v === v) values[n++] = v;
  }
  const base: Omit<ColumnSchema, 'inferred' | 'kind' | 'excluded' | 'distinct'> = {
    name,
    index,
    missing: rows - n,
    nonNumeric: [],
    nonNumericCount: 0,
  };
  if (decimalComma) base.comma = 'decimal';
  if (n === 0) return withKind({ ...base, distinct: 0 }, 'empty');
  const summary = numericSummary(name, values.subarray(0, n), rows, 0);
  if (summary.kind === 'constant')
    return withKind({ ...base, ...summary.stats, levels: levelsOf(cells()) }, 'constant');
  return withKind({ ...base, ...summary.stats }, summary.kind);
}

/**
 * Summary of a numeric column's numbers (reordered here) and whether they are one value, a row index or an
 * identifier named so, or ordinary numbers.
 */
function numericSummary(
  name: string,
  values: Float64Array,
  rows: number,
  notNumberCount: number,
): {
  kind: ColumnKind;
  stats: Required<Pick<ColumnSchema, 'distinct' | 'min' | 'max' | 'median' | 'mean'>>;
} {
  const numbers = values.length;
  const sorted = values.sort();
  let distinct = 0;
  let integers = true;
  let sum = 0;
  for (let i = 0; i < numbers; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct++;
    if (!Number.isInteger(sorted[i])) integers = false;
    sum += sorted[i];
  }
  const min = sorted[0];
  const max = sorted[numbers - 1];
  const median =
    numbers % 2 === 1
      ? sorted[(numbers - 1) / 2]
      : (sorted[numbers / 2 - 1] + sorted[numbers / 2]) / 2;
  let kind: ColumnKind = 'numeric';
  if (distinct === 1) kind = 'constant';
  else if (
    integers &&
    notNumberCount === 0 &&
    distinct === numbers &&
    numbers >= 0.95 * rows &&
    (ID_NAME.test(name) || (max - min + 1 === numbers && numbers >= 20))
  )
    kind = 'identifier';
  return { kind, stats: { distinct, min, max, median, mean: sum / numbers } };
}

function withKind(column: Omit<ColumnSchema, 'inferred' | 'kind' | 'excluded'>, kind: ColumnKind) {
  const schema: ColumnSchema = {
    ...column,
    inferred: kind,
    kind,
    excluded: kind !== 'numeric' && kind !== 'categorical' && kind !== 'genotype',
  };
  if (schema.levels === undefined) delete schema.levels;
  return schema;
}

/** Present values with their counts, most frequent first, then in text order (weight: each cell's count). */
export function levelsOf(
  cells: string[],
  weight?: ArrayLike<number>,
): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (let k = 0; k < cells.length; k++) {
    const cell = cells[k];
    const w = weight ? weight[k] : 1;
    if (w === 0 || isMissingCell(cell)) continue;
    counts.set(cell, (counts.get(cell) ?? 0) + w);
  }
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || compareText(a.value, b.value));
}
