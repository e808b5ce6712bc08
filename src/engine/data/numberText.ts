/**
 * Numbers held as float64 while a table is parsed, with enough of how each was written to give its text back
 * exactly: value.toFixed(digits), with a comma for the point where it had one. Only the plain form round-trips that
 * way ("-12", "0.5", "5.120", "5,120"), so a cell written otherwise ("007", "+5", ".5", "1e-5", "-0", "1,234,567",
 * more than 15 digits) is not read as such a number, and its column stays text. Whether a comma is a decimal comma
 * or a thousands separator is decided later, per column (values.ts commaUseOf), as for text.
 */
import type { NumberColumn } from './types';
import type { CommaUse } from './values';

/** Most digits a number held this way may have: every decimal of up to 15 digits survives a float64 exactly. */
const MAX_DIGITS = 15;
/** Powers of ten as float64, all exact (10^22 is the last exact one). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Set in a decimals code when the number was written with a comma ("5,120"). */
export const COMMA_FLAG = 32;
/** The digits after the separator, in a decimals code of a number. */
const DIGITS_MASK = 31;

/** Decimals "code" of an empty cell. */
export const EMPTY_DECIMALS = 255;
/** Decimals codes below EMPTY_DECIMALS and at or above this one name a missing token: tokens[EMPTY - 1 - code]. */
export const FIRST_TOKEN_DECIMALS = 247;

/**
 * Reads a cell written as a plain decimal number: its value (read with the point, or the comma, as a decimal
 * separator) and its decimals code (digits after the separator, plus COMMA_FLAG for a comma), or null. The value
 * equals Number(cell with "." for ","): a whole number of at most 15 digits divided by an exact power of ten is
 * correctly rounded.
 */
export function scanPlainNumber(cell: string): { value: number; decimals: number } | null {
  const n = cell.length;
  let i = 0;
  const negative = n > 0 && cell.charCodeAt(0) === 45; // "-"
  if (negative) i++;
  if (i >= n) return null;
  let mantissa = 0;
  let digits = 0;
  let d = cell.charCodeAt(i) - 48;
  if (d < 0 || d > 9) return null;
  if (d === 0) {
    i++;
    // A leading zero only before the separator: "007" would come back as "7".
    if (i < n && cell.charCodeAt(i) !== 46 && cell.charCodeAt(i) !== 44) return null;
  } else {
    for (; i < n; i++) {
      d = cell.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
      digits++;
    }
  }
  let decimals = 0;
  let comma = false;
  if (i < n) {
    const separator = cell.charCodeAt(i);
    if (separator === 44)
      comma = true; // ","
    else if (separator !== 46) return null; // "."
    i++;
    for (; i < n; i++) {
      d = cell.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return null;
      mantissa = mantissa * 10 + d;
      digits++;
      decimals++;
    }
    if (decimals === 0) return null; // "5." would come back as "5"
  }
  if (digits > MAX_DIGITS) return null;
  // "-0" and "-0.00" would come back without their sign.
  if (negative && mantissa === 0) return null;
  const magnitude = decimals === 0 ? mantissa : mantissa / POW10[decimals];
  return {
    value: negative ? -magnitude : magnitude,
    decimals: comma ? decimals | COMMA_FLAG : decimals,
  };
}

/** The text of a number held with its decimals code, exactly as it was written. */
export function plainNumberText(value: number, decimals: number): string {
  const text = value.toFixed(decimals & DIGITS_MASK);
  return decimals & COMMA_FLAG ? text.replace('.', ',') : text;
}

/** Whether a number written with a comma could also be a thousands separator: "12,500" (1–3 digits, then 3). */
export function thousandsShaped(value: number, decimals: number): boolean {
  const magnitude = Math.abs(value);
  return (
    (decimals & COMMA_FLAG) !== 0 &&
    (decimals & DIGITS_MASK) === 3 &&
    magnitude >= 1 &&
    magnitude < 1000
  );
}

/** Decimals code naming a column's k-th missing token. */
export function tokenCode(k: number): number {
  return EMPTY_DECIMALS - 1 - k;
}

/** The text of cell r of a number column (values, decimals codes, tokens), exactly as the file had it. */
export function numberCellText(
  values: Float64Array,
  decimals: Uint8Array,
  tokens: readonly string[],
  r: number,
): string {
  const d = decimals[r];
  if (d === EMPTY_DECIMALS) return '';
  if (d >= FIRST_TOKEN_DECIMALS) return tokens[EMPTY_DECIMALS - 1 - d];
  return plainNumberText(values[r], d);
}

/** How many cells of a number column were written with a comma, and of those, how many look like "12,500". */
export function commaCounts(column: NumberColumn): { commas: number; thousandsShaped: number } {
  const { values, decimals } = column;
  let commas = 0;
  let shaped = 0;
  for (let r = 0; r < decimals.length; r++) {
    const d = decimals[r];
    if ((d & COMMA_FLAG) === 0 || d >= FIRST_TOKEN_DECIMALS) continue;
    commas++;
    if (thousandsShaped(values[r], d)) shaped++;
  }
  return { commas, thousandsShaped: shaped };
}

/**
 * Whether a number column's values are what its cells read as under a comma rule: always when the rule is a decimal
 * comma, else only when no cell was written with a comma (then "12,500" may be twelve thousand, or not a number).
 */
export function valuesAsRead(column: NumberColumn, comma: CommaUse | boolean | undefined): boolean {
  return comma === 'decimal' || comma === true || commaCounts(column).commas === 0;
}
