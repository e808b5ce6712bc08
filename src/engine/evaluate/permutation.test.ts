import { describe, expect, it } from 'vitest';
import { permutationImportance, stratifiedSample } from './permutation';

// A fixed "model": P(class 1) = sigmoid(3·x0 + 0·x1 + 1·x2). Feature 1 is ignored, so shuffling it
// cannot change any prediction: its importance must be exactly 0.
function predictFn(X: Float32Array, nRows: number): Float64Array {
  const out = new Float64Array(nRows * 2);
  for (let r = 0; r < nRows; r++) {
    const z = 3 * X[r] + X[2 * nRows + r];
    const p = 1 / (1 + Math.exp(-z));
    out[2 * r] = 1 - p;
    out[2 * r + 1] = p;
  }
  return out;
}

function data(n: number): { X: Float32Array; y: Uint8Array } {
  const X = new Float32Array(3 * n);
  const y = new Uint8Array(n);
  let s = 12345;
  const rand = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296 - 0.5;
  };
  for (let r = 0; r < n; r++) {
    X[r] = rand();
    X[n + r] = rand();
    X[2 * n + r] = rand();
    y[r] = 3 * X[r] + X[2 * n + r] + 0.3 * rand() > 0 ? 1 : 0;
  }
  return { X, y };
}

describe('permutationImportance', () => {
  it('ranks the strong feature first, the ignored one at 0, and is deterministic by seed', () => {
    const { X, y } = data(400);
    const copy = X.slice();
    const a = permutationImportance(predictFn, X, 400, 3, y, 2, { seed: 3, repeats: 4 });
    expect(Array.from(X)).toEqual(Array.from(copy)); // X restored
    expect(a[1]).toBe(0);
    expect(a[0]).toBeGreaterThan(a[2]);
    expect(a[2]).toBeGreaterThan(0);
    const b = permutationImportance(predictFn, X, 400, 3, y, 2, { seed: 3, repeats: 4 });
    expect(Array.from(b)).toEqual(Array.from(a));
    const c = permutationImportance(predictFn, X, 400, 3, y, 2, { seed: 4, repeats: 4 });
    expect(c[0]).not.toBe(a[0]);
    const acc = permutationImportance(predictFn, X, 400, 3, y, 2, { metric: 'accuracy' });
    expect(acc[0]).toBeGreaterThan(0.2);
    expect(acc[1]).toBe(0);
  });

  it('computes only the requested features', () => {
    const { X, y } = data(100);
    const a = permutationImportance(predictFn, X, 100, 3, y, 2, { features: [2] });
    expect(a[0]).toBeNaN();
    expect(a[2]).toBeGreaterThan(0);
  });

  it('on a tall table measures a stratified sample of maxRows rows: the informative feature still ranks first', () => {
    const n = 6000;
    const { X, y } = data(n);
    let calls = 0;
    const counted = (Xp: Float32Array, np: number): Float64Array => {
      calls++;
      expect(np).toBe(500);
      return predictFn(Xp, np);
    };
    const copy = X.slice();
    const a = permutationImportance(counted, X, n, 3, y, 2, { seed: 2, repeats: 2, maxRows: 500 });
    // The base score and 3 features × 2 shuffles, each on 500 rows only.
    expect(calls).toBe(1 + 3 * 2);
    expect(Array.from(X)).toEqual(Array.from(copy));
    expect(a[1]).toBe(0);
    expect(a[0]).toBeGreaterThan(a[2]);
    expect(a[2]).toBeGreaterThan(0);
    const b = permutationImportance(predictFn, X, n, 3, y, 2, {
      seed: 2,
      repeats: 2,
      maxRows: 500,
    });
    expect(Array.from(b)).toEqual(Array.from(a));
    // Close to the importances over all rows.
    const full = permutationImportance(predictFn, X, n, 3, y, 2, { seed: 2, repeats: 2 });
    expect(Math.abs(a[0] - full[0])).toBeLessThan(0.05);
    // maxRows at or above the row count changes nothing.
    const same = permutationImportance(predictFn, X, n, 3, y, 2, {
      seed: 2,
      repeats: 2,
      maxRows: n,
    });
    expect(Array.from(same)).toEqual(Array.from(full));
  });
});

describe('stratifiedSample', () => {
  const y = Uint8Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : i % 10 === 9 ? 2 : 0));
  const classCounts = (rows: Int32Array): number[] => {
    const c = [0, 0, 0];
    for (const r of rows) c[y[r]]++;
    return c;
  };

  it('is deterministic for a seed, ascending, without repeats, and keeps each class its share', () => {
    const a = stratifiedSample(y, 3, 100, 7);
    expect(Array.from(a)).toEqual(Array.from(stratifiedSample(y, 3, 100, 7)));
    expect(Array.from(a)).not.toEqual(Array.from(stratifiedSample(y, 3, 100, 8)));
    expect(a).toHaveLength(100);
    for (let i = 1; i < a.length; i++) expect(a[i]).toBeGreaterThan(a[i - 1]);
    expect(classCounts(a)).toEqual([60, 30, 10]);
    // Largest remainders: 7 rows of 60/30/10 % are 4.2, 2.1, 0.7 -> 4, 2, 1.
    expect(classCounts(stratifiedSample(y, 3, 7, 1))).toEqual([4, 2, 1]);
  });

  it('keeps a rare class present, and returns every row when the sample would not be smaller', () => {
    const rare = Uint8Array.from({ length: 1000 }, (_, i) => (i === 500 ? 1 : 0));
    const s = stratifiedSample(rare, 2, 10, 3);
    expect(s).toHaveLength(10);
    expect(Array.from(s)).toContain(500);
    expect(Array.from(stratifiedSample(y, 3, 1000, 1))).toEqual(
      Array.from({ length: 1000 }, (_, i) => i),
    );
    expect(stratifiedSample(y, 3, 5000, 1)).toHaveLength(1000);
  });
});
