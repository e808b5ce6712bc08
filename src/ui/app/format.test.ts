import { describe, expect, it } from 'vitest';
import { readAsText } from './format';

describe('"Read as" of a loaded table', () => {
  it('names the delimiter of a text file', () => {
    expect(readAsText({ delimiter: ',', format: 'text' })).toBe('comma-separated text');
    expect(readAsText({ delimiter: '\t', format: 'text' })).toBe('tab-separated text');
    expect(readAsText({ delimiter: ';' })).toBe('semicolon-separated text');
  });

  it('never calls a genotype file comma-separated (a session gives VCF and .bed no delimiter)', () => {
    expect(readAsText({ delimiter: '', format: 'vcf' })).toBe('VCF');
    expect(readAsText({ delimiter: '', format: 'plink-bed' })).toBe('PLINK .bed + .bim + .fam');
    expect(readAsText({ delimiter: ' ', format: 'plink-raw' })).toBe('PLINK .raw');
    // Joined to a clinical table, the delimiter is the clinical table's: said as such.
    expect(readAsText({ delimiter: ',', format: 'vcf', join: {} })).toBe(
      'VCF joined to comma-separated text',
    );
  });
});
