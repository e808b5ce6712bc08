import { describe, expect, it } from 'vitest';
import { fitForest } from './forest.ts';
import { predictProba } from './predict.ts';
import { deserializeForest, serializeForest, FORMAT_VERSION } from './serialize.ts';
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

  it('rejects other formats, versions and inconsistent arrays', () => {
    const s = serializeForest(model);
    expect(() => deserializeForest({ hello: 1 })).toThrow(/Not a GenoForest model/);
    expect(() => deserializeForest(null)).toThrow(/Not a GenoForest model/);
    expect(() => deserializeForest({ ...s, version: FORMAT_VERSION + 1 })).toThrow(
      /Unsupported GenoForest model version/,
    );
    const badTree = { ...s.trees[0], nodeCount: s.trees[0].nodeCount + 1 };
    expect(() => deserializeForest({ ...s, trees: [badTree] })).toThrow(/tree 0 .* entries/);
    expect(() =>
      deserializeForest({ ...s, trees: [{ ...s.trees[0], left: 'not base64!' }] }),
    ).toThrow(/base64/);
    expect(() => deserializeForest({ ...s, nFeatures: 1 })).toThrow(/feature/);
  });
});
