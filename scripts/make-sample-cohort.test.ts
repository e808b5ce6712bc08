import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildEncoding } from '../src/engine/data/encode';
import { parseCsvText } from '../src/engine/data/parse';
import { inferSchema, suggestTarget } from '../src/engine/data/schema';
import {
  DEFAULT_ROWS,
  DEFAULT_SEED,
  SAMPLE_PATH,
  generateSampleCohort,
} from './make-sample-cohort';

describe('sample cohort generator', () => {
  it('is deterministic: the same seed gives the same text, another seed other text', () => {
    expect(generateSampleCohort(5, 50)).toBe(generateSampleCohort(5, 50));
    expect(generateSampleCohort(6, 50)).not.toBe(generateSampleCohort(5, 50));
  });

  it('matches the committed public/sample-cohort.csv (re-run `npm run sample` after changes)', () => {
    const committed = readFileSync(SAMPLE_PATH, 'utf8');
    expect(committed).toBe(generateSampleCohort(DEFAULT_SEED, DEFAULT_ROWS));
  });

  it('reads as the cohort the app promises', () => {
    const table = parseCsvText(generateSampleCohort());
    expect(table.rowCount).toBe(400);
    expect(table.issues).toEqual([]);
    const schema = inferSchema(table);
    const kind = (name: string) => schema.columns.find((c) => c.name === name)?.kind;
    expect(kind('patient_id')).toBe('identifier');
    expect(kind('rs9923231_VKORC1')).toBe('numeric');
    for (const name of ['sex', 'smoking', 'physical_activity', 'response'])
      expect(kind(name)).toBe('categorical');
    expect(
      schema.columns
        .find((c) => c.name === 'smoking')
        ?.levels?.map((l) => l.value)
        .sort(),
    ).toEqual(['current', 'former', 'never']);
    const snps = schema.columns.filter((c) => /^rs\d+_/.test(c.name));
    expect(snps.length).toBeGreaterThanOrEqual(10);
    for (const snp of snps) {
      expect(snp.kind).toBe('numeric');
      expect(snp.min).toBeGreaterThanOrEqual(0);
      expect(snp.max).toBeLessThanOrEqual(2);
    }
    // About 2 % of the feature cells are missing; the outcome never is.
    const featureCells = (table.headers.length - 2) * table.rowCount;
    const missing = schema.columns.reduce((n, c) => n + c.missing, 0);
    expect(missing / featureCells).toBeGreaterThan(0.01);
    expect(missing / featureCells).toBeLessThan(0.03);

    expect(suggestTarget(schema)).toBe('response');
    const { summary } = buildEncoding(table, schema, { target: 'response', columns: [] });
    expect(summary.errors).toEqual([]);
    expect(summary.classes).toEqual(['non_responder', 'responder']);
    expect(summary.droppedMissingTarget).toBe(0);
    const share = summary.classCounts[1] / summary.rowsUsed;
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);
  });
});
