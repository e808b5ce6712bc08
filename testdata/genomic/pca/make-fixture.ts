/**
 * Writes two PLINK filesets of 60 + 60 samples from two populations (allele frequencies drawn apart around a common
 * one), 1,500 variants on chromosome 1: twopop.* with every call made, twopop_missing.* with the same draws and
 * about 1 % of calls set missing. Run from the repository root:
 *   npx tsx testdata/genomic/pca/make-fixture.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Rng } from '../../../src/engine/forest/rng.ts';

const dir = path.dirname(new URL(import.meta.url).pathname);
const perPop = 60;
const n = 2 * perPop;
const m = 1500;
function write(stem: string, missingRate: number): void {
  const rng = new Rng(2026);
  const fam: string[] = [];
  for (let i = 0; i < n; i++)
    fam.push(`POP${i < perPop ? 'A' : 'B'} S${i + 1} 0 0 ${1 + (i % 2)} -9`);
  const bim: string[] = [];
  const perSnp = Math.ceil(n / 4);
  const bed = new Uint8Array(3 + perSnp * m);
  bed.set([0x6c, 0x1b, 0x01]);
  // .bed 2-bit codes of dose = copies of A1 (the .bim's fifth column): 2 → 00, 1 → 10, 0 → 11, missing → 01.
  const CODE = [3, 2, 0];
  for (let j = 0; j < m; j++) {
    bim.push(`1 rs${100000 + j} 0 ${1000 + 137 * j} A G`);
    const p = 0.1 + 0.8 * rng.nextFloat();
    const shift = 0.12 * (2 * rng.nextFloat() - 1);
    const pops = [
      Math.min(0.98, Math.max(0.02, p + shift)),
      Math.min(0.98, Math.max(0.02, p - shift)),
    ];
    for (let i = 0; i < n; i++) {
      const q = pops[i < perPop ? 0 : 1];
      const dose = (rng.nextFloat() < q ? 1 : 0) + (rng.nextFloat() < q ? 1 : 0);
      const code = rng.nextFloat() < missingRate ? 1 : CODE[dose];
      bed[3 + j * perSnp + (i >> 2)] |= code << (2 * (i & 3));
    }
  }
  writeFileSync(path.join(dir, `${stem}.bed`), bed);
  writeFileSync(path.join(dir, `${stem}.bim`), bim.join('\n') + '\n');
  writeFileSync(path.join(dir, `${stem}.fam`), fam.join('\n') + '\n');
}
write('twopop', 0);
write('twopop_missing', 0.01);
