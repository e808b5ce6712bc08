import { describe, expect, it } from 'vitest';
import { Rng } from './rng.ts';
import { allEqual, integerDrawWeights, WEIGHT_SCALE, WeightedDraws } from './weightedDraws.ts';

/** A generator whose draws are the given 53-bit fractions (two 32-bit halves each, as WeightedDraws reads them). */
function fixedRng(fractions: number[]): Rng {
  const words: number[] = [];
  for (const u of fractions) {
    const bits = Math.floor(u * 2 ** 53);
    words.push(Math.floor(bits / 2 ** 21), (bits % 2 ** 21) * 2 ** 11);
  }
  let i = 0;
  return { nextU32: () => words[i++] } as unknown as Rng;
}

describe('integerDrawWeights', () => {
  it('scales the heaviest weight to WEIGHT_SCALE and keeps every feature drawable', () => {
    const w = integerDrawWeights([1, 2, 1e-9], 3);
    expect(Array.from(w)).toEqual([WEIGHT_SCALE / 2, WEIGHT_SCALE, 1]);
    expect(allEqual(w)).toBe(false);
    expect(allEqual(integerDrawWeights([0.3, 0.3, 0.3], 3))).toBe(true);
  });

  it('refuses weights that are not one positive finite number a feature', () => {
    expect(() => integerDrawWeights([1, 2], 3)).toThrow(/2 values for 3 features/);
    expect(() => integerDrawWeights([1, 0, 1], 3)).toThrow(/featureWeights\[1\]/);
    expect(() => integerDrawWeights([1, NaN, 1], 3)).toThrow(/featureWeights\[1\]/);
    expect(() => integerDrawWeights([1, Infinity, 1], 3)).toThrow(/featureWeights\[1\]/);
  });
});

describe('WeightedDraws', () => {
  it('draws by hand-worked cumulative weights, without replacement, and puts them back', () => {
    // Weights 1 : 2 : 1 → integers 2^19, 2^20, 2^19 (total 2^21): feature 0 holds [0, 0.25), 1 [0.25, 0.75),
    // 2 [0.75, 1) of the first draw. u = 0.6 draws feature 1; then 0 holds [0, 0.5) and 2 [0.5, 1): u = 0.6 draws 2;
    // then only 0 is left, whatever u.
    const d = new WeightedDraws(integerDrawWeights([1, 2, 1], 3));
    const rng = fixedRng([0.6, 0.6, 0.99, 0.2, 0.2]);
    expect([d.draw(rng), d.draw(rng), d.draw(rng)]).toEqual([1, 2, 0]);
    expect(d.hasMore()).toBe(false);
    d.restore();
    expect(d.hasMore()).toBe(true);
    // Restored: u = 0.2 draws feature 0 again, and then feature 1 ([0, 2/3) of what is left).
    expect([d.draw(rng), d.draw(rng)]).toEqual([0, 1]);
  });

  it('draws the first feature of a node in proportion to the weights', () => {
    const weights = [1, 2, 4, 8, 1];
    const d = new WeightedDraws(integerDrawWeights(weights, 5));
    const rng = new Rng(3);
    const counts = [0, 0, 0, 0, 0];
    const n = 32000;
    for (let i = 0; i < n; i++) {
      counts[d.draw(rng)]++;
      d.draw(rng);
      d.restore();
    }
    for (let f = 0; f < 5; f++) {
      const expected = (n * weights[f]) / 16;
      // Four binomial standard deviations.
      expect(Math.abs(counts[f] - expected)).toBeLessThan(4 * Math.sqrt(expected));
    }
  });
});
