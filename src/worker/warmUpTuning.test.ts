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

  it('warms up the worker it is given, which then holds nothing and has read no memory', async () => {
    let readings = 0;
    const api = createTrainingWorker(undefined, () => {
      readings++;
      return { source: 'v8', heap: 1e6, external: 1e5 };
    });
    await warmUpTrainingWorker(false, api);
    // Its calls ran on this worker (each reads the memory) ...
    expect(readings).toBeGreaterThan(10);
    // ... and it is left as made: no table (a call that needs one is refused), no readings, no peaks.
    await expect(api.growTrees({ ...DEFAULT_PARAMS, nEstimators: 1 }, [0], null)).rejects.toThrow(
      'no training data',
    );
    const before = readings;
    const memory = await api.memoryUsage();
    expect(readings).toBe(before + 1);
    expect(memory).toMatchObject({ heldBytes: 0, peakHeldBytes: 0, sharedBytes: 0 });
    expect(memory.peakHeapBytes).toBe(1e6);
  });

  it('keeps a table given before the warm-up has settled', async () => {
    const { binned, y } = table();
    const api = createTrainingWorker();
    const warmed = warmUpTrainingWorker(false, api);
    void api.setTrainingData(structuredClone(binned), structuredClone(y), 2, 'real');
    await warmed;
    const params = { ...DEFAULT_PARAMS, nEstimators: 2 };
    const shard = await api.growTrees(params, [0, 1], null);
    expect(shard.trees).toEqual(growTrees(binned, y, 2, params, [0, 1]).trees);
    expect((await api.memoryUsage()).heldBytes).toBeGreaterThanOrEqual(binned.bins.byteLength);
  });

  it("leaves a worker's tuned fit as a fresh one: the same screen, settings and trees", async () => {
    const { binned, y, p } = table();
    const api = createTrainingWorker(undefined, () => ({
      source: 'none',
      heap: NaN,
      external: NaN,
    }));
    // The worker warmed up is the one that fits, as the app's training worker warms up the worker it exposes.
    await warmUpTrainingWorker(false, api);
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
