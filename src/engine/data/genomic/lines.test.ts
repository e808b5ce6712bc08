import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createLineSplitter } from './lines';
import { parseVcfBlob } from './vcf';

function split(pieces: string[], maxLineChars?: number): string[] {
  const lines: string[] = [];
  const splitter = createLineSplitter((line) => lines.push(line), {
    file: '“t.vcf”',
    maxLineChars,
  });
  for (const p of pieces) splitter.push(p);
  splitter.finish();
  return lines;
}

describe('createLineSplitter', () => {
  it('splits text in any pieces at \\n and \\r\\n', () => {
    expect(split(['a\r', '\nbb\n', '', 'c', 'c\r\n\nd'])).toEqual(['a', 'bb', 'cc', '', 'd']);
  });

  it('accepts a line exactly as long as the bound', () => {
    expect(split(['x'.repeat(600), 'x'.repeat(400), '\nok'], 1000)).toEqual([
      'x'.repeat(1000),
      'ok',
    ]);
  });

  it('refuses an endless line as soon as it passes the bound, naming the file and the line', () => {
    const lines: string[] = [];
    const splitter = createLineSplitter((line) => lines.push(line), {
      file: '“t.vcf”',
      maxLineChars: 1000,
    });
    splitter.push('#header\r\nsecond\n');
    splitter.push('y'.repeat(600));
    expect(() => splitter.push('y'.repeat(600))).toThrow(
      'Line 3 of “t.vcf” runs past 1,000 characters without a line break.',
    );
    expect(lines).toEqual(['#header', 'second']);
  });

  it('refuses a line over the bound given whole too', () => {
    expect(() => split(['a\n' + 'z'.repeat(1001) + '\nb'], 1000)).toThrow(
      'Line 2 of “t.vcf” runs past 1,000 characters',
    );
    expect(() => split(['a\n', 'z'.repeat(1001)], 1000)).toThrow('Line 2 of “t.vcf”');
  });
});

describe('a gzip bomb of one endless line', () => {
  it('is refused at 64 MiB with the file named, not with "Invalid string length"', async () => {
    // 65 MiB of one line deflates to about 65 KB: the text held is bounded by the line limit, not by the file.
    const text = Buffer.alloc(65 * 1024 * 1024, 'A');
    text.write('##fileformat=VCFv4.2\n#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tS1\n');
    const file = new File([gzipSync(text, { level: 1 })], 'bomb.vcf.gz');
    expect(file.size).toBeLessThan(1024 * 1024);
    await expect(parseVcfBlob(file)).rejects.toThrow(
      'Line 3 of “bomb.vcf.gz” runs past 64 MiB without a line break. No line of a genotype file is that long (a VCF line of 500,000 samples is about 15 MB), so the file is damaged or is not what its name says.',
    );
  });
});
