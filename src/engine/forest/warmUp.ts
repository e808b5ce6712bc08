/**
 * Compiling the grower's hot loops ahead of a worker's first fit. V8 runs new code in its slow tiers while its
 * optimising compiler works on background threads; on a table of genotypes the first fit of a fresh worker paid
 * about 0.05 s more of its own time and about 0.2 s of compiler threads' time for a pool of two (5000 × 2000 SNPs,
 * bench/PROFILE.md), which on two cores the compiler takes from the growing workers. A training worker runs this
 * once at its start instead, so the fits the user waits for meet compiled code.
 */
/** Rows of the warm-up table: enough for deep trees with nodes of every size class, small enough to bin fast; not a multiple of 4, for the packing loop's tail. */
const ROWS = 2045;
/** Genotype columns without missing values, with missing values, and continuous columns. */
const SNP_COLUMNS = 40;
const SNP_MISSING_COLUMNS = 8;
const CONTINUOUS_COLUMNS = 8;
/**
 * The warm-up table's genotype columns come first: its first WARM_UP_SNP_COLUMNS columns alone are an SNP-only table,
 * on which a node's feature search runs in the packed kernel (packedKernel.ts drawScan), a path the whole table
 * never takes.
 */
export const WARM_UP_SNP_COLUMNS = SNP_COLUMNS + SNP_MISSING_COLUMNS;

/** A small synthetic table to warm up on: columns as binFeatures takes them, and two classes. */
export interface WarmUpTable {
  X: Float32Array;
  nRows: number;
  nFeatures: number;
  y: Uint8Array;
}

/**
 * A small synthetic table (genotypes with and without missing values, continuous values, two classes following two
 * genotypes and a continuous value, with noise) on which a few trees take every path of the grower's hot loops.
 * Deterministic.
 */
export function warmUpTable(): WarmUpTable {
  const nFeatures = SNP_COLUMNS + SNP_MISSING_COLUMNS + CONTINUOUS_COLUMNS;
  const X = new Float32Array(ROWS * nFeatures);
  let s = 12345;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  for (let f = 0; f < nFeatures; f++) {
    const maf = 0.05 + 0.4 * next();
    for (let r = 0; r < ROWS; r++) {
      const i = f * ROWS + r;
      if (f >= SNP_COLUMNS + SNP_MISSING_COLUMNS) X[i] = next() * 10;
      else X[i] = (next() < maf ? 1 : 0) + (next() < maf ? 1 : 0);
      if (f >= SNP_COLUMNS && f < SNP_COLUMNS + SNP_MISSING_COLUMNS && next() < 0.03) X[i] = NaN;
    }
  }
  const y = new Uint8Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    const score = X[r] + X[ROWS + r] - 0.1 * X[(nFeatures - 1) * ROWS + r] + 2 * next();
    y[r] = score > 1.5 ? 1 : 0;
  }
  return { X, nRows: ROWS, nFeatures, y };
}
