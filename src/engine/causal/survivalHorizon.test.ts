import { describe, expect, it } from 'vitest';
import {
  CENSORING_FLOOR,
  censoredBefore,
  censoringBeforeForest,
  censoringBeforeKaplanMeier,
  censoringWeights,
  horizonOutcome,
} from './survivalHorizon';
import { Rng } from '../forest/rng';

describe('status at a horizon', () => {
  it('keeps events by h and follow-up reaching h, drops censoring before h (worked by hand)', () => {
    // h = 5. Row 0: event at 2 → Y 0, read at 2. Row 1: censored at 5 → event-free at 5, Y 1, read at 5.
    // Row 2: event at 5 → an event by 5, Y 0, read at 5. Row 3: censored at 3 → dropped.
    // Row 4: event at 7 → event-free at 5, Y 1, read at 5. Row 5: censored at 10 → Y 1, read at 5.
    const time = [2, 5, 5, 3, 7, 10];
    const event = [1, 0, 1, 0, 1, 0];
    const o = horizonOutcome(time, event, 5);
    expect(Array.from(o.keep)).toEqual([0, 1, 2, 4, 5]);
    expect(Array.from(o.y)).toEqual([0, 1, 0, 1, 1]);
    expect(Array.from(o.at)).toEqual([2, 5, 5, 5, 5]);
    expect(censoredBefore(time, event, 5)).toBe(1);
    expect(() => horizonOutcome(time, event, 0)).toThrow(/horizon must be a number > 0/);
  });

  it('reads Kaplan–Meier of the censoring just before each time, within each arm (worked by hand)', () => {
    // Arm 0: times 1 (censored), 2 (event), 3 (censored), 4 (event). Reverse Kaplan–Meier: after 1, 1 − 1/4 = 0.75;
    // after 3 (2 at risk), 0.75 · (1 − 1/2) = 0.375. Arm 1: times 1 (event), 2 (censored): after 2, 1 − 1/1 = 0.
    const time = [1, 2, 3, 4, 1, 2];
    const event = [0, 1, 0, 1, 1, 0];
    const arm = Uint8Array.from([0, 0, 0, 0, 1, 1]);
    const rows = Int32Array.from([1, 3, 3, 4, 4]);
    const at = Float64Array.from([2, 4, 3, 1, 2.5]);
    const g = censoringBeforeKaplanMeier(time, event, arm, rows, at);
    // G(2−) = 0.75; G(4−) = 0.375; G(3−) = 0.75 (censoring at 3 is not before 3); G(1−) = 1; arm 1's G(2.5−) = 0.
    expect(Array.from(g)).toEqual([0.75, 0.375, 0.75, 1, 0]);
    const cw = censoringWeights(g);
    expect(Array.from(cw.weights)).toEqual([1 / 0.75, 1 / 0.375, 1 / 0.75, 1, 1 / CENSORING_FLOOR]);
    expect(cw.capped).toBe(1);
    expect(cw.min).toBe(1);
    expect(cw.max).toBe(20);
  });

  it('a censoring forest tracks censoring that depends on a column, which Kaplan–Meier per arm cannot', () => {
    // Event hazard 0.3 for everyone; censoring hazard 0.3·exp(1.5·X1), X1 uniform on (−1, 1), arms at random.
    const n = 1500;
    const rng = new Rng(11);
    const X = new Float32Array(n * 2);
    const arm = new Uint8Array(n);
    const time = new Float64Array(n);
    const event = new Uint8Array(n);
    for (let r = 0; r < n; r++) {
      X[r] = 2 * rng.nextFloat() - 1;
      X[n + r] = rng.nextFloat();
      arm[r] = rng.nextFloat() < 0.5 ? 1 : 0;
      const t = -Math.log(1 - rng.nextFloat()) / 0.3;
      const c = -Math.log(1 - rng.nextFloat()) / (0.3 * Math.exp(1.5 * X[r]));
      time[r] = Math.min(t, c);
      event[r] = t <= c ? 1 : 0;
    }
    const o = horizonOutcome(time, event, 2);
    const truth = Float64Array.from(o.keep, (r, i) =>
      Math.exp(-0.3 * Math.exp(1.5 * X[r]) * o.at[i]),
    );
    const forest = censoringBeforeForest(
      X,
      n,
      2,
      new Uint8Array(2),
      time,
      event,
      arm,
      o.keep,
      o.at,
      {
        nEstimators: 100,
        randomState: 3,
      },
    );
    const km = censoringBeforeKaplanMeier(time, event, arm, o.keep, o.at);
    const rmse = (g: Float64Array): number =>
      Math.sqrt(g.reduce((s, v, i) => s + (v - truth[i]) ** 2, 0) / g.length);
    console.log(`censoring RMSE: forest ${rmse(forest.value)}, Kaplan–Meier per arm ${rmse(km)}`);
    expect(forest.inBag).toBe(0);
    expect(forest.value.every((v) => v > 0 && v <= 1)).toBe(true);
    expect(rmse(forest.value)).toBeLessThan(0.6 * rmse(km));
  });
});
