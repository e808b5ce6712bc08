/**
 * Noticing time-to-event data offered as a classification: an outcome with a censoring class (censored, alive,
 * lost to follow-up) or named like a vital or censoring status, beside a numeric follow-up time. A classifier
 * then counts "censored" as an outcome of its own and ignores how long each patient was followed.
 */
import type { TableSchema } from './types';
import { shortName } from './values';

/** Class names that say a patient's event was not (yet) seen, compared after lower-casing and trimming. */
const CENSORING_CLASS =
  /^(censored|censor|censoring|alive|living|lost|lost[\s_-]*to[\s_-]*follow[\s_-]*up|ltfu|lfu|event[\s_-]*free|no[\s_-]*event)$/;
/** Outcome column names that are a vital or censoring status by themselves. */
const STATUS_NAME = /censor|vital[\s_-]*status|^(os|pfs|dfs|efs|rfs)[\s_-]*(status|event)$/i;
/** Column names of a follow-up time. */
const TIME_NAME =
  /(^|[\s_.-])(time|futime|fu|follow[\s_.-]*up|followup|survival|surv|days|months|years|weeks|duration|tte)([\s_.-]|$)|^(os|pfs|dfs|efs|rfs)[\s_.-]*(time|days|months|years)?$/i;

/**
 * The warning to show when outcome `target` (with `classes`) looks like time-to-event data, else null: a class
 * like "censored" or "alive", or a name like "vital_status" or "censor", beside a numeric column named like a
 * follow-up time.
 */
export function timeToEventWarning(
  target: string,
  classes: readonly string[],
  schema: TableSchema,
): string | null {
  const censoring = classes.find((c) => CENSORING_CLASS.test(c.trim().toLowerCase()));
  if (censoring === undefined && !STATUS_NAME.test(target)) return null;
  const time = schema.columns.find(
    (c) => c.name !== target && c.kind === 'numeric' && TIME_NAME.test(c.name),
  );
  if (!time) return null;
  const why =
    censoring !== undefined
      ? `has the class “${shortName(censoring)}”`
      : 'is named like a censoring or vital status';
  return `The outcome “${shortName(target)}” ${why} and the table has a follow-up time, “${shortName(time.name)}”: these look like time-to-event (survival) data. A classifier counts censored patients as an outcome of their own and ignores how long each patient was followed (and the follow-up time, used as a feature, can give the outcome away), so its figures can mislead. Analyse them as time to event with a survival model, or choose an outcome fixed at one time point.`;
}
