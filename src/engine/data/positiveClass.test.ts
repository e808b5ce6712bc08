import { describe, expect, it } from 'vitest';
import { classNameRole, defaultPositiveClass, wantedOutcome } from './positiveClass';

describe('defaultPositiveClass', () => {
  it.each([
    [['case', 'control'], [10, 90], 0, 'named'],
    [['non-responder', 'responder'], [10, 90], 1, 'named'],
    [['No', 'Yes'], [80, 20], 1, 'named'],
    [['0', '1'], [10, 90], 1, 'named'],
    [['negative', 'positive'], [10, 90], 1, 'named'],
    [['benign', 'malignant'], [60, 40], 1, 'named'],
    [['alive', 'dead'], [30, 70], 1, 'named'],
    [['Died', 'Survived'], [70, 30], 0, 'named'],
    [['relapse', 'remission'], [70, 30], 0, 'named'],
    [['progression', 'stable'], [70, 30], 0, 'named'],
    [['recurrence-free', 'recurred'], [10, 90], 1, 'named'],
    [['censored', 'other'], [60, 40], 1, 'negation'],
    [['B', 'M'], [30, 70], 0, 'guess'],
    [['a', 'b'], [50, 50], 1, 'guess'],
  ] as const)('%j → index %i (%s)', (classes, counts, index, reason) => {
    expect(defaultPositiveClass([...classes], [...counts])).toEqual({ index, reason });
  });

  it('takes recurrence on colon-like names although no_recurrence is the smaller class', () => {
    // The colon cancer cohort: 468 recurrences, 461 without; the smaller class used to win.
    expect(defaultPositiveClass(['no_recurrence', 'recurrence'], [461, 468])).toEqual({
      index: 1,
      reason: 'named',
    });
    expect(defaultPositiveClass(['recurrence', 'no recurrence'], [468, 461])).toEqual({
      index: 0,
      reason: 'named',
    });
  });

  it('takes case (2) for PLINK phenotypes and needs exactly two classes', () => {
    expect(defaultPositiveClass(['1', '2'], [10, 90], { plinkPhenotype: true })).toEqual({
      index: 1,
      reason: 'plink',
    });
    expect(defaultPositiveClass(['1', '2'], [10, 90])).toEqual({ index: 0, reason: 'named' });
    expect(defaultPositiveClass(['a', 'b', 'c'], [1, 2, 3])).toBeNull();
  });
});

describe('classNameRole', () => {
  it('reads negations before the event word inside them', () => {
    expect(classNameRole('no_recurrence')).toBe('negation');
    expect(classNameRole('Not progressed')).toBe('negation');
    expect(classNameRole('nonresponder')).toBe('negation');
    expect(classNameRole('distant recurrence')).toBe('event');
    expect(classNameRole('normal')).toBe('negation');
    expect(classNameRole('transplant')).toBe('neutral');
  });
});

describe('wantedOutcome', () => {
  it('is the outcome named as hoped for, whichever class is positive', () => {
    expect(wantedOutcome(['no_recurrence', 'recurrence'])).toBe(0);
    expect(wantedOutcome(['dead', 'alive'])).toBe(1);
    // A response is the "event" a trial counts, and the outcome wanted.
    expect(wantedOutcome(['non_responder', 'responder'])).toBe(1);
    expect(wantedOutcome(['relapse', 'remission'])).toBe(1);
    expect(wantedOutcome(['benign', 'malignant'])).toBe(0);
    expect(wantedOutcome(['case', 'other'])).toBe(1);
    expect(wantedOutcome(['no', 'yes'])).toBe(0);
    expect(wantedOutcome(['no', 'yes'], 'treatment_response')).toBe(1);
    expect(wantedOutcome(['0', '1'], 'remission')).toBe(1);
  });

  it('of several outcomes, the one named as hoped for; else unknown', () => {
    expect(wantedOutcome(['censored', 'dead', 'transplant'])).toBe(0);
    expect(wantedOutcome(['a', 'b', 'c'])).toBeNull();
    expect(wantedOutcome(['a', 'b'])).toBeNull();
  });
});
