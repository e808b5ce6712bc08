import { describe, expect, it } from 'vitest';
import { genotypeFillWords } from './genotypeFillWords';

describe('genotypeFillWords', () => {
  it('counts every variant left unknown under its reason', () => {
    const words = genotypeFillWords({
      sample: 'p7',
      values: {},
      variants: 5000,
      filled: 4680,
      notInFile: 312,
      noCall: 1,
      swapped: 2000,
      flipped: 3,
      palindromic: 4,
      mismatched: 3,
      refusedExamples: [],
    });
    expect(words).toEqual([
      '4,680 of 5,000 genotype fields filled from sample “p7”; the clinical fields are kept as typed.',
      '312 of 5,000 variants not in the file: left unknown.',
      '1 variant with no call for this sample: left unknown.',
      '4 variants refused as A/T or C/G SNPs (the strand cannot be told from the alleles): left unknown.',
      "3 variants refused: the file's alleles are not the model's: left unknown.",
      "2,000 variants counted the model's other allele in the file: recounted as 2 − dose.",
      '3 variants read on the other strand (A↔T, C↔G).',
    ]);
  });

  it('says only what happened', () => {
    const words = genotypeFillWords({
      sample: 's1',
      values: {},
      variants: 2,
      filled: 2,
      notInFile: 0,
      noCall: 0,
      swapped: 0,
      flipped: 0,
      palindromic: 0,
      mismatched: 0,
      refusedExamples: [],
    });
    expect(words).toHaveLength(1);
  });
});
