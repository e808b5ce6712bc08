/**
 * Batch prediction on a wide file: each feature's column is found once per file, not once per row, so 2,000
 * patients × 5,000 columns take seconds (looking every feature up in every row took minutes), with the same
 * predictions as one patient at a time.
 */
import { describe, expect, it } from 'vitest';
import { inferSchema } from '../engine/data/schema';
import { buildEncoding, encodeTable } from '../engine/data/encode';
import { parseCsvText } from '../engine/data/parse';
import { commaCounts } from '../engine/data/numberText';
import type { NumberColumn, RawTable, TableSchema } from '../engine/data/types';
import { rawTableOf } from './testData';
import { fitForest } from '../engine/forest/forest';
import { Rng } from '../engine/forest/rng';
import { DEFAULT_PARAMS } from '../engine/forest/types';
import type { PatientInput } from './types';
import { describeModel } from './modelInfo';
import { predictTable } from './predictBatch';
import { predictPatient, type PatientModel } from './predictPatient';
import { categoricalMask } from './trainingData';

const N_FEATURES = 5000;
/** Cell texts are shared strings, so the wide tables stay small in memory. */
const DIGITS = Array.from({ length: 10 }, (_, i) => String(i));

/** A table of `nRows` patients: `names` columns of digits (0..9) and, optionally, an outcome from g0 and g1. */
function wideTable(names: string[], nRows: number, seed: number, outcome: boolean): RawTable {
  const rng = new Rng(seed);
  const columns = names.map(() => new Array<string>(nRows));
  const at = new Map(names.map((n, c) => [n, c]));
  for (let r = 0; r < nRows; r++) {
    for (let c = 0; c < names.length; c++) columns[c][r] = DIGITS[rng.nextInt(10)];
  }
  const headers = [...names];
  if (outcome) {
    const g0 = columns[at.get('g0') ?? 0];
    const g1 = columns[at.get('g1') ?? 0];
    headers.push('outcome');
    columns.push(Array.from({ length: nRows }, (_, r) => (+g0[r] + +g1[r] > 9 ? 'yes' : 'no')));
  }
  return rawTableOf(headers, columns);
}

/** A two-class forest of `trees` trees trained on `table` (outcome `target`), as predictTable takes it. */
function trainedModel(
  table: RawTable,
  schema: TableSchema,
  target: string,
  trees: number,
  seed: number,
): PatientModel {
  const { encoding } = buildEncoding(table, schema, { target, columns: [] });
  const data = encodeTable(table, encoding);
  const forest = fitForest(data.X, data.nRows, data.nFeatures, categoricalMask(data), data.y, 2, {
    ...DEFAULT_PARAMS,
    nEstimators: trees,
    randomState: seed,
  });
  return { forest, info: describeModel(forest, data, 0), cohort: null };
}

describe('predictTable on a wide batch', () => {
  it('2,000 patients × 5,000 columns, columns in another order: the same predictions as one by one', () => {
    const names = Array.from({ length: N_FEATURES }, (_, i) => `g${i}`);
    const train = wideTable(names, 150, 1, true);
    const model = trainedModel(train, inferSchema(train), 'outcome', 8, 2);
    expect(model.info.encoding.features).toHaveLength(N_FEATURES);

    // The batch has the columns reversed, one model column missing and one it does not know.
    const batchNames = [...names].reverse().filter((n) => n !== 'g7');
    batchNames.splice(100, 0, 'extra');
    const batch = wideTable(batchNames, 2000, 3, false);

    const result = predictTable(model, batch, null);

    expect(result.rows).toHaveLength(2000);
    expect(result.issues).toEqual([
      'The column "g7" is not in the file: treated as unknown for every patient.',
    ]);
    const column = new Map(batch.headers.map((h, c) => [h, c]));
    for (const r of [0, 1, 999, 1999]) {
      const patient: PatientInput = {};
      for (const name of names) {
        const c = column.get(name);
        patient[name] = c === undefined ? null : batch.columns[c][r];
      }
      const one = predictPatient(model, patient);
      expect(result.rows[r].prediction.probabilities).toEqual(one.probabilities);
      expect(result.rows[r].prediction.missingFields).toEqual(['g7']);
    }
    // The CSV has a header and one line per patient.
    expect(result.csv.trimEnd().split('\r\n')).toHaveLength(2001);
  });

  it('predicts a file held compactly (numbers, decimal commas, coded texts, doses) as the same file held as text', () => {
    const lines = ['age;bmi;gt;smoker;stage;y'];
    const rng = new Rng(5);
    for (let r = 0; r < 120; r++) {
      const bmi = `${18 + rng.nextInt(20)},${rng.nextInt(10)}`; // decimal comma
      const gt = ['AA', 'AG', 'GG', '--'][rng.nextInt(4)];
      const stage = ['I', 'II', 'III'][rng.nextInt(3)];
      lines.push(
        `${20 + rng.nextInt(60)};${bmi};${gt};${rng.nextInt(2)};${stage};${r % 3 === 0 ? 'yes' : 'no'}`,
      );
    }
    const text = lines.join('\n');
    const train = parseCsvText(text, { delimiter: ';' });
    const schema = inferSchema(train);
    const model = trainedModel(train, schema, 'y', 20, 3);
    const compact = parseCsvText(text, { delimiter: ';', compactColumns: true });
    expect(compact.numbers?.[0]).toBeTruthy(); // age: float64
    expect(commaCounts(compact.numbers?.[1] as NumberColumn).commas).toBe(120); // bmi: float64 written with commas
    expect(compact.coded?.[2]?.levels).toBeTruthy(); // gt: coded texts
    const a = predictTable(model, train, schema);
    const b = predictTable(model, compact, inferSchema(compact));
    expect(b.rows.map((r) => r.prediction.probabilities)).toEqual(
      a.rows.map((r) => r.prediction.probabilities),
    );
    expect(b.csv).toBe(a.csv);
  });
});
