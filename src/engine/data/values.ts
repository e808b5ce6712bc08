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

/**
 * The number a cell holds, or NaN. With decimalComma (files delimited by ";" or tabs, as European
 * spreadsheets write them) "23,5" reads as 23.5; "1,234" is never read as a thousands separator otherwise.
 */
export function parseNumber(cell: string, decimalComma = false): number {
  if (NUMBER.test(cell)) {
    const v = Number(cell);
    return Number.isFinite(v) ? v : NaN;
  }
  if (decimalComma && DECIMAL_COMMA.test(cell)) return Number(cell.replace(',', '.'));
  return NaN;
}

/** Whether numbers in a file with this delimiter may use a decimal comma. */
export function usesDecimalComma(delimiter: string): boolean {
  return delimiter !== ',';
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
