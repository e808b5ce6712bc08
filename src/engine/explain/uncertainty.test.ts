import { describe, expect, it } from 'vitest';
import { describeInterval, percentileSorted, predictionInterval } from './uncertainty';

describe('predictionInterval', () => {
  it('gives per-class 10th–90th percentiles of the trees, like numpy.percentile', () => {
    // 11 trees, 2 classes; class 1 probabilities 0, 0.1, ..., 1 (shuffled).
    const p1 = [0.5, 0.1, 0.9, 0, 1, 0.3, 0.7, 0.2, 0.8, 0.4, 0.6];
    const probs = new Float32Array(22);
    p1.forEach((p, t) => {
      probs[2 * t] = 1 - p;
      probs[2 * t + 1] = p;
    });
    const [c0, c1] = predictionInterval(probs, 2);
    // numpy.percentile([0, 0.1, ..., 1], [10, 90]) = [0.1, 0.9] (position q·(n−1) = 1 and 9)
    expect(c1.low).toBeCloseTo(0.1, 6);
    expect(c1.high).toBeCloseTo(0.9, 6);
    expect(c0.low).toBeCloseTo(0.1, 6);
    expect(c0.high).toBeCloseTo(0.9, 6);
  });

  it('interpolates between trees; numpy.percentile([1, 2, 3, 4], 10) = 1.3, 90 → 3.7', () => {
    expect(percentileSorted([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
    expect(percentileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(percentileSorted([7], 0.9)).toBe(7);
  });

  it('rejects arguments that cannot be right and reads in plain words', () => {
    expect(() => predictionInterval(new Float32Array(10), 3)).toThrow(/nTrees × 3/);
    expect(() => predictionInterval(new Float32Array(1000), 500, 2)).toThrow(/percentiles/);
    expect(describeInterval('relapse', { low: 0.62, high: 0.91 })).toContain(
      'The middle 80 % of the trees gave “relapse” a probability between 62 % and 91 %',
    );
  });
});
