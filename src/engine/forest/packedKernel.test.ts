/**
 * The packed scan's WebAssembly kernel (packedKernel.ts) gives the JavaScript loops' sums to the bit, so the grower
 * grows the same forests with it as without (every byte of every tree and of the out-of-bag sums), and its committed
 * bytes are what packedKernel.wat compiles to.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { compilePackedKernel } from '../../../scripts/build-packed-kernel';
import { binFeatures } from './binning.ts';
import { growTrees } from './grow.ts';
import { packedKernel, releasePackedKernel, setPackedKernelEnabled } from './packedKernel.ts';
import { PACKED_KERNEL_BASE64 } from './packedKernelWasm.ts';
import { snpPackedBins } from './packedSnp.ts';
import { Rng } from './rng.ts';
import { DEFAULT_PARAMS, type ForestParams, type TreeShard } from './types.ts';

afterEach(() => setPackedKernelEnabled(true));

/**
 * n rows of p genotype columns (0/1/2, minor-allele frequencies 0.05–0.5) with a share `missing` of cells missing
 * (in every column, or only in odd ones), and with `continuous` a last column of many distinct values (a byte
 * column among packed ones); the outcome from two genotypes, their product and noise (with `halves`, the rows of
 * the higher half of that score are the positives: classes of exactly equal size).
 */
function genotypes(
  n: number,
  p: number,
  seed: number,
  opts: { missing?: number; oddOnly?: boolean; continuous?: boolean; halves?: boolean } = {},
) {
  const rng = new Rng(seed);
  const cols = p + (opts.continuous ? 1 : 0);
  const X = new Float32Array(n * cols);
  for (let f = 0; f < p; f++) {
    const maf = 0.05 + 0.45 * rng.nextFloat();
    const gaps = (opts.missing ?? 0) > 0 && (!opts.oddOnly || f % 2 === 1);
    for (let r = 0; r < n; r++) {
      const g = (rng.nextFloat() < maf ? 1 : 0) + (rng.nextFloat() < maf ? 1 : 0);
      X[f * n + r] = gaps && rng.nextFloat() < (opts.missing ?? 0) ? NaN : g;
    }
  }
  if (opts.continuous) for (let r = 0; r < n; r++) X[p * n + r] = rng.nextFloat() * 10 - 5;
  const score = Float64Array.from({ length: n }, (_, r) => {
    const a = X[n + r] || 0;
    const b = X[3 * n + r] || 0;
    return 0.6 * a + a * b + 1.5 * rng.nextFloat();
  });
  const cut = opts.halves ? Float64Array.from(score).sort()[n / 2 - 1] : 1.2;
  const y = Uint8Array.from(score, (s) => (s > cut ? 1 : 0));
  return { X, y, n, p: cols };
}

/** Every array of the shard's trees and out-of-bag sums as bytes, in a fixed order. */
function shardBytes(shard: TreeShard): Buffer[] {
  const out: Buffer[] = [];
  const add = (v: unknown): void => {
    if (ArrayBuffer.isView(v)) out.push(Buffer.from(v.buffer, v.byteOffset, v.byteLength));
  };
  for (const tree of shard.trees) {
    const rec = tree as unknown as Record<string, unknown>;
    for (const k of Object.keys(rec).sort()) add(rec[k]);
  }
  add(shard.oobSum);
  add(shard.oobCount);
  return out;
}

/** Grows the table's forest with the kernel and without it; expects the same bytes. */
function expectSameBothWays(
  t: ReturnType<typeof genotypes>,
  params: Partial<ForestParams>,
  opts: { rows?: Int32Array; heldPacked?: boolean } = {},
): void {
  const p: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 6, randomState: 5, ...params };
  const grow = (): TreeShard => {
    const binned = binFeatures(t.X, t.n, t.p, new Uint8Array(t.p));
    const held = opts.heldPacked ? snpPackedBins(binned) : binned;
    return growTrees(held, t.y, 2, p, [0, 1, 2, 3, 4, 5], { rows: opts.rows });
  };
  setPackedKernelEnabled(true);
  const withKernel = grow();
  setPackedKernelEnabled(false);
  const withoutKernel = grow();
  expect(withKernel.trees.length).toBe(6);
  // Fully grown trees of a few hundred rows: a forest that stopped at the root would compare equal vacuously.
  expect(withKernel.trees[0].nodeCount).toBeGreaterThan(20);
  const a = shardBytes(withKernel);
  const b = shardBytes(withoutKernel);
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(a[i].equals(b[i])).toBe(true);
}

describe('packed scan kernel', () => {
  it('sums what the JavaScript loops sum, codes 0–3, on any rows and weights', () => {
    const rng = new Rng(3);
    const nRows = 203;
    const stride = (nRows + 3) >>> 2;
    const codes = new Uint8Array(stride * 3);
    for (let i = 0; i < codes.length; i++) codes[i] = rng.nextInt(256);
    const packOff = Int32Array.from([0, stride, 2 * stride]);
    const k = packedKernel(150, nRows, codes, packOff, new Uint8Array(3));
    expect(k).not.toBeNull();
    if (!k) return;
    for (let r = 0; r < nRows; r++) k.wy[r] = rng.nextInt(4) + rng.nextInt(4) * 67108864;
    let m = 0;
    for (let r = 0; r < nRows; r++) if (rng.nextFloat() < 0.7 && m < 150) k.idx[m++] = r;
    const code = (col: number, r: number) =>
      (codes[col * stride + (r >>> 2)] >>> ((r & 3) << 1)) & 3;
    const moments = (col: number, start: number, end: number) => {
      const s = [0, 0, 0];
      for (let i = start; i < end; i++) {
        const x = code(col, k.idx[i]);
        const v = k.wy[k.idx[i]];
        s[0] += x * v;
        s[1] += x * x * v;
        s[2] += x * x * x * v;
      }
      return s;
    };
    for (const [start, end] of [
      [0, m],
      [7, 8],
      [5, 5],
      [11, m - 3],
    ]) {
      const f = moments(0, start, end);
      const g = moments(2, start, end);
      k.one3(k.ip, k.wp, start, end, k.pb + 2 * stride);
      expect(Array.from(k.out.subarray(0, 3))).toEqual(g);
      k.pair3(k.ip, k.wp, start, end, k.pb, k.pb + 2 * stride);
      expect(Array.from(k.out.subarray(0, 6))).toEqual([...f, ...g]);
      k.pair2(k.ip, k.wp, start, end, k.pb, k.pb + 2 * stride);
      expect(Array.from(k.out.subarray(0, 4))).toEqual([f[0], f[1], g[0], g[1]]);
    }
    // The codes are a copy: the table's stay as they are.
    expect(k.packed).not.toBe(codes);
    expect(Array.from(k.packed)).toEqual(Array.from(codes));
    releasePackedKernel(k);
  });

  it('is not made when turned off or when the table would not fit its memory', () => {
    const kernel = (codes: number, packOff = [0, 3, 6]) => {
      const k = packedKernel(
        10,
        10,
        new Uint8Array(codes),
        Int32Array.from(packOff),
        new Uint8Array(3),
      );
      if (k) releasePackedKernel(k);
      return k;
    };
    expect(kernel(9)?.allPacked).toBe(true);
    // A byte column among the packed ones: the sums apply, the node's draws stay in JavaScript.
    expect(kernel(6, [0, -1, 3])?.allPacked).toBe(false);
    expect(kernel(0)).toBeNull();
    expect(kernel(70 * 1024 * 1024)).toBeNull();
    setPackedKernelEnabled(false);
    expect(kernel(9)).toBeNull();
  });

  it('is kept for the next call on the same table once released, never shared by two calls', () => {
    const codes = new Uint8Array(12);
    const packOff = Int32Array.from([0, 3, 6, 9]);
    const missing = new Uint8Array(4);
    const make = () => packedKernel(10, 10, codes, packOff, missing);
    const a = make();
    expect(a).not.toBeNull();
    const b = make();
    // a is in use: b is another instance.
    expect(b).not.toBe(a);
    if (a) releasePackedKernel(a);
    if (b) releasePackedKernel(b);
    const c = make();
    expect(c).toBe(a);
    // Another table (other codes, or as many rows but other training rows) takes a new instance.
    expect(packedKernel(10, 10, new Uint8Array(12), packOff, missing)).not.toBe(a);
    expect(packedKernel(8, 10, codes, packOff, missing)).not.toBe(a);
    if (c) releasePackedKernel(c);
  });

  it('grows the same forests when calls on one table reuse the kernel (as a pool worker grows chunks)', () => {
    const t = genotypes(500, 30, 11, { missing: 0.05, oddOnly: true });
    const binned = binFeatures(t.X, t.n, t.p, new Uint8Array(t.p));
    const p: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 9, randomState: 3 };
    const rows = Int32Array.from({ length: 300 }, (_, i) => i + 100);
    const calls = (): Buffer[] =>
      [[0, 1, 2], [3, 4, 5], [6], [7, 8]].flatMap((trees, i) =>
        shardBytes(growTrees(binned, t.y, 2, p, trees, i === 2 ? { rows } : {})),
      );
    setPackedKernelEnabled(true);
    const withKernel = calls();
    setPackedKernelEnabled(false);
    const withoutKernel = calls();
    expect(withKernel.length).toBe(withoutKernel.length);
    for (let i = 0; i < withKernel.length; i++)
      expect(withKernel[i].equals(withoutKernel[i])).toBe(true);
  });

  it('grows the same forests as the JavaScript loops, without missing values', () => {
    const t = genotypes(500, 40, 1);
    expectSameBothWays(t, {});
    // One feature a split: every scan sums one column (no pair ahead); all features: pairs all the way.
    expectSameBothWays(t, { maxFeatures: 1 });
    expectSameBothWays(t, { maxFeatures: 'all' as ForestParams['maxFeatures'] });
  });

  it('grows the same forests with missing values, in every column or only in some', () => {
    expectSameBothWays(genotypes(500, 31, 2, { missing: 0.05 }), { oobScore: true });
    expectSameBothWays(genotypes(500, 30, 3, { missing: 0.1, oddOnly: true }), {});
    expectSameBothWays(genotypes(400, 20, 4, { missing: 0.3 }), {
      bootstrap: false,
      maxFeatures: 0.5,
    });
  });

  it('grows the same forests with a byte column among the packed ones, on row subsets and held packed', () => {
    const t = genotypes(600, 25, 5, { missing: 0.05, continuous: true });
    expectSameBothWays(t, { maxSamples: 0.5, oobScore: true });
    const rows = Int32Array.from({ length: 400 }, (_, i) => (i * 3) % 600);
    expectSameBothWays(t, { oobScore: true }, { rows });
    expectSameBothWays(
      genotypes(500, 30, 6, { missing: 0.05, oddOnly: true }),
      {},
      { heldPacked: true },
    );
  });

  it('grows the same forests with class weights and larger leaves (where the JavaScript loops sum)', () => {
    // Balanced classes: 'balanced' gives weights 1 (the packed path and the kernel); unbalanced: other weights.
    const even = genotypes(400, 20, 7, { missing: 0.05, halves: true });
    expect(even.y.reduce((a, v) => a + v, 0)).toBe(200);
    expectSameBothWays(even, { classWeight: 'balanced' });
    expectSameBothWays(genotypes(400, 20, 8, { missing: 0.05 }), { classWeight: 'balanced' });
    expectSameBothWays(genotypes(800, 20, 9, { missing: 0.05 }), { minSamplesLeaf: 3 });
  });

  it('is what packedKernel.wat compiles to now', async () => {
    const compiled = await compilePackedKernel();
    expect(Buffer.from(compiled).toString('base64')).toBe(PACKED_KERNEL_BASE64);
    const module = new WebAssembly.Module(compiled);
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toEqual([
      'pair2',
      'pair3',
      'one3',
      'init',
      'drawScan',
      'splitPacked',
    ]);
    expect(WebAssembly.Module.imports(module)).toEqual([
      { module: 'env', name: 'memory', kind: 'memory' },
    ]);
  });
});
