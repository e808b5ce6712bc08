/**
 * The ancestry components' CPU in Node, stage by stage, on a cohort held as a .bed read into shared memory holds it
 * (every column's 2-bit doses in one SharedArrayBuffer): preparing the sweeps (standardisation and packing), each
 * sweep, and the whole, with the load average beside each figure. One thread (sweeps part by part here).
 *
 *   npx tsx bench/pcaNode.ts [samples 5000] [variants 100000] [populations 1] [block size] [missing share 0.01]
 *
 * NOSIMD=1 runs the sweeps' JavaScript loops instead of the WebAssembly kernel (same sums to the bit).
 *
 * Doses are drawn per population from allele frequencies shifted up to ±0.05 (uniform) from a shared one, with a
 * share of calls missing (bench/pcaBrowser.ts's fileset, plink1.9 --dummy 5000 100000 0.05, has 5 %); one
 * population is the --dummy worst case (all components in the noise bulk).
 */
import { cpuUsage } from 'node:process';
import { loadavg } from 'node:os';
import { packDoseCodes } from '../src/engine/data/cells.ts';
import { MISSING_CODE } from '../src/engine/data/types.ts';
import { Rng } from '../src/engine/forest/rng.ts';
import { computePcaWith, preparePca } from '../src/engine/genetics/pca.ts';
import { combinePcaParts, pcaSweepParts, sweepPart } from '../src/engine/genetics/pcaSweep.ts';

const [nArg, mArg, popArg, blockArg, missingArg] = process.argv.slice(2);
const n = Number(nArg ?? 5000);
const m = Number(mArg ?? 100000);
const pops = Number(popArg ?? 1);
const missingRate = Number(missingArg ?? 0.01);
const options = { components: 10, ...(blockArg ? { blockSize: Number(blockArg) } : {}) };
const cpu = () => {
  const u = cpuUsage();
  return (u.user + u.system) / 1e6;
};
const load = () => loadavg()[0].toFixed(2);

const rng = new Rng(7);
const stride = (n + 3) >>> 2;
const shared = new Uint8Array(new SharedArrayBuffer(stride * m));
const col = new Uint8Array(n);
const columns = [];
for (let j = 0; j < m; j++) {
  const p = 0.05 + 0.9 * rng.nextFloat();
  const ps = Array.from({ length: pops }, () =>
    Math.min(0.99, Math.max(0.01, p + (pops > 1 ? 0.1 * (rng.nextFloat() - 0.5) : 0))),
  );
  for (let i = 0; i < n; i++) {
    const f = ps[Math.floor((i * pops) / n)];
    col[i] =
      rng.nextFloat() < missingRate
        ? MISSING_CODE
        : (rng.nextFloat() < f ? 1 : 0) + (rng.nextFloat() < f ? 1 : 0);
  }
  const view = shared.subarray(j * stride, (j + 1) * stride);
  packDoseCodes(col, view);
  columns.push({ packed: view });
}
console.log(`made ${n} × ${m}, ${pops} population(s); load ${load()}`);
const t = cpu();
const input = preparePca(
  { nSamples: n, columns },
  options,
  (length) => new Uint8Array(new SharedArrayBuffer(length)),
);
console.log(
  `prepare ${(cpu() - t).toFixed(2)} s CPU (in place: ${input.data.packed !== undefined}); load ${load()}`,
);
const perSweep: string[] = [];
const start = cpu();
const result = await computePcaWith(input, options, async (ask) => {
  const s = cpu();
  const parts = [];
  for (let c = 0; c < pcaSweepParts(input.data); c++)
    parts.push(sweepPart(input.data, ask.q, ask.w, c, ask.withG, !process.env.NOSIMD));
  const out = combinePcaParts(input.data, ask.w, parts);
  perSweep.push(`${(cpu() - s).toFixed(2)}${ask.withG ? 'g' : ''}(w${ask.w})`);
  return out;
});
console.log(`sweeps ${result.sweeps} (stop ${result.stop}): ${perSweep.join(' ')} s CPU each`);
console.log(
  `iteration ${(cpu() - start).toFixed(2)} s CPU, whole ${(cpu() - t).toFixed(2)} s CPU; load ${load()}`,
);
console.log(
  `eigenvalues ${result.eigenvalues.map((v) => v.toFixed(4)).join(' ')}; noise edge ${result.noiseEdge.toFixed(4)}`,
);
