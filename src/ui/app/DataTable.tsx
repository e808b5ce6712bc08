/**
 * The one table of the app: a caption, column headers with scope, an optional row-header column, inside a
 * scrollable region a keyboard user can reach. Long tables are virtualised: only the rows near the visible
 * part of the scroll box are in the DOM, so a 20 000-row table renders as fast as a 30-row one.
 */
import { useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

export interface Column<T> {
  /** Stable key of the column. */
  key: string;
  header: ReactNode;
  cell: (row: T, index: number) => ReactNode;
  /** Right-aligned figures. */
  numeric?: boolean;
  /** This column's cells name their row (`<th scope="row">`). */
  rowHeader?: boolean;
  /** Extra class of the cells (not the header). */
  className?: string | ((row: T, index: number) => string | undefined);
}

/** What a custom row puts on its `<tr>`. */
export interface RowProps {
  ref?: (el: HTMLTableRowElement | null) => void;
  'data-index'?: number;
  'aria-rowindex'?: number;
}

interface Props<T> {
  /** What the table shows; read by screen readers, hidden on screen unless `showCaption`. */
  caption: ReactNode;
  showCaption?: boolean;
  columns: Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  rowClassName?: (row: T, index: number) => string | undefined;
  /**
   * Renders a whole row instead of the columns' cells (e.g. a memoised row with controls); it must put
   * `rowProps` on its `<tr>` so a virtualised table can measure it.
   */
  renderRow?: (row: T, index: number, rowProps: RowProps) => ReactNode;
  /** Classes of the table (e.g. "compact"). */
  className?: string;
  /** Classes of the scroll box. */
  scrollClassName?: string;
  /** Name of the scroll box (a landmark region unless `scrollRole` is "group"); none = the caption's. */
  label?: string;
  scrollRole?: 'region' | 'group';
  /** More rows than this are virtualised (the scroll box then has a fixed height). */
  virtualizeOver?: number;
}

/** Shared by every row of a table that is not virtualised, so memoised rows do not re-render. */
const NO_ROW_PROPS: RowProps = {};

/** Estimated height of a row before it is measured, in pixels. */
const ROW_PX = 34;

export function DataTable<T>({
  caption,
  showCaption = false,
  columns,
  rows,
  rowKey,
  rowClassName,
  renderRow,
  className,
  scrollClassName,
  label,
  scrollRole = 'region',
  virtualizeOver = 120,
}: Props<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = rows.length > virtualizeOver;
  // The virtualiser's functions change as it scrolls; nothing here is memoised on them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: virtual ? rows.length : 0,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 12,
  });

  const row = (r: T, i: number, measure?: (el: HTMLTableRowElement | null) => void) => {
    const rowProps: RowProps = measure
      ? { ref: measure, 'data-index': i, 'aria-rowindex': i + 2 }
      : NO_ROW_PROPS;
    return renderRow ? (
      renderRow(r, i, rowProps)
    ) : (
      <tr key={rowKey(r, i)} className={rowClassName?.(r, i)} {...rowProps}>
        {columns.map((c) => {
          const cls =
            [
              c.numeric ? 'num' : '',
              typeof c.className === 'function' ? c.className(r, i) : (c.className ?? ''),
            ]
              .filter(Boolean)
              .join(' ') || undefined;
          return c.rowHeader ? (
            <th key={c.key} scope="row" className={cls}>
              {c.cell(r, i)}
            </th>
          ) : (
            <td key={c.key} className={cls}>
              {c.cell(r, i)}
            </td>
          );
        })}
      </tr>
    );
  };

  let body: ReactNode;
  if (virtual) {
    const items = virtualizer.getVirtualItems();
    const top = items[0]?.start ?? 0;
    const bottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
    body = (
      <>
        {top > 0 && <tr aria-hidden="true" style={{ height: top }} />}
        {items.map((v) => row(rows[v.index], v.index, virtualizer.measureElement))}
        {bottom > 0 && <tr aria-hidden="true" style={{ height: bottom }} />}
      </>
    );
  } else {
    body = rows.map((r, i) => row(r, i));
  }

  return (
    <div
      ref={scroller}
      className={`table-scroll${virtual ? ' table-virtual' : ''}${scrollClassName ? ` ${scrollClassName}` : ''}`}
      role={scrollRole}
      aria-label={label ?? (typeof caption === 'string' ? caption : undefined)}
      tabIndex={0}
    >
      <table
        className={`data-table${className ? ` ${className}` : ''}`}
        aria-rowcount={virtual ? rows.length + 1 : undefined}
      >
        <caption className={showCaption ? 'table-caption' : 'visually-hidden'}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{body}</tbody>
      </table>
    </div>
  );
}
