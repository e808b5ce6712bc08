import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from './testCli';

const qcDir = path.join(repoRoot, 'testdata/genomic/qc');
const skewed = path.join(qcDir, 'skewed.bed');
const vcf = path.join(repoRoot, 'testdata/genomic/small.vcf');

interface QcJson {
  filters: Record<string, number>;
  steps: { filter: string; threshold: number; removed: number; unit: string }[];
  variantsKept: number;
  samplesKept: number;
  variants: {
    name: string;
    chromosome: string | null;
    position: number | null;
    maf: number | null;
    callRate: number;
    hweP: number | null;
    removedBy: string | null;
  }[];
  samples: { id: string; callRate: number; removedBy: string | null }[];
}

describe('genoforest qc', () => {
  it('reports every variant and sample and what each PLINK filter removed, in --json', async () => {
    const run = await cli(
      ...['qc', skewed, '--json'],
      ...['--mind', '0.1', '--geno', '0.1', '--hwe', '1e-4', '--maf', '0.05'],
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as QcJson;
    expect(out.filters).toEqual({ maf: 0.05, geno: 0.1, mind: 0.1, hwe: 1e-4 });
    // PLINK 1.9 on the same file (skewed_filtered.log): 3 people, then 6, 16 and 13 variants.
    expect(out.steps.map((s) => [s.filter, s.removed])).toEqual([
      ['mind', 3],
      ['geno', 6],
      ['hwe', 16],
      ['maf', 13],
    ]);
    expect(out.variantsKept).toBe(25);
    expect(out.samplesKept).toBe(77);
    expect(out.variants).toHaveLength(60);
    expect(out.samples).toHaveLength(80);
    const first = out.variants[0];
    expect(Object.keys(first)).toEqual([
      'name',
      'chromosome',
      'position',
      'maf',
      'callRate',
      'hweP',
      'removedBy',
    ]);
    // rs2000 (.bim: chromosome 1, position 5000); the monomorphic rs2005 has MAF 0 and HWE p 1.
    expect(first).toMatchObject({ name: 'rs2000_G', chromosome: '1', position: 5000 });
    expect(out.variants[5]).toMatchObject({ maf: 0, hweP: 1, removedBy: 'maf' });
    const kept = out.variants.filter((v) => v.removedBy === null).map((v) => v.name.split('_')[0]);
    expect(kept).toEqual(
      readFileSync(path.join(qcDir, 'skewed_filtered.snplist'), 'utf8').trim().split('\n'),
    );
    expect(out.samples.filter((s) => s.removedBy === 'mind').map((s) => s.id)).toEqual([
      's7',
      's8',
      's9',
    ]);
  });

  it('prints a short text summary and reads a VCF with its CHROM and POS', async () => {
    // plink1.9 --bfile skewed --geno 0.1 removes 6 (the 3 samples missing 30 % are kept without --mind).
    const text = await cli('qc', skewed, '--geno', '0.1');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('QC of');
    expect(text.stdout).toContain('--geno 0.1: 6 of 60 variants removed');
    expect(text.stdout.split('\n').length).toBeLessThan(15);
    const run = await cli('qc', vcf, '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as QcJson;
    expect(out.variants.map((v) => [v.chromosome, v.position])).toEqual([
      ['1', 100],
      ['1', 200],
      ['1', 300],
      ['1', 300],
      ['1', 400],
    ]);
    expect(out.samples.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4']);
  });

  it('refuses a threshold PLINK would refuse, before reading the file', async () => {
    const run = await cli('qc', 'no-such-file.bed', '--maf', '0.7');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--maf must be a number from 0 to 0.5');
    const word = await cli('qc', skewed, '--hwe', 'small');
    expect(word.code).toBe(2);
    expect(word.stderr).toContain('--hwe must be a number');
  });

  it('applies the filters before evaluate trains, and reports them in --json', async () => {
    const common = ['--target', 'PHENOTYPE', '--trees', '5', '--threads', '1', '--json'];
    const filters = ['--mind', '0.1', '--geno', '0.1', '--hwe', '1e-4', '--maf', '0.05'];
    const [plain, filtered] = await Promise.all([
      cli('evaluate', skewed, ...common),
      cli('evaluate', skewed, ...common, ...filters),
    ]);
    expect(filtered.code).toBe(0);
    const a = JSON.parse(plain.stdout) as { rows: number; features: number; qc?: unknown };
    const b = JSON.parse(filtered.stdout) as {
      rows: number;
      features: number;
      qc: { steps: { removed: number }[]; variantsKept: number; samplesKept: number };
    };
    expect(a.qc).toBeUndefined();
    // 80 samples, 54 polymorphic variants + SEX without filters; PLINK keeps 77 samples and 25 variants.
    expect([a.rows, a.features]).toEqual([80, 55]);
    expect([b.rows, b.features]).toEqual([77, 26]);
    expect(b.qc.steps.map((s) => s.removed)).toEqual([3, 6, 16, 13]);
    expect([b.qc.variantsKept, b.qc.samplesKept]).toEqual([25, 77]);
    const survival = await cli('evaluate', skewed, '--time', 't', '--event', 'e', '--maf', '0.1');
    expect(survival.code).toBe(2);
    expect(survival.stderr).toContain('--maf is not available with --time/--event');
  });
});
