/**
 * The identity of a training cohort: a fingerprint of every training row (its encoded feature values and its
 * outcome) and of the table as a whole, in row order. A model carries it, so "is this loaded table the cohort the
 * model learned from, and which of its rows is training row i?" has one answer, computed here, instead of a guess
 * by shape (same columns, same row count). Out-of-bag probabilities, in-bag counts, prediction sets and jackknife
 * errors are paired with rows only through that answer.
 *
 * A time-to-event cohort's outcome is its event (0/1, as the class index) and its follow-up time, both hashed: the
 * same patients with other follow-up (a later data cut) are another cohort.
 *
 * The row hash is 64 bits (two independent 32-bit multiply–xorshift lanes over the float32 bits of each encoded
 * value and the class index): not cryptographic, but two different patients colliding among a million rows has a
 * probability near 3e-8, and the table hash covers the row count, the column count and every row hash in order.
 */

import { isFeatureColumns, type FeatureColumns } from '../forest/featureColumns';

/** A training cohort's fingerprint: two 32-bit lanes per row, and one 64-bit hash of the table in row order. */
export interface CohortFingerprint {
  nRows: number;
  nFeatures: number;
  /** 16 hex digits: the table (row count, column count, every row hash in order). */
  table: string;
  /** rows[2 r], rows[2 r + 1]: the hash of row r. */
  rows: Uint32Array;
}

/** How a candidate table relates to a model's training cohort. */
export type CohortMatch =
  | {
      kind: 'training';
      /** 'same': row for row the training table; 'reordered': the same patients in another order. */
      order: 'same' | 'reordered';
      /** For each training row i, the candidate's row holding that patient. */
      trainingOrder: Int32Array;
    }
  | {
      kind: 'other';
      /** Plain words: why this is not the training cohort. */
      reason: string;
      /** Candidate rows that are training patients. */
      matchedRows: number;
      /** Candidate rows that are not. */
      otherRows: number;
      /** Training patients not in the candidate. */
      missingTrainingRows: number;
    };

const CANONICAL_NAN = 0x7fc00000;
/** The float32 bits of each 2-bit genotype code's value (0, 1, 2, missing): packed columns hash as their floats. */
const CODE_BITS = Int32Array.of(0, 0x3f800000, 0x40000000, CANONICAL_NAN);
const timeView = new DataView(new ArrayBuffer(8));

function mixA(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x9e3779b1);
  return h ^ (h >>> 15);
}

function mixB(h: number, v: number): number {
  h = Math.imul(h ^ v, 0x85ebca77);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae3d);
  return h ^ (h >>> 16);
}

function finish(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The 64-bit hash of every row of a column-major float32 table (X[f * nRows + r], NaN missing) or of feature
 * columns (packed genotypes hashed as their float values: the same hashes) with its class index (and its follow-up
 * time when given): two lanes per row. Columns are walked in memory order, so hashing costs one pass over X.
 */
export function rowHashes(
  X: Float32Array | FeatureColumns,
  y: ArrayLike<number>,
  nRows: number,
  nFeatures: number,
  time?: Float64Array,
): Uint32Array {
  if (time && time.length !== nRows) throw new Error('The follow-up times do not match the rows.');
  const columns = isFeatureColumns(X) ? X : null;
  if (
    columns
      ? columns.nRows !== nRows || columns.nFeatures < nFeatures
      : (X as Float32Array).length < nRows * nFeatures
  )
    throw new Error('The table is smaller than its stated shape.');
  const dense = columns ? columns.dense : (X as Float32Array);
  const a = new Int32Array(nRows).fill(0x2545f491);
  const b = new Int32Array(nRows).fill(0x6b43a9b5);
  const bits = new Uint32Array(dense.buffer, dense.byteOffset, dense.length);
  for (let f = 0; f < nFeatures; f++) {
    const po = columns ? columns.packOff[f] : -1;
    if (po >= 0) {
      const packed = (columns as FeatureColumns).packed;
      for (let r = 0; r < nRows; r++) {
        const v = CODE_BITS[(packed[po + (r >>> 2)] >>> ((r & 3) << 1)) & 3];
        a[r] = mixA(a[r], v);
        b[r] = mixB(b[r], v);
      }
      continue;
    }
    const base = columns ? columns.denseOff[f] : f * nRows;
    for (let r = 0; r < nRows; r++) {
      const x = dense[base + r];
      // Every NaN is the same missing value, whatever bits produced it.
      const v = x !== x ? CANONICAL_NAN : bits[base + r];
      a[r] = mixA(a[r], v);
      b[r] = mixB(b[r], v);
    }
  }
  const out = new Uint32Array(2 * nRows);
  for (let r = 0; r < nRows; r++) {
    // The outcome is part of a patient's identity: the same features with another outcome is another row.
    const c = (y[r] | 0) + 0x3c6ef372;
    let ha = mixA(a[r], c);
    let hb = mixB(b[r], c);
    if (time) {
      // Both 32-bit words of the float64 time: follow-up differing in any bit is another patient's.
      timeView.setFloat64(0, time[r], true);
      const lo = timeView.getUint32(0, true);
      const hi = timeView.getUint32(4, true);
      ha = mixA(mixA(ha, lo), hi);
      hb = mixB(mixB(hb, lo), hi);
    }
    out[2 * r] = finish(ha ^ nFeatures);
    out[2 * r + 1] = finish(hb ^ nFeatures);
  }
  return out;
}

/** 16 hex digits of the table: its shape and every row hash in order. */
function tableHash(rows: Uint32Array, nRows: number, nFeatures: number): string {
  let a = mixA(0x1b873593, nRows);
  let b = mixB(0x27d4eb2f, nRows);
  a = mixA(a, nFeatures);
  b = mixB(b, nFeatures);
  for (let i = 0; i < rows.length; i++) {
    a = mixA(a, rows[i]);
    b = mixB(b, rows[i]);
  }
  const hex = (h: number) => finish(h).toString(16).padStart(8, '0');
  return hex(a) + hex(b);
}

/** The fingerprint of an encoded training cohort (column-major X or feature columns, class index or event per row, time if any). */
export function fingerprintCohort(
  X: Float32Array | FeatureColumns,
  y: ArrayLike<number>,
  nRows: number,
  nFeatures: number,
  time?: Float64Array,
): CohortFingerprint {
  const rows = rowHashes(X, y, nRows, nFeatures, time);
  return { nRows, nFeatures, table: tableHash(rows, nRows, nFeatures), rows };
}

function key(rows: Uint32Array, r: number): number {
  // Exact as a Map key: the high lane times 2^21 plus the low lane's top 21 bits would lose bits, so use both
  // lanes through a float64 that holds 53 of the 64 bits; rows agreeing on those are compared in full below.
  return rows[2 * r] * 2 ** 21 + (rows[2 * r + 1] >>> 11);
}

/**
 * For each candidate row, the training row holding the same patient (features and outcome), or -1. Identical
 * training patients (same features and outcome) are handed out one each, in order.
 */
export function trainingRowsOf(fingerprint: CohortFingerprint, candidate: Uint32Array): Int32Array {
  const train = fingerprint.rows;
  const byKey = new Map<number, number[]>();
  for (let i = 0; i < fingerprint.nRows; i++) {
    const k = key(train, i);
    const list = byKey.get(k);
    if (list) list.push(i);
    else byKey.set(k, [i]);
  }
  const nCandidate = candidate.length / 2;
  const out = new Int32Array(nCandidate).fill(-1);
  for (let r = 0; r < nCandidate; r++) {
    const list = byKey.get(key(candidate, r));
    if (!list) continue;
    const at = list.findIndex(
      (i) => train[2 * i] === candidate[2 * r] && train[2 * i + 1] === candidate[2 * r + 1],
    );
    if (at < 0) continue;
    out[r] = list[at];
    list.splice(at, 1);
  }
  return out;
}

/**
 * Whether an encoded table (encoded with the model's own encoding) is the model's training cohort, and how its rows
 * map onto the training rows. Only the full training cohort, in any row order, counts; any other table, even of the
 * same shape, is 'other' with the reason in plain words.
 */
export function matchCohort(
  fingerprint: CohortFingerprint,
  X: Float32Array | FeatureColumns,
  y: ArrayLike<number>,
  nRows: number,
  nFeatures: number,
  time?: Float64Array,
): CohortMatch {
  if (nFeatures !== fingerprint.nFeatures) {
    return {
      kind: 'other',
      reason: `it has ${nFeatures} model columns where the training cohort had ${fingerprint.nFeatures}`,
      matchedRows: 0,
      otherRows: nRows,
      missingTrainingRows: fingerprint.nRows,
    };
  }
  const candidate = rowHashes(X, y, nRows, nFeatures, time);
  if (nRows === fingerprint.nRows && tableHash(candidate, nRows, nFeatures) === fingerprint.table) {
    const trainingOrder = new Int32Array(nRows);
    for (let i = 0; i < nRows; i++) trainingOrder[i] = i;
    return { kind: 'training', order: 'same', trainingOrder };
  }
  const toTraining = trainingRowsOf(fingerprint, candidate);
  let matchedRows = 0;
  const trainingOrder = new Int32Array(fingerprint.nRows).fill(-1);
  for (let r = 0; r < nRows; r++) {
    const i = toTraining[r];
    if (i >= 0) {
      trainingOrder[i] = r;
      matchedRows++;
    }
  }
  const otherRows = nRows - matchedRows;
  const missingTrainingRows = fingerprint.nRows - matchedRows;
  if (otherRows === 0 && missingTrainingRows === 0) {
    return { kind: 'training', order: 'reordered', trainingOrder };
  }
  const n = (k: number, what: string) =>
    `${k.toLocaleString('en-US')} ${what}${k === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (otherRows > 0) parts.push(`${n(otherRows, 'row')} of it are not training patients`);
  if (missingTrainingRows > 0)
    parts.push(`${n(missingTrainingRows, 'training patient')} are not in it`);
  return {
    kind: 'other',
    reason:
      matchedRows === 0
        ? 'none of its rows is a training patient (features and outcome)'
        : parts.join(' and '),
    matchedRows,
    otherRows,
    missingTrainingRows,
  };
}
