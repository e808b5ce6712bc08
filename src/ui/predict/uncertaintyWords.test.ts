import { describe, expect, it } from 'vitest';
import { modifiableByDefault } from './modifiable';
import { seText, setSentence } from './uncertaintyWords';

describe('uncertainty in words', () => {
  it('writes standard errors out in percentage points, or says more trees are needed', () => {
    expect(seText({ se: 0.0423, stable: true })).toBe('± 4.2 percentage points');
    expect(seText({ se: 0.2, stable: false })).toBe(
      'about ± 20.0 percentage points (rough: more trees needed)',
    );
    expect(seText({ se: 0, stable: false })).toBe('more trees needed');
    expect(seText(null)).toBe('not available');
  });

  it('reads empty, single, undecided and partial sets', () => {
    const classes = ['a', 'b', 'c'];
    expect(setSentence([], 0.9, classes)).toMatch(/unlike the patients the model learned from/);
    expect(setSentence(['b'], 0.9, classes)).toBe(
      'At 90 % confidence, only “b” cannot be ruled out.',
    );
    expect(setSentence(classes, 0.95, classes)).toMatch(/cannot decide between “a”, “b” and “c”/);
    expect(setSentence(['a', 'c'], 0.8, classes)).toBe(
      'At 80 % confidence, “a” and “c” cannot be ruled out.',
    );
  });
});

describe('modifiable fields offered by default', () => {
  it('offers treatment and lifestyle fields, never genotypes, age or sex', () => {
    for (const f of ['smoking', 'alcohol_units_week', 'bmi', 'physical_activity'])
      expect(modifiableByDefault(f)).toBe(true);
    for (const f of ['age', 'sex', 'rs1045642_ABCB1', 'gender', 'age_at_onset', 'IL6_expr'])
      expect(modifiableByDefault(f)).toBe(false);
  });

  it('offers colon cancer’s treatment, not its tumour descriptors', () => {
    // The columns of the colon cancer cohort (R survival::colon).
    const colon = ['rx', 'sex', 'age', 'obstruct', 'perfor', 'adhere', 'nodes', 'differ'];
    const more = ['extent', 'surg', 'node4', 'tumour_size', 'tumor_grade', 'treatment_arm'];
    expect([...colon, ...more].filter(modifiableByDefault)).toEqual([
      'rx',
      'surg',
      'treatment_arm',
    ]);
  });
});
