/** scikit-learn's parameter meanings, checked once with messages a user can act on. */
import { DEFAULT_PARAMS, type ForestParams } from './types.ts';
import { integerDrawWeights } from './weightedDraws.ts';

/** Number of features tried per split, with sklearn's meanings of max_features. */
export function resolveMaxFeatures(
  maxFeatures: ForestParams['maxFeatures'],
  nFeatures: number,
): number {
  let m: number;
  if (maxFeatures === 'sqrt') m = Math.floor(Math.sqrt(nFeatures));
  else if (maxFeatures === 'log2') m = Math.floor(Math.log2(nFeatures));
  else if (maxFeatures === 'all') m = nFeatures;
  else if (typeof maxFeatures === 'number' && Number.isInteger(maxFeatures) && maxFeatures >= 1) {
    if (maxFeatures > nFeatures) {
      throw new Error(
        `maxFeatures=${maxFeatures} is larger than the number of features (${nFeatures})`,
      );
    }
    m = maxFeatures;
  } else if (typeof maxFeatures === 'number' && maxFeatures > 0 && maxFeatures < 1) {
    m = Math.floor(maxFeatures * nFeatures);
  } else {
    throw new Error(
      `maxFeatures must be "sqrt", "log2", "all", an integer >= 1 or a fraction in (0, 1); got ${String(maxFeatures)}`,
    );
  }
  return Math.max(1, Math.min(nFeatures, m));
}

/**
 * Draws of each tree's bootstrap from `nTrain` training rows, with sklearn's meanings of max_samples: null or absent
 * draws nTrain; an integer >= 1 that many (at most nTrain); a fraction in (0, 1) round(fraction × nTrain), at least 1.
 */
export function resolveMaxSamples(maxSamples: ForestParams['maxSamples'], nTrain: number): number {
  if (maxSamples === undefined || maxSamples === null) return nTrain;
  if (Number.isInteger(maxSamples) && maxSamples >= 1) {
    if (maxSamples > nTrain) {
      throw new Error(
        `maxSamples=${maxSamples} is more than the ${nTrain} training rows; give at most ${nTrain}, or a fraction`,
      );
    }
    return maxSamples;
  }
  if (maxSamples > 0 && maxSamples < 1) return Math.max(1, Math.round(maxSamples * nTrain));
  throw new Error(
    `maxSamples must be an integer >= 1 or a fraction in (0, 1); got ${String(maxSamples)}`,
  );
}

/** Fill defaults and reject impossible parameters with a message a user can act on. */
export function validateParams(params: Partial<ForestParams>, nFeatures?: number): ForestParams {
  const p: ForestParams = { ...DEFAULT_PARAMS, ...params };
  const posInt = (name: string, v: number, min: number): void => {
    if (!Number.isInteger(v) || v < min)
      throw new Error(`${name} must be an integer >= ${min}, got ${String(v)}`);
  };
  posInt('nEstimators', p.nEstimators, 1);
  if (p.maxDepth !== null) posInt('maxDepth', p.maxDepth, 1);
  posInt('minSamplesSplit', p.minSamplesSplit, 2);
  posInt('minSamplesLeaf', p.minSamplesLeaf, 1);
  if (typeof p.bootstrap !== 'boolean') throw new Error('bootstrap must be true or false');
  if (typeof p.oobScore !== 'boolean') throw new Error('oobScore must be true or false');
  if (p.maxSamples !== undefined && p.maxSamples !== null) {
    if (typeof p.maxSamples !== 'number' || !(p.maxSamples > 0) || !Number.isFinite(p.maxSamples)) {
      throw new Error(
        `maxSamples must be an integer >= 1 or a fraction in (0, 1); got ${String(p.maxSamples)}`,
      );
    }
    if (!Number.isInteger(p.maxSamples) && p.maxSamples > 1) {
      throw new Error(
        `maxSamples must be an integer >= 1 or a fraction in (0, 1); got ${String(p.maxSamples)}`,
      );
    }
    if (!p.bootstrap) {
      throw new Error('maxSamples sets the size of each bootstrap sample, so it needs bootstrap');
    }
  }
  if (p.classWeight !== null && p.classWeight !== 'balanced') {
    throw new Error(`classWeight must be null or "balanced", got ${String(p.classWeight)}`);
  }
  if (
    !Number.isInteger(p.randomState) ||
    p.randomState < 0 ||
    p.randomState > Number.MAX_SAFE_INTEGER
  ) {
    throw new Error(`randomState must be a non-negative integer, got ${String(p.randomState)}`);
  }
  if (nFeatures !== undefined) {
    if (nFeatures < 1) throw new Error('There are no features to train on');
    resolveMaxFeatures(p.maxFeatures, nFeatures);
    if (p.featureWeights) integerDrawWeights(p.featureWeights, nFeatures);
  }
  return p;
}
