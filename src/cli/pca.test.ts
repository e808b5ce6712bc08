import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot, wdbc } from './testCli';

const fixtures = path.join(repoRoot, 'testdata/genomic/pca');

function correlation(a: number[], b: number[]): number {
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  a.forEach((x, i) => {
    sab += (x - ma) * (b[i] - mb);
    saa += (x - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe('genoforest pca', () => {
  it('prints the samples, components, eigenvalues and variance explained of plink1.9 --pca as JSON', async () => {
    const run = await cli('pca', path.join(fixtures, 'twopop.bed'), '--components', '5', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      samples: string[];
      components: number[][];
      eigenvalues: number[];
      varianceExplained: number[];
      converged: boolean;
      notes: string[];
    };
    expect(out.samples).toEqual(Array.from({ length: 120 }, (_, i) => `S${i + 1}`));
    expect(out.components).toHaveLength(120);
    expect(out.components.every((r) => r.length === 5)).toBe(true);
    const plinkValues = readFileSync(path.join(fixtures, 'twopop.eigenval'), 'utf8')
      .trim()
      .split('\n')
      .map(Number);
    const plinkRows = readFileSync(path.join(fixtures, 'twopop.eigenvec'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/));
    expect(plinkRows.map((r) => r[1])).toEqual(out.samples);
    plinkValues.forEach((value, c) => {
      expect(Math.abs(out.eigenvalues[c] / value - 1)).toBeLessThan(1e-5);
      const ours = out.components.map((r) => r[c]);
      const theirs = plinkRows.map((r) => Number(r[c + 2]));
      expect(Math.abs(correlation(ours, theirs))).toBeGreaterThan(0.99999);
    });
    // Shares of the trace: the first component (the two populations) carries most, all below 1 together.
    expect(out.varianceExplained[0]).toBeGreaterThan(out.varianceExplained[1] * 3);
    expect(out.varianceExplained.reduce((s, x) => s + x, 0)).toBeLessThan(1);
    expect(out.converged).toBe(true);
    expect(out.notes).toEqual([]);
  });

  it('prints a table by default and says how missing calls are counted', async () => {
    const run = await cli('pca', path.join(fixtures, 'twopop_missing.bed'), '--components', '2');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('# 2 ancestry components of 120 samples from 1500 variants');
    expect(lines.some((l) => /genotype calls \(1\.0 %\) are missing/.test(l))).toBe(true);
    const header = lines.findIndex((l) => l.startsWith('sample\t'));
    expect(lines[header]).toBe('sample\tPC1\tPC2');
    expect(lines.length - header - 1).toBe(120);
    expect(lines[header + 1].split('\t')[0]).toBe('S1');
  });

  it('leaves out the variants the .bim puts on X and MT, as plink1.9 --pca', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'genoforest-pca-'));
    copyFileSync(path.join(fixtures, 'twopop.bed'), path.join(dir, 'sex.bed'));
    copyFileSync(path.join(fixtures, 'twopop.fam'), path.join(dir, 'sex.fam'));
    const bim = readFileSync(path.join(fixtures, 'twopop.bim'), 'utf8')
      .trim()
      .split('\n')
      .map((line, j) => (j < 500 ? 'X' : j < 520 ? 'MT' : '1') + line.slice(line.indexOf(' ')));
    writeFileSync(path.join(dir, 'sex.bim'), bim.join('\n') + '\n');
    const run = await cli('pca', path.join(dir, 'sex.bed'), '--components', '3', '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      eigenvalues: number[];
      variantsExcluded: number;
      notes: string[];
    };
    expect(out.variantsExcluded).toBe(520);
    expect(out.notes[0]).toMatch(/^520 variants on X, Y or MT left out/);
    // plink1.9 --pca 3 on the same fileset (see src/engine/genetics/pca.test.ts).
    [7.30677, 1.75568, 1.74017].forEach((v, c) =>
      expect(Math.abs(out.eigenvalues[c] / v - 1)).toBeLessThan(1e-5),
    );
  });

  it('refuses a table without genotypes, too many components, and a bad count', async () => {
    const csv = await cli('pca', wdbc);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toMatch(/no genotype columns/);
    const many = await cli('pca', path.join(fixtures, 'twopop.bed'), '--components', '120');
    expect(many.code).toBe(1);
    expect(many.stderr).toMatch(/at most 119/);
    const zero = await cli('pca', path.join(fixtures, 'twopop.bed'), '--components', '0');
    expect(zero.code).toBe(2);
  });

  it('is listed in the help', async () => {
    const help = await cli('--help');
    expect(help.stdout).toMatch(/\n {2}pca +Ancestry components/);
    const own = await cli('pca', '--help');
    expect(own.stdout).toMatch(/--components <k>/);
  });

  it('LD-prunes first with --indep-pairwise, keeping the variants plink1.9 keeps', async () => {
    const run = await cli(
      'pca',
      path.join(fixtures, 'twopop_missing.bed'),
      '--components',
      '2',
      '--indep-pairwise',
      '50,5,0.05',
      '--json',
    );
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { variantsUsed: number; notes: string[] };
    // testdata/genomic/ld/twopop_missing_w50_s5_r0.05.prune.in: plink1.9 keeps 712 of 1,500.
    expect(out.variantsUsed).toBe(712);
    expect(out.notes).toContain(
      'LD-pruned first as plink1.9 --indep-pairwise 50 5 0.05: 788 variants left out.',
    );
    const bad = await cli('pca', path.join(fixtures, 'twopop.bed'), '--indep-pairwise', '50,5');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--indep-pairwise takes three numbers/);
  });

  it('gives the same components to the bit with --threads 2 as on one thread', async () => {
    // 60 samples of two populations × 9,000 variants (3 parts of a sweep), 2 % of calls missing, from a seeded
    // generator: parts computed on two worker threads must sum as on one.
    const dir = mkdtempSync(path.join(tmpdir(), 'genoforest-pca-threads-'));
    const n = 60;
    const m = 9000;
    let state = 12345;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const bytesPerVariant = Math.ceil(n / 4);
    const bed = new Uint8Array(3 + m * bytesPerVariant);
    bed.set([0x6c, 0x1b, 0x01]);
    for (let j = 0; j < m; j++) {
      const p = [0.1 + 0.8 * random(), 0.1 + 0.8 * random()];
      for (let i = 0; i < n; i++) {
        const q = p[i < n / 2 ? 0 : 1];
        const dose = (random() < q ? 1 : 0) + (random() < q ? 1 : 0);
        // PLINK's codes: 0 homozygous first allele, 2 heterozygous, 3 homozygous second, 1 missing.
        const code = random() < 0.02 ? 1 : [3, 2, 0][dose];
        bed[3 + j * bytesPerVariant + (i >> 2)] |= code << (2 * (i & 3));
      }
    }
    writeFileSync(path.join(dir, 'pops.bed'), bed);
    writeFileSync(
      path.join(dir, 'pops.bim'),
      Array.from({ length: m }, (_, j) => `${1 + (j % 22)}\tv${j}\t0\t${j + 1}\tA\tG\n`).join(''),
    );
    writeFileSync(
      path.join(dir, 'pops.fam'),
      Array.from({ length: n }, (_, i) => `P${i < n / 2 ? 'A' : 'B'}\tS${i}\t0\t0\t0\t-9\n`).join(
        '',
      ),
    );
    const file = path.join(dir, 'pops.bed');
    const [one, two] = await Promise.all([
      cli('pca', file, '--components', '4', '--json', '--threads', '1'),
      cli('pca', file, '--components', '4', '--json', '--threads', '2'),
    ]);
    expect(one.stderr).toBe('');
    expect(two.stderr).toBe('');
    const a = JSON.parse(one.stdout) as { components: number[][]; variantsUsed: number };
    expect(a.variantsUsed).toBe(m);
    expect(two.stdout).toBe(one.stdout);
    // The populations are the first component: it is not an empty answer that matched.
    const pc1 = a.components.map((r) => r[0]);
    const side = (i: number) => Math.sign(pc1[i]);
    expect(pc1.slice(0, n / 2).every((_, i) => side(i) === side(0))).toBe(true);
    expect(pc1.slice(n / 2).every((_, i) => side(i + n / 2) === -side(0))).toBe(true);
  });
});
