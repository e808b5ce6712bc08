/**
 * The one cross-validation of GenoForest, shared by the app's data worker and the command-line tool: the fold
 * plan, the permutation-importance settings, the pooled out-of-fold probabilities and the report. Growing the
 * fold forests is left to the caller (the app grows them in its worker pool while the data worker scores, the
 * CLI in its own threads), so the planner, the scorer and the finisher are separate steps; `crossValidate`
 * chains them for callers that can grow a forest with one callback.
 */
import type { FeatureColumns } from '../forest/featureColumns';
import type { EncodedDataset } from '../data/types';
import type { ForestModel, ForestParams } from '../forest/types';
import {
  chanceVerdict,
  cvDecisionCurve,
  cvRecalibration,
  foldCoverage,
  neverPredictedNotes,
  type ChanceVerdict,
  type RecalibrationFit,
} from './clinical';
import type { ConformalCoverage, ConformalFold } from './conformal';
import { repeatSpread, repeatedFolds, trainingRows, type StratifiedFolds } from './crossValidation';
import { scoreHeldOut, topFeatures } from './heldOut';
import { evaluationCautions } from './cautions';
import { withIntervals } from './intervals';
import { aucFromProba, computeMetrics } from './metrics';
import type { DecisionCurve } from './netBenefit';
import { replayOobProba } from './oobReplay';
import { summarizeMetrics } from './summary';
import { shortName } from '../data/values';
import type { EvaluationMetrics } from './types';

/** Permutation importance is measured for at most this many features (the top ones by impurity importance)... */
export const MAX_PERMUTATION_FEATURES = 100;
/** ...and at least this many (when the table has them): folds too tall for the budget below are sampled instead. */
export const MIN_PERMUTATION_FEATURES = 20;
/**
 * Work allowed per fold for permutation importance, in (test row × tree) predictions: about a second in a browser.
 * A fold of 600 patients and 100 trees affords 22 features × 3 shuffles; the breast-cancer table all 30.
 */
export const PERMUTATION_BUDGET = 4_000_000;
/** Shuffles per feature in permutation importance. */
export const PERMUTATION_REPEATS = 3;
/**
 * Fewest held-out rows per fold permutation importance is measured on, however many trees: fewer would make each
 * fold's AUC drop mostly noise. The budget therefore holds up to about 260 trees with 20 features; beyond that the
 * work grows with the trees, never with the table's rows.
 */
export const MIN_PERMUTATION_ROWS = 256;

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
  /**
   * Held-out rows permutation importance was measured on, over all folds, of `heldOut` held-out rows: fewer on
   * tall tables, where each fold is sampled (stratified, seeded) to the budget; see permutationRowCount.
   * Absent when no permutation importance was measured.
   */
  permutationRows?: { measured: number; heldOut: number };
  /** The full model's impurity (MDI) importances, largest first; empty without a model. */
  impurityImportance: FeatureImportance[];
  summary: string;
  /**
   * Coverage of the conformal prediction sets at the chosen confidence, each fold calibrated on its
   * training part (the fold forest's out-of-bag probabilities), over the first repeat's folds; null
   * without bootstrap.
   */
  conformal: ConformalCoverage | null;
  /** The same at each offered confidence (80, 90, 95 %). */
  conformalLevels: ConformalCoverage[];
  /** Net benefit of the positive class from the pooled out-of-fold probabilities; null unless two-class. */
  decisionCurve: DecisionCurve | null;
  /** Isotonic and Platt maps fitted on the out-of-fold probabilities; empty unless two-class. */
  recalibration: RecalibrationFit[];
  /** Whether the model beat chance and the majority guess. */
  chance: ChanceVerdict;
  /** Few patients of the rarer outcome, far more features than patients, near-perfect AUC on few (cautions.ts). */
  cautions: string[];
  /** Times the k-fold split was repeated with a new shuffle (1 = plain k-fold). */
  repeats?: number;
  /** Spread of each repeat's figures (present when repeats > 1); `cv` is over the repeats' mean probabilities. */
  repeatSpread?: RepeatSpreadReport;
  /**
   * Binary outcomes: the class ROC, sensitivity, the threshold, the decision curve, the recalibration and the
   * summary are about — the one source every read-out takes it from.
   */
  positiveClass?: string;
  /** Plain-words cautions about the figures (an outcome never predicted); absent in older reports. */
  warnings?: string[];
  /** Set when folds kept groups together: the column and how many groups. */
  groups?: { column: string; count: number; unlabelled: number };
  /** Why the out-of-bag figures may be optimistic (they ignore groups), or null. */
  oobNote?: string | null;
}

/** Mean, standard deviation, min and max of a figure across repeats. */
export interface Spread {
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/** Each headline figure's spread across the repeats of a repeated cross-validation. */
export interface RepeatSpreadReport {
  auc: Spread;
  accuracy: Spread;
  balancedAccuracy: Spread;
  brier: Spread;
}

/**
 * The table a cross-validation runs on (the model's encoded training rows): X a column-major matrix or feature
 * columns (a genome's genotypes 2-bit packed).
 */
export type CrossValidationData = Pick<EncodedDataset, 'y' | 'nRows' | 'nFeatures' | 'encoding'> & {
  X: Float32Array | FeatureColumns;
};

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
  /** Group index per row (family, site, patient): no group is split between training and test rows. */
  groups?: { index: ArrayLike<number>; column: string; count: number; unlabelled: number } | null;
  /** Repeat the k-fold split this many times with seeds randomState, randomState + 1, … (default 1). */
  repeats?: number;
  /** Binary outcomes: index of the positive class (default 1). */
  positive?: number;
}

/** A cross-validation under way: the plan, then what the scored folds have added up. */
export interface CrossValidationRun {
  /** Folds used. */
  k: number;
  note: string | null;
  /** Parameters each fold's forest is grown with. */
  params: ForestParams;
  /** Training rows of each fold of every repeat, repeat by repeat (its test rows are all the others). */
  trainRows: Int32Array[];
  /** The split of the first repeat (the only one without repeats). */
  folds: StratifiedFolds;
  /** The split of each repeat. */
  splits: StratifiedFolds[];
  /** Test rows and repeat of each fold in trainRows' order. */
  testRows: Int32Array[];
  repeatOf: Int32Array;
  repeats: number;
  positive: number;
  groups: CrossValidationOptions['groups'];
  model: CrossValidationOptions['model'];
  /** Features whose permutation importance is measured (empty without a model). */
  permFeatures: Int32Array;
  scored: Uint8Array;
  aucFolds: number[];
  /** Out-of-fold probabilities of each repeat, row-major nRows×nClasses. */
  oof: Float64Array[];
  /** Most test rows of a fold permutation importance is measured on (a stratified sample of larger folds). */
  permMaxRows: number;
  /** Sum over folds of permutation importance × rows measured, the rows measured and the folds' test rows. */
  permSum: Float64Array;
  permRows: number;
  permHeldOut: number;
  /** Each fold's test probabilities with its training part's out-of-bag calibration, in trainRows' order. */
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

/**
 * Most held-out rows of a fold permutation importance is measured on, for `nMeasured` features and `nTrees` trees:
 * what PERMUTATION_BUDGET affords (PERMUTATION_REPEATS shuffles each), at least MIN_PERMUTATION_ROWS. Larger folds
 * are measured on a seeded stratified sample of this many rows (permutation.ts, stratifiedSample), so a tall
 * table's folds cost the same as a mid-sized one's; a fold of the breast-cancer table (114 rows) uses all of them.
 */
export function permutationRowCount(nMeasured: number, nTrees: number): number {
  const affordable = Math.floor(
    PERMUTATION_BUDGET / (PERMUTATION_REPEATS * Math.max(1, nMeasured) * Math.max(1, nTrees)),
  );
  return Math.max(MIN_PERMUTATION_ROWS, affordable);
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

/**
 * Plans a stratified k-fold cross-validation of a model's setup on its training rows: group-aware when groups are
 * given (stratified group k-fold), repeated when repeats > 1 (every fold of every repeat is a forest to grow).
 */
export function planCrossValidation(
  data: CrossValidationData,
  options: CrossValidationOptions,
): CrossValidationRun {
  const classes = data.encoding.classes;
  const nClasses = classes.length;
  const params: ForestParams = { ...options.params, oobScore: false };
  const repeats = options.repeats ?? 1;
  const groups = options.groups ?? null;
  const splits = repeatedFolds({
    y: data.y,
    nClasses,
    k: options.folds,
    repeats,
    seed: params.randomState,
    groups: groups?.index,
    classNames: classes,
  }).map((r) => r.split);
  const testRows: Int32Array[] = [];
  const trainRows: Int32Array[] = [];
  const repeatOf: number[] = [];
  splits.forEach((split, r) => {
    split.folds.forEach((test, f) => {
      testRows.push(test);
      trainRows.push(trainingRows(split, f, data.nRows));
      repeatOf.push(r);
    });
  });
  const model = options.model ?? null;
  const largestFold = testRows.reduce((a, f) => Math.max(a, f.length), 1);
  const permFeatures = model
    ? topFeatures(
        model.featureImportances,
        permutationFeatureCount(data.nFeatures, largestFold, params.nEstimators),
      )
    : new Int32Array(0);
  return {
    k: splits[0].k,
    note: splits[0].note,
    params,
    trainRows,
    folds: splits[0],
    splits,
    testRows,
    repeatOf: Int32Array.from(repeatOf),
    repeats,
    positive: nClasses === 2 && options.positive === 0 ? 0 : 1,
    groups,
    model,
    permFeatures,
    permMaxRows: permutationRowCount(permFeatures.length, params.nEstimators),
    scored: new Uint8Array(testRows.length),
    aucFolds: new Array<number>(testRows.length).fill(NaN),
    oof: splits.map(() => new Float64Array(data.nRows * nClasses).fill(NaN)),
    permSum: new Float64Array(data.nFeatures),
    permRows: 0,
    permHeldOut: 0,
    conformalFolds: new Array<ConformalFold | null>(testRows.length).fill(null),
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
  if (!(Number.isInteger(fold) && fold >= 0 && fold < run.testRows.length))
    throw new Error(`There is no fold ${fold}.`);
  const K = forest.nClasses;
  const test = run.testRows[fold];
  const oof = run.oof[run.repeatOf[fold]];
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
          maxRows: run.permMaxRows,
        }
      : undefined,
  );
  for (let i = 0; i < test.length; i++) {
    for (let k = 0; k < K; k++) oof[test[i] * K + k] = proba[i * K + k];
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
    // Weighted by the rows measured, which are all the fold's test rows unless it was sampled.
    const measured = Math.min(test.length, run.permMaxRows);
    for (const f of run.permFeatures) {
      const v = permutation[f];
      if (Number.isFinite(v)) run.permSum[f] += v * measured;
    }
    run.permRows += measured;
    run.permHeldOut += test.length;
  }
  run.scored[fold] = 1;
}

/** Mean of the repeats' out-of-fold probabilities (each repeat predicts every row once). */
function meanOof(oof: Float64Array[]): Float64Array {
  if (oof.length === 1) return oof[0];
  const out = new Float64Array(oof[0].length);
  for (const o of oof) for (let i = 0; i < out.length; i++) out[i] += o[i] / oof.length;
  return out;
}

/**
 * The report of a cross-validation whose folds are all scored. `positive` (two-class outcomes) overrides the
 * plan's: the folds and out-of-fold probabilities do not depend on it, so a finished run can be reported again
 * for another positive class without growing a tree, exactly as a fresh evaluation with that class would be.
 */
export function finishCrossValidation(
  run: CrossValidationRun,
  data: CrossValidationData,
  positive: number = run.positive,
): CrossValidationReport {
  if (run.scored.some((s) => s === 0)) throw new Error('Not every fold has been scored yet.');
  const classes = data.encoding.classes;
  const K = classes.length;
  if (K === 2 && positive !== 0 && positive !== 1)
    throw new Error(`There is no class number ${positive} to call positive.`);
  const names = data.encoding.features.map((f) => f.name);
  const pos = K === 2 ? positive : run.positive;
  const pooled = meanOof(run.oof);
  // Intervals over the same pooled predictions, the bootstrap seeded by the model's seed.
  const ci = { seed: run.params.randomState, positive: pos };
  const cv = withIntervals(computeMetrics(data.y, pooled, K, classes, pos), data.y, pooled, K, ci);
  const model = run.model;
  const oob = model?.oobProba
    ? withIntervals(
        computeMetrics(data.y, model.oobProba, K, classes, pos),
        data.y,
        model.oobProba,
        K,
        ci,
      )
    : null;
  const perm = new Float64Array(data.nFeatures).fill(NaN);
  if (run.permRows > 0) for (const f of run.permFeatures) perm[f] = run.permSum[f] / run.permRows;
  let spread: RepeatSpreadReport | undefined;
  let summary = summarizeMetrics(cv, classes, { source: 'cv', positive: pos });
  if (run.repeats > 1) {
    const each = run.oof.map((o) => computeMetrics(data.y, o, K, classes, pos));
    spread = {
      auc: repeatSpread(each.map((m) => m.auc)),
      accuracy: repeatSpread(each.map((m) => m.accuracy)),
      balancedAccuracy: repeatSpread(each.map((m) => m.balancedAccuracy)),
      brier: repeatSpread(each.map((m) => m.brier)),
    };
    summary += ` Over ${run.repeats} repeats of the ${run.k}-fold split, the AUC was ${spread.auc.mean.toFixed(3)} on average (standard deviation ${spread.auc.sd.toFixed(3)}, from ${spread.auc.min.toFixed(3)} to ${spread.auc.max.toFixed(3)}); the figures above pool the repeats' mean probabilities.`;
  }
  if (run.groups) {
    summary += ` Folds kept every group of “${shortName(run.groups.column)}” together (${run.groups.count} groups), so no group was in both the training and the test patients.`;
  }
  return {
    classes,
    folds: run.k,
    foldsNote: run.note,
    oob,
    cv,
    aucFolds: [...run.aucFolds],
    permutationImportance: namedImportances(names, perm, run.permFeatures),
    ...(run.permRows > 0
      ? { permutationRows: { measured: run.permRows, heldOut: run.permHeldOut } }
      : {}),
    impurityImportance: model ? namedImportances(names, model.featureImportances) : [],
    summary,
    ...clinicalReadouts(run, data, pooled, K, classes, cv, pos),
    cautions: evaluationCautions({
      classes,
      classCounts: classes.map((_, k) => data.y.reduce((a, c) => a + (c === k ? 1 : 0), 0)),
      nFeatures: data.nFeatures,
      nTrainingRows: data.nRows,
      auc: cv.auc,
      aucInterval: cv.intervals?.auc,
    }),
    repeats: run.repeats,
    ...(spread ? { repeatSpread: spread } : {}),
    ...(K === 2 ? { positiveClass: classes[pos] } : {}),
    warnings: neverPredictedNotes(cv.confusion, classes),
    ...(run.groups
      ? {
          groups: {
            column: run.groups.column,
            count: run.groups.count,
            unlabelled: run.groups.unlabelled,
          },
        }
      : {}),
    oobNote:
      run.groups && oob
        ? `The out-of-bag estimate ignores groups: a tree's out-of-bag patients can be relatives (same “${shortName(run.groups.column)}”) of patients it was trained on, so it can be optimistic; trust the group cross-validation instead.`
        : null,
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
  for (let f = 0; f < run.trainRows.length; f++) {
    scoreFold(run, data, f, await grow(run.params, run.trainRows[f], f));
  }
  return finishCrossValidation(run, data);
}

/** Conformal coverage, decision curve, recalibration and the chance verdict of a finished run. */
function clinicalReadouts(
  run: CrossValidationRun,
  data: CrossValidationData,
  pooled: Float64Array,
  K: number,
  classes: string[],
  cv: EvaluationMetrics,
  positive: number,
): Pick<
  CrossValidationReport,
  'conformal' | 'conformalLevels' | 'decisionCurve' | 'recalibration' | 'chance'
> {
  // Coverage over the first repeat, where every patient is a test patient exactly once.
  const folds = run.conformalFolds.filter(
    (f, i): f is ConformalFold => f !== null && run.repeatOf[i] === 0,
  );
  const coverage =
    folds.length === run.k ? foldCoverage(data.y, K, folds, run.confidence, classes) : null;
  return {
    conformal: coverage?.conformal ?? null,
    conformalLevels: coverage?.conformalLevels ?? [],
    decisionCurve: cvDecisionCurve(data.y, pooled, K, positive),
    recalibration: cvRecalibration(data.y, pooled, K, run.params.randomState, positive),
    chance: chanceVerdict(cv),
  };
}
