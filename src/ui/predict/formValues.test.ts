import { describe, expect, it } from 'vitest';
import { checkField, type Feature } from './formValues';

type NumericFeature = Extract<Feature, { kind: 'numeric' }>;

const bmi = (comma?: 'decimal' | 'thousands'): NumericFeature => ({
  kind: 'numeric',
  name: 'bmi',
  min: 18,
  max: 40,
  median: 25,
  ...(comma ? { comma } : {}),
});

describe('checkField on a number field', () => {
  it('asks for a dot when the training file did not use a decimal comma', () => {
    expect(checkField(bmi(), '24,5')).toEqual({
      value: null,
      error: 'Use a dot for decimals: 24.5 rather than 24,5.',
    });
    expect(checkField(bmi(), '24.5')).toEqual({ value: 24.5 });
  });

  it('reads a decimal comma where the training file wrote one, and still a dot', () => {
    expect(checkField(bmi('decimal'), '24,5')).toEqual({ value: 24.5 });
    expect(checkField(bmi('decimal'), ' 24.5 ')).toEqual({ value: 24.5 });
    expect(checkField(bmi('decimal'), '24,5,1').error).toMatch(/is not a number/);
  });

  it('reads a thousands separator where the training file wrote one', () => {
    const income: NumericFeature = { ...bmi('thousands'), name: 'income', min: 1000, max: 90000 };
    expect(checkField(income, '12,500')).toEqual({ value: 12500 });
    expect(checkField(income, '12,5').error).toMatch(/Use a dot/);
  });
});
