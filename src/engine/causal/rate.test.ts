/**
 * RATE (AUTOC) and the TOC: worked small examples, and on simulations with fixed seeds a ranking that finds strong
 * heterogeneity (RATE significantly above 0) and one with none to find (interval covering 0).
 */
import { describe, expect, it } from 'vitest';
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
