/**
 * A reopened model's prediction sets and standard errors come from its training cohort, found by fingerprint: the
 * same patients in another order give the very same figures; a different cohort of the same size gives none, with
 * the reason (it used to be paired with the stored out-of-bag rows by position and give other sets).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import { trainInProcess } from '../worker/inProcess';
import { createDataSession } from './dataSession';
import { syntheticCsv } from './testData';
import type { DataWorkerApi, PatientInput, Prediction } from './types';

const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 60, randomState: 5 };
const patients: PatientInput[] = [35, 48, 61, 75].flatMap((age) => [
  { age, bmi: 27.5, rs123: 2, smoking: 'current' },
  { age, bmi: 21, rs123: 0, smoking: 'never' },
]);

/** The CSV with its data rows in reverse order (header first). */
function reversed(csv: string): string {
  const [header, ...rows] = csv.trim().split('\n');
  return [header, ...rows.reverse()].join('\n') + '\n';
}

async function predictAll(data: DataWorkerApi): Promise<Prediction[]> {
  const out: Prediction[] = [];
  for (const p of patients) out.push(await data.predict(p, { confidence: 0.8 }));
  return out;
}

/** A fresh session with `csv` loaded and the saved model opened. */
async function reopen(saved: string, csv: string | null, csvFirst = true) {
  const data = createDataSession();
  if (csv && csvFirst) await data.loadCsv(new Blob([csv]), 'cohort.csv');
  const { info } = await data.importModel(saved);
  if (csv && !csvFirst) await data.loadCsv(new Blob([csv]), 'cohort.csv');
  return { data, info };
}

describe('the training cohort of a reopened model is found by its fingerprint', () => {
  const cohort = syntheticCsv(300);
  let saved = '';
  let original: Prediction[] = [];

  beforeAll(async () => {
    const data = createDataSession();
    await data.loadCsv(new Blob([cohort]), 'cohort.csv');
    const { info } = await trainInProcess(data, { target: 'response', columns: [] }, params);
    expect(info.trainingCohort).toEqual({ status: 'trained-here', note: null });
    original = await predictAll(data);
    saved = await data.exportModel(null);
  });

  it('gives the same sets and standard errors for the training rows in another order', async () => {
    expect(JSON.parse(saved).trainingCohort.nRows).toBe(300);
    // The sets must be informative for the comparison to mean anything: some patients get one outcome only.
    expect(original.some((p) => p.predictionSet?.length === 1)).toBe(true);
    for (const csv of [cohort, reversed(cohort)]) {
      const { data, info } = await reopen(saved, csv);
      expect(info.trainingCohort?.status).toBe(csv === cohort ? 'loaded' : 'reordered');
      const again = await predictAll(data);
      again.forEach((p, i) => {
        expect(p.predictionSet).toEqual(original[i].predictionSet);
        expect(p.standardErrors).toEqual(original[i].standardErrors);
        expect(p.familiarity).toBeCloseTo(original[i].familiarity, 12);
      });
    }
  });

  it('finds the training cohort loaded after the model was opened', async () => {
    const { data } = await reopen(saved, reversed(cohort), false);
    const again = await predictAll(data);
    again.forEach((p, i) => expect(p.predictionSet).toEqual(original[i].predictionSet));
  });

  it('refuses a different cohort of the same size: no set, no standard errors, and the reason', async () => {
    const { data, info } = await reopen(saved, syntheticCsv(300, 99));
    expect(info.trainingCohort?.status).toBe('other');
    const p = await data.predict(patients[0], { confidence: 0.8 });
    expect(p.predictionSet).toBeNull();
    expect(p.standardErrors).toBeNull();
    expect(Number.isNaN(p.familiarity)).toBe(true);
    expect(p.predictionSetNote).toMatch(
      /^Not available: the loaded table is not this model's training cohort \((\d+) rows of it are not training patients and \1 training patients are not in it\)/,
    );
    expect(p.standardErrorNote).toBe(p.predictionSetNote);
    // The probabilities themselves need no cohort and are unchanged.
    expect(p.probabilities).toEqual(original[0].probabilities);
  });

  it('says the training cohort is not loaded, and that an old file cannot tell', async () => {
    const { data } = await reopen(saved, null);
    const p = await data.predict(patients[0]);
    expect(p.predictionSetNote).toMatch(/^Not available: load this model's training cohort/);
    const old = JSON.parse(saved) as Record<string, unknown>;
    old.version = 2;
    delete old.trainingCohort;
    const fromOld = await reopen(JSON.stringify(old), cohort);
    expect(fromOld.info.trainingCohort?.status).toBe('unknown');
    const q = await fromOld.data.predict(patients[0]);
    expect(q.predictionSet).toBeNull();
    expect(q.predictionSetNote).toMatch(/saved before GenoForest recorded which cohort/);
  });
});
