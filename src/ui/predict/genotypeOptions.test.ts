import { describe, expect, it } from 'vitest';
import { genotypeOptions } from './genotypeOptions';
import { shortName } from '../load/shortName';

describe('genotype choices of the patient form', () => {
  it('orders AA/AG/GG by the dose of the counted allele', () => {
    expect(genotypeOptions({ counted: 'A', other: 'G', source: 'plink' })).toEqual([
      { label: 'GG', dose: 0 },
      { label: 'AG', dose: 1 },
      { label: 'AA', dose: 2 },
    ]);
    // The heterozygote is written in allele order whichever allele is counted.
    expect(genotypeOptions({ counted: 'T', other: 'C', source: 'vcf' })[1].label).toBe('CT');
    expect(
      genotypeOptions({ counted: 'AT', other: 'A', source: 'vcf' }).map((o) => o.label),
    ).toEqual(['AA', 'A/AT', 'AT/AT']);
    expect(genotypeOptions({ counted: 'A', other: '', source: 'plink' })[2].label).toBe(
      '2 copies of A',
    );
  });

  it('shortens long names in the middle', () => {
    const long = 'x'.repeat(100_000) + 'END';
    const s = shortName(long);
    expect(s.length).toBe(60);
    expect(s.endsWith('END')).toBe(true);
    expect(shortName('rs123_A')).toBe('rs123_A');
  });
});
