import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import type {
  DataWorkerRestart,
  EngineClient,
  ModelInfo,
  PatientInput,
  TrainProgress,
} from './api';
import { createEngineClient } from './client';
import type { WorkerLike, WorkerRole } from './host';
import { spawnNodeWorker } from './node';
import { syntheticCsv } from '../app/testData';

const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 40, randomState: 5 };
const setup = { target: 'response', columns: [] };
const patient: PatientInput = { age: 64, bmi: 31.2, rs123: 2, smoking: 'current' };

describe('EngineClient over Node workers (the browser code path)', () => {
  let engine: EngineClient;
  let info: ModelInfo;

  beforeAll(async () => {
    engine = createEngineClient({ spawn: spawnNodeWorker, workers: 2, loadCancelGraceMs: 20_000 });
    const summary = await engine.loadCsv(new Blob([syntheticCsv(300)]), 'cohort.csv');
    expect(summary.rowCount).toBe(300);
    const progress: TrainProgress[] = [];
    info = await engine.train(setup, params, { onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toMatchObject({ treesDone: 40, treesTotal: 40, remainingMs: 0 });
    expect(progress.at(-1)?.treesPerSecond).toBeGreaterThan(0);
  });

  afterAll(() => engine.dispose());

  it('trains a model with the given settings', () => {
    expect(info.nTrees).toBe(40);
    expect(info.nRows).toBe(300);
    expect(info.fitSeconds).toBeGreaterThan(0);
    expect(info.importances).toHaveLength(4);
    // The measured speed, from which the app suggests how long more trees would take.
    expect(info.treesPerSecond).toBeGreaterThan(0);
    expect(info.workers).toBe(2);
  });

  it('predicts, explains and draws dependence in the data worker', async () => {
    const prediction = await engine.predict(patient);
    expect(prediction.classes).toEqual(['non_responder', 'responder']);
    expect(prediction.probabilities[0] + prediction.probabilities[1]).toBeCloseTo(1, 6);
    expect(prediction.intervals).toHaveLength(2);
    const explanation = await engine.explain(patient);
    expect(explanation.probabilities[1]).toBeCloseTo(prediction.probabilities[1], 6);
    // A patient like the cohort's (0.87 when written): ranked among the loaded cohort, no 'unfamiliar' warning.
    expect(prediction.familiarity).toBeGreaterThan(0.5);
    expect(prediction.warnings).toEqual([]);
    const curve = await engine.dependence(patient, 'age', 1);
    expect(curve.feature).toBe('age');
    expect(curve.patient).toHaveLength(curve.grid.length);
    // The patient's curve is the model's answer with age set to each grid value; 30 cohort patients' curves beside.
    for (const g of [0, curve.grid.length - 1]) {
      const moved = await engine.predict({ ...patient, age: curve.grid[g] });
      expect(curve.patient[g]).toBeCloseTo(moved.probabilities[1], 12);
    }
    expect(curve.ice).toHaveLength(30);
    const typical = await engine.typicalPatient();
    expect(['never', 'former', 'current']).toContain(typical.smoking);
  });

  it('evaluates with stratified folds in the pool, with progress', async () => {
    const seen: number[] = [];
    const report = await engine.evaluate(4, { onProgress: (p) => seen.push(p.treesDone) });
    expect(report.folds).toBe(4);
    expect(report.cv.auc).toBeGreaterThan(0.7);
    expect(report.permutationImportance.map((f) => f.feature).sort()).toEqual([
      'age',
      'bmi',
      'rs123',
      'smoking',
    ]);
    expect(seen.at(-1)).toBe(160);
    expect(report.summary.length).toBeGreaterThan(20);
  });

  it('keeps the table and the previous model when training is cancelled', async () => {
    const before = await engine.predict(patient);
    const controller = new AbortController();
    const cancelled = engine.train(
      setup,
      { ...params, nEstimators: 3000, randomState: 77 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.treesDone === 1) controller.abort();
        },
      },
    );
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect((await engine.predict(patient)).probabilities).toEqual(before.probabilities);
    expect((await engine.describeOutcome(setup)).rowsUsed).toBe(300);
    // And the next training works, on fresh training workers.
    const again = await engine.train(setup, { ...params, nEstimators: 10 });
    expect(again.nTrees).toBe(10);
  });

  it('cancels a file load and keeps the loaded table', async () => {
    const big = new Blob([syntheticCsv(30000)]);
    const controller = new AbortController();
    const loading = engine.loadCsv(big, 'big.csv', { signal: controller.signal });
    controller.abort();
    await expect(loading).rejects.toMatchObject({ name: 'AbortError' });
    const outcome = await engine.describeOutcome(setup);
    expect(outcome.rowsUsed).toBe(300);
  });

  it('saves and re-opens the model; a damaged file leaves it in place', async () => {
    const before = await engine.predict(patient);
    const text = await engine.exportModel(null);
    await expect(engine.importModel('{"format":"genoforest-model","version":4}')).rejects.toThrow(
      'This model file is version 4; this app reads versions 1, 2 and 3.',
    );
    expect((await engine.predict(patient)).probabilities).toEqual(before.probabilities);
    const opened = await engine.importModel(text);
    expect(opened.info.nTrees).toBe(10);
    expect((await engine.predict(patient)).probabilities).toEqual(before.probabilities);
  });
});

describe('EngineClient when a cancelled load does not answer in time', () => {
  it('restarts the data worker empty, and the next load works', async () => {
    // The data worker never gets the cancel, as when it is stuck in a long computation: otherwise it could answer
    // before the grace time and keep the previous table, and the test would depend on which came first.
    const spawn = (role: WorkerRole): WorkerLike => {
      const worker = spawnNodeWorker(role);
      if (role !== 'data') return worker;
      return {
        postMessage(message: unknown, transfer?: Transferable[]) {
          const m = message as { type?: string; path?: string[] } | null;
          if (m?.type === 'APPLY' && m.path?.join('.') === 'cancelLoad') return;
          worker.postMessage(message, transfer);
        },
        addEventListener: (type, listener) => worker.addEventListener(type, listener),
        removeEventListener: (type, listener) => worker.removeEventListener(type, listener),
        terminate: () => worker.terminate(),
        ref: () => worker.ref?.(),
        unref: () => worker.unref?.(),
      };
    };
    const engine = createEngineClient({ spawn, workers: 1, loadCancelGraceMs: 0 });
    const restarts: DataWorkerRestart[] = [];
    engine.onDataWorkerRestart((r) => restarts.push(r));
    try {
      await engine.loadCsv(new Blob([syntheticCsv(100)]), 'small.csv');
      const controller = new AbortController();
      const loading = engine.loadCsv(new Blob([syntheticCsv(30000)]), 'big.csv', {
        signal: controller.signal,
      });
      controller.abort();
      await expect(loading).rejects.toMatchObject({ name: 'AbortError' });
      // The restart is due in a 0 ms timer set at the abort: this later one fires after it.
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(engine.describeOutcome(setup)).rejects.toThrow('No table is loaded');
      // The app is told, so it no longer shows small.csv as loaded.
      expect(restarts).toEqual([
        {
          cause: 'Reading big.csv was cancelled, and the data worker did not stop within 0 s',
          lostTable: true,
          lostModel: false,
        },
      ]);
      const summary = await engine.loadCsv(new Blob([syntheticCsv(120)]), 'again.csv');
      expect(summary.rowCount).toBe(120);
    } finally {
      engine.dispose();
    }
  });
});
