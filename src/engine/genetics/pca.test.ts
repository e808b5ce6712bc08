import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { plinkTable } from '../data/genomic/plinkBed';
import { Rng } from '../forest/rng';
import { codeAt, codeValues, doseCodes, packDoseCodes } from '../data/cells';
import { MISSING_CODE } from '../data/types';
import {
  combinePcaParts,
  computePca,
  computePcaWith,
  pcaLeavesOutChromosome,
  pcaSweepParts,
  noiseNote,
  preparePca,
  sweepPart,
  pcaOfTable,
  projectDoses,
  projectTableRows,
  type DoseColumns,
  type PcaResult,
} from './pca';
import { sweepKernel } from './pcaKernel';
import { symmetricEigen } from './symmetricEigen';

const FIXTURES = path.resolve(import.meta.dirname, '../../../testdata/genomic/pca');

/** Samples from `pops` populations (sizes), m variants drifted ±shift apart, a share of calls missing. */
function simulate(
  sizes: number[],
  m: number,
  shift: number,
  missing: number,
  seed: number,
): { nSamples: number; columns: Uint8Array[]; population: number[] } {
  const rng = new Rng(seed);
  const n = sizes.reduce((a, b) => a + b, 0);
  const population = sizes.flatMap((s, k) => Array<number>(s).fill(k));
  const columns: Uint8Array[] = [];
  for (let j = 0; j < m; j++) {
    const p = 0.1 + 0.8 * rng.nextFloat();
    const freqs = sizes.map(() =>
      Math.min(0.98, Math.max(0.02, p + shift * (2 * rng.nextFloat() - 1))),
    );
    const col = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const q = freqs[population[i]];
      col[i] =
        rng.nextFloat() < missing
          ? MISSING_CODE
          : (rng.nextFloat() < q ? 1 : 0) + (rng.nextFloat() < q ? 1 : 0);
    }
    columns.push(col);
  }
  return { nSamples: n, columns, population };
}

/** The exact relationship matrix A = X Xᵀ / m (missing = 0 after standardising), formed densely. */
function denseRelationship(doses: DoseColumns): Float64Array {
  const n = doses.nSamples;
  const a = new Float64Array(n * n);
  let m = 0;
  const x = new Float64Array(n);
  for (const column of doses.columns) {
    const col = doseCodes(column, n);
    let sum = 0;
    let called = 0;
    for (const g of col) {
      if (g === MISSING_CODE) continue;
      sum += g;
      called++;
    }
    const p = sum / (2 * called);
    if (p <= 0 || p >= 1) continue;
    m++;
    for (let i = 0; i < n; i++)
      x[i] = col[i] === MISSING_CODE ? 0 : (col[i] - 2 * p) / Math.sqrt(2 * p * (1 - p));
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) a[i * n + k] += x[i] * x[k];
  }
  for (let i = 0; i < n * n; i++) a[i] /= m;
  return a;
}

const column = (r: PcaResult, c: number) =>
  Array.from({ length: r.nSamples }, (_, i) => r.scores[i * r.components + c]);

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

function readFileset(stem: string) {
  const file = (ext: string) => path.join(FIXTURES, `${stem}.${ext}`);
  return plinkTable({
    bed: new Uint8Array(readFileSync(file('bed'))),
    bim: readFileSync(file('bim'), 'utf8'),
    fam: readFileSync(file('fam'), 'utf8'),
  });
}

function plinkReference(stem: string): { eigenvalues: number[]; vectors: number[][] } {
  const eigenvalues = readFileSync(path.join(FIXTURES, `${stem}.eigenval`), 'utf8')
    .trim()
    .split('\n')
    .map(Number);
  const rows = readFileSync(path.join(FIXTURES, `${stem}.eigenvec`), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).slice(2).map(Number));
  return { eigenvalues, vectors: eigenvalues.map((_, c) => rows.map((r) => r[c])) };
}

/** A v = λ v for every pair, values descending, vectors orthonormal. */
function expectEigenPairs(a: Float64Array, s: number): void {
  const { values, vectors } = symmetricEigen(a, s);
  let scale = 0;
  for (const x of a) scale = Math.max(scale, Math.abs(x));
  for (let c = 0; c < s; c++) {
    if (c > 0) expect(values[c]).toBeLessThanOrEqual(values[c - 1]);
    for (let i = 0; i < s; i++) {
      let av = 0;
      for (let k = 0; k < s; k++) av += a[i * s + k] * vectors[k * s + c];
      expect(Math.abs(av - values[c] * vectors[i * s + c])).toBeLessThan(1e-12 * s * scale);
    }
    for (let d = c; d < s; d++) {
      let dot = 0;
      for (let k = 0; k < s; k++) dot += vectors[k * s + c] * vectors[k * s + d];
      expect(Math.abs(dot - (c === d ? 1 : 0))).toBeLessThan(1e-12 * s);
    }
  }
}

function randomSymmetric(s: number, seed: number): Float64Array {
  const rng = new Rng(seed);
  const a = new Float64Array(s * s);
  for (let i = 0; i < s; i++)
    for (let j = 0; j <= i; j++) a[i * s + j] = a[j * s + i] = rng.nextFloat() - 0.5;
  return a;
}

describe('symmetricEigen', () => {
  it('decomposes symmetric matrices: random, with repeated eigenvalues, diagonal, 1 × 1', () => {
    expectEigenPairs(randomSymmetric(6, 5), 6);
    expectEigenPairs(randomSymmetric(60, 6), 60);
    // I + u uᵀ: the eigenvalue 1 repeated 29 times.
    const s = 30;
    const rep = new Float64Array(s * s);
    for (let i = 0; i < s; i++)
      for (let j = 0; j < s; j++)
        rep[i * s + j] = (i === j ? 1 : 0) + ((i % 3) - 1) * ((j % 3) - 1);
    expectEigenPairs(rep, s);
    expectEigenPairs(Float64Array.from([3, 0, 0, 0, -1, 0, 0, 0, 2]), 3);
    expectEigenPairs(Float64Array.from([4]), 1);
  });

  it('gives the eigenvalues of matrices with known ones', () => {
    // [[2, 1], [1, 2]] has eigenvalues 3 and 1.
    const { values } = symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2);
    expect(values[0]).toBeCloseTo(3, 14);
    expect(values[1]).toBeCloseTo(1, 14);
    // The path graph's Laplacian-like tridiagonal [2, −1] of size 8: 2 − 2 cos(kπ/9).
    const n = 8;
    const t = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      t[i * n + i] = 2;
      if (i + 1 < n) t[i * n + i + 1] = t[(i + 1) * n + i] = -1;
    }
    const got = symmetricEigen(t, n).values;
    for (let k = 1; k <= n; k++)
      expect(got[k - 1]).toBeCloseTo(2 - 2 * Math.cos(((n + 1 - k) * Math.PI) / (n + 1)), 13);
  });
});

describe('computePca', () => {
  const sim = simulate([100, 100], 2000, 0.15, 0.01, 11);
  const result = computePca(sim, { components: 4, seed: 3 });

  it('separates two populations on the first component', () => {
    const pc1 = column(result, 0);
    const a = pc1.filter((_, i) => sim.population[i] === 0);
    const b = pc1.filter((_, i) => sim.population[i] === 1);
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const sd = (v: number[]) =>
      Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1));
    // The populations sit far apart relative to the spread within each.
    expect(Math.abs(mean(a) - mean(b)) / Math.max(sd(a), sd(b))).toBeGreaterThan(8);
    const sign = Math.sign(mean(a));
    const right = pc1.filter(
      (x, i) => (Math.sign(x) === sign) === (sim.population[i] === 0),
    ).length;
    expect(right / pc1.length).toBeGreaterThanOrEqual(0.95);
    // The second component carries no population signal.
    expect(Math.abs(correlation(column(result, 1), sim.population))).toBeLessThan(0.3);
  });

  it('equals the eigen-decomposition of the dense relationship matrix', () => {
    const a = denseRelationship(sim);
    const exact = symmetricEigen(a, sim.nSamples);
    const n = sim.nSamples;
    let trace = 0;
    for (let i = 0; i < n; i++) trace += a[i * n + i];
    // Iterated to small residuals (no stop on settled eigenvalues) the components are exact.
    const full = computePca(sim, { components: 4, seed: 3, eigenTolerance: 0 });
    for (let c = 0; c < 4; c++) {
      expect(full.eigenvalues[c]).toBeCloseTo(exact.values[c], 9);
      expect(full.varianceExplained[c]).toBeCloseTo(exact.values[c] / trace, 9);
      const v = Array.from({ length: n }, (_, i) => exact.vectors[i * n + c]);
      expect(Math.abs(correlation(column(full, c), v))).toBeGreaterThan(1 - 1e-9);
      // The default stops when the eigenvalues settle to 1e-5 of themselves: near enough.
      expect(Math.abs(result.eigenvalues[c] / exact.values[c] - 1)).toBeLessThan(1e-5);
      expect(Math.abs(correlation(column(result, c), v))).toBeGreaterThan(0.999);
    }
    expect(full.converged).toBe(true);
    expect(result.converged).toBe(true);
  });

  it('is exact when samples and variants leave the look-up groups and blocks part-filled', () => {
    // 99 samples: 25 groups of four, the last of three, an odd count (a spare group); 2,053 variants: one full
    // block of 2,048 and one of 5.
    const odd = simulate([50, 49], 2053, 0.15, 0.02, 5);
    const got = computePca(odd, { components: 3, seed: 2, eigenTolerance: 0 });
    const exact = symmetricEigen(denseRelationship(odd), odd.nSamples);
    for (let c = 0; c < 3; c++) {
      expect(got.eigenvalues[c]).toBeCloseTo(exact.values[c], 9);
      const v = Array.from({ length: odd.nSamples }, (_, i) => exact.vectors[i * odd.nSamples + c]);
      expect(Math.abs(correlation(column(got, c), v))).toBeGreaterThan(1 - 1e-9);
    }
  });

  it('sweeps equal X Xᵀ Q and Xᵀ Q formed directly, with missing calls, and part-filled groups', () => {
    // 101 samples (six groups of sixteen and five over), 8,400 variants (two whole parts of 4,096 and a part-filled one), allele
    // frequencies over (0, 1) so half the variants are packed as 2 − dose, 3 % of calls missing.
    const rng = new Rng(21);
    const n = 101;
    const columns = Array.from({ length: 8400 }, () => {
      const p = 0.02 + 0.96 * rng.nextFloat();
      return Uint8Array.from({ length: n }, () =>
        rng.nextFloat() < 0.03
          ? MISSING_CODE
          : (rng.nextFloat() < p ? 1 : 0) + (rng.nextFloat() < p ? 1 : 0),
      );
    });
    // The same calls as a .bed read into shared memory holds them (2 bits a call, every column in one buffer): the
    // sweeps read these in place instead of making a bit-plane copy for Xᵀ Q.
    const stride = (n + 3) >>> 2;
    const sharedCodes = new Uint8Array(new SharedArrayBuffer(stride * columns.length));
    const packedColumns = columns.map((col, j) => {
      const view = sharedCodes.subarray(j * stride, (j + 1) * stride);
      packDoseCodes(col, view);
      return { packed: view };
    });
    const w = 7;
    const q = Float64Array.from({ length: n * w }, () => rng.nextFloat() - 0.5);
    const copied = preparePca({ nSamples: n, columns }, { components: 3 });
    expect(copied.data.packed).toBeUndefined();
    expect(copied.data.bySample).toHaveLength(copied.data.byVariant.length);
    const inPlace = preparePca({ nSamples: n, columns: packedColumns }, { components: 3 });
    expect(inPlace.data.packed?.bytes.buffer).toBe(sharedCodes.buffer);
    expect(inPlace.data.bySample).toHaveLength(0);
    for (const input of [copied, inPlace]) {
      const { data } = input;
      const m = data.variants;
      expect(pcaSweepParts(data)).toBe(3);
      // The straightforward way: each standardised value x_ij, then G = Xᵀ Q and P = X G.
      const x = new Float64Array(m * n);
      for (let j = 0; j < m; j++) {
        const col = columns[input.columnIndex[j]];
        for (let i = 0; i < n; i++)
          x[j * n + i] = col[i] === MISSING_CODE ? 0 : (col[i] - data.twoP[j]) * data.scale[j];
      }
      const g = new Float64Array(m * w);
      for (let j = 0; j < m; j++)
        for (let l = 0; l < w; l++) {
          let sum = 0;
          for (let i = 0; i < n; i++) sum += x[j * n + i] * q[i * w + l];
          g[j * w + l] = sum;
        }
      const p = new Float64Array(n * w);
      for (let j = 0; j < m; j++)
        for (let i = 0; i < n; i++)
          for (let l = 0; l < w; l++) p[i * w + l] += x[j * n + i] * g[j * w + l];
      const parts = Array.from({ length: pcaSweepParts(data) }, (_, c) =>
        sweepPart(data, q, w, c, true),
      );
      const swept = combinePcaParts(data, w, parts);
      let scale = 0;
      for (const v of p) scale = Math.max(scale, Math.abs(v));
      for (let i = 0; i < p.length; i++)
        expect(Math.abs(swept.p[i] - p[i])).toBeLessThan(1e-12 * scale);
      const sweptG = swept.g as Float64Array;
      for (let i = 0; i < g.length; i++) expect(Math.abs(sweptG[i] - g[i])).toBeLessThan(1e-12 * n);
      // The WebAssembly kernel adds in the JavaScript loop's order: the same sums to the bit, whichever ran.
      expect(sweepKernel()).not.toBeNull();
      for (const width of [w, 4, 1]) {
        const block = q.subarray(0, n * width);
        for (let c = 0; c < pcaSweepParts(data); c++) {
          const simd = sweepPart(data, block, width, c, true, true);
          const plain = sweepPart(data, block, width, c, true, false);
          expect(simd.p).toEqual(plain.p);
          expect(simd.g).toEqual(plain.g);
        }
      }
    }
  });

  it('packs variants held as 2-bit codes as it packs their 1-byte codes, reading them without unpacking', () => {
    // 101 samples (a part-filled last code byte and plane group) and 2,100 variants (two blocks, the second 52 long).
    const n = 101;
    const { columns } = simulate([60, 41], 2100, 0.15, 0.03, 12);
    columns[5][100] = MISSING_CODE;
    columns[6][0] = MISSING_CODE;
    const packedColumns = columns.map((col) => {
      const packed = new Uint8Array((n + 3) >>> 2);
      packDoseCodes(col, packed);
      return { packed };
    });
    const fromBytes = preparePca({ nSamples: n, columns }, { components: 3 });
    const fromCodes = preparePca({ nSamples: n, columns: packedColumns }, { components: 3 });
    // Not shared memory: both make both packings, so every byte of each can be compared.
    expect(fromCodes.data.packed).toBeUndefined();
    expect(fromCodes.data.bySample).toHaveLength(2);
    expect(fromCodes.data.bySample).toEqual(fromBytes.data.bySample);
    expect(fromCodes.data.byVariant).toEqual(fromBytes.data.byVariant);
    expect(fromCodes.data.missingRows).toEqual(fromBytes.data.missingRows);
    expect(fromCodes.data.missingStart).toEqual(fromBytes.data.missingStart);
    expect(fromCodes.data.twoP).toEqual(fromBytes.data.twoP);
    expect(fromCodes.data.scale).toEqual(fromBytes.data.scale);
    expect(fromCodes.sumSquares).toBe(fromBytes.sumSquares);
    expect(fromCodes.data.missingRows.length).toBeGreaterThan(2100 * 101 * 0.02);
  });

  it('lists missing calls in two bytes a sample, in the allocator’s shared memory, four when the cohort is larger', () => {
    const columns = [
      Uint8Array.from([0, MISSING_CODE, 2, 1, MISSING_CODE]),
      Uint8Array.from([1, 1, 0, 2, 0]),
      Uint8Array.from([MISSING_CODE, 0, 1, 2, 2]),
    ];
    const allocated: Uint8Array[] = [];
    const input = preparePca({ nSamples: 5, columns }, { components: 1 }, (length) => {
      const bytes = new Uint8Array(new SharedArrayBuffer(length));
      allocated.push(bytes);
      return bytes;
    });
    const rows = input.data.missingRows;
    expect(rows).toBeInstanceOf(Uint16Array);
    expect(Array.from(rows)).toEqual([1, 4, 0]);
    expect(Array.from(input.data.missingStart)).toEqual([0, 2, 2, 3]);
    // Placed by the allocator, so the pool shares it as it is rather than copying it.
    expect(rows.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(allocated.some((b) => b.buffer === rows.buffer)).toBe(true);
    // 65,537 samples: the last index no longer fits two bytes.
    const n = 65537;
    const wide = Uint8Array.from({ length: n }, (_, i) => i % 3);
    wide[n - 1] = MISSING_CODE;
    const big = preparePca(
      { nSamples: n, columns: [wide, wide.map((v) => (v === 1 ? 2 : v))] },
      { components: 1 },
    );
    expect(big.data.missingRows).toBeInstanceOf(Int32Array);
    expect(Array.from(big.data.missingRows)).toEqual([n - 1, n - 1]);
  });

  it('sums a sweep split in parts to the same components, to the bit, however the parts are shared out', async () => {
    // 9,000 variants: three parts of a sweep (4,096, 4,096 and 808 variants).
    const wide = simulate([30, 29], 9000, 0.15, 0.02, 8);
    const options = { components: 3, seed: 4 };
    const here = computePca(wide, options);
    const exact = symmetricEigen(denseRelationship(wide), wide.nSamples);
    for (let c = 0; c < 3; c++) expect(here.eigenvalues[c]).toBeCloseTo(exact.values[c], 6);
    const input = preparePca(wide, options);
    expect(pcaSweepParts(input.data)).toBe(3);
    // Two "workers" taking the parts last first, interleaved: the parts come back out of order.
    const shared = await computePcaWith(input, options, async ({ q, w, withG }) => {
      const order = [2, 0, 1];
      return combinePcaParts(
        input.data,
        w,
        order.map((c) => sweepPart(input.data, q, w, c, withG)),
      );
    });
    expect(Array.from(shared.scores)).toEqual(Array.from(here.scores));
    expect(shared.eigenvalues).toEqual(here.eigenvalues);
    expect(Array.from(shared.model.weights)).toEqual(Array.from(here.model.weights));
    expect(() => combinePcaParts(input.data, 3, [])).toThrow(/Part 0 of the sweep is missing/);
  });

  it('projects a new patient with a cohort sample’s genotypes onto exactly its scores', () => {
    const { model } = result;
    for (const i of [0, 17, 199]) {
      const codes = Array.from(model.columnIndex, (j) => sim.columns[j][i]);
      const projected = projectDoses(model, codes);
      projected.forEach((v, c) => expect(v).toBeCloseTo(result.scores[i * 4 + c], 12));
    }
    // Every call missing projects to the cohort's centre.
    expect(projectDoses(model, new Array(model.columnIndex.length).fill(MISSING_CODE))).toEqual([
      0, 0, 0, 0,
    ]);
  });

  it('is reproducible with a seed and, unconverged or not, near the exact components', () => {
    const again = computePca(sim, { components: 4, seed: 3 });
    expect(Array.from(again.scores)).toEqual(Array.from(result.scores));
    // A span far smaller than the samples (3 blocks of 14): the separating component is still found.
    const small = computePca(sim, { components: 4, seed: 9, blockSize: 14, maxBlocks: 3 });
    expect(small.sweeps).toBe(4);
    expect(Math.abs(correlation(column(small, 0), column(result, 0)))).toBeGreaterThan(0.9999);
    expect(Math.abs(small.eigenvalues[0] / result.eigenvalues[0] - 1)).toBeLessThan(1e-4);
    expect(small.converged).toBe(false);
    expect(small.maxResidual).toBeGreaterThan(1e-6);
  });

  it('stops once the top eigenvalues settle, with the same components', () => {
    const strict = computePca(sim, { components: 4, seed: 9, blockSize: 6, eigenTolerance: 0 });
    const settled = computePca(sim, { components: 4, seed: 9, blockSize: 6, eigenTolerance: 1e-4 });
    expect(settled.converged).toBe(true);
    expect(settled.sweeps).toBeLessThan(strict.sweeps);
    for (let c = 0; c < 4; c++) {
      expect(Math.abs(settled.eigenvalues[c] / strict.eigenvalues[c] - 1)).toBeLessThan(1e-3);
    }
    expect(Math.abs(correlation(column(settled, 0), column(strict, 0)))).toBeGreaterThan(0.9999);
  });

  it('stops at the noise bulk once the population component settled, with that component unchanged', () => {
    // Two populations: one component above the Marchenko–Pastur edge, the next four in the bulk of nearly equal
    // eigenvalues that unstructured genotypes give.
    const two = simulate([150, 150], 2000, 0.1, 0.01, 7);
    const early = computePca(two, { components: 5, seed: 1 });
    const full = computePca(two, { components: 5, seed: 1, eigenTolerance: 0 });
    expect(early.stop).toBe('noise');
    expect(early.converged).toBe(false);
    expect(full.stop).toBe('converged');
    expect(early.aboveNoise).toBe(1);
    expect(full.aboveNoise).toBe(1);
    expect(early.sweeps).toBeLessThan(full.sweeps);
    // Edge = σ²(1 + √(n/m))², σ² = trace / n.
    const trace = full.eigenvalues[0] / full.varianceExplained[0];
    expect(full.noiseEdge).toBeCloseTo((trace / 300) * (1 + Math.sqrt(300 / 2000)) ** 2, 12);
    expect(full.eigenvalues[0]).toBeGreaterThan(3 * full.noiseEdge);
    expect(full.eigenvalues[1]).toBeLessThan(full.noiseEdge);
    expect(Math.abs(early.eigenvalues[0] / full.eigenvalues[0] - 1)).toBeLessThan(1e-6);
    expect(Math.abs(correlation(column(early, 0), column(full, 0)))).toBeGreaterThan(0.99999);
    const pc1 = column(early, 0);
    const right = pc1.filter((x, i) => (x > 0 === pc1[0] > 0) === (two.population[i] === 0));
    expect(right.length).toBe(300);
    // Ritz values are lower bounds: the bulk's stopped ones are within the margin below the edge.
    for (let c = 1; c < 5; c++) {
      expect(early.eigenvalues[c]).toBeLessThanOrEqual(full.eigenvalues[c]);
      expect(early.eigenvalues[c]).toBeLessThan(early.noiseEdge);
    }
    expect(early.eigenvalues[1]).toBeGreaterThanOrEqual(0.99 * early.noiseEdge);
    expect(noiseNote(early)).toMatch(
      /^Components 2–5 lie in the noise bulk \(eigenvalue below 1\.\d{3},/,
    );
    expect(noiseNote({ components: 10, aboveNoise: 0, noiseEdge: 1.4222 })).toMatch(
      /^Components 1–10 lie in the noise bulk \(eigenvalue below 1\.422,.* None stands above it/,
    );
    // A margin of 0 asks the bulk's top to reach the edge itself, which it does not here.
    expect(computePca(two, { components: 5, seed: 1, noiseMargin: 0 }).stop).not.toBe('noise');
  });

  it('skips variants that do not vary and refuses what cannot be computed', () => {
    const flat = {
      nSamples: 3,
      columns: [Uint8Array.from([0, 0, 0]), Uint8Array.from([2, MISSING_CODE, 2])],
    };
    expect(() => computePca(flat)).toThrow(/No variant varies/);
    const few = { nSamples: 3, columns: [Uint8Array.from([0, 1, 2]), Uint8Array.from([2, 1, 0])] };
    expect(() => computePca(few, { components: 3 })).toThrow(/at most 2/);
    // Two copies of one variant: one component carries all the variance.
    expect(() => computePca(few, { components: 2 })).toThrow(/Only 1 components carry variance/);
    const bad = { nSamples: 2, columns: [Uint8Array.from([0, 3])] };
    expect(() => computePca(bad)).toThrow(/dose of 3/);
    const withFlat = computePca(
      {
        nSamples: 4,
        columns: [
          Uint8Array.from([0, 1, 2, 1]),
          Uint8Array.from([2, 2, 2, 2]),
          Uint8Array.from([0, 0, 2, 1]),
        ],
      },
      { components: 1 },
    );
    expect(withFlat.variantsUsed).toBe(2);
    expect(withFlat.variantsSkipped).toBe(1);
  });
});

describe('pcaOfTable against PLINK 1.9 --pca', () => {
  it('gives the components and eigenvalues of plink1.9 --pca 5 when every call is made', () => {
    const result = pcaOfTable(readFileset('twopop'), { components: 5 });
    const ref = plinkReference('twopop');
    expect(result.variantsUsed).toBe(1500);
    expect(result.variants[0].name).toBe('rs100000_A');
    ref.vectors.forEach((v, c) => {
      expect(Math.abs(correlation(column(result, c), v))).toBeGreaterThan(0.99999);
      // PLINK writes 6 significant digits.
      expect(
        Math.abs(result.eigenvalues[c] - ref.eigenvalues[c]) / ref.eigenvalues[c],
      ).toBeLessThan(1e-5);
    });
  });

  it('stays within |r| ≥ 0.99 of PLINK 1.9 with 1 % of calls missing (its per-pair denominators differ)', () => {
    const result = pcaOfTable(readFileset('twopop_missing'), { components: 5 });
    const ref = plinkReference('twopop_missing');
    ref.vectors.forEach((v, c) => {
      expect(Math.abs(correlation(column(result, c), v))).toBeGreaterThanOrEqual(0.99);
      expect(
        Math.abs(result.eigenvalues[c] - ref.eigenvalues[c]) / ref.eigenvalues[c],
      ).toBeLessThan(0.03);
    });
    // The populations separate on the first component.
    const pc1 = column(result, 0);
    const right = pc1.filter((x, i) => (x > 0 === pc1[0] > 0) === i < 60).length;
    expect(right).toBe(120);
  });

  it('refuses a table with no genotype columns', () => {
    const table = readFileset('twopop');
    table.coded = table.coded?.map(() => null);
    expect(() => pcaOfTable(table)).toThrow(/no genotype columns/);
  });
});

describe('projectTableRows', () => {
  const table = readFileset('twopop');
  const pca = pcaOfTable(table, { components: 3 });

  it('gives the cohort its own scores, whichever allele a column counts', () => {
    const same = projectTableRows(pca, table);
    expect(same.absentVariants).toBe(0);
    same.scores.forEach((row, i) =>
      row.forEach((v, c) => expect(v).toBeCloseTo(pca.scores[i * 3 + c], 12)),
    );
    // The first variant counted the other way (A2 instead of A1): the doses are read back as 2 − dose.
    const swapped = readFileset('twopop');
    const c = swapped.headers.indexOf(pca.variants[0].name);
    const column = swapped.coded?.[c];
    if (!column?.genotype) throw new Error('fixture');
    column.values = codeValues(column, swapped.rowCount).map((g) =>
      g === MISSING_CODE ? g : 2 - g,
    );
    delete column.packed;
    column.genotype = {
      ...column.genotype,
      counted: column.genotype.other,
      other: column.genotype.counted,
    };
    const flipped = projectTableRows(pca, swapped);
    expect(flipped.flippedVariants).toBe(1);
    flipped.scores.forEach((row, i) =>
      row.forEach((v, k) => expect(v).toBeCloseTo(pca.scores[i * 3 + k], 12)),
    );
  });

  it('counts absent variants as the cohort mean and refuses alleles that do not match', () => {
    const fewer = readFileset('twopop');
    const c = fewer.headers.indexOf(pca.variants[5].name);
    fewer.headers[c] = 'renamed';
    const projected = projectTableRows(pca, fewer);
    expect(projected.absentVariants).toBe(1);
    // Row 0 without variant 5: its score loses exactly that variant's term.
    const { model } = pca;
    const column = table.coded?.[c];
    if (!column) throw new Error('fixture');
    const g = codeAt(column, 0);
    const x = (g - model.twoP[5]) * model.scale[5];
    expect(projected.scores[0][0]).toBeCloseTo(pca.scores[0] - x * model.weights[5 * 3], 12);
    const other = readFileset('twopop');
    const col = other.coded?.[c];
    if (!col?.genotype) throw new Error('fixture');
    col.genotype = { ...col.genotype, counted: 'C', other: 'T' };
    expect(() => projectTableRows(pca, other)).toThrow(
      /counts C \(other T\) here but A \(other G\)/,
    );
  });
});

describe('sex chromosomes and mitochondria', () => {
  it('names the chromosomes PLINK 1.9 leaves out of --pca', () => {
    for (const c of ['X', 'chrX', 'y', '23', '24', '26', 'MT', 'chrM'])
      expect(pcaLeavesOutChromosome(c)).toBe(true);
    for (const c of ['1', 'chr22', '25', 'XY', '0']) expect(pcaLeavesOutChromosome(c)).toBe(false);
  });

  it('leaves out X and MT variants as plink1.9 --pca does', () => {
    // plink1.9 --pca 3 on twopop with the .bim's first 500 variants moved to X and the next 20 to MT
    // (awk 'NR<=500{$1="X"} NR>500&&NR<=520{$1="MT"} {print}' twopop.bim) gave these eigenvalues.
    const plink = [7.30677, 1.75568, 1.74017];
    const chromosomes = Array.from({ length: 1500 }, (_, j) =>
      j < 500 ? 'X' : j < 520 ? 'MT' : '1',
    );
    const result = pcaOfTable(readFileset('twopop'), { components: 3, chromosomes });
    expect(result.variantsExcluded).toBe(520);
    expect(result.variantsUsed).toBe(980);
    expect(result.variants[0].name).toBe('rs100520_A');
    plink.forEach((v, c) => expect(Math.abs(result.eigenvalues[c] / v - 1)).toBeLessThan(1e-5));
    expect(() => pcaOfTable(readFileset('twopop'), { chromosomes: ['1'] })).toThrow(
      /one per column/,
    );
  });
});
