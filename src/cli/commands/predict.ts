/**
 * `genoforest predict`: probabilities for a CSV of new patients, as the CSV the app's batch export writes. A file
 * with the outcome column is also an external validation (app/predictBatch): one summary line on stderr, and the
 * figures under "externalValidation" with --json.
 */
import { parseCommandArgs } from '../args.ts';
import { CliError } from '../errors.ts';
import { writeTextFile } from '../files.ts';
import { patientFiles } from '../cohortFiles.ts';
import type { CliIo } from '../io.ts';
import { openModel } from '../session.ts';
import { predictSpec } from '../specs.ts';
import type { BatchResult, BatchValidation, Interval } from '../../app/types.ts';

/** Run `genoforest predict`. */
export async function runPredict(argv: string[], io: CliIo): Promise<void> {
  const args = parseCommandArgs(predictSpec, argv);
  const [modelPath, patientsPath] = args.positionals;
  const out = args.string('out');
  const json = args.flag('json');
  const session = await openModel(modelPath, args.string('cohort'), args.string('columns'));
  const files = await patientFiles(patientsPath);
  let batch;
  try {
    // The validation is about the class asked for (refused when the model has no such class), else the default.
    batch = await session.api.predictBatch(files, undefined, undefined, args.string('positive'));
  } catch (error) {
    throw new CliError(`${patientsPath}: ${(error as Error).message}`);
  }
  const csv = batch.csv.endsWith('\n') ? batch.csv : batch.csv + '\r\n';
  if (out !== undefined) writeTextFile(out, csv);
  else if (!json) io.stdout(csv);
  for (const issue of batch.issues) io.stderr(`genoforest: warning: ${issue}\n`);
  if (json) {
    io.stdout(JSON.stringify(predictJson(batch, out ?? null), finiteOrNull, 2) + '\n');
    return;
  }
  if (batch.external) {
    io.stderr(`genoforest: ${validationLine(batch.external)}\n`);
    for (const w of validationWarnings(batch.external)) io.stderr(`genoforest: warning: ${w}\n`);
  }
  if (out !== undefined) io.stdout(`Wrote ${batch.rows.length} predictions to ${out}\n`);
}

function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

/** What --json prints: every row's prediction and, with the outcome column, the external validation. */
function predictJson(batch: BatchResult, out: string | null) {
  const classes = batch.rows[0]?.prediction.classes ?? [];
  return {
    out,
    classes,
    rows: batch.rows.map((r) => ({
      label: r.label,
      actual: r.actual,
      predicted: r.prediction.predictedClass,
      probabilities: Object.fromEntries(classes.map((c, k) => [c, r.prediction.probabilities[k]])),
      ...(r.trainingPatient !== undefined ? { trainingPatient: r.trainingPatient } : {}),
    })),
    externalValidation: batch.external ? validationJson(batch.external) : null,
    warnings: [...batch.issues, ...(batch.external ? validationWarnings(batch.external) : [])],
  };
}

/** The external validation as --json gives it (names as evaluate --json's). */
function validationJson(e: BatchValidation) {
  const v = e.validation;
  const m = v?.metrics;
  const c = v?.calibration ?? null;
  return {
    label: 'external validation',
    patients: v?.n ?? 0,
    trainingPatientsExcluded: e.trainingRows.length,
    // 1-based, as a spreadsheet numbers the file's patients.
    trainingRows: e.trainingRows.map((r) => r + 1),
    fingerprintKnown: e.fingerprintKnown,
    missingOutcome: e.missingOutcome,
    unknownOutcome: e.unknownOutcome,
    positiveClass: v?.positiveClass ?? null,
    auc: m?.auc ?? null,
    aucInterval: m?.intervals?.auc ?? null,
    accuracy: m?.accuracy ?? null,
    accuracyInterval: m?.intervals?.accuracy ?? null,
    balancedAccuracy: m?.balancedAccuracy ?? null,
    balancedAccuracyInterval: m?.intervals?.balancedAccuracy ?? null,
    brier: m?.brier ?? null,
    brierInterval: m?.intervals?.brier ?? null,
    calibrationInTheLarge: c?.inTheLarge ?? null,
    calibrationInTheLargeInterval: c?.inTheLargeInterval ?? null,
    calibrationSlope: c?.slope ?? null,
    calibrationSlopeInterval: c?.slopeInterval ?? null,
    clippedPredictions: c?.clipped ?? null,
    calibration: m?.calibration ?? [],
    beatsChance: v ? v.chance.beatsChance : null,
  };
}

/** The notes of an external validation: what was left out, what cannot be measured, a model no better than chance. */
function validationWarnings(e: BatchValidation): string[] {
  const w: string[] = [];
  if (e.note) w.push(e.note);
  if (e.trainingRows.length > 0 && e.validation) {
    w.push(
      `${e.trainingRows.length} row${e.trainingRows.length === 1 ? ' is a training patient' : 's are training patients'} (by the model's cohort fingerprint): their predictions are in-sample, so they are left out of the external validation.`,
    );
  }
  if (e.missingOutcome > 0)
    w.push(
      `${e.missingOutcome} row(s) without an outcome are left out of the external validation.`,
    );
  if (e.unknownOutcome > 0)
    w.push(
      `${e.unknownOutcome} row(s) with an outcome the model does not know are left out of the external validation.`,
    );
  const c = e.validation?.calibration;
  if (c?.note) w.push(c.note);
  if (c && c.clipped > 0)
    w.push(
      `${c.clipped} prediction(s) of exactly 0 or 1 were taken as ${c.epsilon} or ${1 - c.epsilon} for the calibration fit.`,
    );
  if (e.validation && !e.validation.chance.beatsChance && e.validation.chance.message)
    w.push(e.validation.chance.message);
  return w;
}

function fmt(x: number | undefined | null, digits: number): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

function ci(i: Interval | undefined | null, digits = 3): string {
  return i && i.every(Number.isFinite)
    ? ` (95 % CI ${fmt(i[0], digits)}–${fmt(i[1], digits)})`
    : '';
}

/** One line: the external validation's headline figures. */
function validationLine(e: BatchValidation): string {
  const v = e.validation;
  if (!v) return 'external validation: not possible (see the warning).';
  const m = v.metrics;
  const c = v.calibration;
  const left =
    e.trainingRows.length > 0 ? ` (${e.trainingRows.length} training patients left out)` : '';
  const parts = [
    `AUC ${fmt(m.auc, 3)}${ci(m.intervals?.auc)}`,
    ...(c
      ? [
          `calibration-in-the-large ${fmt(c.inTheLarge, 2)}${ci(c.inTheLargeInterval, 2)}`,
          `calibration slope ${fmt(c.slope, 2)}${ci(c.slopeInterval, 2)}`,
        ]
      : []),
    `Brier ${fmt(m.brier, 3)}${ci(m.intervals?.brier)}`,
  ];
  const of = v.positiveClass ? ` of the probability of "${v.positiveClass}"` : '';
  return `external validation${of} on ${v.n} new patients${left}: ${parts.join(', ')}`;
}
