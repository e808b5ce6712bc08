/**
 * The one cross-validation of GenoForest, shared by the app's data worker and the command-line tool: the fold
 * plan, the permutation-importance settings, the pooled out-of-fold probabilities and the report. Growing the
 * fold forests is left to the caller (the app grows them in its worker pool while the data worker scores, the
 * CLI in its own threads), so the planner, the scorer and the finisher are separate steps; `crossValidate`
 * chains them for callers that can grow a forest with one callback.
 */
import type { EncodedDataset } from '../data/types';
import type { ForestModel, ForestParams } from '../forest/types';
import {
  chanceVerdict,
  cvDecisionCurve,
  cvRecalibration,
  foldCoverage,
  type ChanceVerdict,
  type RecalibrationFit,
} from './clinical';
import type { ConformalCoverage, ConformalFold } from './conformal';
import { stratifiedKFold, trainingRows, type StratifiedFolds } from './crossValidation';
import { scoreHeldOut, topFeatures } from './heldOut';
import { aucFromProba, computeMetrics } from './metrics';
import type { DecisionCurve } from './netBenefit';
import { replayOobProba } from './oobReplay';
import { summarizeMetrics } from './summary';
import type { EvaluationMetrics } from './types';

/** Permutation importance is measured for at most this many features (the top ones by impurity importance)... */
export const MAX_PERMUTATION_FEATURES = 100;
/** ...and at least this many (when the table has them), whatever the budget below. */
export const MIN_PERMUTATION_FEATURES = 20;
/**
 * Work allowed per fold for permutation importance, in (test row × tree) predictions: about a second in a browser.
 * A fold of 600 patients and 100 trees affords 22 features × 3 shuffles; the breast-cancer table all 30.
 */
export const PERMUTATION_BUDGET = 4_000_000;
/** Shuffles per feature in permutation importance. */
export const PERMUTATION_REPEATS = 3;

/** A feature's importance, by name. */
export interface FeatureImportance {
  feature: string;
  importance: number;
}

/** What a cross-validation reports. */
export interface CrossValidationReport {
  classes: string[];
  folds: number;
  /** Plain-words note when fewer folds than requested were used. */
  foldsNote: string | null;
  /** The full model's out-of-bag figures; null without a model or without OOB predictions. */
  oob: EvaluationMetrics | null;
  /** Over the pooled out-of-fold predictions: every row predicted once, by the forest that did not see it. */
  cv: EvaluationMetrics;
  /** ROC AUC of each fold's held-out rows on their own (cv.auc pools them instead). */
  aucFolds: number[];
  /** Mean drop in ROC AUC when a feature is shuffled in the held-out folds, largest first; see permutationFeatureCount. */
  permutationImportance: FeatureImportance[];
  /** The full model's impurity (MDI) importances, largest first; empty without a model. */
  impurityImportance: FeatureImportance[];
  summary: string;
  /**
   * Coverage of the conformal prediction sets at the chosen confidence, each fold calibrated on its
   * training part (the fold forest's out-of-bag probabilities); null without bootstrap.
   */
  conformal: ConformalCoverage | null;
  /** The same at each offered confidence (80, 90, 95 %). */
  conformalLevels: ConformalCoverage[];
  /** Net benefit of the second class from the pooled out-of-fold probabilities; null unless two-class. */
  decisionCurve: DecisionCurve | null;
  /** Isotonic and Platt maps fitted on the out-of-fold probabilities; empty unless two-class. */
  recalibration: RecalibrationFit[];
  /** Whether the model beat chance and the majority guess. */
  chance: ChanceVerdict;
}

/** The table a cross-validation runs on (the model's encoded training rows). */
export type CrossValidationData = Pick<
  EncodedDataset,
  'X' | 'y' | 'nRows' | 'nFeatures' | 'encoding'
>;

/** A forest as far as scoring needs it. */
export type FoldForest = Pick<ForestModel, 'trees' | 'nClasses'>;

/** Options of planCrossValidation. */
export interface CrossValidationOptions {
  /** Folds asked for (fewer are used when a class is small; the plan says why). */
  folds: number;
  /** Parameters of the model being evaluated; every fold's forest is grown with them (without OOB). */
  params: ForestParams;
  /**
   * The forest trained on every row. Its OOB figures and impurity importances are reported, and its ranking
   * chooses the features whose permutation importance is measured. Without it: no OOB, no importances.
   */
  model?: Pick<ForestModel, 'featureImportances' | 'oobProba'> | null;
  /** Confidence of the prediction sets whose coverage is reported (default 0.9). */
  confidence?: number;
}

/** A cross-validation under way: the plan, then what the scored folds have added up. */
export interface CrossValidationRun {
  /** Folds used. */
  k: number;
  note: string | null;
  /** Parameters each fold's forest is grown with. */
  params: ForestParams;
  /** Training rows of each fold (its test rows are all the others). */
  trainRows: Int32Array[];
  folds: StratifiedFolds;
  model: CrossValidationOptions['model'];
  /** Features whose permutation importance is measured (empty without a model). */
  permFeatures: Int32Array;
  scored: Uint8Array;
  aucFolds: number[];
  /** Out-of-fold probabilities, row-major nRows×nClasses. */
  oof: Float64Array;
  /** Sum over folds of permutation importance × test rows, and the test rows counted. */
  permSum: Float64Array;
  permRows: number;
  /** Per scored fold: test probabilities and the fold forest's out-of-bag calibration probabilities. */
  conformalFolds: (ConformalFold | null)[];
  confidence: number;
}

/**
 * How many features get permutation importance: all of them on small tables, else as many as the budget allows
 * for the largest fold and the number of trees, within MIN_PERMUTATION_FEATURES..MAX_PERMUTATION_FEATURES.
 */
export function permutationFeatureCount(
  nFeatures: number,
  largestFold: number,
  nTrees: number,
): number {
  const affordable = Math.floor(
    PERMUTATION_BUDGET / (PERMUTATION_REPEATS * Math.max(1, largestFold) * Math.max(1, nTrees)),
  );
  return Math.min(
    nFeatures,
    Math.max(MIN_PERMUTATION_FEATURES, Math.min(MAX_PERMUTATION_FEATURES, affordable)),
  );
}

/** Importances by feature name (only the features listed in `only`, if given), largest first; non-finite left out. */
export function namedImportances(
  names: string[],
  values: ArrayLike<number>,
  only?: ArrayLike<number>,
): FeatureImportance[] {
  const idx = only ? Array.from(only) : names.map((_, i) => i);
  return idx
    .map((i) => ({ feature: names[i], importance: values[i] }))
    .filter((f) => Number.isFinite(f.importance))
    .sort((a, b) => b.importance - a.importance);
}

/** Plans a stratified k-fold cross-validation of a model's setup on its training rows. */
export function planCrossValidation(
  data: CrossValidationData,
  options: CrossValidationOptions,
): CrossValidationRun {
  const classes = data.encoding.classes;
  const nClasses = classes.length;
  const params: ForestParams = { ...options.params, oobScore: false };
  const folds = stratifiedKFold(data.y, nClasses, options.folds, params.randomState, classes);
  const trainRows = folds.folds.map((_, f) => trainingRows(folds, f, data.nRows));
  const model = options.model ?? null;
  const largestFold = folds.folds.reduce((a, f) => Math.max(a, f.length), 1);
  const permFeatures = model
    ? topFeatures(
        model.featureImportances,
        permutationFeatureCount(data.nFeatures, largestFold, params.nEstimators),
      )
    : new Int32Array(0);
  return {
    k: folds.k,
    note: folds.note,
    params,
    trainRows,
    folds,
    model,
    permFeatures,
    scored: new Uint8Array(folds.k),
    aucFolds: new Array<number>(folds.k).fill(NaN),
    oof: new Float64Array(data.nRows * nClasses).fill(NaN),
    permSum: new Float64Array(data.nFeatures),
    permRows: 0,
    conformalFolds: new Array<ConformalFold | null>(folds.k).fill(null),
    confidence: options.confidence ?? 0.9,
  };
}

/** Scores fold `fold` with the forest grown on its training rows: its out-of-fold probabilities and importances. */
export function scoreFold(
  run: CrossValidationRun,
  data: CrossValidationData,
  fold: number,
  forest: FoldForest,
): void {
  if (!(Number.isInteger(fold) && fold >= 0 && fold < run.k))
    throw new Error(`There is no fold ${fold}.`);
  const K = forest.nClasses;
  const test = run.folds.folds[fold];
  const permute = run.permFeatures.length > 0;
  const { y, proba, permutation } = scoreHeldOut(
    forest,
    data,
    test,
    permute
      ? {
          repeats: PERMUTATION_REPEATS,
          seed: run.params.randomState + fold,
          features: run.permFeatures,
          metric: 'auc',
        }
      : undefined,
  );
  for (let i = 0; i < test.length; i++) {
    for (let k = 0; k < K; k++) run.oof[test[i] * K + k] = proba[i * K + k];
  }
  run.aucFolds[fold] = aucFromProba(y, proba, K);
  // Calibrated on the fold's own training rows only, so its test patients stay unseen.
  const calibrationProba = replayOobProba(
    forest,
    run.params,
    data.X,
    data.nRows,
    run.trainRows[fold],
  );
  run.conformalFolds[fold] = calibrationProba
    ? { testRows: test, testProba: proba, calibrationProba }
    : null;
  if (permutation) {
    for (const f of run.permFeatures) {
      const v = permutation[f];
      if (Number.isFinite(v)) run.permSum[f] += v * test.length;
    }
    run.permRows += test.length;
  }
  run.scored[fold] = 1;
}

/** The report of a cross-validation whose folds are all scored. */
export function finishCrossValidation(
  run: CrossValidationRun,
  data: CrossValidationData,
): CrossValidationReport {
  if (run.scored.some((s) => s === 0)) throw new Error('Not every fold has been scored yet.');
  const classes = data.encoding.classes;
  const K = classes.length;
  const names = data.encoding.features.map((f) => f.name);
  const cv = computeMetrics(data.y, run.oof, K, classes);
  const model = run.model;
  const oob = model?.oobProba ? computeMetrics(data.y, model.oobProba, K, classes) : null;
  const perm = new Float64Array(data.nFeatures).fill(NaN);
  if (run.permRows > 0) for (const f of run.permFeatures) perm[f] = run.permSum[f] / run.permRows;
  return {
    classes,
    folds: run.k,
    foldsNote: run.note,
    oob,
    cv,
    aucFolds: [...run.aucFolds],
    permutationImportance: namedImportances(names, perm, run.permFeatures),
    impurityImportance: model ? namedImportances(names, model.featureImportances) : [],
    summary: summarizeMetrics(cv, classes, { source: 'cv' }),
    ...clinicalReadouts(run, data, K, classes, cv),
  };
}

/** Conformal coverage, decision curve, recalibration and the chance verdict of a finished run. */
function clinicalReadouts(
  run: CrossValidationRun,
  data: CrossValidationData,
  K: number,
  classes: string[],
  cv: EvaluationMetrics,
): Pick<
  CrossValidationReport,
  'conformal' | 'conformalLevels' | 'decisionCurve' | 'recalibration' | 'chance'
> {
  const folds = run.conformalFolds.filter((f): f is ConformalFold => f !== null);
  const coverage =
    folds.length === run.k ? foldCoverage(data.y, K, folds, run.confidence, classes) : null;
  return {
    conformal: coverage?.conformal ?? null,
    conformalLevels: coverage?.conformalLevels ?? [],
    decisionCurve: cvDecisionCurve(data.y, run.oof, K),
    recalibration: cvRecalibration(data.y, run.oof, K, run.params.randomState),
    chance: chanceVerdict(cv),
  };
}

/** Grows one fold's forest with `params` on `rows` of the table (the caller decides where and how). */
export type GrowFold = (
  params: ForestParams,
  rows: Int32Array,
  fold: number,
) => Promise<FoldForest>;

/** Plans, grows every fold with `grow` (one after another) and scores it, and reports. */
export async function crossValidate(
  data: CrossValidationData,
  options: CrossValidationOptions,
  grow: GrowFold,
): Promise<CrossValidationReport> {
  const run = planCrossValidation(data, options);
  for (let f = 0; f < run.k; f++) {
    scoreFold(run, data, f, await grow(run.params, run.trainRows[f], f));
  }
  return finishCrossValidation(run, data);
}
