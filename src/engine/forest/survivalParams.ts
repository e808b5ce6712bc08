/** Parameters of a survival forest: the classifier's (same meanings) without class weights, plus the time grid cap. */
import { DEFAULT_PARAMS, type ForestParams } from './types.ts';
import { validateParams } from './params.ts';
import { DEFAULT_MAX_TIME_POINTS } from './timeGrid.ts';

export interface SurvivalParams extends Omit<ForestParams, 'classWeight'> {
  /** At most this many grid points for the leaves' cumulative hazards (all distinct event times when fewer). */
  maxTimePoints: number;
}

/**
 * Defaults: the classifier's, with leaves of at least 15 (bootstrap-weighted) patients, as the issue measured
 * with ranger: fewer, steadier leaf curves, less memory, a higher C-index than leaves of 1.
 */
export const DEFAULT_SURVIVAL_PARAMS: SurvivalParams = {
  nEstimators: DEFAULT_PARAMS.nEstimators,
  maxFeatures: DEFAULT_PARAMS.maxFeatures,
  maxDepth: DEFAULT_PARAMS.maxDepth,
  minSamplesSplit: DEFAULT_PARAMS.minSamplesSplit,
  minSamplesLeaf: 15,
  bootstrap: DEFAULT_PARAMS.bootstrap,
  randomState: DEFAULT_PARAMS.randomState,
  oobScore: DEFAULT_PARAMS.oobScore,
  maxTimePoints: DEFAULT_MAX_TIME_POINTS,
};

/** Fill defaults and refuse impossible survival parameters with a message a user can act on. */
export function validateSurvivalParams(
  params: Partial<SurvivalParams>,
  nFeatures?: number,
): SurvivalParams {
  const p: SurvivalParams = { ...DEFAULT_SURVIVAL_PARAMS, ...params };
  const { maxTimePoints, ...rest } = p;
  validateParams({ ...rest, classWeight: null }, nFeatures);
  if (!Number.isInteger(maxTimePoints) || maxTimePoints < 2 || maxTimePoints > 10000) {
    throw new Error(`maxTimePoints must be an integer in 2..10000, got ${String(maxTimePoints)}`);
  }
  return p;
}
