/**
 * The nuisance estimates of the causal forest: out-of-bag outcome probability m(x) = P(Y = positive | x) and
 * propensity e(x) = P(W = treated | x), each from an honest regression forest on the columns alone (neither
 * forest sees the other's target), as grf's Y.hat and W.hat. Out of bag, so a patient's own outcome or treatment
 * never enters its own residual — the cross-fitting the orthogonalisation needs.
 */
import type { BinnedData } from '../forest/types.ts';
import {
  causalForestOf,
  predictMeanOob,
  unpackCausalTrees,
  validateCausalParams,
  type CausalForest,
  type CausalForestParams,
} from './causalForest.ts';
import type { EffectGrowers } from './growers.ts';

/** Out-of-bag nuisance estimates and the two forests (for new patients). */
export interface Nuisance {
  /** P(Y = 1 | x) out of bag, per training row. */
  m: Float64Array;
  /** P(W = 1 | x) out of bag, per training row. */
  e: Float64Array;
  /** Honest regression forest ('mean' target) of the outcome. */
  outcomeForest: CausalForest;
  /** Null when the chance of treatment was given (a randomised trial): no propensity model then. */
  propensityForest: CausalForest | null;
  /** The given chance of treatment, the same for every patient; null when it was estimated by propensityForest. */
  knownPropensity: number | null;
}

/** How the nuisance forests are fitted besides their settings. */
export interface NuisanceOptions {
  /** The chance of treatment when it is known and the same for everyone (a randomised trial): no propensity forest. */
  knownPropensity?: number;
  /**
   * A positive weight per patient (grf's sample.weights, e.g. censoring weights): both forests become G-weighted
   * regression forests (causalForest.ts), so m and e are weighted means of the outcome and the treatment.
   */
  sampleWeights?: Float64Array;
  /** Called after each tree of a nuisance forest with the forest's name and its trees done. */
  onTreeDone?: (forest: 'outcome' | 'propensity', done: number) => void;
}

/**
 * Settings of the nuisance forests, grf's causal_forest's for Y.hat and W.hat: regression forests of max(50,
 * trees/4) trees (rounded up to even: trees come in pairs), half-samples without replacement, honest (half of each
 * subsample splits, half fills the leaves, empty leaves pruned), min.node.size 5, alpha 0.05, grf's mtry. Earlier
 * these were bootstrap probability forests with leaves of 10 (bench/CAUSAL.md compares the two).
 */
export function nuisanceParams(
  numTrees: number,
  nFeatures: number,
  randomState: number,
): CausalForestParams {
  const trees = Math.max(50, Math.round(numTrees / 4));
  return validateCausalParams(
    {
      numTrees: trees + (trees % 2),
      sampleFraction: 0.5,
      mtry: null,
      minNodeSize: 5,
      honestyFraction: 0.5,
      alpha: 0.05,
      randomState,
      target: 'mean',
    },
    nFeatures,
  );
}

/** Check a 0/1 column with both values present; `what` names it in the refusal. */
export function checkBinary(v: Uint8Array, nRows: number, what: string): void {
  if (v.length !== nRows) throw new Error(`${what} has ${v.length} rows, expected ${nRows}`);
  let ones = 0;
  for (let r = 0; r < nRows; r++) {
    if (v[r] > 1) throw new Error(`${what} must be 0 or 1; row ${r} holds ${v[r]}`);
    ones += v[r];
  }
  if (ones === 0 || ones === nRows)
    throw new Error(
      `Every patient has the same ${what} (${ones === 0 ? 0 : 1}): no effect can be estimated`,
    );
}

/** Fit both nuisance forests on binned columns, their trees grown by `growers`, with out-of-bag means. */
export async function fitNuisance(
  binned: BinnedData,
  y: Uint8Array,
  w: Uint8Array,
  params: CausalForestParams,
  growers: EffectGrowers,
  options: NuisanceOptions = {},
): Promise<Nuisance> {
  const { nRows } = binned;
  checkBinary(y, nRows, 'outcome');
  checkBinary(w, nRows, 'treatment');
  const known = options.knownPropensity;
  if (known !== undefined && !(known > 0 && known < 1))
    throw new Error(`A known chance of treatment must be strictly between 0 and 1, got ${known}`);
  const onTree = options.onTreeDone;
  // Distinct streams: the two forests must not share their subsamples.
  const seed = params.randomState;
  const grow = (
    labels: Uint8Array,
    randomState: number,
    name: 'outcome' | 'propensity',
  ): Promise<CausalForest> =>
    growMeanForest(
      binned,
      labels,
      params,
      randomState,
      growers,
      options.sampleWeights,
      onTree && ((d) => onTree(name, d)),
    );
  // Both forests asked for at once: a pool grows the propensity trees while this thread predicts the outcome
  // forest's out-of-bag means (each forest has its own seed, so the order does not change them).
  const outcomeGrown = grow(y, seed, 'outcome');
  const propensityGrown = known === undefined ? grow(w, seed + 1, 'propensity') : null;
  // A failure of one is reported once, not also as an unhandled rejection of the other.
  propensityGrown?.catch(() => undefined);
  const outcomeForest = await outcomeGrown;
  const m = oobColumn(outcomeForest, binned, 'outcome');
  if (propensityGrown === null)
    return {
      m,
      e: new Float64Array(nRows).fill(known ?? NaN),
      outcomeForest,
      propensityForest: null,
      knownPropensity: known ?? null,
    };
  const propensityForest = await propensityGrown;
  const e = oobColumn(propensityForest, binned, 'treatment');
  return { m, e, outcomeForest, propensityForest, knownPropensity: null };
}

/** An honest regression forest ('mean' target) of a 0/1 column, its trees grown by `growers`. */
export async function growMeanForest(
  binned: BinnedData,
  labels: Uint8Array,
  params: CausalForestParams,
  randomState: number,
  growers: EffectGrowers,
  sampleWeights?: Float64Array,
  onTreesDone?: (done: number) => void,
): Promise<CausalForest> {
  const p = sampleWeights ? { ...params, randomState, sampleWeights } : { ...params, randomState };
  // A regression forest reads no treatment column: zeros satisfy the growers' shape.
  const none = new Float64Array(binned.nRows);
  const packs = await growers.causal(binned, Float64Array.from(labels), none, p, onTreesDone);
  return causalForestOf(binned, p, packs.flatMap(unpackCausalTrees));
}

/** Out-of-bag means of a 'mean' forest, refusing a patient without one (or outside [0, 1]). */
export function oobColumn(forest: CausalForest, binned: BinnedData, what: string): Float64Array {
  const out = predictMeanOob(forest, binned);
  for (let r = 0; r < out.length; r++) {
    if (!(out[r] >= 0 && out[r] <= 1))
      throw new Error(
        `Patient ${r + 1} was in every tree of the ${what} forest, so has no out-of-bag estimate: use more trees`,
      );
  }
  return out;
}
