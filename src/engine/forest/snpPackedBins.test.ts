import { describe, expect, it } from 'vitest';
import { binFeatures, binFeaturesSnpPacked } from './binning.ts';
import { growTrees } from './grow.ts';
import { Rng } from './rng.ts';
import {
  expandSnpBins,
  heldBinBytes,
  isSnpPacked,
  snpPackedBins,
  type SnpPackedBins,
} from './packedSnp.ts';
import { allocateColumns, setPackedDose, type FeatureColumns } from './featureColumns.ts';
import { DEFAULT_PARAMS, type ForestParams, type TreeShard } from './types.ts';

/**
 * A seeded table of 24 SNP columns (0/1/2, some missing, one column without heterozygotes), a continuous column
 * and a categorical one; the outcome (nClasses classes) depends on two SNPs and the continuous column.
 */
function mixedTable(nRows: number, nClasses: number) {
  const rng = new Rng(7);
  const nSnp = 24;
  const p = nSnp + 2;
  const X = new Float32Array(nRows * p);
  for (let f = 0; f < nSnp; f++) {
    const maf = 0.05 + 0.4 * rng.nextFloat();
    for (let r = 0; r < nRows; r++) {
      let g = (rng.nextFloat() < maf ? 1 : 0) + (rng.nextFloat() < maf ? 1 : 0);
      if (f === 5 && g === 1) g = 2;
      X[f * nRows + r] = f % 3 === 0 && rng.nextFloat() < 0.05 ? NaN : g;
    }
  }
  for (let r = 0; r < nRows; r++) {
    X[nSnp * nRows + r] = rng.nextFloat() < 0.03 ? NaN : rng.nextFloat() * 10;
    X[(nSnp + 1) * nRows + r] = Math.floor(rng.nextFloat() * 5);
  }
  const isCat = new Uint8Array(p);
  isCat[nSnp + 1] = 1;
  const y = new Uint8Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const s =
      (X[r] || 0) + (X[nRows + r] || 0) + (X[nSnp * nRows + r] || 0) / 5 + rng.nextFloat() * 2;
    y[r] = Math.min(nClasses - 1, Math.floor((s * nClasses) / 6));
  }
  return { X, y, p, nSnp, isCat };
}

/**
 * The genotype columns' thresholds: one array for all columns of the same doses (same bins), so a table cloned into a
 * worker brings a handful of arrays, not one per variant; the clone keeps that sharing.
 */
function oneArrayPerDoses(held: SnpPackedBins, cols: FeatureColumns): void {
  const genotypes = Array.from(cols.packOff.keys()).filter((f) => cols.packOff[f] >= 0);
  const kinds = new Set(
    genotypes.map((f) => `${held.nBins[f]}:${Array.from(held.thresholds[f]).join(',')}`),
  );
  const arrays = (t: Float64Array[]) => new Set(genotypes.map((f) => t[f])).size;
  expect(genotypes.length).toBeGreaterThan(kinds.size);
  expect(arrays(held.thresholds)).toBe(kinds.size);
  expect(arrays(structuredClone(held.thresholds))).toBe(kinds.size);
}

function sameShard(a: TreeShard, b: TreeShard): void {
  expect(b.trees.length).toBe(a.trees.length);
  for (let t = 0; t < a.trees.length; t++) expect(b.trees[t]).toEqual(a.trees[t]);
  expect(b.oobSum && Array.from(b.oobSum)).toEqual(a.oobSum && Array.from(a.oobSum));
  expect(b.oobCount && Array.from(b.oobCount)).toEqual(a.oobCount && Array.from(a.oobCount));
}

describe('a table held with its SNP columns only 2-bit packed', () => {
  const n = 600;
  const trees = Array.from({ length: 12 }, (_, i) => i);
  const base: ForestParams = {
    ...DEFAULT_PARAMS,
    nEstimators: 12,
    randomState: 11,
    oobScore: true,
  };

  it('holds no byte bins for the SNP columns, and expands back to the same bins', () => {
    const { X, y, p, nSnp, isCat } = mixedTable(n, 2);
    void y;
    const full = binFeatures(X, n, p, isCat);
    const held = snpPackedBins(full);
    // Two byte columns (continuous, categorical) and 24 packed columns of ceil(600 / 4) bytes.
    expect(held.byteBins.byteLength).toBe(2 * n);
    expect(heldBinBytes(held)).toBe(2 * n + nSnp * Math.ceil(n / 4));
    expect(heldBinBytes(held)).toBeLessThan(heldBinBytes(full) / 3);
    expect(Array.from(expandSnpBins(held).bins)).toEqual(Array.from(full.bins));
  });

  it.each([
    ['two classes, out-of-bag votes', 2, {}],
    ['two classes, minSamplesLeaf 3, no bootstrap', 2, { minSamplesLeaf: 3, bootstrap: false }],
    [
      'two classes, balanced class weights (histogram path: expanded)',
      2,
      { classWeight: 'balanced' },
    ],
    ['three classes (histogram path: expanded)', 3, {}],
  ] as const)('grows the same trees as the byte bins: %s', (_, nClasses, over) => {
    const { X, y, p, isCat } = mixedTable(n, nClasses);
    const full = binFeatures(X, n, p, isCat);
    const params = { ...base, ...over } as ForestParams;
    const a = growTrees(full, y, nClasses, params, trees);
    const b = growTrees(snpPackedBins(full), y, nClasses, params, trees);
    sameShard(a, b);
  });

  it('grows the same trees on a subset of rows (cross-validation)', () => {
    const { X, y, p, isCat } = mixedTable(n, 2);
    const full = binFeatures(X, n, p, isCat);
    const rows = Int32Array.from({ length: n / 2 }, (_, i) => 2 * i + 1);
    const a = growTrees(full, y, 2, base, trees, { rows });
    const b = growTrees(snpPackedBins(full), y, 2, base, trees, { rows });
    sameShard(a, b);
  });
});

describe('binFeaturesSnpPacked', () => {
  it.each([601, 602, 603, 604])(
    'bins feature columns with no byte bins for the genotypes, as snpPackedBins(binFeatures) (%i rows)',
    (n) => {
      const { X, y, p, nSnp, isCat } = mixedTable(n, 2);
      // SNP columns packed but column 3, left as floats (a dense column of 3 bins: byte bins and packed codes).
      const pack = new Uint8Array(p);
      for (let f = 0; f < nSnp; f++) pack[f] = f === 3 ? 0 : 1;
      const cols = allocateColumns(n, pack);
      for (let f = 0; f < p; f++) {
        for (let r = 0; r < n; r++) {
          const v = X[f * n + r];
          if (pack[f]) setPackedDose(cols, f, r, v);
          else cols.dense[cols.denseOff[f] + r] = v;
        }
      }
      const full = binFeatures(cols, n, p, isCat);
      const direct = binFeaturesSnpPacked(cols, isCat);
      if (!isSnpPacked(direct)) throw new Error('expected a table held SNP-packed');
      const ref = snpPackedBins(full);
      // The bytes held: three byte columns and the packed codes, not a byte a genotype.
      expect(direct.byteBins.byteLength).toBe(3 * n);
      expect(heldBinBytes(direct)).toBe(3 * n + nSnp * Math.ceil(n / 4));
      expect(Array.from(direct.snp.packOff)).toEqual(Array.from(ref.snp.packOff));
      expect(Array.from(direct.snp.packMissing)).toEqual(Array.from(ref.snp.packMissing));
      expect(Array.from(direct.nBins)).toEqual(Array.from(full.nBins));
      expect(direct.thresholds.map((t) => Array.from(t))).toEqual(
        full.thresholds.map((t) => Array.from(t)),
      );
      expect(Array.from(expandSnpBins(direct).bins)).toEqual(Array.from(full.bins));
      oneArrayPerDoses(direct, cols);
      const params = { ...DEFAULT_PARAMS, nEstimators: 8, randomState: 5, oobScore: true };
      const trees = Array.from({ length: 8 }, (_, i) => i);
      sameShard(growTrees(full, y, 2, params, trees), growTrees(direct, y, 2, params, trees));
    },
  );
});

describe('binFeaturesSnpPacked in place (the feature columns’ codes are the bins)', () => {
  /** mixedTable's columns as feature columns, with genotype columns whose bins are not their doses. */
  function inPlaceTable(n: number) {
    const { X, y, p, nSnp, isCat } = mixedTable(n, 2);
    for (let r = 0; r < n; r++) {
      // Column 7: doses 1 and 2 only (bins 0, 1); column 8: every patient 2 (one bin); column 9: all missing.
      const v = X[7 * n + r];
      X[7 * n + r] = v === 0 ? 1 : v;
      X[8 * n + r] = 2;
      X[9 * n + r] = NaN;
    }
    const pack = new Uint8Array(p);
    for (let f = 0; f < nSnp; f++) pack[f] = f === 3 ? 0 : 1;
    const cols = allocateColumns(n, pack);
    for (let f = 0; f < p; f++) {
      for (let r = 0; r < n; r++) {
        const v = X[f * n + r];
        if (pack[f]) setPackedDose(cols, f, r, v);
        else cols.dense[cols.denseOff[f] + r] = v;
      }
    }
    return { cols, y, p, isCat };
  }

  it.each([601, 602, 603, 604])(
    'reads the codes without a copy and grows the same trees as the byte bins (%i rows)',
    (n) => {
      const { cols, y, p, isCat } = inPlaceTable(n);
      const full = binFeatures(cols, n, p, isCat);
      const held = binFeaturesSnpPacked(cols, isCat, 255, { inPlace: true });
      if (!isSnpPacked(held)) throw new Error('expected a table held SNP-packed');
      // No second copy of the codes: the table reads the feature columns' own array.
      expect(held.snp.packed).toBe(cols.packed);
      // Byte bins: column 3 (floats), the continuous and categorical columns, and the genotype columns 5 (doses 0
      // and 2), 7 (1 and 2) and 8 (2 only), whose bins are not their doses.
      expect(Array.from(held.byteCol, (c, f) => (c >= 0 ? f : -1)).filter((f) => f >= 0)).toEqual([
        3, 5, 7, 8, 24, 25,
      ]);
      expect(held.byteBins.byteLength).toBe(6 * n);
      expect(Array.from(held.snp.packMissing)).toEqual(
        Array.from(snpPackedBins(full).snp.packMissing, (m, f) =>
          held.snp.packOff[f] >= 0 ? m : 0,
        ),
      );
      expect(Array.from(held.nBins)).toEqual(Array.from(full.nBins));
      expect(held.thresholds.map((t) => Array.from(t))).toEqual(
        full.thresholds.map((t) => Array.from(t)),
      );
      expect(Array.from(expandSnpBins(held).bins)).toEqual(Array.from(full.bins));
      // Every column's thresholds are views of one buffer (a worker receives one buffer, not one per column).
      expect(new Set(held.thresholds.map((t) => t.buffer)).size).toBe(1);
      oneArrayPerDoses(held, cols);
      const trees = Array.from({ length: 8 }, (_, i) => i);
      const rows = Int32Array.from({ length: n >>> 1 }, (_, i) => 2 * i + 1);
      for (const [over, options] of [
        [{ oobScore: true }, {}],
        [{ minSamplesLeaf: 3, bootstrap: false }, {}],
        [{ oobScore: true }, { rows }],
      ] as const) {
        const params = { ...DEFAULT_PARAMS, nEstimators: 8, randomState: 5, ...over };
        sameShard(
          growTrees(full, y, 2, params, trees, options),
          growTrees(held, y, 2, params, trees, options),
        );
      }
    },
  );
});
