import { describe, expect, it } from 'vitest';
import { harrellC } from './concordance.ts';
import { Rng } from '../forest/rng.ts';

/** Every pair counted directly with the rules of the file comment (the reference the fast count must equal). */
function bruteForce(time: number[], event: number[], risk: number[]) {
  let concordant = 0;
  let tied = 0;
  let comparable = 0;
  for (let i = 0; i < time.length; i++) {
    if (event[i] !== 1) continue;
    for (let j = 0; j < time.length; j++) {
      if (j === i) continue;
      const ok = time[i] < time[j] || (time[i] === time[j] && event[j] === 0);
      if (!ok) continue;
      comparable++;
      if (risk[i] > risk[j]) concordant++;
      else if (risk[i] === risk[j]) tied++;
    }
  }
  return { concordant, tied, comparable, cindex: (concordant + tied / 2) / comparable };
}

describe("Harrell's C", () => {
  it('matches the hand-worked example', () => {
    // time 1e 2e 2c 3e 4c, risk 5 3 4 3 1.
    // Patient 1 (t=1, risk 5) vs all four later: 4 concordant.
    // Patient 2 (t=2, risk 3) vs 3e (risk 3: tie), 4c (1: concordant) and 2c (same time, censored; risk 4: discordant).
    // Patient 4 (t=3, risk 3) vs 4c (risk 1): concordant. Two events at one time would not be compared.
    // Comparable 8, concordant 6, tied 1, discordant 1: C = 6.5 / 8 = 0.8125.
    const c = harrellC({ time: [1, 2, 2, 3, 4], event: [1, 1, 0, 1, 0] }, [5, 3, 4, 3, 1]);
    expect(c).toEqual({ cindex: 0.8125, concordant: 6, discordant: 1, tiedRisk: 1, comparable: 8 });
  });

  it('does not compare two events at the same time', () => {
    const c = harrellC({ time: [2, 2, 5], event: [1, 1, 0] }, [1, 9, 0]);
    // Only (t=2 event, t=5 censored) pairs: 2 comparable, both concordant.
    expect(c.comparable).toBe(2);
    expect(c.cindex).toBe(1);
  });

  it('equals a brute-force pair count on random data with ties in time and risk', () => {
    const rng = new Rng(7);
    for (let rep = 0; rep < 30; rep++) {
      const n = 5 + rng.nextInt(60);
      const time = Array.from({ length: n }, () => 1 + rng.nextInt(12));
      const event = Array.from({ length: n }, () => (rng.nextFloat() < 0.6 ? 1 : 0));
      const risk = Array.from({ length: n }, () => rng.nextInt(8) / 2);
      if (!event.some((e, i) => e === 1 && time.some((t, j) => j !== i && t > time[i]))) continue;
      const want = bruteForce(time, event, risk);
      const got = harrellC({ time, event }, risk);
      expect(got.comparable).toBe(want.comparable);
      expect(got.concordant).toBe(want.concordant);
      expect(got.tiedRisk).toBe(want.tied);
      expect(got.cindex).toBeCloseTo(want.cindex, 12);
    }
  });

  it('refuses data with no comparable pair and non-finite risks', () => {
    expect(() => harrellC({ time: [1, 2], event: [0, 0] }, [1, 2])).toThrow(/comparable pair/);
    expect(() => harrellC({ time: [1, 2], event: [1, 0] }, [1, NaN])).toThrow(/Patient 2 .*risk/);
  });
});
