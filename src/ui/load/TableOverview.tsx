import { DataTable } from '../app/DataTable';
import { useFocusRequest } from '../app/focusRequest';
import type { TableSummary } from '../../worker/api';
import { formatBytes, formatCount, readAsText } from '../app/format';

const PREVIEW_ROWS = 8;
const PREVIEW_COLUMNS = 40;

/** What was read: size, problems found while reading, and the first rows as plain text. */
export function TableOverview({ table }: { table: TableSummary }) {
  const heading = useFocusRequest<HTMLHeadingElement>('load-result');
  const cols = table.headers.slice(0, PREVIEW_COLUMNS);
  const rows = table.preview.slice(0, PREVIEW_ROWS);
  return (
    <div className="table-overview">
      <h3 className="sub-title" tabIndex={-1} ref={heading}>
        The loaded table
      </h3>
      <dl className="facts" aria-label="Loaded table">
        <div>
          <dt>File</dt>
          <dd className="break">{table.fileName}</dd>
        </div>
        <div>
          <dt>Size</dt>
          <dd>
            {formatCount(table.rowCount)} rows × {formatCount(table.columnCount)} columns
          </dd>
        </div>
        <div>
          <dt>Read as</dt>
          <dd>
            {readAsText(table)}, {formatBytes(table.bytes)}
          </dd>
        </div>
        {table.memoryNote && (
          <div>
            <dt>Memory</dt>
            <dd>{table.memoryNote}</dd>
          </div>
        )}
      </dl>

      {table.issues.length > 0 && (
        <div className="issues" role="group" aria-label="Problems found while reading">
          <h3 className="sub-title">
            {table.issues.length === 1
              ? '1 thing to know about this file'
              : `${table.issues.length} things to know about this file`}
          </h3>
          <ul>
            {table.issues.map((issue, i) => (
              <li key={i}>{issue.message}</li>
            ))}
          </ul>
        </div>
      )}

      <h3 className="sub-title">First rows</h3>
      <DataTable
        caption="Preview of the first rows"
        className="preview-table"
        rows={rows}
        rowKey={(_, r) => r}
        columns={[
          {
            key: '#',
            header: (
              <>
                <span className="visually-hidden">Row</span>#
              </>
            ),
            className: 'row-num',
            cell: (_, r) => r + 1,
          },
          ...cols.map((h, c) => ({
            key: String(c),
            header: h,
            cell: (row: string[]) => row[c] ?? '',
          })),
        ]}
      />
      {(table.headers.length > PREVIEW_COLUMNS || table.rowCount > rows.length) && (
        <p className="note">
          Showing the first {rows.length} of {formatCount(table.rowCount)} rows
          {table.headers.length > PREVIEW_COLUMNS
            ? ` and the first ${PREVIEW_COLUMNS} of ${formatCount(table.headers.length)} columns`
            : ''}
          .
        </p>
      )}
    </div>
  );
}
