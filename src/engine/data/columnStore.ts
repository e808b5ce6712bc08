/**
 * The columns of a table being parsed, filled row by row. With `compact`, no column holds a string per cell
 * unless it must: a column starts as 1-byte dose codes (every cell "0", "1", "2" or empty: a SNP table saved as
 * CSV), becomes 1-byte codes of a few distinct texts at its first other value (genotype strings "AG", categories),
 * becomes float64 numbers (with the digits written, so the text comes back exactly) when it has more distinct
 * values than that and all are plain numbers, and turns into text only when nothing else holds it. A wide genotype
 * CSV then takes about one byte per cell while it is parsed and an expression table nine, where an array of strings
 * takes a pointer per cell plus the string (24–32 bytes in V8).
 */
import {
  EMPTY_DECIMALS,
  FIRST_TOKEN_DECIMALS,
  numberCellText,
  scanPlainNumber,
  tokenCode,
} from './numberText';
import { isMissingCell } from './values';
import { MISSING_CODE, type CodedColumn, type NumberColumn } from './types';

/** Column storage for a TableBuilder. */
export interface ColumnStore {
  /** Starts a new row: every column then receives exactly one cell through push. */
  beginRow(): void;
  /** Appends the cell of the current row to column c (trimmed here). */
  push(c: number, cell: string): void;
  /** The number of rows the table will probably have: the columns grow to it at once, not by half again. */
  expectRows(rows: number): void;
  /**
   * The finished columns. Compact columns are kept only when the table has at least `minCompactRows` rows (with a
   * handful of rows a 0/1/2 column could be an identifier: schema inference decides on text); `coded` and `numbers`
   * are undefined when no column is held that way.
   */
  finish(minCompactRows: number): {
    columns: string[][];
    coded?: (CodedColumn | null)[];
    numbers?: (NumberColumn | null)[];
  };
}

const DOSE_TEXT = ['0', '1', '2'];
/**
 * The empty levels, tokens and text of a column not holding them: one shared, never-written array, so 100,000
 * columns do not each carry three empty arrays for the garbage collector to trace. A column gets its own array when
 * it starts to hold one.
 */
const NONE: string[] = Object.freeze([]) as unknown as string[];
const FIRST_CAPACITY = 256;
/**
 * Distinct texts a column may hold as codes while parsing. Genotype strings and categories have a handful; a column
 * of measurements passes this within a few dozen rows and moves on to numbers, so 100,000 columns never hold
 * more than this many texts each.
 */
const MAX_LEVELS = 32;
/** Distinct missing tokens ("NA", "nan", …) a number column may name. */
const MAX_TOKENS = EMPTY_DECIMALS - FIRST_TOKEN_DECIMALS;
/**
 * Columns with at most this share of unused rows are kept as views, not copied to their exact size: the copy would
 * hold both for a moment, and an estimate of the row count (expectRows) leaves a few percent unused.
 */
const KEEP_SLACK = 1 / 8;

const DOSES = 0;
const LEVELS = 1;
const NUMBERS = 2;
const TEXT = 3;

/** One column's cells so far, in the most compact form that holds them. */
interface Column {
  state: typeof DOSES | typeof LEVELS | typeof NUMBERS | typeof TEXT;
  codes: Uint8Array | null;
  levelOf: Map<string, number> | null;
  levels: string[];
  values: Float64Array | null;
  decimals: Uint8Array | null;
  tokens: string[];
  text: string[];
}

/** Creates the column store of a table of `width` columns (all text unless compact). */
export function createColumnStore(width: number, compact: boolean): ColumnStore {
  // The codes first, together: the row loop reads one of them per cell, so they are kept close in memory.
  /** The codes of each column still holding doses (null otherwise): push's fast path reads only these. */
  const doseCodes: (Uint8Array | null)[] = [];
  for (let c = 0; c < width; c++) doseCodes.push(compact ? new Uint8Array(FIRST_CAPACITY) : null);
  const cols: Column[] = doseCodes.map((codes) => ({
    state: compact ? DOSES : TEXT,
    codes,
    levelOf: null,
    levels: NONE,
    values: null,
    decimals: null,
    tokens: NONE,
    text: compact ? NONE : [],
  }));
  let capacity = FIRST_CAPACITY;
  let row = -1;
  let expected = 0;

  function grow(): void {
    capacity = expected > row ? expected : Math.max(row + 1, Math.ceil(capacity * 1.5));
    cols.forEach((col, c) => {
      if (col.codes) col.codes = resized(col.codes, new Uint8Array(capacity));
      if (col.state === DOSES) doseCodes[c] = col.codes;
      if (col.values) col.values = resized(col.values, new Float64Array(capacity));
      if (col.decimals) col.decimals = resized(col.decimals, new Uint8Array(capacity));
    });
  }

  /** The text of cell r of a compact column. */
  function cellOf(col: Column, r: number): string {
    if (col.state === NUMBERS) {
      return numberCellText(col.values as Float64Array, col.decimals as Uint8Array, col.tokens, r);
    }
    const code = (col.codes as Uint8Array)[r];
    if (code === MISSING_CODE) return '';
    return col.state === DOSES ? DOSE_TEXT[code] : col.levels[code];
  }

  /** Turns a compact column into text: its cells so far read back exactly as they were written. */
  function toText(col: Column, rows: number): void {
    if (col.state === TEXT) return;
    const text: string[] = [];
    for (let r = 0; r < rows; r++) text.push(cellOf(col, r));
    col.text = text;
    col.state = TEXT;
    col.codes = col.values = col.decimals = col.levelOf = null;
    col.levels = NONE;
    col.tokens = NONE;
  }

  /** Dose codes become level codes, unchanged: levels 0, 1, 2 are the texts "0", "1", "2". */
  function dosesToLevels(col: Column): void {
    col.state = LEVELS;
    col.levels = [...DOSE_TEXT];
    col.levelOf = new Map(DOSE_TEXT.map((t, i) => [t, i]));
  }

  /** Level codes become numbers when every level is a plain number or a missing token; else the column is text. */
  function levelsToNumbers(col: Column, rows: number): void {
    const valueOf: number[] = [];
    const decimalsOf: number[] = [];
    const tokens: string[] = [];
    for (const level of col.levels) {
      const n = scanPlainNumber(level);
      if (n) {
        valueOf.push(n.value);
        decimalsOf.push(n.decimals);
      } else if (isMissingCell(level) && tokens.length < MAX_TOKENS) {
        valueOf.push(NaN);
        decimalsOf.push(tokenCode(tokens.length));
        tokens.push(level);
      } else {
        toText(col, rows);
        return;
      }
    }
    const codes = col.codes as Uint8Array;
    const values = new Float64Array(capacity);
    const decimals = new Uint8Array(capacity);
    for (let r = 0; r < rows; r++) {
      const code = codes[r];
      if (code === MISSING_CODE) {
        values[r] = NaN;
        decimals[r] = EMPTY_DECIMALS;
      } else {
        values[r] = valueOf[code];
        decimals[r] = decimalsOf[code];
      }
    }
    col.state = NUMBERS;
    col.values = values;
    col.decimals = decimals;
    col.tokens = tokens;
    col.codes = col.levelOf = null;
    col.levels = NONE;
  }

  /** Stores a (trimmed, non-empty) cell in a column of levels, numbers or text, moving it on when it must. */
  function pushOther(col: Column, cell: string): void {
    if (col.state === DOSES) dosesToLevels(col);
    if (col.state === LEVELS) {
      const levelOf = col.levelOf as Map<string, number>;
      const code = levelOf.get(cell);
      if (code !== undefined) {
        (col.codes as Uint8Array)[row] = code;
        return;
      }
      if (col.levels.length < MAX_LEVELS) {
        levelOf.set(cell, col.levels.length);
        (col.codes as Uint8Array)[row] = col.levels.length;
        col.levels.push(cell);
        return;
      }
      levelsToNumbers(col, row);
    }
    if (col.state === NUMBERS) {
      const values = col.values as Float64Array;
      const decimals = col.decimals as Uint8Array;
      const n = scanPlainNumber(cell);
      if (n) {
        values[row] = n.value;
        decimals[row] = n.decimals;
        return;
      }
      let token = col.tokens.indexOf(cell);
      if (token < 0 && isMissingCell(cell) && col.tokens.length < MAX_TOKENS) {
        token = col.tokens.length;
        col.tokens.push(cell);
      }
      if (token >= 0) {
        values[row] = NaN;
        decimals[row] = tokenCode(token);
        return;
      }
      toText(col, row);
    }
    col.text.push(cell);
  }

  /** Stores any cell but a one-character dose of a dose column (push's fast path). */
  function pushCell(c: number, raw: string): void {
    const col = cols[c];
    if (col.state === TEXT) {
      col.text.push(raw.trim());
      return;
    }
    const cell = raw.trim();
    if (cell.length === 0) {
      if (col.state === NUMBERS) {
        (col.values as Float64Array)[row] = NaN;
        (col.decimals as Uint8Array)[row] = EMPTY_DECIMALS;
      } else (col.codes as Uint8Array)[row] = MISSING_CODE;
      return;
    }
    if (col.state === DOSES && cell.length === 1) {
      const d = cell.charCodeAt(0) - 48;
      if (d >= 0 && d <= 2) {
        (col.codes as Uint8Array)[row] = d;
        return;
      }
    }
    if (col.state === DOSES) doseCodes[c] = null;
    pushOther(col, cell);
  }

  return {
    beginRow(): void {
      row++;
      if (row >= capacity && compact) grow();
    },
    expectRows(rows: number): void {
      expected = rows;
    },
    push(c: number, raw: string): void {
      // The hot case of a genome-wide CSV, read without touching the column's state; the rest out of line, so
      // this stays small enough to be inlined into the row loop.
      const doses = doseCodes[c];
      if (doses !== null && raw.length === 1) {
        const d = raw.charCodeAt(0) - 48;
        if (d >= 0 && d <= 2) {
          doses[row] = d;
          return;
        }
      }
      pushCell(c, raw);
    },
    finish(minCompactRows: number) {
      const rows = row + 1;
      let coded: (CodedColumn | null)[] | undefined;
      let numbers: (NumberColumn | null)[] | undefined;
      const fit = <T extends Uint8Array | Float64Array>(a: T): T =>
        (capacity - rows <= rows * KEEP_SLACK ? a.subarray(0, rows) : a.slice(0, rows)) as T;
      const columns = cols.map((col, c) => {
        if (col.state !== TEXT && rows < minCompactRows) toText(col, rows);
        if (col.state === NUMBERS) {
          numbers ??= cols.map(() => null);
          numbers[c] = {
            values: fit(col.values as Float64Array),
            decimals: fit(col.decimals as Uint8Array),
            tokens: col.tokens,
          };
        } else if (col.state !== TEXT) {
          coded ??= cols.map(() => null);
          const column: CodedColumn = { values: fit(col.codes as Uint8Array) };
          if (col.state === LEVELS) column.levels = col.levels;
          coded[c] = column;
        }
        const text = col.state === TEXT ? col.text : [];
        cols[c] = { ...col, codes: null, values: null, decimals: null, levelOf: null, text: NONE };
        return text;
      });
      return { columns, ...(coded ? { coded } : {}), ...(numbers ? { numbers } : {}) };
    },
  };
}

/** `bigger` holding old's values at the start (a column grown to a new capacity). */
function resized<T extends Uint8Array | Float64Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}
