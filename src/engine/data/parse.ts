/**
 * CSV text → RawTable, with papaparse's parser doing the quoting rules.
 *
 * One code path serves every source: text arrives in chunks (a string sliced up, or a Blob read slice
 * by slice), a chunk parser keeps the unfinished last row for the next chunk, and a table builder turns
 * rows into columns. Nothing here needs the DOM or Node: it runs in a Web Worker and in Node alike.
 */
import Papa from 'papaparse';
import {
  DELIMITERS,
  SNIFF_CHARS,
  WHITESPACE,
  detectDelimiter,
  headerLineEnd,
  splitWhitespace,
} from './delimiter';
import { cellText } from './cells';
import { createColumnStore, type ColumnStore } from './columnStore';
import type { ParseIssue, ParseProgress, RawTable } from './types';
import { shortName } from './values';

export type { ParseProgress };
export { DELIMITERS, WHITESPACE, detectDelimiter };

export interface ParseOptions {
  /** Characters (text) or bytes (Blob) handed to the parser at a time. Default 1 MiB. */
  chunkSize?: number;
  /** Aborting stops the parse between chunks with the signal's reason. */
  signal?: AbortSignal;
  /** Delimiter to use instead of guessing (WHITESPACE for PLINK's .raw). */
  delimiter?: string;
  /** Hold columns as 1-byte codes or float64 numbers while parsing, not as a string per cell (see columnStore.ts). */
  compactColumns?: boolean;
}

/** With fewer data rows, every column stays text (a 0/1/2 column could be an identifier; as compactDoseColumns leaves it). */
const MIN_CODED_ROWS = 4;
/** How many row numbers an issue lists before saying "and N more". */
const MAX_LISTED_ROWS = 10;
const DEFAULT_CHUNK = 1024 * 1024;

export const NOT_TEXT_MESSAGE =
  'This file does not look like a text CSV (it contains binary data). If it is a spreadsheet, save it as CSV (comma-separated values) first.';
export const EMPTY_FILE_MESSAGE = 'The file is empty.';
export const HEADER_ONLY_MESSAGE = 'The file has a header row but no data rows.';

/** Collects rows (the first one is the header) into a column-major RawTable. */
export interface TableBuilder {
  /** Adds one parsed row; returns its 1-based data row number, or 0 for the header or a skipped empty row. */
  addRow(cells: string[]): number;
  /** Adds a chunk of rows as papaparse returns them. */
  addRows(rows: string[][]): void;
  /** Records a problem met while parsing (e.g. a broken quote). */
  addIssue(issue: ParseIssue): void;
  /** The number of data rows the table will probably have (sizes the coded columns). */
  expectRows(rows: number): void;
  /** Data rows kept so far. */
  readonly rowsRead: number;
  /** Whether a header row has been seen. */
  readonly hasHeader: boolean;
  /** The finished table; throws when there is no header or no data row. */
  finish(delimiter: string): RawTable;
}

/**
 * Creates a builder that turns rows into a RawTable (header naming, ragged rows, empty lines); with compactColumns,
 * columns are held as 1-byte codes or numbers from the first row on (columnStore.ts).
 */
export function createTableBuilder(options: { compactColumns?: boolean } = {}): TableBuilder {
  let headers: string[] | null = null;
  let originalHeaders: string[] = [];
  let store: ColumnStore = createColumnStore(0, false);
  let expectedRows = 0;
  let width = 0;
  let rowCount = 0;
  const issues: ParseIssue[] = [];
  const shortRows: number[] = [];
  const longRows: number[] = [];
  let shortCount = 0;
  let longCount = 0;
  let blankRowsSkipped = 0;

  function setHeader(cells: string[]): void {
    originalHeaders = cells.map((c, i) => (i === 0 ? stripBom(c) : c).trim());
    const named = nameHeaders(originalHeaders);
    headers = named.headers;
    issues.push(...named.issues);
    width = headers.length;
    store = createColumnStore(width, options.compactColumns === true);
    if (expectedRows > 0) store.expectRows(expectedRows);
  }

  function addRow(cells: string[]): number {
    // A line with nothing but blanks and delimiters carries no data (spreadsheets append such rows).
    let blank = true;
    for (let i = 0; i < cells.length; i++) {
      if (cells[i].trim() !== '') {
        blank = false;
        break;
      }
    }
    if (blank) {
      if (cells.length > 1 && headers !== null) blankRowsSkipped++;
      return 0;
    }
    if (headers === null) {
      setHeader(cells);
      return 0;
    }
    rowCount++;
    const n = cells.length;
    const used = n < width ? n : width;
    store.beginRow();
    for (let c = 0; c < used; c++) store.push(c, cells[c]);
    if (n < width) {
      for (let c = n; c < width; c++) store.push(c, '');
      if (shortRows.length < MAX_LISTED_ROWS) shortRows.push(rowCount);
      shortCount++;
    } else if (n > width) {
      // Extra cells that are all blank are only trailing delimiters: drop them without a word.
      let extraData = false;
      for (let c = width; c < n; c++) {
        if (cells[c].trim() !== '') {
          extraData = true;
          break;
        }
      }
      if (extraData) {
        if (longRows.length < MAX_LISTED_ROWS) longRows.push(rowCount);
        longCount++;
      }
    }
    return rowCount;
  }

  return {
    addRow,
    addRows(rows: string[][]): void {
      for (const row of rows) addRow(row);
    },
    addIssue(issue: ParseIssue): void {
      issues.push(issue);
    },
    expectRows(rows: number): void {
      expectedRows = rows;
      store.expectRows(rows);
    },
    get rowsRead() {
      return rowCount;
    },
    get hasHeader() {
      return headers !== null;
    },
    finish(delimiter: string): RawTable {
      if (headers === null) throw new Error(EMPTY_FILE_MESSAGE);
      if (rowCount === 0) throw new Error(HEADER_ONLY_MESSAGE);
      if (shortCount > 0) {
        issues.push({
          kind: 'ragged-short',
          message: `${plural(shortCount, 'row has', 'rows have')} fewer cells than the header (${width} columns): ${listRows(shortRows, shortCount)}. The missing cells are treated as empty.`,
          rows: shortRows,
        });
      }
      if (longCount > 0) {
        issues.push({
          kind: 'ragged-long',
          message: `${plural(longCount, 'row has', 'rows have')} more cells than the header (${width} columns): ${listRows(longRows, longCount)}. The extra cells were ignored.`,
          rows: longRows,
        });
      }
      if (blankRowsSkipped > 0) {
        issues.push({
          kind: 'empty-rows-skipped',
          message: `${plural(blankRowsSkipped, 'row', 'rows')} with only empty cells ${blankRowsSkipped === 1 ? 'was' : 'were'} skipped.`,
        });
      }
      const { columns, coded, numbers } = store.finish(MIN_CODED_ROWS);
      const table: RawTable = { headers, originalHeaders, columns, rowCount, issues, delimiter };
      if (coded) table.coded = coded;
      if (numbers) table.numbers = numbers;
      return table;
    },
  };
}

/** Blank header cells become "column_<n>", repeated names get "_2", "_3", …; both are reported. */
export function nameHeaders(original: string[]): { headers: string[]; issues: ParseIssue[] } {
  const issues: ParseIssue[] = [];
  const blanks: number[] = [];
  const base = original.map((h, i) => {
    if (h.trim() !== '') return h.trim();
    blanks.push(i + 1);
    return `column_${i + 1}`;
  });
  const taken = new Set(base);
  const seen = new Set<string>();
  const renamed: string[] = [];
  const headers = base.map((name) => {
    if (!seen.has(name)) {
      seen.add(name);
      return name;
    }
    let k = 2;
    while (taken.has(`${name}_${k}`)) k++;
    const fresh = `${name}_${k}`;
    taken.add(fresh);
    seen.add(fresh);
    renamed.push(`"${shortName(name)}" → "${shortName(fresh)}"`);
    return fresh;
  });
  if (blanks.length > 0) {
    issues.push({
      kind: 'blank-header',
      message: `${plural(blanks.length, 'column has', 'columns have')} no name and ${blanks.length === 1 ? 'was' : 'were'} named by position: ${blanks
        .slice(0, MAX_LISTED_ROWS)
        .map((n) => `column_${n}`)
        .join(
          ', ',
        )}${blanks.length > MAX_LISTED_ROWS ? ` and ${blanks.length - MAX_LISTED_ROWS} more` : ''}.`,
    });
  }
  if (renamed.length > 0) {
    issues.push({
      kind: 'duplicate-header',
      message: `Some column names appear more than once; the repeats were renamed: ${renamed
        .slice(0, MAX_LISTED_ROWS)
        .join(
          ', ',
        )}${renamed.length > MAX_LISTED_ROWS ? ` and ${renamed.length - MAX_LISTED_ROWS} more` : ''}.`,
    });
  }
  return { headers, issues };
}

/** Feeds text in pieces of any size; rows are parsed as soon as they are complete. */
export interface CsvChunkParser {
  push(text: string): void;
  /** Parses what is left and returns the table (throws on empty, header-only or binary input). */
  finish(): RawTable;
  readonly rowsRead: number;
}

export interface ChunkParserOptions {
  /** Text gathered before rows are parsed (default 1 Mi characters); larger rows wait for more. */
  parseChars?: number;
  /** Text gathered before the delimiter is guessed (default 64 Ki characters, and always the whole header line). */
  sniffChars?: number;
  /** Delimiter to use instead of guessing. */
  delimiter?: string;
  /** Hold columns as 1-byte codes or numbers while parsing (see columnStore.ts). */
  compactColumns?: boolean;
  /** Length of the whole text when known (a file's size): the row count is estimated from it as rows arrive. */
  expectedChars?: number;
}

/** Creates a streaming CSV parser: BOM, line endings, delimiter guess and binary check included. */
export function createCsvChunkParser(options: ChunkParserOptions = {}): CsvChunkParser {
  const parseChars = Math.max(1, options.parseChars ?? DEFAULT_CHUNK);
  const builder = createTableBuilder({ compactColumns: options.compactColumns });
  let pending = '';
  let carriageReturn = false; // a chunk ended in "\r": it may be the first half of "\r\n"
  let started = false;
  let delimiter = ',';
  let minParse = Math.max(parseChars, options.sniffChars ?? SNIFF_CHARS);
  const quoteRows: number[] = [];
  let quoteCount = 0;
  let pushedChars = 0;

  /** Tells the builder how many rows to expect: the rows so far scaled by the share of the text they took. */
  function estimateRows(): void {
    const total = options.expectedChars;
    const used = pushedChars - pending.length;
    if (!total || !options.compactColumns || builder.rowsRead === 0 || used <= 0) return;
    // 5 % over: one more growth would hold the codes twice over for a moment, a few unused rows cost little.
    builder.expectRows(Math.ceil((1.05 * builder.rowsRead * Math.max(total, used)) / used) + 16);
  }

  function start(): void {
    started = true;
    if (pending.charCodeAt(0) === 0xfeff) {
      pending = pending.slice(1);
      builder.addIssue({
        kind: 'bom',
        message:
          'The file starts with a byte-order mark (common in Excel exports); it was removed.',
      });
    }
    if (looksBinary(pending.slice(0, 1024))) throw new Error(NOT_TEXT_MESSAGE);
    delimiter = options.delimiter ?? detectDelimiter(pending);
  }

  function parsePending(last: boolean): void {
    if (!started) start();
    if (delimiter === WHITESPACE) {
      parseWhitespace(last);
      return;
    }
    const parser = new Papa.Parser({ delimiter, newline: '\n', quoteChar: '"' });
    const result = parser.parse(pending, 0, !last) as {
      data: string[][];
      errors: { code: string; row?: number }[];
      meta: { cursor: number };
    };
    const rowNumbers = result.data.map((row) => builder.addRow(row));
    for (const error of result.errors) {
      if (error.code !== 'MissingQuotes' && error.code !== 'InvalidQuotes') continue;
      const n = error.row !== undefined ? (rowNumbers[error.row] ?? 0) : 0;
      quoteCount++;
      if (n > 0 && quoteRows.length < MAX_LISTED_ROWS && !quoteRows.includes(n)) quoteRows.push(n);
    }
    pending = last ? '' : pending.slice(result.meta.cursor);
    estimateRows();
    // An unfinished row (an open quote) waits for more text; demanding twice its length before
    // parsing again keeps the total work linear even when a quote is never closed.
    minParse = Math.max(parseChars, pending.length * 2);
  }

  function parseWhitespace(last: boolean): void {
    const end = last ? pending.length : pending.lastIndexOf('\n') + 1;
    if (end <= 0) {
      minParse = Math.max(parseChars, pending.length * 2);
      return;
    }
    const lines = pending.slice(0, end).split('\n');
    for (const line of lines) builder.addRow(splitWhitespace(line));
    pending = pending.slice(end);
    estimateRows();
    minParse = Math.max(parseChars, pending.length * 2);
  }

  return {
    push(text: string): void {
      if (text.length === 0) return;
      pushedChars += text.length;
      if (carriageReturn) text = '\r' + text;
      carriageReturn = text.charCodeAt(text.length - 1) === 13;
      if (carriageReturn) text = text.slice(0, -1);
      pending += text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
      if (pending.length < minParse) return;
      // A wide file's header line can be megabytes long: the delimiter is guessed only once it is whole.
      if (!started && headerLineEnd(pending) < 0) {
        minParse = pending.length * 2;
        return;
      }
      parsePending(false);
    },
    finish(): RawTable {
      if (carriageReturn) pending += '\n';
      carriageReturn = false;
      if (!started && pending.replace(/^\uFEFF/, '').trim() === '')
        throw new Error(EMPTY_FILE_MESSAGE);
      parsePending(true);
      if (quoteCount > 0) {
        builder.addIssue({
          kind: 'quote',
          message: `Quotation marks are unbalanced or misplaced in ${quoteRows.length > 0 ? listRows(quoteRows, quoteCount) : 'the file'}; check those cells.`,
          rows: quoteRows,
        });
      }
      return builder.finish(delimiter);
    },
    get rowsRead() {
      return builder.rowsRead;
    },
  };
}

/** Parses CSV text held in memory (e.g. in Node or a test). */
export function parseCsvText(
  text: string,
  options: {
    chunkSize?: number;
    sniffChars?: number;
    delimiter?: string;
    compactColumns?: boolean;
  } = {},
): RawTable {
  const size = Math.max(1, options.chunkSize ?? DEFAULT_CHUNK);
  const parser = createCsvChunkParser({
    parseChars: size,
    sniffChars: options.sniffChars,
    delimiter: options.delimiter,
    compactColumns: options.compactColumns,
  });
  for (let i = 0; i < text.length; i += size) parser.push(text.slice(i, i + size));
  return parser.finish();
}

/** Parses a Blob/File slice by slice, reporting progress after each slice; the text is never held whole. */
export async function parseCsvBlob(
  blob: Blob,
  onProgress?: (progress: ParseProgress) => void,
  options: ParseOptions = {},
): Promise<RawTable> {
  const size = Math.max(1024, options.chunkSize ?? DEFAULT_CHUNK);
  const parser = createCsvChunkParser({
    parseChars: size,
    delimiter: options.delimiter,
    compactColumns: options.compactColumns,
    expectedChars: blob.size,
  });
  const total = blob.size;
  let decoder: TextDecoder | null = null;
  for (let start = 0; start < total; start += size) {
    options.signal?.throwIfAborted();
    const bytes = new Uint8Array(
      await blob.slice(start, Math.min(total, start + size)).arrayBuffer(),
    );
    // Excel's "Unicode text" export is UTF-16 with a byte-order mark; everything else is read as UTF-8.
    decoder ??= new TextDecoder(
      bytes[0] === 0xff && bytes[1] === 0xfe
        ? 'utf-16le'
        : bytes[0] === 0xfe && bytes[1] === 0xff
          ? 'utf-16be'
          : 'utf-8',
      { ignoreBOM: true },
    );
    parser.push(decoder.decode(bytes, { stream: true }));
    onProgress?.({
      bytesRead: Math.min(total, start + size),
      totalBytes: total,
      rowsRead: parser.rowsRead,
    });
  }
  if (decoder) parser.push(decoder.decode());
  options.signal?.throwIfAborted();
  const table = parser.finish();
  onProgress?.({ bytesRead: total, totalBytes: total, rowsRead: table.rowCount });
  return table;
}

/** True when the text holds NUL characters or is mostly not printable (a binary file). */
export function looksBinary(head: string): boolean {
  if (head.length === 0) return false;
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if (c === 0) return true;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127 || c === 0xfffd) odd++;
  }
  return odd / head.length > 0.1;
}

/** The first rows of a table, row-major, for a preview. */
export function previewRows(table: RawTable, count = 20): string[][] {
  const n = Math.min(count, table.rowCount);
  const rows: string[][] = [];
  for (let r = 0; r < n; r++) rows.push(table.headers.map((_, c) => cellText(table, c, r)));
  return rows;
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "rows 3, 8 and 12" or "rows 3, 8, … and 40 more". */
export function listRows(rows: number[], total: number): string {
  if (rows.length === 0) return `${total} rows`;
  const word = total === 1 ? 'row' : 'rows';
  if (total > rows.length) return `${word} ${rows.join(', ')} and ${total - rows.length} more`;
  if (rows.length === 1) return `${word} ${rows[0]}`;
  return `${word} ${rows.slice(0, -1).join(', ')} and ${rows[rows.length - 1]}`;
}
