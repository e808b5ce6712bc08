/**
 * `genoforest evaluate`: how well a forest predicts patients it has not seen, by stratified k-fold
 * cross-validation (metrics averaged over folds, as scikit-learn's cross_val_score; the pooled
 * out-of-fold figures are given too) or, with --test, by training on one file and scoring another.
 */
import { encodeTable } from '../../engine/data/encode.ts';
import type { EncodedDataset } from '../../engine/data/types.ts';
import { stratifiedKFold, trainingRows } from '../../engine/evaluate/crossValidation.ts';
import {
  accuracy,
  argmaxRows,
  aucFromProba,
  brierScore,
  computeMetrics,
} from '../../engine/evaluate/metrics.ts';
import { scoreHeldOut, topFeatures } from '../../engine/evaluate/heldOut.ts';
import { permutationImportance } from '../../engine/evaluate/permutation.ts';
import { summarizeMetrics } from '../../engine/evaluate/summary.ts';
import { predictProba } from '../../engine/forest/predict.ts';
import type { ForestParams } from '../../engine/forest/types.ts';
import type { FeatureImportance } from '../../worker/api.ts';
import { namedImportances } from '../../worker/modelInfo.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError } from '../errors.ts';
import { readCsvFile } from '../files.ts';
import type { CliIo } from '../io.ts';
import { evaluateSpec } from '../specs.ts';
import {
  ForestTrainer,
  loadTraining,
  paramsFromArgs,
  threadsFromArgs,
  type LoadedTraining,
} from '../training.ts';

/** Importances listed with --importance. */
const TOP_IMPORTANCES = 20;
/** Permutation importance is computed for the features a forest uses most (as in the app). */
const MAX_PERMUTATION_FEATURES = 100;
const PERMUTATION_REPEATS = 3;

/** Everything evaluate reports; printed as text or as one JSON object. */
export interface EvaluateResult {
  file: string;
  target: string;
  mode: 'cross-validation' | 'test-file';
  testFile: string | null;
  auc: number;
  accuracy: number;
  balancedAccuracy: number;
  brier: number;
  /** Cross-validation: the same figures over the pooled out-of-fold predictions. */
  pooled: { auc: number; accuracy: number; brier: number } | null;
  /** Cross-validation: AUC of each fold. */
  aucFolds: number[] | null;
  rows: number;
  /** Rows scored (test file) or cross-validated. */
  rowsScored: number;
  features: number;
  classes: number;
  classNames: string[];
  classCounts: number[];
  /** Folds used; null with --test. */
  folds: number | null;
  trees: number;
  seed: number;
  threads: number;
  /** Seconds spent fitting forests (all folds), binning included. */
  fitSeconds: number;
  /** Wall-clock seconds of the whole command. */
  seconds: number;
  summary: string;
  warnings: string[];
  importance?: { permutation: FeatureImportance[]; impurity: FeatureImportance[] };
}

/** Run `genoforest evaluate`. */
export async function runEvaluate(argv: string[], io: CliIo): Promise<void> {
  const start = performance.now();
  const args = parseCommandArgs(evaluateSpec, argv);
  const [file] = args.positionals;
  const target = args.requiredString('target');
  const folds = args.int('folds', 5, 2);
  const threads = threadsFromArgs(args);
  const testFile = args.string('test');
  const withImportance = args.flag('importance');
  args.int('trees', 100);
  args.int('seed', 1, 0);

  const loaded = loadTraining(file, target);
  const params = paramsFromArgs(args, loaded.data.nFeatures);
  const trainer = new ForestTrainer(loaded.data, threads);
  let result: EvaluateResult;
  try {
    result =
      testFile === undefined
        ? await crossValidate(loaded, params, trainer, folds, withImportance)
        : await scoreTestFile(loaded, params, trainer, testFile, withImportance);
  } finally {
    trainer.dispose();
  }
  result.seconds = (performance.now() - start) / 1000;
  if (args.flag('json')) io.stdout(JSON.stringify(result, jsonNumbers, 2) + '\n');
  else io.stdout(formatText(result));
  if (!args.flag('json')) for (const w of result.warnings) io.stderr(`genoforest: warning: ${w}\n`);
}

/** NaN and infinities are not JSON: write them as null. */
function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

function baseResult(loaded: LoadedTraining, params: ForestParams, threads: number): EvaluateResult {
  const { data, summary } = loaded;
  return {
    file: loaded.file,
    target: data.encoding.target,
    mode: 'cross-validation',
    testFile: null,
    auc: NaN,
    accuracy: NaN,
    balancedAccuracy: NaN,
    brier: NaN,
    pooled: null,
    aucFolds: null,
    rows: data.nRows,
    rowsScored: 0,
    features: data.nFeatures,
    classes: data.encoding.classes.length,
    classNames: data.encoding.classes,
    classCounts: summary.classCounts,
    folds: null,
    trees: params.nEstimators,
    seed: params.randomState,
    threads,
    fitSeconds: 0,
    seconds: 0,
    summary: '',
    warnings: [...summary.warnings],
  };
}

/** Refuse folds that a class cannot fill, saying which class and what to do. */
function checkFolds(loaded: LoadedTraining, folds: number): void {
  const { classes, classCounts } = loaded.summary;
  let smallest = 0;
  for (let k = 1; k < classCounts.length; k++)
    if (classCounts[k] < classCounts[smallest]) smallest = k;
  const n = classCounts[smallest];
  if (n >= folds) return;
  const rows = `${n} row${n === 1 ? '' : 's'}`;
  if (n < 2) {
    throw new CliError(
      `class "${classes[smallest]}" of "${loaded.summary.target}" has only ${rows}, fewer than the ${folds} folds; cross-validation needs at least 2 rows of every class: merge or remove that class, or score a separate file with --test`,
    );
  }
  throw new CliError(
    `class "${classes[smallest]}" of "${loaded.summary.target}" has only ${rows}, fewer than the ${folds} folds (every fold needs a row of every class); use --folds ${n} or fewer`,
  );
}

/** Stratified k-fold cross-validation. */
async function crossValidate(
  loaded: LoadedTraining,
  params: ForestParams,
  trainer: ForestTrainer,
  folds: number,
  withImportance: boolean,
): Promise<EvaluateResult> {
  checkFolds(loaded, folds);
  const { data } = loaded;
  const K = data.encoding.classes.length;
  const split = stratifiedKFold(data.y, K, folds, params.randomState, data.encoding.classes);
  const foldParams: ForestParams = { ...params, oobScore: false };
  const oof = new Float64Array(data.nRows * K).fill(NaN);
  const aucs: number[] = [];
  const accs: number[] = [];
  const briers: number[] = [];
  const mdi = new Float64Array(data.nFeatures);
  const permSum = new Float64Array(data.nFeatures);
  const permRows = new Float64Array(data.nFeatures);
  let fitSeconds = 0;
  for (let f = 0; f < split.k; f++) {
    const { forest, seconds } = await trainer.fit(foldParams, trainingRows(split, f, data.nRows));
    fitSeconds += seconds;
    const test = split.folds[f];
    const {
      y: yTest,
      proba,
      permutation,
    } = scoreHeldOut(
      forest,
      data,
      test,
      withImportance
        ? {
            repeats: PERMUTATION_REPEATS,
            seed: params.randomState + f,
            features: topFeatures(forest.featureImportances, MAX_PERMUTATION_FEATURES),
            metric: 'auc',
          }
        : undefined,
    );
    for (let i = 0; i < test.length; i++) {
      for (let k = 0; k < K; k++) oof[test[i] * K + k] = proba[i * K + k];
    }
    aucs.push(aucFromProba(yTest, proba, K));
    accs.push(accuracy(yTest, argmaxRows(proba, K)));
    briers.push(brierScore(yTest, proba, K));
    if (withImportance) {
      for (let j = 0; j < data.nFeatures; j++) mdi[j] += forest.featureImportances[j] / split.k;
    }
    if (permutation) {
      // Features left out of the permutation are NaN and not counted.
      for (let j = 0; j < data.nFeatures; j++) {
        if (!Number.isFinite(permutation[j])) continue;
        permSum[j] += permutation[j] * test.length;
        permRows[j] += test.length;
      }
    }
  }
  const pooled = computeMetrics(data.y, oof, K, data.encoding.classes);
  const result = baseResult(loaded, params, trainer.threads);
  const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
  Object.assign(result, {
    auc: mean(aucs),
    accuracy: mean(accs),
    balancedAccuracy: pooled.balancedAccuracy,
    brier: mean(briers),
    pooled: { auc: pooled.auc, accuracy: pooled.accuracy, brier: pooled.brier },
    aucFolds: aucs,
    rowsScored: data.nRows,
    folds: split.k,
    fitSeconds,
    summary: summarizeMetrics(pooled, data.encoding.classes, { source: 'cv' }),
  });
  if (withImportance) {
    const names = data.encoding.features.map((f) => f.name);
    const perm = Float64Array.from(permSum, (s, j) => (permRows[j] > 0 ? s / permRows[j] : NaN));
    result.importance = {
      permutation: namedImportances(names, perm).slice(0, TOP_IMPORTANCES),
      impurity: namedImportances(names, mdi).slice(0, TOP_IMPORTANCES),
    };
  }
  return result;
}

/** Train on the whole file, score the --test file. */
async function scoreTestFile(
  loaded: LoadedTraining,
  params: ForestParams,
  trainer: ForestTrainer,
  testFile: string,
  withImportance: boolean,
): Promise<EvaluateResult> {
  const { data } = loaded;
  const { encoding } = data;
  const K = encoding.classes.length;
  const testTable = readCsvFile(testFile, 'test file');
  if (!testTable.headers.includes(encoding.target)) {
    throw new CliError(`test file ${testFile} has no target column "${encoding.target}"`);
  }
  const test: EncodedDataset = encodeTable(testTable, encoding);
  const warnings: string[] = [];
  if (test.missingColumns && test.missingColumns.length > 0) {
    warnings.push(
      `${testFile} lacks ${test.missingColumns.length} feature column(s) (${test.missingColumns.slice(0, 5).join(', ')}); they were treated as unknown`,
    );
  }
  if (test.droppedUnknownClass) {
    warnings.push(
      `${test.droppedUnknownClass} row(s) of ${testFile} have a "${encoding.target}" class the training file does not have; they were left out`,
    );
  }
  if (test.droppedMissingTarget > 0) {
    warnings.push(
      `${test.droppedMissingTarget} row(s) of ${testFile} have no "${encoding.target}" value; they were left out`,
    );
  }
  if (test.nRows === 0) {
    throw new CliError(
      `test file ${testFile} has no rows with a known "${encoding.target}" class to score`,
    );
  }
  const { forest, seconds } = await trainer.fit(params);
  const proba = predictProba(forest, test.X, test.nRows);
  const metrics = computeMetrics(test.y, proba, K, encoding.classes);
  const result = baseResult(loaded, params, trainer.threads);
  Object.assign(result, {
    mode: 'test-file',
    testFile,
    auc: metrics.auc,
    accuracy: metrics.accuracy,
    balancedAccuracy: metrics.balancedAccuracy,
    brier: metrics.brier,
    rowsScored: test.nRows,
    fitSeconds: seconds,
    summary: summarizeMetrics(metrics, encoding.classes, { source: 'test' }),
  });
  result.warnings.push(...warnings);
  if (withImportance) {
    const names = encoding.features.map((f) => f.name);
    const perm = permutationImportance(
      (X, n) => predictProba(forest, X, n),
      test.X,
      test.nRows,
      test.nFeatures,
      test.y,
      K,
      {
        repeats: PERMUTATION_REPEATS,
        seed: params.randomState,
        features: topFeatures(forest.featureImportances, MAX_PERMUTATION_FEATURES),
        metric: 'auc',
      },
    );
    result.importance = {
      permutation: namedImportances(names, perm).slice(0, TOP_IMPORTANCES),
      impurity: namedImportances(names, forest.featureImportances).slice(0, TOP_IMPORTANCES),
    };
  }
  return result;
}

function fmt(x: number, digits = 4): string {
  return Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

/** The human-readable report. */
function formatText(r: EvaluateResult): string {
  const lines: string[] = [];
  const counts = r.classNames.map((c, i) => `${c} ${r.classCounts[i]}`).join(', ');
  lines.push(`GenoForest evaluate: ${r.file}, target "${r.target}"`);
  lines.push(`  rows ${r.rows}, features ${r.features}, classes ${r.classes} (${counts})`);
  const how =
    r.mode === 'test-file'
      ? `trained on ${r.file}, scored ${r.rowsScored} rows of ${r.testFile}`
      : `${r.folds}-fold stratified cross-validation (figures are means over folds)`;
  lines.push(
    `  ${how}; ${r.trees} trees, seed ${r.seed}, ${r.threads} thread${r.threads === 1 ? '' : 's'}`,
  );
  lines.push('');
  const aucWhat = r.classes === 2 ? `class "${r.classNames[1]}"` : 'macro one-vs-rest';
  const range =
    r.aucFolds && r.aucFolds.length > 0
      ? `; folds ${fmt(Math.min(...r.aucFolds), 3)}–${fmt(Math.max(...r.aucFolds), 3)}`
      : '';
  lines.push(`  ROC AUC      ${fmt(r.auc)}  (${aucWhat}${range})`);
  lines.push(`  accuracy     ${fmt(r.accuracy)}`);
  lines.push(`  Brier score  ${fmt(r.brier)}`);
  if (r.pooled) {
    lines.push(
      `  pooled out-of-fold: AUC ${fmt(r.pooled.auc)}, accuracy ${fmt(r.pooled.accuracy)}, Brier ${fmt(r.pooled.brier)}`,
    );
  }
  lines.push(
    `  fit          ${r.fitSeconds.toFixed(2)} s${r.mode === 'cross-validation' ? ' (all folds)' : ''}; total ${r.seconds.toFixed(2)} s`,
  );
  lines.push('', `  ${r.summary}`);
  if (r.importance) {
    const table = (title: string, items: FeatureImportance[]): void => {
      lines.push('', `  ${title}`);
      if (items.length === 0) lines.push('    (none)');
      const width = Math.max(0, ...items.map((i) => i.feature.length));
      items.forEach((it, i) => {
        lines.push(
          `    ${String(i + 1).padStart(2)}. ${it.feature.padEnd(width)}  ${it.importance.toFixed(4)}`,
        );
      });
    };
    table(
      r.mode === 'test-file'
        ? 'Permutation importance (drop in AUC on the test file), top 20'
        : 'Permutation importance (drop in AUC on held-out folds), top 20',
      r.importance.permutation,
    );
    table('Impurity importance (mean decrease in Gini), top 20', r.importance.impurity);
  }
  return lines.join('\n') + '\n';
}
