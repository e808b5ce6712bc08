/**
 * Simulated PLINK filesets for the genetics bench: samples drawn from populations that drifted apart (Balding–Nichols
 * style), so the leading components are ancestry with distinct eigenvalues and can be compared one by one with
 * plink1.9 --pca (plink1.9 --dummy draws every sample from one population: its components are noise, whose near-equal
 * eigenvalues any two methods order differently). Also used on its own:
 *   npx tsx bench/geneticsSim.ts OUT_STEM SAMPLES VARIANTS [SEED]
 */
import { writeFileSync } from 'node:fs';
import { Rng } from '../src/engine/forest/rng.ts';

/** Populations in the simulation: 11 give 10 ancestry components. */
const POPULATIONS = 11;

/** Writes STEM.bed/.bim/.fam: n samples (population k of size ∝ k + 2, drift 0.004 + 0.0015 k) × m variants on chromosome 1. */
export function writeStructuredFileset(stem: string, n: number, m: number, seed = 1): void {
  const rng = new Rng(seed);
  const weights = Array.from({ length: POPULATIONS }, (_, k) => k + 2);
  const total = weights.reduce((a, b) => a + b, 0);
  const pop = new Int32Array(n);
  let at = 0;
  weights.forEach((w, k) => {
    const size = k === POPULATIONS - 1 ? n - at : Math.round((n * w) / total);
    pop.fill(k, at, at + size);
    at += size;
  });
  const fam = Array.from(pop, (k, i) => `P${k} S${i + 1} 0 0 ${1 + (i % 2)} -9`);
  const perSnp = Math.ceil(n / 4);
  const bed = new Uint8Array(3 + perSnp * m);
  bed.set([0x6c, 0x1b, 0x01]);
  // .bed 2-bit codes of dose = copies of A1: 2 → 00, 1 → 10, 0 → 11.
  const CODE = [3, 2, 0];
  const bim: string[] = [];
  const freq = new Float64Array(POPULATIONS);
  for (let j = 0; j < m; j++) {
    bim.push(`1 sim${j + 1} 0 ${1000 + 100 * j} A G`);
    const p = 0.05 + 0.9 * rng.nextFloat();
    for (let k = 0; k < POPULATIONS; k++) {
      const drift = 0.004 + 0.0015 * k;
      const u = Math.max(1e-12, rng.nextFloat());
      const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextFloat());
      freq[k] = Math.min(0.99, Math.max(0.01, p + z * Math.sqrt(drift * p * (1 - p))));
    }
    const row = 3 + j * perSnp;
    for (let i = 0; i < n; i++) {
      const q = freq[pop[i]];
      const dose = (rng.nextFloat() < q ? 1 : 0) + (rng.nextFloat() < q ? 1 : 0);
      bed[row + (i >> 2)] |= CODE[dose] << (2 * (i & 3));
    }
  }
  writeFileSync(`${stem}.bed`, bed);
  writeFileSync(`${stem}.bim`, bim.join('\n') + '\n');
  writeFileSync(`${stem}.fam`, fam.join('\n') + '\n');
}

if (process.argv[1]?.endsWith('geneticsSim.ts')) {
  const [stem, n, m, seed] = process.argv.slice(2);
  if (!stem || !n || !m)
    throw new Error('usage: npx tsx bench/geneticsSim.ts OUT_STEM SAMPLES VARIANTS [SEED]');
  writeStructuredFileset(stem, Number(n), Number(m), seed ? Number(seed) : 1);
}
