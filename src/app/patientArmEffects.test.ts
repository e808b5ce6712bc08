/**
 * A new patient under every arm of a joint multi-arm fit (patientArmEffects): three arms from
 * engine/causal/simulate.ts's simulateArms (arm "B" an effect 0.2·min(max(x1, 0), 2), arm "C" a constant −0.1, "ctrl"
 * the comparison), with a categorical column for the unseen-category case.
 */
import { describe, expect, it } from 'vitest';
import { simulateArms } from '../engine/causal/simulate';
import { rawTableOf } from './testData';
import type { RawTable } from '../engine/data/types';
import { fitArmEffects, patientArmEffects } from './treatmentEffect';

const N = 800;
const NAMES = ['ctrl', 'B', 'C'];

/** x1 and x2 as numbers, the third column's sign as a site; `confounding` steers the arms by x2. */
function armsTable(seed: number, confounding = 0.6): RawTable {
  const c = simulateArms(N, 3, seed, confounding);
  const cols = [0, 1].map((f) => Array.from({ length: N }, (_, r) => c.X[f * N + r].toFixed(4)));
  cols.push(Array.from({ length: N }, (_, r) => (c.X[2 * N + r] > 0 ? 'north' : 'south')));
  cols.push(Array.from(c.arm, (v) => NAMES[v]));
  cols.push(Array.from(c.y, (v) => (v ? 'responder' : 'non_responder')));
  const headers = ['x1', 'x2', 'site', 'drug', 'outcome'];
  return rawTableOf(headers, cols);
}

const request = { target: 'outcome', treatment: 'drug', comparisonValue: 'ctrl', numTrees: 200 };

describe('a new patient under every arm', () => {
  it('gives every arm’s chance, and each other arm’s difference from the comparison with its interval', async () => {
    const model = await fitArmEffects(armsTable(7), request);
    // x1 = 2: arm B's true effect is +0.4, arm C's −0.1.
    const high = patientArmEffects(model, { x1: 2, x2: 0, site: 'north' });
    expect(high.treatment).toBe('drug');
    expect(high.positive).toBe('responder');
    expect(high.outcomes).toEqual(['responder', 'non_responder']);
    expect(high.arms.map((a) => a.arm)).toEqual(['ctrl', 'B', 'C']);
    expect(high.arms.map((a) => a.isComparison)).toEqual([true, false, false]);
    expect(high.arms[0].difference).toBeNull();
    expect(high.unknown).toEqual([]);
    const [ctrl, b, c] = high.arms;
    for (const arm of [b, c]) {
      const d = arm.difference!;
      expect(d.effect).toBeCloseTo(arm.probability - ctrl.probability, 12);
      expect(d.lower).toBeCloseTo(d.effect - 1.959963984540054 * d.standardError, 12);
      expect(d.upper).toBeCloseTo(d.effect + 1.959963984540054 * d.standardError, 12);
      expect(d.clear).toBe(d.lower > 0 || d.upper < 0);
    }
    // The patient deep in B's effect region: B's difference is the larger, and its interval lies above zero.
    expect(b.difference!.effect).toBeGreaterThan(c.difference!.effect + 0.2);
    expect(b.difference!.lower).toBeGreaterThan(0);
    expect(b.difference!.reading).toBe(
      'The interval leaves out zero: for patients like this one, B rather than ctrl raises the chance of “responder”.',
    );
    expect(b.difference!.text).toMatch(
      /^\+\d+\.\d percentage points \(95 % interval \+\d+\.\d percentage points to \+\d+\.\d percentage points\)$/,
    );
    for (const arm of high.arms) {
      const n = Math.round(arm.probability * 100);
      expect(arm.icons.counts).toEqual([n, 100 - n]);
      expect(arm.overlapWarning).toBe(arm.propensity <= 0.01 || arm.propensity >= 0.99);
    }
    expect(ctrl.sentence).toBe(
      `With ctrl (the comparison): about ${ctrl.icons.counts[0]} out of 100 patients like this one in your cohort would have the outcome “responder”.`,
    );
    expect(b.sentence).toMatch(/^With B: about \d+ out of 100 patients like this one/);
    // The comparison arm's and each arm's chance of being given sum to 1.
    expect(high.arms.reduce((s, a) => s + a.propensity, 0)).toBeCloseTo(1, 12);

    // x1 = −1.5: arm B's true effect is 0; its interval includes zero, and says so. An unseen site is unknown.
    const low = patientArmEffects(model, { x1: -1.5, x2: 0, site: 'west', drug: 'B' });
    expect(low.arms[1].difference!.effect).toBeLessThan(b.difference!.effect);
    expect(low.arms[1].difference!.clear).toBe(false);
    expect(low.arms[1].difference!.reading).toBe(
      'No clear difference for this patient: the interval includes zero.',
    );
    expect(low.unknown).toEqual(['site']);
    expect(patientArmEffects(model, { x1: 1 }).unknown).toEqual(['x2', 'site']);

    // The same seed, the same answer; another seed, another forest.
    const again = await fitArmEffects(armsTable(7), request);
    expect(patientArmEffects(again, { x1: 2, x2: 0, site: 'north' })).toEqual(high);
    const other = await fitArmEffects(armsTable(7), { ...request, seed: 2 });
    expect(patientArmEffects(other, { x1: 2, x2: 0, site: 'north' }).arms[1].probability).not.toBe(
      b.probability,
    );
  });

  it('warns per arm when this patient’s chance of an arm is at or beyond 1 % / 99 %, and only then', async () => {
    // Strong confounding: patients with a low x2 almost never get the comparison arm.
    const model = await fitArmEffects(armsTable(7, 4), { ...request, numTrees: 100 });
    const far = patientArmEffects(model, { x1: 0, x2: -3, site: 'north' });
    // Their chances of the comparison arm and of B are both under 1 %: each arm says so, C (the likely one) not.
    expect(far.arms.map((a) => a.overlapWarning)).toEqual([true, true, false]);
    expect(far.arms[0].propensity).toBeLessThanOrEqual(0.01);
    const middle = patientArmEffects(model, { x1: 0, x2: 0, site: 'north' });
    expect(middle.arms.map((a) => a.overlapWarning)).toEqual([false, false, false]);
    for (const r of [far, middle])
      expect(r.clipped).toBe(r.arms.some((a) => a.probability < 0 || a.probability > 1));
  });

  it('gives the CLI’s figures for the same patients (genoforest effect --patients with a joint fit)', async () => {
    const table = armsTable(7);
    const entered = [
      { x1: '2', x2: '0', site: 'north' },
      { x1: '-1.5', x2: '0.5', site: 'south' },
    ];
    const headers = ['x1', 'x2', 'site'];
    const patients = rawTableOf(
      headers,
      headers.map((h) => entered.map((p) => p[h as keyof (typeof entered)[number]])),
    );
    const model = await fitArmEffects(table, { ...request, patients });
    entered.forEach((input, r) => {
      const one = patientArmEffects(model, input);
      expect(one.arms[0].probability).toBe(model.report.arms[0].rows[r].probabilityUntreated);
      model.report.arms.forEach((arm, k) => {
        const row = arm.rows[r];
        const shown = one.arms[k + 1];
        expect(shown.arm).toBe(arm.arm);
        expect(shown.probability).toBe(row.probabilityTreated);
        expect(shown.propensity).toBe(row.propensity);
        expect(shown.difference).toMatchObject({
          effect: row.effect,
          standardError: row.standardError,
          lower: row.lower,
          upper: row.upper,
        });
      });
    });
  });
});
