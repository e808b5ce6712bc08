/**
 * Treatment effects of a treatment of K ≥ 3 arms, each compared with one comparison arm, by one joint forest after
 * grf's multi_arm_causal_forest (Athey, Tibshirani & Wager 2019): out-of-bag nuisance estimates m(x) = P(Y | x) and
 * the arms' propensities e_k(x), the centred arm indicators W_k − e_k(x) of the K − 1 other arms as the forest's
 * treatment vector, and trees split on the vector of gradient pseudo-outcomes (causalForest.ts, MultiArmGrower) with
 * honesty, subsampling and little bags as the two-arm forest. Each arm gets per-patient effects with standard errors
 * and 95 % intervals, its AIPW average effect, an overlap check and the best-linear-predictor calibration test on its
 * and the comparison arm's patients (armCalibration); heldOutArmPriorities ranks patients for each arm's RATE.
 *
 * Propensities: grf estimates them with a probability forest; here each arm's indicator gets an honest regression
 * forest (the nuisance forests' recipe, nuisance.ts) and the K out-of-bag means are scaled to sum to 1 per patient.
 * Arm 0 is the comparison arm throughout; arm k's contrast is the (k − 1)-th of the forest's A = K − 1.
 *
 * With `localLinear` the per-patient effects carry the local linear correction (localLinear.ts, the same estimator
 * with one coefficient per arm), each arm on columns of its own (armCorrections): grf leaves the correction columns to
 * the user and suggests those the forest splits on, but one joint forest's splits serve every arm (and leftover
 * confounding) at once — one choice for all arms from its split counts took, on a simulated cohort, a noise column
 * and cost the steep arm coverage. So each arm's candidates are the columns whose splits separate that arm's effect
 * most (armEffectImportance), and of those it keeps the ones that bring its out-of-bag effects closest to its doubly
 * robust scores, an unbiased ranking by the true error. Arm a's effect is then the coefficient of w_a in the
 * regression on z = (1, d_a, w_1..w_A, w_1·d_a, …, w_A·d_a), d_a its own columns' offsets (predictArmsLocalLinear).
 * Out of bag and for new patients;
 * the doubly robust scores, average effects and calibration tests are then computed from the corrected effects, as
 * the two-arm fit's are (effects.ts). The RATE's held-out priorities stay the fold forests' own.
 */
import { binFeatures } from '../forest/binning.ts';
import type { BinnedData } from '../forest/types.ts';
import {
  causalForestOf,
  predictMean,
  predictMultiArm,
  predictMultiArmOob,
  unpackCausalTrees,
  validateCausalParams,
  type CausalForest,
  type CausalForestParams,
  type MultiArmPredictions,
} from './causalForest.ts';
import {
  armCorrectionCandidates,
  correctionColumns,
  predictArmsLocalLinear,
  predictLocalLinear,
  type LocalLinearSettings,
} from './localLinear.ts';
import { checkBinary, growMeanForest, nuisanceParams, oobColumn } from './nuisance.ts';
import { inThreadGrowers, type EffectGrowers } from './growers.ts';
import {
  aipwScores,
  countDegeneratePropensities,
  meanEstimate,
  multiArmScores,
  overlapCheck,
  scoreCalibrationTest,
  type Calibration,
  type Estimate,
  type Overlap,
} from './checks.ts';
import type { EffectProgress } from './effects.ts';
import { fitFoldsAtOnce, foldSeed, foldsByArm, takeRows } from './rate.ts';

const Z95 = 1.959963984540054;

/** One arm's per-patient effects against the comparison arm. */
export interface ArmPatientEffects {
  effect: Float64Array;
  standardError: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
  /** μ₀(x) + τ_k(x): the positive outcome's probability in this arm. */
  probabilityArm: Float64Array;
  /** μ₀(x) = m(x) − Σ_j e_j(x)·τ_j(x): the same in the comparison arm. */
  probabilityComparison: Float64Array;
  /** e_k(x): the chance of this arm. */
  propensity: Float64Array;
  /** e₀(x): the chance of the comparison arm. */
  comparisonPropensity: Float64Array;
}

/** The nuisance estimates of a multi-arm fit. */
export interface MultiArmNuisance {
  /** P(Y = 1 | x) out of bag. */
  m: Float64Array;
  /** e[r·K + k] = P(W = k | x_r) out of bag, summing to 1 per patient. */
  e: Float64Array;
  outcomeForest: CausalForest;
  /** One regression forest per arm's indicator, the comparison arm's first; empty when the chances were given. */
  propensityForests: CausalForest[];
  /** The given chance of each arm, the same for every patient (a randomised trial); null when estimated. */
  knownPropensities: number[] | null;
}

/** A fitted multi-arm effect model with the cohort's out-of-bag effects and per-arm checks. */
export interface MultiArmFit {
  /** K, the comparison arm included. */
  arms: number;
  forest: CausalForest;
  nuisance: MultiArmNuisance;
  binned: BinnedData;
  /** Per arm other than the comparison (arm k at index k − 1): out-of-bag effects of the cohort's patients. */
  cohort: ArmPatientEffects[];
  /** Per arm other than the comparison: the AIPW average effect over all patients (NaN when a propensity is 0). */
  ate: Estimate[];
  /**
   * Doubly robust scores over all patients, n × (K − 1) patient after patient (multiArmScores: grf's get_scores); the
   * mean of arm k's column is its average effect, and its RATE ranks them.
   */
  scores: Float64Array;
  /** Per arm other than the comparison: the calibration test on its and the comparison arm's patients (armCalibration). */
  calibration: ArmCalibration[];
  /**
   * Per arm, the comparison arm's first: the overlap check of that arm's propensity over all patients (histogram
   * 'treated': the arm's patients, 'comparison': every other patient).
   */
  overlap: Overlap[];
  /**
   * The local linear correction each arm's effects carry (localLinear.ts; arm k's at index k − 1, its own columns —
   * none where no column beat the forest's own estimates, which that arm then keeps), or null when turned off or when
   * the forest split on no usable column.
   */
  localLinear: LocalLinearSettings[] | null;
  /** The residuals the forest was grown on, w n × (K − 1) (a local linear correction of new patients reads them). */
  residuals: { y: Float64Array; w: Float64Array };
}

/** How a multi-arm fit runs besides the forest's settings. */
export interface MultiArmOptions {
  onProgress?: (progress: EffectProgress) => void;
  /** Who grows the trees (a worker pool); default: the calling thread. The fit is the same either way. */
  growers?: EffectGrowers;
  /**
   * The chance of each arm (the comparison arm's first) when it is known and the same for every patient (a randomised
   * trial): no propensity forests then.
   */
  knownPropensities?: number[];
  /**
   * Local linear correction of the effects (localLinear.ts): each arm's on the `variables` columns along which the
   * forest's splits separate that arm's effect most (fewer when it split on fewer usable ones; none leaves the
   * forest's own estimates), ridge penalty `lambda`.
   */
  localLinear?: { variables: number; lambda: number };
}

/**
 * Fit everything on a cohort: X column-major nRows × nFeatures, y = 1 for the positive outcome, arm in 0..K−1 with 0
 * the comparison arm. Refuses an arm without patients or an outcome of one value.
 */
export async function fitMultiArmEffects(
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  isCategorical: Uint8Array,
  y: Uint8Array,
  arm: Uint8Array,
  arms: number,
  params: Partial<CausalForestParams> = {},
  options: MultiArmOptions = {},
): Promise<MultiArmFit> {
  if (!Number.isInteger(arms) || arms < 3)
    throw new Error(`A multi-arm fit needs at least 3 arms, got ${arms}`);
  if (arm.length !== nRows) throw new Error(`arm has ${arm.length} rows, expected ${nRows}`);
  const counts = new Array<number>(arms).fill(0);
  for (let r = 0; r < nRows; r++) {
    if (arm[r] >= arms) throw new Error(`Row ${r} is in arm ${arm[r]}; arms are 0..${arms - 1}`);
    counts[arm[r]]++;
  }
  const empty = counts.indexOf(0);
  if (empty >= 0) throw new Error(`Arm ${empty} has no patients: no effect can be estimated`);
  checkBinary(y, nRows, 'outcome');
  const known = options.knownPropensities;
  if (
    known &&
    (known.length !== arms ||
      !known.every((v) => v > 0 && v < 1) ||
      Math.abs(known.reduce((s, v) => s + v, 0) - 1) > 1e-9)
  )
    throw new Error(
      `Known chances of the arms must be ${arms} numbers strictly between 0 and 1 summing to 1`,
    );
  const A = arms - 1;
  const p = validateCausalParams({ ...params, arms: 1 }, nFeatures);
  const nuisanceSettings = nuisanceParams(p.numTrees, nFeatures, p.randomState);
  const nt = nuisanceSettings.numTrees;
  const total = nt * (1 + (known ? 0 : arms)) + p.numTrees;
  const growers = options.growers ?? inThreadGrowers;
  const report = options.onProgress;
  const binned = binFeatures(X, nRows, nFeatures, isCategorical);
  const done = new Float64Array(arms + 2);
  const progress =
    report &&
    ((slot: number, stage: EffectProgress['stage']) =>
      (trees: number): void => {
        done[slot] = trees;
        report({ stage, treesDone: done.reduce((s, v) => s + v, 0), treesTotal: total });
      });
  const seed = p.randomState;
  // Streams apart from one another and from the effect forest's (seed + 2, as the two-arm fit's).
  const outcomeGrown = growMeanForest(
    binned,
    y,
    nuisanceSettings,
    seed,
    growers,
    undefined,
    progress?.(0, 'outcome'),
  );
  const armsGrown = Array.from({ length: known ? 0 : arms }, (_, k) =>
    growMeanForest(
      binned,
      Uint8Array.from(arm, (v) => (v === k ? 1 : 0)),
      nuisanceSettings,
      seed + 3 + k,
      growers,
      undefined,
      progress?.(1 + k, 'propensity'),
    ),
  );
  // One failure is reported once, not also as unhandled rejections of the others.
  for (const g of armsGrown) g.catch(() => undefined);
  const outcomeForest = await outcomeGrown;
  const m = oobColumn(outcomeForest, binned, 'outcome');
  const propensityForests = await Promise.all(armsGrown);
  const e = known
    ? Float64Array.from({ length: nRows * arms }, (_, i) => known[i % arms])
    : armPropensities(
        propensityForests.map((f) => oobColumn(f, binned, 'treatment')),
        nRows,
      );
  const yRes = new Float64Array(nRows);
  const wRes = new Float64Array(nRows * A);
  for (let r = 0; r < nRows; r++) {
    yRes[r] = y[r] - m[r];
    for (let k = 0; k < A; k++) wRes[r * A + k] = (arm[r] === k + 1 ? 1 : 0) - e[r * arms + k + 1];
  }
  const grownWith = validateCausalParams(
    { ...p, randomState: seed + 2, arms: A, keepFilled: options.localLinear !== undefined },
    nFeatures,
  );
  const packs = await growers.causal(binned, yRes, wRes, grownWith, progress?.(arms + 1, 'effect'));
  const forest = causalForestOf(binned, grownWith, packs.flatMap(unpackCausalTrees));
  forest.params.randomState = seed;
  const ll = options.localLinear;
  const corrected = ll
    ? armCorrections(forest, binned, X, yRes, wRes, y, arm, arms, m, e, ll.variables, ll.lambda)
    : null;
  const localLinear = corrected?.settings ?? null;
  const oob: MultiArmPredictions = corrected?.oob ?? predictMultiArmOob(forest, binned);
  for (let i = 0; i < oob.effect.length; i++)
    if (!Number.isFinite(oob.effect[i]))
      throw new Error(
        `Patient ${Math.floor(i / A) + 1} has no out-of-bag effect (no tree left it out): use more trees`,
      );
  const scores = multiArmScores(y, arm, arms, m, e, oob.effect);
  const ate: Estimate[] = [];
  for (let k = 0; k < A; k++) {
    const g = Float64Array.from({ length: nRows }, (_, r) => scores[r * A + k]);
    ate.push(
      g.every(Number.isFinite)
        ? meanEstimate(g)
        : { estimate: NaN, standardError: NaN, lower: NaN, upper: NaN },
    );
  }
  const cohort = armEffects(oob, m, e, arms);
  const overlap = Array.from({ length: arms }, (_, k) =>
    overlapCheck(
      Float64Array.from({ length: nRows }, (_, r) => e[r * arms + k]),
      Uint8Array.from(arm, (v) => (v === k ? 1 : 0)),
    ),
  );
  return {
    arms,
    forest,
    nuisance: { m, e, outcomeForest, propensityForests, knownPropensities: known ?? null },
    binned,
    cohort,
    ate,
    scores,
    calibration: cohort.map((c, k) => armCalibration(c, y, arm, k + 1)),
    overlap,
    localLinear,
    residuals: { y: yRes, w: wRes },
  };
}

/**
 * Each arm's local linear correction and the cohort's corrected out-of-bag effects, or null when no arm has a usable
 * column. Arm a's k columns: of its 2k best by armEffectImportance, the k that, each used alone, give its out-of-bag
 * effects the smallest doubly robust error Σ_i (Γ_ia − τ̂_a(x_i))², Γ_ia its scores from the forest's own effects
 * (multiArmScores). E[Γ | x] is the true effect and τ̂ is out of bag, so that error is the true squared error plus a
 * term the same for every candidate: it ranks candidates by how close they bring the effects to the truth, where
 * the split-based ranking alone can favour a column the forest split on often for another arm or by chance. The
 * forest's own effects are a candidate too: an arm none of whose columns beats them keeps them (no columns), as an
 * arm whose effect is the same for everyone should — its slopes would only fit noise.
 */
function armCorrections(
  forest: CausalForest,
  binned: BinnedData,
  X: Float32Array,
  yRes: Float64Array,
  wRes: Float64Array,
  y: Uint8Array,
  arm: Uint8Array,
  arms: number,
  m: Float64Array,
  e: Float64Array,
  k: number,
  lambda: number,
): { settings: LocalLinearSettings[]; oob: MultiArmPredictions } | null {
  const A = arms - 1;
  const n = binned.nRows;
  const candidates = armCorrectionCandidates(forest, X, n, 2 * k);
  if (!candidates.some((c) => c.length > 0)) return null;
  const own = predictMultiArmOob(forest, binned);
  const scores = multiArmScores(y, arm, arms, m, e, own.effect);
  const single = new Map<number, MultiArmPredictions>();
  for (const f of new Set(candidates.flat()))
    single.set(f, {
      arms: A,
      ...predictLocalLinear(
        forest,
        binned,
        yRes,
        wRes,
        { variables: [f], columns: correctionColumns(X, n, [f]), lambda },
        'oob',
      ),
    });
  const error = (f: number, a: number): number =>
    scoreError((single.get(f) as MultiArmPredictions).effect, a);
  const ownError = (a: number): number => scoreError(own.effect, a);
  const scoreError = (effect: Float64Array, a: number): number => {
    let sum = 0;
    for (let r = 0; r < n; r++) {
      const d = scores[r * A + a] - effect[r * A + a];
      // A patient without a finite score (a propensity of 0) or effect tells no candidate apart.
      if (Number.isFinite(d)) sum += d * d;
    }
    return sum;
  };
  const settings = candidates.map((list, a) => {
    const errors = new Map(list.map((f) => [f, error(f, a)]));
    // Ties keep the importance order (the sort is stable).
    const ranked = [...list].sort((f, g) => (errors.get(f) as number) - (errors.get(g) as number));
    const variables =
      ranked.length > 0 && (errors.get(ranked[0]) as number) < ownError(a)
        ? ranked.slice(0, k)
        : [];
    return { variables, columns: correctionColumns(X, n, variables), lambda };
  });
  if (k > 1)
    return {
      settings,
      oob: { arms: A, ...predictArmsLocalLinear(forest, binned, yRes, wRes, settings, 'oob') },
    };
  // One column per arm: each arm's corrected effects are those of its column's pass above.
  const effect = new Float64Array(n * A).fill(NaN);
  const variance = new Float64Array(n * A).fill(NaN);
  settings.forEach((s, a) => {
    if (s.variables.length === 0) {
      for (let r = 0; r < n; r++) {
        effect[r * A + a] = own.effect[r * A + a];
        variance[r * A + a] = own.variance[r * A + a];
      }
      return;
    }
    const pred = single.get(s.variables[0]) as MultiArmPredictions;
    for (let r = 0; r < n; r++) {
      effect[r * A + a] = pred.effect[r * A + a];
      variance[r * A + a] = pred.variance[r * A + a];
    }
  });
  return { settings, oob: { arms: A, effect, variance } };
}

/** An arm's calibration test and the patients it was computed on. */
export interface ArmCalibration {
  /** NaN throughout when a patient's chance of the arm or of the comparison is 0 (see `degenerate`). */
  test: Calibration;
  /** Patients of this arm and of the comparison arm: the test's patients. */
  patients: number;
  /** Of those, patients whose estimated chance of this arm or of the comparison is 0. */
  degenerate: number;
}

/**
 * grf's best-linear-predictor calibration test of arm k (1..K − 1) against the comparison on the two arms' patients
 * only: their doubly robust scores of the pair (armPairScores) regressed on the mean and the differential forest
 * prediction (scoreCalibrationTest).
 */
export function armCalibration(
  c: ArmPatientEffects,
  y: Uint8Array,
  arm: Uint8Array,
  k: number,
): ArmCalibration {
  const pair = armPairScores(c, y, arm, k);
  if (pair.degenerate > 0) {
    const nan: Calibration = {
      mean: NaN,
      meanSe: NaN,
      meanP: NaN,
      differential: NaN,
      differentialSe: NaN,
      differentialP: NaN,
    };
    return { test: nan, patients: pair.rows.length, degenerate: pair.degenerate };
  }
  return {
    test: scoreCalibrationTest(pair.scores, pair.tau),
    patients: pair.rows.length,
    degenerate: 0,
  };
}

/**
 * Doubly robust scores of arm k (1..K − 1) against the comparison for the two arms' patients (`rows`), from the joint
 * fit's out-of-bag estimates `c` (cohort[k − 1]): AIPW with ê = e_k / (e₀ + e_k), the chance of this arm among the
 * two, and μ₀(x), μ₀(x) + τ_k(x) as the joint forest gives them (from m(x)), i.e. Γ = τ_k + (e₀ + e_k)(1{W = k}/e_k −
 * 1{W = 0}/e₀)(Y − μ_W). The pair's chance, not e_k itself: among these patients E[Γ | x] is then the true effect
 * (multiArmScores' correction would be 1 / (e₀ + e_k) times too large there, the other arms' patients left out).
 * `degenerate` counts patients whose ê is 0 or 1 (their scores are not finite).
 */
export function armPairScores(
  c: ArmPatientEffects,
  y: Uint8Array,
  arm: Uint8Array,
  k: number,
): { rows: Int32Array; scores: Float64Array; tau: Float64Array; degenerate: number } {
  const list: number[] = [];
  for (let r = 0; r < arm.length; r++) if (arm[r] === 0 || arm[r] === k) list.push(r);
  const rows = Int32Array.from(list);
  const tau = Float64Array.from(rows, (r) => c.effect[r]);
  const e = Float64Array.from(
    rows,
    (r) => c.propensity[r] / (c.propensity[r] + c.comparisonPropensity[r]),
  );
  const scores = aipwScores({
    y: Uint8Array.from(rows, (r) => y[r]),
    w: Uint8Array.from(rows, (r) => (arm[r] === k ? 1 : 0)),
    // The pair's m(x): μ₀(x) + ê(x)·τ_k(x), so that y − m − (w − ê)τ is the residual y − μ_w.
    m: Float64Array.from(rows, (r, i) => c.probabilityComparison[r] + e[i] * tau[i]),
    e,
    tau,
  });
  return { rows, scores, tau, degenerate: countDegeneratePropensities(e) };
}

/**
 * Each patient's predicted effect of every arm against the comparison (n × (K − 1), patient after patient) from a
 * joint forest (and nuisance forests) fitted on the other folds only: the priorities of each arm's held-out RATE.
 * Folds are a seeded random split balanced by arm (rate.ts foldsByArm), each fold's forests on streams of their own.
 */
export async function heldOutArmPriorities(
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  isCategorical: Uint8Array,
  y: Uint8Array,
  arm: Uint8Array,
  arms: number,
  params: Partial<CausalForestParams> & { numTrees: number; randomState: number },
  folds = 2,
  options: MultiArmOptions = {},
): Promise<Float64Array> {
  const A = arms - 1;
  const fold = foldsByArm(arm, arms, folds, params.randomState);
  const priority = new Float64Array(nRows * A).fill(NaN);
  await fitFoldsAtOnce(folds, options.onProgress, async (k, onProgress) => {
    const train = Int32Array.from({ length: nRows }, (_, r) => r).filter((r) => fold[r] !== k);
    const held = Int32Array.from({ length: nRows }, (_, r) => r).filter((r) => fold[r] === k);
    const fit = await fitMultiArmEffects(
      takeRows(X, nRows, nFeatures, train),
      train.length,
      nFeatures,
      isCategorical,
      Uint8Array.from(train, (r) => y[r]),
      Uint8Array.from(train, (r) => arm[r]),
      arms,
      { ...params, randomState: foldSeed(params.randomState, k) },
      { ...options, onProgress },
    );
    const pred = predictMultiArm(fit.forest, takeRows(X, nRows, nFeatures, held), held.length);
    held.forEach((r, i) => {
      for (let a = 0; a < A; a++) priority[r * A + a] = pred.effect[i * A + a];
    });
  });
  return priority;
}

/** Effects of new patients per arm, X column-major nRows × nFeatures (encoded as the cohort was). */
export function predictMultiArmEffects(
  fit: MultiArmFit,
  X: ArrayLike<number>,
  nRows: number,
): ArmPatientEffects[] {
  const m = predictMean(fit.nuisance.outcomeForest, X, nRows);
  const known = fit.nuisance.knownPropensities;
  const e = known
    ? Float64Array.from({ length: nRows * fit.arms }, (_, i) => known[i % fit.arms])
    : armPropensities(
        fit.nuisance.propensityForests.map((f) => predictMean(f, X, nRows)),
        nRows,
      );
  const pred: MultiArmPredictions = fit.localLinear
    ? {
        arms: fit.arms - 1,
        ...predictArmsLocalLinear(
          fit.forest,
          fit.binned,
          fit.residuals.y,
          fit.residuals.w,
          fit.localLinear,
          { X, nRows },
        ),
      }
    : predictMultiArm(fit.forest, X, nRows);
  return armEffects(pred, m, e, fit.arms);
}

/** The arms' indicator means scaled to sum to 1 per patient, patient after patient (n × K). */
function armPropensities(perArm: Float64Array[], nRows: number): Float64Array {
  const K = perArm.length;
  const e = new Float64Array(nRows * K);
  for (let r = 0; r < nRows; r++) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += perArm[k][r];
    // Every patient is in some arm, so some forest's mean is positive wherever the forests saw patients.
    for (let k = 0; k < K; k++) e[r * K + k] = sum > 0 ? perArm[k][r] / sum : NaN;
  }
  return e;
}

function armEffects(
  pred: MultiArmPredictions,
  m: Float64Array,
  e: Float64Array,
  arms: number,
): ArmPatientEffects[] {
  const A = arms - 1;
  const n = m.length;
  const mu0 = Float64Array.from(m);
  for (let r = 0; r < n; r++)
    for (let k = 0; k < A; k++) mu0[r] -= e[r * arms + k + 1] * pred.effect[r * A + k];
  return Array.from({ length: A }, (_, k) => {
    const out: ArmPatientEffects = {
      effect: new Float64Array(n),
      standardError: new Float64Array(n),
      lower: new Float64Array(n),
      upper: new Float64Array(n),
      probabilityArm: new Float64Array(n),
      probabilityComparison: mu0,
      propensity: new Float64Array(n),
      comparisonPropensity: new Float64Array(n),
    };
    for (let r = 0; r < n; r++) {
      const tau = pred.effect[r * A + k];
      const se = Math.sqrt(pred.variance[r * A + k]);
      out.effect[r] = tau;
      out.standardError[r] = se;
      out.lower[r] = tau - Z95 * se;
      out.upper[r] = tau + Z95 * se;
      out.probabilityArm[r] = mu0[r] + tau;
      out.propensity[r] = e[r * arms + k + 1];
      out.comparisonPropensity[r] = e[r * arms];
    }
    return out;
  });
}
