import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, janitzaPValues } from './importancePValues.ts';

describe('janitzaPValues', () => {
  it('takes p from the mirrored non-positive importances, as ranger does', () => {
    // Null: negatives -0.2, -0.1, their mirrors 0.2, 0.1 and the zero: [-0.2, -0.1, 0, 0.1, 0.2].
    // p = share of the null strictly above the importance (R: 1 - ecdf(null)(v) gives the same).
    const r = janitzaPValues([-0.2, -0.1, 0, 0.05, 0.1, 0.3]);
    expect(Array.from(r.pValues)).toEqual([0.8, 0.6, 0.4, 0.4, 0.2, 0]);
    expect(r.nullSize).toBe(5);
    expect(r.negatives).toBe(2);
  });

  it('refuses importances with no negative value (no null distribution)', () => {
    expect(() => janitzaPValues([0, 0.1, 0.2])).toThrow(/no variant has a negative importance/);
  });

  it('refuses a non-finite importance', () => {
    expect(() => janitzaPValues([-1, Number.NaN])).toThrow(/not a finite number/);
  });
});

describe('benjaminiHochberg', () => {
  it('equals worked values (R p.adjust "BH")', () => {
    // Sorted 0.005, 0.01, 0.03, 0.04; p·m/rank = 0.02, 0.02, 0.04, 0.04.
    expect(Array.from(benjaminiHochberg([0.01, 0.04, 0.03, 0.005]))).toEqual([
      0.02, 0.04, 0.04, 0.02,
    ]);
    // Sorted 0.012, 0.04, 0.05; p·m/rank = 0.036, 0.06, 0.05: the running minimum from the top makes 0.06 → 0.05.
    const q = benjaminiHochberg([0.04, 0.012, 0.05]);
    expect(q[0]).toBeCloseTo(0.05, 15);
    expect(q[1]).toBeCloseTo(0.036, 15);
    expect(q[2]).toBeCloseTo(0.05, 15);
  });

  it('caps q at 1 and keeps ties equal', () => {
    expect(Array.from(benjaminiHochberg([1, 0.9]))).toEqual([1, 1]);
    expect(Array.from(benjaminiHochberg([0, 0, 0.5]))).toEqual([0, 0, 0.5]);
  });

  it('refuses a p-value outside [0, 1]', () => {
    expect(() => benjaminiHochberg([0.1, 1.5])).toThrow(/not in \[0, 1\]/);
  });
});
