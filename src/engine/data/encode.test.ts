import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildEncoding, encodeFeatureMatrix, encodeTable } from './encode';
import { encodePatient, typicalPatient } from './encodePatient';
import { parseCsvText } from './parse';
import { inferSchema } from './schema';
import type { PatientInput, RawTable, TrainingSetup } from './types';

const WDBC_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../testdata/breast_cancer_wdbc.csv',
);

function prepare(text: string, setup: Partial<TrainingSetup> & { target: string }) {
  const table = parseCsvText(text);
  const schema = inferSchema(table);
  const built = buildEncoding(table, schema, { columns: [], ...setup });
  return { table, schema, ...built };
}

/** The cohort below, with bmi switched to numeric (one word in nine cells makes it categorical). */
function prepareCohort(columns: TrainingSetup['columns'] = []) {
  return prepare(COHORT, {
    target: 'response',
    columns: [{ name: 'bmi', kind: 'numeric', excluded: false }, ...columns],
  });
}

/** The raw cells of one table row as a patient form would hold them. */
function rowAsPatient(table: RawTable, r: number): PatientInput {
  const patient: PatientInput = {};
  table.headers.forEach((h, c) => (patient[h] = table.columns[c][r]));
  return patient;
}

const COHORT = [
  'patient_id,age,sex,smoking,rs9923231_VKORC1,bmi,response',
  'P01,54,female,never,0,NA,responder',
  'P02,61,male,current,1,31.2,non_responder',
  'P03,?,female,former,2,27.5,responder',
  'P04,47,male,never,1,22.0,',
  'P05,70,female,current,0,24.9,non_responder',
  'P06,39,male,never,2,29.1,responder',
  'P07,58,female,former,1,high,responder',
  'P08,66,male,current,0,35.0,non_responder',
  'P09,44,,never,1,26.3,responder',
  'P10,52,female,never,2,23.8,NA',
].join('\n');

describe('buildEncoding', () => {
  it('describes features, classes and dropped rows', () => {
    const { encoding, summary, schema } = prepareCohort();
    expect(schema.columns.find((c) => c.name === 'bmi')?.inferred).toBe('categorical');
    expect(encoding.target).toBe('response');
    expect(encoding.classes).toEqual(['non_responder', 'responder']);
    expect(summary.classCounts).toEqual([3, 5]);
    expect(summary.rowsUsed).toBe(8);
    expect(summary.droppedMissingTarget).toBe(2);
    expect(summary.errors).toEqual([]);
    // patient_id is an identifier (named like one, unique): left out.
    expect(encoding.features.map((f) => f.name)).toEqual([
      'age',
      'sex',
      'smoking',
      'rs9923231_VKORC1',
      'bmi',
    ]);
    const smoking = encoding.features[2];
    // Most frequent first, ties in text order; counted over the rows that have an outcome.
    expect(smoking).toEqual({
      kind: 'categorical',
      name: 'smoking',
      categories: ['current', 'never', 'former'],
      counts: [3, 3, 2],
    });
    const age = encoding.features[0];
    expect(age).toMatchObject({ kind: 'numeric', min: 39, max: 70, median: 58 });
    expect(summary.nFeatures).toBe(5);
    expect(
      summary.warnings.some((w) => w.includes('non_responder') && w.includes('3 patients')),
    ).toBe(true);
    expect(summary.warnings.some((w) => w.includes('2 rows without an outcome'))).toBe(true);
  });

  it('applies the user’s column choices', () => {
    const { encoding } = prepare(COHORT, {
      target: 'response',
      columns: [
        { name: 'rs9923231_VKORC1', kind: 'categorical', excluded: false },
        { name: 'bmi', kind: 'categorical', excluded: true },
        { name: 'patient_id', kind: 'categorical', excluded: false },
      ],
    });
    expect(encoding.features.map((f) => `${f.name}:${f.kind}`)).toEqual([
      'patient_id:categorical',
      'age:numeric',
      'sex:categorical',
      'smoking:categorical',
      'rs9923231_VKORC1:categorical',
    ]);
  });

  it('blocks training when the outcome column is unknown, listing the columns', () => {
    const { summary } = prepare(COHORT, { target: 'outcome' });
    expect(summary.errors[0]).toBe(
      'The outcome column "outcome" is not in the file. Its columns are: patient_id, age, sex, smoking, rs9923231_VKORC1, bmi, response.',
    );
  });

  it('blocks training on a one-class outcome', () => {
    const { summary } = prepare('a,b,y\n1,x,yes\n2,y,yes\n3,x,\n', { target: 'y' });
    expect(summary.errors).toEqual([
      'The outcome column "y" has only one class (yes): a model needs at least two.',
    ]);
  });

  it('blocks training when no feature is left', () => {
    const { summary } = prepare('id,c,y\n1,k,a\n2,k,b\n3,k,a\n', {
      target: 'y',
      columns: [{ name: 'id', kind: 'numeric', excluded: true }],
    });
    expect(summary.errors.some((e) => e.startsWith('No feature columns are left'))).toBe(true);
  });

  it('warns about a mostly empty outcome and a class of one patient', () => {
    const rows = ['x,y'];
    for (let i = 0; i < 20; i++) rows.push(`${i % 5},${i < 6 ? 'a' : i === 6 ? 'b' : ''}`);
    const { summary } = prepare(rows.join('\n'), { target: 'y' });
    expect(summary.errors).toEqual([]);
    expect(summary.classCounts).toEqual([6, 1]);
    expect(summary.warnings).toContain(
      'The class "b" has only 1 patient: predictions of it will be unreliable.',
    );
    expect(summary.warnings.some((w) => w.includes('mostly empty') && w.includes('13 of 20'))).toBe(
      true,
    );
  });

  it('warns when the outcome looks continuous', () => {
    const rows = ['x,y'];
    for (let i = 0; i < 60; i++) rows.push(`${i % 7},${(i * 1.37).toFixed(2)}`);
    const { summary } = prepare(rows.join('\n'), { target: 'y' });
    expect(summary.warnings.some((w) => w.includes('60 different values'))).toBe(true);
  });

  it('sorts number classes numerically and treats 1 and 1.0 as one class', () => {
    const { encoding, table } = prepare('x,stage\n1,10\n2,2\n3,1.0\n4,1\n5,2\n6,10\n', {
      target: 'stage',
    });
    expect(encoding.classes).toEqual(['1', '2', '10']);
    const data = encodeTable(table, encoding);
    expect(Array.from(data.y)).toEqual([2, 1, 0, 0, 1, 2]);
  });

  it('sorts text classes in code-unit order for more than two classes', () => {
    const { encoding, table, summary } = prepare(
      'x,subtype\n1,luminal_b\n2,basal\n3,her2\n4,luminal_a\n5,basal\n6,her2\n',
      { target: 'subtype' },
    );
    expect(encoding.classes).toEqual(['basal', 'her2', 'luminal_a', 'luminal_b']);
    expect(summary.classCounts).toEqual([2, 2, 1, 1]);
    expect(Array.from(encodeTable(table, encoding).y)).toEqual([3, 0, 1, 2, 0, 1]);
  });
});

describe('encodeTable', () => {
  it('fills a column-major Float32Array with NaN for missing and non-numbers', () => {
    const { table, encoding } = prepareCohort();
    const data = encodeTable(table, encoding);
    expect(data.nRows).toBe(8);
    expect(data.nFeatures).toBe(5);
    expect(data.X.length).toBe(40);
    expect(Array.from(data.rowIndex)).toEqual([0, 1, 2, 4, 5, 6, 7, 8]);
    expect(data.droppedMissingTarget).toBe(2);
    expect(Array.from(data.y)).toEqual([1, 0, 1, 0, 1, 1, 0, 1]);
    const col = (f: number) => Array.from(data.X.subarray(f * 8, f * 8 + 8));
    expect(col(0)).toEqual([54, 61, NaN, 70, 39, 58, 66, 44]);
    // sex: female = 0 (4 of the used rows), male = 1 (3); P09 has no sex.
    expect(col(1)).toEqual([0, 1, 0, 0, 1, 0, 1, NaN]);
    // bmi: "NA" and "high" are missing.
    expect(col(4)[0]).toBeNaN();
    expect(col(4)[5]).toBeNaN();
    expect(col(4)[1]).toBeCloseTo(31.2, 5);
  });

  it('drops rows whose class the encoding does not know and fills absent columns with NaN', () => {
    const { encoding } = prepareCohort();
    const other = parseCsvText('age,sex,response\n50,male,responder\n60,female,partial\n');
    const data = encodeTable(other, encoding);
    expect(data.nRows).toBe(1);
    expect(data.droppedUnknownClass).toBe(1);
    expect(data.missingColumns).toEqual(['smoking', 'rs9923231_VKORC1', 'bmi']);
    expect(Array.from(data.X)).toEqual([50, 1, NaN, NaN, NaN]);
    expect(() => encodeTable(parseCsvText('age,sex\n1,male\n'), encoding)).toThrow(
      /outcome column "response" is not in the file/,
    );
  });
});

describe('encodePatient', () => {
  it('encodes every training row exactly as encodeTable did', () => {
    const { table, encoding } = prepareCohort();
    const data = encodeTable(table, encoding);
    for (let i = 0; i < data.nRows; i++) {
      const { x } = encodePatient(encoding, rowAsPatient(table, data.rowIndex[i]));
      for (let f = 0; f < data.nFeatures; f++) {
        expect(Object.is(x[f], data.X[f * data.nRows + i])).toBe(true);
      }
    }
    const all = encodeFeatureMatrix(table, encoding);
    expect(all.nRows).toBe(10);
    const { x } = encodePatient(encoding, rowAsPatient(table, 9));
    expect(Array.from(x)).toEqual(Array.from({ length: 5 }, (_, f) => all.X[f * 10 + 9]));
  });

  it('is consistent on the breast cancer file, numbers given as numbers or text', () => {
    const { table, encoding, summary } = prepare(readFileSync(WDBC_PATH, 'utf8'), {
      target: 'diagnosis',
    });
    expect(summary.classes).toEqual(['benign', 'malignant']);
    expect(summary.classCounts).toEqual([357, 212]);
    expect(summary.nFeatures).toBe(30);
    const data = encodeTable(table, encoding);
    for (const r of [0, 1, 100, 568]) {
      const text = rowAsPatient(table, r);
      const numbers: PatientInput = {};
      for (const [k, v] of Object.entries(text)) numbers[k] = Number(v);
      for (const patient of [text, numbers]) {
        const encoded = encodePatient(encoding, patient);
        expect(Array.from(encoded.x)).toEqual(
          Array.from({ length: 30 }, (_, f) => data.X[f * data.nRows + r]),
        );
        expect(encoded.outOfRange).toEqual([]);
        expect(encoded.missing).toEqual([]);
      }
    }
  });

  it('flags unknown, not-a-number, unseen and out-of-range values', () => {
    const { encoding } = prepareCohort();
    const result = encodePatient(encoding, {
      age: '130',
      sex: 'other',
      smoking: 'unknown',
      rs9923231_VKORC1: 'abc',
      bmi: undefined,
      unrelated: 'ignored',
    });
    expect(result.outOfRange).toEqual(['age']);
    expect(result.unseen).toEqual(['sex']);
    expect(result.missing).toEqual(['smoking', 'bmi']);
    expect(result.notNumbers).toEqual(['rs9923231_VKORC1']);
    expect(result.x[0]).toBe(130);
    expect(Array.from(result.x.subarray(1))).toEqual([NaN, NaN, NaN, NaN]);
  });

  it('accepts numbers, NaN, null and differently cased categories', () => {
    const { encoding } = prepareCohort();
    const result = encodePatient(encoding, {
      age: 20,
      sex: ' Male ',
      smoking: 'NEVER',
      rs9923231_VKORC1: Number.NaN,
      bmi: null,
    });
    expect(result.x[0]).toBe(20);
    expect(result.outOfRange).toEqual(['age']);
    expect(result.x[1]).toBe(1);
    expect(result.x[2]).toBe(1);
    expect(result.missing).toEqual(['rs9923231_VKORC1', 'bmi']);
    const empty = encodePatient(encoding, {});
    expect(empty.missing.length).toBe(5);
    expect(Array.from(empty.x).every(Number.isNaN)).toBe(true);
  });

  it('reads decimal commas when the training file used them', () => {
    const { encoding, table } = prepare('bmi;group\n23,5;a\n31,25;b\n19;a\n', { target: 'group' });
    expect(encoding.decimalComma).toBe(true);
    expect(Array.from(encodeTable(table, encoding).X)).toEqual([23.5, 31.25, 19]);
    expect(encodePatient(encoding, { bmi: '20,5' }).x[0]).toBe(20.5);
  });

  it('offers the cohort’s typical patient', () => {
    const { encoding } = prepareCohort();
    const typical = typicalPatient(encoding);
    expect(typical).toEqual({
      age: 58,
      sex: 'female',
      smoking: 'current',
      rs9923231_VKORC1: 1,
      bmi: encoding.features[4].kind === 'numeric' ? encoding.features[4].median : null,
    });
    const encoded = encodePatient(encoding, typical);
    expect(encoded.missing).toEqual([]);
    expect(encoded.outOfRange).toEqual([]);
  });
});

describe('coded (1-byte) columns', () => {
  /** The same doses as text and as codes (255 = missing); the outcome is missing on rows 1 and 6. */
  const doses = [2, 0, 1, 1, 255, 0, 2, 2, 1, 0, 255, 1];
  const outcome = ['a', '', 'b', 'a', 'b', 'a', '', 'b', 'a', 'b', 'a', 'b'];
  const text: RawTable = {
    headers: ['snp', 'y'],
    originalHeaders: ['snp', 'y'],
    columns: [doses.map((d) => (d === 255 ? '' : String(d))), outcome],
    rowCount: doses.length,
    issues: [],
    delimiter: ',',
  };
  const coded: RawTable = {
    ...text,
    columns: [[], outcome],
    coded: [{ values: Uint8Array.from(doses) }, null],
  };

  it('summarise to the same feature as the same values in text, over the rows with an outcome', () => {
    const setup = { target: 'y', columns: [] };
    const fromText = buildEncoding(text, inferSchema(text), setup).encoding.features[0];
    const fromCodes = buildEncoding(coded, inferSchema(coded), setup).encoding.features[0];
    // Rows with an outcome hold 2,1,1,·,0,2,1,0,·,1: min 0, max 2, median of eight values = 1.
    expect(fromCodes).toEqual({ kind: 'numeric', name: 'snp', min: 0, max: 2, median: 1 });
    expect(fromCodes).toEqual(fromText);
  });

  it('encode into a matrix the caller allocates (shared memory) with the same values', () => {
    const { encoding } = buildEncoding(coded, inferSchema(coded), { target: 'y', columns: [] });
    const plain = encodeTable(coded, encoding);
    let asked = 0;
    const shared = encodeTable(coded, encoding, (n) => {
      asked = n;
      return new Float32Array(new SharedArrayBuffer(n * 4));
    });
    expect(asked).toBe(10);
    expect(shared.X.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(Array.from(shared.X)).toEqual(Array.from(plain.X));
    expect(Array.from(plain.X)).toEqual([2, 1, 1, NaN, 0, 2, 1, 0, NaN, 1]);
  });
});
