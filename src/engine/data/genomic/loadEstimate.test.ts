import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { estimateGenomicLoadBytes } from './loadEstimate';
import { loadCohortFiles } from './loadFiles';
import { BYTES_PER_VARIANT_COLUMN } from './memoryBudget';
import { LOAD_BYTES_PER_VARIANT, LOAD_FIXED_BYTES } from './memoryEstimate';

/** A GT VCF of `sites` sites × `n` samples, seeded. */
function gtVcf(sites: number, n: number): string {
  let x = 11;
  const calls = ['0/0', '0/1', '1/1', '0|1'];
  const lines = [
    '##fileformat=VCFv4.2',
    `#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\t${Array.from({ length: n }, (_, i) => `s${i}`).join('\t')}`,
  ];
  for (let j = 0; j < sites; j++) {
    const cells = Array.from({ length: n }, () => calls[(x = (x * 48271) % 2147483647) & 3]);
    lines.push(`1\t${1000 + j}\trs${j}\tA\tG\t.\tPASS\t.\tGT\t${cells.join('\t')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A .bed+.bim+.fam set of n samples × m SNPs (all calls homozygous A1). */
function bedSet(n: number, m: number): File[] {
  const bed = new Uint8Array(3 + Math.ceil(n / 4) * m);
  bed.set([0x6c, 0x1b, 0x01]);
  const bim = Array.from({ length: m }, (_, j) => `1 rs${j} 0 ${j + 1} A G`).join('\n');
  const fam = Array.from({ length: n }, (_, i) => `f${i} s${i} 0 0 1 2`).join('\n');
  return [new File([bed], 'c.bed'), new File([bim], 'c.bim'), new File([fam], 'c.fam')];
}

describe('estimating what a genotype load needs', () => {
  it('gives a .bed set its samples × variants, and the load refuses the same figure over a budget', async () => {
    const files = bedSet(40, 2000);
    const estimate = await estimateGenomicLoadBytes(files);
    expect(estimate).toEqual({
      bytes: 2000 * (10 + LOAD_BYTES_PER_VARIANT) + LOAD_FIXED_BYTES,
      basis:
        '40 samples (.fam) × 2000 variants (the .bed’s size): 2 bits a genotype, 1080 bytes a variant and the reader’s working memory',
    });
    await expect(loadCohortFiles(files, { memoryBudgetBytes: 50_000_000 })).rejects.toThrow(
      /^This file needs about 52 MB to load; this device allows about 50 MB\./,
    );
    const notes: (string | undefined)[] = [];
    const loaded = await loadCohortFiles(files, {
      memoryBudgetBytes: 60_000_000,
      growth: { workers: 4, sharedMemory: true },
      onProgress: (p) => notes.push(p.memoryNote),
    });
    expect(loaded.table.headers).toHaveLength(2004);
    // Said before the first byte of genotypes was read, and on every report after; four workers' engines (60 MiB
    // each) are most of what training needs here.
    const said =
      'This file needs about 52 MB to load, about 304 MB to train and cross-validate a forest on 4 workers, and about 367 MB to find which variants matter. This device allows about 60 MB: training and finding which variants matter may run out of memory; QC and ancestry components need little more than the load. Apply QC filters or load fewer variants to train.';
    expect(notes[0]).toBe(said);
    expect(notes.every((n) => n === said)).toBe(true);
    expect(loaded.memoryNote).toBe(said);
  });

  it('projects a VCF, plain or gzipped, from its first variant lines to within a tenth', async () => {
    const text = gtVcf(3000, 100);
    const need = 3000 * (100 + BYTES_PER_VARIANT_COLUMN);
    for (const file of [
      new File([text], 'c.vcf'),
      new File([gzipSync(new TextEncoder().encode(text))], 'c.vcf.gz'),
    ]) {
      const estimate = await estimateGenomicLoadBytes([file]);
      expect(Math.abs(estimate!.bytes - need) / need, file.name).toBeLessThan(0.1);
      expect(estimate!.basis).toMatch(/^projected from the first \d+ variant lines/);
    }
    await expect(
      loadCohortFiles([new File([text], 'c.vcf')], { memoryBudgetBytes: need / 2 }),
    ).rejects.toThrow(/^This file needs about 1\.\d MB to load; this device allows about 675 kB/);
  });

  it('bounds a .raw by its size, and has nothing to say of a plain table', async () => {
    const raw = new File(['FID IID PAT MAT SEX PHENOTYPE rs1_A\nf i 0 0 1 1 0\n'], 'c.raw');
    expect(await estimateGenomicLoadBytes([raw])).toEqual({
      bytes: raw.size,
      basis: 'at most the .raw’s size (2 bytes a genotype while read)',
    });
    expect(await estimateGenomicLoadBytes([new File(['a,b\n1,2\n'], 't.csv')])).toBeNull();
  });
});
