/**
 * `genoforest train FILE --time COL --event COL [--event-value V] --out model.json`: a random survival forest
 * (engine/forest/survivalForest) on every usable row, saved as a survival model file (app/survivalModelFile.ts,
 * version 4) that `genoforest explain` opens. Grown on a pool of --threads workers (default: all cores; 1 grows in
 * this process), the same model for a seed either way. Forest settings keep their scikit-learn meanings; options
 * without a survival meaning are refused by name rather than ignored.
 */
import { inferSchema } from '../../engine/data/schema.ts';
import { shortName } from '../../engine/data/values.ts';
import { fitSurvivalForest } from '../../engine/forest/survivalForest.ts';
import {
  DEFAULT_SURVIVAL_PARAMS,
  validateSurvivalParams,
  type SurvivalParams,
} from '../../engine/forest/survivalParams.ts';
import { resolveMaxFeatures } from '../../engine/forest/params.ts';
import { encodeSurvival } from '../../engine/survival/survivalData.ts';
import { describeSurvivalModel, exportSurvivalModelFile } from '../../app/survivalModelFile.ts';
import { survivalModelHash } from '../../app/modelHash.ts';
import type { ParsedArgs } from '../args.ts';
import { CliError, UsageError } from '../errors.ts';
import { readCohort } from '../cohortFiles.ts';
import { writeTextFile } from '../files.ts';
import type { CliIo } from '../io.ts';
import { parseMaxFeatures, threadsFromArgs } from '../training.ts';
import { createNodePool, trainSurvivalInPool } from '../../worker/node.ts';
import { tuneSurvivalLeaf, type SurvivalTuningReport } from '../../engine/forest/survivalTune.ts';

/** Options of train with no survival meaning yet. */
const NOT_FOR_SURVIVAL = ['target', 'class-weight', 'folds', 'group', 'repeats', 'positive'];

/** The survival forest's settings from the command line (leaves of at least 15 patients unless given). */
export function survivalParamsFromArgs(args: ParsedArgs, nFeatures: number): SurvivalParams {
  const maxFeatures = args.string('max-features');
  const d = DEFAULT_SURVIVAL_PARAMS;
  const params: Partial<SurvivalParams> = {
    nEstimators: args.int('trees', d.nEstimators),
    randomState: args.int('seed', 1, 0),
    maxFeatures: maxFeatures === undefined ? d.maxFeatures : parseMaxFeatures(maxFeatures),
    maxDepth: args.string('max-depth') === undefined ? null : args.int('max-depth', 1, 1),
    minSamplesLeaf: args.int('min-samples-leaf', d.minSamplesLeaf, 1),
    minSamplesSplit: args.int('min-samples-split', d.minSamplesSplit, 2),
    bootstrap: !args.flag('no-bootstrap'),
  };
  const m = params.maxFeatures;
  if (typeof m === 'number' && Number.isInteger(m) && m > nFeatures) {
    throw new UsageError(
      `--max-features ${m} is more features than the table has (${nFeatures}); give at most ${nFeatures}, or a fraction`,
    );
  }
  try {
    return validateSurvivalParams(params, nFeatures);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** --tune (or --no-tune) for a survival forest: tunes the leaf size, so it refuses a fixed leaf or no bootstrap. */
export function survivalTuneFromArgs(args: ParsedArgs): boolean {
  if (args.flag('tune') && args.flag('no-tune'))
    throw new UsageError('give --tune or --no-tune, not both');
  const tune = args.flag('tune');
  if (tune && args.string('min-samples-leaf') !== undefined) {
    throw new UsageError(
      '--tune chooses --min-samples-leaf itself; give --min-samples-leaf without --tune to fix it',
    );
  }
  if (tune && args.flag('no-bootstrap')) {
    throw new UsageError(
      '--tune scores leaf sizes on out-of-bag patients, which --no-bootstrap leaves none of; give one or the other',
    );
  }
  return tune;
}

/** Refuses, by name, options given with --time/--event that have no survival meaning yet. */
export function refuseClassOnly(args: ParsedArgs, names: string[]): void {
  for (const name of names) {
    if (args.string(name) !== undefined || args.flag(name)) {
      throw new UsageError(
        `--${name} is not available with --time/--event (a time-to-event outcome) yet`,
      );
    }
  }
}

/** Run `genoforest train` for a time-to-event outcome. */
export async function runSurvivalTrain(args: ParsedArgs, io: CliIo): Promise<void> {
  const [file] = args.positionals;
  const time = args.requiredString('time');
  const event = args.requiredString('event');
  const out = args.requiredString('out');
  refuseClassOnly(args, NOT_FOR_SURVIVAL);
  if (/\.onnx$/i.test(out)) {
    throw new UsageError(
      'a survival forest cannot be written as ONNX (ONNX-ML has no survival trees): give --out model.genoforest.json',
    );
  }
  const tune = survivalTuneFromArgs(args);
  const threads = threadsFromArgs(args);
  const load = await readCohort(file, {
    pheno: args.string('pheno'),
    phenoKey: args.string('pheno-key'),
  });
  let data;
  let params: SurvivalParams;
  let forest;
  let seconds: number;
  let tuning: SurvivalTuningReport | null = null;
  try {
    data = encodeSurvival(load.table, inferSchema(load.table), {
      time,
      event,
      eventValue: args.string('event-value'),
    });
    params = survivalParamsFromArgs(args, data.nFeatures);
    const cohort = data;
    const pool = threads > 1 ? createNodePool(threads) : null;
    try {
      const grow = async (p: SurvivalParams) =>
        pool
          ? trainSurvivalInPool(cohort, p, { pool })
          : fitSurvivalForest(
              cohort.X,
              cohort.nRows,
              cohort.nFeatures,
              cohort.isCategorical,
              cohort.time,
              cohort.event,
              p,
            );
      if (tune) {
        const tuned = await tuneSurvivalLeaf(cohort, params, grow);
        params = tuned.params;
        tuning = tuned.report;
      }
      const start = performance.now();
      forest = await grow(params);
      seconds = (performance.now() - start) / 1000;
    } finally {
      pool?.dispose();
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file}: ${(error as Error).message}`);
  }
  const info = {
    ...describeSurvivalModel(forest, data, time, seconds),
    ...(tuning ? { tuning } : {}),
  };
  const text = exportSurvivalModelFile(forest, info, data);
  writeTextFile(out, text);
  // The app's printed survival report shows the first 12 digits of this hash once the file is opened there.
  const hash = await survivalModelHash(forest, info.encoding, {
    time,
    eventValue: info.eventValue,
  });
  const summary = {
    model: out,
    format: 'genoforest-json',
    outcomeKind: 'survival' as const,
    bytes: Buffer.byteLength(text),
    time,
    event,
    eventValue: info.eventValue,
    censoredValues: info.censoredValues,
    rows: info.nRows,
    events: info.events,
    features: data.nFeatures,
    maxFollowUp: info.maxFollowUp,
    timePoints: info.timePoints,
    trees: info.nTrees,
    seed: params.randomState,
    settings: {
      nEstimators: params.nEstimators,
      maxFeatures: params.maxFeatures,
      featuresPerSplit: resolveMaxFeatures(params.maxFeatures, data.nFeatures),
      maxDepth: params.maxDepth,
      minSamplesLeaf: params.minSamplesLeaf,
      minSamplesSplit: params.minSamplesSplit,
      bootstrap: params.bootstrap,
      randomState: params.randomState,
      maxTimePoints: params.maxTimePoints,
    },
    threads,
    fitSeconds: seconds,
    /** Harrell's C of the out-of-bag risk scores (null without bootstrap). */
    oobCindex: info.oobCindex,
    modelHash: hash,
    /** --tune: the leaf sizes tried on out-of-bag patients, their C and the one chosen (saved in the model file). */
    tuning,
    warnings: data.warnings,
  };
  if (args.flag('json')) {
    io.stdout(
      JSON.stringify(
        summary,
        (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
        2,
      ) + '\n',
    );
    return;
  }
  io.stdout(
    [
      `Saved ${out} (${(summary.bytes / 1024).toFixed(0)} KiB): survival forest, time "${shortName(time)}", event "${shortName(event)}" = ${info.eventValue}`,
      `  ${info.nTrees} trees on ${info.nRows} rows (${info.events} events) × ${data.nFeatures} features, ${info.timePoints} time points, leaves of at least ${params.minSamplesLeaf}`,
      `  fit ${seconds.toFixed(2)} s on ${threads} thread${threads === 1 ? '' : 's'}` +
        (info.oobCindex === null ? '' : `; out-of-bag Harrell's C ${info.oobCindex.toFixed(3)}`),
      `  top features: ${info.importances
        .slice(0, 5)
        .map((f) => f.feature)
        .join(', ')}`,
      ...(tuning
        ? [
            `  min samples leaf tuned on out-of-bag patients: ${tuning.candidates.map((c) => `${c.minSamplesLeaf} (C ${Number.isFinite(c.cindex) ? c.cindex.toFixed(3) : 'n/a'})`).join(', ')}; chose ${tuning.chosen}`,
          ]
        : []),
      `  model SHA-256 ${hash}`,
      '',
    ].join('\n'),
  );
  for (const w of data.warnings) io.stderr(`genoforest: warning: ${w}\n`);
}
