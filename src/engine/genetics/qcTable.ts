/** A table with what QC removed taken out: the samples --mind removed and the variants the other filters removed. */
import { gatherColumn } from '../data/cells';
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
  const pickCoded = (c: number): CodedColumn | null => {
    const column = table.coded?.[c] ?? null;
    if (column === null || allRows) return column;
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
