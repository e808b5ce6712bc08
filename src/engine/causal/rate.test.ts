/**
 * RATE (AUTOC) and the TOC: worked small examples, and on simulations with fixed seeds a ranking that finds strong
 * heterogeneity (RATE significantly above 0) and one with none to find (interval covering 0).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../forest/rng';
import { aipwScores } from './checks';
import { fitEffects } from './effects';
import { heldOutPriorities, rankAverageTreatmentEffect } from './rate';
import { simulateCohort, type Design } from './simulate';

describe('rankAverageTreatmentEffect', () => {
  it('computes the TOC and its area on a worked example', () => {
    // Mean score 1; the top third's mean is 3 (TOC 2), the top two thirds' 1.5 (TOC 0.5), everyone's 1 (TOC 0).
    const r = rankAverageTreatmentEffect(Float64Array.of(3, 2, 1), Float64Array.of(3, 0, 0), {
      q: [1 / 3, 2 / 3, 1],
      bootstrap: 50,
    });
    expect(r.estimate).toBeCloseTo((2 + 0.5 + 0) / 3, 12);
    expect(r.toc.estimate[0]).toBeCloseTo(2, 12);
    expect(r.toc.estimate[1]).toBeCloseTo(0.5, 12);
    expect(r.toc.estimate[2]).toBeCloseTo(0, 12);
    expect(r.standardError).toBeGreaterThan(0);
  });

  it('shares a tie’s scores among its members instead of ranking them by position', () => {
    // Tied first two: each counts as the mean 1, so the ranking finds nothing.
    const tied = rankAverageTreatmentEffect(Float64Array.of(1, 1, 0), Float64Array.of(2, 0, 1), {
      bootstrap: 10,
    });
    expect(tied.estimate).toBeCloseTo(0, 12);
    const untied = rankAverageTreatmentEffect(
      Float64Array.of(1.1, 1, 0),
      Float64Array.of(2, 0, 1),
      { bootstrap: 10 },
    );
    expect(untied.estimate).toBeGreaterThan(0.1);
  });

  it('weights every mean: the TOC and its area on a worked example', () => {
    // Weights 1, 2, 1 (total 4): the weighted mean score is 3/4. Up to the first patient (share 1/4) the mean is 3:
    // TOC 9/4; up to the second (share 3/4) it is 3/3 = 1: TOC 1/4; everyone: 0. AUTOC = (1·9/4 + 2·1/4 + 1·0)/4.
    const r = rankAverageTreatmentEffect(Float64Array.of(3, 2, 1), Float64Array.of(3, 0, 0), {
      q: [1 / 4, 3 / 4, 1],
      bootstrap: 50,
      weights: Float64Array.of(1, 2, 1),
    });
    expect(r.estimate).toBeCloseTo(11 / 16, 12);
    expect(r.toc.estimate[0]).toBeCloseTo(9 / 4, 12);
    expect(r.toc.estimate[1]).toBeCloseTo(1 / 4, 12);
    expect(r.toc.estimate[2]).toBeCloseTo(0, 12);
    // A share inside the heavy patient's weight takes the whole patient: 1/2 of the weight needs both first two.
    const half = rankAverageTreatmentEffect(Float64Array.of(3, 2, 1), Float64Array.of(3, 0, 0), {
      q: [1 / 2, 1],
      weights: Float64Array.of(1, 2, 1),
    });
    expect(half.toc.estimate[0]).toBeCloseTo(1 / 4, 12);
    // A tie's shared score is its weighted mean: (3·1 + 0·3)/4 for both, so the ranking finds nothing.
    const tied = rankAverageTreatmentEffect(Float64Array.of(1, 1, 0), Float64Array.of(3, 0, 0.75), {
      bootstrap: 10,
      weights: Float64Array.of(1, 3, 2),
    });
    expect(tied.estimate).toBeCloseTo(0, 12);
  });

  it('patients of weight 0 count as left out, bootstrap included; a common factor changes nothing', () => {
    const rng = new Rng(8);
    const n = 60;
    const priority = Float64Array.from({ length: n }, () => rng.nextFloat());
    const scores = Float64Array.from({ length: n }, () => 2 * rng.nextFloat() - 0.5);
    const weights = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 0.5 + i / n));
    const keep = Array.from({ length: n }, (_, i) => i).filter((i) => weights[i] > 0);
    const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]);
    const withZeros = rankAverageTreatmentEffect(priority, scores, { weights, seed: 4 });
    const without = rankAverageTreatmentEffect(pick(priority), pick(scores), {
      weights: pick(weights),
      seed: 4,
    });
    expect(withZeros).toEqual(without);
    // Doubling every weight is exact in floating point: the same figures to the bit.
    const doubled = rankAverageTreatmentEffect(priority, scores, {
      weights: weights.map((v) => 2 * v),
      seed: 4,
    });
    expect(doubled).toEqual(withZeros);
    // Weights of 1 are the unweighted RATE to the bit.
    const ones = rankAverageTreatmentEffect(priority, scores, {
      weights: new Float64Array(n).fill(1),
      seed: 4,
    });
    expect(ones).toEqual(rankAverageTreatmentEffect(priority, scores, { seed: 4 }));
    expect(ones.estimate).not.toBeCloseTo(withZeros.estimate, 6);
    expect(() =>
      rankAverageTreatmentEffect(priority, scores, { weights: weights.map((v) => -v) }),
    ).toThrow(/Patient 2 has weight -/);
  });

  it('refuses missing scores', () => {
    expect(() =>
      rankAverageTreatmentEffect(Float64Array.of(1, 2), Float64Array.of(1, Infinity)),
    ).toThrow(/Patient 2 has no finite/);
  });
});

async function heldOutRate(design: Design, seed: number) {
  const n = 1200;
  const p = 4;
  const c = simulateCohort(design, n, p, seed);
  const cat = new Uint8Array(p);
  const params = { numTrees: 400, randomState: seed };
  const fit = await fitEffects(c.X, n, p, cat, c.y, c.w, params);
  const scores = aipwScores({
    y: c.y,
    w: c.w,
    m: fit.nuisance.m,
    e: fit.nuisance.e,
    tau: fit.cohort.effect,
  });
  const priority = await heldOutPriorities(c.X, n, p, cat, c.y, c.w, params, 2);
  return rankAverageTreatmentEffect(priority, scores, { seed, folds: 2 });
}

describe('held-out RATE on simulations', () => {
  it('is significantly above 0 when the effect varies strongly (−0.2 to 0.4 with x1)', async () => {
    const r = await heldOutRate('strong', 3);
    expect(r.lower).toBeGreaterThan(0);
    // The top 20 % by predicted effect gain clearly more than average.
    expect(r.toc.estimate[3]).toBeGreaterThan(0.05);
  });

  it('covers 0 when every patient has the same effect', async () => {
    const r = await heldOutRate('constant', 4);
    expect(r.lower).toBeLessThan(0);
    expect(r.upper).toBeGreaterThan(0);
  });
});
