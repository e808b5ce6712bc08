import { describe, expect, it } from 'vitest';
import type { SurvivalOutcomeSummary, SurvivalReport, TableSummary } from '../../worker/api';
import { initialState, reducer } from '../app/store';

const proposal = { time: 'futime', event: 'status', eventValue: 'dead', unit: 'months' as const };

describe('the time-to-event choice in the app state', () => {
  it('a proposal switches to time to event with the guessed columns; none keeps classes', () => {
    const s = reducer(initialState, { type: 'survival/proposed', fileName: 'a', proposal });
    expect(s.survival).toMatchObject({
      kind: 'survival',
      time: 'futime',
      event: 'status',
      eventValue: 'dead',
      unit: 'months',
      unitGuessed: false,
    });
    const none = reducer(s, { type: 'survival/proposed', fileName: 'b', proposal: null });
    expect(none.survival).toMatchObject({
      kind: 'class',
      time: null,
      unit: 'days',
      unitGuessed: true,
    });
  });

  it('another event column asks its event value again and drops the old counts', () => {
    let s = reducer(initialState, { type: 'survival/proposed', fileName: 'a', proposal });
    s = reducer(s, {
      type: 'survival/described',
      summary: { time: 'futime', event: 'status' } as SurvivalOutcomeSummary,
    });
    s = reducer(s, { type: 'survival/choose', choice: { event: 'relapse' } });
    expect(s.survival.eventValue).toBeNull();
    expect(s.survival.summary).toBeNull();
    s = reducer(s, { type: 'survival/choose', choice: { unit: 'years' } });
    expect(s.survival).toMatchObject({ event: 'relapse', unit: 'years', unitGuessed: false });
  });

  it('an opened model sets its columns and a horizon within follow-up', () => {
    const report = {
      choice: { time: 't', event: 'e', eventValue: '1', unit: 'days' },
      horizons: [
        { label: '1 year', time: 365.25, refused: null },
        { label: '3 years', time: 1095.75, refused: 'beyond' },
      ],
      compareColumns: [{ name: 'arm', values: ['a', 'b'] }],
      maxFollowUp: 1000,
      openedFrom: 'm.json',
    } as unknown as SurvivalReport;
    const s = reducer(initialState, { type: 'survival/opened', report });
    expect(s.survival).toMatchObject({
      kind: 'survival',
      time: 't',
      event: 'e',
      eventValue: '1',
      horizon: '365.25',
      compareColumn: 'arm',
    });
  });

  it('a restarted data worker takes the survival model shown with it', () => {
    const report = { choice: {}, horizons: [], compareColumns: [] } as unknown as SurvivalReport;
    let s = reducer(initialState, { type: 'survival/opened', report });
    s = { ...s, load: { ...s.load, table: { fileName: 'a.csv' } as TableSummary } };
    s = reducer(s, {
      type: 'engine/dataWorkerRestarted',
      restart: { cause: 'It stopped', lostTable: true, lostModel: true },
    });
    expect(s.survival.report).toBeNull();
    expect(s.survival.proposedFor).toBeNull();
  });
});
