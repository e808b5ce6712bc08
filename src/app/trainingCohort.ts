/**
 * The one place that decides whether a table is a model's training cohort: by the fingerprint the model carries
 * (engine/data/cohortIdentity), never by shape. Everything that pairs stored per-row figures (out-of-bag
 * probabilities, in-bag counts) with rows gets the cohort from here, already in training order, or gets none and
 * a note saying why.
 */
import { matchCohort, type CohortFingerprint } from '../engine/data/cohortIdentity';
import type { EncodedCohort } from '../engine/data/types';
import { takeRows } from '../engine/forest/featureColumns';
import type { TrainingCohortStatus } from './types';

/** What needs the training rows, for the notes. */
const NEEDS =
  'prediction sets, standard errors and familiarity need the patients the model was trained on';

/** The note shown when the training cohort is not loaded. */
export const NOT_LOADED_NOTE = `Not available: load this model's training cohort (${NEEDS}).`;

/** The note for a model file that predates cohort fingerprints. */
export const UNKNOWN_NOTE = `Not available: this model file was saved before GenoForest recorded which cohort a model was trained on, so no loaded table can be confirmed as its training cohort (${NEEDS}). Train the model again and save it to get them.`;

/** The note for a loaded table that is not the training cohort. */
export function otherCohortNote(reason: string): string {
  return `Not available: the loaded table is not this model's training cohort (${reason}); ${NEEDS}. Load the training cohort.`;
}

/** Rows of an encoded table gathered into the order given (row i of the result = row order[i]). */
export function gatherRows(data: EncodedCohort, order: Int32Array): EncodedCohort {
  const n = order.length;
  const X = takeRows(data.X, order);
  const y = new Uint8Array(n);
  const rowIndex = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = data.y[order[i]];
    rowIndex[i] = data.rowIndex[order[i]];
  }
  return { ...data, X, y, rowIndex, nRows: n };
}

/**
 * The training cohort of an opened model from a loaded table encoded with the model's encoding (null: none loaded
 * or without the model's columns): the table in training order when its fingerprint matches, else null with the
 * reason.
 */
export function attachTrainingCohort(
  identity: CohortFingerprint | null,
  data: EncodedCohort | null,
): { cohort: EncodedCohort | null; status: TrainingCohortStatus } {
  if (!identity) return { cohort: null, status: { status: 'unknown', note: UNKNOWN_NOTE } };
  if (!data) return { cohort: null, status: { status: 'not-loaded', note: NOT_LOADED_NOTE } };
  const match = matchCohort(identity, data.X, data.y, data.nRows, data.nFeatures);
  if (match.kind === 'other') {
    return { cohort: null, status: { status: 'other', note: otherCohortNote(match.reason) } };
  }
  if (match.order === 'same') return { cohort: data, status: { status: 'loaded', note: null } };
  return {
    cohort: gatherRows(data, match.trainingOrder),
    status: { status: 'reordered', note: null },
  };
}
