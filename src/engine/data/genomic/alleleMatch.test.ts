import { describe, expect, it } from 'vitest';
import { isPalindromic, matchAlleles, matchedDose } from './alleleMatch';

const c = (counted: string, other: string) => ({ counted, other });

describe('matchAlleles', () => {
  it('carries a dose over when the file counts the same allele', () => {
    expect(matchAlleles(c('A', 'G'), c('A', 'G')).kind).toBe('same');
    expect(matchAlleles(c('A', 'G'), c('a', 'g')).kind).toBe('same');
    // A .raw names only the counted allele.
    expect(matchAlleles(c('A', 'G'), c('A', '')).kind).toBe('same');
  });

  it('recounts swapped alleles as 2 − dose', () => {
    const m = matchAlleles(c('A', 'G'), c('G', 'A'));
    expect(m.kind).toBe('swapped');
    expect([0, 1, 2].map((d) => matchedDose(m, d))).toEqual([2, 1, 0]);
    expect(matchAlleles(c('A', 'G'), c('G', '')).kind).toBe('swapped');
    expect(matchAlleles(c('A', ''), c('G', 'A')).kind).toBe('swapped');
  });

  it('reads a non-palindromic SNP on the other strand', () => {
    // A/G on the forward strand is T/C on the reverse one.
    const flipped = matchAlleles(c('A', 'G'), c('T', 'C'));
    expect(flipped.kind).toBe('flipped');
    expect(matchedDose(flipped, 2)).toBe(2);
    const both = matchAlleles(c('A', 'G'), c('C', 'T'));
    expect(both.kind).toBe('flipped-swapped');
    expect(matchedDose(both, 2)).toBe(0);
  });

  it('refuses A/T and C/G SNPs whatever the file says', () => {
    expect(isPalindromic('A', 'T')).toBe(true);
    expect(isPalindromic('C', 'G')).toBe(true);
    expect(isPalindromic('A', 'G')).toBe(false);
    for (const file of [c('A', 'T'), c('T', 'A'), c('A', ''), c('T', '')]) {
      const m = matchAlleles(c('A', 'T'), file);
      expect(m.kind).toBe('palindromic');
      expect(matchedDose(m, 1)).toBeNaN();
    }
    // The model knows only its counted allele; the file shows the SNP is C/G.
    const m = matchAlleles(c('G', ''), c('C', 'G'));
    expect(m).toMatchObject({ kind: 'palindromic', reason: expect.stringContaining('C/G') });
  });

  it('refuses other alleles, and complements when an allele is unknown', () => {
    expect(matchAlleles(c('A', 'G'), c('A', 'C')).kind).toBe('mismatch');
    expect(matchAlleles(c('A', 'G'), c('AT', 'G')).kind).toBe('mismatch');
    expect(matchAlleles(c('A', 'G'), c('C', 'A')).kind).toBe('mismatch');
    // T could be the flipped A or a third allele: without the other allele it cannot be told.
    const m = matchAlleles(c('A', 'G'), c('T', ''));
    expect(m).toMatchObject({ kind: 'mismatch', reason: expect.stringContaining('do not match') });
    expect(matchAlleles(c('A', ''), c('T', '')).kind).toBe('mismatch');
  });

  it('keeps indels when written the same way or swapped', () => {
    expect(matchAlleles(c('AT', 'A'), c('AT', 'A')).kind).toBe('same');
    expect(matchAlleles(c('AT', 'A'), c('A', 'AT')).kind).toBe('swapped');
  });
});
