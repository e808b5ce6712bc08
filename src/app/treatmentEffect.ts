/**
 * The treatment-effect use case (issue 18): from a table, an outcome column with its positive class and a
 * two-arm treatment column, fit the causal forest (engine/causal) and report average effects, overlap,
 * calibration and every patient's effect with its 95 % interval, in the words and JSON names the CLI prints.
 * The treatment column is never a feature. Effects are differences of the positive outcome's probability,
 * treated minus comparison, estimated out of bag for the cohort's own patients, with the local linear correction on the
 * column the effect forest splits on most unless it is turned off (bench/CAUSAL.md: the per-patient intervals reach
 * the issue's 90–97 % coverage on both designs with it, not without).
 */
import type { ColumnChoice, Encoding, PatientInput, RawTable } from '../engine/data/types.ts';
import { inferSchema } from '../engine/data/schema.ts';
import { buildEncoding, encodeFeatureMatrix, encodeTable } from '../engine/data/encode.ts';
import { cellText } from '../engine/data/cells.ts';
import { defaultPositiveClass } from '../engine/data/positiveClass.ts';
import { shortName } from '../engine/data/values.ts';
import { encodePatient } from '../engine/data/encodePatient.ts';
import {
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
import { heldOutPriorities, rankAverageTreatmentEffect, type Rate } from '../engine/causal/rate.ts';
import {
  aipwScores,
  countDegeneratePropensities,
  type Calibration,
  type Estimate,
} from '../engine/causal/checks.ts';
import { inThreadGrowers, stoppableGrowers, type EffectGrowers } from '../engine/causal/growers.ts';
import { effectImportance } from '../engine/causal/importance.ts';
import { DEFAULT_LL_LAMBDA } from '../engine/causal/localLinear.ts';

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
  const tIndex = table.headers.indexOf(req.treatment);
  if (tIndex < 0)
    throw new Error(
      `treatment column "${shortName(req.treatment)}" is not in the file; its columns are: ${table.headers.map(shortName).join(', ')}`,
    );
  if (req.treatment === req.target)
    throw new Error('The treatment column cannot also be the outcome column');
  const schema = inferSchema(table);
  const { encoding, summary } = buildEncoding(table, schema, {
    target: req.target,
    columns: [
      ...(req.columns ?? []).filter((c) => c.name !== req.treatment),
      { name: req.treatment, kind: 'categorical', excluded: true },
    ],
  });
  if (summary.errors.length > 0) throw new Error(summary.errors[0]);
  if (encoding.classes.length !== 2)
    throw new Error(
      `Effects are on a two-class outcome; "${shortName(req.target)}" has ${encoding.classes.length} classes (${encoding.classes.join(', ')})`,
    );
  const data = encodeTable(table, encoding);
  const classes = encoding.classes;
  let positiveIndex: number;
  const warnings: string[] = [];
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
  const n = keep.length;
  const p = data.nFeatures;
  const X = new Float32Array(n * p);
  for (let f = 0; f < p; f++)
    for (let i = 0; i < n; i++) X[f * n + i] = data.X[f * data.nRows + keep[i]];
  const y = Uint8Array.from(keep, (i) => (data.y[i] === positiveIndex ? 1 : 0));
  const w = Uint8Array.from(keep, (i) => (armText[i] === treated ? 1 : 0));
  const isCategorical = Uint8Array.from(encoding.features, (f) =>
    f.kind === 'categorical' ? 1 : 0,
  );
  const numTrees = req.numTrees ?? 2000;
  const seed = req.seed ?? 1;
  const treatedCount = w.reduce((s, v) => s + v, 0);
  // A trial's chance of treatment is its design's; the treated share estimates it without a model.
  const known = req.randomised ? treatedCount / n : undefined;
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
  const done = { main: 0, rate: 0 };
  let mainStage: EffectProgress['stage'] = 'outcome';
  const progress = (): void =>
    onProgress?.({
      stage: done.main < mainTotal ? mainStage : 'rate',
      treesDone: done.main + done.rate,
      treesTotal: allTrees,
    });
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
      // One column, grf's default penalty: the setting the bench (bench/CAUSAL.md) found within the coverage goal.
      ...(askedLocalLinear ? { localLinear: { variables: 1, lambda: DEFAULT_LL_LAMBDA } } : {}),
      onProgress:
        onProgress &&
        ((q) => {
          done.main = q.treesDone;
          mainStage = q.stage;
          progress();
        }),
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
    (q) => {
      done.rate = q.treesDone;
      progress();
    },
    stoppableGrowers(growers ?? inThreadGrowers, rateStop.signal),
  );
  let fit: EffectFit;
  try {
    fit = await fitting;
  } catch (error) {
    rateStop.abort();
    throw error;
  }
  const rate = heldOutRate(fit, y, w, await priorities, seed, warnings);
  let c: PatientEffects = fit.cohort;
  let rowNumbers = keep.map((i) => data.rowIndex[i] + 1);
  if (req.patients) {
    const enc = encodeFeatureMatrix(req.patients, encoding);
    if (enc.missingColumns.length > 0)
      warnings.push(
        `The patients file lacks ${enc.missingColumns.length} of the cohort's columns (${enc.missingColumns.slice(0, 5).map(shortName).join(', ')}${enc.missingColumns.length > 5 ? ', …' : ''}): treated as unknown for every patient.`,
      );
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
  if (data.nRows - otherArms > n)
    warnings.push(
      `${data.nRows - otherArms - n} patients without a value in "${shortName(req.treatment)}" were left out.`,
    );
  const localLinear = fit.localLinear
    ? {
        column: encoding.features[fit.localLinear.variables[0]].name,
        lambda: fit.localLinear.lambda,
      }
    : null;
  const report: EffectReport = {
    target: req.target,
    positive: classes[positiveIndex],
    treatment: req.treatment,
    treated,
    comparison,
    patients: n,
    treatedCount,
    droppedMissingTreatment: data.nRows - otherArms - n,
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
    assumptions: localLinear
      ? [...EFFECT_ASSUMPTIONS, LOCAL_LINEAR_ASSUMPTION]
      : EFFECT_ASSUMPTIONS,
  };
  return { report, fit, encoding };
}

/** The columns by importance for effect heterogeneity, largest first (ties in column order). */
function effectDrivers(fit: EffectFit, encoding: Encoding): EffectDriver[] {
  const imp = effectImportance(fit.forest);
  return encoding.features
    .map((f, i) => ({ feature: f.name, importance: imp[i] }))
    .sort((a, b) => b.importance - a.importance);
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

/** Every arm of a treatment column compared with one comparison arm: one report per arm, in value order. */
export interface ArmEffectsReport {
  treatment: string;
  comparison: string;
  arms: EffectReport[];
}

/**
 * Each arm other than `req.comparisonValue` vs that comparison, each by a causal forest on the patients of the two
 * arms (not grf's joint multi-arm forest: every pair has its own nuisance and effect forests and its own averages,
 * over the patients given one of the two). Throws an Error with a plain reason, as fitTreatmentEffects.
 */
export async function estimateArmEffects(
  table: RawTable,
  req: EffectRequest & { comparisonValue: string },
  growers?: EffectGrowers,
): Promise<ArmEffectsReport> {
  const tIndex = table.headers.indexOf(req.treatment);
  if (tIndex < 0)
    throw new Error(`treatment column "${shortName(req.treatment)}" is not in the file`);
  const values = new Set<string>();
  for (let r = 0; r < table.rowCount; r++) {
    const v = cellText(table, tIndex, r).trim();
    if (v !== '') values.add(v);
  }
  const distinct = [...values].sort();
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
      { knownPropensity: known, onProgress, growers },
    );
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The held-out RATE of a fit from its priorities, or null with the reason added to `warnings`. */
function heldOutRate(
  fit: EffectFit,
  y: Uint8Array,
  w: Uint8Array,
  priority: Float64Array | Error,
  seed: number,
  warnings: string[],
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
  return rankAverageTreatmentEffect(priority, scores, { seed, folds: RATE_FOLDS });
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
  const classes = model.encoding.classes;
  const outcomes: [string, string] = [positive, classes[0] === positive ? classes[1] : classes[0]];
  const pT = c.probabilityTreated[0];
  const pU = c.probabilityUntreated[0];
  const clip = (v: number): number => Math.min(1, Math.max(0, v));
  const icons = {
    treated: iconArray([clip(pT), 1 - clip(pT)], outcomes),
    untreated: iconArray([clip(pU), 1 - clip(pU)], outcomes),
  };
  const nT = icons.treated.counts[0];
  const nU = icons.untreated.counts[0];
  // The lead of frequencySentence, without its trailing full stop, so the two arms read as one sentence each.
  const about = (count: number): string => frequencySentence(count, positive).replace(/\.$/, '');
  const lower = c.lower[0];
  const upper = c.upper[0];
  const clear = lower > 0 || upper < 0;
  const sentences = {
    treated: `If treated (${treated}): ${lowerFirst(about(nT))}.`,
    untreated: `Without it (${comparison}): ${lowerFirst(about(nU))}.`,
    difference: `Difference, treated minus without: ${formatPointChange(c.effect[0])} (95 % interval ${formatPointChange(lower)} to ${formatPointChange(upper)}).`,
    reading: clear
      ? `The interval leaves out zero: for patients like this one, treatment ${c.effect[0] > 0 ? 'raises' : 'lowers'} the chance of ${outcomeLabel(positive)}.`
      : 'No clear difference for this patient: the interval includes zero.',
  };
  return {
    positive,
    treated,
    comparison,
    outcomes,
    icons,
    sentences,
    clearDifference: clear,
    clipped: pT !== clip(pT) || pU !== clip(pU),
    effect: c.effect[0],
    standardError: c.standardError[0],
    lower: c.lower[0],
    upper: c.upper[0],
    probabilityTreated: c.probabilityTreated[0],
    probabilityUntreated: c.probabilityUntreated[0],
    propensity: c.propensity[0],
    overlapWarning: c.propensity[0] <= 0.01 || c.propensity[0] >= 0.99,
    unknown: [...enc.missing, ...enc.notNumbers, ...enc.unseen],
  };
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
