import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { columnCells } from '../cells';
import { buildEncoding, encodeTable } from '../encode';
import { inferSchema } from '../schema';
import { loadCohortFiles } from './loadFiles';
import { BYTES_PER_VARIANT_COLUMN } from './memoryBudget';
import { createVcfReader, parseVcfBlob, parseVcfBytes } from './vcf';

const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../testdata/genomic');
const read = (name: string) => new Uint8Array(readFileSync(resolve(dir, name)));

describe('VCF', () => {
  it('reads phased, unphased, missing, haploid and multi-allelic calls as doses per alternate allele', () => {
    const t = parseVcfBytes(read('small.vcf.gz'));
    expect(t.headers).toEqual(['sample', 'rs1_G', 'rs2_T', '1:300_A', '1:300_T', 'rs4_C']);
    expect(t.rowCount).toBe(4);
    expect(columnCells(t, 0)).toEqual(['s1', 's2', 's3', 's4']);
    expect(columnCells(t, 1)).toEqual(['0', '1', '1', '2']); // 0|0 0|1 1|0 1|1
    expect(columnCells(t, 2)).toEqual(['0', '1', '', '2']); // 0/0 0/1 ./. 1/1
    expect(columnCells(t, 3)).toEqual(['1', '1', '0', '0']); // 0/1 1/2 2/2 0/0: copies of A
    expect(columnCells(t, 4)).toEqual(['0', '1', '2', '0']); // copies of T
    expect(columnCells(t, 5)).toEqual(['', '1', '1', '1']); // .|. 0|1 0/1 haploid 1
    expect(t.coded![3]!.genotype).toEqual({ counted: 'A', other: 'G', source: 'vcf' });
    // One locus per allele column (the multi-allelic site's two share CHROM and POS).
    expect(t.hints).toEqual({
      id: 'sample',
      loci: {
        columns: t.headers.slice(1),
        chromosomes: ['1', '1', '1', '1', '1'],
        positions: [100, 200, 300, 300, 400],
      },
    });
    const kinds = t.conversions!.map((c) => c.kind);
    expect(kinds).toEqual([
      'genotype-coding',
      'recoded',
      'missing-code',
      'recoded',
      'column-dropped',
    ]);
    const schema = inferSchema(t);
    expect(schema.columns[0].kind).toBe('identifier');
    expect(schema.columns[1].kind).toBe('genotype');
  });

  it('reads the plain VCF and the bgzipped one alike', () => {
    const plain = parseVcfBytes(read('small.vcf'));
    const gz = parseVcfBytes(read('small.vcf.gz'));
    expect(plain.headers).toEqual(gz.headers);
    for (let c = 0; c < gz.headers.length; c++)
      expect(columnCells(plain, c)).toEqual(columnCells(gz, c));
  });

  it('reads every BGZF block of a multi-member .vcf.gz, in small slices, as PLINK reads it', async () => {
    const t = await parseVcfBlob(new Blob([read('wide.vcf.gz')]), { chunkSize: 1000 });
    expect(t.rowCount).toBe(120);
    expect(t.headers).toHaveLength(601);
    const lines = new TextDecoder().decode(read('wide_first30_plink.txt')).trim().split('\n');
    const head = lines[0].split(' ');
    expect(t.headers.slice(1, head.length)).toEqual(head.slice(1));
    lines.slice(1).forEach((line, i) => {
      const f = line.split(' ');
      expect(columnCells(t, 0)[i]).toBe(f[0]);
      for (let j = 1; j < f.length; j++)
        expect(columnCells(t, j)[i]).toBe(f[j] === 'NA' ? '' : f[j]);
    });
  });

  it('reads a single-member gzip too, and says plainly what is wrong with other files', () => {
    const text = new TextEncoder().encode(
      '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\ta\tb\n1\t5\t.\tA\tC\t.\t.\t.\tGT\t0/1\t1/1\n',
    );
    expect(columnCells(parseVcfBytes(gzipSync(text)), 1)).toEqual(['1', '2']);
    expect(() => parseVcfBytes(new TextEncoder().encode('a,b\n1,2\n'))).toThrow(/not a VCF/);
  });
});

const HEAD = '##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT';
/** A VCF made of sites "ID REF ALT FORMAT cell cell …" (tabs added), for samples a, b, c, d unless named. */
function vcfText(sites: string[], samples = ['a', 'b', 'c', 'd']): string {
  const lines = sites.map((site, i) => {
    const [id, ref, alt, format, ...cells] = site.split(' ');
    return ['1', String(100 * (i + 1)), id, ref, alt, '.', 'PASS', '.', format, ...cells].join(
      '\t',
    );
  });
  return `${HEAD}\t${samples.join('\t')}\n${lines.join('\n')}\n`;
}
const vcfOf = (sites: string[], samples?: string[]) =>
  parseVcfBytes(new TextEncoder().encode(vcfText(sites, samples)));
const messages = (t: ReturnType<typeof parseVcfBytes>) => t.conversions!.map((c) => c.message);

describe('VCF dose fields: GT, else DS, else GP', () => {
  it('reads a DS-only VCF as numbers equal to the DS fields, says so, and encodes them for training', async () => {
    const ds = ['0', '0.25', '1.5', '2', '0.999', '1e-3', '.', '1.0'];
    const samples = ds.map((_, i) => `p${i}`);
    const text = vcfText(
      ['rs1 A G DS ' + ds.join(' '), 'rs2 C T GP:DS ' + ds.map((d) => `.:${d}`).join(' ')],
      samples,
    );
    const t = parseVcfBytes(new TextEncoder().encode(text));
    expect(t.headers).toEqual(['sample', 'rs1_G', 'rs2_T']);
    const values = Array.from(t.numbers![1]!.values);
    expect(values).toEqual([0, 0.25, 1.5, 2, 0.999, 0.001, NaN, 1]);
    expect(Array.from(t.numbers![2]!.values)).toEqual(values);
    expect(t.coded?.[1] ?? null).toBeNull();
    expect(columnCells(t, 1)).toEqual(['0', '0.25', '1.5', '2', '0.999', '0.001', '', '1.0']);
    expect(messages(t)[0]).toMatch(/2 alternate alleles read from DS, the imputed dosage/);
    expect(messages(t).join(' ')).not.toMatch(/read from GT/);
    expect(t.conversions!.find((c) => c.kind === 'missing-code')?.count).toBe(2);

    // Joined to an outcome, the doses are the feature values the forest trains on.
    const clinical = ['id,outcome', ...samples.map((s, i) => `${s},${i % 2 ? 'yes' : 'no'}`)];
    const load = await loadCohortFiles([
      new File([text], 'imputed.vcf'),
      new File([clinical.join('\n')], 'clinical.csv'),
    ]);
    const schema = inferSchema(load.table);
    const rs1 = schema.columns.find((c) => c.name === 'rs1_G')!;
    expect(rs1.kind).toBe('numeric');
    expect(rs1.excluded).toBe(false);
    const { encoding } = buildEncoding(load.table, schema, { target: 'outcome', columns: [] });
    const data = encodeTable(load.table, encoding);
    const f = encoding.features.findIndex((e) => e.name === 'rs1_G');
    const x = Array.from(data.X.subarray(f * data.nRows, (f + 1) * data.nRows));
    expect(x).toEqual(Array.from(Float32Array.from(values)));
  });

  it('reads a GP-only VCF as expected doses P(het) + 2 P(hom alt), haploid and multi-allelic too', () => {
    const t = vcfOf([
      'rs1 A G GP 1,0,0 0.1,0.2,0.7 0,1,0 0.333,0.333,0.334',
      'rs2 A G,T GP 0.1,0.2,0.3,0.1,0.2,0.1 0,0,0,0,0,1 . 0.3,0.7,0',
      'rs3 A G GP 0.3,0.7 0.2,0.2 1e-05,0.99999,0 0.1,0.1,0.8',
    ]);
    expect(t.headers).toEqual(['sample', 'rs1_G', 'rs2_G', 'rs2_T', 'rs3_G']);
    const cells = (c: number) => Array.from(t.numbers![c]!.values);
    expect(cells(1)).toEqual([0, 1.6, 1, 1.001]);
    // Genotype order A/A, A/G, G/G, A/T, G/T, T/T: G copies 0.2 + 2×0.3 + 0.2, T copies 0.1 + 0.2 + 2×0.1.
    expect(cells(2)).toEqual([1, 0, NaN, 0.7]);
    expect(cells(3)).toEqual([0.5, 2, NaN, 0]);
    // 0.2,0.2 does not sum to 1: not probabilities, left missing; 0.1,0.1,0.8 gives exactly 1.7.
    expect(cells(4)).toEqual([0.7, NaN, 0.99999, 1.7]);
    expect(columnCells(t, 4)).toEqual(['0.7', '', '0.99999', '1.7']);
    const notes = messages(t);
    expect(notes[0]).toMatch(/4 alternate alleles read from GP as the expected dose/);
    expect(notes.join(' ')).toMatch(/2 haploid calls/);
    expect(notes.join(' ')).toMatch(
      /1 GP value that is not genotype probabilities.*“0\.2,0\.2” of b on line 5/,
    );
  });

  it('refuses a VCF whose sites give only likelihoods (GL, PL), saying why', () => {
    expect(() => vcfOf(['rs1 A G GL:PL -0.1,-1,-5:0,10,50 -1,-0.1,-5:10,0,50 . .'])).toThrow(
      /no FORMAT field a dose can be read from: its sites give GL, PL, but none of GT.*DS.*GP.*GL and PL are genotype likelihoods/,
    );
  });

  it('leaves a site with only likelihoods out, by count, when other sites have doses', () => {
    const t = vcfOf(['rs1 A G PL 0,10,50 0,10,50 0,10,50 0,10,50', 'rs2 A G GT 0/1 1/1 0/0 ./.']);
    expect(t.headers).toEqual(['sample', 'rs2_G']);
    expect(messages(t).join(' ')).toMatch(/1 site left out: no GT, DS or GP.*\(FORMAT PL\)/);
  });

  it('reads "." as missing only, and a haploid call as 0 or 1 copies, saying so', () => {
    const t = vcfOf(['rs1 A G GT . 0 1 0/1', 'rs2 A G GT ./. 1 .|. 1|1']);
    expect(columnCells(t, 1)).toEqual(['', '0', '1', '1']);
    expect(columnCells(t, 2)).toEqual(['', '1', '', '2']);
    const haploid = t.conversions!.find((c) => /haploid/.test(c.message))!;
    expect(haploid.count).toBe(3);
    expect(haploid.message).toMatch(
      /counted as 0 or 1 copies.*PLINK 1\.9’s --recode A writes them as 0 or 2/,
    );
    expect(t.conversions!.find((c) => c.kind === 'missing-code')!.count).toBe(3);
  });

  it('holds hard calls 2 bits each in one buffer, a column with a polyploid call a byte each', () => {
    const t = vcfOf([
      'rs1 A G GT 0/1 1/1 0/0 ./.',
      'rs2 A G GT 0/1/1/1 0/1 0/0 1/1',
      'rs3 A G GT 1|1 0|1 . 0|0',
    ]);
    expect(columnCells(t, 1)).toEqual(['1', '2', '0', '']);
    expect(columnCells(t, 2)).toEqual(['3', '1', '0', '2']);
    expect(columnCells(t, 3)).toEqual(['2', '1', '', '0']);
    const [, rs1, rs2, rs3] = t.coded!;
    // 4 samples: a byte a variant, both packed variants in one 2-byte buffer.
    expect(rs1?.values).toBeUndefined();
    expect(rs1?.packed?.byteLength).toBe(1);
    expect(rs1?.packed?.buffer).toBe(rs3?.packed?.buffer);
    expect(rs3?.packed?.buffer.byteLength).toBe(2);
    expect(rs2?.packed).toBeUndefined();
    expect(Array.from(rs2?.values ?? [])).toEqual([3, 1, 0, 2]);
  });

  it('starts every call missing: an absent or damaged GT is never dose 0', () => {
    // DP:GT with the GT left off the end, and GT values that are not genotypes.
    const t = vcfOf(['rs1 A G DP:GT 7 7:0/1 7:0/x 7:0/0', 'rs2 A G GT 0/ 0/3 1/1 0/0']);
    expect(columnCells(t, 1)).toEqual(['', '1', '', '0']);
    expect(columnCells(t, 2)).toEqual(['', '', '2', '0']);
    expect(messages(t).join(' ')).toMatch(
      /3 GT values that are not a genotype.*left missing \(e\.g\. “0\/x” of c on line 3\)/,
    );
  });

  it('leaves out * and <NON_REF> / <*> alleles, by count, keeping the real ones', () => {
    const t = vcfOf([
      'rs1 A G,* GT 0/1 1/2 2/2 0/0',
      'rs2 C T,<NON_REF> GT 0/1 1/1 0/2 0/0',
      'rs3 G <*> GT 0/0 0/0 0/0 0/1',
    ]);
    expect(t.headers).toEqual(['sample', 'rs1_G', 'rs2_T']);
    expect(columnCells(t, 1)).toEqual(['1', '1', '0', '0']);
    expect(columnCells(t, 2)).toEqual(['1', '2', '0', '0']);
    const dropped = t.conversions!.find((c) => /not alleles a patient carries/.test(c.message))!;
    expect(dropped.count).toBe(3);
    expect(dropped.message).toMatch(/1 “\*”.*2 “<NON_REF>” or “<\*>”.*1 site had no other allele/);
    // Only real alleles count as multi-allelic.
    expect(t.conversions!.some((c) => /multi-allelic/.test(c.message))).toBe(false);
  });

  it('reads GT where a site has it and DS elsewhere, DS values out of range left missing', () => {
    const t = vcfOf(['rs1 A G GT:DS 0/1:0.9 1/1:1.8 0/0:0.1 ./.:1', 'rs2 A G DS 0.5 2.5 -1 x']);
    expect(t.coded![1]!.genotype).toEqual({ counted: 'G', other: 'A', source: 'vcf' });
    expect(columnCells(t, 1)).toEqual(['1', '2', '0', '']);
    expect(Array.from(t.numbers![2]!.values)).toEqual([0.5, NaN, NaN, NaN]);
    const notes = messages(t);
    expect(notes[0]).toMatch(/^1 alternate allele read from GT/);
    expect(notes[1]).toMatch(/^1 alternate allele read from DS.*e\.g\. rs2_G/);
    expect(notes.join(' ')).toMatch(/3 DS values that are not a dosage from 0 to 2/);
  });

  it('refuses a line with too few or too many sample fields, naming the line', () => {
    expect(() => vcfOf(['rs1 A G GT 0/1 1/1 0/0'])).toThrow(
      /Line 3 of the VCF has 12 tab-separated fields, but its header names 4 samples \(13 fields\)/,
    );
    expect(() => vcfOf(['rs1 A G GT 0/1 1/1 0/0 0/0 0/1'])).toThrow(/Line 3 .* 14 tab-separated/);
  });
});

describe('VCF memory budget', () => {
  /** A GT VCF of `sites` sites × `n` samples. */
  const big = (sites: number, n: number) =>
    vcfText(
      Array.from(
        { length: sites },
        (_, j) =>
          `rs${j} A G GT ${Array.from({ length: n }, (_, i) => ((i + j) % 3 === 0 ? '0/1' : '0/0')).join(' ')}`,
      ),
      Array.from({ length: n }, (_, i) => `s${i}`),
    );

  it('refuses a file that needs more than the budget early, with the projected need, before allocating more', () => {
    const bytes = new TextEncoder().encode(big(5000, 200));
    const need = 5000 * (200 + BYTES_PER_VARIANT_COLUMN);
    const reader = createVcfReader({ totalBytes: bytes.length, memoryBudgetBytes: 1e6 });
    let error: Error | null = null;
    try {
      // In pieces, as a Blob is read: the refusal comes long before the end.
      for (let at = 0; at < bytes.length && !error; at += 64 * 1024)
        reader.push(bytes.subarray(at, at + 64 * 1024));
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).toMatch(
      /^This file needs about \d\.\d MB to load; this device allows about 1 MB\./,
    );
    expect(reader.dataLines).toBeLessThan(1000);
    const said = Number(/needs about (\d\.\d) MB/.exec(error!.message)![1]) * 1e6;
    expect(Math.abs(said - need) / need).toBeLessThan(0.1);
  });

  it('loads the same file within a budget that holds it', () => {
    const bytes = new TextEncoder().encode(big(500, 50));
    const t = parseVcfBytes(bytes, { memoryBudgetBytes: 1e6 });
    expect(t.headers).toHaveLength(501);
    expect(columnCells(t, 4).slice(0, 4)).toEqual(['1', '0', '0', '1']);
  });

  it('never allocates a block past the budget, even before it can project', () => {
    const bytes = new TextEncoder().encode(big(20, 2000));
    expect(() => parseVcfBytes(bytes, { memoryBudgetBytes: 10_000 })).toThrow(
      /needs about .* this device allows about 10 kB/,
    );
  });
});
