import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../engine/data/parse';
import { inferSchema } from '../engine/data/schema';
import {
  exportSurvivalModel,
  openSurvivalModel,
  predictSurvivalPatient,
  trainSurvivalCohort,
} from './survivalCohort';

// NCCTG lung cancer (testdata/lung.csv; source and licence in testdata/README.md): time in days, event 1 = death.
const table = parseCsvText(
  readFileSync(fileURLToPath(new URL('../../testdata/lung.csv', import.meta.url)), 'utf8'),
);
const schema = inferSchema(table);
const held = trainSurvivalCohort(
  table,
  schema,
  { time: 'time', event: 'event', eventValue: '1', unit: 'days' },
  { nEstimators: 60, minSamplesLeaf: 15, randomState: 4 },
);
const patient = { age: 70, sex: 'male', 'ph.ecog': 2 };

/** The step curve's value at t (1 before its first time). */
const at = (c: { times: number[]; probabilities: number[] }, t: number) =>
  c.probabilities[c.times.findLastIndex((x) => x <= t)] ?? 1;

describe('a survival patient’s band, drivers and familiarity', () => {
  const p = predictSurvivalPatient(held, patient, 365);

  it('explains survival at the horizon exactly as the base times each feature’s factor', () => {
    const d = p.drivers!;
    expect(d.time).toBe(365);
    expect(d.restCount).toBe(0);
    const product = d.contributions.reduce((s, c) => s * c.factor, d.baseProbability);
    expect(product).toBeCloseTo(p.survivalAt, 9);
    for (let i = 1; i < d.contributions.length; i++) {
      expect(Math.abs(d.contributions[i].shap)).toBeLessThanOrEqual(
        Math.abs(d.contributions[i - 1].shap),
      );
    }
    const byName = new Map(d.contributions.map((c) => [c.feature, c]));
    expect(byName.get('age')?.value).toBe('70');
    expect(byName.get('sex')?.value).toBe('male');
    // Fields not entered are said to be unknown, not shown as a number.
    expect(byName.get('wt.loss')?.value).toBe('unknown');
  });

  it('puts a band around the curve that holds the survival at the horizon, and says it in words', () => {
    const b = p.band!;
    expect(b.times[0]).toBe(0);
    expect(b.lower[0]).toBe(1);
    for (let k = 1; k < b.times.length; k++) {
      const s = at(p.curve, b.times[k]);
      expect(b.lower[k]).toBeLessThanOrEqual(s + 1e-12);
      expect(b.upper[k]).toBeGreaterThanOrEqual(s - 1e-12);
    }
    // Reaches the longest follow-up (1022 days), as the curve does.
    expect(b.times[b.times.length - 1]).toBe(1022);
    expect(p.curve.times[p.curve.times.length - 1]).toBe(1022);
    expect(b.at.lower).toBeLessThan(p.survivalAt);
    expect(b.at.upper).toBeGreaterThan(p.survivalAt);
    expect(b.method).toMatch(/infinitesimal jackknife over the 60 trees/);
    const lo = Math.round(b.at.lower * 100);
    const hi = Math.round(b.at.upper * 100);
    expect(lo).toBeLessThan(hi);
    expect(p.intervalSentence).toBe(
      `Allowing for the model’s uncertainty (95 % band): between about ${lo} and ${hi} out of 100 would be event-free at 365 days.`,
    );
  });

  it('says how familiar the patient is; a typical patient gets no warning', () => {
    const f = p.familiarity!;
    expect(f.value).toBeGreaterThan(0.05);
    expect(f.unfamiliar).toBe(false);
    expect(f.reason).toMatch(/Across the 60 trees/);
    expect(p.notes.join(' ')).not.toMatch(/unlike the patients/);
  });

  it('gives a model opened without its cohort the same band, from the seed and row count in the file', () => {
    const text = exportSurvivalModel(held);
    const alone = predictSurvivalPatient(openSurvivalModel(text, 'm.json', null), patient, 365);
    // The trees' bootstrap samples replayed from the file's seed and 228 rows: the band of the trained model.
    expect(alone.band).not.toBeNull();
    expect(alone.band?.at).toEqual(p.band?.at);
    expect(alone.band?.times).toEqual(p.band?.times);
    expect(alone.band?.lower).toEqual(p.band?.lower);
    expect(alone.band?.method).toBe(p.band?.method);
    expect(alone.intervalSentence).toBe(p.intervalSentence);
    expect(alone.familiarity).toBeNull();
    expect(alone.drivers?.contributions.length).toBe(p.drivers?.contributions.length);
    const withCohort = predictSurvivalPatient(
      openSurvivalModel(text, 'm.json', { table, schema }),
      patient,
      365,
    );
    expect(withCohort.band?.at).toEqual(p.band?.at);
    expect(withCohort.familiarity?.value).toBe(p.familiarity?.value);
  });
});

describe('the band’s words about too few trees', () => {
  it('says when most of the width is the trees’ Monte Carlo error, and not when trees are plenty', () => {
    const few = trainSurvivalCohort(
      table,
      schema,
      { time: 'time', event: 'event', eventValue: '1', unit: 'days' },
      { nEstimators: 10, minSamplesLeaf: 15, randomState: 4 },
    );
    expect(predictSurvivalPatient(few, patient, 365).band?.method).toMatch(
      /Monte Carlo error of 10 trees for 228 patients: retraining with several times as many trees/,
    );
    const many = trainSurvivalCohort(
      table,
      schema,
      { time: 'time', event: 'event', eventValue: '1', unit: 'days' },
      { nEstimators: 1000, minSamplesLeaf: 15, randomState: 4 },
    );
    expect(predictSurvivalPatient(many, patient, 365).band?.method).not.toMatch(
      /Monte Carlo error of/,
    );
  });
});
