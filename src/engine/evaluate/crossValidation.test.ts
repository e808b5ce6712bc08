import { describe, expect, it } from 'vitest';
import { stratifiedKFold, trainingRows } from './crossValidation';

function classCounts(y: ArrayLike<number>, rows: Int32Array, nClasses: number): number[] {
  const c = new Array<number>(nClasses).fill(0);
  for (const r of rows) c[y[r]]++;
  return c;
}

describe('stratifiedKFold', () => {
  it('gives the same per-fold class counts as sklearn StratifiedKFold', () => {
    // sklearn 1.2.1: StratifiedKFold(3, shuffle=True, random_state=0).split(X, y) on this y gives
    // test-fold class counts [3,1,1], [2,2,1], [2,2,1] (np.bincount(y[test], minlength=3)).
    const y = Uint8Array.from([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 0, 1, 0, 0]);
    const s = stratifiedKFold(y, 3, 3, 0);
    expect(s.k).toBe(3);
    expect(s.note).toBeNull();
    expect(s.folds.map((f) => classCounts(y, f, 3))).toEqual([
      [3, 1, 1],
      [2, 2, 1],
      [2, 2, 1],
    ]);
  });

  it('covers every row exactly once and keeps class proportions', () => {
    const n = 1003;
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) y[i] = i % 10 < 7 ? 0 : i % 10 < 9 ? 1 : 2; // 70 / 20 / 10 %
    const s = stratifiedKFold(y, 3, 5, 42);
    const seen = new Uint8Array(n);
    for (const f of s.folds) for (const r of f) seen[r]++;
    expect(Array.from(seen).every((v) => v === 1)).toBe(true);
    const total = classCounts(
      y,
      Int32Array.from({ length: n }, (_, i) => i),
      3,
    );
    for (const f of s.folds) {
      const c = classCounts(y, f, 3);
      for (let k = 0; k < 3; k++) {
        // Each class splits as evenly as possible: floor or ceil of count / k.
        expect(c[k]).toBeGreaterThanOrEqual(Math.floor(total[k] / 5));
        expect(c[k]).toBeLessThanOrEqual(Math.ceil(total[k] / 5));
      }
      expect(f.length === 200 || f.length === 201).toBe(true);
    }
    const train = trainingRows(s, 2, n);
    expect(train.length + s.folds[2].length).toBe(n);
  });

  it('is deterministic by seed and shuffles', () => {
    const y = Uint8Array.from({ length: 60 }, (_, i) => i % 2);
    const a = stratifiedKFold(y, 2, 4, 7);
    const b = stratifiedKFold(y, 2, 4, 7);
    const c = stratifiedKFold(y, 2, 4, 8);
    expect(a.folds.map((f) => Array.from(f))).toEqual(b.folds.map((f) => Array.from(f)));
    expect(a.folds.map((f) => Array.from(f))).not.toEqual(c.folds.map((f) => Array.from(f)));
  });

  it('uses fewer folds with a plain-words note when a class is small', () => {
    const y = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    const s = stratifiedKFold(y, 2, 5, 1, ['responder', 'relapse']);
    expect(s.k).toBe(3);
    expect(s.folds).toHaveLength(3);
    expect(s.note).toContain('"relapse" has only 3 patients');
    expect(s.note).toContain('3 folds were used');
    for (const f of s.folds) expect(classCounts(y, f, 2)[1]).toBe(1);
  });

  it('throws a clear error when a class has fewer than 2 rows', () => {
    const y = Uint8Array.from([0, 0, 0, 0, 1]);
    expect(() => stratifiedKFold(y, 2, 2, 1, ['no', 'yes'])).toThrow(/"yes" has only 1 patient/);
    expect(() => stratifiedKFold(Uint8Array.from([0, 1, 0, 1]), 2, 1, 1)).toThrow(
      /at least 2 folds/,
    );
  });
});
