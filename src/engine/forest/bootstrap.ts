/**
 * The row loops of a tree's bootstrap (Grower.drawBootstrap in grow.ts; inbag.ts replays the same draws). Each
 * loop is alone in its function, like the partition's (partitionRows.ts): V8 optimises a long loop during its
 * first call (on-stack replacement), and code after it that had not run yet then deoptimised that code again at
 * later trees.
 */
import type { Rng } from './rng.ts';

/**
 * Adds one to cnt[train[k]] for each of `draws` draws k of rng (default train.length; the counts start at 0). The
 * draws are the first ones of the same sequence whatever their number, so a smaller sample is a prefix of the full one.
 */
export function drawCounts(
  cnt: Int32Array | Uint16Array,
  train: Int32Array,
  rng: Rng,
  draws = train.length,
): void {
  const nTrain = train.length;
  for (let i = 0; i < draws; i++) cnt[train[rng.nextInt(nTrain)]]++;
}

/**
 * The drawn rows (count > 0), in the order of train, to idx; each training row's weight w = count × class weight
 * (0 when not drawn). Returns the number of drawn rows.
 */
export function expandDrawn(
  cnt: Int32Array,
  train: Int32Array,
  y: Uint8Array,
  classW: Float64Array,
  idx: Int32Array,
  w: Float64Array,
): number {
  let n = 0;
  for (let i = 0; i < train.length; i++) {
    const r = train[i];
    if (cnt[r] > 0) {
      idx[n++] = r;
      w[r] = cnt[r] * classW[y[r]];
    } else {
      w[r] = 0;
    }
  }
  return n;
}

/**
 * expandDrawn for the classification Grower, in one pass with what its trees need besides: the rows not drawn (out
 * of bag), in the order of train, to oob[0..train.length - n), and with wy (its length 0: none) each training row's
 * two-class weight packed in one float: w (class 0) or w × scale (class 1). Branch-free (each row written to both lists, the
 * drawn list's counter advancing on a draw): whether a row was drawn is random to the branch predictor. A row not
 * drawn gets the weight 0 × its class weight = 0, as expandDrawn gives it. Returns the number of drawn rows.
 */
export function expandDrawnOob(
  cnt: Int32Array,
  train: Int32Array,
  y: Uint8Array,
  classW: Float64Array,
  idx: Int32Array,
  w: Float64Array,
  oob: Int32Array,
  wy: Float64Array,
  scale: number,
): number {
  let n = 0;
  if (wy.length > 0) {
    for (let i = 0; i < train.length; i++) {
      const r = train[i];
      const c = cnt[r];
      const yr = y[r];
      const wr = c * classW[yr];
      w[r] = wr;
      wy[r] = yr === 1 ? wr * scale : wr;
      idx[n] = r;
      oob[i - n] = r;
      n += c > 0 ? 1 : 0;
    }
  } else {
    for (let i = 0; i < train.length; i++) {
      const r = train[i];
      const c = cnt[r];
      w[r] = c * classW[y[r]];
      idx[n] = r;
      oob[i - n] = r;
      n += c > 0 ? 1 : 0;
    }
  }
  return n;
}
