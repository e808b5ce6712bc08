import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fitForest } from './forest.ts';
import { predictProba } from './predict.ts';
import {
  deserializeForest,
  serializeForest,
  serializeForestV1,
  typedToBase64,
  FORMAT_NAME,
  FORMAT_VERSION,
} from './serialize.ts';
import { Rng } from './rng.ts';

function table(n: number, p: number) {
  const rng = new Rng(11);
  const X = new Float32Array(n * p);
  const isCat = new Uint8Array(p);
  isCat[0] = 1;
  for (let i = 0; i < n * p; i++)
    X[i] = i < n ? rng.nextInt(4) : rng.nextFloat() < 0.1 ? NaN : rng.nextFloat();
  const y = new Uint8Array(n);
  for (let r = 0; r < n; r++) y[r] = (X[r] === 2 ? 1 : 0) ^ (X[n + r] > 0.7 ? 1 : 0);
  return { X, y, isCat };
}

describe('serialisation', () => {
  const n = 150;
  const p = 4;
  const { X, y, isCat } = table(n, p);
  const model = fitForest(X, n, p, isCat, y, 2, { nEstimators: 15, randomState: 3 });

  it('round-trips through JSON to bit-identical predictions', () => {
    const text = JSON.stringify(serializeForest(model));
    const back = deserializeForest(JSON.parse(text));
    expect(Array.from(predictProba(back, X, n))).toEqual(Array.from(predictProba(model, X, n)));
    expect(back.trees.length).toBe(15);
    expect(back.trees.some((t) => t.catBits.length > 0)).toBe(true);
    expect(Array.from(back.featureImportances)).toEqual(Array.from(model.featureImportances));
    expect(Array.from(back.oobProba ?? [])).toEqual(Array.from(model.oobProba ?? []));
    expect(back.oobScore).toBe(model.oobScore);
    expect(back.params).toEqual(model.params);
  });

  it('writes version 2, smaller than version 1, with the optional arrays left out', () => {
    const v2 = serializeForest(model);
    const v1 = serializeForestV1(model);
    expect(v2.version).toBe(2);
    expect(v2.trees.every((t) => t.right === undefined && t.impurityDecrease === undefined)).toBe(
      true,
    );
    // Trees without a categorical split leave catOffset out; those with one keep it.
    expect(v2.trees.some((t) => t.catOffset !== undefined)).toBe(true);
    expect(JSON.stringify(v2).length).toBeLessThan(0.75 * JSON.stringify(v1).length);
    const back = deserializeForest(JSON.parse(JSON.stringify(v1)));
    expect(Array.from(predictProba(back, X, n))).toEqual(Array.from(predictProba(model, X, n)));
  });

  it('loads a version-1 file saved by the engine before version 2 to the same predictions', () => {
    const path = resolve(
      dirname(fileURLToPath(import.meta.url)),
      '../../../testdata/models/forest-v1.json',
    );
    const file = JSON.parse(readFileSync(path, 'utf8')) as { model: unknown; proba: number[] };
    expect((file.model as { version: number }).version).toBe(1);
    const old = deserializeForest(file.model);
    expect(old.trees.length).toBe(15);
    expect(old.trees[0].threshold).toBeInstanceOf(Float32Array);
    expect(Array.from(predictProba(old, X, n))).toEqual(file.proba);
    // Saved again it becomes version 2 and still predicts the same.
    const again = deserializeForest(JSON.parse(JSON.stringify(serializeForest(old))));
    expect(Array.from(predictProba(again, X, n))).toEqual(file.proba);
  });

  it('rejects other formats, versions and inconsistent arrays', () => {
    const s = serializeForest(model);
    expect(() => deserializeForest({ hello: 1 })).toThrow(/Not a GenoForest model/);
    expect(() => deserializeForest(null)).toThrow(/Not a GenoForest model/);
    expect(() => deserializeForest({ ...s, version: FORMAT_VERSION + 1 })).toThrow(
      /Unsupported GenoForest model version/,
    );
    const badTree = { ...s.trees[0], nodeCount: s.trees[0].nodeCount + 1 };
    expect(() =>
      deserializeForest({ ...s, trees: [{ ...s.trees[0], right: 'AAAAAA==' }] }),
    ).toThrow(/tree 0 right has 1 entries/);
    expect(() => deserializeForest({ ...s, trees: [badTree] })).toThrow(/tree 0 .* entries/);
    expect(() =>
      deserializeForest({ ...s, trees: [{ ...s.trees[0], left: 'not base64!' }] }),
    ).toThrow(/base64/);
    expect(() => deserializeForest({ ...s, nFeatures: 1 })).toThrow(/feature/);
  });

  it('refuses a crafted chain whose nodes both point at the next node (a DAG that explodes TreeSHAP)', () => {
    for (const n of [24, 40]) {
      const file = JSON.stringify(chainModel(n));
      // About 2 KB: paths double at each of the n - 1 splits, 2^23 and 2^39 of them.
      expect(file.length).toBeLessThan(2600);
      expect(() => deserializeForest(JSON.parse(file))).toThrow(
        'Corrupt GenoForest model: tree 0 node 0 has node 1 as both children',
      );
    }
  });

  it('refuses a tree whose counts or probabilities are not what growth writes', () => {
    const s = serializeForest(model);
    const t = s.trees[0];
    const weight = new Float32Array(t.nodeCount).fill(1);
    expect(() =>
      deserializeForest({ ...s, trees: [{ ...t, weight: typedToBase64(weight) }] }),
    ).toThrow(
      /Corrupt GenoForest model: tree 0 node 0 has sample weight 1, but its children hold 2/,
    );
    const value = new Float32Array(t.nodeCount * 2).fill(0.7);
    expect(() =>
      deserializeForest({ ...s, trees: [{ ...t, value: typedToBase64(value) }] }),
    ).toThrow(/tree 0 node \d+ has class probabilities summing to 1.4/);
  });
});

/** A version-2 model file of one tree of n nodes where split j sends both branches to node j + 1. */
function chainModel(n: number): unknown {
  const left = new Int32Array(n);
  for (let j = 0; j < n; j++) left[j] = j < n - 1 ? j + 1 : -1;
  const weight = new Float32Array(n).fill(1);
  const value = new Float32Array(2 * n).fill(0.5);
  return {
    format: FORMAT_NAME,
    version: 2,
    params: {},
    nFeatures: 1,
    nClasses: 2,
    featureImportances: typedToBase64(new Float64Array(1)),
    oobProba: null,
    oobScore: null,
    trees: [
      {
        nodeCount: n,
        feature: typedToBase64(new Int32Array(n)),
        threshold: typedToBase64(new Float32Array(n)),
        left: typedToBase64(left),
        right: typedToBase64(left),
        missingLeft: typedToBase64(new Uint8Array(n)),
        catBits: typedToBase64(new Uint32Array(0)),
        value: typedToBase64(value),
        weight: typedToBase64(weight),
      },
    ],
  };
}
