/**
 * The schema of a table: every column inferred (columnSchema.ts has the rules), the format's hints applied, the
 * issues the user should see first, and the outcome column suggested.
 */
import {
  inferCodedColumn,
  inferColumn,
  inferLevelsColumn,
  inferNumberColumn,
} from './columnSchema';
import type { ColumnSchema, ParseIssue, RawTable, TableSchema } from './types';
import { codedColumn, columnCells, numberColumn } from './cells';
import { shortName, usesDecimalComma } from './values';

/** Infers every column's kind and summary statistics; excluded by default: identifier, constant, empty. */
export function inferSchema(table: RawTable): TableSchema {
  const allowComma = usesDecimalComma(table.delimiter);
  const columns = table.headers.map((name, index) => {
    const coded = codedColumn(table, index);
    const numbers = numberColumn(table, index);
    const column = coded?.levels
      ? inferLevelsColumn(name, index, coded, coded.levels, allowComma)
      : coded
        ? inferCodedColumn(name, index, coded, table.rowCount)
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

/** A numeric column with more distinct values than this is a measurement, not outcome classes, for the guess. */
export const MAX_GUESSED_NUMERIC_CLASSES = 10;
/** A column with more distinct values than this is not guessed as the outcome (encode.ts warns above it too). */
export const MAX_GUESSED_CLASSES = 20;

/**
 * Why a column cannot be the outcome the app guesses (null when it can): no values, one class, an identifier, a
 * genotype, a continuous number, or too many different values. The user may still choose it; encoding then says
 * what it makes of it.
 */
export function outcomeUnsuitability(column: ColumnSchema): string | null {
  const name = `“${shortName(column.name)}”`;
  const distinct = column.distinct;
  if (column.inferred === 'empty' || distinct === 0) return `${name} has no values`;
  if (column.inferred === 'constant' || distinct === 1)
    return `${name} has only one class${column.levels?.[0] ? ` (“${shortName(column.levels[0].value)}”)` : ''}`;
  if (column.inferred === 'identifier')
    return `${name} is an identifier (a different value on almost every row)`;
  if (column.inferred === 'genotype') return `${name} is a genotype`;
  if (column.inferred === 'numeric' && distinct > MAX_GUESSED_NUMERIC_CLASSES)
    return `${name} is a continuous number (${distinct} different values)`;
  if (distinct > MAX_GUESSED_CLASSES) return `${name} has ${distinct} different values`;
  return null;
}

/**
 * A good guess for the outcome column, among the columns that can be one (outcomeUnsuitability): the format's
 * outcome, else a column named like outcome/response/diagnosis/target/label/class/status/y (a whole-name match
 * beats a word inside the name, earlier words beat later ones), else the last such column; null when no column
 * can be an outcome (outcomeGuessNote says why).
 */
export function suggestTarget(schema: TableSchema, hints?: RawTable['hints']): string | null {
  const usable = schema.columns.filter((c) => outcomeUnsuitability(c) === null);
  const hinted = hints?.outcome && usable.find((c) => c.name === hints.outcome);
  if (hinted) return hinted.name;
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
  return usable.length > 0 ? usable[usable.length - 1].name : null;
}

/** Columns named one by one in outcomeGuessNote. */
const MAX_NOTED_COLUMNS = 4;

/**
 * Why no outcome column was preselected (null when one was): the reasons of the columns named like an outcome,
 * else of the last few columns.
 */
export function outcomeGuessNote(schema: TableSchema, hints?: RawTable['hints']): string | null {
  if (schema.columns.length === 0 || suggestTarget(schema, hints) !== null) return null;
  const named = schema.columns.filter((c) =>
    TARGET_WORDS.some((w) =>
      c.name
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .includes(w),
    ),
  );
  const shown = (named.length > 0 ? named : schema.columns.slice(-MAX_NOTED_COLUMNS)).slice(
    0,
    MAX_NOTED_COLUMNS,
  );
  const reasons = shown.map((c) => outcomeUnsuitability(c)).filter((r) => r !== null);
  return `No column looks like an outcome with a few classes, so none was chosen for you: ${reasons.join('; ')}. Choose the outcome column yourself.`;
}
