import { describe, expect, it } from 'vitest';
import { defaultPositiveClass } from './positiveClass';

describe('defaultPositiveClass', () => {
  it.each([
    [['case', 'control'], [10, 90], 0, 'named'],
    [['non-responder', 'responder'], [10, 90], 1, 'named'],
    [['No', 'Yes'], [80, 20], 1, 'named'],
    [['0', '1'], [10, 90], 1, 'named'],
    [['negative', 'positive'], [10, 90], 1, 'named'],
    [['benign', 'malignant'], [60, 40], 1, 'smaller'],
    [['B', 'M'], [30, 70], 0, 'smaller'],
    [['a', 'b'], [50, 50], 1, 'smaller'],
  ] as const)('%j → index %i (%s)', (classes, counts, index, reason) => {
    expect(defaultPositiveClass([...classes], [...counts])).toEqual({ index, reason });
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
