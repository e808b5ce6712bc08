/** Cell-level rules shared by schema inference and encoding, so both read a cell the same way. */

/** Cell texts that mean "no value" (compared case-insensitively, after trimming). */
export const MISSING_TOKENS: readonly string[] = [
  '',
  'na',
  'n/a',
  'nan',
  '?',
  'null',
  'none',
  '-',
  '.',
  '#n/a',
];
const MISSING = new Set(MISSING_TOKENS);
const LONGEST_MISSING = Math.max(...MISSING_TOKENS.map((t) => t.length));

/** True when a (trimmed) cell is empty or a missing token such as NA, NaN, ?, null, none. */
export function isMissingCell(cell: string): boolean {
  return cell.length <= LONGEST_MISSING && MISSING.has(cell.toLowerCase());
}

// Plain decimal notation only: Number() alone would also accept "0x1F", " ", "Infinity".
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
/** "12,500" or "1,234,567": could be a thousands separator (and, with one group, also a decimal comma). */
const THOUSANDS = /^[+-]?[1-9]\d{0,2}(?:,\d{3})+$/;
const MANY_GROUPS = /^[+-]?[1-9]\d{0,2}(?:,\d{3}){2,}$/;

/** How a column's commas inside numbers are read: "23,5" = 23.5, or "12,500" = 12500. */
export type CommaUse = 'decimal' | 'thousands';

/**
 * The number a cell holds, or NaN. comma says how a comma inside a number is read, per column
 * ("decimal": "23,5" is 23.5; "thousands": "12,500" is 12500); true is the same as "decimal".
 * Without it a comma makes the cell not a number.
 */
export function parseNumber(cell: string, comma: boolean | CommaUse | undefined = false): number {
  if (NUMBER.test(cell)) {
    const v = Number(cell);
    return Number.isFinite(v) ? v : NaN;
  }
  if (comma === true || comma === 'decimal') {
    if (DECIMAL_COMMA.test(cell)) return Number(cell.replace(',', '.'));
  } else if (comma === 'thousands' && THOUSANDS.test(cell)) {
    return Number(cell.replace(/,/g, ''));
  }
  return NaN;
}

/** Whether numbers in a file with this delimiter may use a decimal comma (never in a comma-delimited file). */
export function usesDecimalComma(delimiter: string): boolean {
  return delimiter !== ',';
}

/**
 * Decides, from a column's own values, how commas in its numbers are read. A decimal comma needs a
 * value only it explains ("23,5", "0,125"); values like "12,500" alone are read as thousands and
 * flagged as ambiguous, since "12,500" could also be 12.5. Comma-delimited files never use either.
 */
export function commaUseOf(
  cells: ArrayLike<string>,
  allowComma: boolean,
): { comma?: CommaUse; ambiguous: boolean } {
  if (!allowComma) return { ambiguous: false };
  let decimal = 0;
  let thousands = 0;
  let manyGroups = 0;
  for (let r = 0; r < cells.length; r++) {
    const cell = cells[r];
    if (cell.indexOf(',') < 0 || !DECIMAL_COMMA.test(cell)) {
      if (MANY_GROUPS.test(cell)) manyGroups++;
      continue;
    }
    if (THOUSANDS.test(cell)) thousands++;
    else decimal++;
  }
  if (decimal > 0)
    return manyGroups > 0 ? { ambiguous: true } : { comma: 'decimal', ambiguous: false };
  if (thousands > 0 || manyGroups > 0) return { comma: 'thousands', ambiguous: manyGroups === 0 };
  return { ambiguous: false };
}

/** Longest name quoted whole in a message; longer names are cut (a misread file can have a 180 KB "name"). */
const MAX_NAME = 60;

/** A column name or cell as quoted in a message: cut to about 60 characters with an ellipsis. */
export function shortName(name: string, max = MAX_NAME): string {
  return name.length > max ? `${name.slice(0, max - 1)}…` : name;
}

/** Plain code-unit order: the same in every browser and in Node, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Median of the first n values in linear time (quickselect); reorders them. Sorting every column of a
 * large table only for its median took most of the encoding time.
 */
export function medianInPlace(values: Float64Array, n: number): number {
  if (n <= 0) return NaN;
  const upper = select(values, n, n >> 1);
  if (n % 2 === 1) return upper;
  // After selecting index n/2, everything before it is ≤ it: the lower middle is their maximum.
  let lower = -Infinity;
  for (let i = 0; i < n >> 1; i++) if (values[i] > lower) lower = values[i];
  return (lower + upper) / 2;
}

/** The k-th smallest of values[0..n) (0-based), leaving smaller values before it. */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    // Median of three as pivot keeps sorted and reversed inputs linear.
    const mid = lo + ((hi - lo) >> 1);
    const pivot = Math.max(Math.min(a[lo], a[mid]), Math.min(Math.max(a[lo], a[mid]), a[hi]));
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** Median of whole numbers given how often each occurs (counts[v] = cells equal to v; n of them). */
export function medianOfCounts(counts: ArrayLike<number>, n: number): number {
  // No closure: made per call it cost ~400 bytes, at every column of a .bed's 300,000 (twice: schema, encoding).
  return n % 2 === 1
    ? valueAtRank(counts, (n - 1) / 2)
    : (valueAtRank(counts, n / 2 - 1) + valueAtRank(counts, n / 2)) / 2;
}

/** The value of rank i (0-based) among the cells counted, NaN past the last. */
function valueAtRank(counts: ArrayLike<number>, i: number): number {
  let seen = 0;
  for (let v = 0; v < counts.length; v++) {
    seen += counts[v];
    if (i < seen) return v;
  }
  return NaN;
}
