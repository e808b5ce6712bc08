/**
 * Forest settings tuned on out-of-bag patients, as tuneRanger (Probst, Wright & Boulesteix 2019) does: small
 * forests are grown with candidate settings and each is scored by the Brier score of its out-of-bag
 * probabilities; the best settings then grow the final forest. Probability forests with larger leaves
 * estimate probabilities better on noisy outcomes (Malley et al. 2012); scikit-learn's one patient per leaf
 * is best when the outcome is nearly a function of the features. Which holds is the data's to say.
 *
 * The search, by stages, moving on from the lowest score so far: minimum patients per leaf (1, 3, 5, 10, 20, 40, more
 * for large cohorts, fewer for small ones) at the features per split of the base settings; then, at that leaf, half,
 * twice and four times those features per split, and on doubling (8, 16, … times, up to every feature) for as long as
 * each doubling lowers the score: on wide tables where a few features carry the outcome, sqrt(p) features per split
 * rarely meet them, and many more (XGBoost's random forests try 80 % of them) predict far better. When the features
 * per split moved, the leaf sizes are tried again at the new count, from the smaller neighbour up the grid until two
 * sizes in a row do not lower the score (more features per split make each tree fit closer, and larger leaves then
 * pay); then smaller bootstraps (sample fraction, as ranger and tuneRanger tune it) while they lower the score.
 *
 * Budgeted by work, not trees (issue 19's goal: tuning included, at most half scikit-learn's fit): the work of a
 * tree is estimated from sizes alone (treeWorkUnits: drawn rows × levels × (features per split + 4), never a measured
 * time, so a seed gives the same choice on any machine). No candidate may cost more than the base settings' forest:
 * many features per split are paid for with a smaller bootstrap (the largest of 1, ½, ¼, … of the patients that fits),
 * so the tuned forest never costs more to grow than scikit-learn's defaults. The search spends at most one base
 * forest's work (MIN_TUNING_WORK on quick tables, where that would buy too few trees to tell settings apart): a first
 * pass grows each candidate as a few small groups of trees and skips candidates once its share is spent (the
 * doublings of features per split stop there), then the base and the best few (successive halving) are grown again
 * as new groups with the work left and the choice is made on all their trees.
 *
 * Why the score is corrected for the number of trees: a candidate grows far fewer trees than the final forest,
 * and the out-of-bag Brier score of a few trees is inflated by their Monte Carlo spread, more for small leaves
 * (whose trees disagree more) than for large ones, which would bias the search toward large leaves. Each
 * candidate is therefore grown as a few independent groups of trees (one seed each). For a patient left out by
 * a trees of group A and b of group B, with out-of-bag means pA and pB: (pA − y)(pB − y) estimates the squared
 * error of the infinite forest without bias (the groups are independent given the data), and
 * (pA − pB)² / (1/a + 1/b) the variance of one tree's prediction; over every pair of groups, the score is the
 * first (weighted by a·b) plus the second divided by the final forest's trees: the expected Brier score of the
 * forest that will actually be grown. Four groups rather than two halves: more pairs, a steadier score for the
 * same trees. Every candidate uses the same seeds, so its groups leave the same patients out (common random
 * numbers) and differences between candidates are not drowned by bootstrap noise.
 *
 * The base settings (the first candidate) are left only for a candidate whose score is lower by more than two
 * standard errors of the paired difference over the same patients (on the finalists' rows when they were grown again): on small or easy cohorts the candidates differ
 * by less than their noise, and a setting that won by chance would be no better than scikit-learn's defaults.
 * Two, not one: with eight or more candidates, one of them beats the base by a standard error by chance more often
 * than not (measured: with one, the sample cohort's 5-fold AUC fell from 0.786 to 0.778, the folds choosing 3 to 20
 * features per split; with two, 0.788).
 *
 * Groups (families) are not taken into account: a patient's relatives can be in the bag of the trees that leave
 * the patient out, which flatters settings that memorise families (small leaves). Deterministic per seed, and
 * the same however the trees are spread over workers (out-of-bag probabilities are).
 */
import { brierScore, logLoss } from '../evaluate/metrics.ts';
import { resolveMaxFeatures, resolveMaxSamples } from './params.ts';
import { treeInBagCounts } from './inbag.ts';
import { deriveSeed } from './rng.ts';
import type { ForestParams } from './types.ts';

/** Minimum patients per leaf tried on a cohort of a few hundred to a few thousand patients. */
export const LEAF_SIZES = [1, 3, 5, 10, 20, 40];
/** Features per split tried at the best leaf, as multiples of the base settings' count (then doubled on, see above). */
export const FEATURE_MULTIPLES = [0.5, 2, 4];
/** Bootstrap sizes tried, as fractions of the base settings' (see above: they buy features per split). */
export const SAMPLE_FRACTIONS = [1, 0.5, 0.25, 0.125, 0.0625];
/** Fewest bootstrap draws a candidate's trees may have, and fewest per leaf of its minimum size. */
export const MIN_DRAWS = 64;
export const MIN_DRAWS_PER_LEAF = 16;
/** Work of the whole search as a multiple of the base settings' forest (forestWorkUnits). */
export const TUNING_BUDGET = 1;
/**
 * Work the search may always spend, however quick one forest is (about a fifth of a second to a second on a laptop's
 * core, from the calibration in app/tuneForest.ts): on small cohorts a budget relative to one quick fit buys too few
 * trees to tell settings apart, and the time is not noticed.
 */
export const MIN_TUNING_WORK = 5e7;
/** Work of the tuned forest at most, as a multiple of the base settings' forest (the base itself excepted). */
export const FINAL_WORK_CAP = 1;
/** Share of the search's work the first pass over the candidates may take; the rest confirms the finalists. */
export const FIRST_PASS_SHARE = 0.7;
/** Candidates the first pass expects to try, to size its trees (more are tried when the work allows). */
export const EXPECTED_CANDIDATES = 12;
/** Fewest trees per group in the first pass: with one, few patients are out of bag of two groups. */
export const MIN_TREES_PER_GROUP = 2;
/** Best candidates of the first pass (besides the base) grown again with more trees before the choice. */
export const FINALISTS = 3;
/** Standard errors by which a candidate's score must beat the base settings' for the search to leave them. */
export const CLEAR_GAIN_SE = 2;
/** Independent groups of trees (seeds) each candidate is grown as, in each pass (see the file's comment). */
export const TREE_GROUPS = 4;
/** Per-tree work done for every training row whatever the settings (drawing the bootstrap, out-of-bag votes). */
const ROW_OVERHEAD = 8;

/** One setting tried. */
export interface TuningCandidate {
  minSamplesLeaf: number;
  /** Features tried per split (a count). */
  maxFeatures: number;
  /** Bootstrap draws as a fraction of the training patients (1: as many as there are, the default). */
  sampleFraction: number;
}

/** What the search will do, known before any tree is grown (the app shows it beforehand). */
export interface TuningPlan {
  /** Leaf sizes of the first stage, at `baseFeatures` features per split. */
  leafSizes: number[];
  baseFeatures: number;
  /** Features per split of the second stage, at the best leaf: FEATURE_MULTIPLES, then doublings (tried while they help). */
  featureCounts: number[];
  /** How many of featureCounts are always tried (work allowing); the rest only while each doubling lowers the score. */
  featureCountsAlways: number;
  /** Bootstrap fractions of the base's that candidates may use (the largest whose forest fits FINAL_WORK_CAP). */
  sampleFractions: number[];
  /** Trees grown for each candidate in the first pass (TREE_GROUPS groups of treesPerCandidate / TREE_GROUPS each). */
  treesPerCandidate: number;
  /** Trees grown by the whole search at most; fewer when stages stop early or the work runs out. */
  tuningTrees: number;
  /** Trees of the final forest (the base settings' nEstimators). */
  finalTrees: number;
  /** Work units (forestWorkUnits) of the base settings' forest, of the search at most, and of a tuned forest at most. */
  baseWork: number;
  workBudget: number;
  finalWorkCap: number;
}

/** A candidate's out-of-bag figures. */
export interface CandidateScore extends TuningCandidate {
  /** 'confirm': a finalist grown again with more groups of trees, whose figures decide. */
  stage: 'leaf' | 'features' | 'fraction' | 'confirm';
  /** Trees grown for it (all its groups). */
  trees: number;
  /** The score: expected Brier score of a forest of the final size (see the file's comment). Lower is better. */
  brier: number;
  /** Brier score of its own out-of-bag probabilities (its `trees` trees: worse than the final forest's). */
  oobBrier: number;
  /** Log loss of the same probabilities (scikit-learn's clipping). */
  oobLogLoss: number;
  /** Patients scored: out of bag in trees of at least two groups. */
  rowsScored: number;
  /** How much lower its score is than the base settings' (paired over the same patients), and its standard error. */
  gain: number;
  gainStandardError: number;
}

/** What was tried and chosen. */
export interface TuningReport {
  metric: 'brier';
  plan: TuningPlan;
  candidates: CandidateScore[];
  chosen: TuningCandidate;
  /** Trees grown by the search (the final forest not included). */
  treesGrown: number;
  /** Work units the search spent (forestWorkUnits' units). */
  workSpent: number;
  /** Whether the out-of-bag scores keep groups together: they do not (see the file's comment). */
  groupAware: false;
}

/** The data a search runs on: outcomes of all rows and the training rows (all when absent). */
export interface TuningTask {
  y: Uint8Array;
  nClasses: number;
  nFeatures: number;
  rows?: Int32Array;
}

/**
 * Grows a forest with `params` on the task's training rows and returns its out-of-bag class probabilities
 * (row-major nRows × nClasses, NaN for rows no tree left out), as assembleForest computes them.
 */
export type GrowOutOfBag = (params: ForestParams) => Promise<Float64Array | null>;

/** Options of tuneForest. */
export interface TuneOptions {
  /** Trees grown so far by the search and its total. */
  onProgress?: (treesDone: number, treesTotal: number) => void;
}

/**
 * Work of one tree in arbitrary units, from sizes alone (never a measured time, so a seed gives the same choice on
 * any machine): the split search reads each node's drawn rows once per feature tried (+ 4 for partitioning and
 * walking them), a level of the tree holds every drawn row once, and the tree has about log2(draws / leaf) levels;
 * plus a pass over every training row (bootstrap, out-of-bag votes).
 */
export function treeWorkUnits(
  draws: number,
  minSamplesLeaf: number,
  featuresPerSplit: number,
  nTrain: number,
): number {
  const depth = Math.max(1, Math.log2(Math.max(2, draws / minSamplesLeaf)));
  return draws * depth * (featuresPerSplit + 4) + ROW_OVERHEAD * nTrain;
}

/** Work units of a forest of `params` on `nTrain` patients with `nFeatures` features (treeWorkUnits per tree). */
export function forestWorkUnits(params: ForestParams, nTrain: number, nFeatures: number): number {
  return (
    params.nEstimators *
    treeWorkUnits(
      resolveMaxSamples(params.maxSamples, nTrain),
      params.minSamplesLeaf,
      resolveMaxFeatures(params.maxFeatures, nFeatures),
      nTrain,
    )
  );
}

/** Leaf sizes worth trying on `nTrain` patients: the grid, doubled on for large cohorts, cut for small ones. */
export function leafSizesFor(nTrain: number): number[] {
  const sizes = [...LEAF_SIZES];
  // Large cohorts: ranger's and grf's experience is that useful leaves grow with the cohort.
  while (sizes[sizes.length - 1] * 2 <= nTrain / 100) sizes.push(sizes[sizes.length - 1] * 2);
  // A leaf of more than a tenth of the patients leaves a tree a handful of splits: not worth a candidate.
  const kept = sizes.filter((s) => s === 1 || s <= nTrain / 10);
  return kept;
}

/** The search's plan for `base` settings on `nTrain` training patients with `nFeatures` features. */
export function tuningPlan(base: ForestParams, nTrain: number, nFeatures: number): TuningPlan {
  if (!base.bootstrap) {
    throw new Error(
      'Tuning scores settings on out-of-bag patients, so it needs bootstrap; without bootstrap no patient is out of bag.',
    );
  }
  // The base settings' leaf first: every other candidate is compared with it.
  const leafSizes = [
    base.minSamplesLeaf,
    ...leafSizesFor(nTrain).filter((s) => s !== base.minSamplesLeaf),
  ];
  const baseFeatures = resolveMaxFeatures(base.maxFeatures, nFeatures);
  const featureCounts: number[] = [];
  const add = (m: number): void => {
    const count = Math.max(1, Math.min(nFeatures, Math.round(baseFeatures * m)));
    if (count !== baseFeatures && !featureCounts.includes(count)) featureCounts.push(count);
  };
  for (const m of FEATURE_MULTIPLES) add(m);
  const featureCountsAlways = featureCounts.length;
  const top = FEATURE_MULTIPLES[FEATURE_MULTIPLES.length - 1];
  let m = top * 2;
  for (; Math.round(baseFeatures * m) < nFeatures; m *= 2) add(m);
  // Every feature too, unless the last doubling came within a quarter of it (near-identical forests).
  if (featureCounts.length > 0 && featureCounts[featureCounts.length - 1] < 0.75 * nFeatures) {
    add(nFeatures / baseFeatures);
  }
  const baseWork = forestWorkUnits(base, nTrain, nFeatures);
  const baseTree = baseWork / base.nEstimators;
  const workBudget = Math.max(TUNING_BUDGET * baseWork, MIN_TUNING_WORK);
  // Trees per group of the first pass: EXPECTED_CANDIDATES candidates of at most a base tree's work each.
  const perGroup = Math.max(
    MIN_TREES_PER_GROUP,
    Math.floor((FIRST_PASS_SHARE * workBudget) / (EXPECTED_CANDIDATES * TREE_GROUPS * baseTree)),
  );
  const maxCandidates = 2 * leafSizes.length + featureCounts.length + SAMPLE_FRACTIONS.length;
  return {
    leafSizes,
    baseFeatures,
    featureCounts,
    featureCountsAlways,
    sampleFractions: SAMPLE_FRACTIONS,
    treesPerCandidate: TREE_GROUPS * perGroup,
    // At most: every candidate of every stage, then the finalists and the base with twice the trees per group.
    tuningTrees: TREE_GROUPS * perGroup * (maxCandidates + 2 * (FINALISTS + 1)),
    finalTrees: base.nEstimators,
    baseWork,
    workBudget,
    finalWorkCap: FINAL_WORK_CAP * baseWork,
  };
}

/** The seeds of a candidate's groups of trees: fixed by the base seed, shared by every candidate. */
export function groupSeeds(randomState: number, groups = TREE_GROUPS, first = 0): number[] {
  // Far from any tree index, so the groups' trees are not the final forest's first trees.
  return Array.from({ length: groups }, (_, g) => deriveSeed(randomState, 0x40000000 + first + g));
}

/** Per training row, how many of `nTrees` trees seeded `randomState` left it out of their bootstrap. */
function outOfBagCounts(
  randomState: number,
  maxSamples: ForestParams['maxSamples'],
  nTrees: number,
  nRows: number,
  train: Int32Array,
): Uint32Array {
  const out = new Uint32Array(nRows);
  for (let t = 0; t < nTrees; t++) {
    const inBag = treeInBagCounts({ randomState, bootstrap: true, maxSamples }, nRows, t, train);
    for (let i = 0; i < train.length; i++) if (inBag[train[i]] === 0) out[train[i]]++;
  }
  return out;
}

/**
 * The score of one candidate from its groups' out-of-bag probabilities (see the file's comment), and its raw
 * out-of-bag Brier score and log loss. probas[g] is group g's row-major nRows × nClasses out-of-bag probabilities,
 * counts[g] how many of its trees left each row out.
 */
export function scoreGroups(
  y: Uint8Array,
  nClasses: number,
  train: Int32Array,
  probas: Float64Array[],
  counts: Uint32Array[],
  finalTrees: number,
): Pick<CandidateScore, 'brier' | 'oobBrier' | 'oobLogLoss' | 'rowsScored'> & {
  /** Each training row's score, in the order of `train` (NaN: not scored). */
  perRow: Float64Array;
} {
  const K = nClasses;
  const G = probas.length;
  const perRow = new Float64Array(train.length).fill(NaN);
  // The binary Brier score looks at the second class only (metrics.ts, scikit-learn's brier_score_loss).
  const k0 = K === 2 ? 1 : 0;
  let sum = 0;
  let scored = 0;
  const pooledY: number[] = [];
  const pooled: number[] = [];
  const out: number[] = [];
  for (let i = 0; i < train.length; i++) {
    const r = train[i];
    out.length = 0;
    let total = 0;
    for (let g = 0; g < G; g++) {
      if (counts[g][r] > 0) {
        out.push(g);
        total += counts[g][r];
      }
    }
    if (out.length === 0) continue;
    pooledY.push(y[r]);
    for (let k = 0; k < K; k++) {
      let p = 0;
      for (const g of out) p += counts[g][r] * probas[g][r * K + k];
      pooled.push(p / total);
    }
    if (out.length < 2) continue;
    // Every pair of groups: the cross product weighted by their trees, the spread by its expected size.
    let cross = 0;
    let crossWeight = 0;
    let spread = 0;
    let spreadScale = 0;
    for (let u = 0; u < out.length; u++) {
      for (let v = u + 1; v < out.length; v++) {
        const a = out[u];
        const b = out[v];
        const ca = counts[a][r];
        const cb = counts[b][r];
        let c = 0;
        let d = 0;
        for (let k = k0; k < K; k++) {
          const target = y[r] === k ? 1 : 0;
          const pa = probas[a][r * K + k];
          const pb = probas[b][r * K + k];
          c += (pa - target) * (pb - target);
          d += (pa - pb) * (pa - pb);
        }
        cross += ca * cb * c;
        crossWeight += ca * cb;
        spread += d;
        spreadScale += 1 / ca + 1 / cb;
      }
    }
    perRow[i] = cross / crossWeight + spread / spreadScale / finalTrees;
    sum += perRow[i];
    scored++;
  }
  const yy = Uint8Array.from(pooledY);
  return {
    brier: scored > 0 ? sum / scored : NaN,
    oobBrier: brierScore(yy, pooled, K),
    oobLogLoss: logLoss(yy, pooled, K),
    rowsScored: scored,
    perRow,
  };
}

/** Mean and standard error of `reference` − `other` over the rows both scored (paired: the same patients). */
export function pairedGain(
  reference: Float64Array,
  other: Float64Array,
): { gain: number; standardError: number } {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < reference.length; i++) {
    const d = reference[i] - other[i];
    if (Number.isNaN(d)) continue;
    n++;
    sum += d;
    sumSq += d * d;
  }
  if (n < 2) return { gain: n === 1 ? sum : NaN, standardError: NaN };
  const mean = sum / n;
  const variance = Math.max(0, (sumSq - n * mean * mean) / (n - 1));
  return { gain: mean, standardError: Math.sqrt(variance / n) };
}

/**
 * Tune minimum patients per leaf, features per split and the bootstrap's size of `base` on out-of-bag patients (see
 * the file's comment), growing every candidate with `grow`; returns the settings to grow the final forest with and
 * what was tried.
 */
export async function tuneForest(
  task: TuningTask,
  base: ForestParams,
  grow: GrowOutOfBag,
  options: TuneOptions = {},
): Promise<{ params: ForestParams; report: TuningReport }> {
  const nRows = task.y.length;
  const train = task.rows
    ? Int32Array.from(task.rows).sort()
    : Int32Array.from({ length: nRows }, (_, i) => i);
  const nTrain = train.length;
  const plan = tuningPlan(base, nTrain, task.nFeatures);
  const perGroup = plan.treesPerCandidate / TREE_GROUPS;
  const baseDraws = resolveMaxSamples(base.maxSamples, nTrain);
  const drawsOf = (fraction: number): number =>
    fraction === 1 ? baseDraws : Math.max(1, Math.round(fraction * baseDraws));
  const maxSamplesOf = (fraction: number): ForestParams['maxSamples'] =>
    fraction === 1 ? (base.maxSamples ?? null) : drawsOf(fraction);
  const treeWork = (c: TuningCandidate): number =>
    treeWorkUnits(drawsOf(c.sampleFraction), c.minSamplesLeaf, c.maxFeatures, nTrain);
  const isBase = (c: TuningCandidate): boolean =>
    c.minSamplesLeaf === base.minSamplesLeaf &&
    c.maxFeatures === plan.baseFeatures &&
    c.sampleFraction === 1;
  /**
   * The candidate at a leaf and features per split with the largest bootstrap whose forest stays within the cap,
   * or from `fraction` down when given; null when none does (or its trees would be too small to split).
   */
  const affordable = (leaf: number, features: number, from = 1): TuningCandidate | null => {
    for (const fraction of plan.sampleFractions) {
      if (fraction > from) continue;
      const c = { minSamplesLeaf: leaf, maxFeatures: features, sampleFraction: fraction };
      if (isBase(c)) return c;
      const draws = drawsOf(fraction);
      // A smaller bootstrap only while its trees can still split a few times (the full one always).
      if (fraction < 1 && (draws < MIN_DRAWS || draws < MIN_DRAWS_PER_LEAF * leaf)) return null;
      if (base.nEstimators * treeWork(c) <= plan.finalWorkCap) return c;
    }
    return null;
  };

  const countsCache = new Map<string, Uint32Array>();
  const countsOf = (seed: number, fraction: number, trees: number): Uint32Array => {
    const key = `${seed}:${fraction}:${trees}`;
    let c = countsCache.get(key);
    if (!c) {
      c = outOfBagCounts(seed, maxSamplesOf(fraction), trees, nRows, train);
      countsCache.set(key, c);
    }
    return c;
  };
  const candidates: CandidateScore[] = [];
  let done = 0;
  let workSpent = 0;
  options.onProgress?.(0, plan.tuningTrees);

  /** Grows a candidate as groups of `trees` trees seeded `seeds` and returns their probabilities and counts. */
  const growGroups = async (
    c: TuningCandidate,
    seeds: number[],
    trees: number,
  ): Promise<{ probas: Float64Array[]; counts: Uint32Array[] }> => {
    const probas: Float64Array[] = [];
    for (const seed of seeds) {
      const proba = await grow({
        ...base,
        nEstimators: trees,
        randomState: seed,
        minSamplesLeaf: c.minSamplesLeaf,
        maxFeatures: c.maxFeatures,
        maxSamples: maxSamplesOf(c.sampleFraction),
        oobScore: true,
      });
      if (!proba || proba.length !== nRows * task.nClasses) {
        throw new Error('Tuning needs the out-of-bag probabilities of every candidate forest.');
      }
      probas.push(proba);
      done += trees;
      workSpent += trees * treeWork(c);
      options.onProgress?.(done, plan.tuningTrees);
    }
    return { probas, counts: seeds.map((seed) => countsOf(seed, c.sampleFraction, trees)) };
  };

  const score = (
    c: TuningCandidate,
    stage: CandidateScore['stage'],
    trees: number,
    grown: { probas: Float64Array[]; counts: Uint32Array[] },
    reference: Float64Array | null,
  ): { result: CandidateScore; perRow: Float64Array } => {
    const { perRow, ...figures } = scoreGroups(
      task.y,
      task.nClasses,
      train,
      grown.probas,
      grown.counts,
      plan.finalTrees,
    );
    const { gain, standardError } = pairedGain(reference ?? perRow, perRow);
    const result: CandidateScore = {
      ...c,
      stage,
      trees,
      ...figures,
      gain,
      gainStandardError: standardError,
    };
    return { result, perRow };
  };

  // The first pass: each candidate as TREE_GROUPS groups of perGroup trees, while the work allows.
  const seeds = groupSeeds(base.randomState);
  const firstPassWork = FIRST_PASS_SHARE * plan.workBudget;
  const firstPass = new Map<string, { grown: Awaited<ReturnType<typeof growGroups>> }>();
  const keyOf = (c: TuningCandidate): string =>
    `${c.minSamplesLeaf}/${c.maxFeatures}/${c.sampleFraction}`;
  let reference: Float64Array | null = null;
  const tryCandidate = async (
    c: TuningCandidate | null,
    stage: CandidateScore['stage'],
  ): Promise<CandidateScore | null> => {
    if (c === null) return null;
    const known = candidates.find((x) => x.stage !== 'confirm' && keyOf(x) === keyOf(c));
    if (known) return known;
    // The base is always tried; others only within the first pass's share of the work.
    if (!isBase(c) && workSpent + TREE_GROUPS * perGroup * treeWork(c) > firstPassWork) return null;
    const grown = await growGroups(c, seeds, perGroup);
    firstPass.set(keyOf(c), { grown });
    const { result, perRow } = score(c, stage, TREE_GROUPS * perGroup, grown, reference);
    reference ??= perRow;
    candidates.push(result);
    return result;
  };

  // Lower is better, but only a clear gain over the base settings moves away from them: on a small or easy
  // cohort the candidates' scores differ by less than their noise, and the base (scikit-learn's defaults) is
  // then kept rather than a setting that won by chance. NaN (nobody scored) never wins; ties keep the earlier.
  const better = (a: CandidateScore | null, b: CandidateScore | null): boolean =>
    a !== null &&
    (b === null ||
      (Number.isFinite(a.brier) &&
        a.brier < b.brier &&
        a.gain > CLEAR_GAIN_SE * a.gainStandardError));

  /** The lowest score of the candidates tried before `c`. */
  const lowestBefore = (c: CandidateScore): number =>
    Math.min(...candidates.slice(0, candidates.indexOf(c)).map((x) => x.brier));

  const baseCandidate: TuningCandidate = {
    minSamplesLeaf: base.minSamplesLeaf,
    maxFeatures: plan.baseFeatures,
    sampleFraction: 1,
  };
  let best: CandidateScore | null = await tryCandidate(baseCandidate, 'leaf');
  const baseScore = best as CandidateScore;
  // The search moves on from the lowest score so far (the choice itself needs a clear gain, above): a first pass
  // of few trees rarely shows one, and the settings that do (more features per split at larger leaves) are
  // reached only through candidates that merely scored lower.
  let lowestSoFar = baseScore;
  const track = (c: CandidateScore | null): void => {
    if (better(c, best)) best = c;
    if (c !== null && c.brier < lowestSoFar.brier) lowestSoFar = c;
  };
  for (const leaf of plan.leafSizes.slice(1)) {
    track(await tryCandidate(affordable(leaf, plan.baseFeatures), 'leaf'));
  }
  const bestLeaf = lowestSoFar.minSamplesLeaf;
  let previous: CandidateScore | null = null;
  for (const [i, m] of plan.featureCounts.entries()) {
    // A doubling only after one that lowered the score (the last multiple's counts, then each doubling's).
    if (i >= plan.featureCountsAlways && !(previous && previous.brier < lowestBefore(previous))) {
      break;
    }
    const s = await tryCandidate(affordable(bestLeaf, m), 'features');
    track(s);
    // A count with no affordable candidate, or no work left for it, ends the doublings.
    if (s === null && i >= plan.featureCountsAlways) break;
    previous = s ?? previous;
  }
  const afterFeatures = lowestSoFar;
  if (afterFeatures.maxFeatures !== plan.baseFeatures) {
    const grid = [...new Set(plan.leafSizes)].sort((a, b) => a - b);
    const at = grid.indexOf(bestLeaf);
    // The smaller neighbour, then up the grid from the best leaf while each size lowers the score.
    if (at > 0) {
      track(await tryCandidate(affordable(grid[at - 1], afterFeatures.maxFeatures), 'leaf'));
    }
    // Two sizes in a row that do not lower the score end the climb: one alone is often noise (measured on the
    // bench's 1,000 × 200 table: leaf 3 no better than 1, leaf 5 clearly better).
    let lowest = afterFeatures.brier;
    let misses = 0;
    for (const leaf of grid.slice(at + 1)) {
      const s = await tryCandidate(affordable(leaf, afterFeatures.maxFeatures), 'leaf');
      track(s);
      if (s !== null && s.brier < lowest) {
        lowest = s.brier;
        misses = 0;
      } else if (++misses === 2) {
        break;
      }
    }
  }
  // Smaller bootstraps at the best leaf and features per split, while each lowers the score (ranger's sample
  // fraction: less alike trees, and cheaper ones).
  {
    const at = lowestSoFar;
    let lowest = at.brier;
    for (const fraction of plan.sampleFractions) {
      if (fraction >= at.sampleFraction) continue;
      const s = await tryCandidate(
        affordable(at.minSamplesLeaf, at.maxFeatures, fraction),
        'fraction',
      );
      if (s === null || s.sampleFraction !== fraction) break;
      track(s);
      if (!(s.brier < lowest)) break;
      lowest = s.brier;
    }
  }

  // Confirm: the base and the best few of the first pass grown again as new groups with the work left, and the
  // choice made on all their groups (a first pass of few trees picks its winner partly by chance).
  const ranked = candidates
    .filter((c) => !isBase(c) && Number.isFinite(c.brier))
    .sort((a, b) => a.brier - b.brier)
    .slice(0, FINALISTS);
  const finalists = [baseScore, ...ranked];
  const leftWork = plan.workBudget - workSpent;
  const finalistWork = TREE_GROUPS * finalists.reduce((a, c) => a + treeWork(c), 0);
  const confirmPerGroup = Math.min(2 * perGroup, Math.floor(leftWork / finalistWork));
  if (ranked.length > 0 && confirmPerGroup >= 1) {
    const more = groupSeeds(base.randomState, TREE_GROUPS, TREE_GROUPS);
    let confirmReference: Float64Array | null = null;
    let confirmed: CandidateScore | null = null;
    for (const c of finalists) {
      const first = (firstPass.get(keyOf(c)) as { grown: Awaited<ReturnType<typeof growGroups>> })
        .grown;
      const second = await growGroups(c, more, confirmPerGroup);
      const all = {
        probas: [...first.probas, ...second.probas],
        counts: [...first.counts, ...second.counts],
      };
      const { result, perRow } = score(
        {
          minSamplesLeaf: c.minSamplesLeaf,
          maxFeatures: c.maxFeatures,
          sampleFraction: c.sampleFraction,
        },
        'confirm',
        TREE_GROUPS * (perGroup + confirmPerGroup),
        all,
        confirmReference,
      );
      confirmReference ??= perRow;
      candidates.push(result);
      if (better(result, confirmed)) confirmed = result;
    }
    best = confirmed;
  }
  const chosen = best as CandidateScore;
  if (!Number.isFinite(chosen.brier)) {
    throw new Error(
      'Tuning could not score any setting: no patient was left out by trees of two groups. Train with fixed settings instead.',
    );
  }
  return {
    params: {
      ...base,
      minSamplesLeaf: chosen.minSamplesLeaf,
      // The base's own words ("sqrt") when its count won, so the settings read as they were given.
      maxFeatures: chosen.maxFeatures === plan.baseFeatures ? base.maxFeatures : chosen.maxFeatures,
      maxSamples: maxSamplesOf(chosen.sampleFraction),
    },
    report: {
      metric: 'brier',
      plan,
      candidates,
      chosen: {
        minSamplesLeaf: chosen.minSamplesLeaf,
        maxFeatures: chosen.maxFeatures,
        sampleFraction: chosen.sampleFraction,
      },
      treesGrown: done,
      workSpent,
      groupAware: false,
    },
  };
}
