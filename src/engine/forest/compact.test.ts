import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildEncoding, encodeTable } from '../data/encode';
import { parseCsvText } from '../data/parse';
import { inferSchema } from '../data/schema';
import { prevFloat32 } from './float32';
import { binFeatures } from './binning';
import { compactTree, treeBytes } from './compact';
import { assembleForest } from './forest';
import { growTrees } from './grow';
import { validateParams } from './params';
import { predictProba } from './predict';
import { Rng } from './rng';
import { deserializeForest, serializeForest, serializeForestV1 } from './serialize';
import type { ForestModel } from './types';

const WDBC_PATH = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../testdata/breast_cancer_wdbc.csv',
);

interface Table {
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  isCat: Uint8Array;
  y: Uint8Array;
}

/** The breast cancer file with a categorical column added and every 7th cell of three columns blanked. */
function realTable(): Table {
  const lines = readFileSync(WDBC_PATH, 'utf8').trim().split('\n');
  const text = lines
    .map((line, i) => {
      if (i === 0) return `${line},stage`;
      const cells = line.split(',');
      for (const c of [0, 5, 21]) if (i % 7 === c % 7) cells[c] = '';
      return `${cells.join(',')},${'ABCDE'[i % 5]}`;
    })
    .join('\n');
  const table = parseCsvText(text);
  const { encoding } = buildEncoding(table, inferSchema(table), {
    columns: [],
    target: 'diagnosis',
  });
  const data = encodeTable(table, encoding);
  const isCat = Uint8Array.from(encoding.features, (f) => (f.kind === 'categorical' ? 1 : 0));
  return { X: data.X, nRows: data.nRows, nFeatures: isCat.length, isCat, y: data.y };
}

/** Continuous columns with 10% missing, a 0/1/2 genotype and a categorical, with a noisy outcome. */
function syntheticTable(nRows: number): Table {
  const nFeatures = 5;
  const rng = new Rng(5);
  const X = new Float32Array(nRows * nFeatures);
  const isCat = Uint8Array.from([0, 0, 0, 0, 1]);
  for (let r = 0; r < nRows; r++) {
    X[r] = rng.nextFloat() < 0.1 ? NaN : rng.nextFloat() * 1e-3 + 1000;
    X[nRows + r] = rng.nextFloat() < 0.1 ? NaN : (rng.nextFloat() - 0.5) * 1e6;
    X[2 * nRows + r] = rng.nextInt(3);
    X[3 * nRows + r] = rng.nextFloat();
    X[4 * nRows + r] = rng.nextFloat() < 0.05 ? NaN : rng.nextInt(12);
  }
  const y = new Uint8Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const s = (X[r] > 1000.0005 ? 1 : 0) + X[2 * nRows + r] + (X[4 * nRows + r] % 3 === 0 ? 1 : 0);
    y[r] = s + (rng.nextFloat() < 0.2 ? 1 : 0) >= 2 ? 1 : 0;
  }
  return { X, nRows, nFeatures, isCat, y };
}

/** The forest as grown (float64 thresholds and weights, impurity decreases kept) and the compact one. */
function fit(t: Table, classWeight: 'balanced' | null) {
  const params = validateParams({ nEstimators: 12, randomState: 7, classWeight }, t.nFeatures);
  const shard = growTrees(binFeatures(t.X, t.nRows, t.nFeatures, t.isCat), t.y, 2, params, [
    ...Array(params.nEstimators).keys(),
  ]);
  const compact = assembleForest([shard], params, t.nRows, 2, t.nFeatures, t.y);
  return { raw: { ...compact, trees: shard.trees }, compact };
}

/** Rows that probe every numeric split at, just below and just above its threshold, as float32 and float64. */
function probes(model: ForestModel, t: Table): { X: Float32Array | Float64Array; n: number }[] {
  const rows: number[][] = [];
  for (const tree of model.trees) {
    for (let i = 0; i < tree.nodeCount; i++) {
      if (tree.left[i] === -1 || tree.catOffset[i] >= 0) continue;
      const thr = tree.threshold[i];
      const f32 = Math.fround(thr);
      for (const v of [thr, f32, prevFloat32(f32), thr + 1e-12, thr - 1e-12]) {
        const row = Array.from({ length: t.nFeatures }, (_, f) => t.X[f * t.nRows]);
        row[tree.feature[i]] = v;
        rows.push(row);
      }
    }
  }
  const n = rows.length;
  const colMajor = (ctor: Float32ArrayConstructor | Float64ArrayConstructor) => {
    const X = new ctor(n * t.nFeatures);
    rows.forEach((row, r) => row.forEach((v, f) => (X[f * n + r] = v)));
    return X;
  };
  return [
    { X: t.X, n: t.nRows },
    { X: colMajor(Float32Array), n },
    { X: colMajor(Float64Array), n },
  ];
}

describe('compact trees', () => {
  for (const [name, table] of [
    ['breast cancer file with missing cells and a categorical', realTable()],
    ['synthetic table with missing values and categoricals', syntheticTable(3000)],
  ] as const) {
    for (const classWeight of [null, 'balanced'] as const) {
      it(`predict bit-identically: ${name}, class weight ${String(classWeight)}`, () => {
        const { raw, compact } = fit(table, classWeight);
        expect(raw.trees[0].threshold).toBeInstanceOf(Float64Array);
        expect(compact.trees[0].threshold).toBeInstanceOf(Float32Array);
        expect(compact.trees[0].impurityDecrease.length).toBe(0);
        const v2 = deserializeForest(JSON.parse(JSON.stringify(serializeForest(compact))));
        const v1 = deserializeForest(JSON.parse(JSON.stringify(serializeForestV1(raw))));
        for (const { X, n } of probes(raw, table)) {
          const expected = Array.from(predictProba(raw, X, n));
          expect(Array.from(predictProba(compact, X, n))).toEqual(expected);
          expect(Array.from(predictProba(v2, X, n))).toEqual(expected);
          expect(Array.from(predictProba(v1, X, n))).toEqual(expected);
        }
        // Weights are whole bootstrap counts without class weights (exact in float32), else within float32.
        for (let k = 0; k < raw.trees.length; k++) {
          raw.trees[k].weight.forEach((w, i) => {
            const c = compact.trees[k].weight[i];
            if (classWeight === null) expect(c).toBe(w);
            else expect(Math.abs(c - w)).toBeLessThanOrEqual(w * 2 ** -23);
          });
        }
      });
    }
  }

  it('hold fewer bytes and keep an already compact tree as it is', () => {
    const { raw, compact } = fit(syntheticTable(2000), null);
    const before = raw.trees.reduce((s, t) => s + treeBytes(t), 0);
    const after = compact.trees.reduce((s, t) => s + treeBytes(t), 0);
    expect(after / before).toBeLessThan(0.72);
    const once = compact.trees[0];
    const twice = compactTree(once);
    expect(twice.threshold).toBe(once.threshold);
    expect(twice.weight).toBe(once.weight);
  });
});
