/**
 * Column schema inference. The rules, in order, for each column:
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
import type {
  CodedColumn,
  ColumnKind,
  ColumnSchema,
  NumberColumn,
  ParseIssue,
  RawTable,
  TableSchema,
} from './types';
import { codedColumn, columnCells, countCodes, numberColumn } from './cells';
import { MISSING_CODE } from './types';
import {
  commaUseOf,
  compareText,
  isMissingCell,
  medianOfCounts,
  parseNumber,
  shortName,
  usesDecimalComma,
} from './values';

const NUMERIC_SHARE = 0.9;
const MAX_LISTED = 10;
const MAX_LEVELS = 1000;
const ID_NAME =
  /(^|[^a-z])(id|ids|identifier|patient|patients|sample|samples|subject|record|case|participant|row|index|key|barcode|accession|mrn)($|[^a-z])|^(patientid|sampleid|subjectid|recordid|caseid|rowid)$/i;

/** Infers every column's kind and summary statistics; excluded by default: identifier, constant, empty. */
export function inferSchema(table: RawTable): TableSchema {
  const allowComma = usesDecimalComma(table.delimiter);
  const columns = table.headers.map((name, index) => {
    const coded = codedColumn(table, index);
    const numbers = numberColumn(table, index);
    const column = coded?.levels
      ? inferLevelsColumn(name, index, coded, coded.levels, allowComma)
      : coded
        ? inferCodedColumn(name, index, coded)
        : numbers
          ? inferNumberColumn(name, index, numbers, () => columnCells(table, index), allowComma)
          : inferColumn(name, index, table.columns[index], allowComma);
    // The format names the sample column (PLINK IID, VCF sample): an identifier even if repeated.
    if (table.hints?.id === name && column.kind !== 'empty') {
      column.inferred = column.kind = 'identifier';
      column.excluded = true;
    }
    // A family or site column groups samples for cross-validation; as a feature it would leak.
    if (table.hints?.groups?.includes(name) || table.hints?.exclude?.includes(name))
      column.excluded = true;
    return column;
  });
  return { columns, rowCount: table.rowCount };
}

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
  const codes = coded.values;
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
export function inferCodedColumn(name: string, index: number, coded: CodedColumn): ColumnSchema {
  const counts = countCodes(coded.values);
  const n = coded.values.length;
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
  const column: ColumnSchema = {
    name,
    index,
    inferred: kind,
    kind,
    excluded: kind !== 'numeric' && kind !== 'genotype',
    missing,
    distinct,
    nonNumeric: [],
    nonNumericCount: 0,
  };
  if (present === 0) return column;
  column.min = min;
  column.max = max;
  column.median = medianOfCounts(counts, present);
  column.mean = sum / present;
  if (coded.genotype && kind === 'genotype') {
    column.genotype = { ...coded.genotype, doseCounts: [c0, c1, c2] };
  }
  return column;
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
  const decimalComma = allowComma && column.commas > column.thousandsShaped;
  if (column.commas > 0 && !decimalComma) return inferColumn(name, index, cells(), allowComma);
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

/** Columns named one by one in schemaIssues; the others are counted in one more issue. */
const MAX_COLUMN_ISSUES = 5;

/**
 * Issues the user should see at the top, not only in the column's row (a table of 20 000 columns shows few rows):
 * numeric columns holding a few cells that are not numbers, with those cells, and what happens to them.
 */
export function schemaIssues(schema: TableSchema): ParseIssue[] {
  const mixed = schema.columns.filter((c) => c.inferred === 'numeric' && c.nonNumericCount > 0);
  const issues: ParseIssue[] = mixed.slice(0, MAX_COLUMN_ISSUES).map((c) => {
    const n = c.nonNumericCount;
    const cells = c.nonNumeric.map((x) => `row ${x.row} “${shorten(x.value)}”`);
    const listed =
      n > cells.length
        ? `${cells.join(', ')} and ${n - cells.length} more`
        : cells.length === 1
          ? cells[0]
          : `${cells.slice(0, -1).join(', ')} and ${cells[cells.length - 1]}`;
    return {
      kind: 'non-numeric',
      message: `“${shortName(c.name)}” is read as numbers, but ${n === 1 ? '1 cell is not a number and is' : `${n} cells are not numbers and are`} treated as missing: ${listed}. To use its values as categories instead, set its type to categorical in the column list.`,
      rows: c.nonNumeric.map((x) => x.row),
    };
  });
  const ambiguous = schema.columns.filter((c) => c.commaAmbiguous);
  if (ambiguous.length > 0) {
    const names = ambiguous.slice(0, 10).map((c) => `“${shortName(c.name)}”`);
    issues.push({
      kind: 'non-numeric',
      message: `${ambiguous.length === 1 ? 'A column has' : `${ambiguous.length} columns have`} numbers with a comma that could be a thousands separator or a decimal comma: ${names.join(', ')}${ambiguous.length > 10 ? ` and ${ambiguous.length - 10} more` : ''}. ${ambiguous.every((c) => c.comma === 'thousands') ? '“12,500” is read as 12500' : 'where both kinds appear, cells with commas are treated as missing'}; check these columns.`,
    });
  }
  if (mixed.length > MAX_COLUMN_ISSUES) {
    const more = mixed.length - MAX_COLUMN_ISSUES;
    issues.push({
      kind: 'non-numeric',
      message: `${more} more numeric column${more === 1 ? ' has' : 's have'} cells that are not numbers, treated as missing: ${mixed
        .slice(MAX_COLUMN_ISSUES, MAX_COLUMN_ISSUES + 10)
        .map((c) => `“${shortName(c.name)}”`)
        .join(
          ', ',
        )}${more > 10 ? ` and ${more - 10} more` : ''}. Search for them in the column list.`,
    });
  }
  return issues;
}

/** A cell quoted in a message, cut short when long. */
function shorten(value: string): string {
  return shortName(value, 40);
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

const TARGET_WORDS = [
  'outcome',
  'response',
  'diagnosis',
  'target',
  'label',
  'class',
  'status',
  'result',
  'y',
];

/**
 * A good guess for the outcome column: a column named like outcome/response/diagnosis/target/label/
 * class/status/y (a whole-name match beats a word inside the name, earlier words beat later ones),
 * else the last column that is neither an identifier, constant nor empty.
 */
export function suggestTarget(schema: TableSchema, hints?: RawTable['hints']): string | null {
  const hinted = hints?.outcome && schema.columns.find((c) => c.name === hints.outcome);
  if (hinted && hinted.inferred !== 'empty' && hinted.inferred !== 'constant') return hinted.name;
  const usable = schema.columns.filter(
    (c) => c.inferred !== 'identifier' && c.inferred !== 'empty' && c.inferred !== 'constant',
  );
  const words = (name: string) =>
    name
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
  for (const word of TARGET_WORDS) {
    const hit = usable.find((c) => words(c.name).join('_') === word);
    if (hit) return hit.name;
  }
  for (const word of TARGET_WORDS) {
    if (word === 'y') continue; // "y" inside a longer name ("body_y") says nothing
    const hit = usable.find((c) => words(c.name).includes(word));
    if (hit) return hit.name;
  }
  if (usable.length > 0) return usable[usable.length - 1].name;
  const all = schema.columns;
  return all.length > 0 ? all[all.length - 1].name : null;
}
