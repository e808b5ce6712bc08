/**
 * A training worker's start-up warm-up and a tuned fit after it (its own file: the warm-up runs in this process first,
 * as in a worker).
 */
import { describe, expect, it } from 'vitest';
import { binFeatures } from '../engine/forest/binning';
import { screenWeights } from '../engine/forest/featureWeights';
import { growTrees } from '../engine/forest/grow';
import { Rng } from '../engine/forest/rng';
import { DEFAULT_PARAMS, type ForestParams, type TreeShard } from '../engine/forest/types';
import { tuneOnOutOfBag } from '../app/tuneForest';
import { createTrainingWorker, warmUpTrainingWorker } from './trainingWorker';

/** 300 rows of 30 genotype columns and 6 continuous ones; the class follows two of them. */
function table() {
  const n = 300;
  const p = 36;
  const rng = new Rng(11);
  const X = new Float32Array(n * p);
  for (let f = 0; f < p; f++) {
    for (let r = 0; r < n; r++) {
      X[f * n + r] =
        f < 30
          ? (rng.nextFloat() < 0.3 ? 1 : 0) + (rng.nextFloat() < 0.3 ? 1 : 0)
          : rng.nextFloat() * 4 - 2;
    }
  }
  const y = Uint8Array.from({ length: n }, (_, r) =>
    X[r] + X[30 * n + r] + rng.nextFloat() > 1.5 ? 1 : 0,
  );
  return { binned: binFeatures(X, n, p, new Uint8Array(p)), y, n, p };
}

describe("a training worker's warm-up", () => {
  it('never throws, with or without shared memory', () => {
    expect(() => warmUpTrainingWorker(false)).not.toThrow();
    expect(() => warmUpTrainingWorker(true)).not.toThrow();
  });

  it("leaves a worker's tuned fit as a fresh one: the same screen, settings and trees", async () => {
    warmUpTrainingWorker(false);
    const { binned, y, p } = table();
    const api = createTrainingWorker(undefined, () => ({
      source: 'none',
      heap: NaN,
      external: NaN,
    }));
    await api.setTrainingData(structuredClone(binned), structuredClone(y), 2, 'fit');
    const base = { ...DEFAULT_PARAMS, nEstimators: 40, randomState: 5, oobScore: true };
    const trees = (q: ForestParams, first: number): number[] =>
      Array.from({ length: q.nEstimators }, (_, i) => first + i);
    const fit = async (grow: (q: ForestParams, first: number) => Promise<TreeShard>, w: number[]) =>
      tuneOnOutOfBag(
        { y, nClasses: 2, nFeatures: p, featureWeights: w },
        base,
        async (q, first) => [await grow(q, first)],
      );
    const w = await api.screenWeights(null);
    expect(w).toEqual(screenWeights(binned, y, 2));
    const noop = (): void => undefined;
    const inWorker = await fit((q, first) => api.growTrees(q, trees(q, first), null, noop), w);
    const direct = await fit(async (q, first) => growTrees(binned, y, 2, q, trees(q, first)), w);
    expect(inWorker.params).toEqual(direct.params);
    expect(inWorker.report.candidates).toEqual(direct.report.candidates);
    const final = { ...direct.params, oobScore: false };
    const shard = await api.growTrees(final, trees(final, 0), null, noop);
    expect(shard.trees).toEqual(growTrees(binned, y, 2, final, trees(final, 0)).trees);
  });
});
