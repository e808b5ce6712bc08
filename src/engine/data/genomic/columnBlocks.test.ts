import { describe, expect, it } from 'vitest';
import { createColumnBlocks } from './columnBlocks';

describe('column blocks', () => {
  it('hands out separate columns from blocks that double, told to reserve before each one is made', () => {
    const events: string[] = [];
    const blocks = createColumnBlocks(
      1000,
      (length) => {
        if (length > 0) events.push(`make ${length}`);
        return new Uint8Array(length);
      },
      (bytes) => events.push(`reserve ${bytes}`),
    );
    const columns = Array.from({ length: 150 }, (_, j) => blocks.next().fill(j));
    // 64 KiB hold 65 columns of 1,000 bytes; then 130.
    expect(events).toEqual(['reserve 65000', 'make 65000', 'reserve 130000', 'make 130000']);
    columns.forEach((c, j) => expect([c.length, c[0], c[999]]).toEqual([1000, j, j]));
  });

  it('allocates nothing when the reservation is refused', () => {
    let made = 0;
    const blocks = createColumnBlocks(
      10,
      (length) => {
        if (length > 0) made++;
        return new Float64Array(length);
      },
      () => {
        throw new Error('over budget');
      },
    );
    expect(() => blocks.next()).toThrow('over budget');
    expect(made).toBe(0);
  });

  it('trims the last block to the columns used, keeping every cell', () => {
    const blocks = createColumnBlocks(
      1000,
      (length) => new Uint8Array(length),
      () => {},
    );
    const columns = Array.from({ length: 70 }, (_, j) => blocks.next().fill(j));
    const move = blocks.trim();
    const moved = columns.map(move);
    expect(moved[0]).toBe(columns[0]); // first block: full, kept as it is
    expect(moved[69].buffer.byteLength).toBe(5 * 1000);
    moved.forEach((c, j) => expect([c.length, c[0], c[999]]).toEqual([1000, j, j]));
    // The next column comes from a new block.
    expect(blocks.next().buffer).not.toBe(moved[69].buffer);
  });
});
