import { describe, expect, it } from 'vitest';
import { fitForest } from '../forest/forest';
import { predictProbaRow } from '../forest/predict';
import { Rng } from '../forest/rng';
import { findCounterfactual, type ModifiableField } from './counterfactual';

const sigma = (z: number): number => 1 / (1 + Math.exp(-z));
/** Toy two-class model from a risk score z(row): [1 − σ(z), σ(z)]. */
const toy = (z: (r: Float64Array) => number) => (r: Float64Array) => [1 - sigma(z(r)), sigma(z(r))];

// Columns: 0 = bmi-like numeric 0..10, 1 = smoking category {0, 1, 2}, 2 = age (not modifiable), 3 = activity 0..10.
const bmi: ModifiableField = { index: 0, name: 'bmi', kind: 'numeric', min: 0, max: 10 };
const smoking: ModifiableField = {
  index: 1,
  name: 'smoking',
  kind: 'categorical',
  levels: [0, 1, 2],
};
const activity: ModifiableField = { index: 3, name: 'activity', kind: 'numeric', min: 0, max: 10 };

describe('counterfactual search on a toy model', () => {
  it('one numeric field: the smallest change that crosses (σ(x₀ − 5) ≥ 0.5 ⇔ x₀ ≥ 5)', () => {
    const r = findCounterfactual({
      predict: toy((x) => x[0] - 5),
      patient: [2, 0, 60, 3],
      fields: [bmi, smoking, activity],
      targetClass: 1,
      threshold: 0.5,
    });
    expect(r.found).toBe(true);
    expect(r.direction).toBe('above');
    expect(r.baseline).toBeCloseTo(sigma(-3), 12);
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0]).toMatchObject({ index: 0, name: 'bmi', from: 2 });
    expect(r.changes[0].to).toBeGreaterThanOrEqual(5);
    expect(r.changes[0].to).toBeLessThan(5 + 1e-6);
    expect(r.distance).toBeCloseTo(0.3, 6);
    expect(r.probability).toBeGreaterThanOrEqual(0.5);
    expect(Array.from(r.row)).toEqual([r.changes[0].to, 0, 60, 3]);
  });

  it('fewest fields first, then the smallest distance: a 0.3 numeric change beats a category change (cost 1)', () => {
    const q = {
      predict: toy((x) => x[0] - 5 + (x[1] === 2 ? 4 : 0)),
      patient: [2, 0, 60, 3],
      fields: [smoking, bmi],
      targetClass: 1,
      threshold: 0.5,
    };
    const r = findCounterfactual(q);
    expect(r.changes.map((c) => c.name)).toEqual(['bmi']);
    // With bmi fixed, the category is the only single change left.
    const c = findCounterfactual({ ...q, fields: [smoking] });
    expect(c.changes).toEqual([{ index: 1, name: 'smoking', from: 0, to: 2 }]);
    expect(c.distance).toBe(1);
  });

  it('needs two fields when no single one suffices; deterministic', () => {
    // σ(x₀ + x₃ − 16) ≥ 0.5 needs x₀ + x₃ ≥ 16 from (2, 2): no single field reaches it within 0..10.
    // Any split of the 12 units costs 1.2; the first in field order on the grid is x₀ = 6, x₃ = 10.
    const q = {
      predict: toy((x) => x[0] + x[3] - 16),
      patient: [2, 1, 60, 2],
      fields: [bmi, smoking, activity],
      targetClass: 1,
      threshold: 0.5,
    };
    const r = findCounterfactual(q);
    expect(r.found).toBe(true);
    expect(r.changes.map((c) => c.name)).toEqual(['bmi', 'activity']);
    expect(r.distance).toBeCloseTo(1.2, 6);
    expect(r.changes[0].to + r.changes[1].to).toBeGreaterThanOrEqual(16);
    for (const c of r.changes) expect(c.to).toBeLessThanOrEqual(10);
    expect(r.row[2]).toBe(60); // age untouched
    const again = findCounterfactual(q);
    expect(again.changes).toEqual(r.changes);
    expect(again.evaluations).toBe(r.evaluations);
  });

  it('raises the wanted outcome: class 0 to 0.8 is the event class below 0.2', () => {
    const r = findCounterfactual({
      predict: toy((x) => 8 - x[3]),
      patient: [2, 1, 60, 1],
      fields: [bmi, activity],
      targetClass: 0,
      threshold: 0.8,
    });
    // 1 − σ(8 − x₃) ≥ 0.8 ⇔ x₃ ≥ 8 + ln 4 ≈ 9.386.
    expect(r.direction).toBe('above');
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0].to).toBeCloseTo(8 + Math.log(4), 6);
    expect(r.probability).toBeGreaterThanOrEqual(0.8);
  });

  it('never lowers the wanted outcome unless asked', () => {
    // The colon case: the patient's chance of the wanted outcome (class 0) is 58 %; the threshold 0.5 is
    // already passed, so the old search "crossed" it downwards, proposing a change that made things worse.
    const q = {
      predict: toy((x) => x[0] - 5.3),
      patient: [5, 0, 60, 3],
      fields: [bmi, smoking, activity],
      targetClass: 0,
      threshold: 0.5,
    };
    const r = findCounterfactual(q);
    expect(r.baseline).toBeGreaterThan(0.5);
    expect(r.alreadyThere).toBe(true);
    expect(r.found).toBe(false);
    expect(r.changes).toEqual([]);
    expect(r.evaluations).toBe(1);
    // Asked explicitly, the search may look the other way, and says so.
    const worse = findCounterfactual({ ...q, allowWorse: true });
    expect(worse.direction).toBe('below');
    expect(worse.found).toBe(true);
    expect(worse.probability).toBeLessThan(worse.baseline);
  });

  it('moves the wanted outcome up, never down, for every patient of a forest', () => {
    const n = 300;
    const rng = new Rng(7);
    const X = new Float32Array(n * 3);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < 3; f++) X[f * n + i] = rng.nextFloat() * 10;
      // Class 1 (the event) grows with x0 and falls with x2.
      y[i] = X[i] - X[2 * n + i] + rng.nextFloat() * 4 > 2 ? 1 : 0;
    }
    const model = fitForest(X, n, 3, new Uint8Array(3), y, 2, {
      nEstimators: 30,
      randomState: 3,
      minSamplesLeaf: 5,
    });
    const predict = (r: Float64Array) => predictProbaRow(model, r);
    const fields: ModifiableField[] = [
      { index: 0, name: 'x0', kind: 'numeric', min: 0, max: 10 },
      { index: 2, name: 'x2', kind: 'numeric', min: 0, max: 10 },
    ];
    let searched = 0;
    for (let i = 0; i < 40; i++) {
      const patient = [X[i], X[n + i], X[2 * n + i]];
      for (const threshold of [0.3, 0.5, 0.7]) {
        const r = findCounterfactual({ predict, patient, fields, targetClass: 0, threshold });
        expect(r.direction).toBe('above');
        if (r.found) {
          searched++;
          expect(predict(r.row)[0]).toBeGreaterThan(r.baseline);
          expect(r.probability).toBeGreaterThanOrEqual(threshold);
        } else if (r.alreadyThere) {
          expect(r.baseline).toBeGreaterThanOrEqual(threshold);
        }
      }
    }
    expect(searched).toBeGreaterThan(10);
  });

  it('filling a missing value costs 1 and takes the first grid value that crosses', () => {
    const r = findCounterfactual({
      predict: toy((x) => (Number.isNaN(x[0]) ? -3 : x[0] - 5)),
      patient: [NaN, 0, 60, 3],
      fields: [bmi],
      targetClass: 1,
      threshold: 0.5,
    });
    expect(r.changes).toHaveLength(1);
    expect(r.changes[0].to).toBe(5);
    expect(r.distance).toBe(1);
  });

  it('reports when nothing within the observed ranges crosses', () => {
    const r = findCounterfactual({
      predict: toy((x) => x[2] - 100),
      patient: [2, 1, 60, 1],
      fields: [bmi, smoking, activity],
      targetClass: 1,
      threshold: 0.5,
    });
    expect(r.found).toBe(false);
    expect(r.changes).toEqual([]);
    expect(r.probability).toBe(r.baseline);
    // 1 baseline + 20 + 2 + 20 single changes + (20·2 + 20·20 + 2·20) pairs.
    expect(r.evaluations).toBe(1 + 42 + 480);
  });

  it('stops at maxEvaluations and says so', () => {
    const r = findCounterfactual({
      predict: toy((x) => x[2] - 100),
      patient: [2, 1, 60, 1],
      fields: [bmi, activity],
      targetClass: 1,
      threshold: 0.5,
      maxEvaluations: 30,
    });
    expect(r.truncated).toBe(true);
    expect(r.evaluations).toBe(30);
  });

  it('works with a forest, and its answer predicts past the threshold', () => {
    const n = 300;
    const rng = new Rng(1);
    const X = new Float32Array(n * 3);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < 3; f++) X[f * n + i] = rng.nextFloat() * 10;
      y[i] = X[i] + rng.nextFloat() * 2 > 6 ? 1 : 0;
    }
    const model = fitForest(X, n, 3, new Uint8Array(3), y, 2, {
      nEstimators: 30,
      randomState: 2,
      minSamplesLeaf: 5,
    });
    const predict = (r: Float64Array) => predictProbaRow(model, r);
    const r = findCounterfactual({
      predict,
      patient: [2, 5, 5],
      fields: [{ index: 0, name: 'x0', kind: 'numeric', min: 0, max: 10 }],
      targetClass: 1,
      threshold: 0.5,
    });
    expect(r.found).toBe(true);
    expect(predict(r.row)[1]).toBeGreaterThanOrEqual(0.5);
    expect(r.changes[0].to).toBeGreaterThan(3);
    expect(r.changes[0].to).toBeLessThan(7);
    // Just below the change the forest is still under the threshold (the bisection found the edge).
    const before = Float64Array.from(r.row);
    before[0] -= 1e-6;
    expect(predict(before)[1]).toBeLessThan(0.5);
  });
});
