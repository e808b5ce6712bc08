/**
 * A tuned fit's calls as one warm training worker takes them, in this process: the bench's genoforest-tuned-warm
 * contender and bench/tuneProfile.ts --warm. The worker's own code (src/worker/trainingWorker.ts createTrainingWorker)
 * holds the binned table as a message gives it (setTrainingData: a structured clone, as the pool's postMessage makes
 * one), screens it and grows each call's trees from cloned settings, as the app's pool asks one worker to. Objects
 * shaped as the real calls' matter: the worker's start-up warm-up (warmUpTrainingWorker) compiles code for the cloned
 * objects a worker gets, and the same calls on the objects binFeatures returns took other maps (node --trace-deopt on
 * tuneProfile --warm: growSetup, sweepBinary, setBest, writeSplit, screenPValues "wrong map"), which a worker never
 * sees. The clone of the table is timed with the fit: the app's message pays one too.
 */
import { createTrainingWorker } from '../src/worker/trainingWorker.ts';
import type { BinnedData, ForestParams, TreeShard } from '../src/engine/forest/types.ts';
import type { TrainingWorkerApi } from '../src/worker/api.ts';

/** The worker's screen and growth, as the pool's screenWeights and grow calls reach one worker. */
export interface WarmWorkerFit {
  screen(): Promise<number[]>;
  grow(p: ForestParams, firstTree: number): Promise<TreeShard>;
}

/** A training worker's code in this process, for a caller to warm up and then fit on (warmWorkerFit). */
export function benchTrainingWorker(): TrainingWorkerApi {
  return createTrainingWorker(undefined, () => ({ source: 'none', heap: NaN, external: NaN }));
}

/**
 * Holds `binned` and `y` in a training worker's code (in this process) and gives its calls: on `api`, the worker the
 * caller warmed up (as the app's training worker warms up the very worker it exposes), else a fresh one.
 */
export async function warmWorkerFit(
  binned: BinnedData,
  y: Uint8Array,
  nClasses: number,
  api: TrainingWorkerApi = benchTrainingWorker(),
): Promise<WarmWorkerFit> {
  await api.setTrainingData(structuredClone(binned), structuredClone(y), nClasses, 'bench');
  const noop = (): void => undefined;
  return {
    screen: () => api.screenWeights(null),
    grow: (p, firstTree) =>
      api.growTrees(
        structuredClone(p),
        Array.from({ length: p.nEstimators }, (_, i) => firstTree + i),
        null,
        noop,
      ),
  };
}
