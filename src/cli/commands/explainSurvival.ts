/**
 * `genoforest explain model.json PATIENTS [--cohort TRAIN] [--horizon T] [--top N] [--json]` for a survival model:
 * each patient's survival curve (app/survivalPredict.ts), at the horizon "about N out of 100 patients like this one
 * would be event-free" with the pointwise 95 % band the app draws (the trees' bootstrap samples replayed from the
 * file's seed and row count), and the features that raised or lowered the risk most (TreeSHAP, --top of them; at the
 * horizon, of the cumulative hazard there). The patients file needs only the model's feature columns. --cohort must be
 * the training cohort (checked by the model's fingerprint of features, event and time); it adds the cohort's
 * Kaplan–Meier curve.
 */
import { survivalModelHash } from '../../app/modelHash.ts';
import { parseSurvivalModelFile } from '../../app/survivalModelFile.ts';
import { predictSurvivalTable, type SurvivalPatient } from '../../app/survivalPredict.ts';
import { shortName } from '../../engine/data/values.ts';
import type { ParsedArgs } from '../args.ts';
import { CliError, UsageError } from '../errors.ts';
import { readCohort } from '../cohortFiles.ts';
import type { CliIo } from '../io.ts';

/** Options of explain that have no survival meaning yet (prediction sets, imported columns). */
const NOT_FOR_SURVIVAL = ['confidence', 'columns'];

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
  const top = args.int('top', 10);
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
    result = predictSurvivalTable(model, table, {
      horizon,
      cohort,
      contributions: true,
      band: true,
    });
  } catch (error) {
    throw new CliError(`${patientsPath}: ${(error as Error).message}`);
  }
  const { info } = model;
  for (const r of result.rows) {
    r.contributions = r.contributions?.slice(0, top);
    if (r.horizonContributions) {
      r.horizonContributions.contributions = r.horizonContributions.contributions.slice(0, top);
    }
  }
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
          // As `train --json` and the app's printed report give it for this model (app/modelHash).
          modelHash: await survivalModelHash(model.forest, info.encoding, info),
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

/** A contribution or risk with four significant digits. */
function fmt(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(4))) : 'n/a';
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
    if (r.band) {
      lines.push(
        `  allowing for the model's uncertainty (95 % band): between about ${Math.round(r.band.lower * 100)} and ${Math.round(r.band.upper * 100)} out of 100${r.band.monteCarloShare > 0.5 ? '; most of that width is the Monte Carlo error of too few trees (see --json band.method)' : ''}`,
      );
    } else if (r.bandReason) lines.push(`  ${r.bandReason}`);
  }
  const m = medianTime(r);
  lines.push(
    m === null
      ? `  median time to the event: not reached within follow-up`
      : `  median time to the event: ${m} (${shortName(time)})`,
  );
  if (r.missingFields.length > 0) lines.push(`  unknown: ${r.missingFields.join(', ')}`);
  const h = r.horizonContributions;
  const shown = h ? h.contributions : (r.contributions ?? []);
  if (shown.length > 0) {
    lines.push(
      h
        ? `  what moved survival at ${h.time} most (TreeSHAP on the cumulative hazard; × survival factor):`
        : `  what moved the risk most (TreeSHAP; risk ${fmt(r.risk)}, cohort-expected ${fmt(r.expectedRisk ?? NaN)}):`,
    );
    const width = Math.max(0, ...shown.map((c) => `${c.feature} = ${c.value}`.length));
    for (const c of shown) {
      const label = `${c.feature} = ${c.value}`.padEnd(width);
      const sign = c.shap >= 0 ? '+' : '−';
      const factor = 'factor' in c ? `  × ${(c.factor as number).toFixed(3)}` : '';
      lines.push(`    ${label}  ${sign}${fmt(Math.abs(c.shap))}${factor}`);
    }
  }
  return lines.join('\n') + '\n';
}
