/**
 * Column names are data: a CSV may name its columns constructor, __proto__, toString or hasOwnProperty. Objects
 * keyed by column name must not answer for them from Object.prototype (reading a function where no value was
 * given) nor drop them (assigning "__proto__" sets the prototype instead).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../engine/forest/types';
import { Rng } from '../engine/forest/rng';
import type { DataWorkerApi, PatientInput } from './api';
import { createDataWorker } from './dataWorker';
import { trainInProcess } from './inProcess';

const NAMES = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];

/** constructor and __proto__ (numbers) decide the outcome; toString is a category, hasOwnProperty noise. */
function csv(nRows: number): string {
  const rng = new Rng(5);
  const lines = [[...NAMES, 'outcome'].join(',')];
  for (let r = 0; r < nRows; r++) {
    const a = rng.nextInt(100);
    const b = rng.nextInt(100);
    const c = ['red', 'green', 'blue'][rng.nextInt(3)];
    lines.push(`${a},${b},${c},${rng.nextInt(10)},${a + b > 100 ? 'high' : 'low'}`);
  }
  return lines.join('\n') + '\n';
}

/** A patient object whose fields are own properties, "__proto__" included (as JSON.parse makes them). */
const patientOf = (values: Record<string, unknown>): PatientInput =>
  JSON.parse(JSON.stringify(values)) as PatientInput;

describe('columns named like Object.prototype members', () => {
  let data: DataWorkerApi;

  beforeAll(async () => {
    data = createDataWorker();
    await data.loadCsv(new Blob([csv(300)]), 'proto.csv');
    await trainInProcess(
      data,
      { target: 'outcome', columns: [] },
      { ...DEFAULT_PARAMS, nEstimators: 25, randomState: 2 },
    );
  });

  it('trains on them and predicts from them', async () => {
    const high = await data.predict(
      patientOf({ constructor: 90, ['__proto__']: 95, toString: 'red', hasOwnProperty: 3 }),
    );
    const low = await data.predict(
      patientOf({ constructor: 5, ['__proto__']: 3, toString: 'red', hasOwnProperty: 3 }),
    );
    expect(high.warnings).toEqual([]);
    expect(low.warnings).toEqual([]);
    expect(high.predictedClass).toBe('high');
    expect(low.predictedClass).toBe('low');
  });

  it('reads a field left out as unknown, not as the Object.prototype member of that name', async () => {
    const p = await data.predict({});
    expect(p.warnings.map((w) => [w.field, w.kind])).toEqual(NAMES.map((n) => [n, 'missing']));
  });

  it('the typical patient holds every field, __proto__ included, as its own', async () => {
    const typical = await data.typicalPatient();
    for (const n of NAMES) expect(Object.hasOwn(typical, n)).toBe(true);
    expect(typeof typical['__proto__']).toBe('number');
    // No field is missing, unseen or not a number (the median patient may be unfamiliar as a whole).
    const warnings = (await data.predict(typical)).warnings;
    expect(warnings.filter((w) => w.field !== null)).toEqual([]);
  });

  it('predicts a batch file with these columns as it predicts each patient', async () => {
    const batch = await data.predictBatch(new Blob([csv(20)]));
    expect(batch.rows).toHaveLength(20);
    for (const row of batch.rows) expect(row.prediction.warnings).toEqual([]);
  });
});
