import { describe, expect, it } from 'vitest';
import { medianInPlace, medianOfCounts } from './values';

describe('medianInPlace', () => {
  it('equals the median of the sorted values, for odd, even, repeated and ordered inputs', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
    const cases: number[][] = [
      [5],
      [2, 1],
      [3, 3, 3, 3],
      [1, 2, 3, 4, 5, 6],
      [6, 5, 4, 3, 2, 1, 0],
    ];
    for (let t = 0; t < 200; t++) {
      const n = 1 + Math.floor(rnd() * 60);
      cases.push(Array.from({ length: n }, () => Math.floor(rnd() * (t % 2 ? 4 : 1000)) - 2));
    }
    for (const values of cases) {
      const sorted = [...values].sort((a, b) => a - b);
      const n = sorted.length;
      const expected = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      // Extra values past n must be ignored.
      const buffer = Float64Array.from([...values, 1e9, -1e9]);
      expect(medianInPlace(buffer, n)).toBe(expected);
    }
    expect(medianInPlace(new Float64Array(0), 0)).toBeNaN();
  });
});

describe('medianOfCounts', () => {
  it('is the median of the cells counted, as of the cells themselves', () => {
    // Cells 0, 0, 1, 2, 2, 2: the middle two are 1 and 2.
    expect(medianOfCounts([2, 1, 3], 6)).toBe(1.5);
    expect(medianOfCounts(Int32Array.of(2, 1, 3, 0), 6)).toBe(1.5);
    // Odd count: 0, 1, 1 → 1; one value only.
    expect(medianOfCounts([1, 2], 3)).toBe(1);
    expect(medianOfCounts([0, 0, 5], 5)).toBe(2);
    // More cells said than counted: the rank past the last is unknown.
    expect(medianOfCounts([1], 3)).toBeNaN();
  });
});
