/**
 * Columns of a fixed number of cells, handed out one at a time as views into blocks that double in size (up to
 * MAX_BLOCK_BYTES). Nothing is ever copied: a reader that does not know how many columns a file has grows by a new
 * block, where one growing array would hold the old and the new array at once, and one array per column joined at
 * the end would hold every cell twice.
 */

/** The first block: small, so a small file takes little. */
const FIRST_BLOCK_BYTES = 64 * 1024;
/** Blocks stop doubling here: at most this much (or one column) is allocated and not yet used. */
const MAX_BLOCK_BYTES = 16 * 1024 * 1024;

type Cells = Uint8Array | Float64Array;

/** Columns handed out from blocks. */
export interface ColumnBlocks<T extends Cells> {
  /** The next column (its cells as the allocator left them: zero). */
  next(): T;
  /**
   * Moves the columns of the last block into an array of their exact size, so the block's unused part is freed; the
   * returned function gives a column's new view (other columns are returned as they are).
   */
  trim(): (column: T) => T;
}

/** A source of columns of `rows` cells, made by `make`; `reserve(bytes)` is told before each block (it may throw). */
export function createColumnBlocks<T extends Cells>(
  rows: number,
  make: (length: number) => T,
  reserve: (bytes: number) => void,
): ColumnBlocks<T> {
  const bytesPerColumn = Math.max(1, rows * make(0).BYTES_PER_ELEMENT);
  let block: T | null = null;
  let columns = 0;
  let used = 0;
  return {
    next(): T {
      if (block === null || used === columns) {
        columns =
          block === null
            ? Math.max(1, Math.floor(FIRST_BLOCK_BYTES / bytesPerColumn))
            : Math.max(1, Math.min(columns * 2, Math.floor(MAX_BLOCK_BYTES / bytesPerColumn)));
        reserve(columns * bytesPerColumn);
        block = make(columns * rows);
        used = 0;
      }
      const start = used * rows;
      used++;
      return block.subarray(start, start + rows) as T;
    },
    trim(): (column: T) => T {
      const old = block;
      if (old === null || used === columns) return (column) => column;
      const exact = make(used * rows);
      exact.set(old.subarray(0, used * rows));
      block = exact;
      columns = used;
      return (column) => {
        if (column.buffer !== old.buffer) return column;
        const start = column.byteOffset / column.BYTES_PER_ELEMENT;
        return exact.subarray(start, start + rows) as T;
      };
    },
  };
}
