import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { columnCells } from '../cells';
import { inferSchema } from '../schema';
import { parseVcfBlob, parseVcfBytes } from './vcf';

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
    expect(t.hints).toEqual({ id: 'sample' });
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
