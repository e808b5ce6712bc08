/**
 * `genoforest explain model.json PATIENTS [--cohort TRAIN] [--horizon T] [--json]` for a survival model: each
 * patient's survival curve (app/survivalPredict.ts) and, at the horizon, "about N out of 100 patients like this one
 * would be event-free". The patients file needs only the model's feature columns. --cohort must be the training
 * cohort (checked by the model's fingerprint of features, event and time); it adds the cohort's Kaplan–Meier curve.
 */
import { parseSurvivalModelFile } from '../../app/survivalModelFile.ts';
import { predictSurvivalTable, type SurvivalPatient } from '../../app/survivalPredict.ts';
import { shortName } from '../../engine/data/values.ts';
import type { ParsedArgs } from '../args.ts';
import { CliError, UsageError } from '../errors.ts';
import { readCohort } from '../cohortFiles.ts';
import type { CliIo } from '../io.ts';

/** Options of explain that have no survival meaning yet (TreeSHAP, prediction sets, imported columns). */
const NOT_FOR_SURVIVAL = ['top', 'confidence', 'columns'];

/** Parses --horizon: a time of 0 or more in the units of the model's time column. */
function horizonFromArgs(args: ParsedArgs): number | undefined {
  const raw = args.string('horizon');
  if (raw === undefined) return undefined;
  const h = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(h) || h < 0) {
    throw new UsageError(`--horizon must be a time of 0 or more, got "${raw}"`);
  }
  return h;
}

/** Run explain on a survival model whose file text is `modelText`. */
export async function runSurvivalExplain(
  args: ParsedArgs,
  modelText: string,
  io: CliIo,
): Promise<void> {
  const [modelPath, patientsPath] = args.positionals;
  for (const name of NOT_FOR_SURVIVAL) {
    if (args.string(name) !== undefined) {
      throw new UsageError(`--${name} is not available for a survival model yet`);
    }
  }
  const horizon = horizonFromArgs(args);
  let model;
  try {
    model = parseSurvivalModelFile(modelText);
  } catch (error) {
    throw new CliError(`${modelPath}: ${(error as Error).message}`);
  }
  const { table } = await readCohort(patientsPath, { what: 'patients file' });
  const cohortPath = args.string('cohort');
  const cohort =
    cohortPath === undefined
      ? undefined
      : { table: (await readCohort(cohortPath, { what: 'cohort file' })).table, name: cohortPath };
  let result;
  try {
    result = predictSurvivalTable(model, table, { horizon, cohort });
  } catch (error) {
    throw new CliError(`${patientsPath}: ${(error as Error).message}`);
  }
  const { info } = model;
  if (args.flag('json')) {
    io.stdout(
      JSON.stringify(
        {
          model: modelPath,
          patients: patientsPath,
          outcomeKind: 'survival',
          time: info.time,
          event: info.event,
          eventValue: info.eventValue,
          horizon: horizon ?? null,
          cohortSurvival: result.cohortSurvival,
          issues: result.issues,
          rows: result.rows,
        },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  for (const issue of result.issues) io.stderr(`genoforest: warning: ${issue}\n`);
  const what = `"${shortName(info.event)}" = ${shortName(info.eventValue)}`;
  io.stdout(result.rows.map((r) => formatPatient(r, info.time, what)).join('\n'));
}

/** The first time the curve is at or below one half, or null when it never is (median not reached). */
function medianTime(r: SurvivalPatient): number | null {
  const j = r.survival.probabilities.findIndex((p) => p <= 0.5);
  return j < 0 ? null : r.survival.times[j];
}

/** One patient as text; `what` names the event ("status" = dead). */
function formatPatient(r: SurvivalPatient, time: string, what: string): string {
  const lines = [r.label === `Row ${r.row}` ? r.label : `${r.label} (row ${r.row})`];
  if (r.survivalAt) {
    const n = Math.round(r.survivalAt.probability * 100);
    lines.push(
      `  at ${shortName(time)} = ${r.survivalAt.time}: about ${n} out of 100 patients like this one would not yet have had the event (${what}): ${(r.survivalAt.probability * 100).toFixed(1)} %`,
    );
  }
  const m = medianTime(r);
  lines.push(
    m === null
      ? `  median time to the event: not reached within follow-up`
      : `  median time to the event: ${m} (${shortName(time)})`,
  );
  if (r.missingFields.length > 0) lines.push(`  unknown: ${r.missingFields.join(', ')}`);
  return lines.join('\n') + '\n';
}
