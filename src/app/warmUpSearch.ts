/**
 * Compiling the tuned fit's search (tune.ts through tuneOnOutOfBag: its out-of-bag counts, the candidates' scores, the
 * shards' out-of-bag sums) where it runs, ahead of the first fit. The app's training workers warm the growth up when
 * they start (worker/trainingWorker.ts warmUpTrainingWorker); the search's bookkeeping runs on the page, and in a first
 * tuned fit it took 0.03–0.06 s of CPU of the 0.003 s it takes once compiled (bench/tuneProfile.ts --warm, 1,000 × 200,
 * "own work" of run 1 and run 3, load 2–7 on 2 cores). This runs the whole search once on a synthetic task, with
 * synthetic out-of-bag sums in place of grown trees (no tree is grown), in slices: `pause` is awaited before each of
 * the search's grow calls, so the page can give each slice its own idle time.
 */
import { Rng } from '../engine/forest/rng.ts';
import { DEFAULT_PARAMS, type ForestParams, type TreeShard } from '../engine/forest/types.ts';
import { tuneOnOutOfBag } from './tuneForest.ts';

/** Patients and features of the synthetic task: a small bench table's size. */
const ROWS = 1000;
const FEATURES = 200;

/**
 * Out-of-bag sums as a shard of `params`' trees would give them, made up: each patient out of bag in one tree and
 * about a third of the others, with a probability of its class that is better for more features per split and (so that the search
 * goes on past its screened candidates to every stage) worse for screened draws. Deterministic per call.
 */
function syntheticShard(y: Uint8Array, params: ForestParams, firstTree: number): TreeShard {
  const n = y.length;
  const trees = params.nEstimators;
  const rng = new Rng(firstTree * 7919 + params.minSamplesLeaf * 31 + Number(params.maxFeatures));
  const features = typeof params.maxFeatures === 'number' ? params.maxFeatures : 14;
  const signal =
    0.1 +
    0.02 * Math.log2(features) -
    (params.featureWeights ? 0.05 : 0) -
    0.001 * params.minSamplesLeaf;
  const oobSum = new Float64Array(2 * n);
  const oobCount = new Uint32Array(n);
  for (let r = 0; r < n; r++) {
    // At least one: the search's own out-of-bag counts (from the seeds) say which patients it scores.
    let count = 1;
    for (let t = 1; t < trees; t++) if (rng.nextFloat() < 0.368) count++;
    const p1 = Math.min(
      1,
      Math.max(0, 0.5 + (y[r] === 1 ? signal : -signal) + 0.3 * (rng.nextFloat() - 0.5)),
    );
    oobCount[r] = count;
    oobSum[2 * r] = count * (1 - p1);
    oobSum[2 * r + 1] = count * p1;
  }
  return {
    treeIndices: Array.from({ length: trees }, (_, i) => firstTree + i),
    trees: [],
    oobSum,
    oobCount,
  };
}

/**
 * Runs a tuned fit's search once on a synthetic task of ROWS patients and FEATURES features with screen weights (the
 * app's default), awaiting `pause` before each grow call; the shards reach the search cloned, as a worker's answers
 * reach the page. Never throws: only the first fit's speed depends on it.
 */
export async function warmUpTuningSearch(pause: () => Promise<void>): Promise<void> {
  try {
    const rng = new Rng(2024);
    const y = Uint8Array.from({ length: ROWS }, () => (rng.nextFloat() < 0.4 ? 1 : 0));
    const featureWeights = Array.from({ length: FEATURES }, (_, f) => (f < 5 ? 5 - f : 0.1));
    const base: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 100, oobScore: true };
    await tuneOnOutOfBag(
      { y, nClasses: 2, nFeatures: FEATURES, featureWeights },
      base,
      async (params, firstTree) => {
        await pause();
        return [structuredClone(syntheticShard(y, params, firstTree))];
      },
    );
  } catch {
    // Only the first fit's speed depends on it.
  }
}
