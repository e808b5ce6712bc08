import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainInProcess } from '../worker/inProcess';
import { createEvaluationWorker } from '../worker/evaluationWorker';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import { createDataSession } from './dataSession';
import { fixtureFile, GENOMIC_DIR } from './genomicTestData';
import { IMPORTANCE_MIN_TREES } from './variantImportance';

const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 20, randomState: 4 };

describe('variant importance of the data session model, in the evaluation worker', () => {
  it('describes each .bed variant with its .bim locus and ranks every feature by p', async () => {
    const data = createDataSession();
    await data.loadFiles([
      fixtureFile('cohort.bed'),
      fixtureFile('cohort.bim'),
      fixtureFile('cohort.fam'),
    ]);
    await trainInProcess(data, { target: 'PHENOTYPE', columns: [] }, params);
    const input = await data.variantImportanceInput();
    // The model's settings with at least 500 trees: the Janitza null needs every variant tried often.
    expect(input.params.nEstimators).toBe(IMPORTANCE_MIN_TREES);
    expect(input.params.randomState).toBe(4);
    expect(input.positions).toBe('file');
    const bim = readFileSync(path.join(GENOMIC_DIR, 'cohort.bim'), 'utf8').trim().split('\n');
    const first = bim[0].split('\t');
    const v = input.variants.find((d) => d.name.startsWith(`${first[1]}_`));
    expect([v?.chromosome, v?.position, v?.counted]).toEqual([
      first[0],
      Number(first[3]),
      first[4],
    ]);
    const done: number[] = [];
    const report = await createEvaluationWorker().variantImportance(input, (n) => done.push(n));
    expect(done.at(-1)).toBe(IMPORTANCE_MIN_TREES);
    expect(report.variants).toHaveLength(input.variants.length);
    for (let i = 1; i < report.variants.length; i++)
      expect(report.variants[i].pValue).toBeGreaterThanOrEqual(report.variants[i - 1].pValue);
    expect(report.csv.split('\r\n')).toHaveLength(input.variants.length + 1);
  });
});
