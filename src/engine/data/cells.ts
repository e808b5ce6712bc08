/**
 * Reading cells of a RawTable whether a column is held as text or as 1-byte codes. Code that only
 * needs a few cells (a preview, a batch row, a join key) reads them here instead of table.columns.
 */
import { MISSING_CODE, type CodedColumn, type Conversion, type RawTable } from './types';

/** The coded column at c, or null when the column is text. */
export function codedColumn(table: RawTable, c: number): CodedColumn | null {
  return table.coded?.[c] ?? null;
}

/** The text of one cell: a coded cell reads as its number, or "" when missing. */
export function cellText(table: RawTable, c: number, r: number): string {
  const coded = table.coded?.[c];
  if (coded) {
    const v = coded.values[r];
    return v === MISSING_CODE ? '' : String(v);
  }
  return table.columns[c][r];
}

/** A whole column as text (allocates one string per cell for coded columns: use for small tables only). */
export function columnCells(table: RawTable, c: number): string[] {
  const coded = table.coded?.[c];
  if (!coded) return table.columns[c];
  const out = new Array<string>(table.rowCount);
  for (let r = 0; r < table.rowCount; r++) out[r] = cellText(table, c, r);
  return out;
}

/** Number of coded (1-byte) columns. */
export function codedCount(table: RawTable): number {
  let n = 0;
  for (const c of table.coded ?? []) if (c) n++;
  return n;
}

/** Adds a change to the table's list of conversions. */
export function addConversion(table: RawTable, conversion: Conversion): void {
  (table.conversions ??= []).push(conversion);
}

/**
 * A table holding text columns followed by coded columns that share one buffer (column-major, so a
 * column is a view and the whole block moves between workers as one transfer).
 */
export function tableWithCodes(parts: {
  textHeaders: string[];
  textColumns: string[][];
  codedHeaders: string[];
  codes: Uint8Array;
  genotypes?: (CodedColumn['genotype'] | undefined)[];
  rowCount: number;
  delimiter?: string;
}): RawTable {
  const { textHeaders, textColumns, codedHeaders, codes, rowCount } = parts;
  const headers = [...textHeaders, ...codedHeaders];
  const coded: (CodedColumn | null)[] = textHeaders.map(() => null);
  const columns: string[][] = [...textColumns];
  codedHeaders.forEach((_, j) => {
    const column: CodedColumn = { values: codes.subarray(j * rowCount, (j + 1) * rowCount) };
    const g = parts.genotypes?.[j];
    if (g) column.genotype = g;
    coded.push(column);
    columns.push([]);
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
    if (table.coded?.[c]) continue;
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
