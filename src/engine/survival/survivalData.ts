/**
 * A table read for a time-to-event outcome: a follow-up time column and an event column whose chosen value means
 * "the event happened" (every other value: censored at that time, e.g. a competing event such as transplant,
 * which is then a cause-specific analysis, said in a warning). Features are encoded exactly as for a classifier
 * (buildEncoding / encodeTable with the event column as the outcome and the time column left out), so a survival
 * model's columns read like any other model's.
 */
import { buildEncoding, encodeTable } from '../data/encode.ts';
import { cellText } from '../data/cells.ts';
import { isMissingCell, parseNumber, shortName } from '../data/values.ts';
import type { ColumnChoice, Encoding, RawTable, TableSchema } from '../data/types.ts';

/** Which columns hold the follow-up, and which event value counts (default: see defaultEventValue). */
export interface SurvivalSetup {
  time: string;
  event: string;
  eventValue?: string;
  /** The user's column kinds and exclusions, as for a classifier (the time column is left out whatever they say). */
  columns?: ColumnChoice[];
}

/** Rows with a usable time and event, their features column-major and their follow-up. */
export interface SurvivalDataset {
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  isCategorical: Uint8Array;
  encoding: Encoding;
  /** Table row of each dataset row (0-based). */
  rowIndex: Int32Array;
  time: Float64Array;
  event: Uint8Array;
  eventValue: string;
  /** Event column values counted as censored (besides the event value). */
  censoredValues: string[];
  warnings: string[];
}

/** Event values that mean the event happened when the user names none, in order of preference. */
const EVENT_WORDS = [
  '1',
  'dead',
  'death',
  'died',
  'deceased',
  'event',
  'yes',
  'true',
  'relapse',
  'recurrence',
  'progression',
];

/** The event value when the user names none: the first class in EVENT_WORDS (case-insensitive), else none. */
export function defaultEventValue(classes: string[]): string | null {
  for (const word of EVENT_WORDS) {
    const hit = classes.find((c) => c.toLowerCase() === word);
    if (hit !== undefined) return hit;
  }
  return null;
}

/** Encode a table for a survival forest; throws a plain-words error when it cannot be used. */
export function encodeSurvival(
  table: RawTable,
  schema: TableSchema,
  setup: SurvivalSetup,
): SurvivalDataset {
  const timeIndex = table.headers.indexOf(setup.time);
  if (timeIndex < 0)
    throw new Error(`The time column "${shortName(setup.time)}" is not in the file`);
  if (!table.headers.includes(setup.event)) {
    throw new Error(`The event column "${shortName(setup.event)}" is not in the file`);
  }
  if (setup.time === setup.event)
    throw new Error('The time and event columns must be different columns');
  const { encoding, summary } = buildEncoding(table, schema, {
    target: setup.event,
    columns: [
      ...(setup.columns ?? []).filter((c) => c.name !== setup.time),
      { name: setup.time, kind: 'numeric', excluded: true },
    ],
  });
  if (summary.classes.length === 0)
    throw new Error(`The event column "${shortName(setup.event)}" has no values`);
  if (summary.errors.length > 0 && summary.classes.length >= 2) throw new Error(summary.errors[0]);
  if (encoding.features.length === 0) {
    throw new Error('No feature columns are left besides the time and event columns');
  }
  const eventValue = setup.eventValue ?? defaultEventValue(summary.classes);
  if (eventValue === null) {
    throw new Error(
      `Which value of "${shortName(setup.event)}" means the event happened? Its values are: ${summary.classes.map(shortName).join(', ')}`,
    );
  }
  return encodeFollowUp(table, schema, encoding, setup.time, eventValue, summary.warnings);
}

/**
 * Encode a table with a survival model's own encoding (features, event column and its values) and its time column
 * and event value, e.g. the training cohort given again to check its fingerprint.
 */
export function encodeSurvivalWith(
  table: RawTable,
  schema: TableSchema,
  encoding: Encoding,
  time: string,
  eventValue: string,
): SurvivalDataset {
  if (!table.headers.includes(time))
    throw new Error(`The time column "${shortName(time)}" is not in the file`);
  return encodeFollowUp(table, schema, encoding, time, eventValue, []);
}

function encodeFollowUp(
  table: RawTable,
  schema: TableSchema,
  encoding: Encoding,
  timeColumn: string,
  eventValue: string,
  encodingWarnings: string[],
): SurvivalDataset {
  const timeIndex = table.headers.indexOf(timeColumn);
  const classes = encoding.classes;
  const eventClass = classes.indexOf(eventValue);
  if (eventClass < 0) {
    throw new Error(
      `"${shortName(eventValue)}" is not a value of "${shortName(encoding.target)}"; its values are: ${classes.map(shortName).join(', ')}`,
    );
  }
  const data = encodeTable(table, encoding);
  const comma = schema.columns.find((c) => c.name === timeColumn)?.comma;
  const keep: number[] = [];
  const times: number[] = [];
  let missingTime = 0;
  for (let i = 0; i < data.nRows; i++) {
    const r = data.rowIndex[i];
    const text = cellText(table, timeIndex, r);
    const t = isMissingCell(text) ? NaN : parseNumber(text, comma);
    if (Number.isNaN(t)) {
      missingTime++;
      continue;
    }
    if (t < 0) throw new Error(`Row ${r + 1} has follow-up time ${text}: times must be 0 or more`);
    keep.push(i);
    times.push(t);
  }
  if (keep.length === 0)
    throw new Error(`The time column "${shortName(timeColumn)}" holds no numbers`);
  const n = keep.length;
  const nf = data.nFeatures;
  const X = new Float32Array(n * nf);
  for (let f = 0; f < nf; f++) {
    for (let k = 0; k < n; k++) X[f * n + k] = data.X[f * data.nRows + keep[k]];
  }
  const event = Uint8Array.from(keep, (i) => (data.y[i] === eventClass ? 1 : 0));
  const warnings = [...encodingWarnings];
  if (data.droppedUnknownClass) {
    warnings.push(
      `${data.droppedUnknownClass} row(s) with an event value the model does not know are left out.`,
    );
  }
  if (missingTime > 0) {
    warnings.push(
      `${missingTime} row${missingTime === 1 ? '' : 's'} without a follow-up time ${missingTime === 1 ? 'is' : 'are'} left out.`,
    );
  }
  const censoredValues = classes.filter((c) => c !== eventValue);
  if (censoredValues.length > 1) {
    warnings.push(
      `"${shortName(encoding.target)}" values ${censoredValues.map((c) => `"${shortName(c)}"`).join(', ')} are all treated as censored: a competing event among them makes this a cause-specific analysis of "${shortName(eventValue)}".`,
    );
  }
  if (!event.includes(1)) throw new Error(`No row has the event ("${shortName(eventValue)}")`);
  return {
    X,
    nRows: n,
    nFeatures: nf,
    isCategorical: Uint8Array.from(encoding.features, (f) => (f.kind === 'categorical' ? 1 : 0)),
    encoding,
    rowIndex: Int32Array.from(keep, (i) => data.rowIndex[i]),
    time: Float64Array.from(times),
    event,
    eventValue,
    censoredValues,
    warnings,
  };
}
