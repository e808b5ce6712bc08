/**
 * Seeded inputs of the local linear correction for its regression test (localLinear.test.ts) and for the script that
 * wrote the reference figures (scripts/make-local-linear-reference.ts): a small forest with its leaf-filling rows, the
 * residuals it was grown on, and the settings and targets to predict.
 */
import { binFeatures } from '../forest/binning.ts';
import type { BinnedData } from '../forest/types.ts';
import { fitCausalForest, type CausalForest } from './causalForest.ts';
import { correctionColumns, type LocalLinearSettings } from './localLinear.ts';
import { simulateCohort } from './simulate.ts';

/** One prediction of predictLocalLinear, named. */
export interface LocalLinearCase {
  name: string;
  forest: CausalForest;
  binned: BinnedData;
  yRes: Float64Array;
  wRes: Float64Array;
  settings: LocalLinearSettings;
  target: 'oob' | { X: Float32Array; nRows: number };
}

/**
 * One and two correction columns, out of bag and on new rows (one with its correction value missing), the second
 * set on a column shifted far from zero (as an age or a dose may be).
 */
export function localLinearCases(): LocalLinearCase[] {
  const P = 6;
  const n = 300;
  const c = simulateCohort('strong', n, P, 11);
  const X = c.X.slice();
  for (let r = 0; r < n; r++) X[1 * n + r] += 500;
  const binned = binFeatures(X, n, P, new Uint8Array(P));
  const yRes = Float64Array.from(c.y, (v, i) => v - c.baseline[i] - c.propensity[i] * c.tau[i]);
  const wRes = Float64Array.from(c.w, (v, i) => v - c.propensity[i]);
  const forest = fitCausalForest(binned, yRes, wRes, {
    numTrees: 60,
    randomState: 4,
    keepFilled: true,
  });
  const fresh = simulateCohort('strong', 40, P, 12);
  const freshX = fresh.X.slice();
  for (let r = 0; r < 40; r++) freshX[1 * 40 + r] += 500;
  freshX[3] = NaN; // row 3's value of column 0
  const settings = (variables: number[]): LocalLinearSettings => ({
    variables,
    columns: correctionColumns(X, n, variables),
    lambda: 0.1,
  });
  const base = { forest, binned, yRes, wRes };
  const newRows = { X: freshX, nRows: 40 };
  return [
    { name: 'one column, out of bag', ...base, settings: settings([0]), target: 'oob' },
    { name: 'one column, new rows', ...base, settings: settings([0]), target: newRows },
    { name: 'two columns, out of bag', ...base, settings: settings([0, 1]), target: 'oob' },
    { name: 'two columns, new rows', ...base, settings: settings([1, 0]), target: newRows },
  ];
}
