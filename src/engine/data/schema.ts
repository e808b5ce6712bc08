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
import type { ColumnKind, ColumnSchema, ParseIssue, RawTable, TableSchema } from './types';
import { compareText, isMissingCell, parseNumber, usesDecimalComma } from './values';

const NUMERIC_SHARE = 0.9;
const MAX_LISTED = 10;
const MAX_LEVELS = 1000;
const ID_NAME =
  /(^|[^a-z])(id|ids|identifier|patient|patients|sample|samples|subject|record|case|participant|row|index|key|barcode|accession|mrn)($|[^a-z])|^(patientid|sampleid|subjectid|recordid|caseid|rowid)$/i;

/** Infers every column's kind and summary statistics; excluded by default: identifier, constant, empty. */
export function inferSchema(table: RawTable): TableSchema {
  const decimalComma = usesDecimalComma(table.delimiter);
  const columns = table.columns.map((cells, index) =>
    inferColumn(table.headers[index], index, cells, decimalComma),
  );
  return { columns, rowCount: table.rowCount };
}

/** Infers one column's schema from its raw cells. */
export function inferColumn(
  name: string,
  index: number,
  cells: string[],
  decimalComma = false,
): ColumnSchema {
  const rows = cells.length;
  let missing = 0;
  let numbers = 0;
  const values = new Float64Array(rows);
  const notNumbers: { row: number; value: string }[] = [];
  let notNumberCount = 0;
  for (let r = 0; r < rows; r++) {
    const cell = cells[r];
    if (isMissingCell(cell)) {
      missing++;
      continue;
    }
    const v = parseNumber(cell, decimalComma);
    if (Number.isNaN(v)) {
      notNumberCount++;
      if (notNumbers.length < MAX_LISTED) notNumbers.push({ row: r + 1, value: cell });
    } else {
      values[numbers++] = v;
    }
  }
  const present = rows - missing;
  const base = { name, index, missing, nonNumeric: [], nonNumericCount: 0 };
  if (present === 0) return withKind({ ...base, distinct: 0 }, 'empty');

  if (numbers >= NUMERIC_SHARE * present) {
    const sorted = values.subarray(0, numbers).sort();
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
    const column = {
      ...base,
      nonNumeric: notNumbers,
      nonNumericCount: notNumberCount,
      distinct,
      min,
      max,
      median,
      mean: sum / numbers,
    };
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
    if (kind === 'constant') return withKind({ ...column, levels: levelsOf(cells) }, kind);
    return withKind(column, kind);
  }

  const levels = levelsOf(cells);
  const distinct = levels.length;
  let kind: ColumnKind = 'categorical';
  if (distinct === 1) kind = 'constant';
  else if (distinct === present && present >= 0.95 * rows && (rows >= 20 || ID_NAME.test(name)))
    kind = 'identifier';
  return withKind(
    { ...base, distinct, levels: kind === 'identifier' ? undefined : levels.slice(0, MAX_LEVELS) },
    kind,
  );
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
      message: `“${c.name}” is read as numbers, but ${n === 1 ? '1 cell is not a number and is' : `${n} cells are not numbers and are`} treated as missing: ${listed}. To use its values as categories instead, set its type to categorical in the column list.`,
      rows: c.nonNumeric.map((x) => x.row),
    };
  });
  if (mixed.length > MAX_COLUMN_ISSUES) {
    const more = mixed.length - MAX_COLUMN_ISSUES;
    issues.push({
      kind: 'non-numeric',
      message: `${more} more numeric column${more === 1 ? ' has' : 's have'} cells that are not numbers, treated as missing: ${mixed
        .slice(MAX_COLUMN_ISSUES, MAX_COLUMN_ISSUES + 10)
        .map((c) => `“${c.name}”`)
        .join(
          ', ',
        )}${more > 10 ? ` and ${more - 10} more` : ''}. Search for them in the column list.`,
    });
  }
  return issues;
}

/** A cell quoted in a message, cut short when long. */
function shorten(value: string): string {
  return value.length > 40 ? `${value.slice(0, 39)}…` : value;
}

function withKind(column: Omit<ColumnSchema, 'inferred' | 'kind' | 'excluded'>, kind: ColumnKind) {
  const schema: ColumnSchema = {
    ...column,
    inferred: kind,
    kind,
    excluded: kind !== 'numeric' && kind !== 'categorical',
  };
  if (schema.levels === undefined) delete schema.levels;
  return schema;
}

/** Present values with their counts, most frequent first, then in text order. */
export function levelsOf(cells: string[]): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const cell of cells) {
    if (isMissingCell(cell)) continue;
    counts.set(cell, (counts.get(cell) ?? 0) + 1);
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
export function suggestTarget(schema: TableSchema): string | null {
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
