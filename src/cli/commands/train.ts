/**
 * `genoforest train`: fit a forest on a CSV and save it as the app's .genoforest.json model file, or as an
 * ONNX-ML model when --out ends in .onnx (read back and compared before it is written).
 */
import { trainedModelFilePieces } from '../../app/modelFile.ts';
import path from 'node:path';
import { exportCheckedOnnx, openOnnxModel } from '../../app/onnxModel.ts';
import { isOnnxPath } from '../session.ts';
import { describeModel } from '../../app/modelInfo.ts';
import { modelHash } from '../../app/modelHash.ts';
import { plannedTuning, summarizeTuning, tuningGroupWords } from '../../app/tuneForest.ts';
import { parseCommandArgs } from '../args.ts';
import { writeBytesFile, writeTextPieces } from '../files.ts';
import type { CliIo } from '../io.ts';
import { qcFilterNote, qcFiltersFromArgs } from '../qcFilters.ts';
import { UsageError } from '../errors.ts';
import { trainSpec } from '../specs.ts';
import { runSurvivalTrain } from './trainSurvival.ts';
import { DEFAULT_CONFIDENCE } from '../confidence.ts';
import {
  crossValidateFile,
  cvChoicesFromArgs,
  fileGroups,
  type EvaluateResult,
} from './evaluate.ts';
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
} from '../training.ts';

/** Run `genoforest train`. */
export async function runTrain(argv: string[], io: CliIo): Promise<void> {
  const args = parseCommandArgs(trainSpec, argv);
  if (args.string('time') !== undefined || args.string('event') !== undefined) {
    await runSurvivalTrain(args, io);
    return;
  }
  if (args.string('event-value') !== undefined) {
    throw new UsageError('--event-value goes with --time and --event');
  }
  const [file] = args.positionals;
  const target = args.requiredString('target');
  const out = args.requiredString('out');
  const threads = threadsFromArgs(args);
  // Bad forest settings are refused before any file is read.
  settingsFromArgs(args);
  const tune = tuneFromArgs(args);
  const filters = qcFiltersFromArgs(args);

  // Any cross-validation option asks for the app's evaluation of the model as well.
  const evaluate = ['folds', 'group', 'repeats', 'positive'].some(
    (o) => args.string(o) !== undefined,
  );
  const folds = args.int('folds', 5, 2);

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
  let fitted;
  let evaluation: EvaluateResult | null = null;
  try {
    // Said before the wait, in the app's words (its Train step shows the same sentence).
    if (tune && !args.flag('json')) {
      const rows = loaded.data.nRows;
      io.stderr(`genoforest: ${plannedTuning(params, rows, loaded.data.nFeatures).words}\n`);
    }
    // With --group, the model's own tuning keeps groups too (a relative in the bag flatters small leaves), as
    // evaluate --group's does in each fold.
    const groups =
      choices.group !== undefined ? fileGroups(loaded, choices.group).index : undefined;
    fitted = await trainer.fitTuned(params, tune, undefined, groups);
    if (evaluate) {
      evaluation = await crossValidateFile(
        loaded,
        params,
        trainer,
        folds,
        false,
        choices,
        DEFAULT_CONFIDENCE,
      );
    }
  } finally {
    trainer.dispose();
  }
  const info = describeModel(fitted.forest, loaded.data, fitted.seconds);
  // Saved with the model, so a reopened model shows what was tried (as the app's files do).
  const tuning = fitted.tuning
    ? summarizeTuning(fitted.tuning, fitted.params, loaded.data.nFeatures)
    : null;
  // What the model's tuning did with --group's groups: a warning only when they were too large to keep together.
  const groupWords =
    fitted.tuning && choices.group !== undefined
      ? tuningGroupWords(choices.group, [fitted.tuning.groupAware])
      : null;
  if (groupWords !== null && tuning) tuning.groups = groupWords;
  if (tuning) info.tuning = tuning;
  // The app shows the same hash for this model once the file is opened (printed report, model card): an ONNX file
  // is hashed as the app reads it (float32 thresholds, no out-of-bag data), so opened, it shows this very hash.
  info.modelHash = await modelHash(fitted.forest, info.encoding);
  let bytes: number;
  if (isOnnxPath(out)) {
    const onnx = exportCheckedOnnx(fitted.forest, info, loaded.data);
    const opened = openOnnxModel(onnx, path.basename(out));
    info.modelHash = await modelHash(opened.forest, opened.info.encoding);
    writeBytesFile(out, onnx);
    bytes = onnx.length;
  } else {
    // Written piece by piece: at 300,000 variants the text is ~60 MB, and with its copy on the way to the file it
    // was the command's peak.
    bytes = writeTextPieces(out, trainedModelFilePieces(fitted.forest, info, loaded.data)());
  }

  const summary = {
    model: out,
    format: isOnnxPath(out) ? 'onnx' : 'genoforest-json',
    bytes,
    modelHash: info.modelHash,
    rows: info.nRows,
    features: info.encoding.features.length,
    classes: info.encoding.classes,
    classCounts: info.classCounts,
    trees: info.nTrees,
    seed: params.randomState,
    settings: settingsJson(fitted.params, loaded.data.nFeatures),
    tuning,
    threads,
    fitSeconds: info.fitSeconds,
    oobScore: info.oobScore,
    ...(evaluation ? { evaluation: evaluationSummary(evaluation) } : {}),
    ...(loaded.join ? joinJson(loaded.join) : {}),
    ...(loaded.qc ? { qc: loaded.qc } : {}),
  };
  if (groupWords !== null && !fitted.tuning?.groupAware) {
    io.stderr(`genoforest: warning: ${groupWords}\n`);
  }
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
  const counts = info.encoding.classes.map((c, i) => `${c} ${info.classCounts[i]}`).join(', ');
  io.stdout(
    [
      `Saved ${out} (${(summary.bytes / 1024).toFixed(0)} KiB); model SHA-256 ${info.modelHash}`,
      `  ${info.nTrees} trees on ${info.nRows} rows × ${summary.features} features; classes ${counts}`,
      `  fit ${info.fitSeconds.toFixed(2)} s on ${threads} thread${threads === 1 ? '' : 's'}` +
        (info.oobScore === null ? '' : `; out-of-bag accuracy ${info.oobScore.toFixed(4)}`),
      settingsLine(summary.settings),
      ...(summary.tuning ? tuningLines(summary.tuning) : []),
      `  top features: ${info.importances
        .slice(0, 5)
        .map((f) => f.feature)
        .join(', ')}`,
      ...(evaluation ? [evaluationLine(evaluation)] : []),
      '',
    ].join('\n'),
  );
  for (const w of loaded.summary.warnings) io.stderr(`genoforest: warning: ${w}\n`);
  if (loaded.join) io.stderr(joinNote(loaded.join));
  if (loaded.qc) io.stderr(qcFilterNote(loaded.qc));
}

/** The cross-validated figures train reports with --folds/--group/--repeats/--positive (evaluate's own fields). */
function evaluationSummary(r: EvaluateResult) {
  return {
    folds: r.folds,
    repeats: r.repeats ?? 1,
    auc: r.auc,
    accuracy: r.accuracy,
    balancedAccuracy: r.balancedAccuracy,
    brier: r.brier,
    aucFolds: r.aucFolds,
    ...(r.positiveClass !== undefined ? { positiveClass: r.positiveClass } : {}),
    ...(r.group ? { group: r.group } : {}),
    ...(r.repeatSpread ? { repeatSpread: r.repeatSpread } : {}),
    conformal: r.conformal,
    summary: r.summary,
  };
}

/** One text line of those figures. */
function evaluationLine(r: EvaluateResult): string {
  const split = `${r.folds}-fold${r.repeats && r.repeats > 1 ? ` × ${r.repeats} repeats` : ''}`;
  const how = r.group
    ? `${split}, groups kept together by ${r.group.column} (${r.group.count})`
    : split;
  const positive = r.positiveClass !== undefined ? ` of "${r.positiveClass}"` : '';
  return `  cross-validated (${how}): ROC AUC${positive} ${r.auc.toFixed(4)}, accuracy ${r.accuracy.toFixed(4)}, Brier ${r.brier.toFixed(4)}`;
}
