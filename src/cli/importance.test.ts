import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../engine/forest/rng';
import { cli, repoRoot } from './testCli';

const bed = path.join(repoRoot, 'testdata/genomic/cohort.bed');

interface ImportanceJson {
  features: number;
  trees: number;
  positions: string;
  nullSize: number;
  calledAtQ05: number;
  notes: string[];
  variants: {
    name: string;
    chromosome: string | null;
    position: number | null;
    importance: number;
    pValue: number;
    qValue: number;
    maf: number | null;
  }[];
}

describe('genoforest importance', () => {
  it('gives every variant with its .bim locus, ordered by p, with q ≥ p', async () => {
    const run = await cli('importance', bed, '--target', 'PHENOTYPE', '--trees', '100', '--json');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as ImportanceJson;
    expect(out.trees).toBe(100);
    expect(out.positions).toBe('file');
    // 40 SNPs and SEX (which has no locus).
    expect(out.features).toBe(41);
    expect(out.variants).toHaveLength(41);
    const bim = readFileSync(bed.replace(/\.bed$/, '.bim'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('\t'));
    for (const v of out.variants) {
      if (v.name === 'SEX') {
        expect([v.chromosome, v.position, v.maf]).toEqual([null, null, null]);
        continue;
      }
      const line = bim.find((b) => v.name.startsWith(`${b[1]}_`));
      if (!line) throw new Error(`${v.name} is not a variant of the .bim`);
      expect([v.chromosome, v.position]).toEqual([line[0], Number(line[3])]);
      expect(v.qValue).toBeGreaterThanOrEqual(v.pValue);
    }
    for (let i = 1; i < out.variants.length; i++)
      expect(out.variants[i].pValue).toBeGreaterThanOrEqual(out.variants[i - 1].pValue);
    // 40 features are too few for a good null: said, not hidden.
    expect(out.notes.join(' ')).toMatch(/Only \d+ features have a negative importance/);
    expect(out.notes.join(' ')).toMatch(/not causation/);
  });

  it('ranks the causal column of a plain CSV first, without positions, and prints a top table', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gf-importance-'));
    const file = path.join(dir, 'table.csv');
    const rng = new Rng(9);
    const n = 300;
    const p = 300;
    const lines = [['outcome', ...Array.from({ length: p }, (_, f) => `snp${f}`)].join(',')];
    for (let r = 0; r < n; r++) {
      const g = Array.from(
        { length: p },
        () => +(rng.nextFloat() < 0.4) + +(rng.nextFloat() < 0.4),
      );
      const risk = 1 / (1 + Math.exp(-2 * (g[7] - 0.8)));
      lines.push([rng.nextFloat() < risk ? 'case' : 'control', ...g].join(','));
    }
    writeFileSync(file, lines.join('\n') + '\n');
    const json = await cli('importance', file, '--target', 'outcome', '--json');
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as ImportanceJson;
    expect(out.positions).toBe('none');
    expect(out.variants[0].name).toBe('snp7');
    expect(out.variants[0].qValue).toBeLessThan(0.05);
    expect(out.variants[0].chromosome).toBeNull();
    const text = await cli('importance', file, '--target', 'outcome', '--top', '3');
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/rank\s+variant\s+chr:pos\s+alleles\s+MAF\s+importance\s+p\s+q/);
    expect(text.stdout).toMatch(/\n\s+1\s+snp7\s/);
    expect(text.stdout).toMatch(/association in this cohort, not causation/i);
    expect(text.stdout).toMatch(/--json gives all 300/);
  });
});
