/**
 * `genoforest explain`: for each patient of a CSV, the probabilities, the interval from the spread of the
 * trees, the warnings, and the features that moved the probability most (exact TreeSHAP), as the app's
 * "Explain" step shows them.
 */
import { cellText } from '../../engine/data/cells.ts';
import { setField } from '../../engine/data/fields.ts';
import type { Contribution, PatientInput, PatientWarning } from '../../worker/api.ts';
import type { SetReading } from '../../app/types.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, UsageError } from '../errors.ts';
import { patientFiles, readCohort } from '../cohortFiles.ts';
import type { CliIo } from '../io.ts';
import { isOnnxPath, openModel } from '../session.ts';
import { explainSpec } from '../specs.ts';
import { confidenceFromArgs } from '../confidence.ts';
import { readTextFile } from '../files.ts';
import { isSurvivalModelText } from '../../app/survivalModelFile.ts';
import { runSurvivalExplain } from './explainSurvival.ts';

const NEEDS_COHORT =
  'explain needs --cohort <reference.csv> for an imported model: ONNX files carry no patient counts per node, so the trees are counted through a local cohort (path-dependent TreeSHAP)';

/** One patient's explanation as printed with --json. */
export interface PatientReport {
  row: number;
  label: string;
  actual: string | null;
  predictedClass: string;
  probabilities: Record<string, number>;
  /** Jackknife standard error of each probability (null without --cohort or without bootstrap). */
  standardErrors: Record<string, { se: number; stable: boolean }> | null;
  /** Outcomes that cannot be ruled out at `confidence` (null without --cohort or without bootstrap). */
  predictionSet: string[] | null;
  /**
   * What the set says, as the app reads it (engine/evaluate/conformal readSet): an empty set is 'empty-between'
   * for a patient like the cohort, 'empty-unlike' only with a familiarity or range warning; null without a set.
   */
  setReading: SetReading | null;
  confidence: number;
  /** True when no outcome is ahead of the others by more than its standard error. */
  tie: boolean;
  /** The trees' spread (mean ± one standard deviation of the trees), secondary detail. */
  intervals: Record<string, { low: number; high: number }>;
  /** 0..1 familiarity to the training cohort; null without --cohort. */
  familiarity: number | null;
  warnings: PatientWarning[];
  missingFields: string[];
  /** Class whose probability the contributions are shown for in text (binary: the second class). */
  explainedClass: string;
  baseValues: Record<string, number>;
  /** Which TreeSHAP was used (imported models: covers counted from the reference cohort). */
  method: string;
  /** Top contributions, largest absolute SHAP value (over classes) first. */
  contributions: { feature: string; value: string; shap: Record<string, number> }[];
}

/** Run `genoforest explain`. */
export async function runExplain(argv: string[], io: CliIo): Promise<void> {
  const args = parseCommandArgs(explainSpec, argv);
  const [modelPath, patientsPath] = args.positionals;
  if (!isOnnxPath(modelPath)) {
    const text = readTextFile(modelPath, 'model file');
    if (isSurvivalModelText(text)) {
      await runSurvivalExplain(args, text, io);
      return;
    }
  }
  if (args.string('horizon') !== undefined) {
    throw new UsageError('--horizon is a time for a survival model; this model predicts classes');
  }
  const top = args.int('top', 10);
  const confidence = confidenceFromArgs(args);
  const cohortPath = args.string('cohort');
  if (isOnnxPath(modelPath) && cohortPath === undefined) throw new CliError(NEEDS_COHORT);
  const { api, info, hasCohort, imported } = await openModel(
    modelPath,
    cohortPath,
    args.string('columns'),
  );
  if (imported && !hasCohort) throw new CliError(NEEDS_COHORT);
  const files = await patientFiles(patientsPath);
  const { table } = await readCohort(patientsPath, { what: 'patients file' });
  let batch;
  try {
    batch = await api.predictBatch(files);
  } catch (error) {
    throw new CliError(`${patientsPath}: ${(error as Error).message}`);
  }
  const { classes, features } = info.encoding;
  const byClass = <T>(values: T[]): Record<string, T> =>
    Object.fromEntries(classes.map((c, k) => [c, values[k]]));
  const reports: PatientReport[] = [];
  for (const row of batch.rows) {
    const patient: PatientInput = {};
    for (const f of features) {
      const c = table.headers.indexOf(f.name);
      setField(patient, f.name, c >= 0 ? cellText(table, c, row.index) : null);
    }
    const explanation = await api.explain(patient);
    if (explanation.unavailable) throw new CliError(explanation.unavailable);
    // The single-patient predict adds the set, the standard errors and the tie check to the batch's figures.
    const p = { ...row.prediction, ...(await api.predict(patient, { confidence })) };
    const explained = classes.length === 2 ? 1 : classes.indexOf(p.predictedClass);
    const contributions = explanation.contributions
      .slice(0, top)
      .map((c: Contribution) => ({ feature: c.feature, value: c.value, shap: byClass(c.shap) }));
    reports.push({
      row: row.index + 1,
      label: row.label,
      actual: row.actual,
      predictedClass: p.predictedClass,
      probabilities: byClass(p.probabilities),
      standardErrors: p.standardErrors ? byClass(p.standardErrors) : null,
      predictionSet: p.predictionSet ?? null,
      setReading: p.setReading ?? null,
      confidence,
      tie: p.tie?.tie ?? false,
      intervals: byClass(p.intervals),
      familiarity: hasCohort ? p.familiarity : null,
      warnings: p.warnings,
      missingFields: p.missingFields,
      explainedClass: classes[explained],
      baseValues: byClass(explanation.baseValues),
      method:
        explanation.method ??
        'Path-dependent TreeSHAP with the training covers stored in the model.',
      contributions,
    });
  }
  if (args.flag('json')) {
    io.stdout(
      JSON.stringify(
        {
          model: modelPath,
          // As the app's printed report and model card show it for this model (app/modelHash).
          modelHash: info.modelHash ?? null,
          patients: patientsPath,
          classes,
          issues: batch.issues,
          rows: reports,
        },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  for (const issue of batch.issues) io.stderr(`genoforest: warning: ${issue}\n`);
  io.stdout(reports.map(formatPatient).join('\n'));
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : 'n/a';
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;
}

/** Why a set is empty, by its reading: only a patient flagged unlike the cohort is called so. */
const EMPTY_SET_WORDS: Record<string, string> = {
  'empty-between': ' (between the outcomes at this confidence; the patient looks like the cohort)',
  'empty-unlike': ' (the patient is unlike the cohort: see the warnings)',
  'empty-unjudged': ' (whether the patient is unlike the cohort cannot be judged)',
};

/** One patient as text. */
function formatPatient(r: PatientReport): string {
  const lines: string[] = [];
  lines.push(`${r.label} (row ${r.row})${r.actual === null ? '' : `, actual: ${r.actual}`}`);
  lines.push(
    r.tie
      ? `  no outcome is ahead of the others by more than its standard error (a tie)`
      : `  most likely: ${r.predictedClass}`,
  );
  for (const [c, p] of Object.entries(r.probabilities)) {
    const se = r.standardErrors?.[c];
    const seText = !se
      ? ''
      : se.stable
        ? `   standard error ${(se.se * 100).toFixed(1)} percentage points`
        : '   standard error: more trees needed';
    lines.push(`  P(${c}) = ${pct(p)}${seText}`);
  }
  const pc = `${Math.round(r.confidence * 1000) / 10} %`;
  lines.push(
    r.predictionSet === null
      ? `  prediction set: not available (give --cohort <train.csv>)`
      : `  prediction set at ${pc} confidence: {${r.predictionSet.join(', ')}}${EMPTY_SET_WORDS[r.setReading ?? ''] ?? ''}`,
  );
  lines.push(
    r.familiarity === null
      ? '  familiarity: not measured (give --cohort <train.csv>)'
      : `  familiarity to the training cohort: ${r.familiarity.toFixed(2)} (1 = as typical as its own patients)`,
  );
  for (const w of r.warnings) lines.push(`  warning: ${w.message}`);
  const k = r.explainedClass;
  lines.push(
    `  why P(${k}) is ${pct(r.probabilities[k])} rather than the cohort average ${pct(r.baseValues[k])} (TreeSHAP, percentage points):`,
  );
  const width = Math.max(0, ...r.contributions.map((c) => `${c.feature} = ${c.value}`.length));
  lines.push(`    method: ${r.method}`);
  for (const c of r.contributions) {
    lines.push(`    ${`${c.feature} = ${c.value}`.padEnd(width)}  ${signed(c.shap[k])}`);
  }
  return lines.join('\n') + '\n';
}
