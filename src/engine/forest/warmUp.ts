/**
 * Compiling the grower's hot loops ahead of a worker's first fit. V8 runs new code in its slow tiers while its
 * optimising compiler works on background threads; on a table of genotypes the first fit of a fresh worker paid
 * about 0.05 s more of its own time and about 0.2 s of compiler threads' time for a pool of two (5000 × 2000 SNPs,
 * bench/PROFILE.md), which on two cores the compiler takes from the growing workers. A training worker runs this
 * once at its start instead, so the fits the user waits for meet compiled code.
 */
import { deriveSeed } from './rng.ts';
import { treeImageStride } from './survivalKernel.ts';
import type { SurvivalColumns } from './survivalForest.ts';
import { TREE_GROUPS, tuningPlan } from './tune.ts';
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
/**
 * Whole-number columns after the categorical one, as clinical cohorts have them (lung: ECOG 0–3, sex, Karnofsky in
 * tens, age, calories, weight loss of either sign), each taking its own path through binFeatures: 0–3 with a missing
 * value (smallIntThresholds), 0/1, a few whole numbers and many whole numbers under 256 (smallWholeNumbers, few and
 * searched bins), many above 255 and many of both signs (the sort). Without them a fit on such a cohort met binning
 * code compiled for continuous columns only: V8 threw it away and compiled it again during the fit (node --trace-opt
 * --trace-deopt on lung's five folds, pool of 2: numericThresholds "Insufficient type feedback" in 16 of 8 first fits,
 * binFeatures compiled again in a quarter of them, ~20 ms of a compiler thread each).
 */
const SURVIVAL_WHOLE_COLUMNS: readonly ((u: number) => number)[] = [
  (u) => Math.floor(u * 4),
  (u) => (u < 0.4 ? 1 : 0),
  (u) => 50 + 10 * Math.floor(u * 6),
  (u) => 40 + Math.floor(u * 41),
  (u) => 100 + Math.floor(u * 2400),
  (u) => Math.floor(u * 80) - 20,
];

/** A small synthetic cohort to warm the survival grower up on: columns as binFeatures takes them, and follow-up. */
export type SurvivalWarmUpTable = SurvivalColumns;

/**
 * A small synthetic cohort (continuous columns, one with missing values, one categorical column, whole-number columns
 * as clinical cohorts have them (SURVIVAL_WHOLE_COLUMNS); exponential times
 * that follow two columns, about a third censored) on which survival trees take the kernel's numeric, categorical and
 * missing-value paths. Deterministic.
 */
export function warmUpSurvivalTable(): SurvivalWarmUpTable {
  const n = SURVIVAL_ROWS;
  const nFeatures = SURVIVAL_COLUMNS + 1 + SURVIVAL_WHOLE_COLUMNS.length;
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
  SURVIVAL_WHOLE_COLUMNS.forEach((value, k) => {
    const off = (SURVIVAL_COLUMNS + 1 + k) * n;
    for (let r = 0; r < n; r++) X[off + r] = value(next());
  });
  // One missing ECOG-like value.
  X[(SURVIVAL_COLUMNS + 1) * n + 7] = NaN;
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
  /**
   * Holds the warm-up table afresh (a new copy, as a new fit's data reaches the worker): `table` 0, then 1. Each held
   * table gets its own kernel instance (packedKernel.ts), so the search's calls made on two of them compile calls to
   * either, as a fit's table after the warm-up's needs.
   */
  hold(table: number): void;
  /** The held table's screen (featureWeights.ts' screenWeights), as the pool asks one worker for it: its weights. */
  screen(): readonly number[];
  /** Grows `trees` of `params` on the held table, as the pool's grow calls do. */
  grow(params: ForestParams, trees: number[]): void;
}

/** Screens of the tuning warm-up (see warmUpTuning). */
export const TUNING_WARM_SCREENS = 3;
/** Trees of the tuning warm-up's final forest (its first trees reused from the search, the rest grown in one call). */
export const TUNING_WARM_FINAL_TREES = 6;

/**
 * Compiles what a tuned fit (the app's default, tune.ts) asks of a training worker beyond an untuned fit, in the
 * order and with the objects the search asks for them (tuningPlan on the warm-up table, screened): the held table's
 * screen, then each candidate's TREE_GROUPS grow calls with out-of-bag sums (the base settings' leaf, then the
 * screened leaves with features drawn by the screen's weights, weightedDraws.ts), the features stage's candidate of
 * more features per split at the plan's depth limit, and the final forest of a screened setting without out-of-bag
 * sums. Each call's settings are the search's kind (features per split a count, the leaf, the depth, the weights the
 * screen gave), only with fewer trees. `nRows`, `nFeatures`: the held table's.
 *
 * Why whole calls rather than one tree of each kind, as before: with one tree of each kind and one screen, V8 had
 * compiled the screen and the grower's loops for the warm-up's call alone; a first tuned fit then threw that code away
 * (node --trace-deopt on bench/tuneProfile.ts --warm, 1,000 × 200: screenPValues "wrong call target" in the first two
 * fits, since each screen makes its own column reader; growSetup, growTrees, drawCounts, sweepBinary, setBest and
 * writeSplit "wrong map") and compiled it again, so the first fit after the warm-up took 0.2 s of the 0.08 s a steady
 * one does. Three screens make the screen's calls polymorphic before the first fit; the search's sequence of calls
 * leaves the grower's feedback as a fit's.
 */
export function warmUpTuning(calls: TuningWarmUpCalls, nRows: number, nFeatures: number): void {
  calls.hold(0);
  let weights: readonly number[] = [];
  for (let s = 0; s < TUNING_WARM_SCREENS; s++) weights = calls.screen();
  const base: ForestParams = { ...DEFAULT_PARAMS, nEstimators: 100, oobScore: true };
  const plan = tuningPlan(base, nRows, nFeatures, true);
  const m = plan.baseFeatures;
  const candidates: {
    leaf: number;
    maxFeatures: number;
    maxDepth: number | null;
    screened: boolean;
  }[] = [
    { leaf: base.minSamplesLeaf, maxFeatures: m, maxDepth: null, screened: false },
    ...plan.screenedLeaves.map((leaf) => ({
      leaf,
      maxFeatures: m,
      maxDepth: null,
      screened: true,
    })),
    {
      leaf: base.minSamplesLeaf,
      maxFeatures: plan.featureCounts.find((c) => c > m) ?? m,
      maxDepth: plan.depthLimit,
      screened: false,
    },
  ];
  // As many trees a group as the search grows on this table for a 100-tree forest (5 on the whole warm-up table, 6 on
  // its 240-row cut, as on the bench's 300 × 50): with one a group, as before, a first tuned fit on a warm worker took
  // 0.0447 s on 300 × 50 and 0.0756 s on 1,000 × 200, with these 0.0399 and 0.0701 s (medians of 10 fresh processes a
  // side, interleaved, bench/contender.ts genoforest-tuned-warm, load 1–2.3, 2026-12-07; CPU 0.054 → 0.045 and
  // 0.094 → 0.080 s: V8 had still compiled and tiered code during the first fit); 2,000 × 1,000 about the same (0.267
  // → 0.273 s, 5 a side). Twelve a group on both gained no more (0.0425 s). It costs the worker's warm-up about 0.09 s
  // more CPU (0.55 → 0.64 s). (Measured with one a group and two, last session, the gain was lost in the noise at load
  // 4–8.)
  const g = plan.treesPerCandidate / TREE_GROUPS;
  // Half of each candidate's groups on each table.
  const half = TREE_GROUPS >> 1;
  for (const [from, to] of [
    [0, half],
    [half, TREE_GROUPS],
  ]) {
    if (from > 0) calls.hold(1);
    for (const c of candidates) {
      for (let group = from; group < to; group++) {
        calls.grow(
          {
            ...base,
            nEstimators: g,
            minSamplesLeaf: c.leaf,
            maxFeatures: c.maxFeatures,
            maxDepth: c.maxDepth,
            ...(c.screened ? { featureWeights: weights } : {}),
            oobScore: true,
          },
          Array.from({ length: g }, (_, i) => group * g + i),
        );
      }
    }
  }
  // The final forest: a screened setting (the one chosen on most bench tables), its trees after the search's.
  const first = TREE_GROUPS * g;
  calls.grow(
    {
      ...base,
      nEstimators: TUNING_WARM_FINAL_TREES,
      minSamplesLeaf: plan.screenedLeaves[1] ?? base.minSamplesLeaf,
      maxFeatures: m,
      featureWeights: weights,
      oobScore: false,
    },
    Array.from({ length: TUNING_WARM_FINAL_TREES }, (_, i) => first + i),
  );
}

/** Calls of warmUpPerTreeCalls: well past the point where V8's optimising compiler takes a small function. */
const PER_TREE_WARM_CALLS = 20000;

/**
 * The small functions a survival fit calls once a tree outside the kernel — each tree's seed (deriveSeed), where its
 * image ends (treeImageStride, treeImageBytes) — and `tick(i)`, the caller's own per-tree call (a worker's progress
 * report), each called PER_TREE_WARM_CALLS times. A thread's warm-up grows a few hundred trees, below the calls after
 * which V8 compiles such a function, so a session's first fit crossed that point: node --trace-opt showed these four
 * compiled during lung's first pooled fit, 3–5 ms of a compiler thread on 2 cores, with the functions running in
 * V8's slower tiers until then. Measured on lung's five 134-patient folds, pool of 2, each fit the first of a fresh
 * process: 32.5 → 28.6 ms wall, 60 → 52 ms CPU (medians of 14 a side, interleaved); bench/survival.ts's child 30.8 →
 * 26.9 ms (8 a side). About 1 ms of the warm-up. Returns the sum of the helpers' values, so that nothing is
 * optimised away.
 */
export function warmUpPerTreeCalls(tick: (i: number) => unknown = () => undefined): number {
  let sum = 0;
  for (let i = 0; i < PER_TREE_WARM_CALLS; i++) {
    sum += deriveSeed(i, i) + treeImageStride(i & 63, i & 255, i & 7);
    tick(i);
  }
  return sum;
}
