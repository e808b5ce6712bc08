import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../engine/forest/types';
import { createEngineClient } from './client';
import type { JoinRefusal } from './api';
import {
  clinicalCsv,
  familyClinicalCsv,
  familyNumberedFam,
  fixtureFile,
} from '../app/genomicTestData';
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

  it('a refused join reaches the UI side with its columns; the chosen key then joins, the table before kept meanwhile', async () => {
    const files = (clinical: string) => [
      fixtureFile('cohort.bed'),
      fixtureFile('cohort.bim'),
      new File([familyNumberedFam()], 'cohort.fam'),
      new File([clinical], 'clinical.csv'),
    ];
    // No family column: IIDs 1, 2, 3 repeat across families.
    const iidOnly = familyClinicalCsv('site,IID,tag,response').replace(/\nF(\d)/g, '\nsite$1');
    const error = await engine.loadFiles(files(iidOnly)).then(
      () => null,
      (e: unknown) => e as Error & { refusal?: JoinRefusal },
    );
    expect(error?.message).toMatch(/key IID \(genotypes\) = IID \(clinical table\) is not unique/);
    expect(error?.refusal?.columns).toEqual({
      genotypeIds: ['IID'],
      genotypeFamily: 'FID',
      clinical: ['site', 'IID', 'tag', 'response'],
    });
    expect(error?.refusal?.duplicateGenotypes).toEqual({
      count: 3,
      rows: 24,
      examples: ['1', '2', '3'],
    });
    const joined = await engine.loadFiles(files(familyClinicalCsv()), undefined, {
      clinicalColumns: ['FID', 'IID'],
    });
    expect(joined.join?.samplesJoined).toBe(24);
    expect(joined.join?.key).toMatchObject({ family: { clinicalColumn: 'FID' }, chosen: true });
  });

  it('checks variants and computes ancestry components in the data worker', async () => {
    await engine.loadFiles(
      ['bed', 'bim', 'fam'].map((ext) => fixtureFile(`pca/twopop_missing.${ext}`)),
    );
    // plink1.9 --mind 0.015 --maf 0.2 on this fileset removes 6 samples, then 371 variants.
    const qc = await engine.qcSummary({ mind: 0.015, maf: 0.2 });
    expect(qc.steps.map((s) => s.removed)).toEqual([6, 371]);
    const view = await engine.ancestry({ components: 2, qc: { mind: 0.015 }, colourBy: 'FID' });
    expect(view.samples).toHaveLength(114);
    // Two of the six samples removed are POPA's (S19, S49), four POPB's.
    expect(view.colours?.filter((c) => c === 'POPA')).toHaveLength(58);
  });
});
