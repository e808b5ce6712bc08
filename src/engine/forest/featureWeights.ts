/**
 * Draw weights of an enriched random forest (Amaratunga, Cabrera & Lee 2008): a cheap univariate screen of every
 * feature against the class on the training rows, turned into weights that make the features with evidence of an
 * association likelier to be drawn at each node (ForestParams.featureWeights, weightedDraws.ts).
 *
 * The screen is a chi-square test of independence of the class and the feature's binned values: SNPs' three
 * genotypes and categories as they are, numeric features with many bins coarsened to SCREEN_GROUPS groups of about
 * equal size (deciles: the test then has 9 degrees of freedom a class, not 254, and keeps its power for a shift
 * in location), missing values as a group of their own. The p-values come from the Wilson–Hilferty normal
 * approximation of the chi-square tail (ample for weights), then Benjamini–Hochberg q-values over the features; a
 * feature's weight is −ln q, at least `floor`, so that features without evidence (q near 1) are still drawn now and
 * then and every tree can still reach an effect the screen missed (an interaction without a marginal effect).
 */
import { normalSf } from '../causal/normal.ts';
import { benjaminiHochberg } from '../genetics/importancePValues.ts';
import { isSnpPacked, type SnpPackedBins } from './packedSnp.ts';
import { MISSING_BIN, type BinnedData } from './types.ts';

/** Groups a numeric feature with more bins than this is coarsened to for the screen (see the file comment). */
export const SCREEN_GROUPS = 10;
/** Weight of a feature without evidence (−ln q is 0 at q = 1): every feature stays drawable. */
export const WEIGHT_FLOOR = 0.1;
/** Smallest q-value taken (−ln 1e-300 ≈ 691): p-values of strong effects underflow to 0. */
const MIN_Q = 1e-300;

/** Chi-square p-value of the class against each feature's binned values on the rows (all rows when absent). */
export function screenPValues(
  table: BinnedData | SnpPackedBins,
  y: Uint8Array,
  nClasses: number,
  rows?: ArrayLike<number>,
): Float64Array {
  const { nRows, nFeatures, nBins, isCategorical } = table;
  const column = columnBins(table);
  const n = rows ? rows.length : nRows;
  const row = (i: number): number => (rows ? rows[i] : i);
  const K = nClasses;
  // Per bin (256, the missing bin last): class counts; then per group.
  const binCounts = new Float64Array(256 * K);
  const binTotal = new Float64Array(256);
  const groupOf = new Int32Array(256);
  const groupCounts = new Float64Array(257 * K);
  const groupTotal = new Float64Array(257);
  const classTotal = new Float64Array(K);
  for (let i = 0; i < n; i++) classTotal[y[row(i)]]++;
  let classesSeen = 0;
  for (let k = 0; k < K; k++) if (classTotal[k] > 0) classesSeen++;
  const p = new Float64Array(nFeatures);
  for (let f = 0; f < nFeatures; f++) {
    binCounts.fill(0);
    binTotal.fill(0);
    const bins = column(f);
    for (let i = 0; i < n; i++) {
      const r = row(i);
      const b = bins[r];
      binCounts[b * K + y[r]]++;
      binTotal[b]++;
    }
    const present = n - binTotal[MISSING_BIN];
    const coarsen = isCategorical[f] === 0 && nBins[f] > SCREEN_GROUPS;
    let cum = 0;
    for (let b = 0; b < 255; b++) {
      groupOf[b] = coarsen
        ? Math.min(SCREEN_GROUPS - 1, Math.floor((cum * SCREEN_GROUPS) / present))
        : b;
      cum += binTotal[b];
    }
    groupOf[MISSING_BIN] = 256;
    groupCounts.fill(0);
    groupTotal.fill(0);
    for (let b = 0; b < 256; b++) {
      if (binTotal[b] === 0) continue;
      const g = groupOf[b];
      groupTotal[g] += binTotal[b];
      for (let k = 0; k < K; k++) groupCounts[g * K + k] += binCounts[b * K + k];
    }
    let stat = 0;
    let groups = 0;
    for (let g = 0; g < 257; g++) {
      if (groupTotal[g] === 0) continue;
      groups++;
      for (let k = 0; k < K; k++) {
        if (classTotal[k] === 0) continue;
        const e = (groupTotal[g] * classTotal[k]) / n;
        const d = groupCounts[g * K + k] - e;
        stat += (d * d) / e;
      }
    }
    p[f] = chiSquareSf(stat, (groups - 1) * (classesSeen - 1));
  }
  return p;
}

/**
 * A reader of one column's byte bins at a time: a view of byte bins, or a 2-bit packed column decoded into one reused
 * buffer, so that a genomic table held packed is never expanded whole (n × p bytes) for the screen.
 */
function columnBins(table: BinnedData | SnpPackedBins): (f: number) => Uint8Array {
  const { nRows } = table;
  if (!isSnpPacked(table)) return (f) => table.bins.subarray(f * nRows, (f + 1) * nRows);
  const { byteBins, byteCol } = table;
  const { packed, packOff } = table.snp;
  const buffer = new Uint8Array(nRows);
  return (f) => {
    const bc = byteCol[f];
    if (bc >= 0) return byteBins.subarray(bc * nRows, (bc + 1) * nRows);
    const po = packOff[f];
    for (let r = 0; r < nRows; r++) {
      const code = (packed[po + (r >>> 2)] >>> ((r & 3) << 1)) & 3;
      buffer[r] = code === 3 ? MISSING_BIN : code;
    }
    return buffer;
  };
}

/** Draw weights from screen p-values: −ln of the Benjamini–Hochberg q-value, at least floor (file comment). */
export function enrichedWeights(pValues: ArrayLike<number>, floor = WEIGHT_FLOOR): number[] {
  if (!(floor > 0)) throw new Error(`the weight floor must be positive, got ${floor}`);
  const q = benjaminiHochberg(pValues);
  return Array.from(q, (qf) => Math.max(floor, -Math.log(Math.max(qf, MIN_Q))));
}

/** Draw weights of an enriched forest from the training rows: screenPValues, then enrichedWeights. */
export function screenWeights(
  table: BinnedData | SnpPackedBins,
  y: Uint8Array,
  nClasses: number,
  rows?: ArrayLike<number>,
  floor = WEIGHT_FLOOR,
): number[] {
  return enrichedWeights(screenPValues(table, y, nClasses, rows), floor);
}

/** Upper tail of a chi-square with df degrees of freedom (Wilson–Hilferty); 1 when df is 0 (nothing to test). */
export function chiSquareSf(x: number, df: number): number {
  if (df <= 0) return 1;
  const v = 2 / (9 * df);
  const z = (Math.cbrt(x / df) - (1 - v)) / Math.sqrt(v);
  return Math.min(1, Math.max(0, normalSf(z)));
}
