import { describe, expect, it } from 'vitest';
import { binFeatures } from './binning.ts';
import { growTrees } from './grow.ts';
import { growSetup } from './growSupport.ts';
import { Rng } from './rng.ts';
import { PACK_SCALE, PACKED_MAX_WEIGHT } from './packedSnp.ts';
import {
  DEFAULT_PARAMS,
  MISSING_BIN,
  type BinnedData,
  type ForestParams,
  type Tree,
} from './types.ts';

/**
 * A seeded SNP table (0/1/2 with some missing cells, in every column or only in the even ones) whose outcome
 * depends on two SNPs and their product.
 */
function snpTable(nRows: number, nFeatures: number, missing: number, evenOnly = false) {
  const rng = new Rng(99);
  const X = new Float32Array(nRows * nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    const maf = 0.05 + 0.4 * rng.nextFloat();
    for (let r = 0; r < nRows; r++) {
      const g = (rng.nextFloat() < maf ? 1 : 0) + (rng.nextFloat() < maf ? 1 : 0);
      X[f * nRows + r] = rng.nextFloat() < missing && (!evenOnly || f % 2 === 0) ? NaN : g;
    }
  }
  const y = new Uint8Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const a = X[r] || 0;
    const b = X[nRows + r] || 0;
    y[r] = a + b * a + rng.nextFloat() * 2 > 2 ? 1 : 0;
  }
  return { X, y };
}

function sameTree(a: Tree, b: Tree): void {
  expect(a.nodeCount).toBe(b.nodeCount);
  expect(Array.from(a.feature)).toEqual(Array.from(b.feature));
  expect(Array.from(a.threshold)).toEqual(Array.from(b.threshold));
  expect(Array.from(a.missingLeft)).toEqual(Array.from(b.missingLeft));
  expect(Array.from(a.value)).toEqual(Array.from(b.value));
  expect(Array.from(a.left)).toEqual(Array.from(b.left));
  expect(Array.from(a.weight)).toEqual(Array.from(b.weight));
  expect(Array.from(a.impurityDecrease)).toEqual(Array.from(b.impurityDecrease));
}

describe('binning of 0/1/2 columns', () => {
  it('gives midpoint thresholds of the values present and maps missing to the missing bin', () => {
    const n = 6;
    const cols = [
      [0, 1, 2, NaN, 1, 0], // genotypes and a missing cell
      [0, 2, 2, 0, 0, 2], // no heterozygotes: one threshold, 1
      [1, 1, 1, 1, 1, 1], // constant
      [NaN, NaN, NaN, NaN, NaN, NaN], // all missing
      [3, 1, 3, 1, 1, 3], // 1 and 3
    ];
    const X = new Float32Array(cols.flat());
    const b = binFeatures(X, n, cols.length, new Uint8Array(cols.length));
    expect(Array.from(b.thresholds[0])).toEqual([0.5, 1.5]);
    expect(Array.from(b.thresholds[1])).toEqual([1]);
    expect(Array.from(b.thresholds[2])).toEqual([]);
    expect(Array.from(b.thresholds[3])).toEqual([]);
    expect(Array.from(b.thresholds[4])).toEqual([2]);
    expect(Array.from(b.nBins)).toEqual([3, 2, 1, 0, 2]);
    expect(Array.from(b.bins.subarray(0, n))).toEqual([0, 1, 2, MISSING_BIN, 1, 0]);
    expect(Array.from(b.bins.subarray(n, 2 * n))).toEqual([0, 1, 1, 0, 0, 1]);
    expect(Array.from(b.bins.subarray(4 * n, 5 * n))).toEqual([1, 0, 1, 0, 0, 1]);
  });
});

/**
 * Grows the same rows twice: once with at most 3 bins a column (packed path: register sums of the genotype
 * codes' moments, pairs of columns a pass) and once with three extra rows of values 3, 4 and 5 left out of
 * training (more than 3 bins a column: the histogram path); every tree must be the same.
 */
function expectSameAsHistogramPath(
  n: number,
  missing: number,
  evenOnly: boolean,
  overrides: Partial<ForestParams>,
): void {
  const p = 30;
  const extra = 3;
  const { X, y } = snpTable(n, p, missing, evenOnly);
  const packedBins = binFeatures(X, n, p, new Uint8Array(p));
  const m = n + extra;
  const Xw = new Float32Array(m * p);
  for (let f = 0; f < p; f++) {
    Xw.set(X.subarray(f * n, (f + 1) * n), f * m);
    for (let e = 0; e < extra; e++) Xw[f * m + n + e] = 3 + e;
  }
  const wideBins = binFeatures(Xw, m, p, new Uint8Array(p));
  expect(Array.from(packedBins.nBins).every((nb) => nb <= 3)).toBe(true);
  expect(Array.from(wideBins.nBins).every((nb) => nb > 3)).toBe(true);
  const yw = new Uint8Array(m);
  yw.set(y);
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  const params = {
    ...DEFAULT_PARAMS,
    nEstimators: 15,
    randomState: 3,
    oobScore: false,
    ...overrides,
  };
  expect(growSetup(packedBins, y, 2, params).packedOk).toBe(true);
  const trees = Array.from({ length: 15 }, (_, i) => i);
  const a = growTrees(packedBins, y, 2, params, trees);
  const b = growTrees(wideBins, yw, 2, params, trees, { rows });
  for (let t = 0; t < trees.length; t++) sameTree(a.trees[t], b.trees[t]);
  expect(a.trees.some((t) => t.nodeCount > 20)).toBe(true);
}

describe('packed SNP split search', () => {
  // Missing cells in every column, or in every other one (pairs of columns a pass then mix the two kinds), at
  // the minimum leaf sizes tuned forests choose too (the packed sweep then needs the rows of each genotype).
  const cases = [
    [0, false, 1],
    [0.05, false, 1],
    [0.05, true, 1],
    [0, false, 5],
    [0.05, false, 5],
    [0.05, true, 5],
    [0, false, 20],
    [0.05, true, 20],
  ] as const;
  for (const [missing, evenOnly, minSamplesLeaf] of cases) {
    const where = evenOnly ? ' in even columns' : '';
    it(`grows the same trees as the histogram path (${missing * 100} % missing${where}, leaf ${minSamplesLeaf})`, () => {
      expectSameAsHistogramPath(minSamplesLeaf > 1 ? 1500 : 400, missing, evenOnly, {
        minSamplesLeaf,
      });
    });
  }

  // The missing code (3) weighs most in the third moment the scans sum: a third of the cells missing, and row
  // weights other than bootstrap counts (no bootstrap: all 1; a half-size bootstrap).
  it('grows the same trees with many missing cells and other row weights', () => {
    expectSameAsHistogramPath(400, 0.3, false, {});
    expectSameAsHistogramPath(400, 0.3, true, { minSamplesLeaf: 3 });
    expectSameAsHistogramPath(400, 0.05, false, { bootstrap: false, maxFeatures: 0.5 });
    expectSameAsHistogramPath(600, 0.05, true, { maxSamples: 0.5 });
  });

  it('takes the packed path only while its sums stay exact, and for two classes only', () => {
    // The moment sums reach 27 × total weight × PACK_SCALE; past PACKED_MAX_WEIGHT they could round.
    expect(27 * PACKED_MAX_WEIGHT * PACK_SCALE).toBeLessThanOrEqual(2 ** 53);
    const setup = (nRows: number, nClasses: number) =>
      growSetup({ nRows } as BinnedData, new Uint8Array(nRows), nClasses, DEFAULT_PARAMS).packedOk;
    expect(setup(PACKED_MAX_WEIGHT - 1, 2)).toBe(true);
    expect(setup(PACKED_MAX_WEIGHT, 2)).toBe(false);
    expect(setup(1000, 3)).toBe(false);
  });
});
