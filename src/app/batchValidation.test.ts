/**
 * A batch file with the outcome column is an external validation: training patients in it (by the model's cohort
 * fingerprint) are flagged and left out, and the figures are those of the Evaluate step on the other rows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { trainInProcess } from '../worker/inProcess';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import { computeMetrics } from '../engine/evaluate/metrics';
import { withIntervals } from '../engine/evaluate/intervals';
import { logisticCalibration } from '../engine/evaluate/externalValidation';
import type { BatchResult, DataWorkerApi, TrainingSetup } from './types';
import { createDataSession } from './dataSession';
import { syntheticCsv } from './testData';

const setup: TrainingSetup = { target: 'response', columns: [] };
const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 60, randomState: 5 };
const HEADER = 'patient_id,age,bmi,rs123,smoking,response';

/** Data lines (no header) of the synthetic cohort. */
function lines(n: number, seed: number): string[] {
  return syntheticCsv(n, seed).trim().split('\n').slice(1);
}

/** A line's features and outcome, without its identifier. */
const patientOf = (line: string) => line.split(',').slice(1).join(',');

describe('a batch with outcomes: external validation', () => {
  let data: DataWorkerApi;
  const training = lines(300, 11);
  // 60 training patients, one of them with its outcome flipped (another patient), then 200 new ones.
  const fromTraining = training.slice(0, 60);
  const flipped = training[60].endsWith(',responder')
    ? training[60].replace(/,responder$/, ',non_responder')
    : training[60].replace(/,non_responder$/, ',responder');
  const fresh = lines(200, 77).map((l) => l.replace(/^P/, 'N'));
  const batchLines = [...fromTraining, flipped, ...fresh];
  let result: BatchResult;

  beforeAll(async () => {
    data = createDataSession();
    await data.loadCsv(new Blob([syntheticCsv(300)]), 'cohort.csv');
    await trainInProcess(data, setup, params);
    result = await data.predictBatch(new Blob([[HEADER, ...batchLines].join('\n') + '\n']));
  });

  it('flags the training patients by their fingerprint, never a patient with another outcome', () => {
    const ext = result.external!;
    expect(ext.fingerprintKnown).toBe(true);
    const flagged = new Set(ext.trainingRows);
    for (let r = 0; r < 60; r++) expect(flagged.has(r)).toBe(true);
    // Same features, other outcome: not a training patient.
    expect(flagged.has(60)).toBe(false);
    // A new row is flagged only when a training patient has exactly its features and outcome.
    const known = new Set(training.map(patientOf));
    for (const r of flagged) if (r > 60) expect(known.has(patientOf(batchLines[r]))).toBe(true);
    expect(result.rows.map((row) => row.trainingPatient)).toEqual(
      result.rows.map((_, r) => flagged.has(r)),
    );
    expect(ext.note).toBeNull();
    // The CSV says which rows are training patients.
    const csv = result.csv.split('\r\n');
    expect(csv[0].endsWith(',training patient')).toBe(true);
    expect(csv[1].endsWith(',yes')).toBe(true);
    expect(csv[62].endsWith(flagged.has(61) ? ',yes' : ',no')).toBe(true);
  });

  it('gives the figures of the new rows alone, as computeMetrics with intervals would', () => {
    const ext = result.external!;
    const v = ext.validation!;
    const flagged = new Set(ext.trainingRows);
    const classes = result.rows[0].prediction.classes;
    const kept = result.rows.filter((row) => !flagged.has(row.index));
    expect(v.n).toBe(kept.length);
    expect(v.n).toBe(batchLines.length - flagged.size);
    const y = Uint8Array.from(kept, (row) => classes.indexOf(row.actual!));
    const proba = Float64Array.from(kept.flatMap((row) => row.prediction.probabilities));
    // "responder" is the event-like class, the default positive.
    const positive = classes.indexOf('responder');
    expect(v.positiveClass).toBe('responder');
    const expected = withIntervals(computeMetrics(y, proba, 2, classes, positive), y, proba, 2, {
      seed: params.randomState,
      positive,
    });
    expect(v.metrics).toEqual(expected);
    const p = Float64Array.from(kept, (row) => row.prediction.probabilities[positive]);
    const yPos = Uint8Array.from(y, (c) => (c === positive ? 1 : 0));
    expect(v.calibration).toEqual(logisticCalibration(yPos, p));
    // A real signal on new patients of the same population.
    expect(v.metrics.auc).toBeGreaterThan(0.7);
    expect(v.chance.beatsChance).toBe(true);
  });

  it("takes the positive class asked for (the Evaluate step's), not the default, and refuses an unknown one", async () => {
    const blob = () => new Blob([[HEADER, ...batchLines].join('\n') + '\n']);
    const asked = await data.predictBatch(blob(), undefined, undefined, 'non_responder');
    const v = asked.external!.validation!;
    expect(v.positiveClass).toBe('non_responder');
    const classes = asked.rows[0].prediction.classes;
    const flagged = new Set(asked.external!.trainingRows);
    const kept = asked.rows.filter((row) => !flagged.has(row.index));
    const positive = classes.indexOf('non_responder');
    const y = Uint8Array.from(kept, (row) => (row.actual === 'non_responder' ? 1 : 0));
    const p = Float64Array.from(kept, (row) => row.prediction.probabilities[positive]);
    // The calibration is that of "non_responder", not the mirror image of the default's.
    expect(v.calibration).toEqual(logisticCalibration(y, p));
    expect(v.calibration).not.toEqual(result.external!.validation!.calibration);
    await expect(data.predictBatch(blob(), undefined, undefined, 'maybe')).rejects.toThrow(
      /“maybe” is not one of the outcome classes/,
    );
  });

  it('refuses to validate on training patients only, and says why', async () => {
    const own = await data.predictBatch(
      new Blob([[HEADER, ...training.slice(0, 40)].join('\n') + '\n']),
    );
    expect(own.external?.trainingRows).toHaveLength(40);
    expect(own.external?.validation).toBeNull();
    expect(own.external?.note).toMatch(/Every row .* is a training patient/);
    expect(own.rows.every((row) => row.trainingPatient === true)).toBe(true);
  });

  it('leaves a file without outcomes alone, and says when training patients cannot be recognised', async () => {
    const noOutcome = await data.predictBatch(
      new Blob([
        ['patient_id,age,bmi,rs123,smoking', ...fresh.map((l) => l.replace(/,[a-z_]+$/, ''))].join(
          '\n',
        ) + '\n',
      ]),
    );
    expect(noOutcome.external).toBeUndefined();
    expect(noOutcome.rows[0].trainingPatient).toBeUndefined();
    // Without the bmi column no row can match a training patient's fingerprint: said, not guessed.
    const noBmi = await data.predictBatch(
      new Blob(
        [
          [
            'patient_id,age,rs123,smoking,response',
            ...fromTraining.map((l) =>
              l
                .split(',')
                .filter((_, c) => c !== 2)
                .join(','),
            ),
          ].join('\n') + '\n',
        ],
        { type: 'text/csv' },
      ),
    );
    expect(noBmi.external?.fingerprintKnown).toBe(false);
    expect(noBmi.external?.note).toMatch(/1 of the model’s columns are not in this file/);
    expect(noBmi.external?.validation?.n).toBe(60);
  });
});
