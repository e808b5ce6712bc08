import { describe, expect, it } from 'vitest';
import type { Encoding } from '../data/types';
import { fitForest } from '../forest/forest';
import { Rng } from '../forest/rng';
import { familiarityIndex, rangeWarnings } from './familiarity';

/** Two clusters of patients on 6 numeric features; the outcome follows the cluster (with noise). */
function cohort(n: number, seed: number): { X: Float32Array; y: Uint8Array } {
  const rng = new Rng(seed);
  const X = new Float32Array(n * 6);
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const c = r % 2;
    y[r] = rng.nextFloat() < 0.85 ? c : 1 - c;
    for (let f = 0; f < 6; f++) X[f * n + r] = c * 2 + rng.nextFloat() * 2 - 1;
  }
  return { X, y };
}

describe('familiarityIndex', () => {
  const n = 300;
  const { X, y } = cohort(n, 3);
  const model = fitForest(X, n, 6, new Uint8Array(6), y, 2, { nEstimators: 60, randomState: 2 });
  const index = familiarityIndex(model, X, n);

  it('precomputes every training row’s leaf and a reference score per training patient', () => {
    expect(index.cohortLeaves).toHaveLength(60 * n);
    expect(index.referenceScores).toHaveLength(n);
    for (let i = 1; i < n; i++)
      expect(index.referenceScores[i]).toBeGreaterThanOrEqual(index.referenceScores[i - 1]);
  });

  it('scores a training patient as familiar', () => {
    const x = Array.from({ length: 6 }, (_, f) => X[f * n + 10]);
    const r = index.score(x);
    // It shares every leaf with itself, so it beats its own leave-self-out score: above the median.
    expect(r.familiarity).toBeGreaterThan(0.5);
    expect(r.nearest[0]).toBe(10); // itself, in every tree
    expect(r.nearestProximity[0]).toBe(1);
    expect(r.warning).toBeNull();
  });

  it('scores a new patient like the cohort as ordinary, and one with extreme values as unfamiliar', () => {
    const fresh = cohort(41, 99);
    const fams: number[] = [];
    for (let r = 0; r < 41; r++)
      fams.push(index.score(Array.from({ length: 6 }, (_, f) => fresh.X[f * 41 + r])).familiarity);
    fams.sort((a, b) => a - b);
    expect(fams[20]).toBeGreaterThan(0.3); // median (0.54 when written)
    expect(fams[0]).toBeGreaterThan(0.05); // none of them is flagged (lowest 0.18 when written)
    // Extreme: between the clusters on some features, far outside on others.
    const r = index.score([1, -40, 40, 1, -40, 40]);
    expect(r.familiarity).toBeLessThan(0.05);
    expect(r.warning?.kind).toBe('unfamiliar');
    expect(r.reason).toContain('unlike the patients the model learned from');
  });
});

describe('rangeWarnings', () => {
  const encoding: Encoding = {
    target: 'outcome',
    classes: ['no', 'yes'],
    features: [
      { kind: 'numeric', name: 'age', min: 18, max: 90, median: 50 },
      {
        kind: 'categorical',
        name: 'smoker',
        categories: ['never', 'former', 'current'],
        counts: [5, 3, 2],
      },
      { kind: 'numeric', name: 'bmi', min: 15, max: 45, median: 25 },
      { kind: 'numeric', name: 'crp', min: 0, max: 100, median: 5 },
    ],
  };

  it('names each field: out of range, unseen category, not a number, missing', () => {
    const w = rangeWarnings(
      encoding,
      {
        x: Float32Array.from([102, NaN, NaN, NaN]),
        missing: ['crp'],
        notNumbers: ['bmi'],
        unseen: ['smoker'],
        outOfRange: ['age'],
      },
      { age: 102, smoker: 'daily', bmi: 'twenty', crp: '' },
    );
    expect(w.map((v) => [v.field, v.kind])).toEqual([
      ['age', 'out-of-range'],
      ['smoker', 'unseen-category'],
      ['bmi', 'not-a-number'],
      ['crp', 'missing'],
    ]);
    expect(w[0].message).toContain(
      '“age” = 102 is above the highest value seen in training (18 to 90)',
    );
    expect(w[1].message).toContain(
      '“daily” never occurred in the training data (known values: never, former, current)',
    );
    expect(w[2].message).toContain('“twenty”');
    expect(w[3].message).toContain(
      'relies on what the model learned about patients whose “crp” was missing',
    );
  });

  it('is empty for an ordinary patient', () => {
    expect(
      rangeWarnings(encoding, {
        x: Float32Array.from([40, 0, 22, 3]),
        missing: [],
        notNumbers: [],
        unseen: [],
        outOfRange: [],
      }),
    ).toEqual([]);
  });
});
