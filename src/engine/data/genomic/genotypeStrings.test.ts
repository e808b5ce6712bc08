import { describe, expect, it } from 'vitest';
import { buildEncoding, encodeTable } from '../encode';
import { encodePatient } from '../encodePatient';
import { parseCsvText } from '../parse';
import { inferSchema } from '../schema';
import { isMissingCell } from '../values';
import { genotypeAlleles, genotypeChoices, genotypeDose, parseGenotype } from './genotypeStrings';

describe('genotype strings', () => {
  it.each([
    ['AG', ['A', 'G']],
    ['gg', ['G', 'G']],
    ['A/G', ['A', 'G']],
    ['A|G', ['A', 'G']],
    ['0/1', ['0', '1']],
    ['1|1', ['1', '1']],
    ['00', 'missing'],
    ['--', 'missing'],
    ['NN', 'missing'],
    ['./.', 'missing'],
    ['AX', null],
    ['12/3', null],
    ['2/1', null],
    ['male', null],
  ])('reads %j', (cell, expected) => {
    expect(parseGenotype(cell)).toEqual(expected);
  });

  it('counts the minor allele', () => {
    const a = genotypeAlleles(['AA', 'AG', 'AA', 'GG', 'AG', '--', 'NA'], isMissingCell);
    expect(a).toEqual({ counted: 'G', other: 'A', calls: 5, noCalls: 1 });
    expect(genotypeDose('GG', 'G', 'A')).toBe(2);
    expect(genotypeDose('A/G', 'G', 'A')).toBe(1);
    expect(genotypeDose('AA', 'G', 'A')).toBe(0);
    expect(genotypeDose('AC', 'G', 'A')).toBeNaN();
    expect(genotypeDose('00', 'G', 'A')).toBeNaN();
    expect(genotypeChoices('G', 'A')).toEqual([
      { label: 'AA', dose: 0 },
      { label: 'AG', dose: 1 },
      { label: 'GG', dose: 2 },
    ]);
  });

  it('refuses three alleles and text columns', () => {
    expect(genotypeAlleles(['AA', 'AG', 'CT'], isMissingCell)).toBeNull();
    expect(genotypeAlleles(['yes', 'no', 'AA'], isMissingCell)).toBeNull();
  });

  it('infers a genotype column, encodes the minor-allele dose, and accepts strings for a new patient', () => {
    const t = parseCsvText(
      'id,snp,sex,y\n1,AA,m,a\n2,AG,f,b\n3,GG,m,a\n4,AA,f,b\n5,--,m,a\n6,A/A,f,b\n',
    );
    const s = inferSchema(t);
    const snp = s.columns[1];
    expect(snp.kind).toBe('genotype');
    expect(snp.excluded).toBe(false);
    expect(snp.genotype).toEqual({
      counted: 'G',
      other: 'A',
      source: 'strings',
      doseCounts: [3, 1, 1],
    });
    expect(snp.missing).toBe(1);
    const { encoding } = buildEncoding(t, s, { target: 'y', columns: [] });
    const f = encoding.features.find((x) => x.name === 'snp');
    expect(f).toMatchObject({ kind: 'numeric', min: 0, max: 2, genotype: { counted: 'G' } });
    const data = encodeTable(t, encoding);
    const at = encoding.features.findIndex((x) => x.name === 'snp');
    expect(Array.from(data.X.subarray(at * 6, at * 6 + 6))).toEqual([0, 1, 2, 0, NaN, 0]);
    const p = encodePatient(encoding, { snp: 'GA', sex: 'm' });
    expect(p.x[at]).toBe(1);
    expect(encodePatient(encoding, { snp: 'G|G' }).x[at]).toBe(2);
    expect(encodePatient(encoding, { snp: 'CC' }).notNumbers).toContain('snp');
  });

  it('lets the user read a genotype column as categories', () => {
    const t = parseCsvText('snp,y\nAA,a\nAG,b\nGG,a\nAA,b\n');
    const s = inferSchema(t);
    const { encoding } = buildEncoding(t, s, {
      target: 'y',
      columns: [{ name: 'snp', kind: 'categorical', excluded: false }],
    });
    expect(encoding.features[0]).toMatchObject({
      kind: 'categorical',
      categories: ['AA', 'AG', 'GG'],
    });
  });
});
