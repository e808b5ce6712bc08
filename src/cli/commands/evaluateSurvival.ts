/**
 * `genoforest evaluate FILE --time COL --event COL [--event-value V]`: the cross-validation of a survival forest
 * (engine/survival/survivalEvaluation), with the same words as the app: Harrell's C over the pooled out-of-fold
 * risk scores, its interval, and the integrated Brier score. Each fold's forest is grown on a pool of --threads
 * workers (default: all cores; 1 grows in this process), with the same figures for a seed either way.
 */
import { inferSchema } from '../../engine/data/schema.ts';
import { shortName } from '../../engine/data/values.ts';
import { encodeSurvival } from '../../engine/survival/survivalData.ts';
import {
  evaluateSurvival,
  fitFoldInThread,
  tunedFoldFitter,
} from '../../app/survivalEvaluation.ts';
import type { SurvivalTuningReport } from '../../engine/forest/survivalTune.ts';
import { cellText } from '../../engine/data/cells.ts';
import { groupsFromCells } from '../../engine/evaluate/crossValidation.ts';
import { survivalTuningGroupWords } from '../../app/survivalTuning.ts';
import { createNodePool, survivalFoldsInPool, trainSurvivalInPool } from '../../worker/node.ts';
import { threadsFromArgs } from '../training.ts';
import type { SurvivalParams } from '../../engine/forest/survivalParams.ts';
import { refuseClassOnly, survivalParamsFromArgs, survivalTuneFromArgs } from './trainSurvival.ts';
import type { ParsedArgs } from '../args.ts';
import { CliError, UsageError } from '../errors.ts';
import { readCohort } from '../cohortFiles.ts';
import type { CliIo } from '../io.ts';

/** What evaluate reports for a time-to-event outcome. */
export interface SurvivalEvaluateResult {
  file: string;
  outcomeKind: 'survival';
  mode: 'cross-validation';
  time: string;
  event: string;
  eventValue: string;
  censoredValues: string[];
  /** Harrell's C of the pooled out-of-fold risk scores (summed cumulative hazard). */
  cindex: number;
  /** 95 % bootstrap interval of cindex over patients. */
  cindexInterval: [number, number];
  cindexFolds: number[];
  /** IPCW integrated Brier score of the out-of-fold survival curves. */
  integratedBrier: number;
  /** Time span (and number of points) the Brier score was integrated over. */
  brierTimes: { from: number; to: number; count: number };
  rows: number;
  events: number;
  features: number;
  folds: number;
  trees: number;
  seed: number;
  minSamplesLeaf: number;
  timePoints: number;
  threads: number;
  fitSeconds: number;
  seconds: number;
  warnings: string[];
  /** --group: the column whose groups each stayed wholly in one fold, how many, and rows without a label; else null. */
  groups: { column: string; count: number; unlabelled: number } | null;
  /** --tune: the leaf size tuned inside each fold on its training rows' out-of-bag patients; null without. */
  tuning: {
    inEachFold: true;
    metric: string;
    folds: SurvivalTuningReport[];
    /** With --group: whether the tuning kept groups together (each fold's groupAware), in words; else null. */
    groups: string | null;
  } | null;
}

/** Options of evaluate that have no survival meaning yet: refused by name rather than silently ignored. */
const NOT_FOR_SURVIVAL = [
  'target',
  'test',
  'repeats',
  'positive',
  'importance',
  'confidence',
  'maf',
  'geno',
  'mind',
  'hwe',
  'class-weight',
];

/** Run the survival evaluation; `start` is when the command started (for `seconds`). */
export async function runSurvivalEvaluate(
  args: ParsedArgs,
  io: CliIo,
  start: number,
): Promise<void> {
  const [file] = args.positionals;
  const time = args.requiredString('time');
  const event = args.requiredString('event');
  refuseClassOnly(args, NOT_FOR_SURVIVAL);
  const tune = survivalTuneFromArgs(args);
  const tuned: SurvivalTuningReport[] = [];
  const folds = args.int('folds', 5, 2);
  const seed = args.int('seed', 1, 0);
  const threads = threadsFromArgs(args);
  const load = await readCohort(file, {
    pheno: args.string('pheno'),
    phenoKey: args.string('pheno-key'),
  });
  const table = load.table;
  const groupColumn = args.string('group');
  if (groupColumn !== undefined && !table.headers.includes(groupColumn)) {
    throw new CliError(`group column "${shortName(groupColumn)}" is not in ${file}`);
  }
  if (groupColumn === time || groupColumn === event) {
    throw new UsageError('--group must name a column other than the --time and --event columns');
  }
  let groups: ReturnType<typeof groupsFromCells> | null = null;
  let params: SurvivalParams;
  let report;
  let data;
  try {
    data = encodeSurvival(table, inferSchema(table), {
      time,
      event,
      eventValue: args.string('event-value'),
    });
    if (groupColumn !== undefined) {
      const c = table.headers.indexOf(groupColumn);
      const rows = data.rowIndex;
      groups = groupsFromCells(Array.from(rows, (r) => cellText(table, c, r)));
    }
    // Every forest setting given is used (min-samples-leaf, max-features, ...), none silently dropped.
    params = survivalParamsFromArgs(args, data.nFeatures);
    const cohort = data;
    const pool = threads > 1 ? createNodePool(threads) : null;
    try {
      const fit = pool
        ? (rows: Int32Array, foldParams: Partial<SurvivalParams>) =>
            trainSurvivalInPool(cohort, foldParams, { pool, rows })
        : fitFoldInThread(cohort);
      report = await evaluateSurvival(
        cohort,
        { folds, params, seed, groups: groups?.groups ?? null },
        tune
          ? tunedFoldFitter(cohort, fit, (r) => tuned.push(r), groups?.groups)
          : pool
            ? // Every fold at once, a whole fold per worker: k folds take about k / workers fold-times.
              survivalFoldsInPool(cohort, { pool })
            : fit,
      );
    } finally {
      pool?.dispose();
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
  const warnings = [...data.warnings];
  if (report.foldNote) warnings.push(report.foldNote);
  const tuningGroups =
    tune && groupColumn !== undefined
      ? survivalTuningGroupWords(
          groupColumn,
          tuned.map((t) => t.groupAware),
        )
      : null;
  // Scores that let relatives flatter small leaves are a caution; scores that kept groups together are not.
  if (tuningGroups !== null && !tuned.every((t) => t.groupAware)) warnings.push(tuningGroups);
  const times = report.brierTimes;
  const result: SurvivalEvaluateResult = {
    file,
    outcomeKind: 'survival',
    mode: 'cross-validation',
    time,
    event,
    eventValue: data.eventValue,
    censoredValues: data.censoredValues,
    cindex: report.cindex,
    cindexInterval: report.cindexInterval,
    cindexFolds: report.cindexFolds,
    integratedBrier: report.integratedBrier,
    brierTimes: { from: times[0], to: times[times.length - 1], count: times.length },
    rows: data.nRows,
    events: data.event.reduce((a, b) => a + b, 0),
    features: data.nFeatures,
    folds: report.folds,
    trees: params.nEstimators,
    seed: params.randomState,
    minSamplesLeaf: params.minSamplesLeaf,
    timePoints: params.maxTimePoints,
    threads,
    fitSeconds: report.fitSeconds,
    seconds: (performance.now() - start) / 1000,
    warnings,
    groups:
      groups && groupColumn !== undefined
        ? { column: groupColumn, count: groups.nGroups, unlabelled: groups.unlabelled }
        : null,
    tuning: tune
      ? {
          inEachFold: true,
          metric:
            "Harrell's C of out-of-bag risk scores (a smaller forest per leaf size, same seed); the base leaf is left only for a C higher by more than two bootstrap standard errors" +
            (groupColumn !== undefined
              ? '; with --group, each patient scored only by trees that drew nobody of their group and whole groups resampled, where the groups are small enough for it (each fold says in groupAware)'
              : ''),
          folds: tuned,
          groups: tuningGroups,
        }
      : null,
  };
  if (args.flag('json')) {
    io.stdout(
      JSON.stringify(
        result,
        (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
        2,
      ) + '\n',
    );
    return;
  }
  const f3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');
  io.stdout(
    [
      `${file}: survival forest, time "${shortName(time)}", event "${shortName(event)}" = ${data.eventValue}`,
      `  Harrell's C (pooled out-of-fold): ${f3(result.cindex)} (95% interval ${f3(result.cindexInterval[0])}-${f3(result.cindexInterval[1])})`,
      `  integrated Brier score: ${f3(result.integratedBrier)} (times ${times[0]} to ${times[times.length - 1]})`,
      `  ${result.rows} patients, ${result.events} events, ${result.features} features, ${result.folds} folds, ${result.trees} trees, fit ${result.fitSeconds.toFixed(1)} s`,
      ...(result.groups
        ? [
            `  each of the ${result.groups.count} groups of "${shortName(result.groups.column)}" kept wholly in one fold`,
          ]
        : []),
      ...(result.tuning
        ? [
            `  min samples leaf tuned on out-of-bag patients inside each fold (its training rows only), chose: ${result.tuning.folds.map((t, i) => `fold ${i + 1}: ${t.chosen}`).join(', ')}`,
          ]
        : []),
      ...(result.tuning?.groups && tuned.every((t) => t.groupAware)
        ? [`  ${result.tuning.groups}`]
        : []),
    ].join('\n') + '\n',
  );
  for (const w of warnings) io.stderr(`genoforest: warning: ${w}\n`);
}
