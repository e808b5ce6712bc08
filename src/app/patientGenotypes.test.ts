/**
 * Fixtures: tiny VCF, .bim/.fam/.bed written by hand below (made at test time), read by the cohort readers.
 */
import { describe, expect, it } from 'vitest';
import { loadCohortFiles } from '../engine/data/genomic/loadFiles';
import type { Encoding, FeatureEncoding } from '../engine/data/types';
import { patientGenotypes } from './patientGenotypes';

function snp(name: string, counted: string, other: string): FeatureEncoding {
  return {
    kind: 'numeric',
    name,
    min: 0,
    max: 2,
    median: 1,
    genotype: { counted, other, source: 'plink' },
  };
}

/** A model trained on a .bed: PLINK names each column rsID_A1 and counts A1. */
const encoding: Encoding = {
  features: [
    { kind: 'numeric', name: 'age', min: 20, max: 80, median: 50 },
    snp('rs1_A', 'A', 'G'),
    snp('rs2_C', 'C', 'T'),
    snp('rs3_A', 'A', 'T'),
    snp('rs4_G', 'G', 'A'),
    snp('rs5_A', 'A', 'C'),
    snp('rs6_T', 'T', 'C'),
    snp('rs7_A', 'A', 'G'),
  ],
  target: 'outcome',
  classes: ['no', 'yes'],
};

const HEADER = [
  '##fileformat=VCFv4.2',
  '##FORMAT=<ID=GT,Number=1,Type=String,Description="Genotype">',
].join('\n');

function vcf(samples: string[], rows: string[][]): File {
  const lines = [
    HEADER,
    ['#CHROM', 'POS', 'ID', 'REF', 'ALT', 'QUAL', 'FILTER', 'INFO', 'FORMAT', ...samples].join(
      '\t',
    ),
    ...rows.map(([id, ref, alt, ...gt], i) =>
      ['1', String(100 * (i + 1)), id, ref, alt, '.', 'PASS', '.', 'GT', ...gt].join('\t'),
    ),
  ];
  return new File([lines.join('\n') + '\n'], 'patient.vcf');
}

// The VCF counts ALT. rs1: swapped (counts G); rs2: the other strand (G/A is C/T reversed); rs3: an A/T SNP;
// rs4: the same; rs5: other alleles; rs6: absent; rs7: no call.
const SITES = [
  ['rs1', 'A', 'G', '1/1', '0/1'],
  ['rs2', 'A', 'G', '1/1', '0/0'],
  ['rs3', 'A', 'T', '0/1', '0/1'],
  ['rs4', 'A', 'G', '0/0', '1/1'],
  ['rs5', 'A', 'G', '0/1', '0/1'],
  ['rs7', 'G', 'A', './.', '0/1'],
];

async function tableOf(files: File[]) {
  return (await loadCohortFiles(files)).table;
}

describe('patientGenotypes', () => {
  it('fills a one-sample VCF in the model’s counted alleles, counting every variant left unknown', async () => {
    const table = await tableOf([
      vcf(
        ['s1'],
        SITES.map((s) => s.slice(0, 4)),
      ),
    ]);
    const answer = patientGenotypes(encoding, table);
    expect(answer.kind).toBe('filled');
    if (answer.kind !== 'filled') return;
    const { fill } = answer;
    expect(fill.values).toEqual({
      rs1_A: 0, // G/G counts no A
      rs2_C: 2, // G/G on the reverse strand is C/C
      rs3_A: null,
      rs4_G: 0,
      rs5_A: null,
      rs6_T: null,
      rs7_A: null,
    });
    expect(fill).toMatchObject({
      sample: 's1',
      variants: 7,
      filled: 3,
      notInFile: 1,
      noCall: 1,
      swapped: 1,
      flipped: 1,
      palindromic: 1,
      mismatched: 1,
    });
    expect(fill.refusedExamples).toHaveLength(2);
    expect(fill.refusedExamples[0]).toMatch(/^rs3_A: A\/T is an A\/T or C\/G SNP/);
    expect(fill.refusedExamples[1]).toMatch(/^rs5_A: the file counts G \(other A\), the model A/);
    // The clinical field is not a genotype: never filled from the file.
    expect('age' in fill.values).toBe(false);
  });

  it('lists the samples of a multi-sample file, then fills the one chosen', async () => {
    const table = await tableOf([vcf(['s1', 's2'], SITES)]);
    const list = patientGenotypes(encoding, table);
    expect(list).toEqual({
      kind: 'choose',
      samples: [
        { index: 0, id: 's1' },
        { index: 1, id: 's2' },
      ],
    });
    const chosen = patientGenotypes(encoding, table, 1);
    if (chosen.kind !== 'filled') throw new Error('not filled');
    expect(chosen.fill.sample).toBe('s2');
    expect(chosen.fill.values).toMatchObject({ rs1_A: 1, rs2_C: 0, rs4_G: 2, rs7_A: 1 });
    expect(chosen.fill.noCall).toBe(0);
  });

  it('reads a .bed trio: A1 counted as in the model or swapped', async () => {
    // .bim: rs1 counts G (the model counts A: swapped), rs4 counts G as the model does.
    const bim = new File(['1\trs1\t0\t100\tG\tA\n1\trs4\t0\t400\tG\tA\n'], 'p.bim');
    const fam = new File(['f1 p1 0 0 1 -9\n'], 'p.fam');
    // One sample: 2-bit codes 00 = A1/A1, 10 = A1/A2 (first sample in the low bits of each SNP's byte).
    const bed = new File([new Uint8Array([0x6c, 0x1b, 0x01, 0b00, 0b10])], 'p.bed');
    const answer = patientGenotypes(encoding, await tableOf([bed, bim, fam]));
    if (answer.kind !== 'filled') throw new Error('not filled');
    expect(answer.fill.values).toMatchObject({ rs1_A: 0, rs4_G: 1, rs2_C: null });
    expect(answer.fill).toMatchObject({ sample: 'p1', filled: 2, swapped: 1, notInFile: 5 });
  });

  it('names samples whose IDs repeat by family too, and fills the one chosen', async () => {
    const bim = new File(['1\trs1\t0\t100\tA\tG\n'], 'f.bim');
    const fam = new File(['f1 p1 0 0 1 -9\nf2 p1 0 0 2 -9\nf2 p2 0 0 2 -9\n'], 'f.fam');
    // Samples 1–3 in bit pairs from the low end: 00 (A/A), 10 (A/G), 11 (G/G).
    const bed = new File([new Uint8Array([0x6c, 0x1b, 0x01, 0b11_10_00])], 'f.bed');
    const table = await tableOf([bed, bim, fam]);
    expect(patientGenotypes(encoding, table)).toEqual({
      kind: 'choose',
      samples: [
        { index: 0, id: 'f1 p1' },
        { index: 1, id: 'f2 p1' },
        { index: 2, id: 'p2' },
      ],
    });
    const chosen = patientGenotypes(encoding, table, 1);
    if (chosen.kind !== 'filled') throw new Error('not filled');
    expect(chosen.fill).toMatchObject({ sample: 'f2 p1', values: { rs1_A: 1 }, filled: 1 });
    expect(() => patientGenotypes(encoding, table, 3)).toThrow(
      'The file has no sample 4: it holds 3.',
    );
  });

  it('refuses a file sharing no variant with the model, and a model without genotypes', async () => {
    const table = await tableOf([vcf(['s1'], [['rs99', 'A', 'G', '0/1']])]);
    expect(() => patientGenotypes(encoding, table)).toThrow(/None of the model’s 7 variants/);
    const clinical: Encoding = { ...encoding, features: [encoding.features[0]] };
    expect(() => patientGenotypes(clinical, table)).toThrow(/no genotype fields/);
  });
});
