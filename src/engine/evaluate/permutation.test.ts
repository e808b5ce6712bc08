import { describe, expect, it } from 'vitest';
import { permutationImportance } from './permutation';

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
});
