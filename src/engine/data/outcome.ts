/**
 * Reading the outcome column: which cells are missing, which classes there are. Missing tokens such
 * as "none", "-" and "." can be real class names; they are never dropped without being reported,
 * and keepTokensAsClasses keeps them (only empty cells are then missing).
 */
import { cellText, columnCells, numberColumn, smallNumberColumn } from './cells';
import { commaCounts } from './numberText';
import type { RawTable } from './types';
import {
  commaUseOf,
  compareText,
  isMissingCell,
  parseNumber,
  usesDecimalComma,
  type CommaUse,
} from './values';

/** Missing tokens that are plausible outcome class names: reported when they are treated as missing. */
export const CLASS_LIKE_TOKENS: readonly string[] = ['none', '-', '.'];

/** How the outcome column is read. */
export interface OutcomeReading {
  /** Class key of every row, or null when the outcome is missing. */
  keys: (string | null)[];
  classes: string[];
  counts: number[];
  present: number;
  /** Cells treated as missing, by text ("" = empty), most frequent first. */
  treatedAsMissing: { value: string; count: number }[];
  numeric: boolean;
}

/** Whether an outcome cell is missing (with keepTokens only an empty cell is). */
export function isMissingOutcome(cell: string, keepTokens: boolean): boolean {
  return keepTokens ? cell === '' : isMissingCell(cell);
}

/** The comma rule for a table's outcome column, the same for training and for a scored file. */
export function outcomeComma(table: RawTable, c: number): CommaUse | undefined {
  // Small whole numbers hold no comma, nor do numbers none of which was written with one.
  const numbers = numberColumn(table, c);
  if (smallNumberColumn(table, c) || (numbers && commaCounts(numbers).commas === 0))
    return undefined;
  return commaUseOf(columnCells(table, c), usesDecimalComma(table.delimiter)).comma;
}

/** The class of an outcome cell as a key into the classes, or null when missing. */
export function outcomeKey(
  cell: string,
  numeric: boolean,
  comma: CommaUse | boolean | undefined,
  keepTokens = false,
): string | null {
  if (isMissingOutcome(cell, keepTokens)) return null;
  if (!numeric) return cell;
  const v = parseNumber(cell, comma);
  // "1" and "1.0" are the same class; a word in a numeric outcome matches no class.
  return Number.isNaN(v) ? cell : String(v);
}

/** Reads the outcome column of a table: classes (sorted numerically or as text), counts, what was missing. */
export function readOutcome(table: RawTable, c: number, keepTokens: boolean): OutcomeReading {
  const comma = outcomeComma(table, c);
  const n = table.rowCount;
  let numeric = true;
  let present = 0;
  const missingCounts = new Map<string, number>();
  for (let r = 0; r < n; r++) {
    const cell = cellText(table, c, r);
    if (isMissingOutcome(cell, keepTokens)) {
      missingCounts.set(cell, (missingCounts.get(cell) ?? 0) + 1);
      continue;
    }
    present++;
    if (numeric && Number.isNaN(parseNumber(cell, comma))) numeric = false;
  }
  const keys: (string | null)[] = new Array<string | null>(n);
  const counts = new Map<string, number>();
  for (let r = 0; r < n; r++) {
    const key = outcomeKey(cellText(table, c, r), numeric, comma, keepTokens);
    keys[r] = key;
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const classes = [...counts.keys()].sort(numeric ? (a, b) => Number(a) - Number(b) : compareText);
  const treatedAsMissing = [...missingCounts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || compareText(a.value, b.value));
  return {
    keys,
    classes,
    counts: classes.map((k) => counts.get(k) ?? 0),
    present,
    treatedAsMissing,
    numeric,
  };
}
