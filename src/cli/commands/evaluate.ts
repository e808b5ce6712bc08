/**
 * `genoforest evaluate`: how well a forest predicts patients it has not seen, by the app's own stratified k-fold
 * cross-validation (engine/evaluate/evaluation: figures over the pooled out-of-fold predictions, so `auc` is the
 * figure the app's Evaluate step shows; each fold's AUC is given too) or, with --test, by training on one file and
 * scoring another.
 */
import { encodeTable } from '../../engine/data/encode.ts';
import type { EncodedDataset } from '../../engine/data/types.ts';
import { computeMetrics } from '../../engine/evaluate/metrics.ts';
import type { EvaluationMetrics, Interval } from '../../engine/evaluate/types.ts';
import { evaluationCautions } from '../../engine/evaluate/cautions.ts';
import { figuresAtThreshold, withIntervals } from '../../engine/evaluate/intervals.ts';
import {
  PERMUTATION_REPEATS,
  crossValidate,
  namedImportances,
  permutationFeatureCount,
  permutationRowCount,
  type FeatureImportance,
  type RepeatSpreadReport,
} from '../../engine/evaluate/evaluation.ts';
import { topFeatures } from '../../engine/evaluate/heldOut.ts';
import { permutationImportance } from '../../engine/evaluate/permutation.ts';
import { summarizeMetrics } from '../../engine/evaluate/summary.ts';
import { predictProba } from '../../engine/forest/predict.ts';
import type { ForestModel, ForestParams } from '../../engine/forest/types.ts';
import { parseCommandArgs, type ParsedArgs } from '../args.ts';
import { CliError, UsageError } from '../errors.ts';
import { runSurvivalEvaluate } from './evaluateSurvival.ts';
import { readCohort } from '../cohortFiles.ts';
import { cellText } from '../../engine/data/cells.ts';
import { defaultPositiveClass } from '../../engine/data/positiveClass.ts';
import { shortName } from '../../engine/data/values.ts';
import { groupsFromCells } from '../../engine/evaluate/crossValidation.ts';
import type { CliIo } from '../io.ts';
import { qcFilterNote, qcFiltersFromArgs } from '../qcFilters.ts';
import { summarizeTuning, tuningGroupWords, type TuningSummary } from '../../app/tuneForest.ts';
import { evaluateSpec } from '../specs.ts';
import { confidenceFromArgs } from '../confidence.ts';
import {
  ForestTrainer,
  joinJson,
  joinNote,
  loadTraining,
  paramsFromArgs,
  settingsFromArgs,
  settingsJson,
  settingsLine,
  tuneFromArgs,
  tuningLines,
  threadsFromArgs,
  type LoadedTraining,
} from '../training.ts';

/** Importances listed with --importance. */
const TOP_IMPORTANCES = 20;

/** Sensitivity, specificity and net benefit are read at this threshold of the positive class (binary outcomes). */
export const CLI_THRESHOLD = 0.5;

/** The headline figures of a set of out-of-sample predictions, with their 95 % intervals. */
interface Figures {
  auc: number;
  accuracy: number;
  brier: number;
  aucInterval: Interval | null;
  accuracyInterval: Interval | null;
  brierInterval: Interval | null;
}

/** Every headline figure's 95 % interval, and the figures read at CLI_THRESHOLD (binary; null otherwise). */
interface IntervalFields {
  aucInterval: Interval | null;
  /** 'delong' (binary), 'variance-bound' (binary, DeLong's variance 0), 'bootstrap' (macro AUC of more classes). */
  aucIntervalMethod: string | null;
  accuracyInterval: Interval | null;
  balancedAccuracyInterval: Interval | null;
  brierInterval: Interval | null;
  /** Resamples of the stratified bootstrap behind the balanced accuracy, Brier and net benefit intervals. */
  bootstrapResamples: number | null;
  threshold: number | null;
  sensitivity: number | null;
  sensitivityInterval: Interval | null;
  specificity: number | null;
  specificityInterval: Interval | null;
  netBenefit: number | null;
  netBenefitInterval: Interval | null;
}

/** Everything evaluate reports; printed as text or as one JSON object. */
export interface EvaluateResult extends IntervalFields {
  file: string;
  target: string;
  mode: 'cross-validation' | 'test-file';
  testFile: string | null;
  /** Cross-validation: over the pooled out-of-fold predictions, as the app's Evaluate step. */
  auc: number;
  accuracy: number;
  balancedAccuracy: number;
  brier: number;
  /** Cross-validation: AUC of each fold's held-out rows on their own. */
  aucFolds: number[] | null;
  /** Cross-validation with --importance: out-of-bag figures of the forest grown on every row. */
  oob: Figures | null;
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
  /**
   * The forest settings used (scikit-learn's meanings); with --tune, those the forest grown on the whole file
   * chose (--test, --importance), else those the search starts from (each fold chose its own: see tuning).
   */
  settings: ReturnType<typeof settingsJson>;
  /** --tune: what each tuned fit tried and chose; null without. */
  tuning: EvaluateTuning | null;
  threads: number;
  /** Seconds spent fitting forests (all folds, and the full model with --importance), binning included. */
  fitSeconds: number;
  /** Wall-clock seconds of the whole command. */
  seconds: number;
  summary: string;
  warnings: string[];
  importance?: { permutation: FeatureImportance[]; impurity: FeatureImportance[] };
  /**
   * Cross-validation: coverage of the prediction sets at `confidence`, each fold calibrated on its training part;
   * null with --test or without bootstrap.
   */
  conformal: ConformalSummary | null;
  /** Binary outcomes: the class AUC, sensitivity and the summary are about. */
  positiveClass?: string;
  /** Repeats of the k-fold split, and each figure's spread across them (repeats > 1). */
  repeats?: number;
  repeatSpread?: RepeatSpreadReport;
  /** --group: the column whose groups were kept together, how many, and the OOB caveat. */
  group?: { column: string; count: number; unlabelled: number };
  oobNote?: string | null;
  /** --pheno: samples in both files, those only in one, repeated IDs left out (with --pheno-key), and the key. */
  samplesJoined?: number;
  samplesUnmatched?: ReturnType<typeof joinJson>['samplesUnmatched'];
  samplesDuplicated?: ReturnType<typeof joinJson>['samplesDuplicated'];
  joinKey?: ReturnType<typeof joinJson>['joinKey'];
}

/** Group, repeats and positive class of a cross-validation, from --group, --repeats and --positive. */
export interface CvChoices {
  group?: string;
  repeats: number;
  positive?: number;
  /** --tune: settings tuned on out-of-bag patients before every fit (inside each fold). */
  tune: boolean;
}

/** What --tune did in an evaluation. */
export interface EvaluateTuning {
  /** Cross-validation tunes inside each fold, on its training rows only, so the figures cover the tuning. */
  inEachFold: boolean;
  /** Each tuned fit in order: its fold (null: the forest on the whole file) and what it tried and chose. */
  fits: ({ fold: number | null } & TuningSummary)[];
  /** With --group: whether the folds' tuning kept groups together (each fit's groupAware), in words. */
  groups?: string;
}

/** The prediction sets as measured on the cross-validation folds. */
export interface ConformalSummary {
  confidence: number;
  /** Fraction of patients whose true outcome was in their set. */
  coverage: number;
  /** The same for each true outcome (null in JSON when a class had no patients). */
  coverageByClass: Record<string, number>;
  /** Mean number of outcomes per set. */
  meanSetSize: number;
  /** Share of sets holding exactly one outcome (how informative they are), overall and per true outcome. */
  singleRate: number;
  singleRateByClass: Record<string, number>;
  /** Share of empty sets (no outcome reached its cut-off). */
  emptyRate: number;
}

/** Run `genoforest evaluate`. */
export async function runEvaluate(argv: string[], io: CliIo): Promise<void> {
  const start = performance.now();
  const args = parseCommandArgs(evaluateSpec, argv);
  if (args.string('time') !== undefined || args.string('event') !== undefined) {
    await runSurvivalEvaluate(args, io, start);
    return;
  }
  if (args.string('event-value') !== undefined) {
    throw new UsageError('--event-value goes with --time and --event');
  }
  const [file] = args.positionals;
  const target = args.requiredString('target');
  const folds = args.int('folds', 5, 2);
  const threads = threadsFromArgs(args);
  const testFile = args.string('test');
  const withImportance = args.flag('importance');
  const confidence = confidenceFromArgs(args);
  // Bad forest settings are refused before any file is read.
  settingsFromArgs(args);
  tuneFromArgs(args);
  const filters = qcFiltersFromArgs(args);
  const loaded = await loadTraining(
    file,
    target,
    args.string('pheno'),
    args.string('pheno-key'),
    filters,
  );
  const choices = cvChoicesFromArgs(args, loaded);
  const params = paramsFromArgs(args, loaded.data.nFeatures);
  const trainer = new ForestTrainer(loaded.data, threads);
  let result: EvaluateResult;
  try {
    result =
      testFile === undefined
        ? await crossValidateFile(
            loaded,
            params,
            trainer,
            folds,
            withImportance,
            choices,
            confidence,
          )
        : await scoreTestFile(loaded, params, trainer, testFile, withImportance, choices);
  } finally {
    trainer.dispose();
  }
  result.seconds = (performance.now() - start) / 1000;
  if (loaded.join) {
    Object.assign(result, joinJson(loaded.join));
    if (!args.flag('json')) io.stderr(joinNote(loaded.join));
  }
  if (loaded.qc) {
    Object.assign(result, { qc: loaded.qc });
    if (!args.flag('json')) io.stderr(qcFilterNote(loaded.qc));
  }
  if (args.flag('json')) io.stdout(JSON.stringify(result, jsonNumbers, 2) + '\n');
  else io.stdout(formatText(result));
  if (!args.flag('json')) for (const w of result.warnings) io.stderr(`genoforest: warning: ${w}\n`);
}

/** --group (checked against the file), --repeats and --positive (as a class index) for a cross-validation. */
export function cvChoicesFromArgs(args: ParsedArgs, loaded: LoadedTraining): CvChoices {
  const group = args.string('group');
  if (group !== undefined && !loaded.table.headers.includes(group)) {
    throw new CliError(`group column "${shortName(group)}" is not in ${loaded.file}`);
  }
  return {
    group,
    repeats: args.int('repeats', 1, 1),
    positive: positiveIndex(loaded, args.string('positive')),
    tune: tuneFromArgs(args),
  };
}

/** The positive class index from --positive, else the default (case/responder/yes/…, else the smaller class). */
function positiveIndex(loaded: LoadedTraining, name: string | undefined): number | undefined {
  const { classes, classCounts } = loaded.summary;
  if (classes.length !== 2) {
    if (name !== undefined)
      throw new CliError(
        `--positive needs a two-class outcome; "${loaded.summary.target}" has ${classes.length}`,
      );
    return undefined;
  }
  if (name !== undefined) {
    const i = classes.indexOf(name);
    if (i < 0)
      throw new CliError(
        `--positive "${shortName(name)}" is not a class of "${loaded.summary.target}" (${classes.join(', ')})`,
      );
    return i;
  }
  return defaultPositiveClass(classes, classCounts, { plinkPhenotype: loaded.plinkPhenotype })
    ?.index;
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
    aucFolds: null,
    oob: null,
    rows: data.nRows,
    rowsScored: 0,
    features: data.nFeatures,
    classes: data.encoding.classes.length,
    classNames: data.encoding.classes,
    classCounts: summary.classCounts,
    folds: null,
    trees: params.nEstimators,
    seed: params.randomState,
    settings: settingsJson(params, data.nFeatures),
    threads,
    fitSeconds: 0,
    seconds: 0,
    summary: '',
    warnings: [...summary.warnings],
    conformal: null,
    tuning: null,
    ...intervalFields(null),
  };
}

/** The intervals of `m` and, for two classes, its figures at CLI_THRESHOLD (all null without `m`'s intervals). */
function intervalFields(m: EvaluationMetrics | null): IntervalFields {
  const ci = m?.intervals;
  const at = m ? figuresAtThreshold(m, CLI_THRESHOLD) : null;
  return {
    aucInterval: ci?.auc ?? null,
    aucIntervalMethod: ci?.aucMethod ?? null,
    accuracyInterval: ci?.accuracy ?? null,
    balancedAccuracyInterval: ci?.balancedAccuracy ?? null,
    brierInterval: ci?.brier ?? null,
    bootstrapResamples: ci?.resamples ?? null,
    threshold: at ? CLI_THRESHOLD : null,
    sensitivity: at?.sensitivity ?? null,
    sensitivityInterval: at?.intervals?.sensitivity ?? null,
    specificity: at?.specificity ?? null,
    specificityInterval: at?.intervals?.specificity ?? null,
    netBenefit: at?.netBenefit ?? null,
    netBenefitInterval: at?.intervals?.netBenefit ?? null,
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

/** The headline figures of a metrics object. */
function figures(m: EvaluationMetrics): Figures {
  return {
    auc: m.auc,
    accuracy: m.accuracy,
    brier: m.brier,
    aucInterval: m.intervals?.auc ?? null,
    accuracyInterval: m.intervals?.accuracy ?? null,
    brierInterval: m.intervals?.brier ?? null,
  };
}

/** Each encoded row's group index by `column` of the loaded file (groupsFromCells), with their count. */
export function fileGroups(
  loaded: LoadedTraining,
  column: string,
): { index: Int32Array; column: string; count: number; unlabelled: number } {
  const { data, table } = loaded;
  const c = table.headers.indexOf(column);
  const g = groupsFromCells(Array.from(data.rowIndex, (r) => cellText(table, c, r)));
  return { index: g.groups, column, count: g.nGroups, unlabelled: g.unlabelled };
}

/** Stratified k-fold cross-validation, the app's own (engine/evaluate/evaluation). */
export async function crossValidateFile(
  loaded: LoadedTraining,
  params: ForestParams,
  trainer: ForestTrainer,
  folds: number,
  withImportance: boolean,
  choices: CvChoices,
  confidence: number,
): Promise<EvaluateResult> {
  // With groups, folds are limited by the number of groups instead (the plan says so).
  if (choices.group === undefined) checkFolds(loaded, folds);
  const { data } = loaded;
  const groups = choices.group !== undefined ? fileGroups(loaded, choices.group) : null;
  let fitSeconds = 0;
  const tuned: EvaluateTuning['fits'] = [];
  const nFeatures = data.nFeatures;
  // With --importance, the forest on every row, as the app's model: its OOB figures and impurity importances are
  // reported, and its ranking chooses the features whose permutation importance is measured.
  let model: ForestModel | null = null;
  let modelParams = params;
  if (withImportance) {
    const fitted = await trainer.fitTuned(params, choices.tune, undefined, groups?.index);
    fitSeconds += fitted.seconds;
    model = fitted.forest;
    modelParams = fitted.params;
    if (fitted.tuning) {
      tuned.push({ fold: null, ...summarizeTuning(fitted.tuning, fitted.params, nFeatures) });
    }
  }
  let report;
  try {
    report = await crossValidate(
      data,
      {
        folds,
        params,
        model,
        groups,
        repeats: choices.repeats,
        positive: choices.positive,
        confidence,
      },
      async (foldParams, rows, fold) => {
        // Tuned on the fold's training rows only: its test rows take no part in choosing the settings.
        const fitted = await trainer.fitTuned(foldParams, choices.tune, rows, groups?.index);
        fitSeconds += fitted.seconds;
        if (fitted.tuning) {
          tuned.push({ fold, ...summarizeTuning(fitted.tuning, fitted.params, nFeatures) });
        }
        return fitted.forest;
      },
    );
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError((error as Error).message);
  }
  const result = baseResult(loaded, modelParams, trainer.threads);
  if (choices.tune) {
    result.tuning = { inEachFold: true, fits: tuned };
    if (choices.group !== undefined) {
      const folds = tuned.filter((t) => t.fold !== null);
      const words = tuningGroupWords(
        choices.group,
        folds.map((t) => t.groupAware),
      );
      result.tuning.groups = words;
      // Only a search that did not keep groups warrants a warning.
      if (!folds.every((t) => t.groupAware)) result.warnings.push(words);
    }
  }
  Object.assign(result, {
    ...figures(report.cv),
    ...intervalFields(report.cv),
    balancedAccuracy: report.cv.balancedAccuracy,
    aucFolds: report.aucFolds,
    oob: report.oob ? figures(report.oob) : null,
    rowsScored: data.nRows,
    folds: report.folds,
    fitSeconds,
    summary: report.summary,
    repeats: report.repeats ?? 1,
    ...(report.repeatSpread ? { repeatSpread: report.repeatSpread } : {}),
    ...(report.positiveClass !== undefined ? { positiveClass: report.positiveClass } : {}),
    ...(report.groups ? { group: report.groups } : {}),
    oobNote: report.oobNote ?? null,
  });
  // An outcome never predicted in the pooled out-of-fold predictions, as the app notes it.
  result.warnings.push(...(report.warnings ?? []));
  const c = report.conformal;
  if (c) {
    result.conformal = {
      confidence: c.confidence,
      coverage: c.coverage,
      coverageByClass: c.coverageByClass,
      meanSetSize: c.meanSetSize,
      singleRate: c.singleRate ?? NaN,
      singleRateByClass: c.singleRateByClass ?? {},
      emptyRate: c.emptyRate,
    };
    result.warnings.push(...c.warnings);
  }
  result.warnings.push(...(report.cautions ?? []));
  if (withImportance) {
    result.importance = {
      permutation: report.permutationImportance.slice(0, TOP_IMPORTANCES),
      impurity: report.impurityImportance.slice(0, TOP_IMPORTANCES),
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
  choices: CvChoices,
): Promise<EvaluateResult> {
  const { positive } = choices;
  const { data } = loaded;
  const { encoding } = data;
  const K = encoding.classes.length;
  const testTable = (await readCohort(testFile, { what: 'test file' })).table;
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
  const fitted = await trainer.fitTuned(params, choices.tune);
  const { forest, seconds } = fitted;
  const proba = predictProba(forest, test.X, test.nRows);
  const metrics = withIntervals(
    computeMetrics(test.y, proba, K, encoding.classes, positive),
    test.y,
    proba,
    K,
    { seed: fitted.params.randomState, positive },
  );
  const result = baseResult(loaded, fitted.params, trainer.threads);
  if (fitted.tuning) {
    const summary = summarizeTuning(fitted.tuning, fitted.params, data.nFeatures);
    result.tuning = { inEachFold: false, fits: [{ fold: null, ...summary }] };
  }
  Object.assign(result, {
    mode: 'test-file',
    testFile,
    auc: metrics.auc,
    accuracy: metrics.accuracy,
    balancedAccuracy: metrics.balancedAccuracy,
    brier: metrics.brier,
    rowsScored: test.nRows,
    fitSeconds: seconds,
    summary: summarizeMetrics(metrics, encoding.classes, { source: 'test', positive }),
    ...(K === 2 ? { positiveClass: encoding.classes[positive ?? 1] } : {}),
    ...intervalFields(metrics),
  });
  result.warnings.push(...warnings);
  result.warnings.push(
    ...evaluationCautions({
      classes: encoding.classes,
      classCounts: encoding.classes.map((_, k) =>
        test.y.reduce((a, c) => a + (c === k ? 1 : 0), 0),
      ),
      nFeatures: data.nFeatures,
      nTrainingRows: data.nRows,
      auc: metrics.auc,
      aucInterval: metrics.intervals?.auc,
    }),
  );
  if (withImportance) {
    const names = encoding.features.map((f) => f.name);
    const measured = topFeatures(
      forest.featureImportances,
      permutationFeatureCount(test.nFeatures, test.nRows, params.nEstimators),
    );
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
        features: measured,
        // A tall test file is measured on a seeded stratified sample, within the same budget as the app.
        maxRows: permutationRowCount(measured.length, params.nEstimators),
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

/** " (95 % CI 0.801–0.880)", or nothing when the interval is unknown. */
function ci(interval: Interval | null): string {
  if (!interval || !interval.every((v) => Number.isFinite(v))) return '';
  return ` (95 % CI ${fmt(interval[0], 3)}–${fmt(interval[1], 3)})`;
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
      : `${r.repeats && r.repeats > 1 ? `${r.repeats} × ` : ''}${r.folds}-fold stratified${r.group ? ` group (by "${shortName(r.group.column)}", ${r.group.count} groups)` : ''} cross-validation (figures over the pooled out-of-fold predictions, as in the app)`;
  lines.push(
    `  ${how}; ${r.trees} trees, seed ${r.seed}, ${r.threads} thread${r.threads === 1 ? '' : 's'}`,
  );
  lines.push(
    r.tuning?.inEachFold
      ? settingsLine(r.settings).replace('settings:', 'settings (where tuning starts):')
      : settingsLine(r.settings),
  );
  if (r.tuning) lines.push(...tuningText(r.tuning));
  lines.push('');
  const aucWhat =
    r.classes === 2 ? `class "${r.positiveClass ?? r.classNames[1]}"` : 'macro one-vs-rest';
  const range =
    r.aucFolds && r.aucFolds.length > 0
      ? `; folds ${fmt(Math.min(...r.aucFolds), 3)}–${fmt(Math.max(...r.aucFolds), 3)}`
      : '';
  lines.push(`  ROC AUC      ${fmt(r.auc)}${ci(r.aucInterval)}  (${aucWhat}${range})`);
  lines.push(`  accuracy     ${fmt(r.accuracy)}${ci(r.accuracyInterval)}`);
  lines.push(`  balanced acc ${fmt(r.balancedAccuracy)}${ci(r.balancedAccuracyInterval)}`);
  lines.push(`  Brier score  ${fmt(r.brier)}${ci(r.brierInterval)}`);
  if (r.threshold !== null) {
    const at = `at threshold ${r.threshold} for "${r.positiveClass ?? r.classNames[1]}"`;
    lines.push(
      `  ${at}: sensitivity ${fmt(r.sensitivity ?? NaN)}${ci(r.sensitivityInterval)}, specificity ${fmt(r.specificity ?? NaN)}${ci(r.specificityInterval)}, net benefit ${fmt(r.netBenefit ?? NaN)}${ci(r.netBenefitInterval)}`,
    );
  }
  lines.push(
    '  (in brackets: 95 % confidence intervals over these patients; they leave out the variation from refitting)',
  );
  if (r.repeatSpread) {
    const s = r.repeatSpread.auc;
    lines.push(
      `  across ${r.repeats} repeats: AUC mean ${fmt(s.mean)}, sd ${fmt(s.sd)}, ${fmt(s.min, 3)}–${fmt(s.max, 3)}`,
    );
  }
  if (r.oob) {
    lines.push(
      `  out-of-bag (model on every row): AUC ${fmt(r.oob.auc)}, accuracy ${fmt(r.oob.accuracy)}, Brier ${fmt(r.oob.brier)}`,
    );
    if (r.oobNote) lines.push(`  ${r.oobNote}`);
  }
  const fitWhat = r.oob ? ' (all folds and the model on every row)' : ' (all folds)';
  lines.push(
    `  fit          ${r.fitSeconds.toFixed(2)} s${r.mode === 'cross-validation' ? fitWhat : ''}; total ${r.seconds.toFixed(2)} s`,
  );
  if (r.conformal) {
    const c = r.conformal;
    const byClass = Object.entries(c.coverageByClass)
      .map(([k, v]) => `${k} ${fmt(v, 3)}`)
      .join(', ');
    lines.push(
      `  prediction sets at ${fmt(c.confidence * 100, 0)} % confidence: coverage ${fmt(c.coverage, 3)} (${byClass}), mean set size ${fmt(c.meanSetSize, 2)}, single-outcome sets ${fmt(c.singleRate, 3)}`,
    );
  }
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

/** --tune in the text report: each fold's choice in one line, the table of the forest on the whole file. */
function tuningText(t: EvaluateTuning): string[] {
  const lines: string[] = [];
  const folds = t.fits.filter((f) => f.fold !== null);
  if (folds.length > 0) {
    const choices = folds
      .map(
        (f) =>
          `leaf ${f.chosen.minSamplesLeaf} × ${f.chosen.featuresPerSplit} features${f.chosen.draws === 'screened' ? ' (screened)' : ''}`,
      )
      .join(', ');
    lines.push(
      `  tuned on out-of-bag patients inside each fold (its training rows only), chose: ${choices}`,
    );
  }
  // Said here only when every fold kept groups; otherwise the warnings say it.
  if (t.groups && folds.every((f) => f.groupAware)) lines.push(`  ${t.groups}`);
  for (const f of t.fits) if (f.fold === null) lines.push(...tuningLines(f));
  return lines;
}
