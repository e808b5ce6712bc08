import { describe, expect, it } from 'vitest';
import { fingerprintCohort, matchCohort, rowHashes, trainingRowsOf } from './cohortIdentity';

/** A column-major table from rows (row-major numbers). */
function table(rows: number[][]): { X: Float32Array; nRows: number; nFeatures: number } {
  const nRows = rows.length;
  const nFeatures = rows[0].length;
  const X = new Float32Array(nRows * nFeatures);
  rows.forEach((row, r) => row.forEach((v, f) => (X[f * nRows + r] = v)));
  return { X, nRows, nFeatures };
}

const rows = [
  [61, 27.5, 2, 0],
  [45, 22.1, 0, 1],
  [70, NaN, 1, 2],
  [52, 30.2, 1, 0],
];
const y = [1, 0, 1, 0];

describe('the training cohort as a value with an identity', () => {
  const t = table(rows);
  const fp = fingerprintCohort(t.X, y, t.nRows, t.nFeatures);

  it('recognises the training table row for row', () => {
    const m = matchCohort(fp, t.X, y, t.nRows, t.nFeatures);
    expect(m).toEqual({
      kind: 'training',
      order: 'same',
      trainingOrder: Int32Array.of(0, 1, 2, 3),
    });
    expect(fp.table).toMatch(/^[0-9a-f]{16}$/);
  });

  it('maps the same patients in another order back to their training rows', () => {
    // Candidate row r holds training row order[r]: reversed, then a shuffle.
    for (const order of [
      [3, 2, 1, 0],
      [2, 0, 3, 1],
    ]) {
      const c = table(order.map((i) => rows[i]));
      const m = matchCohort(
        fp,
        c.X,
        order.map((i) => y[i]),
        c.nRows,
        c.nFeatures,
      );
      expect(m.kind).toBe('training');
      if (m.kind !== 'training') return;
      expect(m.order).toBe('reordered');
      // trainingOrder[i] is the candidate row holding training row i.
      for (let i = 0; i < 4; i++) expect(order[m.trainingOrder[i]]).toBe(i);
    }
  });

  it('refuses a different cohort of the same shape, saying how it differs', () => {
    const other = table([rows[0], rows[1], [70, NaN, 1, 1], rows[3]]);
    const m = matchCohort(fp, other.X, y, 4, 4);
    expect(m).toMatchObject({
      kind: 'other',
      matchedRows: 3,
      otherRows: 1,
      missingTrainingRows: 1,
    });
    if (m.kind === 'other') {
      expect(m.reason).toBe(
        '1 row of it are not training patients and 1 training patient are not in it',
      );
    }
    // The same features with another outcome is another patient.
    const relabelled = matchCohort(fp, t.X, [1, 0, 0, 0], 4, 4);
    expect(relabelled).toMatchObject({ kind: 'other', matchedRows: 3, otherRows: 1 });
    // A subset, or the training cohort plus a new patient, is not the training cohort either.
    const subset = table(rows.slice(0, 3));
    expect(matchCohort(fp, subset.X, y.slice(0, 3), 3, 4)).toMatchObject({
      kind: 'other',
      missingTrainingRows: 1,
      otherRows: 0,
    });
    const wider = table(rows.map((r) => [...r, 0]));
    expect(matchCohort(fp, wider.X, y, 4, 5)).toMatchObject({ kind: 'other', matchedRows: 0 });
  });

  it('treats every NaN as the same missing value', () => {
    const c = table(rows);
    c.X[1 * 4 + 2] = new Float32Array(new Uint32Array([0x7fc00123]).buffer)[0];
    expect(Number.isNaN(c.X[1 * 4 + 2])).toBe(true);
    expect(matchCohort(fp, c.X, y, 4, 4)).toMatchObject({ kind: 'training', order: 'same' });
  });

  it('hands identical patients out one each, so duplicates still map to distinct training rows', () => {
    const dup = table([rows[0], rows[1], rows[0]]);
    const dupY = [1, 0, 1];
    const f = fingerprintCohort(dup.X, dupY, 3, 4);
    const swapped = table([rows[0], rows[0], rows[1]]);
    const m = matchCohort(f, swapped.X, [1, 1, 0], 3, 4);
    expect(m.kind).toBe('training');
    if (m.kind === 'training') expect([...m.trainingOrder].sort()).toEqual([0, 1, 2]);
    const toTraining = trainingRowsOf(f, rowHashes(swapped.X, [1, 1, 0], 3, 4));
    expect([...toTraining]).toEqual([0, 2, 1]);
  });

  it('finds no collision among 200,000 distinct rows', () => {
    const n = 200_000;
    const X = new Float32Array(n * 2);
    for (let r = 0; r < n; r++) {
      X[r] = r % 1000;
      X[n + r] = Math.floor(r / 1000);
    }
    const h = rowHashes(X, new Uint8Array(n), n, 2);
    const seen = new Set<string>();
    for (let r = 0; r < n; r++) seen.add(`${h[2 * r]}:${h[2 * r + 1]}`);
    expect(seen.size).toBe(n);
  });
});

describe('the identity of a time-to-event cohort', () => {
  const t = table(rows);
  const time = Float64Array.of(120, 365.25, 30, 900);

  it('covers the follow-up time: the same patients with other follow-up are another cohort', () => {
    const fp = fingerprintCohort(t.X, y, t.nRows, t.nFeatures, time);
    expect(matchCohort(fp, t.X, y, t.nRows, t.nFeatures, time).kind).toBe('training');
    const later = Float64Array.from(time);
    later[1] = 365.5;
    const m = matchCohort(fp, t.X, y, t.nRows, t.nFeatures, later);
    expect(m.kind).toBe('other');
    if (m.kind === 'other') expect(m.otherRows).toBe(1);
    // Reordered patients with their own times are still the training cohort.
    const order = [2, 0, 3, 1];
    const r = table(order.map((i) => rows[i]));
    const back = matchCohort(
      fp,
      r.X,
      order.map((i) => y[i]),
      4,
      t.nFeatures,
      Float64Array.from(order, (i) => time[i]),
    );
    expect(back.kind === 'training' && Array.from(back.trainingOrder)).toEqual([1, 3, 0, 2]);
  });

  it('differs from the fingerprint of the events alone, and the event is part of it', () => {
    const withTime = fingerprintCohort(t.X, y, t.nRows, t.nFeatures, time);
    expect(withTime.table).not.toBe(fingerprintCohort(t.X, y, t.nRows, t.nFeatures).table);
    const flipped = fingerprintCohort(t.X, [0, 0, 1, 0], t.nRows, t.nFeatures, time);
    expect(Array.from(flipped.rows.subarray(0, 2))).not.toEqual(
      Array.from(withTime.rows.subarray(0, 2)),
    );
    expect(Array.from(flipped.rows.subarray(2))).toEqual(Array.from(withTime.rows.subarray(2)));
  });
});
