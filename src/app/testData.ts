/**
 * Small synthetic tables for the worker tests (seeded, so every run sees the same data): an encoded dataset for
 * the pool, and the same kind of table as CSV text for the data worker.
 */
import { Rng } from '../engine/forest/rng';
import type { BinnedData } from '../engine/forest/types';
import { binFeatures } from '../engine/forest/binning';
import type { RawTable } from '../engine/data/types';

/** A binary outcome driven by features 0 and 1 with an interaction, plus noise features and missing cells. */
export function syntheticBinned(
  nRows: number,
  nFeatures: number,
  seed = 7,
): { binned: BinnedData; X: Float32Array; y: Uint8Array; nClasses: number } {
  const rng = new Rng(seed);
  const X = new Float32Array(nRows * nFeatures);
  const y = new Uint8Array(nRows);
  for (let r = 0; r < nRows; r++) {
    for (let f = 0; f < nFeatures; f++) {
      X[f * nRows + r] = rng.nextInt(1000) / 100;
    }
    const a = X[r];
    const b = X[nRows + r];
    const noise = rng.nextInt(100) < 10;
    y[r] = (a > 5 !== b > 4) !== noise ? 1 : 0;
    // A few missing cells, so the missing-value paths are exercised too.
    if (nFeatures > 2 && rng.nextInt(20) === 0) X[2 * nRows + r] = NaN;
  }
  const binned = binFeatures(X, nRows, nFeatures, new Uint8Array(nFeatures));
  return { binned, X, y, nClasses: 2 };
}

/** A CSV of `nRows` patients: an id, numbers, a category with missing cells, and an outcome "response". */
export function syntheticCsv(nRows: number, seed = 11): string {
  const rng = new Rng(seed);
  const lines = ['patient_id,age,bmi,rs123,smoking,response'];
  const smoking = ['never', 'former', 'current'];
  for (let r = 0; r < nRows; r++) {
    const age = 30 + rng.nextInt(50);
    const bmi = 18 + rng.nextInt(200) / 10;
    const snp = rng.nextInt(3);
    const smoke = smoking[rng.nextInt(3)];
    const score = (age > 55 ? 1 : 0) + (snp === 2 ? 1 : 0) + (smoke === 'current' ? 1 : 0);
    const flip = rng.nextInt(100) < 10;
    const responder = score >= 2 !== flip;
    const smokeCell = rng.nextInt(25) === 0 ? 'NA' : smoke;
    lines.push(
      `P${String(r + 1).padStart(4, '0')},${age},${bmi.toFixed(1)},${snp},${smokeCell},${responder ? 'responder' : 'non_responder'}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A parsed comma-separated table of these headers and text columns, as the loader gives it (no issues). */
export function rawTableOf(headers: string[], columns: string[][]): RawTable {
  return {
    headers,
    originalHeaders: headers,
    columns,
    rowCount: columns[0]?.length ?? 0,
    issues: [],
    delimiter: ',',
  };
}
