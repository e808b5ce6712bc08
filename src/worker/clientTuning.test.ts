/**
 * The app's "tuned on out-of-bag patients" setting through the training client (the browser's code path, on Node
 * workers): progress covers the tuning trees, the same seed chooses the same settings on one worker and on two,
 * Cancel stops the search and keeps the previous model, and cross-validation tunes again inside each fold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import type { EngineClient, ModelInfo, TrainProgress } from './api';
import { createEngineClient } from './client';
import { isAbortError } from './host';
import { spawnNodeWorker } from './node';
import { syntheticCsv } from '../app/testData';

const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 40, randomState: 7 };
const setup = { target: 'response', columns: [] };
const csv = syntheticCsv(300);

async function engineWith(workers: number): Promise<EngineClient> {
  const engine = createEngineClient({ spawn: spawnNodeWorker, workers, idleTimeoutMs: 0 });
  await engine.loadCsv(new Blob([csv]), 'cohort.csv');
  return engine;
}

describe('training tuned on out-of-bag patients through the client', () => {
  let pool: EngineClient;
  let one: EngineClient;
  let tuned: ModelInfo;
  const progress: TrainProgress[] = [];

  beforeAll(async () => {
    [pool, one] = await Promise.all([engineWith(2), engineWith(1)]);
    tuned = await pool.train(setup, params, { tune: true, onProgress: (p) => progress.push(p) });
  });

  afterAll(() => {
    pool.dispose();
    one.dispose();
  });

  it('grows the final forest with the chosen settings and says what was tried', () => {
    const t = tuned.tuning;
    if (!t) throw new Error('the model was not tuned');
    expect(t.candidates.length).toBeGreaterThan(3);
    expect(t.candidates.filter((c) => c.chosen)).toHaveLength(1);
    expect(tuned.params.minSamplesLeaf).toBe(t.chosen.minSamplesLeaf);
    expect(tuned.nTrees).toBe(40);
    expect(tuned.tuningSkipped).toBeUndefined();
    // The chosen setting's 8 groups of trees from the search are the forest's first 32: not grown again.
    expect(2 * t.treesPerCandidate).toBeLessThanOrEqual(40);
    expect(t.treesReused).toBe(2 * t.treesPerCandidate);
  });

  it('reports progress over the tuning trees, then the final forest', () => {
    const t = tuned.tuning;
    if (!t) throw new Error('not tuned');
    // The bar's total is the search's budget (said beforehand) plus the final forest; the search may stop early
    // (no doubling of the features helped), so it grows at most that budget and the bar then jumps to the forest.
    const total = progress[0].treesTotal;
    expect(progress.every((p) => p.treesTotal === total)).toBe(true);
    expect(t.treesGrown).toBeGreaterThan(0);
    expect(t.treesGrown + 40).toBeLessThanOrEqual(total);
    expect(progress.at(-1)).toMatchObject({ treesDone: total, stage: 'growing' });
    const stages = progress.map((p) => p.stage);
    expect(stages[0]).toBe('tuning');
    expect(stages.lastIndexOf('tuning')).toBeLessThan(stages.indexOf('growing'));
    // Monotone: each group's trees count on from the previous ones.
    for (let i = 1; i < progress.length; i++)
      expect(progress[i].treesDone).toBeGreaterThanOrEqual(progress[i - 1].treesDone);
    const firstGrowing = progress.find((p) => p.stage === 'growing')?.treesDone ?? NaN;
    expect(firstGrowing).toBeGreaterThanOrEqual(total - 40);
    expect(firstGrowing).toBeLessThan(total);
  });

  it('announces beforehand, from the data worker, bounds that hold the trees tuning grew', async () => {
    const t = tuned.tuning;
    if (!t) throw new Error('not tuned');
    const budget = await pool.tuningBudget(setup, params);
    if (!budget.tuned) throw new Error(budget.words);
    expect(t.treesGrown).toBeGreaterThanOrEqual(budget.fewestTrees);
    expect(t.treesGrown).toBeLessThanOrEqual(budget.mostTrees);
    // The progress bar's total is the same most, plus the forest.
    expect(progress[0].treesTotal).toBe(budget.mostTrees + 40);
    expect(budget.words).toMatch(
      new RegExp(`^Tuning grows between ${budget.fewestTrees} and ${budget.mostTrees} trees first`),
    );
  });

  it('chooses the same settings with the same figures on one worker', async () => {
    const again = await one.train(setup, params, { tune: true });
    expect(again.tuning).toEqual(tuned.tuning);
    expect(again.params).toEqual(tuned.params);
    expect(again.oobScore).toBe(tuned.oobScore);
  });

  it('trains the settings as given without tune', async () => {
    const plain = await one.train(setup, params);
    expect(plain.tuning).toBeUndefined();
    expect(plain.params.minSamplesLeaf).toBe(1);
  });

  it('cross-validates with tuning inside each fold, and says so', async () => {
    const seen: { treesDone: number; treesTotal: number }[] = [];
    const report = await pool.evaluate(3, { onProgress: (p) => seen.push(p) });
    expect(report.tuning?.inEachFold).toBe(true);
    expect(report.tuning?.note).toMatch(/tuned again inside each fold/);
    expect(report.tuning?.note).toMatch(/fold 3:/);
    const last = seen.at(-1);
    // Three folds of 40 trees and each fold's search.
    expect(last?.treesTotal).toBeGreaterThan(120);
    expect(last?.treesDone).toBe(last?.treesTotal);
    // A model trained without tuning is evaluated as it is.
    const plain = await one.evaluate(3);
    expect(plain.tuning).toBeUndefined();
  });

  it('keeps groups together when tuning inside each fold of a group cross-validation, on one worker as on two', async () => {
    // Every patient_id is a group of one: scored by group, as by row, and said so.
    const byId = await pool.evaluate({ folds: 3, groupColumn: 'patient_id' });
    expect(byId.tuning?.note).toMatch(
      /Tuning kept groups together: each patient's out-of-bag score came only from trees that drew nobody of their group \(same "patient_id"\)/,
    );
    expect(byId.tuning?.note).not.toMatch(/without keeping groups together/);
    await one.train(setup, params, { tune: true });
    const oneById = await one.evaluate({ folds: 3, groupColumn: 'patient_id' });
    expect(oneById.tuning).toEqual(byId.tuning);
    expect(oneById.cv).toEqual(byId.cv);
    // Three smoking groups of about a hundred: never wholly out of a tree's bag, so rows are scored, and said so.
    const bySmoking = await pool.evaluate({ folds: 3, groupColumn: 'smoking' });
    expect(bySmoking.tuning?.note).toMatch(/without keeping groups together/);
    expect(bySmoking.tuning?.note).toMatch(/too few groups wholly out to score the settings/);
  });

  it('tunes the model itself keeping the Group column’s groups together, on one worker as on two, and saves it so', async () => {
    // Every patient_id is a group of one: scored by group, and said so; the model file keeps it.
    const byId = await pool.train(setup, params, { tune: true, groupColumn: 'patient_id' });
    expect(byId.tuning?.groupAware).toBe(true);
    expect(byId.tuning?.groups).toMatch(
      /^Tuning kept groups together: each patient's out-of-bag score came only from trees that drew nobody of their group \(same "patient_id"\)/,
    );
    const oneById = await one.train(setup, params, { tune: true, groupColumn: 'patient_id' });
    expect(oneById.tuning).toEqual(byId.tuning);
    const file = JSON.parse(await pool.exportModel(null)) as {
      info: { tuning: { groupAware: boolean; groups: string } };
    };
    expect(file.info.tuning.groupAware).toBe(true);
    expect(file.info.tuning.groups).toBe(byId.tuning?.groups);
    // Groups of a hundred are never wholly out of a tree's bag: rows are scored, and the words say why.
    const bySmoking = await pool.train(setup, params, { tune: true, groupColumn: 'smoking' });
    expect(bySmoking.tuning?.groupAware).toBe(false);
    expect(bySmoking.tuning?.groups).toMatch(/The groups are too large to keep together/);
    // Without a Group column, as before.
    const plain = await pool.train(setup, params, { tune: true });
    expect(plain.tuning?.groupAware).toBe(false);
    expect(plain.tuning?.groups).toBeUndefined();
  });

  it('stops tuning on Cancel and keeps the previous model', async () => {
    const controller = new AbortController();
    const started = pool.train(
      setup,
      { ...params, randomState: 8 },
      {
        tune: true,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage === 'tuning' && p.treesDone > 0) controller.abort();
        },
      },
    );
    const error = await started.catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    // The tuned model of the first run is still the one predicting.
    const report = await pool.evaluate(3);
    expect(report.tuning?.inEachFold).toBe(true);
  });
});
