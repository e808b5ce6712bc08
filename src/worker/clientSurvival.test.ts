import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type {
  EngineClient,
  EvaluationProgress,
  SurvivalChoice,
  SurvivalReport,
  TrainProgress,
} from './api';
import { createEngineClient } from './client';
import { spawnNodeWorker } from './node';
import { TrainingPool } from './pool';
import { parseCsvText } from '../engine/data/parse';
import { inferSchema } from '../engine/data/schema';
import { trainSurvivalCohort, withModelHash } from '../app/survivalCohort';
import { evaluateSurvival, fitFoldInThread, tunedFoldFitter } from '../app/survivalEvaluation';
import { fitSurvivalForest } from '../engine/forest/survivalForest';
import { tuneSurvivalLeaf } from '../engine/forest/survivalTune';

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

  it('grows on the pool the same forest one thread grows, and reports each tree', async () => {
    const table = parseCsvText(text);
    const held = trainSurvivalCohort(table, inferSchema(table), choice, settings);
    const alone = (await withModelHash(held)).report;
    // The data worker hashes the trees moved to it from the pool: the very model one thread grows.
    expect(report.modelHash).toMatch(/^[0-9a-f]{64}$/);
    expect(report.modelHash).toBe(alone.modelHash);
    expect(report.nTrees).toBe(40);
    expect(report.outOfBag?.cindex).toBe(alone.outOfBag?.cindex);
    expect(report.outOfBag?.integratedBrier).toBe(alone.outOfBag?.integratedBrier);
    // The k-fold figures are the Evaluate step's, grown on the pool afterwards.
    expect(report.crossValidation).toBeNull();
    expect(progress.at(-1)).toMatchObject({ treesDone: 40, treesTotal: 40 });
  });

  it('cross-validates on the pool with the figures one thread gives for the seed', async () => {
    const seen: EvaluationProgress[] = [];
    // Every fold at once, a whole fold per worker: one call for the five forests, none fold by fold.
    const together = vi.spyOn(TrainingPool.prototype, 'growSurvivalForests');
    const foldByFold = vi.spyOn(TrainingPool.prototype, 'growSurvival');
    const r = await engine.evaluateSurvival(5, { onProgress: (p) => seen.push(p) });
    expect(together).toHaveBeenCalledTimes(1);
    expect(together.mock.calls[0][0]).toHaveLength(5);
    expect(foldByFold).not.toHaveBeenCalled();
    together.mockRestore();
    foldByFold.mockRestore();
    const table = parseCsvText(text);
    const held = trainSurvivalCohort(table, inferSchema(table), choice, settings);
    const alone = await evaluateSurvival(held.data!, {
      folds: 5,
      params: held.forest.params,
      seed: settings.randomState,
    });
    const cv = r.crossValidation!;
    expect(cv.folds).toBe(5);
    expect(cv.cindex).toBe(alone.cindex);
    expect(cv.cindexInterval).toEqual(alone.cindexInterval);
    expect(cv.integratedBrier).toBe(alone.integratedBrier);
    expect(cv.foldRows.map((f) => f.cindex)).toEqual(alone.cindexFolds);
    // Stratified by event: 228 patients, 165 events, in folds of 45 or 46 with 33 events each.
    expect(cv.foldRows.map((f) => f.patients).reduce((a, b) => a + b, 0)).toBe(228);
    expect(cv.foldRows.map((f) => f.events)).toEqual([33, 33, 33, 33, 33]);
    expect(cv.brier.scores).toHaveLength(cv.brier.times.length);
    expect(seen.at(-1)).toMatchObject({ foldsDone: 5, folds: 5, treesDone: 200, treesTotal: 200 });
  });

  it('gives the figures at the proposed horizon and at one the user picks, from the out-of-fold curves', async () => {
    const cv = (await engine.evaluateSurvival(5)).crossValidation!;
    // Median follow-up 255.5 days, short of a year: the horizon is it to two figures.
    const h = cv.horizon!;
    expect(h.horizon).toBe(260);
    expect(h.groupsOf).toBe('quintiles');
    expect(h.calibration.map((g) => g.patients).reduce((a, b) => a + b, 0)).toBe(228);
    expect(h.auc!).toBeGreaterThan(0.55);
    expect(h.auc!).toBeLessThan(0.85);
    expect(h.unoC!).toBeGreaterThan(0.55);
    const year = await engine.survivalHorizon(365);
    expect(year.horizon).toBe(365);
    expect(year.events).toBeGreaterThan(h.events);
    // Lower risk first: the first fifth is predicted to survive longer than the last.
    expect(year.calibration[0].predicted).toBeGreaterThan(year.calibration[4].predicted);
    await expect(engine.survivalHorizon(1022)).rejects.toThrow(/not before the longest follow-up/);
  });

  it('stops a cross-validation when cancelled, keeping the report it had', async () => {
    const abort = new AbortController();
    const run = engine.evaluateSurvival(5, {
      signal: abort.signal,
      onProgress: (p) => p.treesDone > 50 && abort.abort(),
    });
    await expect(run).rejects.toThrow();
    const again = await engine.evaluateSurvival(5);
    expect(again.crossValidation?.folds).toBe(5);
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

  it('keeps each group in one fold on the pool, as one thread does', async () => {
    const r = await engine.evaluateSurvival(5, { groupColumn: 'sex' });
    const cv = r.crossValidation!;
    // Two groups (male, female): two folds, each wholly one sex, as the note says.
    expect(cv.groups).toEqual({ column: 'sex', count: 2, unlabelled: 0 });
    expect(cv.folds).toBe(2);
    expect(r.crossValidationNote).toMatch(/only 2 groups, fewer than the 5 folds/);
    const table = parseCsvText(text);
    const held = trainSurvivalCohort(table, inferSchema(table), choice, settings);
    const sex = table.headers.indexOf('sex');
    const groups = Int32Array.from(held.data!.rowIndex, (row) =>
      table.columns[sex][row] === 'male' ? 0 : 1,
    );
    const alone = await evaluateSurvival(held.data!, {
      folds: 5,
      params: held.forest.params,
      seed: settings.randomState,
      groups,
    });
    expect(cv.cindex).toBe(alone.cindex);
    expect(cv.foldRows.map((f) => f.patients).sort()).toEqual([138, 90].sort());
  });

  it('tunes the leaf size on the pool as one thread does, and Cancel stops the tuning', async () => {
    const abort = new AbortController();
    const stopped = engine.trainSurvival(
      choice,
      { ...settings, nEstimators: 400, tune: true },
      {
        signal: abort.signal,
        onProgress: (p) => p.stage === 'tuning' && p.treesDone > 5 && abort.abort(),
      },
    );
    await expect(stopped).rejects.toThrow();
    const stages: (string | undefined)[] = [];
    const r = await engine.trainSurvival(
      choice,
      { ...settings, tune: true },
      { onProgress: (p) => stages.push(p.stage) },
    );
    expect(stages).toContain('tuning');
    expect(stages.at(-1)).toBe('growing');
    const table = parseCsvText(text);
    const held = trainSurvivalCohort(table, inferSchema(table), choice, settings);
    const data = held.data!;
    const alone = await tuneSurvivalLeaf(data, held.forest.params, async (p) =>
      fitSurvivalForest(
        data.X,
        data.nRows,
        data.nFeatures,
        data.isCategorical,
        data.time,
        data.event,
        p,
      ),
    );
    expect(r.tuning).toEqual(alone.report);
    expect(r.minSamplesLeaf).toBe(alone.params.minSamplesLeaf);
    expect(r.nTrees).toBe(settings.nEstimators);

    // Its cross-validation tunes again inside each fold, as `evaluate --tune` does in one thread.
    const cv = (await engine.evaluateSurvival(5)).crossValidation!;
    const folds: number[] = [];
    const inThread = await evaluateSurvival(
      data,
      { folds: 5, params: held.forest.params, seed: settings.randomState },
      tunedFoldFitter(data, fitFoldInThread(data), (t) => folds.push(t.chosen)),
    );
    expect(cv.tunedLeaves).toEqual(folds);
    expect(cv.cindex).toBe(inThread.cindex);
    expect(cv.integratedBrier).toBe(inThread.integratedBrier);
  });
});
