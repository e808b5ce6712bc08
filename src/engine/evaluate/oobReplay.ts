/**
 * Out-of-bag probabilities of a forest recomputed from its seed (forest/inbag.ts replays each
 * tree's bootstrap), so a cross-validation fold grown without `oobScore` can still be calibrated
 * on its own training part: conformal prediction sets need calibration scores from patients the
 * trees did not see, and the fold's test patients must not be among them.
 */
import { forestInBagCounts } from '../forest/inbag';
import { asColumns, type ColumnsOrMatrix } from '../forest/featureColumns';
import { leafIndexOfColumns } from '../forest/predict';
import type { ForestModel, ForestParams } from '../forest/types';

/**
 * Out-of-bag class probabilities (row-major nRows×nClasses) of a forest grown with bootstrap on
 * `rows` of a column-major matrix X or feature columns (all rows when omitted): each training row averaged over the
 * trees whose bootstrap missed it; NaN for rows outside `rows` and rows no tree left out.
 * Null when the trees were grown without bootstrap (nothing is out of bag).
 */
export function replayOobProba(
  forest: Pick<ForestModel, 'trees' | 'nClasses'>,
  params: Pick<ForestParams, 'randomState' | 'bootstrap' | 'maxSamples'>,
  X: ColumnsOrMatrix,
  nRows: number,
  rows?: ArrayLike<number>,
): Float64Array | null {
  if (!params.bootstrap) return null;
  const columns = asColumns(X, nRows);
  const K = forest.nClasses;
  const B = forest.trees.length;
  const inbag = forestInBagCounts(params, nRows, B, rows);
  const sum = new Float64Array(nRows * K);
  const count = new Uint32Array(nRows);
  const train = inbag.trainRows;
  for (let t = 0; t < B; t++) {
    const tree = forest.trees[t];
    const offset = t * nRows;
    for (let i = 0; i < train.length; i++) {
      const r = train[i];
      if (inbag.counts[offset + r] !== 0) continue;
      const base = leafIndexOfColumns(tree, columns, r) * K;
      for (let k = 0; k < K; k++) sum[r * K + k] += tree.value[base + k];
      count[r]++;
    }
  }
  const out = new Float64Array(nRows * K).fill(NaN);
  for (let i = 0; i < train.length; i++) {
    const r = train[i];
    if (count[r] === 0) continue;
    for (let k = 0; k < K; k++) out[r * K + k] = sum[r * K + k] / count[r];
  }
  return out;
}
