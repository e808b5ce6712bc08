/**
 * Weighted feature draws (enriched forests, weightedDraws.ts) and minSamplesLeaf > 1 on packed SNP columns: the
 * packed kernel's counted loops (packedKernel.wat), the weighted draws' scans in WebAssembly (listScanKernel.wat) and
 * the pairs of draws summed together give the trees grown before them, and the JavaScript loops' trees, byte for byte.
 *
 * The out-of-bag sums of rows and of groups routed down each tree together (grow.ts addOobVotesRouted) are those of
 * addOobVotes. The digests were recorded from the code before these changes (commit 3353294: one JavaScript scan a
 * weighted draw, the counted loops in JavaScript only, out-of-bag rows one at a time); a change in any tree array
 * or out-of-bag sum changes them.
 */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { binFeatures } from './binning.ts';
import { growTrees } from './grow.ts';
import { compileListScanKernel } from '../../../scripts/build-packed-kernel';
import { LIST_SCAN_KERNEL_BASE64 } from './listScanKernelWasm.ts';
import { packedKernel, releasePackedKernel, setPackedKernelEnabled } from './packedKernel.ts';
import { snpPackedBins } from './packedSnp.ts';
import { Rng } from './rng.ts';
import { DEFAULT_PARAMS, type ForestParams, type TreeShard } from './types.ts';

afterEach(() => setPackedKernelEnabled(true));

/**
 * n rows of p genotype columns (0/1/2) with a share `missing` of cells missing (in every column, or only in odd
 * ones), with `continuous` a last column of many distinct values (a byte column among the packed ones); the outcome
 * from two genotypes, their product and noise, about one row in three positive (unequal classes: 'balanced' class
 * weights other than 1).
 */
function genotypes(
  n: number,
  p: number,
  seed: number,
  opts: { missing?: number; oddOnly?: boolean; continuous?: boolean } = {},
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
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const a = X[n + r] || 0;
    const b = X[3 * n + r] || 0;
    y[r] = 0.6 * a + a * b + 1.5 * rng.nextFloat() > 1.4 ? 1 : 0;
  }
  // Screen-like weights: a few heavy features (the two causal ones among them), the rest light and unequal.
  const weights = Array.from({ length: cols }, (_, f) =>
    f === 1 || f === 3 || f % 7 === 0 ? 1 : 0.02 + 0.2 * rng.nextFloat(),
  );
  return { X, y, n, p: cols, weights };
}

type Table = ReturnType<typeof genotypes>;

/** Every array of the shard's trees and out-of-bag sums, in a fixed order. */
function shardArrays(shard: TreeShard): ArrayBufferView[] {
  const out: ArrayBufferView[] = [];
  const add = (v: unknown): void => {
    if (ArrayBuffer.isView(v)) out.push(v);
  };
  for (const tree of shard.trees) {
    const rec = tree as unknown as Record<string, unknown>;
    for (const k of Object.keys(rec).sort()) add(rec[k]);
  }
  add(shard.oobSum);
  add(shard.oobCount);
  add(shard.groupOobSum);
  add(shard.groupOobCount);
  return out;
}

function bytesOf(v: ArrayBufferView): Buffer {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

function digest(shard: TreeShard): string {
  const h = createHash('sha256');
  for (const v of shardArrays(shard)) h.update(bytesOf(v));
  return h.digest('hex').slice(0, 16);
}

function grow(
  t: Table,
  params: Partial<ForestParams>,
  opts: { rows?: Int32Array; heldPacked?: boolean; weighted?: boolean; groups?: Int32Array } = {},
): TreeShard {
  const p: ForestParams = {
    ...DEFAULT_PARAMS,
    nEstimators: 6,
    randomState: 11,
    ...(opts.weighted === false ? {} : { featureWeights: t.weights }),
    ...params,
  };
  const binned = binFeatures(t.X, t.n, t.p, new Uint8Array(t.p));
  const held = opts.heldPacked ? snpPackedBins(binned) : binned;
  return growTrees(held, t.y, 2, p, [0, 1, 2, 3, 4, 5], { rows: opts.rows, groups: opts.groups });
}

/** The forest with the kernel and without it: the same bytes in every array; returns its digest. */
function sameBothWays(
  t: Table,
  params: Partial<ForestParams>,
  opts: { rows?: Int32Array; heldPacked?: boolean; weighted?: boolean; groups?: Int32Array } = {},
): string {
  setPackedKernelEnabled(true);
  const withKernel = grow(t, params, opts);
  setPackedKernelEnabled(false);
  const withoutKernel = grow(t, params, opts);
  setPackedKernelEnabled(true);
  expect(withKernel.trees.length).toBe(6);
  // Trees of several splits: a forest that stopped at the root would compare equal vacuously.
  expect(withKernel.trees[0].nodeCount).toBeGreaterThan(6);
  const a = shardArrays(withKernel);
  const b = shardArrays(withoutKernel);
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(bytesOf(a[i]).equals(bytesOf(b[i]))).toBe(true);
  return digest(withKernel);
}

describe('weighted draws and larger leaves on packed SNP columns', () => {
  it("the kernel's counted loops count the rows of each bit as the JavaScript loops do", () => {
    const rng = new Rng(4);
    const nRows = 203;
    const stride = (nRows + 3) >>> 2;
    const codes = new Uint8Array(stride * 3);
    for (let i = 0; i < codes.length; i++) codes[i] = rng.nextInt(256);
    // Column 1 without code 3 (no missing values), as pair2 expects.
    for (let i = stride; i < 2 * stride; i++) {
      let b = codes[i];
      for (let s = 0; s < 8; s += 2) if (((b >>> s) & 3) === 3) b &= ~(1 << s);
      codes[i] = b;
    }
    const k = packedKernel(
      150,
      nRows,
      codes,
      Int32Array.from([0, stride, 2 * stride]),
      new Uint8Array(3),
    );
    expect(k).not.toBeNull();
    if (!k) return;
    // Every column packed: the weighted draws' scans run in the list kernel.
    expect(k.scanList).not.toBeNull();
    for (let r = 0; r < nRows; r++) k.wy[r] = rng.nextInt(4) + rng.nextInt(4) * 67108864;
    let m = 0;
    for (let r = 0; r < nRows; r++) if (rng.nextFloat() < 0.7 && m < 150) k.idx[m++] = r;
    const code = (col: number, r: number) =>
      (codes[col * stride + (r >>> 2)] >>> ((r & 3) << 1)) & 3;
    const sums = (col: number, start: number, end: number) => {
      const s = [0, 0, 0];
      const n = [0, 0, 0];
      for (let i = start; i < end; i++) {
        const x = code(col, k.idx[i]);
        const v = k.wy[k.idx[i]];
        s[0] += x * v;
        s[1] += x * x * v;
        s[2] += x * x * x * v;
        n[0] += x & 1;
        n[1] += x >>> 1;
        n[2] += x === 3 ? 1 : 0;
      }
      return { s, n };
    };
    for (const [start, end] of [
      [0, m],
      [7, 8],
      [5, 5],
      [11, m - 3],
    ]) {
      const f = sums(0, start, end);
      const g = sums(2, start, end);
      const h = sums(1, start, end);
      k.one3(k.ip, k.wp, start, end, k.pb + 2 * stride, 1);
      expect(Array.from(k.out.subarray(0, 3))).toEqual(g.s);
      expect(Array.from(k.counts.subarray(0, 3))).toEqual(g.n);
      k.pair3(k.ip, k.wp, start, end, k.pb, k.pb + 2 * stride, 1);
      expect(Array.from(k.out.subarray(0, 6))).toEqual([...f.s, ...g.s]);
      expect(Array.from(k.counts)).toEqual([...f.n, ...g.n]);
      k.pair2(k.ip, k.wp, start, end, k.pb + stride, k.pb + stride, 1);
      expect(Array.from(k.out.subarray(0, 4))).toEqual([h.s[0], h.s[1], h.s[0], h.s[1]]);
      expect(Array.from(k.counts)).toEqual([h.n[0], h.n[1], 0, h.n[0], h.n[1], 0]);
      // Without counts the loops leave the counts as they were (minSamplesLeaf 1 does not read them).
      k.counts.fill(-1);
      k.one3(k.ip, k.wp, start, end, k.pb + 2 * stride);
      expect(Array.from(k.out.subarray(0, 3))).toEqual(g.s);
      expect(Array.from(k.counts)).toEqual([-1, -1, -1, -1, -1, -1]);
    }
    releasePackedKernel(k);
  });

  it('listScanKernel.wat compiles to the committed bytes', async () => {
    const compiled = await compileListScanKernel();
    expect(Buffer.from(compiled).toString('base64')).toBe(LIST_SCAN_KERNEL_BASE64);
    const module = new WebAssembly.Module(compiled);
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toEqual(['init', 'scanList']);
  });

  it('grows the recorded forests with weighted draws, kernel or not (leaves of 1, 5 and 20)', () => {
    const miss = genotypes(600, 40, 1, { missing: 0.05 });
    const full = genotypes(700, 36, 2);
    const some = genotypes(600, 30, 3, { missing: 0.1, oddOnly: true });
    const got = [
      sameBothWays(miss, { oobScore: true }),
      sameBothWays(miss, { minSamplesLeaf: 5, classWeight: 'balanced', oobScore: true }),
      sameBothWays(miss, { minSamplesLeaf: 20, classWeight: 'balanced' }),
      sameBothWays(full, { minSamplesLeaf: 5 }),
      sameBothWays(full, { minSamplesLeaf: 20, classWeight: 'balanced', maxFeatures: 0.5 }),
      sameBothWays(some, { minSamplesLeaf: 5, maxFeatures: 1 }),
      sameBothWays(some, { minSamplesLeaf: 10, classWeight: 'balanced' }, { heldPacked: true }),
    ];
    expect(got).toEqual([
      '886c2408a2d9b5da',
      '142d79eddee6861e',
      '4aceb4906d8bd0fd',
      'b40d7de7c6a1c583',
      'ba5a7f2709a260e3',
      'cc9e8c58ba76b8f8',
      '232437c8439cc0ed',
    ]);
  });

  it('grows the recorded forests with uniform draws and larger leaves, kernel or not', () => {
    const miss = genotypes(600, 40, 4, { missing: 0.05 });
    const full = genotypes(700, 36, 5);
    const got = [
      sameBothWays(
        miss,
        { minSamplesLeaf: 5, classWeight: 'balanced', oobScore: true },
        { weighted: false },
      ),
      sameBothWays(miss, { minSamplesLeaf: 20 }, { weighted: false }),
      sameBothWays(full, { minSamplesLeaf: 5, classWeight: 'balanced' }, { weighted: false }),
      sameBothWays(
        full,
        { minSamplesLeaf: 20, maxFeatures: 'all' as ForestParams['maxFeatures'] },
        { weighted: false },
      ),
    ];
    expect(got).toEqual([
      '382eba649abb04c4',
      'e0a360a1025c6f5e',
      'a72d3029e7d5494d',
      'a66712aa88fa358b',
    ]);
  });

  it('grows the recorded forests with a byte column among packed ones and on row subsets', () => {
    const t = genotypes(600, 25, 6, { missing: 0.05, continuous: true });
    const rows = Int32Array.from({ length: 400 }, (_, i) => (i * 3) % 600);
    const got = [
      sameBothWays(t, { minSamplesLeaf: 5, classWeight: 'balanced', oobScore: true }),
      sameBothWays(t, { minSamplesLeaf: 20, maxSamples: 0.5 }, { rows }),
      sameBothWays(t, { oobScore: true }, { rows }),
    ];
    expect(got).toEqual(['f2550a78b7fe7198', 'b3358654a4d7182e', '4838c5f47e624465']);
  });

  it('sums the recorded out-of-bag votes of rows and of groups (routed down each tree together)', () => {
    const miss = genotypes(600, 30, 7, { missing: 0.05 });
    const mixed = genotypes(500, 20, 8, { missing: 0.05, continuous: true });
    // Related rows: groups of 1 to 3 consecutive rows.
    const groups = (n: number): Int32Array => {
      const g = new Int32Array(n);
      for (let r = 1; r < n; r++) g[r] = g[r - 1] + (r % 3 === 0 || r % 5 === 0 ? 1 : 0);
      return g;
    };
    const rows = Int32Array.from({ length: 350 }, (_, i) => (i * 7) % 500);
    const got = [
      sameBothWays(miss, { oobScore: true }, { weighted: false, groups: groups(600) }),
      sameBothWays(miss, { oobScore: true, minSamplesLeaf: 5 }, { groups: groups(600) }),
      sameBothWays(
        miss,
        { oobScore: true, maxFeatures: 'all' as ForestParams['maxFeatures'] },
        { heldPacked: true, weighted: false },
      ),
      sameBothWays(mixed, { oobScore: true }, { groups: groups(500) }),
      sameBothWays(mixed, { oobScore: true, minSamplesLeaf: 3 }, { rows, weighted: false }),
    ];
    expect(got).toEqual([
      '99b28d0b610e13d7',
      '84e6cd516e57c1e0',
      '19f9440e7ce36262',
      '41a680695b4c717d',
      '5d59259620278e35',
    ]);
  });
});
