/**
 * Survival models of the committed lung cohort (testdata/lung.csv; source and licence in testdata/README.md) for
 * tests above the app layer (the UI's may not reach the engine): trained here in one thread, cross-validated when
 * asked. Node only (reads the file).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCsvText } from '../engine/data/parse';
import { inferSchema } from '../engine/data/schema';
import {
  trainSurvivalCohort,
  withCrossValidation,
  type HeldSurvival,
  type SurvivalTrainSettings,
} from './survivalCohort';
import { fitFoldInThread, SurvivalCvRun, type SurvivalCvGroups } from './survivalEvaluation';

/** The lung table, with the first `transplants` censored patients' event set to "transplant" (a competing event). */
export function lungTable(transplants = 0) {
  const table = parseCsvText(
    readFileSync(fileURLToPath(new URL('../../testdata/lung.csv', import.meta.url)), 'utf8'),
  );
  const e = table.headers.indexOf('event');
  let left = transplants;
  const column = table.columns[e].map((v) => (v === '0' && left-- > 0 ? 'transplant' : v));
  return { ...table, columns: table.columns.map((c, j) => (j === e ? column : c)) };
}

/**
 * A survival forest trained on lung (time in days, event "1"), and with `folds` its k-fold figures (groups from
 * `groupOf(rowIndex)` when given) as the Evaluate step shows them.
 */
export async function lungSurvival(
  settings: SurvivalTrainSettings,
  options: {
    transplants?: number;
    folds?: number;
    groups?: { column: string; of: (row: number) => number };
  } = {},
): Promise<HeldSurvival> {
  const table = lungTable(options.transplants);
  const choice = { time: 'time', event: 'event', eventValue: '1', unit: 'days' as const };
  const held = trainSurvivalCohort(table, inferSchema(table), choice, settings);
  if (!options.folds) return held;
  const data = held.data!;
  let groups: SurvivalCvGroups | null = null;
  if (options.groups) {
    const index = Int32Array.from(data.rowIndex, options.groups.of);
    groups = {
      index,
      column: options.groups.column,
      count: new Set(index).size,
      unlabelled: 0,
    };
  }
  const run = new SurvivalCvRun(
    data,
    held.forest.params,
    options.folds,
    held.forest.timeGrid,
    groups,
  );
  const fit = fitFoldInThread(data);
  for (let f = 0; f < run.foldPlans.length; f++) {
    const p = run.foldPlans[f];
    run.addFold(f, await fit(p.rows, p.params), 0);
  }
  withCrossValidation(held, run.figures('days', '1'), run.plan.note);
  return held;
}
