/**
 * Same seed, same trees, across refactors of the growth loop: SHA-256 of every array of the grown forests
 * (classification: numeric, categorical and missing values, three classes; two classes on packed SNP columns;
 * class weights with min leaf and depth limits; survival forests with and without bootstrap, on a row subset).
 * The digests were recorded from the code before classification and survival trees shared one node loop
 * (commit efdb5d5); a change in any tree, value, weight, out-of-bag array or importance changes them.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fitForest } from './forest.ts';
import { survivalTrees, fitSurvivalForest } from './survivalForest.ts';
import { Rng } from './rng.ts';

type Arrays = Record<string, unknown>;

/** SHA-256 over the bytes of every typed array (and the numbers) of the objects, in key order. */
function digest(objects: Arrays[]): string {
  const h = createHash('sha256');
  const add = (v: unknown): void => {
    if (ArrayBuffer.isView(v)) {
      h.update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength));
    } else if (typeof v === 'number' || typeof v === 'boolean' || v === null) {
      h.update(String(v) + ';');
    }
  };
  for (const o of objects) {
    for (const k of Object.keys(o).sort()) {
      h.update(k);
      add(o[k]);
    }
  }
  return h.digest('hex').slice(0, 16);
}

/** A table with numeric, categorical (column 2) and SNP-like (columns 3..6, 0/1/2) columns, ~5 % missing. */
function table(n: number, seed: number) {
  const rng = new Rng(seed);
  const p = 7;
  const X = new Float32Array(n * p);
  const isCat = Uint8Array.from([0, 0, 1, 0, 0, 0, 0]);
  const y3 = new Uint8Array(n);
  const y2 = new Uint8Array(n);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const a = rng.nextFloat() * 2 - 1;
    const b = rng.nextFloat() * 2 - 1;
    const c = rng.nextInt(5);
    X[r] = a;
    X[n + r] = Math.round(b * 1000) / 1000;
    X[2 * n + r] = c;
    for (let f = 3; f < p; f++) X[f * n + r] = rng.nextInt(3);
    const snp = X[3 * n + r];
    for (let f = 0; f < p; f++) if (rng.nextFloat() < 0.05) X[f * n + r] = NaN;
    const s = a + 0.5 * (c === 2 ? 1 : 0) + 0.4 * snp + 0.5 * (rng.nextFloat() - 0.5);
    y3[r] = s < 0 ? 0 : s < 0.8 ? 1 : 2;
    y2[r] = s > 0.3 ? 1 : 0;
    const t = -Math.log(1 - rng.nextFloat()) / (0.1 * Math.exp(s));
    const cens = -Math.log(1 - rng.nextFloat()) / 0.05;
    time[r] = Math.round(Math.min(t, cens, 40) * 10) / 10;
    event[r] = t <= cens && t <= 40 ? 1 : 0;
  }
  return { X, p, isCat, y3, y2, time, event };
}

/** Only the SNP-like columns (packed path: two classes, integer weights, minSamplesLeaf 1). */
function snpColumns(d: ReturnType<typeof table>, n: number): Float32Array {
  return d.X.slice(3 * n, 7 * n);
}

describe('grown forests are the same for a seed as before the shared node loop', () => {
  const n = 400;
  const d = table(n, 11);

  it('classification forests', () => {
    const three = fitForest(d.X, n, d.p, d.isCat, d.y3, 3, { nEstimators: 12, randomState: 5 });
    const snp = fitForest(snpColumns(d, n), n, 4, new Uint8Array(4), d.y2, 2, {
      nEstimators: 12,
      randomState: 6,
    });
    const mixed = fitForest(d.X, n, d.p, d.isCat, d.y2, 2, { nEstimators: 12, randomState: 7 });
    const limited = fitForest(d.X, n, d.p, d.isCat, d.y2, 2, {
      nEstimators: 12,
      randomState: 8,
      classWeight: 'balanced',
      minSamplesLeaf: 3,
      maxDepth: 6,
      maxFeatures: 0.5,
    });
    const rows = Int32Array.from({ length: 300 }, (_, i) => (i * 7) % n).sort();
    const subset = fitForest(
      d.X,
      n,
      d.p,
      d.isCat,
      d.y3,
      3,
      { nEstimators: 8, randomState: 9, bootstrap: true },
      { rows },
    );
    const got = [three, snp, mixed, limited, subset].map((m) =>
      digest([
        ...(m.trees as unknown as Arrays[]),
        { imp: m.featureImportances, oob: m.oobProba, score: m.oobScore },
      ]),
    );
    expect(got).toEqual([
      'b4716d4f82255ba3',
      '1712ad4b55c4ae3f',
      'ec394066df578019',
      '404c24ef5db405f9',
      '3a50d856167faea3',
    ]);
  });

  it('survival forests', () => {
    const boot = fitSurvivalForest(d.X, n, d.p, d.isCat, d.time, d.event, {
      nEstimators: 10,
      randomState: 3,
    });
    const plain = fitSurvivalForest(d.X, n, d.p, d.isCat, d.time, d.event, {
      nEstimators: 4,
      randomState: 4,
      bootstrap: false,
      oobScore: false,
      minSamplesLeaf: 3,
      maxFeatures: 'all',
    });
    const rows = Int32Array.from({ length: 300 }, (_, i) => (i * 3) % n).sort();
    const subset = fitSurvivalForest(
      d.X,
      n,
      d.p,
      d.isCat,
      d.time,
      d.event,
      { nEstimators: 6, randomState: 5, maxDepth: 5 },
      { rows },
    );
    const got = [boot, plain, subset].map((m) =>
      digest([
        ...(survivalTrees(m) as unknown as Arrays[]),
        { imp: m.featureImportances, oob: m.oobCumHazard, risk: m.oobRisk, c: m.oobCindex },
      ]),
    );
    expect(got).toEqual(['d75d2b5a78156fc3', '78907ed1c63c2aa3', 'c02b97d363c8039d']);
  });

  it('survival forests whose candidate splits tie (copied, mirrored and coarse columns, tied times)', () => {
    // Splits of a column, of its copy and of its mirror image are the same partitions, with statistics equal but
    // for rounding: the first best in scan order must win, as before the split search bounded its candidates
    // (digests recorded with the search that scored every candidate over every event point, commit 41ae729).
    const m = 500;
    const rng = new Rng(21);
    const p = 6;
    const X = new Float32Array(m * p);
    const time = new Float64Array(m);
    const event = new Uint8Array(m);
    for (let r = 0; r < m; r++) {
      const a = Math.round(rng.nextFloat() * 40) / 4;
      X[r] = a;
      X[m + r] = a;
      X[2 * m + r] = -a;
      X[3 * m + r] = rng.nextInt(2);
      X[4 * m + r] = rng.nextInt(4);
      X[5 * m + r] = rng.nextFloat() < 0.3 ? NaN : rng.nextFloat();
      if (rng.nextFloat() < 0.1) X[r] = X[m + r] = X[2 * m + r] = NaN;
      time[r] = 1 + rng.nextInt(30);
      event[r] = rng.nextFloat() < 0.3 + a / 20 ? 1 : 0;
    }
    const isCat = Uint8Array.from([0, 0, 0, 0, 1, 0]);
    const fits = [
      { nEstimators: 8, randomState: 1 },
      {
        nEstimators: 3,
        randomState: 2,
        bootstrap: false,
        oobScore: false,
        maxFeatures: 'all' as const,
      },
      { nEstimators: 6, randomState: 3, minSamplesLeaf: 1, maxFeatures: 3 },
    ].map((params) => fitSurvivalForest(X, m, p, isCat, time, event, params));
    const got = fits.map((f) =>
      digest([
        ...(survivalTrees(f) as unknown as Arrays[]),
        { imp: f.featureImportances, oob: f.oobCumHazard, risk: f.oobRisk, c: f.oobCindex },
      ]),
    );
    expect(got).toEqual(['da3545d68e1be568', '25e3aea708253ccd', '17899a6ccbd5cf3e']);
  });
});
