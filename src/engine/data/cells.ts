/**
 * Reading cells of a RawTable whether a column is held as text, as 1-byte codes or as numbers. Code that only
 * needs a few cells (a preview, a batch row, a join key) reads them here instead of table.columns.
 */
import { COMMA_FLAG, numberCellText } from './numberText';
import {
  MISSING_CODE,
  type CodedColumn,
  type Conversion,
  type NumberColumn,
  type RawTable,
} from './types';

/** The coded (1-byte) column at c, or null when the column is held otherwise. */
export function codedColumn(table: RawTable, c: number): CodedColumn | null {
  return table.coded?.[c] ?? null;
}

/** The coded column at c when its codes are the numbers themselves (doses, PLINK and VCF genotypes), else null. */
export function smallNumberColumn(table: RawTable, c: number): CodedColumn | null {
  const coded = table.coded?.[c];
  return coded && !coded.levels ? coded : null;
}

/** 1-byte code of each 2-bit dose code: 0, 1, 2 themselves, 3 missing. */
const CODE_OF_DOSE_BITS = Uint8Array.of(0, 1, 2, MISSING_CODE);

/** For every byte of packed doses, the 1-byte codes of its four rows (lowest bits first). */
const BYTE_CODES = (() => {
  const t = new Uint8Array(256 * 4);
  for (let b = 0; b < 256; b++)
    for (let k = 0; k < 4; k++) t[b * 4 + k] = CODE_OF_DOSE_BITS[(b >> (2 * k)) & 3];
  return t;
})();

/** The 1-byte code of row r of a coded column, held as bytes or packed (MISSING_CODE: missing). */
export function codeAt(column: CodedColumn, r: number): number {
  const packed = column.packed;
  if (packed) return CODE_OF_DOSE_BITS[(packed[r >>> 2] >>> ((r & 3) << 1)) & 3];
  return (column.values as Uint8Array)[r];
}

/**
 * A coded column's 1-byte codes (n rows): its own array, or a packed column's doses unpacked into `out` (a new
 * array when not given), so a reader of one column at a time holds a byte a row for that column only.
 */
export function codeValues(column: CodedColumn, n: number, out?: Uint8Array): Uint8Array {
  if (column.values) return column.values;
  const packed = column.packed;
  if (!packed) throw new Error('A coded column holds neither codes nor packed doses.');
  const codes = out ? out.subarray(0, n) : new Uint8Array(n);
  const full = n >>> 2;
  let o = 0;
  for (let k = 0; k < full; k++, o += 4) {
    const t = packed[k] * 4;
    codes[o] = BYTE_CODES[t];
    codes[o + 1] = BYTE_CODES[t + 1];
    codes[o + 2] = BYTE_CODES[t + 2];
    codes[o + 3] = BYTE_CODES[t + 3];
  }
  for (let k = 0; o < n; k++, o++) codes[o] = BYTE_CODES[packed[full] * 4 + k];
  return codes;
}

/** The 1-byte codes of a column that is never packed (levels, or small numbers not from a .bed); refused otherwise. */
export function byteCodes(column: CodedColumn): Uint8Array {
  if (!column.values) throw new Error('This coded column is held packed, not as a byte a row.');
  return column.values;
}

/** For every byte of packed doses, how many of its four rows hold each 2-bit code (4 counts a byte). */
const BYTE_CODE_COUNTS = (() => {
  const t = new Uint8Array(256 * 4);
  for (let b = 0; b < 256; b++) for (let k = 0; k < 4; k++) t[b * 4 + ((b >> (2 * k)) & 3)]++;
  return t;
})();
const byteCounts = new Int32Array(256);
/** Rows of each 2-bit code, reused call to call: a typed array of its own a call was garbage at every .bed variant. */
const bitCounts = new Float64Array(4);

/**
 * countCodes of a coded column of n rows, held as bytes or packed (then counted a byte of four rows at a time: how
 * often each byte occurs, then what each byte holds). The returned array is reused by the next call.
 */
export function countColumnCodes(
  column: CodedColumn,
  n: number,
  rows?: readonly number[] | null,
): Int32Array {
  const packed = column.packed;
  if (!packed) return countCodes(byteCodes(column), rows);
  const counts = codeCounts;
  counts.fill(0);
  if (rows) {
    for (const r of rows) counts[codeAt(column, r)]++;
    return counts;
  }
  const full = n >>> 2;
  byteCounts.fill(0);
  for (let k = 0; k < full; k++) byteCounts[packed[k]]++;
  const bits = bitCounts;
  bits.fill(0);
  for (let b = 0; b < 256; b++) {
    const h = byteCounts[b];
    if (h === 0) continue;
    for (let k = 0; k < 4; k++) bits[k] += h * BYTE_CODE_COUNTS[b * 4 + k];
  }
  // The last byte's rows one by one: its bits past the last row are not rows.
  for (let r = full * 4; r < n; r++) bits[(packed[full] >>> ((r & 3) << 1)) & 3]++;
  for (let k = 0; k < 4; k++) counts[CODE_OF_DOSE_BITS[k]] = bits[k];
  return counts;
}

/** Whether 1-byte codes are all doses 0, 1, 2 or missing: what CodedColumn.packed can hold. */
export function isDoseCodes(codes: Uint8Array): boolean {
  for (let r = 0; r < codes.length; r++) {
    const v = codes[r];
    if (v > 2 && v !== MISSING_CODE) return false;
  }
  return true;
}

/** Packs 1-byte dose codes (see isDoseCodes) into out as CodedColumn.packed holds them (out starts zeroed). */
export function packDoseCodes(codes: Uint8Array, out: Uint8Array): void {
  // MISSING_CODE (255) & 3 is the missing 2-bit code 3; doses are their own codes.
  for (let r = 0; r < codes.length; r++) out[r >>> 2] |= (codes[r] & 3) << ((r & 3) << 1);
}

/** A genotype column's doses as a reader is given them: 1-byte codes, or a coded column (bytes or packed). */
export type DoseColumn = Uint8Array | CodedColumn;

/** A dose column's 1-byte codes (n rows): the array itself, or codeValues of a coded column (into `out`). */
export function doseCodes(column: DoseColumn, n: number, out?: Uint8Array): Uint8Array {
  return column instanceof Uint8Array ? column : codeValues(column, n, out);
}

/** Rows `rows` (in that order) of packed doses, packed the same way (into `out` when given: ceil(rows / 4) bytes). */
export function gatherPacked(
  packed: Uint8Array,
  rows: ArrayLike<number>,
  out: Uint8Array = new Uint8Array((rows.length + 3) >>> 2),
): Uint8Array {
  const m = rows.length;
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const r = rows[i];
    out[i >>> 2] |= ((packed[r >>> 2] >>> ((r & 3) << 1)) & 3) << ((i & 3) << 1);
  }
  return out;
}

/** The float64 column at c, or null when the column is held otherwise. */
export function numberColumn(table: RawTable, c: number): NumberColumn | null {
  return table.numbers?.[c] ?? null;
}

/** The text of one cell, exactly as the file had it (trimmed): a missing coded cell reads as "". */
export function cellText(table: RawTable, c: number, r: number): string {
  const coded = table.coded?.[c];
  if (coded) {
    const v = codeAt(coded, r);
    if (v === MISSING_CODE) return '';
    return coded.levels ? coded.levels[v] : String(v);
  }
  const numbers = table.numbers?.[c];
  if (numbers) return numberCellText(numbers.values, numbers.decimals, numbers.tokens, r);
  return table.columns[c][r];
}

/**
 * One cell as a new patient's field takes it: the number itself from a number or small-number column (no text to
 * read again), else the text.
 */
export function cellValue(table: RawTable, c: number, r: number): string | number {
  const numbers = table.numbers?.[c];
  if (numbers) {
    const v = numbers.values[r];
    // A number written with a comma is read by the feature's own comma rule ("12,500" may be twelve thousand).
    return Number.isNaN(v) || numbers.decimals[r] & COMMA_FLAG ? cellText(table, c, r) : v;
  }
  const coded = table.coded?.[c];
  if (coded && !coded.levels) {
    const v = codeAt(coded, r);
    if (v !== MISSING_CODE) return v;
  }
  return cellText(table, c, r);
}

/**
 * f applied to the text of each cell of column c, as a function of the row. For a column of coded texts f runs once
 * per distinct text (a genotype string's dose is worked out three times, not once per patient).
 */
export function cellMapper(
  table: RawTable,
  c: number,
  f: (text: string) => number,
): (row: number) => number {
  const coded = table.coded?.[c];
  if (coded?.levels) {
    const lut = new Float64Array(256).fill(NaN);
    coded.levels.forEach((level, k) => (lut[k] = f(level)));
    lut[MISSING_CODE] = f('');
    const values = codeValues(coded, table.rowCount);
    return (r) => lut[values[r]];
  }
  if (!coded && !table.numbers?.[c]) {
    const cells = table.columns[c];
    return (r) => f(cells[r]);
  }
  return (r) => f(cellText(table, c, r));
}

/**
 * A whole column as text. For a text column this is the column itself; a coded column with levels gives an array
 * of references to its few texts (8 bytes a cell, no string each); numbers and small numbers make a string per
 * cell, so read those one column at a time.
 */
export function columnCells(table: RawTable, c: number): string[] {
  const coded = table.coded?.[c];
  if (coded?.levels) {
    const levels = coded.levels;
    const values = codeValues(coded, table.rowCount);
    const out = new Array<string>(values.length);
    for (let r = 0; r < values.length; r++)
      out[r] = values[r] === MISSING_CODE ? '' : levels[values[r]];
    return out;
  }
  if (!coded && !table.numbers?.[c]) return table.columns[c];
  const out = new Array<string>(table.rowCount);
  for (let r = 0; r < table.rowCount; r++) out[r] = cellText(table, c, r);
  return out;
}

/** A column as it is held: text, 1-byte codes or float64 numbers. */
export type HeldColumn = { text: string[] } | { coded: CodedColumn } | { numbers: NumberColumn };

/** Column c of a table restricted to `rows` (in that order), held the way the table holds it. */
export function gatherColumn(table: RawTable, c: number, rows: readonly number[]): HeldColumn {
  const m = rows.length;
  const coded = table.coded?.[c];
  if (coded?.packed) return { coded: { ...coded, packed: gatherPacked(coded.packed, rows) } };
  if (coded) {
    const codes = codeValues(coded, table.rowCount);
    const values = new Uint8Array(m);
    for (let i = 0; i < m; i++) values[i] = codes[rows[i]];
    return { coded: { ...coded, values } };
  }
  const numbers = table.numbers?.[c];
  if (numbers) {
    const values = new Float64Array(m);
    const decimals = new Uint8Array(m);
    for (let i = 0; i < m; i++) {
      values[i] = numbers.values[rows[i]];
      decimals[i] = numbers.decimals[rows[i]];
    }
    return { numbers: { values, decimals, tokens: numbers.tokens } };
  }
  const cells = table.columns[c];
  return { text: rows.map((r) => cells[r]) };
}

/** Puts held columns (gathered with gatherColumn) at the given positions of a table whose columns there are empty. */
export function placeColumns(table: RawTable, at: number, held: HeldColumn[]): void {
  held.forEach((h, j) => {
    const c = at + j;
    if ('text' in h) table.columns[c] = h.text;
    else if ('coded' in h) (table.coded ??= table.headers.map(() => null))[c] = h.coded;
    else (table.numbers ??= table.headers.map(() => null))[c] = h.numbers;
  });
}

/** Adds a change to the table's list of conversions. */
export function addConversion(table: RawTable, conversion: Conversion): void {
  (table.conversions ??= []).push(conversion);
}

/** The cells of every coded column (empty: its cells are its codes), one array for all, never written to. */
const NO_CELLS = Object.freeze([]) as unknown as string[];

/**
 * A table holding text columns followed by coded columns that share one buffer (column-major, so a
 * column is a view and the whole block moves between workers as one transfer). With `packed`, the buffer holds
 * each column's doses packed (CodedColumn.packed, ceil(rowCount / 4) bytes a column) instead of a byte a row.
 */
export function tableWithCodes(parts: {
  textHeaders: string[];
  textColumns: string[][];
  codedHeaders: string[];
  codes: Uint8Array;
  packed?: boolean;
  genotypes?: (CodedColumn['genotype'] | undefined)[];
  rowCount: number;
  delimiter?: string;
}): RawTable {
  const { textHeaders, textColumns, codedHeaders, codes, rowCount } = parts;
  const headers = [...textHeaders, ...codedHeaders];
  const coded: (CodedColumn | null)[] = textHeaders.map(() => null);
  const columns: string[][] = [...textColumns];
  const stride = parts.packed ? (rowCount + 3) >>> 2 : rowCount;
  codedHeaders.forEach((_, j) => {
    const view = codes.subarray(j * stride, (j + 1) * stride);
    const g = parts.genotypes?.[j];
    // Each shape in one literal: a property added after is stored out of the object (a .bed has 300,000 columns).
    const column: CodedColumn = parts.packed
      ? g
        ? { packed: view, genotype: g }
        : { packed: view }
      : g
        ? { values: view, genotype: g }
        : { values: view };
    coded.push(column);
    columns.push(NO_CELLS);
  });
  return {
    headers,
    originalHeaders: [...headers],
    columns,
    rowCount,
    issues: [],
    delimiter: parts.delimiter ?? '',
    coded,
  };
}

/**
 * Moves text columns whose every cell is exactly "0", "1", "2" or empty (a SNP table saved as CSV) to
 * 1-byte codes, so a wide genotype CSV keeps ~1 byte per cell instead of a string per cell once parsed.
 * Cells read back identically through cellText; returns the number of columns moved.
 */
export function compactDoseColumns(table: RawTable): number {
  let moved = 0;
  const n = table.rowCount;
  // With a handful of rows a 0/1/2 column could be an identifier; schema inference decides on text.
  if (n < 4) return 0;
  for (let c = 0; c < table.columns.length; c++) {
    if (table.coded?.[c] || table.numbers?.[c]) continue;
    const cells = table.columns[c];
    const values = new Uint8Array(n);
    let ok = true;
    for (let r = 0; r < n; r++) {
      const cell = cells[r];
      if (cell.length === 1) {
        const d = cell.charCodeAt(0) - 48;
        if (d >= 0 && d <= 2) {
          values[r] = d;
          continue;
        }
      } else if (cell.length === 0) {
        values[r] = MISSING_CODE;
        continue;
      }
      ok = false;
      break;
    }
    if (!ok) continue;
    table.coded ??= table.columns.map(() => null);
    table.coded[c] = { values };
    table.columns[c] = [];
    moved++;
  }
  return moved;
}

/** Four interleaved tables of counts per code, reused across columns (a genome has 100,000 of them). */
const codeCounts4 = new Int32Array(1024);
const codeCounts = new Int32Array(256);

/**
 * How often each code occurs in a coded column (only in `rows` when given); the returned array is reused by the
 * next call. Indexed increments into four tables, summed at the end: genotypes in random order defeat branch
 * prediction (a branch per value was 8x slower), and four tables keep neighbouring equal values from waiting on each
 * other's increment.
 */
export function countCodes(values: Uint8Array, rows?: readonly number[] | null): Int32Array {
  const c4 = codeCounts4;
  c4.fill(0);
  if (rows) {
    for (const r of rows) c4[values[r]]++;
  } else {
    const n = values.length;
    let r = 0;
    for (; r + 3 < n; r += 4) {
      c4[values[r]]++;
      c4[256 + values[r + 1]]++;
      c4[512 + values[r + 2]]++;
      c4[768 + values[r + 3]]++;
    }
    for (; r < n; r++) c4[values[r]]++;
  }
  const counts = codeCounts;
  for (let v = 0; v < 256; v++) counts[v] = c4[v] + c4[256 + v] + c4[512 + v] + c4[768 + v];
  return counts;
}
