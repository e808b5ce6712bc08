import { describe, expect, it } from 'vitest';
import type { EvaluationReport, OutcomeDescription } from '../../worker/api';
import { positiveInForce, reportIsStale, reportPositive, wantedByDefault } from './positiveClass';

const classes = ['no_recurrence', 'recurrence'];
const report = (positiveClass?: string) =>
  ({ classes, positiveClass }) as Pick<EvaluationReport, 'classes' | 'positiveClass'>;
const outcome = {
  classes,
  positiveClass: 'recurrence',
  wantedClass: 'no_recurrence',
} as OutcomeDescription;

describe('one positive class', () => {
  it('is the report’s own (the second class in reports that predate it)', () => {
    expect(reportPositive(report('no_recurrence'))).toBe('no_recurrence');
    expect(reportPositive(report())).toBe('recurrence');
    expect(reportPositive({ classes: ['a', 'b', 'c'] })).toBeNull();
  });

  it('in force: the user’s choice, else the shown report’s, else the outcome’s default', () => {
    expect(positiveInForce(classes, 'no_recurrence', outcome, 'recurrence')).toBe('no_recurrence');
    expect(positiveInForce(classes, '', outcome, 'no_recurrence')).toBe('no_recurrence');
    expect(positiveInForce(classes, '', outcome)).toBe('recurrence');
  });

  it('marks a report stale when the class in force is another', () => {
    expect(reportIsStale(report('recurrence'), 'no_recurrence')).toBe(true);
    expect(reportIsStale(report('recurrence'), 'recurrence')).toBe(false);
    expect(reportIsStale(null, 'recurrence')).toBe(false);
  });
});

describe('the outcome wanted by default', () => {
  it('is the one named as hoped for, whichever class is positive', () => {
    expect(wantedByDefault(classes, 'recurrence', outcome)).toBe(0);
    expect(wantedByDefault(classes, 'no_recurrence', outcome)).toBe(0);
  });

  it('else the class other than the positive one; with more classes, the user chooses', () => {
    expect(wantedByDefault(['a', 'b'], 'b', null)).toBe(0);
    expect(wantedByDefault(classes, 'recurrence', { classes: ['x', 'y'], wantedClass: 'x' })).toBe(
      0,
    );
    expect(wantedByDefault(['a', 'b', 'c'], null, null)).toBeNull();
  });
});
