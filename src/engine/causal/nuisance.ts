/**
 * The nuisance estimates of the causal forest: out-of-bag outcome probability m(x) = P(Y = positive | x) and
 * propensity e(x) = P(W = treated | x), each from a GenoForest probability forest on the columns alone (neither
 * forest sees the other's target). Out of bag, so a patient's own outcome or treatment never enters its own
 * residual — the cross-fitting the orthogonalisation needs.
 */
import { assembleForest, validateParams } from '../forest/forest.ts';
import type { BinnedData, ForestModel, ForestParams } from '../forest/types.ts';
import { defaultMtry } from './causalForest.ts';
import type { EffectGrowers } from './growers.ts';

/** Out-of-bag nuisance estimates and the two forests (for new patients). */
export interface Nuisance {
  /** P(Y = 1 | x) out of bag, per training row. */
  m: Float64Array;
  /** P(W = 1 | x) out of bag, per training row. */
  e: Float64Array;
  outcomeForest: ForestModel;
  /** Null when the chance of treatment was given (a randomised trial): no propensity model then. */
  propensityForest: ForestModel | null;
  /** The given chance of treatment, the same for every patient; null when it was estimated by propensityForest. */
  knownPropensity: number | null;
}

/** How the nuisance forests are fitted besides their settings. */
export interface NuisanceOptions {
  /** The chance of treatment when it is known and the same for everyone (a randomised trial): no propensity forest. */
  knownPropensity?: number;
  /** Called after each tree of a nuisance forest with the forest's name and its trees done. */
  onTreeDone?: (forest: 'outcome' | 'propensity', done: number) => void;
}

/**
 * Forest settings of the nuisance forests: grf's max(50, trees/4) trees and its mtry; leaves of at least 10
 * patients, which smooth bootstrap trees about as much as grf's honest half-sample trees with nodes of 5 (on the
 * simulated designs: propensity error 0.095 against 0.113 with leaves of 5, and fewer spurious 0/1 estimates).
 * This is where we differ from grf, whose Y.hat and W.hat come from honest regression forests (half-samples without
 * replacement, min.node.size 5, alpha 0.05): with the true m(x) and e(x) in their place, per-patient coverage on the
 * heterogeneous design moved by −0.03 to +0.06 per seed, +0.01 on average over 12 seeds (bench/CAUSAL.md): the
 * intervals do not hinge on it.
 */
export function nuisanceParams(
  numTrees: number,
  nFeatures: number,
  randomState: number,
): Partial<ForestParams> {
  return {
    nEstimators: Math.max(50, Math.round(numTrees / 4)),
    maxFeatures: defaultMtry(nFeatures),
    minSamplesLeaf: 10,
    bootstrap: true,
    oobScore: true,
    randomState,
  };
}

/** Check a 0/1 column with both values present; `what` names it in the refusal. */
function checkBinary(v: Uint8Array, nRows: number, what: string): void {
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

/** Fit both nuisance forests on binned columns, their trees grown by `growers`, with out-of-bag probabilities. */
export async function fitNuisance(
  binned: BinnedData,
  y: Uint8Array,
  w: Uint8Array,
  params: Partial<ForestParams>,
  growers: EffectGrowers,
  options: NuisanceOptions = {},
): Promise<Nuisance> {
  const { nRows, nFeatures } = binned;
  checkBinary(y, nRows, 'outcome');
  checkBinary(w, nRows, 'treatment');
  const known = options.knownPropensity;
  if (known !== undefined && !(known > 0 && known < 1))
    throw new Error(`A known chance of treatment must be strictly between 0 and 1, got ${known}`);
  const onTree = options.onTreeDone;
  // Distinct streams: the two forests must not share their bootstrap draws.
  const seed = params.randomState ?? 1;
  const grow = async (
    labels: Uint8Array,
    randomState: number,
    name: 'outcome' | 'propensity',
  ): Promise<ForestModel> => {
    const p = validateParams({ ...params, randomState }, nFeatures);
    const shards = await growers.forest(binned, labels, p, onTree && ((d) => onTree(name, d)));
    return assembleForest(shards, p, nRows, 2, nFeatures, labels);
  };
  // Both forests asked for at once: a pool grows the propensity trees while this thread assembles the outcome
  // forest (each forest has its own seed, so the order does not change them).
  const outcomeGrown = grow(y, seed, 'outcome');
  const propensityGrown = known === undefined ? grow(w, seed + 1, 'propensity') : null;
  // A failure of one is reported once, not also as an unhandled rejection of the other.
  propensityGrown?.catch(() => undefined);
  const outcomeForest = await outcomeGrown;
  const m = positiveColumn(outcomeForest, nRows, 'outcome');
  if (propensityGrown === null)
    return {
      m,
      e: new Float64Array(nRows).fill(known ?? NaN),
      outcomeForest,
      propensityForest: null,
      knownPropensity: known ?? null,
    };
  const propensityForest = await propensityGrown;
  const e = positiveColumn(propensityForest, nRows, 'treatment');
  return { m, e, outcomeForest, propensityForest, knownPropensity: null };
}

function positiveColumn(model: ForestModel, nRows: number, what: string): Float64Array {
  const p = model.oobProba;
  if (!p) throw new Error(`The ${what} forest has no out-of-bag probabilities`);
  const out = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    out[r] = p[r * 2 + 1];
    if (!(out[r] >= 0 && out[r] <= 1))
      throw new Error(
        `Patient ${r + 1} was in every tree of the ${what} forest, so has no out-of-bag estimate: use more trees`,
      );
  }
  return out;
}
