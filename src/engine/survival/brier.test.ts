import { describe, expect, it } from 'vitest';
import { brierScore, censoringSurvival, integratedBrierScore } from './brier.ts';

// Four patients: 1e 2c 3e 4c (train = test, as in scikit-survival's worked examples).
// Censoring Kaplan–Meier (events leave the risk set before the same time's censorings):
//   t=1: 4 at risk, 1 event, 0 censored        -> G = 1
//   t=2: 3 at risk, 0 events, 1 censored       -> G = 1 − 1/3 = 2/3
//   t=3: 2 at risk, 1 event, 0 censored        -> G = 2/3
//   t=4: 1 at risk, 0 events, 1 censored       -> G = 0
// BS(2.5), predicted S(2.5) = 0.2, 0.6, 0.7, 0.9:
//   case 1e: 0.2² / G(1) = 0.04; 2c censored before 2.5: 0;
//   controls 3e, 4c: (0.3² + 0.1²) / G(2.5) = 0.10 × 3/2 = 0.15;  BS = 0.19 / 4 = 0.0475.
// BS(1.5), predicted S(1.5) = 0.3, 0.8, 0.9, 0.95:
//   case 1e: 0.09; controls 2c, 3e, 4c: (0.04 + 0.01 + 0.0025) / G(1.5) = 0.0525;  BS = 0.1425 / 4 = 0.035625.
// IBS over [1.5, 2.5] = (0.035625 + 0.0475) / 2 = 0.0415625.
const y = { time: [1, 2, 3, 4], event: [1, 0, 1, 0] };
// Row-major patients × times (1.5, 2.5).
const surv = [0.3, 0.2, 0.8, 0.6, 0.9, 0.7, 0.95, 0.9];

describe('IPCW Brier score', () => {
  it('estimates the censoring distribution by reverse Kaplan–Meier', () => {
    const g = censoringSurvival(y);
    expect(Array.from(g.times)).toEqual([1, 2, 3, 4]);
    const want = [1, 2 / 3, 2 / 3, 0];
    g.value.forEach((v, j) => expect(v).toBeCloseTo(want[j], 12));
  });

  it('matches the hand-worked example', () => {
    const bs = brierScore(y, y, surv, [1.5, 2.5]);
    expect(bs[0]).toBeCloseTo(0.035625, 12);
    expect(bs[1]).toBeCloseTo(0.0475, 12);
    expect(integratedBrierScore(y, y, surv, [1.5, 2.5])).toBeCloseTo(0.0415625, 12);
  });

  it('is the plain mean squared error without censoring', () => {
    const full = { time: [1, 2, 3], event: [1, 1, 1] };
    // At t = 2: patients 1 and 2 had the event (target 0), patient 3 is alive (target 1).
    const bs = brierScore(full, full, [0.1, 0.5, 0.8], [2]);
    expect(bs[0]).toBeCloseTo((0.01 + 0.25 + 0.04) / 3, 12);
  });

  it('refuses times outside the follow-up and curves outside [0, 1]', () => {
    expect(() => brierScore(y, y, [0.5, 0.5, 0.5, 0.5], [4])).toThrow(/outside the test follow-up/);
    expect(() => brierScore(y, y, [0.5, 1.5, 0.5, 0.5], [2])).toThrow(/not in \[0, 1\]/);
    const shortTrain = { time: [1, 2], event: [1, 0] };
    const longer = { time: [1, 2, 5], event: [1, 0, 0] };
    // G = 1 up to 1, then 0 at 2: defined (0) beyond, so no refusal; but a train set whose G stays > 0 is refused.
    expect(() => brierScore(shortTrain, longer, [0.5, 0.5, 0.5], [3])).not.toThrow();
    // Censored first, then two events: G stays 2/3 after t = 3, so G(4) is unknown.
    const openTrain = { time: [1, 2, 3], event: [0, 1, 1] };
    expect(() => brierScore(openTrain, longer, [0.5, 0.5, 0.5], [4])).toThrow(/beyond the last/);
  });
});
