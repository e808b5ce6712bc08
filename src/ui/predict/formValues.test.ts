import { describe, expect, it } from 'vitest';
import { checkField, checkForm, valuesFromInput, type Feature } from './formValues';

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

describe('fields named like Object.prototype members', () => {
  const features: Feature[] = [
    { ...bmi(), name: 'constructor' },
    { ...bmi(), name: '__proto__' },
    { kind: 'categorical', name: 'toString', categories: ['a', 'b'], counts: [5, 5] },
  ];

  it('an empty form leaves them unknown', () => {
    const check = checkForm(features, {});
    expect(check.errors).toEqual({});
    expect(check.unknown).toBe(3);
    expect(Object.keys(check.input)).toEqual(['constructor', '__proto__', 'toString']);
  });

  it('a filled form reads and keeps every one, __proto__ included', () => {
    const values = JSON.parse('{"constructor":"20","__proto__":"30","toString":"b"}') as Record<
      string,
      string
    >;
    const check = checkForm(features, values);
    expect(JSON.stringify(check.input)).toBe('{"constructor":20,"__proto__":30,"toString":"b"}');
    expect(JSON.stringify(valuesFromInput(features, check.input))).toBe(JSON.stringify(values));
    expect(valuesFromInput(features, {})).toEqual(
      JSON.parse('{"constructor":"","__proto__":"","toString":""}'),
    );
  });
});
