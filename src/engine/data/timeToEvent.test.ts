import { describe, expect, it } from 'vitest';
import { buildEncoding } from './encode';
import { parseCsvText } from './parse';
import { inferSchema } from './schema';
import { proposeTimeToEvent, timeToEventWarning } from './timeToEvent';

/** A table of `rows` patients with a follow-up time in days and an outcome given by `outcome(r)`. */
function table(header: string, outcome: (r: number) => string, rows = 30): string {
  const lines = [header];
  for (let r = 0; r < rows; r++) lines.push(`${40 + (r % 30)},${100 + r * 17},${outcome(r)}`);
  return lines.join('\n') + '\n';
}

function warnings(csv: string, target: string): string[] {
  const raw = parseCsvText(csv);
  return buildEncoding(raw, inferSchema(raw), { target, columns: [] }).summary.warnings;
}

describe('time-to-event data offered as classes', () => {
  it('notices a censoring class beside a numeric follow-up time and points to a survival model', () => {
    const csv = table('age,time,status', (r) => (r % 3 === 0 ? 'dead' : 'censored'));
    const w = warnings(csv, 'status').filter((m) => /time-to-event/.test(m));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(
      /“status” has the class “censored” and the table has a follow-up time, “time”/,
    );
    expect(w[0]).toMatch(/survival model/);
  });

  it('notices alive, lost to follow-up and a vital-status name; not without a time column', () => {
    const raw = parseCsvText(table('age,futime,vital', (r) => (r % 2 ? 'Alive' : 'Dead')));
    const schema = inferSchema(raw);
    expect(timeToEventWarning('vital', ['Alive', 'Dead'], schema)).toMatch(/“futime”/);
    expect(timeToEventWarning('vital', ['dead', 'lost to follow-up'], schema)).toMatch(
      /“lost to follow-up”/,
    );
    expect(timeToEventWarning('vital_status', ['0', '1'], schema)).toMatch(/censoring or vital/);
    // No time column: age is no follow-up.
    const noTime = inferSchema(parseCsvText('age,x,status\n50,1,alive\n60,2,dead\n'));
    expect(timeToEventWarning('status', ['alive', 'dead'], noTime)).toBeNull();
    // An ordinary outcome beside a time column says nothing.
    expect(timeToEventWarning('response', ['no', 'yes'], schema)).toBeNull();
  });
});

describe('proposing the time and event columns', () => {
  const propose = (csv: string) => {
    const raw = parseCsvText(csv);
    return proposeTimeToEvent(inferSchema(raw));
  };

  it('finds a numeric follow-up and a 0/1 event column, 1 as the event', () => {
    const csv = table('age,time,event', (r) => String(r % 3 === 0 ? 1 : 0));
    expect(propose(csv)).toEqual({ time: 'time', event: 'event', eventValue: '1', unit: null });
  });

  it('reads the unit from the name, and a status of words holding a censoring word', () => {
    const csv = table('age,os_months,outcome', (r) => (r % 3 === 0 ? 'dead' : 'alive'));
    expect(propose(csv)).toEqual({
      time: 'os_months',
      event: 'outcome',
      eventValue: 'dead',
      unit: 'months',
    });
  });

  it('takes R survival 1/2 coding as 2 = the event, and leaves an unknown coding to the user', () => {
    expect(propose(table('age,futime,status', (r) => String(1 + (r % 2))))?.eventValue).toBe('2');
    const odd = propose(table('age,days,status', (r) => ['censored', 'transplant', 'x'][r % 3]));
    expect(odd).toEqual({ time: 'days', event: 'status', eventValue: null, unit: 'days' });
  });

  it('proposes nothing without a follow-up time or without a status-like column', () => {
    expect(propose(table('age,weight,event', (r) => String(r % 2)))).toBeNull();
    expect(propose(table('age,time,colour', (r) => (r % 2 ? 'red' : 'blue')))).toBeNull();
  });
});
