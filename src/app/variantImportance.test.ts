import { describe, expect, it } from 'vitest';
import type { EncodedDataset } from '../engine/data/types';
import { describeVariants, locusFromName, variantImportanceCsv } from './variantImportance';

describe('locusFromName', () => {
  it('reads chromosome and position at the start of a name, and nothing else', () => {
    expect(locusFromName('1:12345')).toEqual({ chromosome: '1', position: 12345 });
    expect(locusFromName('chr22:500_A')).toEqual({ chromosome: '22', position: 500 });
    expect(locusFromName('x_155000_A_G')).toEqual({ chromosome: 'X', position: 155000 });
    expect(locusFromName('rs12345_A')).toBeNull();
    expect(locusFromName('age')).toBeNull();
    expect(locusFromName('30:100')).toBeNull();
    expect(locusFromName('1:0')).toBeNull();
    expect(locusFromName('1:123abc')).toBeNull();
  });
});

describe('describeVariants', () => {
  it('takes loci from the file hint, alleles from the coding and MAF over the called samples', () => {
    const data = {
      // g: doses 0, 1, 2, missing -> 3 copies of 6 called alleles; age: not a genotype.
      X: Float32Array.from([0, 1, 2, NaN, 50, 60, 70, 80]),
      nRows: 4,
      nFeatures: 2,
      encoding: {
        features: [
          {
            kind: 'numeric',
            name: 'rs1_A',
            min: 0,
            max: 2,
            median: 1,
            genotype: { counted: 'A', other: 'G', source: 'plink' },
          },
          { kind: 'numeric', name: 'age', min: 50, max: 80, median: 65 },
        ],
      },
    } as unknown as EncodedDataset;
    const { variants, positions } = describeVariants(data, {
      columns: ['rs1_A'],
      chromosomes: ['3'],
      positions: [777],
    });
    expect(positions).toBe('file');
    expect(variants[0]).toEqual({
      name: 'rs1_A',
      chromosome: '3',
      position: 777,
      counted: 'A',
      other: 'G',
      maf: 0.5,
    });
    expect(variants[1]).toEqual({
      name: 'age',
      chromosome: null,
      position: null,
      counted: null,
      other: null,
      maf: null,
    });
    expect(describeVariants(data, undefined).positions).toBe('none');
  });
});

describe('variantImportanceCsv', () => {
  it('exports every variant, numbers as numbers and a formula-like name as text', () => {
    const rows = [
      { name: 'rs1_A', chromosome: '1', position: 100, counted: 'A', other: 'G', maf: 0.25 },
      { name: '=cmd()', chromosome: null, position: null, counted: null, other: null, maf: null },
    ].map((v, i) => ({ ...v, importance: i ? -0.5 : 1.5, pValue: i ? 0.5 : 0, qValue: i ? 1 : 0 }));
    expect(variantImportanceCsv(rows).split('\r\n')).toEqual([
      'name,chromosome,position,counted,other,maf,importance,pValue,qValue',
      'rs1_A,1,100,A,G,0.25,1.5,0,0',
      `"'=cmd()",,,,,,-0.5,0.5,1`,
    ]);
  });
});
