import { describe, expect, it } from 'vitest';
import { createDataSession } from '../app/dataSession';
import { syntheticCsv } from '../app/testData';
import { DEFAULT_PARAMS, type ForestParams } from '../engine/forest/types';
import { evaluateInProcess, trainInProcess } from './inProcess';

const params: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 20, randomState: 3 };

describe('the evaluation worker gives its last run again for another positive class', () => {
  it('without growing a tree, as a fresh evaluation with that class; never for a run it no longer keeps', async () => {
    const data = createDataSession();
    await data.loadCsv(new Blob([syntheticCsv(200)]), 'cohort.csv');
    const { trainer } = await trainInProcess(data, { target: 'response', columns: [] }, params);
    const settings = { folds: 4, positiveClass: 'responder' };
    const { report, evaluator } = await evaluateInProcess(data, trainer, settings, 2);
    expect(report.positiveClass).toBe('responder');
    expect(report.runKey).toEqual(expect.any(String));
    const other = report.classes.find((c) => c !== 'responder')!;

    const revised = await evaluator.reportAs(report.runKey!, other);
    const fresh = await evaluateInProcess(data, trainer, { ...settings, positiveClass: other }, 2);
    expect(revised).not.toBeNull();
    expect(revised!.positiveClass).toBe(other);
    expect(revised!.seconds).toBe(2);
    expect(revised!.runKey).toBe(report.runKey);
    // The same report but for the key naming each run.
    expect({ ...revised!, runKey: fresh.report.runKey }).toEqual(fresh.report);
    expect(revised!.decisionCurve!.prevalence).toBeCloseTo(
      1 - report.decisionCurve!.prevalence,
      12,
    );

    await expect(evaluator.reportAs(report.runKey!, 'maybe')).rejects.toThrow(/not one of/);
    expect(await evaluator.reportAs('another run', other)).toBeNull();
    // A new evaluation replaces the run kept.
    await evaluator.begin(await data.evaluationInput(false, settings), settings);
    expect(await evaluator.reportAs(report.runKey!, other)).toBeNull();
  });
});
