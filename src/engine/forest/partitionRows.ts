/**
 * The row loops of the Grower's partition (grow.ts): a node's rows idx[start..end) split in place by side, left
 * rows first in idx, right rows copied to tmp[0..end - i), each side in the order it had (stable: every column
 * is then read in address order). Branch-free: each row is written to both places and the side's counter
 * advances (the side of a row is random to the branch predictor); i <= s always, so idx[s] is read before idx[i]
 * is written. Each returns i, where the right side will start.
 *
 * Each loop is alone in its function on purpose: V8 optimises a long loop while its first call still runs it
 * (on-stack replacement), and code after the loop that had not run yet (no type feedback) then deoptimised that
 * code at the end of the call, and again at the next calls' (up to a few hundred times in one fit); a bare
 * `return i` after the loop needs no feedback.
 */

/** By a packed (2-bit) column starting at po; sides: bit c set when code c (3: missing) goes left. */
export function splitByPacked(
  idx: Int32Array,
  tmp: Int32Array,
  packed: Uint8Array,
  po: number,
  sides: number,
  start: number,
  end: number,
): number {
  let i = start;
  let nr = 0;
  for (let s = start; s < end; s++) {
    const r = idx[s];
    const side = (sides >>> ((packed[po + (r >>> 2)] >>> ((r & 3) << 1)) & 3)) & 1;
    idx[i] = r;
    tmp[nr] = r;
    i += side;
    nr += side ^ 1;
  }
  return i;
}

/** By the byte bins of a column starting at off; lut: bin -> side (1: left). */
export function splitByBins(
  idx: Int32Array,
  tmp: Int32Array,
  bins: Uint8Array,
  off: number,
  lut: Uint8Array,
  start: number,
  end: number,
): number {
  let i = start;
  let nr = 0;
  for (let s = start; s < end; s++) {
    const r = idx[s];
    const side = lut[bins[off + r]];
    idx[i] = r;
    tmp[nr] = r;
    i += side;
    nr += side ^ 1;
  }
  return i;
}

/**
 * splitByBins for a numeric split without its bin -> side table: bins up to `bin` (at most MAX_CATEGORY_BIN) go
 * left, the missing bin (255) to the side missingLeft (1: left). The side in arithmetic: the sign of bin - b, and
 * (b + 1) >>> 8 is 1 for the missing bin alone. Filling the 255 entries of the table cost more than the partition's
 * row loop in the small nodes of small tables (1.4 % of the growth on the bench's 300 × 50 table).
 */
export function splitByThreshold(
  idx: Int32Array,
  tmp: Int32Array,
  bins: Uint8Array,
  off: number,
  bin: number,
  missingLeft: number,
  start: number,
  end: number,
): number {
  let i = start;
  let nr = 0;
  for (let s = start; s < end; s++) {
    const r = idx[s];
    const b = bins[off + r];
    const side = (((bin - b) >>> 31) ^ 1) | (((b + 1) >>> 8) & missingLeft);
    idx[i] = r;
    tmp[nr] = r;
    i += side;
    nr += side ^ 1;
  }
  return i;
}

/** splitByThreshold also summing each side's class weights (w by class y) into lw and rw. */
export function splitByThresholdSummed(
  idx: Int32Array,
  tmp: Int32Array,
  bins: Uint8Array,
  off: number,
  bin: number,
  missingLeft: number,
  y: Uint8Array,
  w: Float64Array,
  lw: Float64Array,
  rw: Float64Array,
  start: number,
  end: number,
): number {
  let i = start;
  let nr = 0;
  for (let s = start; s < end; s++) {
    const r = idx[s];
    const b = bins[off + r];
    const side = (((bin - b) >>> 31) ^ 1) | (((b + 1) >>> 8) & missingLeft);
    if (side === 1) lw[y[r]] += w[r];
    else rw[y[r]] += w[r];
    idx[i] = r;
    tmp[nr] = r;
    i += side;
    nr += side ^ 1;
  }
  return i;
}

/** splitByBins also summing each side's class weights (w by class y) into lw and rw. */
export function splitByBinsSummed(
  idx: Int32Array,
  tmp: Int32Array,
  bins: Uint8Array,
  off: number,
  lut: Uint8Array,
  y: Uint8Array,
  w: Float64Array,
  lw: Float64Array,
  rw: Float64Array,
  start: number,
  end: number,
): number {
  let i = start;
  let nr = 0;
  for (let s = start; s < end; s++) {
    const r = idx[s];
    const side = lut[bins[off + r]];
    if (side === 1) lw[y[r]] += w[r];
    else rw[y[r]] += w[r];
    idx[i] = r;
    tmp[nr] = r;
    i += side;
    nr += side ^ 1;
  }
  return i;
}
