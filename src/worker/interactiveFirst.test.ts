/**
 * Interactive work first: while a cross-validation runs (folds grown on the pool, scored in the evaluation worker),
 * a user's prediction and explanation are answered by the data worker at once instead of queueing behind scoring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import type { EngineClient, EvaluationProgress, PatientInput } from './api';
import { createEngineClient } from './client';
import { spawnNodeWorker } from './node';
import { syntheticCsv } from '../app/testData';

const ROWS = 40_000;
const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 40, randomState: 3 };
const setup = { target: 'response', columns: [] };
const patient: PatientInput = { age: 64, bmi: 31.2, rs123: 2, smoking: 'current' };
/**
 * Generous for a loaded two-core machine (one prediction alone takes milliseconds; up to 1.2 s was seen with
 * ten other processes busy); queued behind the scoring of a fold, as before the evaluation worker, it took 9 s.
 */
const PREDICT_BOUND_MS = 2500;

describe('interactive work during an evaluation', () => {
  let engine: EngineClient;
  /** Time of one explanation with nothing else running (TreeSHAP of deep trees takes a while on its own). */
  let explainAloneMs = 0;

  beforeAll(async () => {
    engine = createEngineClient({ spawn: spawnNodeWorker, workers: 2 });
    await engine.loadCsv(new Blob([syntheticCsv(ROWS)]), 'tall.csv');
    await engine.train(setup, params);
    // The first prediction and explanation build caches over the cohort (seconds on a tall table): not measured here.
    await engine.predict(patient);
    await engine.explain(patient);
    const t0 = performance.now();
    await engine.explain(patient);
    explainAloneMs = performance.now() - t0;
  }, 120_000);

  afterAll(() => engine.dispose());

  it('answers predict and explain within a short bound while the folds are grown and scored', async () => {
    const progress: EvaluationProgress[] = [];
    let finished = false;
    const started = performance.now();
    const evaluation = engine.evaluate(5, { onProgress: (p) => progress.push(p) }).finally(() => {
      finished = true;
    });
    const latencies: number[] = [];
    const explainLatencies: number[] = [];
    while (!finished) {
      const t0 = performance.now();
      await engine.predict(patient);
      if (!finished) latencies.push(performance.now() - t0);
      if (latencies.length % 4 === 0) {
        const t1 = performance.now();
        await engine.explain(patient);
        if (!finished) explainLatencies.push(performance.now() - t1);
      }
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
    const report = await evaluation;
    const evaluationMs = performance.now() - started;
    console.info(
      `evaluation ${Math.round(evaluationMs)} ms; ${latencies.length} interactive calls during it, ` +
        `slowest predict ${Math.round(Math.max(...latencies))} ms, ` +
        `median ${Math.round(latencies.sort((a, b) => a - b)[latencies.length >> 1])} ms; ` +
        `explain alone ${Math.round(explainAloneMs)} ms, during it at most ${Math.round(Math.max(...explainLatencies))} ms`,
    );
    expect(report.folds).toBe(5);
    // The calls really ran during the evaluation, and none waited behind it.
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...latencies)).toBeLessThan(PREDICT_BOUND_MS);
    // An explanation takes its own time, slowed by the pool sharing the cores, but never waits for a fold's scoring.
    expect(explainLatencies.length).toBeGreaterThanOrEqual(1);
    expect(Math.max(...explainLatencies)).toBeLessThan(Math.max(4 * explainAloneMs, 3000));
    // Progress counts every fold's trees, then says what is left once they are grown.
    const last = progress.at(-1);
    expect(last).toMatchObject({ treesDone: 200, treesTotal: 200, foldsDone: 5 });
    expect(progress.some((p) => p.stage === 'scoring')).toBe(true);
    expect(last?.stage).toBe('summarising');
    const dones = progress.map((p) => p.treesDone);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
  }, 300_000);
});
