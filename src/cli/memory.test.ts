import { describe, expect, it } from 'vitest';
import { collectGarbage } from './memory';

/** A million small objects, alive long enough to reach the old generation, dropped on return. */
function oldGarbage(): number {
  const held: { id: number; text: string }[][] = [];
  for (let k = 0; k < 40; k++) {
    held.push(Array.from({ length: 25_000 }, (_, i) => ({ id: i, text: `row ${k}-${i}` })));
  }
  return held.length;
}

describe('collectGarbage', () => {
  it('frees the old generation’s garbage at once (the command line calls it between stages)', () => {
    expect(oldGarbage()).toBe(40);
    const before = process.memoryUsage().heapUsed;
    collectGarbage();
    const after = process.memoryUsage().heapUsed;
    // A million objects of ~80 bytes: most of it is gone.
    expect(before - after).toBeGreaterThan(40 * 2 ** 20);
  });
});
