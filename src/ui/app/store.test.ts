import { describe, expect, it } from 'vitest';
import type { ModelInfo, TableSummary } from '../../worker/api';
import { createAppStore, initialState, reducer, type AppState } from './store';

const model = { nTrees: 3, nRows: 10, fitSeconds: 0.5, trainedAt: 't1' } as unknown as ModelInfo;
const table = {
  fileName: 'a.csv',
  rowCount: 4,
  columnCount: 2,
  headers: ['x', 'y'],
  suggestedTarget: 'y',
} as unknown as TableSummary;

function trained(): AppState {
  let s = reducer(initialState, {
    type: 'train/job',
    event: { phase: 'started', start: { treesTotal: 3 } },
  });
  s = reducer(s, {
    type: 'train/job',
    event: {
      phase: 'succeeded',
      runId: s.train.runId,
      result: { model, source: { fileName: 'a.csv', target: 'y' } },
    },
  });
  return s;
}

describe('the job lifecycle shared by load, train, evaluate and batch', () => {
  it('starts with a first progress value and announces it', () => {
    const s = reducer(initialState, {
      type: 'train/job',
      event: { phase: 'started', start: { treesTotal: 40 } },
    });
    expect(s.train.status).toBe('running');
    expect(s.train.runId).toBe(1);
    expect(s.train.progress?.treesTotal).toBe(40);
    expect(s.announcement.text).toBe('Training 40 trees…');
  });

  it('keeps the previous model when a run is cancelled, and ignores its late answer', () => {
    const before = trained();
    let s = reducer(before, {
      type: 'train/job',
      event: { phase: 'started', start: { treesTotal: 9 } },
    });
    const runId = s.train.runId;
    s = reducer(s, { type: 'train/job', event: { phase: 'cancelled' } });
    expect(s.train.status).toBe('cancelled');
    expect(s.train.model).toBe(model);
    expect(s.announcement.text).toMatch(/previous model is still in use/);
    const other = { ...model, trainedAt: 't2' } as ModelInfo;
    const late = reducer(s, {
      type: 'train/job',
      event: {
        phase: 'succeeded',
        runId,
        result: { model: other, source: { fileName: 'b', target: 'y' } },
      },
    });
    expect(late).toBe(s);
  });

  it('records a failure of the current run without losing the loaded table', () => {
    let s = reducer(initialState, {
      type: 'load/job',
      event: { phase: 'started', start: { fileName: 'a.csv' } },
    });
    s = reducer(s, {
      type: 'load/job',
      event: { phase: 'succeeded', runId: s.load.runId, result: table },
    });
    expect(s.load.target).toBe('y');
    expect(s.announcement.text).toBe('Loaded a.csv: 4 rows and 2 columns.');
    s = reducer(s, { type: 'load/job', event: { phase: 'started', start: { fileName: 'b.csv' } } });
    s = reducer(s, {
      type: 'load/job',
      event: { phase: 'failed', runId: s.load.runId, error: 'bad' },
    });
    expect(s.load.status).toBe('error');
    expect(s.load.error).toBe('bad');
    expect(s.load.table).toBe(table);
  });

  it('a cancel when nothing runs changes nothing', () => {
    const s = reducer(initialState, { type: 'batch/job', event: { phase: 'cancelled' } });
    expect(s).toBe(initialState);
  });

  it('an evaluation of another model drops the old report', () => {
    const store = createAppStore(trained());
    store.dispatch({
      type: 'evaluate/job',
      event: { phase: 'started', start: { modelTrainedAt: 't1' } },
    });
    const report = { summary: 'ok' } as never;
    store.dispatch({
      type: 'evaluate/job',
      event: { phase: 'succeeded', runId: store.getState().evaluate.runId, result: report },
    });
    expect(store.getState().evaluate.report).toBe(report);
    store.dispatch({
      type: 'evaluate/job',
      event: { phase: 'started', start: { modelTrainedAt: 't1' } },
    });
    expect(store.getState().evaluate.report).toBe(report);
    store.dispatch({
      type: 'evaluate/job',
      event: { phase: 'started', start: { modelTrainedAt: 't2' } },
    });
    expect(store.getState().evaluate.report).toBeNull();
  });

  it('a revised report replaces only the report it revises, never a running evaluation', () => {
    const store = createAppStore(trained());
    store.dispatch({
      type: 'evaluate/job',
      event: { phase: 'started', start: { modelTrainedAt: 't1' } },
    });
    const report = { summary: 'a', runKey: 'k1', positiveClass: 'yes' } as never;
    store.dispatch({
      type: 'evaluate/job',
      event: { phase: 'succeeded', runId: store.getState().evaluate.runId, result: report },
    });
    const revised = { summary: 'b', runKey: 'k1', positiveClass: 'no' } as never;
    const other = { summary: 'c', runKey: 'k0', positiveClass: 'no' } as never;
    store.dispatch({ type: 'evaluate/revised', report: other, modelTrainedAt: 't1' });
    store.dispatch({ type: 'evaluate/revised', report: revised, modelTrainedAt: 't2' });
    expect(store.getState().evaluate.report).toBe(report);
    store.dispatch({ type: 'evaluate/revised', report: revised, modelTrainedAt: 't1' });
    expect(store.getState().evaluate.report).toBe(revised);
    store.dispatch({
      type: 'evaluate/job',
      event: { phase: 'started', start: { modelTrainedAt: 't1' } },
    });
    store.dispatch({ type: 'evaluate/revised', report, modelTrainedAt: 't1' });
    expect(store.getState().evaluate.report).toBe(revised);
  });
});

describe('loading a table', () => {
  it('leaves the outcome unchosen when no column can be one', () => {
    const s = reducer(initialState, {
      type: 'load/job',
      event: { phase: 'started', start: { fileName: 'a.csv' } },
    });
    const none = { ...table, suggestedTarget: null, outcomeNote: 'No column…' } as TableSummary;
    const done = reducer(s, {
      type: 'load/job',
      event: { phase: 'succeeded', runId: s.load.runId, result: none },
    });
    expect(done.load.target).toBeNull();
  });
});
