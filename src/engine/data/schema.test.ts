import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsvText } from './parse';
import { inferColumn } from './columnSchema';
import {
  inferSchema,
  outcomeGuessNote,
  outcomeUnsuitability,
  schemaIssues,
  suggestTarget,
} from './schema';
import type { TableSchema } from './types';
import { isMissingCell, parseNumber } from './values';

const WDBC_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../testdata/breast_cancer_wdbc.csv',
);

function column(schema: TableSchema, name: string) {
  const c = schema.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

describe('cell rules', () => {
  it('recognises missing tokens in any case', () => {
    for (const t of [
      '',
      'NA',
      'na',
      'N/A',
      'n/a',
      'NaN',
      'nan',
      '?',
      'null',
      'NULL',
      'None',
      '-',
      '.',
      '#N/A',
    ])
      expect(isMissingCell(t)).toBe(true);
    for (const t of ['0', 'no', 'nope', 'n', 'NAN1', '--1']) expect(isMissingCell(t)).toBe(false);
  });

  it('reads plain decimal numbers only', () => {
    expect(parseNumber('42')).toBe(42);
    expect(parseNumber('-1.5')).toBe(-1.5);
    expect(parseNumber('+.5')).toBe(0.5);
    expect(parseNumber('1e-3')).toBe(0.001);
    expect(parseNumber('7.')).toBe(7);
    for (const t of ['0x1F', 'Infinity', '1,5', '1 000', '12%', 'abc', '1e999'])
      expect(parseNumber(t)).toBeNaN();
    expect(parseNumber('23,5', true)).toBe(23.5);
    expect(parseNumber('1,234,5', true)).toBeNaN();
  });
});

describe('inferSchema', () => {
  const text = [
    'patient_id,age,sex,rs123_ABCB1,bmi,note,site,blank,cohort,response',
    'P001,54,female,0,NA,a,1,,A,responder',
    'P002,61,male,1,31.2,b,1,NA,A,non_responder',
    'P003,?,female,2,27.5,c,1,,A,responder',
    'P004,47,Male,1,n/a,d,1,null,A,responder',
    'P005,70,female,0,24.9,e,1,,A,non_responder',
  ].join('\n');
  const schema = inferSchema(parseCsvText(text));

  it('counts missing cells from every missing token', () => {
    expect(column(schema, 'age').missing).toBe(1);
    expect(column(schema, 'bmi').missing).toBe(2);
    expect(column(schema, 'sex').missing).toBe(0);
  });

  it('keeps numbers numeric, genotypes 0/1/2 included, with summaries', () => {
    const age = column(schema, 'age');
    expect(age.kind).toBe('numeric');
    expect(age.excluded).toBe(false);
    expect(age).toMatchObject({ min: 47, max: 70, median: 57.5, mean: 58, distinct: 4 });
    const snp = column(schema, 'rs123_ABCB1');
    expect(snp.inferred).toBe('numeric');
    expect(snp).toMatchObject({ min: 0, max: 2, median: 1, distinct: 3 });
  });

  it('makes text columns categorical with levels, most frequent first', () => {
    const sex = column(schema, 'sex');
    expect(sex.kind).toBe('categorical');
    expect(sex.levels).toEqual([
      { value: 'female', count: 3 },
      { value: 'Male', count: 1 },
      { value: 'male', count: 1 },
    ]);
    expect(sex.distinct).toBe(3);
  });

  it('excludes identifiers, constants and empty columns', () => {
    expect(column(schema, 'patient_id')).toMatchObject({ inferred: 'identifier', excluded: true });
    expect(column(schema, 'site')).toMatchObject({
      inferred: 'constant',
      excluded: true,
      distinct: 1,
    });
    expect(column(schema, 'cohort')).toMatchObject({ inferred: 'constant', excluded: true });
    expect(column(schema, 'blank')).toMatchObject({
      inferred: 'empty',
      excluded: true,
      missing: 5,
    });
    // Five unique words in five rows is too little evidence for an identifier without an id-like name.
    expect(column(schema, 'note').inferred).toBe('categorical');
  });

  it('finds unnamed identifiers in larger tables: unique text, or a running integer index', () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) => `${i},S-${1000 + i},${((i * 7) % 30) * 3 + 5},${i % 3}`,
    );
    const s = inferSchema(parseCsvText(['idx,code,shuffled,g', ...rows].join('\n')));
    expect(column(s, 'idx').inferred).toBe('identifier');
    expect(column(s, 'code').inferred).toBe('identifier');
    // Unique integers that are not a consecutive run and not named like an id stay numeric.
    expect(column(s, 'shuffled').inferred).toBe('numeric');
    expect(column(s, 'g').inferred).toBe('numeric');
  });

  it('keeps a mostly numeric column numeric and lists the text cells with their rows', () => {
    const cells = Array.from({ length: 40 }, (_, i) => String(100 + i));
    cells[4] = 'high';
    cells[17] = 'see notes';
    cells[30] = 'NA';
    const c = inferColumn('ldl', 0, cells);
    expect(c.kind).toBe('numeric');
    expect(c.missing).toBe(1);
    expect(c.nonNumericCount).toBe(2);
    expect(c.nonNumeric).toEqual([
      { row: 5, value: 'high' },
      { row: 18, value: 'see notes' },
    ]);
    expect(c.min).toBe(100);
    expect(c.max).toBe(139);
  });

  it('reports numeric columns with text cells as issues naming the cells', () => {
    const ldl = Array.from({ length: 40 }, (_, i) => String(100 + i));
    ldl[4] = 'high';
    ldl[17] = 'see notes';
    const one = Array.from({ length: 40 }, (_, i) => String(i % 7));
    one[2] = '>90';
    const text = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'a' : 'b'));
    const schema = {
      columns: [inferColumn('ldl', 0, ldl), inferColumn('age', 1, one), inferColumn('t', 2, text)],
      rowCount: 40,
    };
    const issues = schemaIssues(schema);
    expect(issues.map((i) => i.message)).toEqual([
      '“ldl” is read as numbers, but 2 cells are not numbers and are treated as missing: row 5 “high” and row 18 “see notes”. To use its values as categories instead, set its type to categorical in the column list.',
      '“age” is read as numbers, but 1 cell is not a number and is treated as missing: row 3 “>90”. To use its values as categories instead, set its type to categorical in the column list.',
    ]);
    expect(issues[0]).toMatchObject({ kind: 'non-numeric', rows: [5, 18] });
  });

  it('names at most five mixed columns one by one and counts the others', () => {
    const columns = Array.from({ length: 8 }, (_, c) => {
      const cells = Array.from({ length: 30 }, (_, i) => String(i));
      cells[c] = 'x'.repeat(60);
      return inferColumn(`m${c}`, c, cells);
    });
    const issues = schemaIssues({ columns, rowCount: 30 });
    expect(issues).toHaveLength(6);
    expect(issues[0].message).toContain(`row 1 “${'x'.repeat(39)}…”`);
    expect(issues[5].message).toBe(
      '3 more numeric columns have cells that are not numbers, treated as missing: “m5”, “m6”, “m7”. Search for them in the column list.',
    );
    expect(schemaIssues({ columns: [inferColumn('n', 0, ['1', '2'])], rowCount: 2 })).toEqual([]);
  });

  it('calls a column with too many words categorical', () => {
    const cells = ['1', '2', 'three', 'four', '5'];
    expect(inferColumn('mix', 0, cells).kind).toBe('categorical');
  });

  it('reads decimal commas in semicolon files', () => {
    const s = inferSchema(parseCsvText('bmi;group\n23,5;a\n31,25;b\n19;a\n'));
    expect(column(s, 'bmi')).toMatchObject({ kind: 'numeric', min: 19, max: 31.25 });
    const c = inferSchema(parseCsvText('bmi,group\n"23,5",a\n"31,25",b\n19,a\n'));
    expect(column(c, 'bmi').kind).toBe('categorical');
  });

  it('finds the breast cancer file: 30 numeric features and a two-class diagnosis', () => {
    const s = inferSchema(parseCsvText(readFileSync(WDBC_PATH, 'utf8')));
    expect(s.rowCount).toBe(569);
    const numeric = s.columns.filter((c) => c.kind === 'numeric' && !c.excluded);
    expect(numeric.length).toBe(30);
    expect(s.columns.every((c) => c.missing === 0)).toBe(true);
    const diagnosis = column(s, 'diagnosis');
    expect(diagnosis.kind).toBe('categorical');
    expect(diagnosis.levels).toEqual([
      { value: 'benign', count: 357 },
      { value: 'malignant', count: 212 },
    ]);
    expect(suggestTarget(s)).toBe('diagnosis');
  });
});

describe('suggestTarget', () => {
  const schemaOf = (header: string, row: string) => {
    const rows = Array.from({ length: 6 }, (_, i) =>
      row.replace(/#/g, String(i % 2)).replace(/@/g, String(i)),
    );
    return inferSchema(parseCsvText([header, ...rows].join('\n')));
  };

  it('prefers a column named like an outcome', () => {
    expect(suggestTarget(schemaOf('smoking_status,Response,age', 'a#,r#,4#'))).toBe('Response');
    expect(suggestTarget(schemaOf('x,class,z', '#,c#,1#'))).toBe('class');
    expect(suggestTarget(schemaOf('x,Y,z', '#,c#,1#'))).toBe('Y');
    expect(suggestTarget(schemaOf('age,treatment_response,smoking_status', '4#,r#,s#'))).toBe(
      'treatment_response',
    );
  });

  it('falls back to the last usable column', () => {
    expect(suggestTarget(schemaOf('a,b,grp,sample_id,const', '#,1#,g#,S@,k'))).toBe('grp');
    expect(suggestTarget({ columns: [], rowCount: 0 })).toBeNull();
  });

  it('never preselects a column that cannot be an outcome, and says why', () => {
    // A one-class outcome, a continuous age and an identifier: the old guess was "age".
    const lines = ['patient_id,age,outcome'];
    for (let r = 0; r < 40; r++) lines.push(`P${100 + r},${30 + r * 1.5},yes`);
    const schema = inferSchema(parseCsvText(lines.join('\n')));
    expect(suggestTarget(schema)).toBeNull();
    const note = outcomeGuessNote(schema)!;
    expect(note).toMatch(/none was chosen for you/);
    expect(note).toMatch(/“outcome” has only one class \(“yes”\)/);
    expect(outcomeUnsuitability(column(schema, 'age'))).toBe(
      '“age” is a continuous number (40 different values)',
    );
    expect(outcomeUnsuitability(column(schema, 'patient_id'))).toMatch(/is an identifier/);
    // A format's outcome is not taken blindly either.
    expect(suggestTarget(schema, { outcome: 'outcome' })).toBeNull();
    // With a real outcome beside them, that one is chosen and nothing needs saying.
    const ok = inferSchema(
      parseCsvText(lines.map((l, i) => `${l},${i % 2 ? 'a' : 'b'}`).join('\n')),
    );
    expect(suggestTarget(ok)).toBe(ok.columns[3].name);
    expect(outcomeGuessNote(ok)).toBeNull();
  });
});
