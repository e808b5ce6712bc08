/** Test helper: seeded tables with numeric, missing and categorical cells, and the WDBC file. */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '../forest/rng.ts';
import type { Encoding } from '../data/types.ts';
import { parseCsvText } from '../data/parse.ts';
import { inferSchema } from '../data/schema.ts';
import { buildEncoding, encodeTable } from '../data/encode.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface TestTable {
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  y: Uint8Array;
  isCat: Uint8Array;
  nClasses: number;
  encoding: Encoding;
}

/**
 * Columns: numeric, numeric with 25% NaN, 0/1/2 genotype, a 12-level categorical with NaN (the outcome
 * depends on an interleaved subset of levels, so splits hold several membership runs), numeric noise.
 */
export function mixedTable(nRows: number, seed: number, nClasses: number): TestTable {
  const rng = new Rng(seed);
  const nFeatures = 5;
  const X = new Float32Array(nRows * nFeatures);
  const isCat = Uint8Array.from([0, 0, 0, 1, 0]);
  const y = new Uint8Array(nRows);
  for (let r = 0; r < nRows; r++) {
    const a = rng.nextFloat() * 10 - 5;
    const b = rng.nextFloat() < 0.25 ? NaN : rng.nextFloat() * 3;
    const g = rng.nextInt(3);
    const c = rng.nextFloat() < 0.1 ? NaN : rng.nextInt(12);
    const noise = rng.nextFloat();
    const row = [a, b, g, c, noise];
    for (let f = 0; f < nFeatures; f++) X[f * nRows + r] = row[f];
    const s =
      a * 0.4 +
      (b === b ? b : 2) +
      g * 0.5 +
      (c === c && [1, 4, 5, 9].includes(c) ? 2 : 0) +
      (rng.nextFloat() - 0.5) * 2;
    y[r] = nClasses === 2 ? (s > 2 ? 1 : 0) : s < 1 ? 0 : s < 3 ? 1 : 2;
  }
  const encoding: Encoding = {
    target: 'outcome',
    classes: nClasses === 2 ? ['no', 'yes'] : ['low', 'mid', 'high'],
    features: [
      { kind: 'numeric', name: 'age', min: -5, max: 5, median: 0 },
      { kind: 'numeric', name: 'marker', min: 0, max: 3, median: 1.5 },
      { kind: 'numeric', name: 'rs123', min: 0, max: 2, median: 1 },
      {
        kind: 'categorical',
        name: 'site',
        categories: Array.from({ length: 12 }, (_, i) => `site${i}`),
        counts: new Array<number>(12).fill(1),
      },
      { kind: 'numeric', name: 'noise', min: 0, max: 1, median: 0.5 },
    ],
  };
  return { X, nRows, nFeatures, y, isCat, nClasses, encoding };
}

/** The WDBC breast cancer table encoded as the app would (30 numeric features, two classes). */
export function wdbcTable(): TestTable {
  const text = readFileSync(resolve(REPO_ROOT, 'testdata/breast_cancer_wdbc.csv'), 'utf8');
  const table = parseCsvText(text);
  const schema = inferSchema(table);
  const target = table.headers[table.headers.length - 1];
  const { encoding } = buildEncoding(table, schema, { target, columns: [] });
  const ds = encodeTable(table, encoding);
  const isCat = Uint8Array.from(encoding.features.map((f) => (f.kind === 'categorical' ? 1 : 0)));
  return {
    X: ds.X,
    nRows: ds.nRows,
    nFeatures: ds.nFeatures,
    y: ds.y,
    isCat,
    nClasses: encoding.classes.length,
    encoding,
  };
}
