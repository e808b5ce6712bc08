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

/** Time units a follow-up can be given in. */
export type TimeUnit = 'days' | 'weeks' | 'months' | 'years';

/** A guess at a table's time-to-event columns, for the user to confirm or change. */
export interface TimeToEventProposal {
  time: string;
  event: string;
  /** The value meaning "the event happened", when one can be guessed (else the user names it). */
  eventValue: string | null;
  /** The unit the time column's name gives, else null (the user must say it). */
  unit: TimeUnit | null;
}

/** Event column names: a status, an event, death or a recurrence, or a censoring indicator. */
const EVENT_NAME =
  /(^|[\s_.-])(event|status|dead|death|died|deceased|censor|censored|censoring|relapse|recurrence|progression|fustat|cens)([\s_.-]|$)|vital[\s_-]*status|^(os|pfs|dfs|efs|rfs)[\s_.-]*(status|event)$/i;

/** Event values that mean the event happened (the first found is proposed), lower-cased. */
const EVENT_VALUES = ['1', 'dead', 'death', 'died', 'deceased', 'event', 'yes', 'true', 'relapse'];

/** The unit a follow-up column's name says, else null. */
export function unitFromName(name: string): TimeUnit | null {
  const n = name.toLowerCase();
  if (/day|(^|[\s_.-])d([\s_.-]|$)/.test(n)) return 'days';
  if (/week|(^|[\s_.-])wk?s?([\s_.-]|$)/.test(n)) return 'weeks';
  if (/month|(^|[\s_.-])mo?s?([\s_.-]|$)/.test(n)) return 'months';
  if (/year|(^|[\s_.-])y(r|rs)?([\s_.-]|$)/.test(n)) return 'years';
  return null;
}

/**
 * The time and event columns a table seems to hold, or null: a numeric column named like a follow-up time with no
 * negative value, and a column of two to four values named like a status or event, or holding a censoring word
 * (censored, alive, lost to follow-up).
 */
export function proposeTimeToEvent(schema: TableSchema): TimeToEventProposal | null {
  const time = schema.columns.find(
    (c) =>
      c.kind === 'numeric' &&
      TIME_NAME.test(c.name) &&
      c.min !== undefined &&
      c.min >= 0 &&
      c.distinct > 2,
  );
  if (!time) return null;
  const values = (c: (typeof schema.columns)[number]): string[] | null => {
    if (c.levels) return c.levels.map((l) => l.value);
    // A numeric status is coded 0/1 (1 the event) or 1/2 (R's survival: 2 the event).
    if (c.kind === 'numeric' && c.distinct === 2 && c.min !== undefined && c.max !== undefined) {
      return [String(c.min), String(c.max)];
    }
    return null;
  };
  for (const c of schema.columns) {
    if (c.name === time.name || c.distinct < 2 || c.distinct > 4) continue;
    const v = values(c);
    if (!v) continue;
    const censoring = v.some((x) => CENSORING_CLASS.test(x.trim().toLowerCase()));
    if (!censoring && !EVENT_NAME.test(c.name)) continue;
    let eventValue: string | null =
      v.length === 2 && v[0] === '1' && v[1] === '2' && !c.levels ? '2' : null;
    for (const word of eventValue === null ? EVENT_VALUES : []) {
      const hit = v.find((x) => x.trim().toLowerCase() === word);
      if (hit !== undefined) {
        eventValue = hit;
        break;
      }
    }
    return { time: time.name, event: c.name, eventValue, unit: unitFromName(time.name) };
  }
  return null;
}
