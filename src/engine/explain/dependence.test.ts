import { describe, expect, it } from 'vitest';
import type { FeatureEncoding } from '../data/types';
import { predictProbaRow } from '../forest/predict';
import { buildTree } from './testTrees';
import { dependenceCurve, dependenceGrid } from './dependence';

// Feature 0: categorical (a, b, c); feature 1: numeric. Tree A splits on 1 then 0; tree B only on 0.
const treeA = buildTree(
  {
    feature: 1,
    threshold: 2.5,
    missingLeft: true,
    left: { counts: [4, 0] },
    right: {
      feature: 0,
      leftCategories: [1],
      missingLeft: false,
      left: { counts: [0, 4] },
      right: { counts: [2, 2] },
    },
  },
  2,
);
const treeB = buildTree(
  {
    feature: 0,
    leftCategories: [0],
    missingLeft: true,
    left: { counts: [3, 1] },
    right: { counts: [1, 3] },
  },
  2,
);
const model = { trees: [treeA, treeB], nClasses: 2, nFeatures: 2 };
// Cohort of 5, column-major: feature 0 then feature 1.
const cohort0 = [0, 1, 2, 1, NaN];
const cohort1 = [1, 2, 3, 4, 5];
const X = Float32Array.from([...cohort0, ...cohort1]);
const numeric: FeatureEncoding = { kind: 'numeric', name: 'dose', min: 1, max: 5, median: 3 };
const categorical: FeatureEncoding = {
  kind: 'categorical',
  name: 'group',
  categories: ['a', 'b', 'c'],
  counts: [1, 2, 1],
};

describe('dependenceGrid', () => {
  it('uses distinct cohort quantiles for numbers and the categories for categorical features', () => {
    // numpy.quantile([1,2,3,4,5], [0, .25, .5, .75, 1]) = [1, 2, 3, 4, 5]
    expect(dependenceGrid(X, 5, 1, numeric, 5).values).toEqual([1, 2, 3, 4, 5]);
    // numpy.quantile([1,2,3,4,5], linspace(0,1,3)) = [1, 3, 5]
    expect(dependenceGrid(X, 5, 1, numeric, 3).values).toEqual([1, 3, 5]);
    // Missing cohort values are left out; repeated quantiles collapse:
    // numpy.quantile([0, 1, 2, 1], linspace(0, 1, 9)) = [0, .375, .75, 1, 1, 1, 1.25, 1.625, 2]
    expect(dependenceGrid(X, 5, 0, { ...numeric, name: 'n0' }, 9).values).toEqual([
      0, 0.375, 0.75, 1, 1.25, 1.625, 2,
    ]);
    expect(dependenceGrid(X, 5, 0, categorical).labels).toEqual(['a', 'b', 'c']);
  });
});

describe('dependenceCurve', () => {
  it('matches predicting each modified row, for the patient, the ICE rows and the average', () => {
    const x = [2, 1];
    const c = dependenceCurve(model, X, 5, x, 1, numeric, 1, { gridSize: 5, iceSamples: 5 });
    expect(c.feature).toBe('dose');
    expect(c.grid).toEqual([1, 2, 3, 4, 5]);
    c.grid.forEach((g, i) => {
      expect(c.patient[i]).toBeCloseTo(predictProbaRow(model, [2, g as number])[1], 12);
      let sum = 0;
      for (let r = 0; r < 5; r++) sum += predictProbaRow(model, [cohort0[r], g as number])[1];
      expect(c.average[i]).toBeCloseTo(sum / 5, 12);
    });
    // Hand-worked: patient category c (index 2): tree B right → 0.75; tree A: dose ≤ 2.5 → 0, else c → 0.5.
    expect(c.patient).toEqual(
      [0.375, 0.375, 0.625, 0.625, 0.625].map((v) => expect.closeTo(v, 12)),
    );
    expect(c.ice).toHaveLength(5);
    // Each ICE curve is one cohort patient's curve: the set of curves equals predicting every cohort row.
    const expected = cohort0.map((v) =>
      c.grid.map((g) => predictProbaRow(model, [v, g as number])[1]),
    );
    const key = (a: number[]): string => a.map((v) => v.toFixed(9)).join(',');
    expect(c.ice.map(key).sort()).toEqual(expected.map(key).sort());
  });

  it('sweeps categories and is deterministic by seed', () => {
    const a = dependenceCurve(model, X, 5, [NaN, 4], 0, categorical, 1, {
      iceSamples: 2,
      averageSamples: 3,
      seed: 4,
    });
    const b = dependenceCurve(model, X, 5, [NaN, 4], 0, categorical, 1, {
      iceSamples: 2,
      averageSamples: 3,
      seed: 4,
    });
    expect(a).toEqual(b);
    expect(a.grid).toEqual(['a', 'b', 'c']);
    expect(a.patient).toEqual(
      [0, 1, 2].map((k) => expect.closeTo(predictProbaRow(model, [k, 4])[1], 12)),
    );
    expect(a.ice).toHaveLength(2);
    expect(() => dependenceCurve(model, X, 5, [0, 0], 0, categorical, 2)).toThrow(/class number 2/);
  });
});
