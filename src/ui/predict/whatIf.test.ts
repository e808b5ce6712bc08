import { describe, expect, it } from 'vitest';
import { baseKeyOf, changesKey, whatIfInput } from './whatIf';
import type { Feature } from './formValues';

const features: Feature[] = [
  { kind: 'numeric', name: 'age', min: 20, max: 90, median: 50 },
  { kind: 'numeric', name: 'dose', min: 1, max: 5, median: 3 },
];
const base = { age: 60, dose: 2 };

describe('what-if input and its keys', () => {
  it('applies the valid changes only, and lists them', () => {
    const r = whatIfInput(features, base, { age: '45', dose: 'lots' });
    expect(r.input).toEqual({ age: 45, dose: 2 });
    expect(r.applied).toEqual({ age: 45 });
    expect(Object.keys(r.errors)).toEqual(['dose']);
  });

  it('changes the key with the applied changes and the base patient, not with the swept feature', () => {
    const b = baseKeyOf(base);
    const one = whatIfInput(features, base, { age: '45' }).applied;
    const two = whatIfInput(features, base, { age: '46' }).applied;
    expect(changesKey(b, one, null)).not.toBe(changesKey(b, two, null));
    expect(changesKey(b, one, 'age')).toBe(changesKey(b, two, 'age'));
    expect(changesKey(b, { age: 1, dose: 2 }, null)).toBe(changesKey(b, { dose: 2, age: 1 }, null));
    expect(baseKeyOf(base)).toBe(b);
    expect(baseKeyOf({ ...base })).not.toBe(b);
  });
});

describe('what-if fields named like Object.prototype members', () => {
  const named: Feature[] = [
    { kind: 'numeric', name: 'constructor', min: 0, max: 10, median: 5 },
    { kind: 'numeric', name: '__proto__', min: 0, max: 10, median: 5 },
  ];
  const patient = JSON.parse('{"constructor":1,"__proto__":2}') as Record<string, number>;

  it('no change is read from Object.prototype, and a change to __proto__ is applied', () => {
    expect(whatIfInput(named, patient, {}).applied).toEqual({});
    const r = whatIfInput(
      named,
      patient,
      JSON.parse('{"__proto__":"7"}') as Record<string, string>,
    );
    expect(JSON.stringify(r.input)).toBe('{"constructor":1,"__proto__":7}');
    expect(JSON.stringify(r.applied)).toBe('{"__proto__":7}');
  });
});
