import { describe, expect, it } from 'vitest';
import { modifiableByDefault } from './modifiable';
import {
  certaintyNote,
  outOf100Count,
  outOf100Text,
  probabilityText,
  seText,
  setGuarantee,
  setSentence,
} from './uncertaintyWords';

describe('uncertainty in words', () => {
  it('writes standard errors out in percentage points, or says more trees are needed', () => {
    expect(seText({ se: 0.0423, stable: true })).toBe('± 4.2 percentage points');
    expect(seText({ se: 0.2, stable: false })).toBe(
      'about ± 20.0 percentage points (rough: more trees needed)',
    );
    expect(seText({ se: 0, stable: false })).toBe('more trees needed');
    expect(seText(null)).toBe('not available');
  });

  it('never shows 0 % or 100 %: fewer than 1 / more than 99 in 100', () => {
    expect(probabilityText(0)).toBe('fewer than 1 in 100');
    expect(probabilityText(100)).toBe('more than 99 in 100');
    expect(probabilityText(0.1)).toBe('0.1 %');
    expect(probabilityText(99.9)).toBe('99.9 %');
    expect(probabilityText(62.5)).toBe('62.5 %');
    expect(outOf100Text(0)).toBe('fewer than 1 out of 100');
    expect(outOf100Text(100)).toBe('more than 99 out of 100');
    expect(outOf100Text(23)).toBe('23 out of 100');
    expect(outOf100Count(0)).toBe('fewer than 1');
    expect(outOf100Count(100)).toBe('more than 99');
    expect(outOf100Count(7)).toBe('7');
  });

  it('says a standard error of 0 means the trees agree, not certainty', () => {
    expect(seText({ se: 0, stable: true })).toBe(
      '± 0.0 percentage points (the trees agree; not certainty)',
    );
    expect(seText({ se: 0.0004, stable: true })).toMatch(/the trees agree; not certainty/);
    expect(seText({ se: 0.0006, stable: true })).toBe('± 0.1 percentage points');
    expect(
      certaintyNote(
        [100, 0],
        [
          { se: 0, stable: true },
          { se: 0, stable: true },
        ],
      ),
    ).toBe(
      '“Fewer than 1 in 100” and “more than 99 in 100” are the model’s estimates, never certainty: a patient like this one can still have the other outcome. A standard error of 0 means the trees agree with one another, not that the outcome is certain: all of them can be wrong together, for instance for a patient unlike the cohort or when a column gives the outcome away.',
    );
    expect(certaintyNote([99.9, 0.1], [{ se: 0, stable: true }])).toMatch(/^A standard error of 0/);
    expect(certaintyNote([100, 0], null)).toMatch(/never certainty[^]*other outcome\.$/);
    expect(certaintyNote([60, 40], [{ se: 0.04, stable: true }])).toBeNull();
    // "More trees needed" is not a zero: it is said otherwise.
    expect(certaintyNote([60, 40], [{ se: 0, stable: false }])).toBeNull();
  });

  it('reads empty, single, undecided and partial sets', () => {
    const classes = ['a', 'b', 'c'];
    expect(setSentence([], 0.9, classes)).toMatch(
      /between the outcomes .* or is unlike the cohort/,
    );
    expect(setSentence(['b'], 0.9, classes)).toBe(
      'At 90 % confidence, only “b” cannot be ruled out.',
    );
    expect(setSentence(classes, 0.95, classes)).toMatch(/cannot decide between “a”, “b” and “c”/);
    expect(setSentence(['a', 'c'], 0.8, classes)).toBe(
      'At 80 % confidence, “a” and “c” cannot be ruled out.',
    );
  });

  it('an empty set of a familiar patient is "between the outcomes", never "unlike the cohort"', () => {
    const between = setSentence([], 0.9, ['benign', 'malignant'], {
      reading: 'empty-between',
      cutoffs: [0.85, 0.7],
      probabilities: [0.8, 0.2],
    });
    expect(between).toMatch(/falls between the outcomes at this confidence/);
    // benign misses its cut-off by 5 points, malignant by 50: benign is the nearest.
    expect(between).toMatch(/“benign” at 80\.0 % is short of the 85\.0 % it needs/);
    expect(between).not.toMatch(/unlike|extrapolation/);
    const unlike = setSentence([], 0.9, ['benign', 'malignant'], { reading: 'empty-unlike' });
    expect(unlike).toMatch(/unlike the patients the model learned from .* extrapolation/);
    expect(unlike).not.toMatch(/between the outcomes/);
  });

  it('explains a several-outcome set: outcomes not ruled out, each by its own cut-off', () => {
    const s = setSentence(['censored', 'transplant'], 0.9, ['censored', 'dead', 'transplant'], {
      reading: 'several',
      cutoffs: [0.03, 0.2, 0],
      probabilities: [0.04, 0.92, 0.04],
    });
    expect(s).toMatch(/^At 90 % confidence, “censored” and “transplant” cannot be ruled out\./);
    expect(s).toMatch(/not the likely ones/);
    expect(s).toMatch(/“censored” 4\.0 %, cut-off 3\.0 %; “transplant” 4\.0 %, never ruled out/);
  });

  it('states the guarantee as marginal, on patients like the cohort, approximate out of bag', () => {
    const g = setGuarantee(0.9);
    expect(g).toMatch(/about 90 % of patients drawn from the same population/);
    expect(g).toMatch(/not for this patient in particular/);
    expect(g).toMatch(/approximates split conformal/);
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
