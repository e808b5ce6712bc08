/** A table with what QC removed taken out: the samples --mind removed and the variants the other filters removed. */
import { gatherColumn, gatherPacked } from '../data/cells';
import type { CodedColumn, NumberColumn, RawTable } from '../data/types';
import type { QcResult } from './qc';

/**
 * The table without the samples and variant columns `qc` removed (computed on this same table). Other columns stay;
 * when no sample was removed, the kept columns are the same arrays, not copies.
 */
export function withoutRemoved(table: RawTable, qc: QcResult): RawTable {
  if (qc.samples.length !== table.rowCount)
    throw new Error('These QC figures were computed on another table.');
  const dropColumn = new Set(qc.variants.filter((v) => v.removedBy !== null).map((v) => v.column));
  const rows = qc.samples.filter((s) => s.removedBy === null).map((s) => s.row);
  const allRows = rows.length === table.rowCount;
  const keptColumns = table.headers.map((_, c) => c).filter((c) => !dropColumn.has(c));
  const pickText = (cells: string[]) =>
    allRows || cells.length === 0 ? cells : rows.map((r) => cells[r]);
  const gathered = allRows ? null : gatherPackedColumns(table, keptColumns, rows);
  const pickCoded = (c: number): CodedColumn | null => {
    const column = table.coded?.[c] ?? null;
    if (column === null || allRows) return column;
    const packed = gathered?.get(c);
    if (packed) return { ...column, packed };
    // Held as it was (packed doses stay packed).
    const held = gatherColumn(table, c, rows);
    return 'coded' in held ? held.coded : null;
  };
  const pickNumbers = (column: NumberColumn | null): NumberColumn | null => {
    if (column === null || allRows) return column;
    const values = new Float64Array(rows.length);
    const decimals = new Uint8Array(rows.length);
    rows.forEach((r, i) => {
      values[i] = column.values[r];
      decimals[i] = column.decimals[r];
    });
    return { values, decimals, tokens: column.tokens };
  };
  const out: RawTable = {
    ...table,
    headers: keptColumns.map((c) => table.headers[c]),
    originalHeaders: keptColumns.map((c) => table.originalHeaders[c]),
    columns: keptColumns.map((c) => pickText(table.columns[c])),
    rowCount: rows.length,
  };
  if (table.coded) out.coded = keptColumns.map(pickCoded);
  if (table.numbers) out.numbers = keptColumns.map((c) => pickNumbers(table.numbers?.[c] ?? null));
  return out;
}

/**
 * The kept samples of the kept packed columns gathered into one buffer, a view a column in column order, in shared
 * memory when the table's codes were (a .bed read where memory can be shared): the ancestry sweeps and a pool's
 * workers then read them in place as they read a table nothing was dropped from, instead of packing a by-sample
 * copy of their own. Null when no kept column is held packed in shared memory.
 */
function gatherPackedColumns(
  table: RawTable,
  keptColumns: number[],
  rows: number[],
): Map<number, Uint8Array> | null {
  const packed = keptColumns.filter((c) => table.coded?.[c]?.packed);
  const shared =
    typeof SharedArrayBuffer === 'function' &&
    packed.some((c) => table.coded?.[c]?.packed?.buffer instanceof SharedArrayBuffer);
  if (!shared) return null;
  const stride = (rows.length + 3) >>> 2;
  const codes = new Uint8Array(new SharedArrayBuffer(stride * packed.length));
  const out = new Map<number, Uint8Array>();
  packed.forEach((c, j) => {
    const view = codes.subarray(j * stride, (j + 1) * stride);
    gatherPacked(table.coded?.[c]?.packed as Uint8Array, rows, view);
    out.set(c, view);
  });
  return out;
}
