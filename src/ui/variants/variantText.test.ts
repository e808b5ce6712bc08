import { describe, expect, it } from 'vitest';
import type { VariantImportanceReport } from '../../worker/api';
import { pText, variantWords } from './variantText';

const report = {
  variants: [
    {
      name: 'rs1_A',
      chromosome: '1',
      position: 100,
      counted: 'A',
      other: 'G',
      maf: 0.25,
      importance: 1.5,
      pValue: 0,
      qValue: 0,
    },
    {
      name: '=cmd()',
      chromosome: null,
      position: null,
      counted: null,
      other: null,
      maf: null,
      importance: -0.5,
      pValue: 0.5,
      qValue: 1,
    },
  ],
  nullSize: 200,
} as unknown as VariantImportanceReport;

describe('variant importance words and CSV', () => {
  it('writes p = 0 as below one over the null size', () => {
    expect(pText(0, 200)).toBe('< 0.0050');
    expect(pText(0.0123, 200)).toBe('0.012');
    expect(pText(0.00012, 200)).toBe('1.2e-4');
  });

  it('describes a variant with its locus, alleles, MAF, p and q', () => {
    expect(variantWords(report.variants[0], 200)).toBe(
      'rs1_A, chromosome 1 position 100, alleles A/G (counted A), MAF 0.250, p < 0.0050, q < 0.0050',
    );
  });
});
