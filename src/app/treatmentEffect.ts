/**
 * The treatment-effect use case (issue 18): from a table, an outcome column with its positive class and a
 * two-arm treatment column, fit the causal forest (engine/causal) and report average effects, overlap,
 * calibration and every patient's effect with its 95 % interval, in the words and JSON names the CLI prints.
 * The treatment column is never a feature. Effects are differences of the positive outcome's probability,
 * treated minus comparison, estimated out of bag for the cohort's own patients, with the local linear correction on the
 * column the effect forest splits on most unless it is turned off (bench/CAUSAL.md: the per-patient intervals reach
 * the issue's 90–97 % coverage on both designs with it, not without).
 *
 * With a time-to-event outcome (`survival`: a time column, the event column as `target`, and a horizon h) the effect
 * is on the chance of being event-free at h, by inverse probability of censoring weighting
 * (engine/causal/survivalHorizon.ts): patients whose status at h is known are kept, weighted by 1/Ĝ(min(T, h)−) from a
 * survival forest of the censoring times (the treatment among its columns), and the causal forest and its checks
 * run weighted; patients censored before h carry no outcome and get effects predicted by the forest they were not in.
 */
import type { ColumnChoice, Encoding, PatientInput, RawTable } from '../engine/data/types.ts';
import { inferSchema } from '../engine/data/schema.ts';
import { buildEncoding, encodeFeatureMatrix, encodeTable } from '../engine/data/encode.ts';
import { cellText } from '../engine/data/cells.ts';
import { defaultPositiveClass } from '../engine/data/positiveClass.ts';
import { shortName } from '../engine/data/values.ts';
import { encodePatient } from '../engine/data/encodePatient.ts';
import {
  aboutCount,
  formatPointChange,
  frequencySentence,
  iconArray,
  outcomeLabel,
  type IconArray,
} from '../engine/explain/riskWords.ts';
import { nuisanceParams } from '../engine/causal/nuisance.ts';
import {
  fitEffects,
  predictEffects,
  type EffectFit,
  type EffectProgress,
  type PatientEffects,
} from '../engine/causal/effects.ts';
import type { CausalForest } from '../engine/causal/causalForest.ts';
import {
  fitMultiArmEffects,
  heldOutArmPriorities,
  predictMultiArmEffects,
  type ArmPatientEffects,
  type MultiArmFit,
  type MultiArmOptions,
} from '../engine/causal/multiArm.ts';
import { heldOutPriorities, rankAverageTreatmentEffect, type Rate } from '../engine/causal/rate.ts';
import {
  aipwScores,
  countDegeneratePropensities,
  type Calibration,
  type Estimate,
  type Overlap,
} from '../engine/causal/checks.ts';
import { inThreadGrowers, stoppableGrowers, type EffectGrowers } from '../engine/causal/growers.ts';
import { effectImportance } from '../engine/causal/importance.ts';
import { DEFAULT_LL_LAMBDA } from '../engine/causal/localLinear.ts';
import { encodeSurvival } from '../engine/survival/survivalData.ts';
import type { TimeUnit } from '../engine/data/timeToEvent.ts';
import {
  CENSORING_FLOOR,
  censoredBefore,
  censoringBeforeForest,
  censoringBeforeKaplanMeier,
  censoringWeights,
  horizonOutcome,
} from '../engine/causal/survivalHorizon.ts';

/** What the user asked for. */
export interface EffectRequest {
  target: string;
  treatment: string;
  /** The treatment value meaning "treated"; default: a value named like 1/yes/true/treated when there is one. */
  treatedValue?: string;
  /**
   * The comparison arm; needed when the treatment column has more than two values (each other arm is then compared
   * with it on the patients of the two arms); default with two values: the one that is not treated.
   */
  comparisonValue?: string;
  /** The outcome class whose probability the effect is about; default as everywhere (defaultPositiveClass). */
  positive?: string;
  numTrees?: number;
  seed?: number;
  /** Other patients to report effects for (their features only); without it, the cohort's own, out of bag. */
  patients?: RawTable;
  /**
   * A randomised trial: every patient had the same, known chance of treatment (taken as the treated share), so no
   * propensity model is fitted.
   */
  randomised?: boolean;
  /** Column choices (kinds, exclusions) as the model was trained with; the treatment column is always left out. */
  columns?: ColumnChoice[];
  /**
   * The local linear correction of the effects (engine/causal/localLinear.ts) on the column the effect forest splits on
   * most; default on, false for the forest's own estimates.
   */
  localLinear?: boolean;
  /**
   * A time-to-event outcome: effects on the chance of being event-free at `horizon` (time units of the time column),
   * `target` then naming the event column and `eventValue` its value meaning the event (default as for survival
   * models). `censoring` chooses the censoring model of the weights (default 'forest').
   */
  survival?: {
    time: string;
    eventValue?: string;
    horizon: number;
    /** The time column's unit, said with the horizon ("365 days"); absent: the bare number. */
    unit?: TimeUnit;
    censoring?: CensoringModel;
  };
}

/** How the chance of remaining uncensored is estimated for the weights. */
export type CensoringModel = 'forest' | 'kaplan-meier';

/** What the censoring did to a survival-at-horizon fit (EffectReport.censoring). */
export interface CensoringReport {
  /** The model of the weights; 'none' when no patient was censored before the horizon (every weight 1). */
  model: CensoringModel | 'none';
  /** Patients censored before the horizon, left out of the fit (their status at the horizon is unknown). */
  dropped: number;
  droppedTreated: number;
  droppedComparison: number;
  /** Patients whose status at the horizon is known (the fit's patients). */
  known: number;
  /** Of those, event-free at the horizon. */
  eventFree: number;
  /** Range of the weights 1/Ĝ. */
  weightMin: number;
  weightMax: number;
  /** Weights capped at 1/floor (Ĝ below the floor). */
  capped: number;
  floor: number;
  /** The recipe, in words. */
  note: string;
}

/** One patient's effect (table row numbers are 1-based, counting data rows). */
export interface PatientEffectRow {
  row: number;
  effect: number;
  standardError: number;
  lower: number;
  upper: number;
  probabilityTreated: number;
  probabilityUntreated: number;
  propensity: number;
  /** The propensity is <= 0.01 or >= 0.99: no comparable patient got the other arm. */
  overlapWarning: boolean;
  /**
   * Survival at a horizon only: false for a patient censored before the horizon, whose effect is predicted by the
   * forests (which never saw it) rather than out of bag.
   */
  statusKnown?: boolean;
}

/** The whole answer, as the CLI's --json prints it. */
export interface EffectReport {
  target: string;
  positive: string;
  treatment: string;
  treated: string;
  comparison: string;
  patients: number;
  treatedCount: number;
  droppedMissingTreatment: number;
  /** Patients in arms other than the treated and the comparison (a treatment column of more than two values). */
  droppedOtherArms: number;
  trees: number;
  seed: number;
  seconds: number;
  ate: Estimate;
  att: Estimate;
  overlapWeighted: Estimate;
  overlap: {
    min: number;
    max: number;
    warning: boolean;
    extremeCount: number;
    extremeShare: number;
    histogram: { comparison: number[]; treated: number[] };
  };
  calibration: Calibration;
  /**
   * The local linear correction the per-patient effects carry: its column and ridge penalty; null when turned off or
   * when the effect forest split on no column it can use (localLinearNote says which).
   */
  localLinear: { column: string; lambda: number } | null;
  /** One sentence on the correction: its column and what it does, or why the effects are the forest's own. */
  localLinearNote: string;
  /**
   * The rank-weighted average treatment effect (AUTOC) and the TOC curve: patients ranked by effects predicted by
   * forests fitted on the other of two folds, scored by doubly robust scores; null when it cannot be computed (the
   * warnings say why).
   */
  rate: Rate | null;
  /**
   * How the chance of treatment was obtained: a propensity forest, or given (a randomised trial: the treated share,
   * the same for everyone).
   */
  propensity: { model: 'forest' } | { model: 'randomised'; value: number };
  /**
   * What drives the effect across the cohort: each column's importance for effect heterogeneity (grf's
   * variable_importance: depth-weighted split frequencies of the causal forest), largest first; shares summing to 1
   * (all 0 when no tree split).
   */
  drivers: EffectDriver[];
  rows: PatientEffectRow[];
  warnings: string[];
  assumptions: string[];
  /** Survival at a horizon only: the horizon (time units of the time column); effects are on P(event-free then). */
  horizon?: number;
  /** Survival at a horizon only: the horizon as said to the user ("365 days", or "365" when no unit was given). */
  horizonText?: string;
  /** Survival at a horizon only: the time column. */
  time?: string;
  /** Survival at a horizon only: patients dropped and the weights (see CensoringReport). */
  censoring?: CensoringReport;
}

/** A column and its share of the causal forest's depth-weighted splits. */
export interface EffectDriver {
  feature: string;
  importance: number;
}

/** The assumptions every effect rests on, said with every answer. */
export const EFFECT_ASSUMPTIONS = [
  'Every confounder (anything that influenced both who was treated and the outcome) is among the columns.',
  'Every kind of patient could have received either arm (overlap).',
  'With observational data this is an association adjusted for the measured columns, not proof of cause.',
];

/**
 * What a joint fit's per-patient intervals are worth, measured (bench/CAUSAL.md, three-arm simulation, 15 seeds): said
 * with every multi-arm answer, as the two-arm forest's intervals reach the 90–97 % goal and these do not always.
 */
const MULTI_ARM_INTERVALS =
  'Each patient’s 95 % interval assumes the forest’s estimate is centred on the true effect. Where an arm’s effect changes steeply from patient to patient, the joint forest leans toward that arm’s average and its intervals cover the truth less often: on a three-arm simulation, for about 91 % of patients of such an arm with the local linear correction (78 % to 98 % from one simulated cohort to another; 82 % without), and 96 % where the effect was the same for everyone.';

/** What the correction adds to the assumptions when it is on. */
const LOCAL_LINEAR_ASSUMPTION =
  'Among similar patients, the effect changes roughly in a straight line with the correction column (the local linear correction fits that line).';

/** The sentence on the local linear correction (EffectReport.localLinearNote). */
function localLinearNote(used: { column: string; lambda: number } | null, asked: boolean): string {
  if (used)
    return `Local linear correction on “${shortName(used.column)}”, the column the effect forest splits on most (ridge penalty ${used.lambda}): it reduces the forest's bias toward the average effect where the effect changes with that column (Friedberg et al. 2020).`;
  return asked
    ? 'No local linear correction: the effect forest split on no numeric column with a value for every patient, so the effects are the causal forest’s own estimates.'
    : 'No local linear correction (turned off): the effects are the causal forest’s own estimates, which lean toward the average effect where it changes steeply.';
}

/** The sentence on a joint multi-arm fit's per-arm correction (MultiArmReport.localLinearNote). */
function armsLocalLinearNote(used: MultiArmReport['localLinear'], asked: boolean): string {
  if (!used) return localLinearNote(null, asked);
  const each = used.columns
    .map(
      (c) => `“${shortName(c.arm)}” ${c.column === null ? 'none' : `on “${shortName(c.column)}”`}`,
    )
    .join(', ');
  return `Local linear correction of each arm on a column of its own: ${each} (ridge penalty ${used.lambda}). Each arm's column is, of the two along which the joint forest's splits separate that arm's effect most, the one that brings its effects closer to its doubly robust scores, or none where neither beats the forest's own effects (which that arm then keeps); the correction reduces the forest's bias toward the arm's average effect where that effect changes with the column (Friedberg et al. 2020).`;
}

/**
 * One progress bar over a full effect fit and its RATE fold fits, grown at the same time: trees done are summed, and
 * the stage named is the full fit's until its trees are all grown, then the RATE's, so the words do not flicker.
 */
function fitAndRateProgress(
  onProgress: ((progress: EffectProgress) => void) | undefined,
  mainTotal: number,
  allTrees: number,
): {
  main: ((q: EffectProgress) => void) | undefined;
  rate: (q: Pick<EffectProgress, 'treesDone'>) => void;
} {
  const done = { main: 0, rate: 0 };
  let mainStage: EffectProgress['stage'] = 'outcome';
  const report = (): void =>
    onProgress?.({
      stage: done.main < mainTotal ? mainStage : 'rate',
      treesDone: done.main + done.rate,
      treesTotal: allTrees,
    });
  return {
    main:
      onProgress &&
      ((q) => {
        done.main = q.treesDone;
        mainStage = q.stage;
        report();
      }),
    rate: (q) => {
      done.rate = q.treesDone;
      report();
    },
  };
}

const TREATED_WORDS = ['1', 'yes', 'y', 'true', 'treated', 'treatment', 'exposed', 'on'];

/** Fit the causal forest on the table and report; throws an Error with a plain reason when it cannot. */
export async function estimateTreatmentEffects(
  table: RawTable,
  req: EffectRequest,
  growers?: EffectGrowers,
): Promise<EffectReport> {
  return (await fitTreatmentEffects(table, req, undefined, growers)).report;
}

/** A fitted effect model: its report, and what predicting another patient needs. */
export interface TreatmentEffectModel {
  report: EffectReport;
  fit: EffectFit;
  /** The features' encoding (the treatment column left out). */
  encoding: Encoding;
}

/** Fit the causal forest on the table and keep it for other patients; throws an Error with a plain reason. */
export async function fitTreatmentEffects(
  table: RawTable,
  req: EffectRequest,
  onProgress?: (progress: EffectProgress) => void,
  /** Who grows the trees (a worker pool); default: the calling thread. The figures are the same. */
  growers?: EffectGrowers,
): Promise<TreatmentEffectModel> {
  const start = performance.now();
  const warnings: string[] = [];
  const { encoding, data, positiveIndex, followUp, armText, distinct } = readArms(
    table,
    req,
    warnings,
  );
  const listed = `${distinct.slice(0, 6).join(', ')}${distinct.length > 6 ? ', …' : ''}`;
  if (distinct.length > 2 && (req.comparisonValue === undefined || req.treatedValue === undefined))
    throw new Error(
      `The treatment column "${shortName(req.treatment)}" has ${distinct.length} values (${listed}): name the comparison arm with --comparison-value (every other arm is then compared with it), or also one arm with --treated-value`,
    );
  const comparisonAsked =
    req.comparisonValue === undefined
      ? undefined
      : armValue(distinct, req.comparisonValue, '--comparison-value', req.treatment);
  let treated: string;
  if (req.treatedValue !== undefined) {
    treated = armValue(distinct, req.treatedValue, '--treated-value', req.treatment);
  } else {
    const named = distinct.filter((v) => TREATED_WORDS.includes(v.toLowerCase()));
    if (named.length !== 1)
      throw new Error(
        `Which value of "${shortName(req.treatment)}" means treated (${distinct.join(' or ')})? Name it with --treated-value`,
      );
    treated = named[0];
  }
  if (treated === comparisonAsked)
    throw new Error(`The treated and the comparison arm are the same value ("${treated}")`);
  const comparison = comparisonAsked ?? (distinct[0] === treated ? distinct[1] : distinct[0]);

  // Patients without a treatment value are left out (counted): their arm is unknown. With more than two arms, so
  // are the other arms' patients: each arm is compared with the comparison among the patients given one of the two.
  const keep: number[] = [];
  let otherArms = 0;
  for (let i = 0; i < data.nRows; i++) {
    if (armText[i] === treated || armText[i] === comparison) keep.push(i);
    else if (armText[i] !== '') otherArms++;
  }
  if (otherArms > 0)
    warnings.push(
      `${otherArms} patients in the other arms of "${shortName(req.treatment)}" (${distinct.filter((v) => v !== treated && v !== comparison).join(', ')}) were left out: this is ${treated} vs ${comparison} among the patients given one of the two (a causal forest for this pair, not a joint multi-arm forest).`,
    );
  const p = data.nFeatures;
  const isCategorical = Uint8Array.from(encoding.features, (f) =>
    f.kind === 'categorical' ? 1 : 0,
  );
  const numTrees = req.numTrees ?? 2000;
  const seed = req.seed ?? 1;
  const armed = keep.length;
  const treatedArmed = keep.reduce((s, i) => s + (armText[i] === treated ? 1 : 0), 0);
  // A trial's chance of treatment is its design's; the treated share estimates it without a model.
  const known = req.randomised ? treatedArmed / armed : undefined;
  // Survival at a horizon: only the patients whose status then is known are fitted, with censoring weights.
  const horizon =
    followUp && req.survival
      ? survivalAtHorizon(
          data,
          followUp,
          keep,
          Uint8Array.from(keep, (i) => (armText[i] === treated ? 1 : 0)),
          isCategorical,
          req.survival,
          { treated, comparison },
          seed,
          warnings,
        )
      : null;
  // Positions in `keep` of the patients fitted.
  const fitted = horizon ? horizon.fitted : Int32Array.from(keep, (_, k) => k);
  const n = fitted.length;
  const X = new Float32Array(n * p);
  for (let f = 0; f < p; f++)
    for (let i = 0; i < n; i++) X[f * n + i] = data.X[f * data.nRows + keep[fitted[i]]];
  const y = horizon
    ? horizon.y
    : Uint8Array.from(keep, (i) => (data.y[i] === positiveIndex ? 1 : 0));
  const w = Uint8Array.from(fitted, (k) => (armText[keep[k]] === treated ? 1 : 0));
  const weights = horizon?.weights;
  const treatedCount = w.reduce((s, v) => s + v, 0);
  // One progress bar over the full fit and the RATE's fold fits.
  const rateTrees = Math.min(numTrees, RATE_TREES);
  const forestTrees = (trees: number): number =>
    nuisanceParams(trees, p, seed).numTrees * (known === undefined ? 2 : 1) + trees;
  const mainTotal = forestTrees(numTrees);
  const allTrees = mainTotal + RATE_FOLDS * forestTrees(rateTrees);
  // The RATE's fold fits need nothing from the full fit but its scores at the very end, so they are fitted at the
  // same time: a pool then always has trees to grow while this thread computes the full fit's out-of-bag effects
  // (each fit has its own seeds, so the figures are the same as one after the other). Trees done are summed; the
  // stage named is the full fit's until its trees are all grown, then the RATE's, so the words do not flicker.
  const bar = fitAndRateProgress(onProgress, mainTotal, allTrees);
  // With censoring weights the correction's regression is weighted too (localLinear.ts).
  const askedLocalLinear = req.localLinear !== false;
  const fitting = fitEffects(
    X,
    n,
    p,
    isCategorical,
    y,
    w,
    { numTrees, randomState: seed },
    {
      knownPropensity: known,
      growers,
      ...(weights ? { sampleWeights: weights } : {}),
      // One column, grf's default penalty: the setting the bench (bench/CAUSAL.md) found within the coverage goal.
      ...(askedLocalLinear ? { localLinear: { variables: 1, lambda: DEFAULT_LL_LAMBDA } } : {}),
      onProgress: bar.main,
    },
  );
  // The RATE's fold fits stop asking for trees once the full fit has failed: their figures would be thrown away.
  const rateStop = new AbortController();
  const priorities = heldOutRatePriorities(
    X,
    n,
    p,
    isCategorical,
    y,
    w,
    rateTrees,
    seed,
    known,
    bar.rate,
    stoppableGrowers(growers ?? inThreadGrowers, rateStop.signal),
    weights,
  );
  let fit: EffectFit;
  try {
    fit = await fitting;
  } catch (error) {
    rateStop.abort();
    throw error;
  }
  const rate = heldOutRate(fit, y, w, await priorities, seed, warnings, weights);
  let c: PatientEffects = fit.cohort;
  let rowNumbers = keep.map((i) => data.rowIndex[i] + 1);
  // Survival at a horizon: every patient of the two arms gets a row, those censored before the horizon predicted by
  // forests that never saw them (their outcome is unknown, so they were not fitted).
  let statusKnown: Uint8Array | null = null;
  if (horizon && !req.patients) {
    c = withDroppedPatients(fit, fit.cohort, horizon.fitted, data, keep, p);
    statusKnown = new Uint8Array(keep.length);
    for (const k of horizon.fitted) statusKnown[k] = 1;
  }
  if (req.patients) {
    const enc = encodePatients(req.patients, encoding, warnings);
    c = predictEffects(fit, enc.X, enc.nRows);
    rowNumbers = Array.from({ length: enc.nRows }, (_, r) => r + 1);
  }
  const rows: PatientEffectRow[] = rowNumbers.map((row, k) => ({
    row,
    effect: c.effect[k],
    standardError: c.standardError[k],
    lower: c.lower[k],
    upper: c.upper[k],
    probabilityTreated: c.probabilityTreated[k],
    probabilityUntreated: c.probabilityUntreated[k],
    propensity: c.propensity[k],
    overlapWarning: c.propensity[k] <= 0.01 || c.propensity[k] >= 0.99,
    ...(statusKnown ? { statusKnown: statusKnown[k] === 1 } : {}),
  }));
  if (fit.overlap.warning)
    warnings.push(
      `${fit.overlap.extremeCount} patients (${(fit.overlap.extremeShare * 100).toFixed(1)} %) have an estimated chance of treatment at or beyond 1 % / 99 %: few or no comparable patients got the other arm, so their effects and the averages rest on extrapolation.`,
    );
  if (!Number.isFinite(fit.ate.estimate))
    warnings.push(
      `The average effect over all patients cannot be estimated: ${countDegeneratePropensities(fit.cohort.propensity)} patients' estimated chance of treatment is 0 % or 100 %, so no comparable patient got the other arm (ate is null); the overlap-weighted average does not need them.`,
    );
  if (!Number.isFinite(fit.att.estimate))
    warnings.push(
      'The average effect on the treated cannot be estimated: some comparison patients had an estimated chance of treatment of 100 % (att is null).',
    );
  if (fit.calibration.differentialP >= 0.05)
    warnings.push(
      `The calibration test finds no clear differences in effect between patients (p = ${fit.calibration.differentialP.toFixed(2)}): read individual effects as the average effect.`,
    );
  if (data.nRows - otherArms > armed)
    warnings.push(
      `${data.nRows - otherArms - armed} patients without a value in "${shortName(req.treatment)}" were left out.`,
    );
  const localLinear = fit.localLinear
    ? {
        column: encoding.features[fit.localLinear.variables[0]].name,
        lambda: fit.localLinear.lambda,
      }
    : null;
  const report: EffectReport = {
    target: req.target,
    positive: horizon
      ? eventFreeLabel(horizon.h, req.survival?.unit)
      : encoding.classes[positiveIndex],
    treatment: req.treatment,
    treated,
    comparison,
    patients: n,
    treatedCount,
    droppedMissingTreatment: data.nRows - otherArms - armed,
    droppedOtherArms: otherArms,
    trees: numTrees,
    seed,
    seconds: (performance.now() - start) / 1000,
    ate: fit.ate,
    att: fit.att,
    overlapWeighted: fit.overlapWeighted,
    overlap: {
      min: fit.overlap.min,
      max: fit.overlap.max,
      warning: fit.overlap.warning,
      extremeCount: fit.overlap.extremeCount,
      extremeShare: fit.overlap.extremeShare,
      histogram: fit.overlap.histogram,
    },
    calibration: fit.calibration,
    localLinear,
    localLinearNote: localLinearNote(localLinear, askedLocalLinear),
    rate,
    propensity: known === undefined ? { model: 'forest' } : { model: 'randomised', value: known },
    drivers: effectDrivers(fit, encoding),
    rows,
    warnings,
    assumptions: [
      ...EFFECT_ASSUMPTIONS,
      ...(localLinear ? [LOCAL_LINEAR_ASSUMPTION] : []),
      ...(horizon ? CENSORING_ASSUMPTIONS : []),
    ],
    ...(horizon && req.survival
      ? {
          horizon: horizon.h,
          horizonText: horizonWords(horizon.h, req.survival.unit),
          time: req.survival.time,
          censoring: horizon.report,
        }
      : {}),
  };
  return { report, fit, encoding };
}

/** What a survival-at-horizon effect assumes besides EFFECT_ASSUMPTIONS. */
export const CENSORING_ASSUMPTIONS = [
  'Censoring is independent of the event given the columns and the treatment: patients whose follow-up ended early are otherwise like similar patients followed longer (the censoring weights rest on it).',
  'Patients censored before the horizon carry no outcome: they are left out of the fit and stood in for by the weights of similar patients whose status at the horizon is known.',
];

/** Fewest patients of each arm whose status at the horizon must be known. */
export const MIN_KNOWN_PER_ARM = 20;

/** Fewest patients of each arm with each outcome at the horizon (the event by then; followed event-free to it). */
export const MIN_OUTCOME_PER_ARM = 5;

/** Trees of the censoring forest (out-of-bag Ĝ needs each patient left out by enough trees). */
const CENSORING_TREES = 200;

/** A horizon as said to the user: "365 days", or the bare number when the unit is not known (the CLI). */
function horizonWords(h: number, unit?: TimeUnit): string {
  return unit ? `${h} ${unit}` : `${h}`;
}

/** The outcome an effect on survival at h is about. */
function eventFreeLabel(h: number, unit?: TimeUnit): string {
  return `event-free at ${horizonWords(h, unit)}`;
}

/** The encoded rows an effect is fitted on: features column-major, table rows, and the class or event per row. */
interface OutcomeRows {
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  rowIndex: ArrayLike<number>;
  y: ArrayLike<number>;
}

/**
 * Encode the table for the outcome asked: a two-class outcome (its positive class), or a time-to-event outcome (the
 * event column as target, the time column left out of the features, follow-up kept for the horizon).
 */
function effectOutcome(
  table: RawTable,
  req: EffectRequest,
  warnings: string[],
): {
  encoding: Encoding;
  data: OutcomeRows;
  positiveIndex: number;
  followUp: { time: Float64Array; event: Uint8Array } | null;
} {
  const schema = inferSchema(table);
  const columns: ColumnChoice[] = [
    ...(req.columns ?? []).filter((c) => c.name !== req.treatment),
    { name: req.treatment, kind: 'categorical', excluded: true },
  ];
  const surv = req.survival;
  if (surv) {
    if (surv.time === req.treatment)
      throw new Error('The treatment column cannot also be the time column');
    const ds = encodeSurvival(table, schema, {
      time: surv.time,
      event: req.target,
      eventValue: surv.eventValue,
      columns,
    });
    warnings.push(...ds.warnings);
    return {
      encoding: ds.encoding,
      data: { ...ds, y: ds.event },
      positiveIndex: -1,
      followUp: { time: ds.time, event: ds.event },
    };
  }
  const { encoding, summary } = buildEncoding(table, schema, { target: req.target, columns });
  if (summary.errors.length > 0) throw new Error(summary.errors[0]);
  if (encoding.classes.length !== 2)
    throw new Error(
      `Effects are on a two-class outcome; "${shortName(req.target)}" has ${encoding.classes.length} classes (${encoding.classes.join(', ')})`,
    );
  const data = encodeTable(table, encoding);
  const classes = encoding.classes;
  let positiveIndex: number;
  if (req.positive !== undefined) {
    positiveIndex = classes.indexOf(req.positive);
    if (positiveIndex < 0)
      throw new Error(
        `--positive "${req.positive}" is not a class of "${shortName(req.target)}"; its classes are: ${classes.join(', ')}`,
      );
  } else {
    const counts = classes.map((_, k) => data.y.reduce((s, v) => s + (v === k ? 1 : 0), 0));
    const d = defaultPositiveClass(classes, counts);
    if (!d) throw new Error('No positive class could be chosen');
    positiveIndex = d.index;
    if (d.reason === 'guess')
      warnings.push(
        `The outcome "${classes[d.index]}" was taken as the one the effect is about (the smaller class); name it with --positive if another is meant.`,
      );
  }
  return { encoding, data, positiveIndex, followUp: null };
}

/** The patients a survival-at-horizon effect is fitted on, their outcome 1{T > h} and censoring weights. */
interface HorizonFit {
  h: number;
  /** Positions (in the two arms' patients) of those whose status at h is known. */
  fitted: Int32Array;
  y: Uint8Array;
  /** 1/Ĝ(min(T, h)−); absent when no patient was censored before h (every weight would be 1). */
  weights?: Float64Array;
  report: CensoringReport;
}

/**
 * Outcome and weights of an effect on survival at the horizon among the two arms' patients `keep` (arm: 1 treated),
 * refusing a horizon beyond follow-up or one where too few patients of either arm have a known status.
 */
function survivalAtHorizon(
  data: OutcomeRows,
  followUp: { time: Float64Array; event: Uint8Array },
  keep: number[],
  arm: Uint8Array,
  isCategorical: Uint8Array,
  surv: NonNullable<EffectRequest['survival']>,
  arms: { treated: string; comparison: string },
  seed: number,
  warnings: string[],
): HorizonFit {
  const h = surv.horizon;
  if (!(h > 0 && Number.isFinite(h)))
    throw new Error(`The horizon must be a time greater than 0, got ${h}`);
  const when = horizonWords(h, surv.unit);
  const time = Float64Array.from(keep, (i) => followUp.time[i]);
  const event = Uint8Array.from(keep, (i) => followUp.event[i]);
  let longest = 0;
  for (const t of time) longest = Math.max(longest, t);
  if (h > longest)
    throw new Error(
      `The horizon ${when} is beyond the longest follow-up (${horizonWords(longest, surv.unit)}): no patient's status at ${when} is known; choose a horizon within follow-up`,
    );
  const ho = horizonOutcome(time, event, h);
  const known = [0, 0];
  const eventFree = [0, 0];
  const dropped = [0, 0];
  ho.keep.forEach((k, i) => {
    known[arm[k]]++;
    eventFree[arm[k]] += ho.y[i];
  });
  for (let k = 0; k < keep.length; k++) dropped[arm[k]]++;
  dropped[0] -= known[0];
  dropped[1] -= known[1];
  for (const a of [1, 0]) {
    if (known[a] >= MIN_KNOWN_PER_ARM) continue;
    const name = a === 1 ? arms.treated : arms.comparison;
    throw new Error(
      `Too few patients of the arm "${name}" have a known status at the horizon ${when}: ${known[a]} (${known[a] - eventFree[a]} with the event by then, ${eventFree[a]} followed event-free to ${when}; ${dropped[a]} censored before it). At least ${MIN_KNOWN_PER_ARM} are needed in each arm: choose an earlier horizon`,
    );
  }
  for (const a of [1, 0]) {
    const name = a === 1 ? arms.treated : arms.comparison;
    const events = known[a] - eventFree[a];
    if (eventFree[a] < MIN_OUTCOME_PER_ARM)
      throw new Error(
        `Only ${eventFree[a]} patients of the arm "${name}" are known to be event-free at ${when} (followed that long without the event): at least ${MIN_OUTCOME_PER_ARM} are needed in each arm; choose an earlier horizon`,
      );
    if (events < MIN_OUTCOME_PER_ARM)
      throw new Error(
        `Only ${events} patients of the arm "${name}" had the event by ${when}: at least ${MIN_OUTCOME_PER_ARM} are needed in each arm; choose a later horizon`,
      );
  }
  const free = eventFree[0] + eventFree[1];
  const nDropped = dropped[0] + dropped[1];
  const base = {
    dropped: nDropped,
    droppedTreated: dropped[1],
    droppedComparison: dropped[0],
    known: ho.keep.length,
    eventFree: free,
    floor: CENSORING_FLOOR,
  };
  if (censoredBefore(time, event, h) === 0)
    return {
      h,
      fitted: ho.keep,
      y: ho.y,
      report: {
        ...base,
        model: 'none',
        weightMin: 1,
        weightMax: 1,
        capped: 0,
        note: `Effects on the chance of being event-free at ${when}. No patient was censored before ${when}, so every patient's status then is known and no censoring weights are needed.`,
      },
    };
  const model = surv.censoring ?? 'forest';
  let g: Float64Array;
  if (model === 'kaplan-meier') {
    g = censoringBeforeKaplanMeier(time, event, arm, ho.keep, ho.at);
  } else {
    const p = data.nFeatures;
    const n = keep.length;
    const Xk = new Float32Array(n * p);
    for (let f = 0; f < p; f++)
      for (let i = 0; i < n; i++) Xk[f * n + i] = data.X[f * data.nRows + keep[i]];
    const fit = censoringBeforeForest(Xk, n, p, isCategorical, time, event, arm, ho.keep, ho.at, {
      nEstimators: CENSORING_TREES,
      randomState: seed,
    });
    g = fit.value;
  }
  const cw = censoringWeights(g);
  if (cw.capped > 0)
    warnings.push(
      `${cw.capped} patients' estimated chance of still being followed at their time was below ${CENSORING_FLOOR * 100} %: their censoring weights were capped at ${1 / CENSORING_FLOOR}, and the estimates lean on few patients there (grf warns at the same level).`,
    );
  const by =
    model === 'forest'
      ? `a survival forest of the censoring times (${CENSORING_TREES} trees, out of bag) on the columns and the treatment`
      : 'Kaplan–Meier of the censoring times within each arm';
  return {
    h,
    fitted: ho.keep,
    y: ho.y,
    weights: cw.weights,
    report: {
      ...base,
      model,
      weightMin: cw.min,
      weightMax: cw.max,
      capped: cw.capped,
      note: `Effects on the chance of being event-free at ${when}. A patient's status at ${when} is known when the event came by then or follow-up reached ${when}; the ${nDropped} patients censored before ${when} carry no outcome and were left out, and the ${ho.keep.length} others weighted by the inverse of their estimated chance of still being followed at their time or at ${when}, whichever came first (inverse probability of censoring weights, from ${by}; weights ${cw.min.toFixed(2)} to ${cw.max.toFixed(2)}, capped at ${1 / CENSORING_FLOOR}). The causal forest, the local linear correction, the average effects and the checks (the RATE included) are weighted.`,
    },
  };
}

/**
 * Effects of every patient of the two arms: out of bag for those fitted (`cohort`, in `fitted` order), predicted by
 * the forests for the others (censored before the horizon: never in any tree).
 */
function withDroppedPatients(
  fit: EffectFit,
  cohort: PatientEffects,
  fitted: Int32Array,
  data: OutcomeRows,
  keep: number[],
  p: number,
): PatientEffects {
  const m = keep.length;
  const slot = new Int32Array(m).fill(-1);
  fitted.forEach((k, i) => (slot[k] = i));
  const others: number[] = [];
  for (let k = 0; k < m; k++) if (slot[k] < 0) others.push(k);
  const no = others.length;
  const Xo = new Float32Array(no * p);
  for (let f = 0; f < p; f++)
    for (let j = 0; j < no; j++) Xo[f * no + j] = data.X[f * data.nRows + keep[others[j]]];
  const pred = no > 0 ? predictEffects(fit, Xo, no) : cohort;
  others.forEach((k, j) => (slot[k] = -1 - j));
  const fields = [
    'effect',
    'standardError',
    'lower',
    'upper',
    'probabilityTreated',
    'probabilityUntreated',
    'propensity',
  ] as const;
  const out = Object.fromEntries(
    fields.map((f) => [f, new Float64Array(m)]),
  ) as unknown as PatientEffects;
  for (const f of fields)
    for (let k = 0; k < m; k++)
      out[f][k] = slot[k] >= 0 ? cohort[f][slot[k]] : pred[f][-1 - slot[k]];
  return out;
}

/** Other patients' columns encoded as the cohort's, with a warning for the cohort columns their file lacks. */
function encodePatients(
  patients: RawTable,
  encoding: Encoding,
  warnings: string[],
): ReturnType<typeof encodeFeatureMatrix> {
  const enc = encodeFeatureMatrix(patients, encoding);
  if (enc.missingColumns.length > 0)
    warnings.push(
      `The patients file lacks ${enc.missingColumns.length} of the cohort's columns (${enc.missingColumns.slice(0, 5).map(shortName).join(', ')}${enc.missingColumns.length > 5 ? ', …' : ''}): treated as unknown for every patient.`,
    );
  return enc;
}

/** The columns by importance for effect heterogeneity, largest first (ties in column order). */
function effectDrivers(fit: { forest: CausalForest }, encoding: Encoding): EffectDriver[] {
  const imp = effectImportance(fit.forest);
  return encoding.features
    .map((f, i) => ({ feature: f.name, importance: imp[i] }))
    .sort((a, b) => b.importance - a.importance);
}

/**
 * The outcome's rows and encoding (effectOutcome) and the treatment value of each of those rows ('' when empty), with
 * the column's distinct values in order; refuses a missing treatment column or one of fewer than two values.
 */
function readArms(
  table: RawTable,
  req: EffectRequest,
  warnings: string[],
): ReturnType<typeof effectOutcome> & { armText: string[]; distinct: string[] } {
  const tIndex = table.headers.indexOf(req.treatment);
  if (tIndex < 0)
    throw new Error(
      `treatment column "${shortName(req.treatment)}" is not in the file; its columns are: ${table.headers.map(shortName).join(', ')}`,
    );
  if (req.treatment === req.target)
    throw new Error('The treatment column cannot also be the outcome column');
  const outcome = effectOutcome(table, req, warnings);
  const { data } = outcome;
  // Treatment arms among the rows the outcome kept.
  const values = new Map<string, number>();
  const armText: string[] = [];
  for (let i = 0; i < data.nRows; i++) {
    const v = cellText(table, tIndex, data.rowIndex[i]).trim();
    armText.push(v);
    if (v !== '') values.set(v, (values.get(v) ?? 0) + 1);
  }
  const distinct = [...values.keys()].sort();
  if (distinct.length < 2)
    throw new Error(
      `The treatment column "${shortName(req.treatment)}" has ${distinct.length === 0 ? 'no values' : `only one value ("${distinct[0]}")`}: an effect needs patients in two arms`,
    );
  return { ...outcome, armText, distinct };
}

/** The value of the treatment column `asked` names; a number may be written otherwise ("1" for "1.0"), once. */
function armValue(distinct: string[], asked: string, option: string, treatment: string): string {
  if (distinct.includes(asked)) return asked;
  const match = distinct.filter((v) => asked.trim() !== '' && Number(v) === Number(asked));
  if (match.length !== 1)
    throw new Error(
      `${option} "${asked}" is not a value of "${shortName(treatment)}"; its values are: ${distinct.join(', ')}`,
    );
  return match[0];
}

/** A treatment column of two values with only the comparison arm named: that pair's report, as a list of one. */
export interface ArmEffectsReport {
  treatment: string;
  comparison: string;
  arms: EffectReport[];
}

/** One patient's effect of an arm against the comparison arm (EffectRow's names: "treated" is this arm). */
export interface ArmEffectRow extends PatientEffectRow {
  /** The chance of the comparison arm (the propensity is this arm's). */
  comparisonPropensity: number;
}

/** One arm of a joint multi-arm fit against the comparison arm. */
export interface ArmEffect {
  /** The arm's value in the treatment column. */
  arm: string;
  /** Its patients in the fit. */
  count: number;
  /** The AIPW average effect of this arm rather than the comparison over all patients (NaN: see the warnings). */
  ate: Estimate;
  /**
   * This arm's estimated chances over all patients: the warning when any is at or beyond 1 % / 99 %; the histogram's
   * 'treated' counts this arm's patients, its 'comparison' every other patient.
   */
  overlap: Overlap;
  /**
   * The best-linear-predictor calibration test of this arm against the comparison, on the two arms' patients
   * (MultiArmReport.calibrationNote says how); null when it cannot be computed (the warnings say why).
   */
  calibration: ArmCalibrationReport | null;
  /**
   * The RATE (AUTOC) and TOC curve of ranking patients by this arm's predicted effect against the comparison
   * (MultiArmReport.rateNote says how); null when it cannot be computed (the warnings say why).
   */
  rate: Rate | null;
  rows: ArmEffectRow[];
}

/** An arm's calibration test (ArmEffect.calibration) and the patients it was computed on. */
export interface ArmCalibrationReport extends Calibration {
  /** This arm's and the comparison arm's patients. */
  patients: number;
}

/** The joint multi-arm answer, as the CLI's --json prints it. */
export interface MultiArmReport {
  method: 'multi-arm causal forest';
  target: string;
  positive: string;
  treatment: string;
  comparison: string;
  /** Patients fitted (every arm). */
  patients: number;
  comparisonCount: number;
  droppedMissingTreatment: number;
  trees: number;
  seed: number;
  seconds: number;
  /** How the chances of the arms were obtained: propensity forests, or given (a randomised trial: the arms' shares). */
  propensity: { model: 'forest' } | { model: 'randomised'; values: number[] };
  /** The comparison arm's estimated chances (they enter every arm's average and intervals). */
  comparisonOverlap: Overlap;
  /** Every arm other than the comparison, in value order. */
  arms: ArmEffect[];
  /** What each arm's calibration test is computed on, in words. */
  calibrationNote: string;
  /** What each arm's RATE and TOC are computed on, in words. */
  rateNote: string;
  /** What drives the effects: the joint forest's depth-weighted split shares (one forest serves every arm). */
  drivers: EffectDriver[];
  /**
   * The local linear correction each arm's per-patient effects carry, on a column of that arm's own (column null: that
   * arm has the forest's own effects), and the ridge penalty; null when turned off or when no column could be used.
   */
  localLinear: { lambda: number; columns: { arm: string; column: string | null }[] } | null;
  /** One sentence on the correction: its column and what it does, or why the effects are the forest's own. */
  localLinearNote: string;
  warnings: string[];
  assumptions: string[];
}

/** Most arms a joint fit takes: each adds a propensity forest and widens every leaf. */
export const MAX_JOINT_ARMS = 10;

/** A fitted multi-arm model: its report, and what predicting another patient needs. */
export interface MultiArmEffectModel {
  report: MultiArmReport;
  fit: MultiArmFit;
  encoding: Encoding;
}

/**
 * Every arm other than `req.comparisonValue` vs that comparison. With three or more arms: one joint forest after
 * grf's multi_arm_causal_forest on every patient with a treatment value (fitArmEffects); with two, that pair's
 * two-arm report, as a list of one. Throws an Error with a plain reason, as fitTreatmentEffects.
 */
export async function estimateArmEffects(
  table: RawTable,
  req: EffectRequest & { comparisonValue: string },
  growers?: EffectGrowers,
): Promise<ArmEffectsReport | MultiArmReport> {
  const tIndex = table.headers.indexOf(req.treatment);
  if (tIndex < 0)
    throw new Error(`treatment column "${shortName(req.treatment)}" is not in the file`);
  const values = new Set<string>();
  for (let r = 0; r < table.rowCount; r++) {
    const v = cellText(table, tIndex, r).trim();
    if (v !== '') values.add(v);
  }
  const distinct = [...values].sort();
  if (distinct.length > 2) return (await fitArmEffects(table, req, undefined, growers)).report;
  const comparison = armValue(distinct, req.comparisonValue, '--comparison-value', req.treatment);
  const arms: EffectReport[] = [];
  for (const arm of distinct) {
    if (arm === comparison) continue;
    arms.push(
      (
        await fitTreatmentEffects(
          table,
          { ...req, treatedValue: arm, comparisonValue: comparison },
          undefined,
          growers,
        )
      ).report,
    );
  }
  if (arms.length === 0)
    throw new Error(
      `The treatment column "${shortName(req.treatment)}" has no arm besides "${comparison}"`,
    );
  return { treatment: req.treatment, comparison, arms };
}

/** What only the two-arm fit reports, said with every joint fit. */
const TWO_ARM_ONLY =
  'The average effect on the treated and the overlap-weighted average are computed for two arms: choose one arm as the treated value (--treated-value on the command line) for that pair alone (its patients and the comparison arm’s).';

/**
 * One joint causal forest for a treatment column of three or more arms (engine/causal/multiArm.ts): every patient
 * with a treatment value is fitted, each other arm compared with the comparison arm, with per-patient effects and
 * intervals, an AIPW average, an overlap check, the calibration test and the held-out RATE per arm. Throws an Error
 * with a plain reason when it cannot.
 */
export async function fitArmEffects(
  table: RawTable,
  req: EffectRequest & { comparisonValue: string },
  onProgress?: (progress: EffectProgress) => void,
  growers?: EffectGrowers,
): Promise<MultiArmEffectModel> {
  const start = performance.now();
  if (req.survival)
    throw new Error(
      `Effects on survival at a horizon compare two arms: choose one arm as the treated value (--treated-value on the command line) to compare it with "${req.comparisonValue}"`,
    );
  const warnings: string[] = [];
  const { encoding, data, positiveIndex, armText, distinct } = readArms(table, req, warnings);
  const K = distinct.length;
  if (K < 3)
    throw new Error(
      `The treatment column "${shortName(req.treatment)}" has ${K} values: a joint multi-arm forest needs three or more`,
    );
  if (K > MAX_JOINT_ARMS)
    throw new Error(
      `The treatment column "${shortName(req.treatment)}" has ${K} values: a joint forest takes at most ${MAX_JOINT_ARMS} arms; choose one arm as the treated value (--treated-value on the command line) to compare that pair`,
    );
  const comparison = armValue(distinct, req.comparisonValue, '--comparison-value', req.treatment);
  const others = distinct.filter((v) => v !== comparison);
  const index = new Map<string, number>([[comparison, 0]]);
  others.forEach((v, k) => index.set(v, k + 1));
  // Patients without a treatment value are left out (counted): their arm is unknown.
  const keep: number[] = [];
  for (let i = 0; i < data.nRows; i++) if (armText[i] !== '') keep.push(i);
  const n = keep.length;
  const p = data.nFeatures;
  const X = new Float32Array(n * p);
  for (let f = 0; f < p; f++)
    for (let i = 0; i < n; i++) X[f * n + i] = data.X[f * data.nRows + keep[i]];
  const y = Uint8Array.from(keep, (i) => (data.y[i] === positiveIndex ? 1 : 0));
  const arm = Uint8Array.from(keep, (i) => index.get(armText[i]) ?? 0);
  const counts = new Array<number>(K).fill(0);
  for (const a of arm) counts[a]++;
  const isCategorical = Uint8Array.from(encoding.features, (f) =>
    f.kind === 'categorical' ? 1 : 0,
  );
  const numTrees = req.numTrees ?? 2000;
  const seed = req.seed ?? 1;
  // A trial's chances of the arms are its design's; the arms' shares estimate them without a model.
  const known = req.randomised ? counts.map((c) => c / n) : undefined;
  const askedLocalLinear = req.localLinear !== false;
  // One progress bar over the full fit and the RATE's fold fits, fitted at the same time as the two-arm path does
  // (fitTreatmentEffects): the stage named is the full fit's until its trees are all grown, then the RATE's.
  const rateTrees = Math.min(numTrees, RATE_TREES);
  const forestTrees = (trees: number): number =>
    nuisanceParams(trees, p, seed).numTrees * (1 + (known ? 0 : K)) + trees;
  const mainTotal = forestTrees(numTrees);
  // Every fold's fit needs patients of every arm: an arm of fewer patients than folds leaves the RATE out.
  const tooFew = [comparison, ...others].filter((_, a) => counts[a] < RATE_FOLDS);
  const allTrees = mainTotal + (tooFew.length > 0 ? 0 : RATE_FOLDS * forestTrees(rateTrees));
  const bar = fitAndRateProgress(onProgress, mainTotal, allTrees);
  const fitting = fitMultiArmEffects(
    X,
    n,
    p,
    isCategorical,
    y,
    arm,
    K,
    { numTrees, randomState: seed },
    {
      growers,
      ...(known ? { knownPropensities: known } : {}),
      // The two-arm fit's setting (fitTreatmentEffects): one column, grf's default penalty.
      ...(askedLocalLinear ? { localLinear: { variables: 1, lambda: DEFAULT_LL_LAMBDA } } : {}),
      onProgress: bar.main,
    },
  );
  // The RATE's fold fits stop asking for trees once the full fit has failed: their figures would be thrown away.
  const rateStop = new AbortController();
  const priorities =
    tooFew.length > 0
      ? Promise.resolve(
          new Error(
            `${tooFew.map((v) => `“${v}”`).join(' and ')} ${tooFew.length > 1 ? 'have' : 'has'} fewer than ${RATE_FOLDS} patients, so the forests of some half would never see ${tooFew.length > 1 ? 'them' : 'it'}`,
          ),
        )
      : heldOutArmRatePriorities(
          X,
          n,
          p,
          isCategorical,
          y,
          arm,
          K,
          { numTrees: rateTrees, randomState: seed },
          {
            growers: stoppableGrowers(growers ?? inThreadGrowers, rateStop.signal),
            ...(known ? { knownPropensities: known } : {}),
            onProgress: bar.rate,
          },
        );
  let fit: MultiArmFit;
  try {
    fit = await fitting;
  } catch (error) {
    rateStop.abort();
    throw error;
  }
  const priority = await priorities;
  let cohort: ArmPatientEffects[] = fit.cohort;
  let rowNumbers = keep.map((i) => data.rowIndex[i] + 1);
  if (req.patients) {
    const enc = encodePatients(req.patients, encoding, warnings);
    cohort = predictMultiArmEffects(fit, enc.X, enc.nRows);
    rowNumbers = Array.from({ length: enc.nRows }, (_, r) => r + 1);
  }
  const extreme = (v: number): boolean => v <= 0.01 || v >= 0.99;
  const arms: ArmEffect[] = others.map((name, k) => {
    const c = cohort[k];
    const overlap = fit.overlap[k + 1];
    if (overlap.warning)
      warnings.push(
        `${overlap.extremeCount} patients (${(overlap.extremeShare * 100).toFixed(1)} %) have an estimated chance of “${name}” at or beyond 1 % / 99 %: few or no comparable patients got it or another arm, so their effects of “${name}” and its average rest on extrapolation.`,
      );
    if (!Number.isFinite(fit.ate[k].estimate))
      warnings.push(
        `The average effect of “${name}” cannot be estimated: some patients' estimated chance of “${name}” or of “${comparison}” is 0 %, so no comparable patient got it (its ate is null).`,
      );
    return {
      arm: name,
      count: counts[k + 1],
      ate: fit.ate[k],
      overlap: fit.overlap[k + 1],
      calibration: armCalibrationReport(fit, k, name, comparison, warnings),
      rate: armRate(fit, k, priority, seed, name, warnings),
      rows: rowNumbers.map((row, r) => ({
        row,
        effect: c.effect[r],
        standardError: c.standardError[r],
        lower: c.lower[r],
        upper: c.upper[r],
        probabilityTreated: c.probabilityArm[r],
        probabilityUntreated: c.probabilityComparison[r],
        propensity: c.propensity[r],
        comparisonPropensity: c.comparisonPropensity[r],
        overlapWarning: extreme(c.propensity[r]) || extreme(c.comparisonPropensity[r]),
      })),
    };
  });
  if (fit.overlap[0].warning)
    warnings.push(
      `${fit.overlap[0].extremeCount} patients (${(fit.overlap[0].extremeShare * 100).toFixed(1)} %) have an estimated chance of the comparison arm “${comparison}” at or beyond 1 % / 99 %: every arm's effects for them rest on extrapolation.`,
    );
  if (data.nRows > n)
    warnings.push(
      `${data.nRows - n} patients without a value in "${shortName(req.treatment)}" were left out.`,
    );
  warnings.push(TWO_ARM_ONLY);
  const localLinear = fit.localLinear
    ? {
        lambda: fit.localLinear[0].lambda,
        columns: fit.localLinear.map((s, k) => ({
          arm: others[k],
          column: s.variables.length > 0 ? encoding.features[s.variables[0]].name : null,
        })),
      }
    : null;
  const report: MultiArmReport = {
    method: 'multi-arm causal forest',
    target: req.target,
    positive: encoding.classes[positiveIndex],
    treatment: req.treatment,
    comparison,
    patients: n,
    comparisonCount: counts[0],
    droppedMissingTreatment: data.nRows - n,
    trees: numTrees,
    seed,
    seconds: (performance.now() - start) / 1000,
    propensity: known ? { model: 'randomised', values: known } : { model: 'forest' },
    comparisonOverlap: fit.overlap[0],
    arms,
    calibrationNote: `Calibration test of each arm: on that arm’s and ${comparison}’s patients only, each patient’s doubly robust score of the pair (AIPW from the joint forest’s out-of-bag estimates, with the chance of the arm among the two) regressed on the mean and the differential forest prediction, heteroskedasticity-robust standard errors, one-sided p-values (grf’s test_calibration: 1 and 1 when well calibrated; a differential clearly above 0 when the forest finds real differences between patients).`,
    rateNote: `RATE and TOC of each arm: all ${n} patients ranked by that arm’s effect against ${comparison} as predicted by joint forests fitted on the other half of the patients (${RATE_FOLDS} folds, split within each arm, ${rateTrees} trees each), scored by the full joint fit’s doubly robust scores of that arm (grf’s get_scores of a multi-arm forest); standard errors by the bootstrap over patients.`,
    drivers: effectDrivers(fit, encoding),
    localLinear,
    localLinearNote: armsLocalLinearNote(localLinear, askedLocalLinear),
    warnings,
    assumptions: [
      'Every confounder (anything that influenced both which arm a patient got and the outcome) is among the columns.',
      'Every kind of patient could have received any arm (overlap).',
      EFFECT_ASSUMPTIONS[2],
      ...(localLinear ? [LOCAL_LINEAR_ASSUMPTION] : []),
      MULTI_ARM_INTERVALS,
    ],
  };
  return { report, fit, encoding };
}

/** Arm k's calibration test for the report, or null with the reason added to `warnings`. */
function armCalibrationReport(
  fit: MultiArmFit,
  k: number,
  name: string,
  comparison: string,
  warnings: string[],
): ArmCalibrationReport | null {
  const { test, patients, degenerate } = fit.calibration[k];
  if (degenerate > 0) {
    warnings.push(
      `The calibration test of “${name}” cannot be computed: ${degenerate} of its and ${comparison}’s patients have an estimated chance of one of the two arms of 0 %.`,
    );
    return null;
  }
  if (!Number.isFinite(test.differentialP)) {
    warnings.push(
      `The calibration test of “${name}” cannot be computed: its predicted effects do not vary between patients (the regression is singular).`,
    );
    return null;
  }
  if (test.differentialP >= 0.05)
    warnings.push(
      `The calibration test of “${name}” finds no clear differences in its effect between patients (p = ${test.differentialP.toFixed(2)}): read its individual effects as its average effect.`,
    );
  return { ...test, patients };
}

/**
 * Arm k's held-out RATE from the joint fit's doubly robust scores and the folds' priorities, or null with the reason
 * added to `warnings`.
 */
function armRate(
  fit: MultiArmFit,
  k: number,
  priority: Float64Array | Error,
  seed: number,
  name: string,
  warnings: string[],
): Rate | null {
  const A = fit.arms - 1;
  const n = fit.scores.length / A;
  const scores = Float64Array.from({ length: n }, (_, r) => fit.scores[r * A + k]);
  if (!scores.every(Number.isFinite)) {
    warnings.push(
      `The RATE of “${name}” (how well its predicted effects rank patients) cannot be computed: some patients’ estimated chance of “${name}” or of the comparison arm is 0 %.`,
    );
    return null;
  }
  if (priority instanceof Error) {
    warnings.push(
      `The RATE of “${name}” (how well its predicted effects rank patients) cannot be computed on half the patients: ${priority.message}.`,
    );
    return null;
  }
  return rankAverageTreatmentEffect(
    Float64Array.from({ length: n }, (_, r) => priority[r * A + k]),
    scores,
    { seed, folds: RATE_FOLDS },
  );
}

/**
 * The multi-arm RATE's priorities (every arm's effect from joint forests fitted on the other fold), or the reason
 * they could not be computed; never rejects, so it can run beside the full fit unobserved.
 */
async function heldOutArmRatePriorities(
  X: Float32Array,
  n: number,
  p: number,
  isCategorical: Uint8Array,
  y: Uint8Array,
  arm: Uint8Array,
  arms: number,
  params: { numTrees: number; randomState: number },
  options: MultiArmOptions,
): Promise<Float64Array | Error> {
  try {
    return await heldOutArmPriorities(
      X,
      n,
      p,
      isCategorical,
      y,
      arm,
      arms,
      params,
      RATE_FOLDS,
      options,
    );
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** Folds of the held-out RATE (grf's own example fits the ranking on one half and evaluates on the other). */
const RATE_FOLDS = 2;

/**
 * Trees of each fold's ranking forest, at most: the ranking needs point predictions only (no intervals), and any
 * fixed ranking gives a valid RATE; fewer trees only cost a little power. 2,000 trees everywhere tripled the fit.
 */
const RATE_TREES = 1000;

/**
 * The RATE's priorities (each patient's effect from forests fitted on the other fold), or the reason they could not
 * be computed; never rejects, so it can run beside the full fit unobserved.
 */
async function heldOutRatePriorities(
  X: Float32Array,
  n: number,
  p: number,
  isCategorical: Uint8Array,
  y: Uint8Array,
  w: Uint8Array,
  numTrees: number,
  seed: number,
  known: number | undefined,
  onProgress: (progress: EffectProgress) => void,
  growers: EffectGrowers | undefined,
  /** Censoring weights: each fold's forests are fitted weighted. */
  sampleWeights?: Float64Array,
): Promise<Float64Array | Error> {
  try {
    return await heldOutPriorities(
      X,
      n,
      p,
      isCategorical,
      y,
      w,
      { numTrees, randomState: seed },
      RATE_FOLDS,
      { knownPropensity: known, onProgress, growers, ...(sampleWeights ? { sampleWeights } : {}) },
    );
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * The held-out RATE of a fit from its priorities, or null with the reason added to `warnings`; with censoring
 * weights every mean of the scores is weighted (grf's RATE of a forest fitted with sample.weights).
 */
function heldOutRate(
  fit: EffectFit,
  y: Uint8Array,
  w: Uint8Array,
  priority: Float64Array | Error,
  seed: number,
  warnings: string[],
  weights?: Float64Array,
): Rate | null {
  const scores = aipwScores({ y, w, m: fit.nuisance.m, e: fit.nuisance.e, tau: fit.cohort.effect });
  if (!scores.every(Number.isFinite)) {
    warnings.push(
      'The RATE (how well predicted effects rank patients) cannot be computed: some patients’ estimated chance of treatment is 0 % or 100 %.',
    );
    return null;
  }
  if (priority instanceof Error) {
    warnings.push(
      `The RATE (how well predicted effects rank patients) cannot be computed on half the patients: ${priority.message}.`,
    );
    return null;
  }
  return rankAverageTreatmentEffect(priority, scores, {
    seed,
    folds: RATE_FOLDS,
    ...(weights ? { weights } : {}),
  });
}

/** One new patient's effect, with the arms and outcome it is about and what was odd in the input. */
export interface PatientEffect extends Omit<PatientEffectRow, 'row'> {
  positive: string;
  treated: string;
  comparison: string;
  /** The outcome's two classes, the positive one first: the order of the icon arrays' counts. */
  outcomes: [string, string];
  /** 100 patients like this one if treated and without treatment (the positive outcome first). */
  icons: { treated: IconArray; untreated: IconArray };
  /** "If treated …", "Without it …", the difference with its interval, and its plain reading. */
  sentences: { treated: string; untreated: string; difference: string; reading: string };
  /** The 95 % interval of the difference leaves out zero. */
  clearDifference: boolean;
  /** An arm's estimate fell outside 0–100 % (extrapolation) and is shown at the bound. */
  clipped: boolean;
  /** Fields the effect model uses that were empty, not numbers or unseen categories (taken as unknown). */
  unknown: string[];
}

/** The effect of treatment for one patient as typed into the form. */
export function patientTreatmentEffect(
  model: TreatmentEffectModel,
  patient: PatientInput,
): PatientEffect {
  const enc = encodePatient(model.encoding, patient);
  const c = predictEffects(model.fit, enc.x, 1);
  const { positive, treated, comparison } = model.report;
  const h = model.report.horizon;
  const when = model.report.horizonText ?? `${h}`;
  // Survival at a horizon: the icons count patients event-free at h, and the rest had the event by then.
  const outcomes: [string, string] =
    h !== undefined
      ? [positive, `the event by ${when}`]
      : outcomePair(model.encoding.classes, positive);
  const pT = c.probabilityTreated[0];
  const pU = c.probabilityUntreated[0];
  const icons = { treated: chanceIcons(pT, outcomes), untreated: chanceIcons(pU, outcomes) };
  const nT = icons.treated.counts[0];
  const nU = icons.untreated.counts[0];
  // The lead of frequencySentence, without its trailing full stop, so the two arms read as one sentence each.
  const about = (count: number): string =>
    h !== undefined
      ? `${aboutCount(count)} out of 100 patients like this one would be event-free at ${when}`
      : frequencySentence(count, positive).replace(/\.$/, '');
  const clear = leavesOutZero(c.lower[0], c.upper[0]);
  const sentences = {
    treated: `If treated (${treated}): ${lowerFirst(about(nT))}.`,
    untreated: `Without it (${comparison}): ${lowerFirst(about(nU))}.`,
    difference: `Difference, treated minus without: ${withInterval(c.effect[0], c.lower[0], c.upper[0])}.`,
    reading: differenceReading(
      c.effect[0],
      clear,
      'treatment',
      h !== undefined ? `being event-free at ${when}` : outcomeLabel(positive),
    ),
  };
  return {
    positive,
    treated,
    comparison,
    outcomes,
    icons,
    sentences,
    clearDifference: clear,
    clipped: pT !== clip01(pT) || pU !== clip01(pU),
    effect: c.effect[0],
    standardError: c.standardError[0],
    lower: c.lower[0],
    upper: c.upper[0],
    probabilityTreated: c.probabilityTreated[0],
    probabilityUntreated: c.probabilityUntreated[0],
    propensity: c.propensity[0],
    overlapWarning: extremePropensity(c.propensity[0]),
    unknown: unknownFields(enc),
  };
}

/** One arm's difference from the comparison arm for one patient. */
export interface ArmDifference {
  /** The chance under this arm minus the chance under the comparison arm. */
  effect: number;
  standardError: number;
  lower: number;
  upper: number;
  /** The 95 % interval leaves out zero. */
  clear: boolean;
  /** "+12.0 percentage points (95 % interval +3.1 percentage points to +20.9 percentage points)". */
  text: string;
  /** Its plain reading: the direction when the interval leaves out zero, else "No clear difference…". */
  reading: string;
}

/** One arm of a new patient's multi-arm estimate. */
export interface PatientArm {
  /** The arm's value in the treatment column. */
  arm: string;
  /** Whether this is the comparison arm (which has no difference of its own). */
  isComparison: boolean;
  /** The positive outcome's estimated chance under this arm (unbounded: see `clipped`). */
  probability: number;
  /** 100 patients like this one under this arm (the positive outcome first). */
  icons: IconArray;
  /** "With B: about 42 out of 100 patients like this one in your cohort would have the outcome “responder”." */
  sentence: string;
  /** This patient's estimated chance of getting this arm. */
  propensity: number;
  /** The propensity is <= 0.01 or >= 0.99: the arm's estimates for this patient rest on extrapolation. */
  overlapWarning: boolean;
  /** This arm minus the comparison arm; null for the comparison arm. */
  difference: ArmDifference | null;
}

/** A new patient under every arm of a joint multi-arm fit, with what was odd in the input. */
export interface PatientArmEffects {
  positive: string;
  treatment: string;
  comparison: string;
  /** The outcome's two classes, the positive one first: the order of the icon arrays' counts. */
  outcomes: [string, string];
  /** Every arm, the comparison arm first, then the others in the report's order. */
  arms: PatientArm[];
  /** Some arm's estimate fell outside 0–100 % (extrapolation) and its icons are at the bound. */
  clipped: boolean;
  /** Fields the effect model uses that were empty, not numbers or unseen categories (taken as unknown). */
  unknown: string[];
}

/** One patient as typed into the form under every arm of a joint multi-arm fit, each other arm vs the comparison. */
export function patientArmEffects(
  model: MultiArmEffectModel,
  patient: PatientInput,
): PatientArmEffects {
  const enc = encodePatient(model.encoding, patient);
  const perArm = predictMultiArmEffects(model.fit, enc.x, 1);
  const { positive, treatment, comparison } = model.report;
  const outcomes = outcomePair(model.encoding.classes, positive);
  const arm = (
    name: string,
    probability: number,
    propensity: number,
    difference: ArmDifference | null,
  ): PatientArm => {
    const icons = chanceIcons(probability, outcomes);
    return {
      arm: name,
      isComparison: difference === null,
      probability,
      icons,
      sentence: `With ${name}${difference ? '' : ' (the comparison)'}: ${lowerFirst(frequencySentence(icons.counts[0], positive))}`,
      propensity,
      overlapWarning: extremePropensity(propensity),
      difference,
    };
  };
  const arms = [
    arm(comparison, perArm[0].probabilityComparison[0], perArm[0].comparisonPropensity[0], null),
    ...model.report.arms.map((a, k) => {
      const c = perArm[k];
      const clear = leavesOutZero(c.lower[0], c.upper[0]);
      return arm(a.arm, c.probabilityArm[0], c.propensity[0], {
        effect: c.effect[0],
        standardError: c.standardError[0],
        lower: c.lower[0],
        upper: c.upper[0],
        clear,
        text: withInterval(c.effect[0], c.lower[0], c.upper[0]),
        reading: differenceReading(
          c.effect[0],
          clear,
          `${a.arm} rather than ${comparison}`,
          outcomeLabel(positive),
        ),
      });
    }),
  ];
  return {
    positive,
    treatment,
    comparison,
    outcomes,
    arms,
    clipped: arms.some((a) => a.probability !== clip01(a.probability)),
    unknown: unknownFields(enc),
  };
}

/** The outcome's two classes, the positive one first. */
function outcomePair(classes: string[], positive: string): [string, string] {
  return [positive, classes[0] === positive ? classes[1] : classes[0]];
}

function clip01(v: number): number {
  return Math.min(1, Math.max(0, v));
}

/** 100 patients under one arm; an estimate past 0–100 % (extrapolation) is shown at the bound. */
function chanceIcons(probability: number, outcomes: [string, string]): IconArray {
  const p = clip01(probability);
  return iconArray([p, 1 - p], outcomes);
}

/** Whether a 95 % interval leaves out zero. */
function leavesOutZero(lower: number, upper: number): boolean {
  return lower > 0 || upper < 0;
}

/** A chance of an arm so near 0 or 1 that almost no comparable patient got it, or any other arm. */
function extremePropensity(p: number): boolean {
  return p <= 0.01 || p >= 0.99;
}

/** "+12.0 percentage points (95 % interval … to …)". */
function withInterval(effect: number, lower: number, upper: number): string {
  return `${formatPointChange(effect)} (95 % interval ${formatPointChange(lower)} to ${formatPointChange(upper)})`;
}

/** The plain reading of a patient's difference: `who` raises or lowers `chanceOf`, or no clear difference. */
function differenceReading(effect: number, clear: boolean, who: string, chanceOf: string): string {
  return clear
    ? `The interval leaves out zero: for patients like this one, ${who} ${effect > 0 ? 'raises' : 'lowers'} the chance of ${chanceOf}.`
    : 'No clear difference for this patient: the interval includes zero.';
}

/** The fields a prediction took as unknown: empty, not a number, or an unseen category. */
function unknownFields(enc: ReturnType<typeof encodePatient>): string[] {
  return [...enc.missing, ...enc.notNumbers, ...enc.unseen];
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
