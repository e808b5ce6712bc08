import { describe, expect, it } from 'vitest';
import { buildEncoding } from './encode';
import { parseCsvText } from './parse';
import { inferSchema } from './schema';
import { timeToEventWarning } from './timeToEvent';

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
