/**
 * Effects on survival at a horizon through the use case, on the committed lung cohort (testdata/lung.csv; source and
 * licence in testdata/README.md) with sex as the "treatment": the patients dropped and weighted, the report's
 * survival fields, every patient's row, the refusals, and the per-patient words.
 */
import { describe, expect, it } from 'vitest';
import { fitTreatmentEffects, patientTreatmentEffect } from './treatmentEffect';
import { lungTable } from './survivalTestData';
import { parseCsvText } from '../engine/data/parse';
import { simulateSurvivalCohort } from '../engine/causal/simulateSurvival';

const table = lungTable();
const col = (name: string): string[] => table.columns[table.headers.indexOf(name)];
const time = col('time').map(Number);
const event = col('event');
const sex = col('sex');
const base = { target: 'event', treatment: 'sex', treatedValue: 'female', numTrees: 100, seed: 2 };

describe('treatment effects on survival at a horizon', () => {
  it('fits the patients whose status at the horizon is known, weighted, and reports every patient', async () => {
    const model = await fitTreatmentEffects(table, {
      ...base,
      survival: { time: 'time', horizon: 365 },
    });
    const { report, fit } = model;
    // Counted from the file: censored before day 365 per arm.
    const dropped = (s: string): number =>
      time.filter((t, i) => sex[i] === s && t < 365 && event[i] === '0').length;
    expect(report.horizon).toBe(365);
    expect(report.time).toBe('time');
    expect(report.positive).toBe('event-free at 365');
    const c = report.censoring!;
    expect(c.droppedTreated).toBe(dropped('female'));
    expect(c.droppedComparison).toBe(dropped('male'));
    expect(c.dropped).toBe(dropped('female') + dropped('male'));
    expect(c.known).toBe(table.rowCount - c.dropped);
    expect(c.eventFree).toBe(time.filter((t) => t >= 365).length);
    expect(report.patients).toBe(c.known);
    expect(c.model).toBe('forest');
    expect(c.weightMin).toBeGreaterThanOrEqual(1);
    expect(c.weightMax).toBeGreaterThan(c.weightMin);
    expect(c.note).toMatch(/censored before 365 carry no outcome and were left out/);
    // The forest was fitted with those weights; one row per patient of the two arms.
    expect(fit.forest.params.sampleWeights).toHaveLength(c.known);
    expect(report.rows).toHaveLength(table.rowCount);
    expect(report.rows.filter((r) => r.statusKnown === false)).toHaveLength(c.dropped);
    expect(report.rows.every((r) => Number.isFinite(r.effect) && r.lower <= r.upper)).toBe(true);
    // Weighted fits carry the local linear correction and the RATE, both weighted.
    expect(report.localLinear).not.toBeNull();
    expect(report.localLinearNote).toMatch(/^Local linear correction on “/);
    expect(report.rate).not.toBeNull();
    expect(report.rate?.folds).toBe(2);
    expect(report.warnings.join(' ')).not.toMatch(/RATE/);
    expect(c.note).toMatch(/the local linear correction, the average effects and the checks/);
    expect(report.assumptions.join(' ')).toMatch(/Censoring is independent of the event/);
    const words = patientTreatmentEffect(model, { age: '60', 'ph.ecog': '1' }).sentences;
    expect(words.treated).toMatch(
      /^If treated \(female\): about \d+ out of 100 patients like this one would be event-free at 365\.$/,
    );
    expect(words.untreated).toMatch(
      /^Without it \(male\): about \d+ out of 100 .* event-free at 365\.$/,
    );
  });

  it('ranks patients by a strongly varying effect: the weighted RATE is clearly above 0 and covers grf’s', async () => {
    // simulateSurvival.ts: treatment lowers the hazard by up to e^−2.4 for X1 > 0 and not at all below, so the effect
    // on being event-free at 1 runs from 0 to about 0.35; censoring depends on X2 and the arm.
    const n = 2000;
    const p = 5;
    const c = simulateSurvivalCohort(n, p, 2, 1);
    const names = Array.from({ length: p }, (_, j) => `x${j + 1}`);
    const lines = [[...names, 'time', 'event', 'arm'].join(',')];
    for (let i = 0; i < n; i++)
      lines.push(
        [
          ...names.map((_, j) => String(c.X[j * n + i])),
          String(c.time[i]),
          String(c.event[i]),
          c.w[i] ? 'drug' : 'none',
        ].join(','),
      );
    const { report } = await fitTreatmentEffects(parseCsvText(lines.join('\n')), {
      target: 'event',
      treatment: 'arm',
      treatedValue: 'drug',
      numTrees: 500,
      seed: 2,
      survival: { time: 'time', horizon: 1 },
    });
    const rate = report.rate!;
    expect(rate.lower).toBeGreaterThan(0.03);
    // R grf 2.6.1 on the same patients, outcome and censoring weights (causal_forest with sample.weights, priorities
    // cross-fitted on halves, rank_average_treatment_effect): RATE 0.106 (bench/rateWeights.ts, seed 2).
    expect(rate.lower).toBeLessThan(0.106);
    expect(rate.upper).toBeGreaterThan(0.106);
    // The top tenth by predicted effect gains clearly more than the average patient.
    expect(rate.toc.estimate[1]).toBeGreaterThan(0.1);
    // The correction is on the column the effect varies with.
    expect(report.localLinear?.column).toBe('x1');
  }, 60_000);

  it('uses Kaplan–Meier per arm when asked', async () => {
    const { report } = await fitTreatmentEffects(table, {
      ...base,
      survival: { time: 'time', horizon: 365, censoring: 'kaplan-meier' },
    });
    expect(report.censoring?.model).toBe('kaplan-meier');
    expect(report.censoring?.note).toMatch(/Kaplan–Meier of the censoring times within each arm/);
  });

  it('refuses a horizon beyond follow-up or where an arm has too few of an outcome', async () => {
    const at = (horizon: number) =>
      fitTreatmentEffects(table, { ...base, survival: { time: 'time', horizon } });
    await expect(at(1100)).rejects.toThrow(
      'The horizon 1100 is beyond the longest follow-up (1022)',
    );
    // Day 900: one woman was followed that long without the event.
    await expect(at(900)).rejects.toThrow(
      /Only 1 patients of the arm "female" are known to be event-free at 900/,
    );
    await expect(at(0)).rejects.toThrow(/horizon must be a time greater than 0/);
  });
});
