import { describe, expect, it } from 'vitest';
import { kaplanMeier, logRank, nelsonAalen, riskTable, stepAt } from './estimators.ts';

// Six patients, by hand (times sorted; e = event, c = censored): 1e 2e 2c 3e 4c 5e.
// Distinct event times 1, 2, 3, 5. At risk (time >= t): 6, 5, 3, 1; events 1, 1, 1, 1.
// Kaplan–Meier: 5/6, 5/6·4/5 = 2/3, 2/3·2/3 = 4/9, 4/9·0 = 0.
// Nelson–Aalen: 1/6, 1/6 + 1/5 = 11/30, 11/30 + 1/3 = 7/10, 7/10 + 1 = 17/10.
const time = [1, 2, 2, 3, 4, 5];
const event = [1, 1, 0, 1, 0, 1];

describe('Kaplan–Meier and Nelson–Aalen', () => {
  it('match the hand-worked six-patient example', () => {
    const km = kaplanMeier({ time, event });
    expect(Array.from(km.times)).toEqual([1, 2, 3, 5]);
    expect(Array.from(km.atRisk)).toEqual([6, 5, 3, 1]);
    expect(Array.from(km.events)).toEqual([1, 1, 1, 1]);
    const want = [5 / 6, 2 / 3, 4 / 9, 0];
    km.value.forEach((v, j) => expect(v).toBeCloseTo(want[j], 12));
    const na = nelsonAalen({ time, event });
    const wantH = [1 / 6, 11 / 30, 7 / 10, 17 / 10];
    na.value.forEach((v, j) => expect(v).toBeCloseTo(wantH[j], 12));
  });

  it('is a right-continuous step function', () => {
    const km = kaplanMeier({ time, event });
    expect(stepAt(km, 0.5, 1)).toBe(1);
    expect(stepAt(km, 1, 1)).toBeCloseTo(5 / 6, 12);
    expect(stepAt(km, 2.9, 1)).toBeCloseTo(2 / 3, 12);
    expect(stepAt(km, 4.5, 1)).toBeCloseTo(4 / 9, 12);
    expect(stepAt(km, 99, 1)).toBe(0);
  });

  it('counts weights as repeated patients', () => {
    // Weight 2 on the first patient is the same as listing it twice: at t = 1, 7 at risk and 2 events.
    const w = riskTable({ time, event }, [2, 1, 1, 1, 1, 1]);
    const dup = riskTable({ time: [1, ...time], event: [1, ...event] });
    expect(Array.from(w.atRisk)).toEqual(Array.from(dup.atRisk));
    expect(Array.from(w.events)).toEqual(Array.from(dup.events));
    expect(w.atRisk[0]).toBe(7);
  });

  it('refuses impossible follow-up with the patient named', () => {
    expect(() => kaplanMeier({ time: [1, -2], event: [1, 0] })).toThrow(/Patient 2 .* -2/);
    expect(() => kaplanMeier({ time: [1, NaN], event: [1, 0] })).toThrow(/Patient 2/);
    expect(() => kaplanMeier({ time: [1, 2], event: [1, 2] })).toThrow(/event 2/);
  });
});

describe('log-rank test', () => {
  // Group 1 = patients 1e, 3e, 5e; group 0 = 2e, 2c, 4c.
  // t=1: n=6, n1=3, d=1, d1=1: E += 1/2, V += 1·(1/2)(1/2)·5/5 = 1/4.
  // t=2: n=5, n1=2, d=1, d1=0: E += 2/5, V += (2/5)(3/5)·4/4 = 6/25.
  // t=3: n=3, n1=2, d=1, d1=1: E += 2/3, V += (2/3)(1/3)·2/2 = 2/9.
  // t=5: n=1, n1=1, d=1, d1=1: E += 1, V += 0 (n − 1 = 0).
  // O = 3, E = 77/30, V = 641/900, chi-square = (13/30)² / (641/900) = 169/641.
  it('matches the hand-worked example', () => {
    const r = logRank({ time, event }, [1, 0, 0, 1, 0, 1]);
    expect(r.observed).toBe(3);
    expect(r.expected).toBeCloseTo(77 / 30, 12);
    expect(r.variance).toBeCloseTo(641 / 900, 12);
    expect(r.chiSquare).toBeCloseTo(169 / 641, 12);
    expect(r.z).toBeCloseTo(13 / 30 / Math.sqrt(641 / 900), 12);
  });

  it('is antisymmetric in the groups', () => {
    const a = logRank({ time, event }, [1, 0, 0, 1, 0, 1]);
    const b = logRank({ time, event }, [0, 1, 1, 0, 1, 0]);
    expect(b.z).toBeCloseTo(-a.z, 12);
    expect(b.chiSquare).toBeCloseTo(a.chiSquare, 12);
  });
});
