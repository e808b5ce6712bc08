/**
 * One evaluation: `genoforest evaluate --json` reports as `auc` the very figure the app's Evaluate step shows
 * (EvaluationReport.cv.auc, over the pooled out-of-fold predictions), for the same file, folds, trees and seed,
 * whether the app's data worker runs in this process or behind the EngineClient with its worker pool.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateInProcess as crossValidateInProcess, trainInProcess } from '../worker/inProcess';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import type { EvaluationReport, TrainingSetup } from '../worker/api';
import { createEngineClient } from '../worker/client';
import { createDataSession } from '../app/dataSession';
import { spawnNodeWorker } from '../worker/node';
import { cli, wdbc } from './testCli';

const FOLDS = 5;
const TREES = 40;
const SEED = 7;
const setup: TrainingSetup = { target: 'diagnosis', columns: [] };
const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: TREES, randomState: SEED };
const wdbcBlob = (): Blob => new Blob([readFileSync(wdbc)]);

/** The app's data worker and a training worker, in this process: train, then cross-validate. */
async function evaluateInProcess(): Promise<EvaluationReport> {
  const data = createDataSession();
  await data.loadCsv(wdbcBlob(), 'wdbc.csv');
  const { trainer } = await trainInProcess(data, setup, params);
  return (await crossValidateInProcess(data, trainer, FOLDS)).report;
}

/** The app's own path: EngineClient, a data worker thread and a pool of two training workers. */
async function evaluateWithClient(): Promise<EvaluationReport> {
  const engine = createEngineClient({ spawn: spawnNodeWorker, workers: 2 });
  try {
    await engine.loadCsv(wdbcBlob(), 'wdbc.csv');
    await engine.train(setup, params);
    return await engine.evaluate(FOLDS);
  } finally {
    engine.dispose();
  }
}

describe('genoforest evaluate and the app evaluate alike', () => {
  it("the CLI's auc is the app's cross-validated AUC (pooled out-of-fold); per-fold AUCs agree too", async () => {
    const [run, inProcess, viaClient] = await Promise.all([
      cli(
        'evaluate',
        wdbc,
        '--target',
        setup.target,
        '--folds',
        String(FOLDS),
        '--trees',
        String(TREES),
        '--seed',
        String(SEED),
        '--threads',
        '2',
        '--json',
      ),
      evaluateInProcess(),
      evaluateWithClient(),
    ]);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as {
      auc: number;
      accuracy: number;
      brier: number;
      aucFolds: number[];
      folds: number;
      aucInterval: [number, number];
      accuracyInterval: [number, number];
      balancedAccuracyInterval: [number, number];
      brierInterval: [number, number];
    };
    for (const report of [inProcess, viaClient]) {
      expect(out.folds).toBe(report.folds);
      expect(out.auc).toBe(report.cv.auc);
      expect(out.accuracy).toBe(report.cv.accuracy);
      expect(out.brier).toBe(report.cv.brier);
      expect(out.aucFolds).toEqual(report.aucFolds);
      // The same intervals too: the same predictions, the bootstrap seeded by the same seed.
      const ci = report.cv.intervals!;
      expect(out.aucInterval).toEqual(ci.auc);
      expect(out.accuracyInterval).toEqual(ci.accuracy);
      expect(out.balancedAccuracyInterval).toEqual(ci.balancedAccuracy);
      expect(out.brierInterval).toEqual(ci.brier);
    }
    // Pooled, not the mean of the folds (which differs on this table).
    const mean = out.aucFolds.reduce((a, b) => a + b, 0) / out.aucFolds.length;
    expect(out.auc).not.toBe(mean);
    expect(out.auc).toBeGreaterThan(0.95);
  });
});
