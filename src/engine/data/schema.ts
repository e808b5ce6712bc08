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
import type { ParseIssue, RawTable, TableSchema } from './types';
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
