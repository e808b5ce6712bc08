import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../engine/data/parse';
import { inferSchema } from '../engine/data/schema';
import {
  compareSurvivalValues,
  describeSurvival,
  exportSurvivalModel,
  horizonChoices,
  horizonWords,
  openSurvivalModel,
  predictSurvivalPatient,
  proposeSurvival,
  trainSurvivalCohort,
  withModelHash,
} from './survivalCohort';

// NCCTG lung cancer (testdata/lung.csv; source and licence in testdata/README.md): time in days, event 1 = death.
const table = parseCsvText(
  readFileSync(fileURLToPath(new URL('../../testdata/lung.csv', import.meta.url)), 'utf8'),
);
const schema = inferSchema(table);

describe('survival use cases on the lung cohort', () => {
  it('proposes time and event with 1 as the event, and counts the event values', () => {
    expect(proposeSurvival(schema)).toEqual({
      time: 'time',
      event: 'event',
      eventValue: '1',
      unit: null,
    });
    const d = describeSurvival(table, schema, { time: 'time', event: 'event', eventValue: null });
    expect(d.errors).toEqual([]);
    expect(d.eventValue).toBe('1');
    expect(d.values).toEqual([
      { value: '0', count: 63 },
      { value: '1', count: 165 },
    ]);
    expect(d.rows).toBe(228);
    expect(d.events).toBe(165);
    expect(d.maxFollowUp).toBe(1022);
  });

  it('refuses a non-numeric time column in words', () => {
    const d = describeSurvival(table, schema, { time: 'sex', event: 'event', eventValue: '1' });
    expect(d.errors[0]).toMatch(/“sex” is not numeric/);
  });

  it('trains and evaluates: C above chance with an interval around it, Brier, KM by tertile', () => {
    const held = trainSurvivalCohort(
      table,
      schema,
      { time: 'time', event: 'event', eventValue: '1', unit: 'days' },
      { nEstimators: 60, minSamplesLeaf: 15, randomState: 1 },
    );
    const r = held.report;
    expect(r.rows).toBe(228);
    const oob = r.outOfBag!;
    expect(oob.cindex).toBeGreaterThan(0.55);
    expect(oob.cindex).toBeLessThan(0.75);
    expect(oob.cindexInterval[0]).toBeLessThan(oob.cindex);
    expect(oob.cindexInterval[1]).toBeGreaterThan(oob.cindex);
    expect(oob.integratedBrier).toBeGreaterThan(0.1);
    expect(oob.integratedBrier).toBeLessThan(0.25);
    // No k-fold here: the Evaluate step grows those forests on the pool (any cohort size).
    expect(r.crossValidation).toBeNull();
    expect(r.tertileCurves.map((c) => c.patients).reduce((a, b) => a + b, 0)).toBe(oob.patients);
    // The highest-risk third dies sooner than the lowest: lower survival at a year.
    const at = (c: { times: number[]; probabilities: number[] }, t: number) =>
      c.probabilities[c.times.findLastIndex((x) => x <= t)];
    expect(at(r.tertileCurves[2], 365)).toBeLessThan(at(r.tertileCurves[0], 365));
    expect(r.cohortCurve!.times[0]).toBe(0);
    expect(r.cohortCurve!.probabilities[0]).toBe(1);
    // 1 year is within 1022 days of follow-up; 3 years are not, and say why.
    expect(r.horizons[0]).toEqual({ label: '1 year', time: 365.25, refused: null });
    expect(r.horizons[1].refused).toMatch(
      /beyond the longest follow-up of the cohort \(1022 days\)/,
    );

    const p = predictSurvivalPatient(held, { age: 70, sex: 'male', 'ph.ecog': 2 }, 365);
    expect(p.words.counts[0] + p.words.counts[1]).toBe(100);
    expect(p.words.counts[0]).toBe(Math.round(p.survivalAt * 100));
    expect(p.words.sentences[0]).toMatch(
      /^About \d+ out of 100 patients like this one would be event-free at 365 days\.$/,
    );
    for (let i = 1; i < p.curve.probabilities.length; i++) {
      expect(p.curve.probabilities[i]).toBeLessThanOrEqual(p.curve.probabilities[i - 1]);
    }
    expect(() => predictSurvivalPatient(held, {}, 2000)).toThrow(/beyond the longest follow-up/);
  });

  it('gives presets in months and years', () => {
    expect(horizonChoices(70, 'months').map((h) => [h.time, h.refused === null])).toEqual([
      [12, true],
      [36, true],
      [60, true],
      [120, false],
    ]);
    expect(horizonChoices(4, 'years').map((h) => h.refused === null)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('says a preset horizon in years with its time in the unit, any other time in the unit', () => {
    expect(horizonWords(365.25, 'days')).toBe('1 year (365 days)');
    expect(horizonWords(1826.25, 'days')).toBe('5 years (1826 days)');
    expect(horizonWords(36, 'months')).toBe('3 years (36 months)');
    expect(horizonWords(365, 'days')).toBe('365 days');
    expect(horizonWords(200.456, 'days')).toBe('200.46 days');
    expect(horizonWords(1, 'years')).toBe('1 year');
    expect(horizonWords(2.5, 'years')).toBe('2.5 years');
    const held = trainSurvivalCohort(
      table,
      schema,
      { time: 'time', event: 'event', eventValue: '1', unit: 'days' },
      { nEstimators: 30, minSamplesLeaf: 15, randomState: 1 },
    );
    const p = predictSurvivalPatient(held, {}, 365.25, false);
    expect(p.horizonText).toBe('1 year (365 days)');
    expect(p.words.sentences[0]).toMatch(/event-free at 1 year \(365 days\)\.$/);
  });
});

describe('comparing the values of a column for one patient', () => {
  it('gives a curve and icons per value of sex, labelled as an association', () => {
    const held = trainSurvivalCohort(
      table,
      schema,
      { time: 'time', event: 'event', eventValue: '1', unit: 'days' },
      { nEstimators: 40, minSamplesLeaf: 15, randomState: 2 },
    );
    const names = held.report.compareColumns.map((c) => c.name);
    expect(names).toContain('sex');
    expect(names).toContain('ph.ecog');
    expect(names).not.toContain('age');
    const cmp = compareSurvivalValues(held, { age: 65, sex: 'female' }, 'sex', 180);
    expect(cmp.arms.map((a) => a.value)).toEqual(['male', 'female']);
    for (const arm of cmp.arms) {
      const alone = predictSurvivalPatient(held, { age: 65, sex: arm.value }, 180);
      expect(arm.survivalAt).toBe(alone.survivalAt);
      expect(arm.words.counts[0]).toBe(alone.words.counts[0]);
    }
    expect(cmp.caution).toMatch(/a causal reading .* needs randomised data/);
    expect(() => compareSurvivalValues(held, {}, 'age', 180)).toThrow(/cannot be compared/);
  });
});

describe('the Load step’s column choices', () => {
  it('leaves out a column the user unticked, and never uses the time or event as features', () => {
    const columns = [{ name: 'inst', kind: 'numeric' as const, excluded: true }];
    const d = describeSurvival(table, schema, {
      time: 'time',
      event: 'event',
      eventValue: '1',
      columns,
    });
    expect(d.nFeatures).toBe(7);
    const held = trainSurvivalCohort(
      table,
      schema,
      { time: 'time', event: 'event', eventValue: '1', unit: 'days', columns },
      { nEstimators: 20, minSamplesLeaf: 15, randomState: 1 },
    );
    const names = held.report.features.map((f) => f.name);
    expect(names).not.toContain('inst');
    expect(names).not.toContain('time');
    expect(names).not.toContain('event');
    expect(names).toHaveLength(7);
  });
});

describe('saving and reopening a survival model', () => {
  const held = trainSurvivalCohort(
    table,
    schema,
    { time: 'time', event: 'event', eventValue: '1', unit: 'days' },
    { nEstimators: 20, minSamplesLeaf: 15, randomState: 3 },
  );
  const text = exportSurvivalModel(held);
  const patient = { age: 60, sex: 'female', 'ph.ecog': 1 };

  it('reopens with its unit and the same predictions; with its cohort loaded, the cohort curve too', () => {
    const opened = openSurvivalModel(text, 'lung.genoforest.json', { table, schema });
    expect(opened.report.choice).toEqual({
      time: 'time',
      event: 'event',
      eventValue: '1',
      unit: 'days',
    });
    expect(opened.report.openedFrom).toBe('lung.genoforest.json');
    expect(opened.report.cohortCurve).toEqual(held.report.cohortCurve);
    const before = predictSurvivalPatient(held, patient, 300);
    const after = predictSurvivalPatient(opened, patient, 300);
    expect(after.survivalAt).toBe(before.survivalAt);
    expect(after.cohortSurvivalAt).toBe(before.cohortSurvivalAt);
    expect(() => exportSurvivalModel(opened)).toThrow(/already its saved copy/);
  });

  it('without its cohort: no cohort curve, said so; another table is named as not the cohort', () => {
    const alone = openSurvivalModel(text, 'm.json', null);
    expect(alone.report.cohortCurve).toBeNull();
    expect(alone.report.warnings.join(' ')).toMatch(/Load its training cohort/);
    expect(predictSurvivalPatient(alone, patient, 300).cohortSurvivalAt).toBeNull();
    const half = parseCsvText(
      readFileSync(fileURLToPath(new URL('../../testdata/lung.csv', import.meta.url)), 'utf8')
        .split('\n')
        .slice(0, 120)
        .join('\n'),
    );
    const other = openSurvivalModel(text, 'm.json', { table: half, schema: inferSchema(half) });
    expect(other.report.cohortCurve).toBeNull();
    expect(other.report.warnings.join(' ')).toMatch(/is not its training cohort/);
  });

  it('has the same model hash just trained and reopened, with or without its cohort; another model differs', async () => {
    const trained = (await withModelHash(held)).report.modelHash;
    expect(trained).toMatch(/^[0-9a-f]{64}$/);
    const opened = await withModelHash(openSurvivalModel(text, 'm.json', { table, schema }));
    expect(opened.report.modelHash).toBe(trained);
    const alone = await withModelHash(openSurvivalModel(text, 'm.json', null));
    expect(alone.report.modelHash).toBe(trained);
    const other = trainSurvivalCohort(
      table,
      schema,
      { time: 'time', event: 'event', eventValue: '1', unit: 'days' },
      { nEstimators: 20, minSamplesLeaf: 15, randomState: 4 },
    );
    expect((await withModelHash(other)).report.modelHash).not.toBe(trained);
  });

  it('refuses a file that is not a survival model', () => {
    expect(() => openSurvivalModel('{"format":"x"}', 'x.json', null)).toThrow();
  });
});
