import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateInProcess, trainInProcess } from '../worker/inProcess';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import type { DataWorkerApi, EvaluationReport, PatientInput, TrainingSetup } from './types';
import { createDataSession } from './dataSession';
import { syntheticCsv } from './testData';
import { applyCalibrator } from '../engine/evaluate/recalibrate';

const setup: TrainingSetup = { target: 'response', columns: [] };
const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 60, randomState: 5 };
const patient: PatientInput = { age: 61, bmi: 27.5, rs123: 2, smoking: 'current' };

describe('predict with prediction set, standard errors, tie; counterfactual; evaluation read-outs', () => {
  let data: DataWorkerApi;
  let report: EvaluationReport;

  beforeAll(async () => {
    data = createDataSession();
    await data.loadCsv(new Blob([syntheticCsv(300)]), 'cohort.csv');
    const { trainer } = await trainInProcess(data, setup, params);
    report = (await evaluateInProcess(data, trainer, 5)).report;
  });

  it('gives each prediction a set of valid outcome names, finite standard errors and a tie check', async () => {
    const p = await data.predict(patient, { confidence: 0.9 });
    expect(p.setConfidence).toBe(0.9);
    expect(p.predictionSet).not.toBeNull();
    for (const c of p.predictionSet!) expect(p.classes).toContain(c);
    expect(p.standardErrors).toHaveLength(2);
    for (const s of p.standardErrors!) {
      // Sixty trees disagree about this patient (its spread is wide): the jackknife sees that variance.
      expect(s.se).toBeGreaterThan(0.01);
      expect(s.se).toBeLessThan(0.5);
    }
    // Two classes: p0 = 1 − p1, so both have the same standard error.
    expect(p.standardErrors![0].se).toBeCloseTo(p.standardErrors![1].se, 6);
    // Sixty trees leave the standard errors unstable, so they cannot make a tie (0.73 − 0.27 would be within
    // 0.28 + 0.28); only equal icon counts could, and 27 against 73 are not.
    expect(p.standardErrors!.map((s) => s.stable)).toEqual([false, false]);
    expect(p.words!.counts).toEqual([27, 73]);
    expect(p.tie).toEqual({ tie: false, tiedWith: ['responder'] });
    expect(p.recalibrated).toBe(false);
    // Words, icons and percentages are one rounding: 100 icons, counts within 1 of 100·p.
    const w = p.words!;
    expect(w.counts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(w.cells).toHaveLength(100);
    w.counts.forEach((c, k) => expect(Math.abs(c - 100 * p.probabilities[k])).toBeLessThan(1));
    expect(w.sentences[1]).toMatch(
      new RegExp(
        `out of 100 patients like this one in your cohort would have the outcome “responder”`,
      ),
    );
    expect(w.label).toBe(w.sentences.join(' '));
    // Every sentence names its outcome as the classes and the prediction set do (“non_responder”, not
    // “non responder”): one name for one outcome, in "Compared with the cohort" too.
    p.classes.forEach((c, k) => {
      expect(w.sentences[k]).toContain(`“${c}”`);
      expect(w.vsCohort[k].sentence.startsWith(`“${c}”: `)).toBe(true);
    });
    expect(p.classes).toContain('non_responder');
    expect(w.vsCohort.map((d) => d.after)).toEqual(w.counts);
    // Batch predictions leave the per-patient extras out (they cost a jackknife each).
    const batch = await data.predictBatch(new Blob([syntheticCsv(3, 2)]));
    expect(batch.rows[0].prediction.predictionSet).toBeUndefined();
  });

  it('gives a what-if as a difference in icons from the patient as entered', async () => {
    const entered = await data.predict(patient);
    const changed = await data.predict(
      { ...patient, smoking: 'never' },
      { compareWith: entered.probabilities },
    );
    const diff = changed.words?.vsEntered ?? [];
    expect(diff.map((d) => d.outcome)).toEqual(entered.classes);
    expect(diff.map((d) => d.before)).toEqual(entered.words?.counts);
    expect(diff.map((d) => d.after)).toEqual(changed.words?.counts);
    expect(diff.reduce((a, d) => a + d.difference, 0)).toBe(0);
    expect(diff[0].sentence).toMatch(/out of 100 for the patient with the changes/);
    expect(entered.words?.vsEntered).toBeUndefined();
  });

  it('widens the set with the confidence: 95 % never excludes an outcome 80 % keeps', async () => {
    for (const age of [35, 50, 61, 75]) {
      const x = { ...patient, age };
      const low = (await data.predict(x, { confidence: 0.8 })).predictionSet!;
      const high = (await data.predict(x, { confidence: 0.95 })).predictionSet!;
      for (const c of low) expect(high).toContain(c);
    }
  });

  it('reads an empty set as between the outcomes for a familiar patient, unlike the cohort when flagged', async () => {
    let between = 0;
    for (const age of [30, 40, 50, 60, 70]) {
      for (const bmi of [20, 25, 30, 35]) {
        for (const rs123 of [0, 1, 2]) {
          const p = await data.predict({ ...patient, age, bmi, rs123 }, { confidence: 0.8 });
          const set = p.predictionSet!;
          expect(p.setCutoffs).toHaveLength(2);
          // The set is exactly the outcomes whose probability reaches their cut-off.
          expect(set).toEqual(p.classes.filter((_, k) => p.probabilities[k] >= p.setCutoffs![k]));
          const flagged = p.warnings.some((w) =>
            ['unfamiliar', 'out-of-range', 'unseen-category'].includes(w.kind),
          );
          if (set.length === 0) {
            expect(p.setReading).toBe(flagged ? 'empty-unlike' : 'empty-between');
            if (!flagged) between++;
          } else {
            expect(p.setReading).toBe(set.length === 1 ? 'single' : 'all');
          }
        }
      }
    }
    // The grid holds familiar patients between the outcomes at 80 % (most of the 60 here).
    expect(between).toBeGreaterThan(0);
    // Far outside the training ages: out of range, so an empty set there reads "unlike the cohort".
    const far = await data.predict({ ...patient, age: 140 }, { confidence: 0.8 });
    expect(far.warnings.some((w) => w.kind === 'out-of-range')).toBe(true);
    if (far.predictionSet!.length === 0) expect(far.setReading).toBe('empty-unlike');
    else expect(far.setReading).not.toMatch(/^empty/);
  });

  it('applies a recalibration map from the evaluation and says so', async () => {
    const platt = report.recalibration!.find((r) => r.method === 'platt')!;
    const raw = await data.predict(patient, {});
    const p = await data.predict(patient, { recalibration: platt.calibrator });
    expect(p.recalibrated).toBe(true);
    expect(p.rawProbabilities).toEqual(raw.probabilities);
    expect(p.probabilities[0] + p.probabilities[1]).toBeCloseTo(1, 12);
    expect(p.probabilities[1]).not.toBeCloseTo(raw.probabilities[1], 6);
    // A map fitted on the first class (the positive class chosen) takes and gives that class's probability.
    const first = await data.predict(patient, {
      recalibration: platt.calibrator,
      recalibrationClass: 0,
    });
    expect(first.probabilities[0]).toBeCloseTo(
      applyCalibrator(platt.calibrator, raw.probabilities[0]),
      12,
    );
    expect(first.probabilities[0] + first.probabilities[1]).toBeCloseTo(1, 12);
  });

  it('reports conformal coverage, a decision curve and recalibrations from the folds', () => {
    const c = report.conformal!;
    expect(c.confidence).toBe(0.9);
    expect(c.coverage).toBeGreaterThan(0.8);
    expect(Object.keys(c.coverageByClass)).toEqual(['non_responder', 'responder']);
    // Each class's coverage is a whole number of its patients (the confusion matrix's rows), and the pooled one
    // their class-size-weighted mean.
    const classSize = report.cv.confusion.map((row) => row.reduce((a, b) => a + b, 0));
    expect(classSize[0] + classSize[1]).toBe(300);
    const perClass = Object.values(c.coverageByClass);
    perClass.forEach((v, k) =>
      expect(v * classSize[k]).toBeCloseTo(Math.round(v * classSize[k]), 9),
    );
    expect(c.coverage).toBeCloseTo(
      (perClass[0] * classSize[0] + perClass[1] * classSize[1]) / 300,
      12,
    );
    expect(report.decisionCurve?.points.length).toBe(99);
    expect(report.recalibration).toHaveLength(2);
    expect(report.chance?.beatsChance).toBe(true);
  });

  it('finds a change to the modifiable fields only, within the observed ranges', async () => {
    // Two of the three risk factors (age > 55 would be the third): a change of bmi or smoking brings the other
    // outcome (the one wanted here) back to 50 %.
    const patient: PatientInput = { age: 50, bmi: 25, rs123: 2, smoking: 'current' };
    const base = await data.predict(patient, {});
    const target = 0;
    const threshold = 0.5;
    expect(base.probabilities[target]).toBeLessThan(threshold);
    const answer = await data.counterfactual(patient, {
      targetClass: target,
      threshold,
      fields: ['bmi', 'smoking'],
    });
    expect(answer.targetClass).toBe(base.classes[0]);
    expect(answer.direction).toBe('above');
    expect(answer.alreadyThere).toBe(false);
    expect(answer.baseline).toBeCloseTo(base.probabilities[target], 10);
    for (const c of answer.changes) expect(['bmi', 'smoking']).toContain(c.field);
    expect(answer.patient.age).toBe(50);
    expect(answer.patient.rs123).toBe(2);
    expect(answer.found).toBe(true);
    expect(answer.changes.length).toBeGreaterThan(0);
    expect(answer.change).toMatch(/^\+\d+\.\d percentage points$/);
    expect(answer.probability).toBeGreaterThan(answer.baseline);
    expect(answer.difference[1].after).toBeLessThan(answer.difference[1].before);
    if (answer.found) {
      const after = await data.predict(answer.patient, {});
      expect(after.probabilities[target]).toBeCloseTo(answer.probability, 10);
      const crossed =
        answer.direction === 'above'
          ? answer.probability >= threshold
          : answer.probability < threshold;
      expect(crossed).toBe(true);
      const bmi = Number(answer.patient.bmi);
      expect(bmi).toBeGreaterThanOrEqual(18);
      expect(bmi).toBeLessThanOrEqual(38);
      expect(Number.isFinite(answer.standardError!.se)).toBe(true);
    } else {
      expect(answer.changes).toEqual([]);
    }
    // Wanting "responder", already above the threshold: nothing is proposed (the old search lowered it).
    const there = await data.counterfactual(patient, {
      targetClass: 1,
      threshold,
      fields: ['bmi', 'smoking'],
    });
    expect(there).toMatchObject({ alreadyThere: true, found: false, changes: [] });
    expect(there.probability).toBe(there.baseline);
    await expect(
      data.counterfactual(patient, { targetClass: 1, threshold: 0.5, fields: ['weight'] }),
    ).rejects.toThrow(/no field "weight"/);
  });
});
