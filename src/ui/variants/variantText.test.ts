import { describe, expect, it } from 'vitest';
import type { VariantImportanceReport } from '../../worker/api';
import { dropText, effectWords, pText, riskText, variantWords } from './variantText';

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

describe('effect words', () => {
  const e = {
    name: 'rs1_A',
    aucDrop: 0.0123,
    aucDropSe: 0.0021,
    risk: [0.2, 0.25, 0.312] as [number, number, number],
    direction: 'raises' as const,
  };
  it('gives the AUC drop with its SE and the risk at 0, 1, 2 copies with its direction', () => {
    expect(dropText(e)).toBe('0.012 ± 0.002');
    expect(riskText(e)).toBe('0.20 → 0.25 → 0.31 (raises)');
    expect(effectWords(e, 'case', 'A')).toBe(
      'out-of-bag AUC drop when shuffled 0.012 ± 0.002; risk of case 0.20, 0.25, 0.31 at 0, 1, 2 copies of A: rises with each copy',
    );
    expect(riskText({ ...e, risk: null, direction: null })).toBe('not a genotype');
    expect(effectWords({ ...e, risk: null, direction: null }, 'case', null)).toBe(
      'out-of-bag AUC drop when shuffled 0.012 ± 0.002',
    );
  });
});
