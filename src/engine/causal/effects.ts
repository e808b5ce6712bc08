/**
 * Treatment effects end to end, in the calling thread: out-of-bag nuisance forests, the causal forest on the
 * residuals, per-patient effects with 95 % intervals, and the checks (average effects, overlap, calibration).
 * Effects are differences of the positive outcome's probability, treated minus comparison.
 */
import { binFeatures } from '../forest/binning.ts';
import type { BinnedData } from '../forest/types.ts';
import {
  causalForestOf,
  checkSampleWeights,
  predictCausal,
  predictMean,
  unpackCausalTrees,
  predictCausalOob,
  validateCausalParams,
  type CausalForest,
  type CausalForestParams,
} from './causalForest.ts';
import { fitNuisance, nuisanceParams, type Nuisance } from './nuisance.ts';
import { inThreadGrowers, type EffectGrowers } from './growers.ts';
import {
  correctionColumns,
  correctionVariables,
  predictLocalLinear,
  type LocalLinearSettings,
} from './localLinear.ts';
import {
  averageEffect,
  averageEffectOnTreated,
  calibrationTest,
  overlapCheck,
  overlapWeightedEffect,
  type Calibration,
  type Estimate,
  type Overlap,
} from './checks.ts';

const Z95 = 1.959963984540054;

/** Per-patient effects: estimate, standard error, 95 % interval, and the two arms' probabilities. */
export interface PatientEffects {
  effect: Float64Array;
  standardError: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** m(x) + (1 − e(x))·τ(x): the positive outcome's probability if treated. */
  probabilityTreated: Float64Array;
  /** m(x) − e(x)·τ(x): the same without treatment. */
  probabilityUntreated: Float64Array;
  /** Propensity e(x) of each patient (for a per-patient overlap warning). */
  propensity: Float64Array;
}

/** A fitted effect model with the cohort's out-of-bag effects and checks. */
export interface EffectFit {
  forest: CausalForest;
  nuisance: Nuisance;
  binned: BinnedData;
  /** Out-of-bag effects of the cohort's patients. */
  cohort: PatientEffects;
  ate: Estimate;
  att: Estimate;
  overlapWeighted: Estimate;
  overlap: Overlap;
  calibration: Calibration;
  /** The local linear correction the effects carry (localLinear.ts), or null for the forest's own estimates. */
  localLinear: LocalLinearSettings | null;
  /** The residuals the forest was grown on (a local linear correction of new patients reads them). */
  residuals: { y: Float64Array; w: Float64Array };
}

function patientEffects(
  tau: Float64Array,
  variance: Float64Array,
  m: Float64Array,
  e: Float64Array,
): PatientEffects {
  const n = tau.length;
  const out: PatientEffects = {
    effect: tau,
    standardError: new Float64Array(n),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
    probabilityTreated: new Float64Array(n),
    probabilityUntreated: new Float64Array(n),
    propensity: e,
  };
  for (let i = 0; i < n; i++) {
    const se = Math.sqrt(variance[i]);
    out.standardError[i] = se;
    out.lower[i] = tau[i] - Z95 * se;
    out.upper[i] = tau[i] + Z95 * se;
    out.probabilityTreated[i] = m[i] + (1 - e[i]) * tau[i];
    out.probabilityUntreated[i] = m[i] - e[i] * tau[i];
  }
  return out;
}

/** Where a fit is: which forest grows, and trees grown of all three forests together. */
export interface EffectProgress {
  /** 'rate': the forests fitted on folds to rank held-out patients (the RATE). */
  stage: 'outcome' | 'propensity' | 'effect' | 'rate';
  treesDone: number;
  treesTotal: number;
}

/** How effects are fitted besides the forest's settings. */
export interface EffectOptions {
  /**
   * The chance of treatment when it is known and the same for every patient (a randomised trial): it replaces the
   * propensity forest, whose estimates could only add noise there.
   */
  knownPropensity?: number;
  onProgress?: (progress: EffectProgress) => void;
  /** Who grows the trees (a worker pool); default: the calling thread. The fit is the same either way. */
  growers?: EffectGrowers;
  /**
   * Local linear correction of the effects (localLinear.ts): on the `variables` columns the effect forest splits on
   * most, with ridge penalty `lambda`. Absent: the forest's own estimates.
   */
  localLinear?: { variables: number; lambda: number };
  /**
   * A positive weight per patient (grf's sample.weights; the survival-at-a-horizon effects pass inverse-probability-of-
   * censoring weights): the nuisance forests, the causal forest, the local linear correction and every check are
   * weighted.
   */
  sampleWeights?: Float64Array;
}

/**
 * Fit everything on a cohort: X column-major nRows × nFeatures (as fitForest), y = 1 for the positive outcome,
 * w = 1 for the treated arm.
 */
export async function fitEffects(
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  isCategorical: Uint8Array,
  y: Uint8Array,
  w: Uint8Array,
  params: Partial<CausalForestParams> = {},
  options: EffectOptions = {},
): Promise<EffectFit> {
  const p = validateCausalParams(params, nFeatures);
  const weights = options.sampleWeights;
  checkSampleWeights(weights, nRows);
  const nuisanceSettings = nuisanceParams(p.numTrees, nFeatures, p.randomState);
  const nuisanceTrees = nuisanceSettings.numTrees;
  const known = options.knownPropensity;
  const total = nuisanceTrees * (known === undefined ? 2 : 1) + p.numTrees;
  const report = options.onProgress;
  const growers = options.growers ?? inThreadGrowers;
  // Binned once for all three forests (each would bin the same columns the same way).
  const binned = binFeatures(X, nRows, nFeatures, isCategorical);
  // Trees done per forest, summed: the two nuisance forests may grow at the same time.
  const done = { outcome: 0, propensity: 0, effect: 0 };
  const progress = (stage: keyof typeof done, trees: number): void => {
    done[stage] = trees;
    report?.({ stage, treesDone: done.outcome + done.propensity + done.effect, treesTotal: total });
  };
  const nuisance = await fitNuisance(binned, y, w, nuisanceSettings, growers, {
    knownPropensity: known,
    onTreeDone: report && progress,
    ...(weights ? { sampleWeights: weights } : {}),
  });
  const yRes = new Float64Array(nRows);
  const wRes = new Float64Array(nRows);
  for (let i = 0; i < nRows; i++) {
    yRes[i] = y[i] - nuisance.m[i];
    wRes[i] = w[i] - nuisance.e[i];
  }
  // The forest's own stream, apart from the two nuisance forests' seeds.
  const grownWith = {
    ...p,
    randomState: p.randomState + 2,
    keepFilled: options.localLinear !== undefined,
    ...(weights ? { sampleWeights: weights } : {}),
  };
  const packs = await growers.causal(
    binned,
    yRes,
    wRes,
    grownWith,
    report && ((trees) => progress('effect', trees)),
  );
  const forest = causalForestOf(binned, grownWith, packs.flatMap(unpackCausalTrees));
  forest.params.randomState = p.randomState;
  const ll = options.localLinear;
  const variables = ll ? correctionVariables(forest, X, nRows, ll.variables) : [];
  const localLinear: LocalLinearSettings | null =
    ll && variables.length > 0
      ? { variables, columns: correctionColumns(X, nRows, variables), lambda: ll.lambda }
      : null;
  const oob = localLinear
    ? predictLocalLinear(forest, binned, yRes, wRes, localLinear, 'oob')
    : predictCausalOob(forest, binned);
  for (let i = 0; i < nRows; i++) {
    if (!Number.isFinite(oob.effect[i]))
      throw new Error(
        `Patient ${i + 1} has no out-of-bag effect (no tree left it out): use more trees`,
      );
  }
  const inputs = {
    y,
    w,
    m: nuisance.m,
    e: nuisance.e,
    tau: oob.effect,
    ...(weights ? { weights } : {}),
  };
  return {
    forest,
    nuisance,
    binned,
    cohort: patientEffects(oob.effect, oob.variance, nuisance.m, nuisance.e),
    ate: averageEffect(inputs),
    att: averageEffectOnTreated(inputs),
    overlapWeighted: overlapWeightedEffect(inputs),
    overlap: overlapCheck(nuisance.e, w),
    calibration: calibrationTest(inputs),
    localLinear,
    residuals: { y: yRes, w: wRes },
  };
}

/** Effects of new patients, X column-major nRows × nFeatures (encoded as the cohort was). */
export function predictEffects(
  fit: EffectFit,
  X: ArrayLike<number>,
  nRows: number,
): PatientEffects {
  const c = fit.localLinear
    ? predictLocalLinear(
        fit.forest,
        fit.binned,
        fit.residuals.y,
        fit.residuals.w,
        fit.localLinear,
        {
          X,
          nRows,
        },
      )
    : predictCausal(fit.forest, X, nRows);
  const m = new Float64Array(nRows);
  const e = new Float64Array(nRows);
  const pm = predictMean(fit.nuisance.outcomeForest, X, nRows);
  const { propensityForest, knownPropensity } = fit.nuisance;
  const pe = propensityForest ? predictMean(propensityForest, X, nRows) : null;
  for (let i = 0; i < nRows; i++) {
    m[i] = pm[i];
    e[i] = pe ? pe[i] : (knownPropensity ?? NaN);
  }
  return patientEffects(c.effect, c.variance, m, e);
}
