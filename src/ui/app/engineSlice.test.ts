import { describe, expect, it } from 'vitest';
import type { ModelInfo, TableSummary } from '../../worker/api';
import { initialState, reducer, type AppState } from './store';

const model = {
  nTrees: 3,
  nRows: 10,
  fitSeconds: 0.5,
  trainedAt: 't1',
  encoding: { target: 'y' },
} as unknown as ModelInfo;
const table = {
  fileName: 'cohort.csv',
  rowCount: 4,
  columnCount: 2,
  headers: ['x', 'y'],
  suggestedTarget: 'y',
} as unknown as TableSummary;

const restart = {
  cause: 'Explaining the prediction took longer than 60 s and was stopped',
  lostTable: true,
  lostModel: true,
};

/** A table loaded, a model trained and evaluated, the form filled and a setting changed. */
function working(): AppState {
  let s = reducer(initialState, {
    type: 'load/job',
    event: { phase: 'started', start: { fileName: 'cohort.csv' } },
  });
  s = reducer(s, {
    type: 'load/job',
    event: { phase: 'succeeded', runId: s.load.runId, result: table },
  });
  s = reducer(s, { type: 'train/job', event: { phase: 'started', start: { treesTotal: 3 } } });
  s = reducer(s, {
    type: 'train/job',
    event: {
      phase: 'succeeded',
      runId: s.train.runId,
      result: { model, source: { fileName: 'cohort.csv', target: 'y' } },
    },
  });
  s = reducer(s, {
    type: 'evaluate/restored',
    report: { summary: 'ok' } as never,
    modelTrainedAt: 't1',
  });
  s = reducer(s, { type: 'form/set', name: 'x', value: '4.5' });
  s = reducer(s, { type: 'settings/set', field: 'nEstimators', value: '250' });
  return s;
}

describe('a restart of the data worker', () => {
  it('stops showing the lost table and model, says so, and keeps what the user entered', () => {
    const before = working();
    const s = reducer(before, { type: 'engine/dataWorkerRestarted', restart });
    expect(s.engineRestart).toEqual({
      message:
        "Explaining the prediction took longer than 60 s and was stopped. The app restarted its data worker, so the table cohort.csv and the model are no longer loaded. Load the file again to go on, then train the model or open its file again. Your settings, the patient form and this session's patients are kept.",
      dismissed: false,
    });
    expect(s.load.table).toBeNull();
    expect(s.train.model).toBeNull();
    expect(s.train.status).toBe('idle');
    expect(s.evaluate.report).toBeNull();
    expect(s.evaluate.runId).toBe(before.evaluate.runId + 1);
    expect(s.outcome.requestId).toBe(before.outcome.requestId + 1);
    expect(s.explain.requestId).toBe(before.explain.requestId + 1);
    expect(s.form).toEqual({ x: '4.5' });
    expect(s.settings.nEstimators).toBe('250');
    expect(s.load.target).toBe('y');
  });

  it('says only the model is gone when no table was shown', () => {
    let s = reducer(initialState, {
      type: 'model/opened',
      model,
      source: { fileName: 'm.genoforest.json', target: 'y' },
    });
    s = reducer(s, {
      type: 'engine/dataWorkerRestarted',
      restart: {
        cause: 'The data worker stopped unexpectedly (out of memory)',
        lostTable: false,
        lostModel: true,
      },
    });
    expect(s.engineRestart?.message).toBe(
      "The data worker stopped unexpectedly (out of memory). The app restarted its data worker, so the model is no longer loaded. Train the model or open its file again. Your settings, the patient form and this session's patients are kept.",
    );
    expect(s.train.model).toBeNull();
  });

  it('changes nothing when nothing was shown as loaded', () => {
    const s = reducer(initialState, { type: 'engine/dataWorkerRestarted', restart });
    expect(s).toBe(initialState);
  });

  it('is dismissed, and forgotten once a table is loaded again', () => {
    let s = reducer(working(), { type: 'engine/dataWorkerRestarted', restart });
    s = reducer(s, { type: 'engine/dismissRestart' });
    expect(s.engineRestart?.dismissed).toBe(true);
    s = reducer(s, {
      type: 'load/job',
      event: { phase: 'started', start: { fileName: 'cohort.csv' } },
    });
    expect(s.engineRestart).not.toBeNull();
    s = reducer(s, {
      type: 'load/job',
      event: { phase: 'succeeded', runId: s.load.runId, result: table },
    });
    expect(s.engineRestart).toBeNull();
    expect(s.load.table).toBe(table);
  });
});
