import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../engine/forest/types';
import { createEngineClient } from './client';
import { clinicalCsv, fixtureFile } from '../app/genomicTestData';
import { spawnNodeWorker } from './node';

describe('EngineClient over Node workers: several files, then group-aware repeated evaluation', () => {
  const engine = createEngineClient({ spawn: spawnNodeWorker, workers: 2 });
  afterAll(() => engine.dispose());

  it('loads .bed+.bim+.fam with a clinical CSV across the worker boundary and evaluates 2 × 3 folds by family', async () => {
    const summary = await engine.loadFiles([
      fixtureFile('cohort.bed'),
      fixtureFile('cohort.bim'),
      fixtureFile('cohort.fam'),
      new File([clinicalCsv()], 'clinical.csv'),
    ]);
    expect(summary.format).toBe('plink-bed');
    expect(summary.join?.samplesJoined).toBe(22);
    await engine.train(
      { target: 'response', columns: [] },
      { ...DEFAULT_PARAMS, nEstimators: 12, randomState: 2 },
    );
    const progress: { folds: number; foldsDone: number }[] = [];
    const report = await engine.evaluate(
      { folds: 3, repeats: 2, groupColumn: 'FID', positiveClass: 'responder' },
      { onProgress: (p) => progress.push(p) },
    );
    expect(report.repeats).toBe(2);
    expect(report.aucFolds).toHaveLength(6);
    expect(report.groups?.count).toBe(8);
    expect(report.positiveClass).toBe('responder');
    expect(progress.at(-1)).toMatchObject({ folds: 6, foldsDone: 6 });
  });
});
