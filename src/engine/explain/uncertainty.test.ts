import { describe, expect, it } from 'vitest';
import { describeInterval, percentileSorted, predictionInterval, treeSpread } from './uncertainty';

/** Trees' probabilities for two classes from the second class's values (first = 1 − second). */
function twoClass(p1: number[]): Float32Array {
  const probs = new Float32Array(2 * p1.length);
  p1.forEach((p, t) => {
    probs[2 * t] = 1 - p;
    probs[2 * t + 1] = p;
  });
  return probs;
}

describe('treeSpread', () => {
  it('gives each class’s mean and population standard deviation, like numpy.mean / numpy.std', () => {
    // numpy: np.mean([.2, .4, .6, .8]) = 0.5; np.std([.2, .4, .6, .8]) = sqrt(0.05) = 0.2236068
    const [c0, c1] = treeSpread(twoClass([0.2, 0.4, 0.6, 0.8]), 2);
    expect(c1.mean).toBeCloseTo(0.5, 6);
    expect(c1.sd).toBeCloseTo(0.2236068, 6);
    expect(c0.mean).toBeCloseTo(0.5, 6);
    expect(c0.sd).toBeCloseTo(0.2236068, 6);
  });

  it('is exactly zero when every tree agrees', () => {
    const [, c1] = treeSpread(twoClass([0.7, 0.7, 0.7]), 2);
    expect(c1.sd).toBe(0);
  });
});

describe('predictionInterval (mean ± one standard deviation of the trees, clipped to [0, 1])', () => {
  it('is informative for fully grown trees voting 0 or 1, where percentiles were not', () => {
    // 97 of 100 trees vote "1": mean 0.97, sd sqrt(0.97 · 0.03) = 0.1705872. The old 10th–90th
    // percentile was [1, 1] here, and [0, 1] for any split between 10 % and 90 %.
    const votes = Array.from({ length: 100 }, (_, t) => (t < 97 ? 1 : 0));
    const [, c1] = predictionInterval(twoClass(votes), 2);
    expect(c1.low).toBeCloseTo(0.97 - 0.1705872, 6);
    expect(c1.high).toBe(1);
    // An even split is as unsure as it gets: the whole range.
    const [, even] = predictionInterval(twoClass([0, 1, 0, 1]), 2);
    expect(even).toEqual({ low: 0, high: 1 });
  });

  it('clips to [0, 1] and always contains the forest’s probability', () => {
    // np.mean([.9, 1, 1, 1]) = 0.975, np.std = 0.0433013
    const [c0, c1] = predictionInterval(twoClass([0.9, 1, 1, 1]), 2);
    expect(c1.low).toBeCloseTo(0.975 - 0.0433013, 6);
    expect(c1.high).toBe(1);
    expect(c0.low).toBe(0);
    expect(c0.high).toBeCloseTo(0.025 + 0.0433013, 6);
    for (const [iv, p] of [
      [c0, 0.025],
      [c1, 0.975],
    ] as const) {
      expect(iv.low).toBeLessThanOrEqual(p);
      expect(iv.high).toBeGreaterThanOrEqual(p);
    }
  });

  it('widens with the width argument (e.g. two standard deviations)', () => {
    const [, c1] = predictionInterval(twoClass([0.2, 0.4, 0.6, 0.8]), 2, 2);
    expect(c1.low).toBeCloseTo(0.5 - 2 * 0.2236068, 6);
    expect(c1.high).toBeCloseTo(0.5 + 2 * 0.2236068, 6);
  });

  it('rejects arguments that cannot be right and reads in plain words', () => {
    expect(() => predictionInterval(new Float32Array(10), 3)).toThrow(/nTrees × 3/);
    expect(() => predictionInterval(new Float32Array(4), 2, -1)).toThrow(/width/);
    expect(describeInterval('relapse', { low: 0.62, high: 0.91 })).toContain(
      'Trees’ spread: a typical tree gave “relapse” a probability between 62 % and 91 %',
    );
  });
});

describe('percentileSorted (used by the dependence grid)', () => {
  it('interpolates like numpy.percentile([1, 2, 3, 4], 10) = 1.3, 90 → 3.7', () => {
    expect(percentileSorted([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
    expect(percentileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(percentileSorted([7], 0.9)).toBe(7);
  });
});
