import { describe, expect, it } from 'vitest';
import { hweExactP } from './hwe';

/** log n! for small n. */
const logFactorial = (n: number): number => {
  let s = 0;
  for (let k = 2; k <= n; k++) s += Math.log(k);
  return s;
};

/**
 * The exact p by brute force: every genotype configuration of n samples with the same allele counts, each with its
 * probability under Hardy–Weinberg from the multinomial formula n! / (AA! AB! BB!) · 2^AB (over the same constant),
 * summed where no more likely than the one seen.
 */
function bruteForceP(het: number, homA: number, homB: number): number {
  const n = het + homA + homB;
  const alleleA = 2 * homA + het;
  const weight = (h: number, a: number, b: number) =>
    Math.exp(logFactorial(n) - logFactorial(h) - logFactorial(a) - logFactorial(b) + h * Math.LN2);
  const observed = weight(het, homA, homB);
  let total = 0;
  let tail = 0;
  for (let h = 0; h <= n; h++) {
    const a2 = alleleA - h;
    if (a2 < 0 || a2 % 2 !== 0) continue;
    const a = a2 / 2;
    const b = n - h - a;
    if (b < 0) continue;
    const w = weight(h, a, b);
    total += w;
    if (w <= observed * (1 + 1e-9)) tail += w;
  }
  return tail / total;
}

describe('hweExactP (Wigginton, Cutler & Abecasis 2005)', () => {
  it('gives the hand-worked p of two samples', () => {
    // One A allele pair and one B pair among 2 samples: AA+BB has weight 2!/(1!·0!·1!) = 2, AB+AB has
    // 2!/(0!·2!·0!)·2² = 4; so P(no het) = 1/3 and P(two hets) = 2/3.
    expect(hweExactP(0, 1, 1)).toBeCloseTo(1 / 3, 14);
    expect(hweExactP(2, 0, 0)).toBe(1);
  });

  it('equals brute-force enumeration for every genotype count of up to 30 samples', () => {
    let checked = 0;
    for (let n = 1; n <= 30; n++) {
      for (let homA = 0; homA <= n; homA++) {
        for (let het = 0; het + homA <= n; het++) {
          const homB = n - homA - het;
          const expected = bruteForceP(het, homA, homB);
          const got = hweExactP(het, homA, homB);
          expect(Math.abs(got - expected) / expected, `${homA}/${het}/${homB}`).toBeLessThan(1e-10);
          checked++;
        }
      }
    }
    expect(checked).toBe(5455);
  });

  it('gives exactly 1 when the count seen is the most likely one', () => {
    // PLINK's dummy snp0 (11/27/16): summing every other count's probability rounds to 0.9999999999999998.
    expect(hweExactP(27, 11, 16)).toBe(1);
    expect(hweExactP(50, 25, 25)).toBe(1);
  });

  it('is symmetric in the two alleles and 1 with no sample', () => {
    expect(hweExactP(3, 40, 7)).toBe(hweExactP(3, 7, 40));
    expect(hweExactP(0, 0, 0)).toBe(1);
    expect(hweExactP(0, 10, 0)).toBe(1);
  });

  it('finds a large cohort with no heterozygote far out of equilibrium without overflow', () => {
    const p = hweExactP(0, 2500, 2500);
    expect(p).toBeLessThan(1e-300);
    // Near equilibrium in the same cohort: p not small.
    expect(hweExactP(2500, 1250, 1250)).toBeGreaterThan(0.9);
  });
});
