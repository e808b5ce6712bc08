import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from '../engine/data/parse';
import { inferSchema } from '../engine/data/schema';
import { predictSurvivalPatient, trainSurvivalCohort } from './survivalCohort';
import { predictSurvivalBatch } from './survivalBatch';

// NCCTG lung cancer (testdata/lung.csv; source and licence in testdata/README.md): time in days, event 1 = death.
const table = parseCsvText(
  readFileSync(fileURLToPath(new URL('../../testdata/lung.csv', import.meta.url)), 'utf8'),
);
const held = trainSurvivalCohort(
  table,
  inferSchema(table),
  { time: 'time', event: 'event', eventValue: '1', unit: 'days' },
  { nEstimators: 30, minSamplesLeaf: 15, randomState: 5 },
);

describe('survival batch prediction', () => {
  it('writes survival at each horizon as a column, the same as one patient at a time', () => {
    const batch = parseCsvText('id,age,sex,ph.ecog\nP1,70,male,2\nP2,50,female,0\nP3,,,\n');
    const r = predictSurvivalBatch(held, batch, [180, 365]);
    expect(r.rows).toBe(3);
    const lines = r.csv.split('\r\n');
    expect(lines[0]).toBe('row,id,event_free_at_180_days,event_free_at_365_days,unknown_fields');
    expect(lines[1]).toMatch(/^1,P1,0\.\d{4}|^1,P1,0\.\d+,/);
    const one = predictSurvivalPatient(held, { age: 70, sex: 'male', 'ph.ecog': 2 }, 365, false);
    expect(r.preview[0].survival[1]).toBeCloseTo(one.survivalAt, 6);
    expect(r.preview[0].survival[0]).toBeGreaterThanOrEqual(r.preview[0].survival[1]);
    expect(r.preview[1].survival[1]).toBeGreaterThan(r.preview[0].survival[1]);
    // The model's other columns are not in the file: said once, counted per row.
    expect(r.issues.join(' ')).toMatch(/ph\.karno.* not in the file/);
    expect(r.preview[2].unknown).toBe(held.encoding.features.length);
    expect(r.preview[0].label).toBe('P1');
  });

  it('refuses a horizon beyond the follow-up and a file without the model’s columns', () => {
    const batch = parseCsvText('age\n60\n');
    expect(() => predictSurvivalBatch(held, batch, [365, 2000])).toThrow(
      /2000 days is beyond the longest follow-up/,
    );
    expect(() => predictSurvivalBatch(held, batch, [])).toThrow(/at least one horizon/);
    expect(() => predictSurvivalBatch(held, parseCsvText('x\n1\n'), [365])).toThrow(
      /None of the model's columns/,
    );
  });
});
