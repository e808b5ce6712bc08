/**
 * Compiling the grower's hot loops ahead of a worker's first fit. V8 runs new code in its slow tiers while its
 * optimising compiler works on background threads; on a table of genotypes the first fit of a fresh worker paid
 * about 0.05 s more of its own time and about 0.2 s of compiler threads' time for a pool of two (5000 × 2000 SNPs,
 * bench/PROFILE.md), which on two cores the compiler takes from the growing workers. A training worker runs this
 * once at its start instead, so the fits the user waits for meet compiled code.
 */
import type { SurvivalColumns } from './survivalForest.ts';
import { DEFAULT_PARAMS, type ForestParams } from './types.ts';

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

/** Rows of the survival warm-up table: a small cohort's size, as the fits the kernel's warm-up speeds up most. */
const SURVIVAL_ROWS = 150;
/** Continuous columns (one with missing values) and one categorical column of the survival warm-up table. */
const SURVIVAL_COLUMNS = 6;

/** A small synthetic cohort to warm the survival grower up on: columns as binFeatures takes them, and follow-up. */
export type SurvivalWarmUpTable = SurvivalColumns;

/**
 * A small synthetic cohort (continuous columns, one with missing values, one categorical column; exponential times
 * that follow two columns, about a third censored) on which survival trees take the kernel's numeric, categorical and
 * missing-value paths. Deterministic.
 */
export function warmUpSurvivalTable(): SurvivalWarmUpTable {
  const n = SURVIVAL_ROWS;
  const nFeatures = SURVIVAL_COLUMNS + 1;
  const X = new Float32Array(n * nFeatures);
  let s = 54321;
  const next = (): number => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  for (let f = 0; f < SURVIVAL_COLUMNS; f++) {
    for (let r = 0; r < n; r++) X[f * n + r] = f === 1 && next() < 0.1 ? NaN : next() * 10;
  }
  const cat = SURVIVAL_COLUMNS * n;
  for (let r = 0; r < n; r++) X[cat + r] = Math.floor(next() * 4);
  const isCategorical = new Uint8Array(nFeatures);
  isCategorical[SURVIVAL_COLUMNS] = 1;
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const hazard = Math.exp(0.2 * X[r] - 0.3 * X[cat + r]);
    // Whole days, so that tied times take the grid's tie handling too.
    time[r] = Math.ceil((-Math.log(1 - next()) / hazard) * 100);
    event[r] = next() < 0.65 ? 1 : 0;
  }
  return { X, nRows: n, nFeatures, isCategorical, time, event };
}

/** What warmUpTuning calls on a training worker holding the warm-up table (warmUpTable): its screen and its growth. */
export interface TuningWarmUpCalls {
  /** The held table's screen (featureWeights.ts' screenWeights), as the pool asks one worker for it. */
  screen(): void;
  /** Grows `trees` of `params` on the held table, as the pool's grow calls do. */
  grow(params: ForestParams, trees: number[]): void;
}

/** Tree indices of the tuning warm-up's grow calls (after warmUpTrainingWorker's own, trees 0–8): one tree a call. */
const TUNING_WARM_TREES = [[9], [10], [11]];

/**
 * Compiles what a tuned fit (the app's default, tune.ts) asks of a training worker beyond an untuned fit: the screen of
 * the held table, then the search's kinds of growth, with out-of-bag sums: screened draws (features drawn by weights,
 * weightedDraws.ts) at two larger leaves, and more features per split at a depth limit. warmUpTrainingWorker's own
 * trees grow one tree with out-of-bag sums and none with weights, so a worker's first tuned fit compiled those itself.
 * The weights are a screen's kind (a few features far above the floor), not the screen's own: any weights take the
 * same code. `nFeatures`: the held table's. Measured with bench/contender.ts genoforest-tuned-warm (CPU seconds, all
 * threads, medians of 5–6 fresh processes a side interleaved, 2026-12-07, load 6–9 on 2 cores, so ±20 %): the first
 * tuned fit 0.29 → 0.25 s on the bench's 300 × 50 and 0.73 → 0.70 s on 2,000 × 1,000 (against the pre-session code,
 * with tune.ts' scoring change too: 0.27 → 0.23 and 0.74 → 0.66), on 1,000 × 200 no clear change (0.41 → 0.33, then
 * 0.34 → 0.38), for 0.05–0.1 s more of CPU at the worker's start (medians 0.21–0.23 s → 0.27–0.35 s), before any fit:
 * about as much work, moved off the user's wait. Running the whole warm-up twice or four times instead took that first
 * fit on 300 × 50 from 0.22–0.27 s to 0.18–0.20 s of CPU for 0.15–0.35 s more at the start (bench/tuneProfile.ts
 * --warm, 2 runs each, load 7): what stays cold is mostly the search's own bookkeeping (0.06–0.10 s of CPU in those
 * runs, 0.005 s once warm), which the app runs on the page, not in a worker.
 */
export function warmUpTuning(calls: TuningWarmUpCalls, nFeatures: number): void {
  calls.screen();
  const weights = Array.from({ length: nFeatures }, (_, f) => (f < 4 ? 8 - f : 0.1));
  const base = { ...DEFAULT_PARAMS, nEstimators: 1, oobScore: true };
  const settings: ForestParams[] = [
    { ...base, minSamplesLeaf: 5, featureWeights: weights },
    { ...base, minSamplesLeaf: 20, featureWeights: weights },
    {
      ...base,
      maxFeatures: Math.min(nFeatures, 4 * Math.round(Math.sqrt(nFeatures))),
      maxDepth: 7,
    },
  ];
  settings.forEach((p, i) => calls.grow(p, TUNING_WARM_TREES[i]));
}
