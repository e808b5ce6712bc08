/**
 * Survival models saved and reopened (testdata/lung.csv: NCCTG lung cancer, source and licence in
 * testdata/README.md): the same curves after the round trip, hostile files refused with a reason, and class-model
 * readers told plainly what a survival file is.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../engine/data/parse';
import { inferSchema } from '../engine/data/schema';
import { encodeSurvival } from '../engine/survival/survivalData';
import {
  survivalTrees,
  fitSurvivalForest,
  predictCumHazard,
} from '../engine/forest/survivalForest';
import {
  describeSurvivalModel,
  exportSurvivalModelFile,
  isSurvivalModelText,
  parseSurvivalModelFile,
} from './survivalModelFile';
import { SURVIVAL_MODEL_MESSAGE, parseModelFile } from './modelFile';
import { predictSurvivalTable } from './survivalPredict';

const text = readFileSync(
  fileURLToPath(new URL('../../testdata/lung.csv', import.meta.url)),
  'utf8',
);
const table = parseCsvText(text);
const data = encodeSurvival(table, inferSchema(table), { time: 'time', event: 'event' });
const forest = fitSurvivalForest(
  data.X,
  data.nRows,
  data.nFeatures,
  data.isCategorical,
  data.time,
  data.event,
  { nEstimators: 20, randomState: 3 },
);
const info = describeSurvivalModel(forest, data, 'time', 0.5);
const saved = exportSurvivalModelFile(forest, info, data);

/** The saved file with one tree's field replaced by the base64 of `values`. */
function tampered(field: string, values: Int32Array | Float32Array): string {
  const json = JSON.parse(saved) as { model: { trees: Record<string, string>[] } };
  json.model.trees[0][field] = Buffer.from(values.buffer).toString('base64');
  return JSON.stringify(json);
}

describe('survival model files', () => {
  it('reopen with identical curves, the description and the training fingerprint', () => {
    expect(isSurvivalModelText(saved)).toBe(true);
    const loaded = parseSurvivalModelFile(saved);
    expect(loaded.info.eventValue).toBe('1');
    expect(loaded.info.maxFollowUp).toBe(1022);
    expect(loaded.info.events).toBe(165);
    expect(loaded.trainingCohort?.nRows).toBe(228);
    expect(Array.from(loaded.forest.timeGrid)).toEqual(Array.from(forest.timeGrid));
    const before = predictCumHazard(forest, data.X, data.nRows);
    const after = predictCumHazard(loaded.forest, data.X, data.nRows);
    expect(Array.from(after)).toEqual(Array.from(before));
    expect(loaded.forest.oobCindex).toBe(forest.oobCindex);
  });

  it('are refused by the class-model reader with what they are, not as damaged', () => {
    expect(() => parseModelFile(saved)).toThrow(SURVIVAL_MODEL_MESSAGE);
  });

  it('refuse curves that rise and fall, point past the grid, or sit on split nodes', () => {
    const tree = survivalTrees(forest)[0];
    const falling = Float32Array.from(tree.hazardValue);
    const k = tree.hazardOffset[tree.left.indexOf(-1)];
    falling[k + 1] = falling[k] / 2;
    expect(() => parseSurvivalModelFile(tampered('hazardValue', falling))).toThrow(
      /damaged: tree 0 node \d+ has a cumulative hazard of .* it must be finite and never fall/,
    );
    const far = Int32Array.from(tree.hazardPoint);
    far[far.length - 1] = forest.timeGrid.length;
    expect(() => parseSurvivalModelFile(tampered('hazardPoint', far))).toThrow(
      /not increasing within 0\.\./,
    );
    // Give the root (a split) the first leaf's curve: offsets shifted so node 0 owns points.
    const off = Int32Array.from(tree.hazardOffset);
    off[1] = off[tree.left.indexOf(-1) + 1];
    for (let i = 2; i <= tree.left.indexOf(-1); i++) off[i] = off[1];
    expect(() => parseSurvivalModelFile(tampered('hazardOffset', off))).toThrow(
      /node 0 is a split but holds a curve/,
    );
  });

  it('refuse another number of time points than described', () => {
    const json = JSON.parse(saved) as { info: { timePoints: number } };
    json.info.timePoints += 1;
    expect(() => parseSurvivalModelFile(JSON.stringify(json))).toThrow(/time points/);
  });

  it('predict survival from 1, never rising, for patients without the time and event columns', () => {
    const loaded = parseSurvivalModelFile(saved);
    const patients = parseCsvText('age,sex,ph.ecog\n74,male,1\n50,female,0\n');
    const out = predictSurvivalTable(loaded, patients, { horizon: 365 });
    expect(out.rows).toHaveLength(2);
    for (const r of out.rows) {
      expect(r.survival.times[0]).toBe(0);
      expect(r.survival.probabilities[0]).toBe(1);
      for (let j = 1; j < r.survival.probabilities.length; j++) {
        expect(r.survival.probabilities[j]).toBeLessThanOrEqual(r.survival.probabilities[j - 1]);
      }
      // At the horizon: the curve's value at the last time <= 365.
      const j = r.survival.times.findLastIndex((t) => t <= 365);
      expect(r.survivalAt).toEqual({ time: 365, probability: r.survival.probabilities[j] });
      expect(r.missingFields).toContain('wt.loss');
    }
    expect(out.issues.join(' ')).toMatch(/not in the file/);
    expect(() => predictSurvivalTable(loaded, patients, { horizon: 5000 })).toThrow(
      /beyond the longest follow-up .*1022/,
    );
  });

  it('explain each patient: contributions add up to the risk and, at the horizon, to the survival', () => {
    const loaded = parseSurvivalModelFile(saved);
    const patients = parseCsvText('age,sex,ph.ecog\n74,male,1\n50,female,0\n');
    const out = predictSurvivalTable(loaded, patients, { horizon: 365, contributions: true });
    const plain = predictSurvivalTable(loaded, patients, { horizon: 365 });
    for (const [i, r] of out.rows.entries()) {
      expect(r.risk).toBe(plain.rows[i].risk);
      const c = r.contributions ?? [];
      expect(c.map((x) => x.feature).sort()).toEqual(
        loaded.info.encoding.features.map((f) => f.name).sort(),
      );
      const total = (r.expectedRisk ?? NaN) + c.reduce((s, x) => s + x.shap, 0);
      expect(Math.abs(total - r.risk)).toBeLessThan(1e-9);
      for (let j = 1; j < c.length; j++) {
        expect(Math.abs(c[j].shap)).toBeLessThanOrEqual(Math.abs(c[j - 1].shap));
      }
      expect(c.find((x) => x.feature === 'wt.loss')?.value).toBe('unknown');
      expect(c.find((x) => x.feature === 'sex')?.value).toBe(i === 0 ? 'male' : 'female');
      const at = r.horizonContributions;
      expect(at?.time).toBe(365);
      const product = (at?.contributions ?? []).reduce(
        (s, x) => s * x.factor,
        at?.baseProbability ?? NaN,
      );
      expect(Math.abs(product - (r.survivalAt?.probability ?? NaN))).toBeLessThan(1e-9);
    }
  });

  it('check a given cohort against the training fingerprint, time included', () => {
    const loaded = parseSurvivalModelFile(saved);
    const ok = predictSurvivalTable(loaded, table, { cohort: { table, name: 'lung.csv' } });
    expect(ok.cohortSurvival?.probabilities[0]).toBe(1);
    const later = parseCsvText(text.replace(/^306,1,3,74/m, '307,1,3,74'));
    expect(() =>
      predictSurvivalTable(loaded, table, { cohort: { table: later, name: 'x.csv' } }),
    ).toThrow(/x\.csv is not the model's training cohort: 1 row of it are not training patients/);
  });
});
