import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineClient, SurvivalChoice, SurvivalReport, TrainProgress } from './api';
import { createEngineClient } from './client';
import { spawnNodeWorker } from './node';
import { parseCsvText } from '../engine/data/parse';
import { inferSchema } from '../engine/data/schema';
import { trainSurvivalCohort } from '../app/survivalCohort';

// NCCTG lung cancer (testdata/lung.csv; source and licence in testdata/README.md).
const text = readFileSync(
  fileURLToPath(new URL('../../testdata/lung.csv', import.meta.url)),
  'utf8',
);
const choice: SurvivalChoice = { time: 'time', event: 'event', eventValue: '1', unit: 'days' };
const settings = { nEstimators: 40, minSamplesLeaf: 15, randomState: 4 };

describe('survival training over Node workers (the browser code path)', () => {
  let engine: EngineClient;
  let report: SurvivalReport;
  const progress: TrainProgress[] = [];

  beforeAll(async () => {
    engine = createEngineClient({ spawn: spawnNodeWorker, workers: 2, loadCancelGraceMs: 20_000 });
    await engine.loadCsv(new Blob([text]), 'lung.csv');
    report = await engine.trainSurvival(choice, settings, { onProgress: (p) => progress.push(p) });
  });

  afterAll(() => engine.dispose());

  it('grows on the pool the same forest one thread grows, and reports each tree', () => {
    const table = parseCsvText(text);
    const alone = trainSurvivalCohort(table, inferSchema(table), choice, settings).report;
    expect(report.nTrees).toBe(40);
    expect(report.outOfBag?.cindex).toBe(alone.outOfBag?.cindex);
    expect(report.outOfBag?.integratedBrier).toBe(alone.outOfBag?.integratedBrier);
    expect(report.crossValidation?.cindex).toBe(alone.crossValidation?.cindex);
    expect(progress.at(-1)).toMatchObject({ treesDone: 40, treesTotal: 40 });
  });

  it('predicts a patient with the pool-grown model, and refuses a horizon past follow-up', async () => {
    const p = await engine.predictSurvival({ age: 60, sex: 'female' }, 200);
    expect(p.words.counts[0] + p.words.counts[1]).toBe(100);
    await expect(engine.predictSurvival({}, 5000)).rejects.toThrow(/beyond the longest follow-up/);
  });

  it('stops when cancelled, keeping the model it had', async () => {
    const abort = new AbortController();
    const run = engine.trainSurvival(
      choice,
      { ...settings, nEstimators: 400 },
      { signal: abort.signal, onProgress: (p) => p.treesDone > 5 && abort.abort() },
    );
    await expect(run).rejects.toThrow();
    const p = await engine.predictSurvival({ age: 60, sex: 'female' }, 200);
    expect(p.words.counts[0] + p.words.counts[1]).toBe(100);
  });
});
