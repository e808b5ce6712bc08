import { describe, expect, it } from 'vitest';
import { Rng } from '../forest/rng';
import {
  groupsFromCells,
  repeatSpread,
  repeatedFolds,
  stratifiedGroupKFold,
  trainingRows,
} from './crossValidation';

/** 400 rows in 120 families of 1–6; the outcome runs in families (a family is mostly one class). */
function familyCohort(seed: number) {
  const rng = new Rng(seed);
  const y: number[] = [];
  const groups: number[] = [];
  for (let g = 0; y.length < 400; g++) {
    const size = 1 + rng.nextInt(6);
    const familyRisk = rng.nextFloat() < 0.3 ? 0.8 : 0.1;
    for (let i = 0; i < size && y.length < 400; i++) {
      y.push(rng.nextFloat() < familyRisk ? 1 : 0);
      groups.push(g);
    }
  }
  return { y: Uint8Array.from(y), groups: Int32Array.from(groups) };
}

describe('stratifiedGroupKFold', () => {
  it('never puts a group on both sides, tests every row once, and keeps classes balanced', () => {
    const { y, groups } = familyCohort(3);
    const split = stratifiedGroupKFold(y, groups, 2, 5, 42);
    expect(split.k).toBe(5);
    const seen = new Int32Array(y.length);
    const foldOfGroup = new Map<number, number>();
    split.folds.forEach((fold, f) => {
      for (const r of fold) {
        seen[r]++;
        const before = foldOfGroup.get(groups[r]);
        expect(before === undefined || before === f).toBe(true);
        foldOfGroup.set(groups[r], f);
      }
      const train = trainingRows(split, f, y.length);
      const testGroups = new Set(Array.from(fold, (r) => groups[r]));
      for (const r of train) expect(testGroups.has(groups[r])).toBe(false);
    });
    expect(Array.from(seen).every((n) => n === 1)).toBe(true);
    const overall = y.reduce((a, b) => a + b, 0) / y.length;
    for (const fold of split.folds) {
      const share = Array.from(fold).reduce((a, r) => a + y[r], 0) / fold.length;
      expect(Math.abs(share - overall)).toBeLessThan(0.05);
      expect(fold.length).toBeGreaterThan(60);
      expect(fold.length).toBeLessThan(100);
    }
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const { y, groups } = familyCohort(5);
    const a = stratifiedGroupKFold(y, groups, 2, 5, 1);
    expect(stratifiedGroupKFold(y, groups, 2, 5, 1).folds).toEqual(a.folds);
    expect(stratifiedGroupKFold(y, groups, 2, 5, 2).folds).not.toEqual(a.folds);
  });

  it('uses fewer folds when there are fewer groups, and refuses one group', () => {
    const y = Uint8Array.from([0, 1, 0, 1, 0, 1]);
    const s = stratifiedGroupKFold(y, Int32Array.from([0, 0, 1, 1, 2, 2]), 2, 5, 0);
    expect(s.k).toBe(3);
    expect(s.note).toMatch(/only 3 groups/);
    expect(() => stratifiedGroupKFold(y, new Int32Array(6), 2, 5, 0)).toThrow(/at least 2 groups/);
  });
});

describe('repeatedFolds', () => {
  it('gives 5 × 5 splits with distinct seeds, each a full partition, group-aware when asked', () => {
    const { y, groups } = familyCohort(9);
    const reps = repeatedFolds({ y, nClasses: 2, k: 5, repeats: 5, seed: 10, groups });
    expect(reps.map((r) => r.seed)).toEqual([10, 11, 12, 13, 14]);
    const keys = new Set(reps.map((r) => JSON.stringify(r.split.folds.map((f) => Array.from(f)))));
    expect(keys.size).toBe(5);
    for (const { split } of reps) {
      expect(split.folds.reduce((n, f) => n + f.length, 0)).toBe(y.length);
      for (const fold of split.folds) {
        const inFold = new Set(Array.from(fold, (r) => groups[r]));
        for (let r = 0; r < y.length; r++)
          if (inFold.has(groups[r])) expect(fold.includes(r)).toBe(true);
      }
    }
    const plain = repeatedFolds({ y, nClasses: 2, k: 5, repeats: 2, seed: 10 });
    expect(plain[0].split.k).toBe(5);
  });

  it('summarises a metric across repeats', () => {
    expect(repeatSpread([0.8, 0.82, 0.78])).toEqual({
      mean: expect.closeTo(0.8, 10) as number,
      sd: expect.closeTo(0.02, 10) as number,
      min: 0.78,
      max: 0.82,
    });
  });
});

describe('groupsFromCells', () => {
  it('numbers labels in order and gives each unlabelled row its own group', () => {
    expect(groupsFromCells(['fam1', 'fam2', 'fam1', '', ' ', 'fam2'])).toEqual({
      groups: Int32Array.from([0, 1, 0, 2, 3, 1]),
      nGroups: 4,
      unlabelled: 2,
    });
  });
});
