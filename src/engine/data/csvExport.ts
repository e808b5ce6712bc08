/**
 * CSV export with protection against spreadsheet formula injection: a text cell that starts with
 * = + - @, a tab or a carriage return (or their full-width forms, which some spreadsheets also
 * evaluate) gets a leading single quote, so Excel, LibreOffice and Google Sheets show it as text.
 * Cells that are JavaScript numbers are written as plain numbers and never prefixed: -1.5 stays a
 * number a spreadsheet can compute with. Text that merely looks like a negative number ("-1.5") is
 * prefixed, because a string is not known to be harmless.
 */
import Papa from 'papaparse';

export type CsvCell = string | number | null | undefined;

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Builds CSV text (comma-delimited, CRLF line ends, RFC 4180 quoting) with formula-injection protection. */
export function toCsv(headers: string[], rows: CsvCell[][]): string {
  const clean = rows.map((row) =>
    row.map((cell) => (typeof cell === 'number' && !Number.isFinite(cell) ? null : cell)),
  );
  return Papa.unparse(
    { fields: headers, data: clean },
    { escapeFormulae: FORMULA_START, newline: '\r\n', quotes: false },
  );
}

/** The text a spreadsheet will show for a cell: a quote is prefixed when it would start a formula. */
export function protectCell(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}
