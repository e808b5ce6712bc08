/**
 * In-bag (bootstrap) counts recomputed from the seed. grow.ts draws each tree's bootstrap from
 * Rng(deriveSeed(randomState, treeIndex)) before any other draw, so the counts need not be stored
 * with the model: replaying the same draws gives them exactly. The infinitesimal jackknife
 * (explain/jackknife.ts) needs them. Keep this in step with Grower.drawBootstrap (grow.ts,
 * bootstrap.ts); inbag.test.ts checks it against the out-of-bag rows and leaf weights of grown trees.
 */
import { Rng, deriveSeed } from './rng.ts';
import { drawCounts } from './bootstrap.ts';
import { resolveMaxSamples } from './params.ts';
import type { ForestParams } from './types.ts';

/** In-bag counts of a forest's trees: counts[t * nRows + r] is how often tree t drew row r. */
export interface InBagCounts {
  nTrees: number;
  /** Rows of the table the forest was trained on (training rows and any others, which count 0). */
  nRows: number;
  /** The training rows the bootstrap drew from, ascending (all rows when the forest was trained on all). */
  trainRows: Int32Array;
  counts: Uint16Array;
  /** False when the trees were grown without bootstrap (every count 1: nothing to jackknife). */
  bootstrap: boolean;
}

/** Training rows: the given ones sorted ascending (as Grower sorts them before drawing), or 0..nRows-1. */
function resolveRows(nRows: number, rows?: ArrayLike<number>): Int32Array {
  if (!rows) return Int32Array.from({ length: nRows }, (_, i) => i);
  const out = Int32Array.from(rows).sort();
  for (let i = 0; i < out.length; i++) {
    if (!(out[i] >= 0 && out[i] < nRows)) throw new Error(`rows[${i}] = ${out[i]} is out of range`);
  }
  return out;
}

/**
 * How often tree `treeIndex` drew each row (length nRows; rows outside `rows` are 0), replaying
 * grow.ts's bootstrap. Without bootstrap every training row counts 1.
 */
export function treeInBagCounts(
  params: Pick<ForestParams, 'randomState' | 'bootstrap' | 'maxSamples'>,
  nRows: number,
  treeIndex: number,
  rows?: ArrayLike<number>,
): Uint16Array {
  return fill(new Uint16Array(nRows), params, treeIndex, resolveRows(nRows, rows));
}

function fill(
  cnt: Uint16Array,
  params: Pick<ForestParams, 'randomState' | 'bootstrap' | 'maxSamples'>,
  treeIndex: number,
  train: Int32Array,
): Uint16Array {
  const nTrain = train.length;
  if (!params.bootstrap) {
    for (let i = 0; i < nTrain; i++) cnt[train[i]] = 1;
    return cnt;
  }
  // Same generator and the same first draws as Grower.drawBootstrap (bootstrap.ts drawCounts).
  const rng = new Rng(deriveSeed(params.randomState, treeIndex));
  drawCounts(cnt, train, rng, resolveMaxSamples(params.maxSamples, nTrain));
  return cnt;
}

/** In-bag counts of trees 0..nTrees-1 of a forest trained on `rows` (default all nRows rows). */
export function forestInBagCounts(
  params: Pick<ForestParams, 'randomState' | 'bootstrap' | 'maxSamples'>,
  nRows: number,
  nTrees: number,
  rows?: ArrayLike<number>,
): InBagCounts {
  if (!Number.isInteger(nTrees) || nTrees < 0)
    throw new Error(`nTrees must be >= 0, got ${nTrees}`);
  const trainRows = resolveRows(nRows, rows);
  if (trainRows.length < 1) throw new Error('There are no training rows');
  const counts = new Uint16Array(nTrees * nRows);
  for (let t = 0; t < nTrees; t++) {
    fill(counts.subarray(t * nRows, (t + 1) * nRows), params, t, trainRows);
  }
  return { nTrees, nRows, trainRows, counts, bootstrap: params.bootstrap };
}
