/**
 * The columns of a table being parsed, filled row by row. With compactDoses, a column holds its cells as 1-byte
 * codes while every cell so far is "0", "1", "2" or empty (a SNP table saved as CSV) and turns into text the
 * moment one is not. A wide genotype CSV then takes about one byte per cell while it is parsed, where an array of
 * strings takes a pointer per cell plus growth slack (8–10 bytes in Node), and compacting after parsing (as
 * compactDoseColumns does) only lowers what is held once the peak has passed.
 */
import { MISSING_CODE, type CodedColumn } from './types';

/** Column storage for a TableBuilder. */
export interface ColumnStore {
  /** Starts a new row: every column then receives exactly one cell through push. */
  beginRow(): void;
  /** Appends the cell of the current row to column c (trimmed here). */
  push(c: number, cell: string): void;
  /** The number of rows the table will probably have: the codes grow to it at once, not by half again. */
  expectRows(rows: number): void;
  /**
   * The finished columns. Coded columns are kept only when the table has at least `minCodedRows` rows (with a
   * handful of rows a 0/1/2 column could be an identifier: schema inference decides on text); `coded` is
   * undefined when no column is coded, as compactDoseColumns leaves it.
   */
  finish(minCodedRows: number): { columns: string[][]; coded?: (CodedColumn | null)[] };
}

const DOSE_TEXT = ['0', '1', '2'];
const FIRST_CAPACITY = 256;
/**
 * Codes with at most this share of unused rows are kept as views, not copied to their exact size: the copy would
 * hold both for a moment, and an estimate of the row count (expectRows) leaves a few percent unused.
 */
const KEEP_SLACK = 1 / 8;

/** Creates the column store of a table of `width` columns (all text unless compactDoses). */
export function createColumnStore(width: number, compactDoses: boolean): ColumnStore {
  const text: string[][] = [];
  const codes: (Uint8Array | null)[] = [];
  for (let c = 0; c < width; c++) {
    text.push([]);
    codes.push(compactDoses ? new Uint8Array(FIRST_CAPACITY) : null);
  }
  let capacity = FIRST_CAPACITY;
  let row = -1;
  let expected = 0;

  function grow(): void {
    capacity = expected > row ? expected : Math.max(row + 1, Math.ceil(capacity * 1.5));
    for (let c = 0; c < width; c++) {
      const old = codes[c];
      if (old === null) continue;
      const bigger = new Uint8Array(capacity);
      bigger.set(old);
      codes[c] = bigger;
    }
  }

  /** Turns coded column c into text: its cells so far read back exactly as they were written. */
  function toText(c: number, rows: number): void {
    const col = codes[c];
    if (col === null) return;
    const cells = text[c];
    for (let r = 0; r < rows; r++) cells.push(col[r] === MISSING_CODE ? '' : DOSE_TEXT[col[r]]);
    codes[c] = null;
  }

  return {
    beginRow(): void {
      row++;
      if (row >= capacity && compactDoses) grow();
    },
    expectRows(rows: number): void {
      expected = rows;
    },
    push(c: number, raw: string): void {
      const col = codes[c];
      if (col !== null) {
        if (raw.length === 1) {
          const d = raw.charCodeAt(0) - 48;
          if (d >= 0 && d <= 2) {
            col[row] = d;
            return;
          }
        }
        const cell = raw.trim();
        if (cell.length === 0) {
          col[row] = MISSING_CODE;
          return;
        }
        const d = cell.length === 1 ? cell.charCodeAt(0) - 48 : -1;
        if (d >= 0 && d <= 2) {
          col[row] = d;
          return;
        }
        toText(c, row);
        text[c].push(cell);
        return;
      }
      text[c].push(raw.trim());
    },
    finish(minCodedRows: number) {
      const rows = row + 1;
      let coded: (CodedColumn | null)[] | undefined;
      for (let c = 0; c < width; c++) {
        const col = codes[c];
        if (col === null) continue;
        if (rows < minCodedRows) {
          toText(c, rows);
          continue;
        }
        coded ??= text.map(() => null);
        // Copying every column to its exact size would need the codes twice over for a moment.
        coded[c] = {
          values: capacity - rows <= rows * KEEP_SLACK ? col.subarray(0, rows) : col.slice(0, rows),
        };
        codes[c] = null;
      }
      return coded ? { columns: text, coded } : { columns: text };
    },
  };
}
