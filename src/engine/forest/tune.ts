/**
 * Forest settings tuned on out-of-bag patients, as tuneRanger (Probst, Wright & Boulesteix 2019) does: small
 * forests are grown with candidate settings and each is scored by the Brier score of its out-of-bag
 * probabilities; the best settings then grow the final forest. Probability forests with larger leaves
 * estimate probabilities better on noisy outcomes (Malley et al. 2012); scikit-learn's one patient per leaf
 * is best when the outcome is nearly a function of the features. Which holds is the data's to say.
 *
 * Screened candidates first, when the task carries screen weights (TuningTask.featureWeights, a chi-square screen of
 * the training rows: featureWeights.ts): after the base settings (uniform draws, their reference as always), the
 * same features per split drawn with those weights (an enriched random forest, Amaratunga et al. 2008) at leaves of
 * SCREENED_LEAVES (those ≤ n/10), each scored as every candidate is. If one of them beats the base by the clear-gain
 * rule below, the choice is among them by the one-standard-error rule (the largest leaf within one standard error of
 * the lowest score) and the search stops there: no features ladder, no depth climb, no refinement. Why (bench/
 * ENRICHED.md, CPU of one thread, 2026-12-07): on the bench's four wide tables, where a few features carry the outcome,
 * sqrt(p) uniform draws rarely meet them, and the uniform search finds them by many more features per split (dear: the
 * search cost 9–22× an untuned fit); screened draws at sqrt(p) meet them cheaply. That lean search chose leaves of
 * 20–40 and met issue 19's accuracy targets on all four tables (test AUC 0.7953–0.8392, above the uniform search's
 * on each) at 0.8–1.5× an untuned fit's CPU. Otherwise the screen did not help (e.g. an outcome driven by interactions
 * without marginal effects, where the weights favour noise that happened to pass the screen): the screened candidates'
 * trees are let go and the search below goes on from the base unchanged, so such tables lose the screened
 * candidates' trees and nothing else. Caveat: the screen saw every training patient, out of bag ones included, so
 * the screened candidates' out-of-bag scores are optimistic (measured: about 0.003 Brier, far less than their lead
 * over uniform draws at sqrt(p), 0.04–0.06, but the size of the gaps between screened leaf sizes); the summary says
 * so, and a cross-validated evaluation screens and tunes again inside each fold from that fold's training rows.
 *
 * The search, in two stages so that the budget stays small: minimum patients per leaf (1, 3, 5, 10, 20, 40, more
 * for large cohorts, fewer for small ones) at the features per split of the base settings; then, at the best leaf,
 * half, twice and four times those features per split, and on doubling (8, 16, … times, up to every feature) for as
 * long as each doubling lowers the score: on wide tables where a few features carry the outcome, sqrt(p) features
 * per split rarely meet them, and many more (XGBoost's random forests try 80 % of them) predict far better; the
 * doublings stop as soon as they stop helping, so narrow tables or diffuse signals pay nothing. When the features per
 * split moved, the leaf sizes are tried again at the new count, from the best one's smaller neighbour up the grid until
 * two sizes in a row do not lower the score: more features per split make each tree fit closer, and larger leaves then pay
 * (measured on the bench's 2,000 × 1,000 table: leaf 1 → 5 at 248 features per split, test Brier 0.185 → 0.179).
 * Starting that climb from the first stage's lowest-scoring leaf instead (significant or not) was tried and saved
 * nothing: on 2,000 × 1,000 it tried 5 leaf sizes at 496 features per split instead of 2 (search 6.2 s instead of 5.0 s
 * CPU) and chose leaf 20, whose final forest was quicker (1.0 s instead of 1.9 s): the same total, test Brier 0.1738
 * instead of 0.1741; on 5,000 × 2,000 as many trees (400) and the same choice.
 *
 * Maximum depth: every candidate with more features per split than the base settings grows its trees at most
 * depthLimit levels deep (log2 of the training patients over DEPTH_LEAF_PATIENTS, at least DEPTH_FLOOR, XGBoost's
 * random forests' max_depth), and the leaf sizes are not tried again at such a setting's features per split. Those
 * candidates are the search's costliest: a split over many features is dear, and the last levels of an unlimited
 * tree split thousands of small nodes; with many features per split each tree fits closely already, so its bottom
 * levels add little but noise, which the depth limit bounds much as larger leaves do (measured last session: on
 * 2,000 × 1,000, a depth-6 forest at 800 features per split fitted in 1.57 s instead of 2.81 s, test Brier 0.1723
 * instead of 0.1741). Then, from the lowest-scoring depth-limited setting, deeper trees (DEPTH_STEP levels more each
 * step, then no limit) for as long as each step lowers its score: a large cohort whose signal needs deep trees gets
 * them, and the one-standard-error rule (settingWork counts the levels) keeps the shallower when they score alike.
 * Measured with bench/tuneProfile.ts (CPU, one thread, 2026-12-06, load 5 to 11): on 2,000 × 1,000 the search
 * 5.9 s → 4.6 s, the final forest (reusing the search's trees) 1.7 s → 1.5 s, test AUC 0.8217 → 0.8239, Brier
 * 0.1741 → 0.1720 (leaf 1 at 496 features per split, depth 10 after the climb from 7); on 5,000 × 2,000 the search
 * about 31 s → 13.8 s and the final forest 3.8 s, test AUC 0.8207 → 0.8193, Brier 0.1722 → 0.1714 (leaf 1 at 704,
 * depth 8, where it chose leaf 20 at 704 without a limit). With 32 patients a leaf instead of 16 (depths 6 and 7
 * there) the depth-limited ladder went on to 1,408 and 2,000 features per split on 5,000 × 2,000 and chose 1,408
 * at depth 7: a dearer search and forest (23.2 s and 9.7 s) and test AUC 0.8124. Trying the leaves again at the
 * depth-limited winner as before climbed five leaf sizes at 992 features on 2,000 × 1,000 (the search 7.7 s) for a
 * test Brier of 0.1693: not worth its time.
 *
 * Sample fraction is not searched, and every candidate and the final forest draw as many patients as they train on
 * (the engine takes scikit-learn's max_samples, ForestParams.maxSamples). Search trees on half the patients (half the
 * time a tree, 61 % of the patients out of bag instead of 37 %) were tried and misjudge full-bootstrap forests: trees on
 * half samples are less alike, so small leaves at many features per split look better than they are. Measured with
 * bench/tuneProfile.ts (CPU, 2026-12-06): on 5,000 × 2,000 the half-sample search chose leaf 5 at 1,408 features per
 * split (test AUC 0.8092, Brier 0.1741; that forest takes 23 s to grow) where this search chooses leaf 20 at 704
 * (0.8207, 0.1722; 7 s); with the search trees' leaves halved too it chose leaf 10 at 1,408 (0.8170, 0.1716) but
 * searched as long (29.5 s) and grew an 18 s forest. Nor are half-sample final forests as good: on 2,000 × 1,000 at leaf
 * 40 and 992 features per split, test Brier 0.1693 → 0.1733; on 5,000 × 2,000 at leaf 20 and 704, 0.1722 → 0.1744.
 * And the search's trees would no longer be the final forest's first trees (below), which saves it 40 of 100 trees.
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
 * numbers) and differences between candidates are not drowned by bootstrap noise. The groups are the final forest's
 * first trees (group g: tree indices g·k to (g+1)·k − 1 of the base seed, each tree seeded by its index as always), so
 * the chosen setting's trees are the first trees of the forest it then grows: the caller may keep them and grow only
 * the rest, and the forest is the very one grown afresh.
 *
 * Twenty trees a candidate rank neighbours poorly: on the bench's wide tables their score moves by up to 0.01
 * between seeds, more than the gap between neighbouring feature counts. So the final choice is made among candidates
 * grown as REFINED_GROUPS groups (the search's best, the next lowest and the cheapest within one standard error of the
 * best, with the base as their reference); the extra groups have the same seeds for every candidate, so the
 * comparisons stay paired.
 *
 * Cost matters as well as the score (the one-standard-error rule, Breiman et al. 1984): a setting's work per tree
 * grows with its features per split (settingWork), and the chosen setting's work is paid again by every tree of the
 * final forest. So the final choice is the cheapest refined setting scoring within one standard error of the best
 * (of the paired difference, per patient, over the same out-of-bag patients), and a doubling of the features per
 * split that does not lower the score ends the ladder at once: close calls on the ladder used to be grown on more trees
 * before they decided, and on the bench's 5,000 × 2,000 table a tie at 1,408 features per split then cost a third of
 * the search, and was not chosen.
 *
 * The base settings (the first candidate) are left only for a candidate whose score is lower by more than two
 * standard errors of the paired difference over the same patients: on small or easy cohorts the candidates differ
 * by less than their noise, and a setting that won by chance would be no better than scikit-learn's defaults.
 * Two, not one: with eight or more candidates, one of them beats the base by a standard error by chance more often
 * than not (measured: with one, the sample cohort's 5-fold AUC fell from 0.786 to 0.778, the folds choosing 3 to 20
 * features per split; with two, 0.788).
 *
 * With groups (families, a patient's repeated records; TuningTask.groups), each patient's out-of-bag probabilities
 * come only from trees whose bootstrap drew nobody of their group (groupOob.ts): a relative in the bag of the trees
 * that leave the patient out flatters settings that memorise families (small leaves). The paired standard errors of
 * both choice rules then treat each group as one unit (the variance of a mean over whole groups: what resampling whole
 * groups estimates, without the resamples; relatives' scores move together, and one by one would understate the
 * noise). Whether a search keeps groups is decided before any tree is grown, from the seeds alone (every candidate
 * leaves the same patients out): when doing so scores fewer than GROUP_SCORED_SHARE of the training patients, rows
 * are scored as without groups and the report says so (groupAware). Singleton groups score exactly as no groups.
 * Deterministic per seed, and the same however the trees are spread over workers (out-of-bag probabilities are).
 */
import { brierScore, logLoss } from '../evaluate/metrics.ts';
import { resolveMaxFeatures } from './params.ts';
import { drawnGroups, GROUP_SCORED_SHARE } from './groupOob.ts';
import { treeInBagCounts } from './inbag.ts';
import type { ForestParams } from './types.ts';

/** Minimum patients per leaf tried on a cohort of a few hundred to a few thousand patients. */
export const LEAF_SIZES = [1, 3, 5, 10, 20, 40];
/** Features per split tried at the best leaf, as multiples of the base settings' count (then doubled on, see above). */
export const FEATURE_MULTIPLES = [0.5, 2, 4];
/** Trees of the whole search as a multiple of the final forest's (so tuning plus the fit is about 3 fits). */
export const TUNING_BUDGET = 2;
/** Standard errors by which a candidate's score must beat the base settings' for the search to leave them. */
export const CLEAR_GAIN_SE = 2;
/** Independent groups of trees (seeds) each candidate is grown as (see the file's comment). */
export const TREE_GROUPS = 4;
/** Fewest trees in each group, whatever the budget: fewer leave too few patients out of two groups. */
export const MIN_TREES_PER_GROUP = 4;
/**
 * Groups a candidate is grown as once refined (the leaders before the final choice, and both sides of a tie that
 * would end the features ladder): twice the trees, the extra groups' seeds shared by every refined candidate.
 */
export const REFINED_GROUPS = 2 * TREE_GROUPS;
/**
 * Leading candidates (besides the base settings, their reference) refined before the final choice: the lowest-scoring
 * ones, save one that scored above another finalist on the same groups and costs more per tree (settingWork). Once
 * refined, such a one could be chosen only by ending more than a standard error below the other (the
 * one-standard-error rule keeps the cheaper otherwise), its extra groups reversing the first ones' verdict beyond
 * their noise. Measured (CLI `evaluate --tune`, 100 trees, 5 folds, seeds 1–6, 2026-12-07): of 52 searches on
 * Wisconsin and the sample cohort that refined finalists, 27 refined such a one and none chose it; on the bench's
 * 300 × 50 table it is the 28-features-per-split setting at depth 6, whose 24 extra trees were 8 % of the tuned fit.
 */
export const FINALISTS = 2;
/**
 * Standard errors (paired, per patient, over the same out-of-bag patients) within which a cheaper setting counts as
 * good as a lower-scoring one: the one-standard-error rule (Breiman et al. 1984; Hastie, Tibshirani & Friedman, §7.10).
 */
export const ONE_SE = 1;
/** Shallowest depth limit of the candidates with more features per split: XGBoost's random forests' max_depth. */
export const DEPTH_FLOOR = 6;
/** Patients per leaf of a balanced tree at the depth limit, on cohorts large enough for DEPTH_FLOOR to give more. */
export const DEPTH_LEAF_PATIENTS = 16;
/** Levels added at each step of the climb to deeper trees after the search (then no limit). */
export const DEPTH_STEP = 3;
/** Leaf sizes of the screened candidates (those at most a tenth of the training patients; see the file's comment). */
export const SCREENED_LEAVES = [5, 10, 20, 40];

/** One setting tried. */
export interface TuningCandidate {
  minSamplesLeaf: number;
  /** Features tried per split (a count). */
  maxFeatures: number;
  /** Maximum depth of its trees; null: no limit. */
  maxDepth: number | null;
  /** Drawing each split's features with the task's screen weights (TuningTask.featureWeights); absent: uniform draws. */
  screened?: true;
}

/** What the search will do, known before any tree is grown (the app shows it beforehand). */
export interface TuningPlan {
  /**
   * Leaf sizes of the screened candidates tried right after the base settings, at `baseFeatures` features per split
   * (empty without screen weights; see the file's comment).
   */
  screenedLeaves: number[];
  /** Leaf sizes of the first stage, at `baseFeatures` features per split. */
  leafSizes: number[];
  baseFeatures: number;
  /** Features per split of the second stage, at the best leaf: FEATURE_MULTIPLES, then doublings (tried while they help). */
  featureCounts: number[];
  /** How many of featureCounts are always tried; the rest only while each doubling lowers the score. */
  featureCountsAlways: number;
  /**
   * Maximum depth of every candidate with more features per split than the base settings (see the file's comment);
   * null when the base settings limit the depth themselves (every candidate then keeps theirs).
   */
  depthLimit: number | null;
  /** Depths tried after the search, deeper each, at the lowest-scoring depth-limited setting (null: no limit). */
  deeperDepths: (number | null)[];
  /** Trees grown for each candidate (TREE_GROUPS groups of treesPerCandidate / TREE_GROUPS each). */
  treesPerCandidate: number;
  /** Trees a refined candidate is scored with (REFINED_GROUPS groups): the leaders and the cheapest near the best. */
  refinedTreesPerCandidate: number;
  /**
   * Settings the search always tries (each leaf size, then the features per split always tried; with screen weights,
   * the base and the screened candidates, after which it may stop).
   */
  candidatesAlways: number;
  /** Settings it tries at most (every doubling, and every leaf size again at the new features per split). */
  candidatesMost: number;
  /** Trees grown by the whole search at most (every doubling and leaf retry tried); fewer when the doublings stop early. */
  tuningTrees: number;
  /**
   * Trees grown by the search at the least: the settings always tried, then the base and the finalists refined (with
   * screen weights: the base and the screened candidates, when one of them is chosen). Exact whenever the search
   * returns so (the out-of-bag patients are the same for every setting, so all are scored or none).
   */
  fewestTuningTrees: number;
  /**
   * tuningTrees per tree of the final forest once the floor of MIN_TREES_PER_GROUP no longer holds the groups up:
   * the most another tree count's search can grow per tree (at least the floor's tuningTrees otherwise).
   */
  mostTreesPerFinalTree: number;
  /** Trees of the final forest (the base settings' nEstimators). */
  finalTrees: number;
}

/** A candidate's out-of-bag figures. */
export interface CandidateScore extends TuningCandidate {
  stage: 'leaf' | 'features' | 'depth';
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
  /** Whether each patient was scored only by trees that drew nobody of their group (see the file's comment). */
  groupAware: boolean;
}

/** The data a search runs on: outcomes of all rows, the training rows (all when absent) and any groups. */
export interface TuningTask {
  y: Uint8Array;
  nClasses: number;
  nFeatures: number;
  rows?: Int32Array;
  /** Each row's group index (related patients; an unlabelled row a group of its own, as groupsFromCells makes them). */
  groups?: ArrayLike<number>;
  /**
   * Draw weights from a screen of the training rows (featureWeights.ts' screenWeights; never of held-out rows): the
   * search then tries screened candidates first (see the file's comment). Absent or null: today's search alone.
   */
  featureWeights?: readonly number[] | null;
}

/**
 * Grows `params.nEstimators` trees of `params` on the task's training rows, from tree index `firstTree` on (each tree
 * seeded by its index, as in any forest), and returns their out-of-bag class probabilities (row-major
 * nRows × nClasses, NaN for rows no tree left out), as assembleForest computes them. When `groups` is true (a
 * group-aware search), it returns `{ rows, groups }`: the same, and those of only the trees that drew nobody of each
 * row's group (growTrees' groupOobSum / groupOobCount).
 */
export type GrowOutOfBag = (
  params: ForestParams,
  firstTree: number,
  groups?: boolean,
) => Promise<Float64Array | null | { rows: Float64Array | null; groups: Float64Array | null }>;

/** Options of tuneForest. */
export interface TuneOptions {
  /** Trees grown so far by the search and its total. */
  onProgress?: (treesDone: number, treesTotal: number) => void;
  /**
   * Called once for each setting whose trees can no longer be the chosen one's (so a caller keeping them for the final
   * forest may let them go): all but the base, the best so far and the lowest-scoring others. Rarely, a setting let go
   * is chosen after all; its trees are then grown again.
   */
  onRelease?: (c: TuningCandidate) => void;
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

/**
 * Relative work of growing a tree with a candidate's settings on `nTrain` patients: every level of a tree scans each
 * patient once per feature tried (+ 4 for the work a level does whatever the features, as forestWork in
 * app/tuneForest.ts), and a tree whose leaves hold at least `minSamplesLeaf` patients has about log2(nTrain / leaf)
 * levels. Measured on the bench's 5,000 × 2,000 table at 704 features per split: leaf 20 took 0.54 of leaf 1's time,
 * this says 0.63. Only the order matters (the one-standard-error rule's "cheapest").
 */
export function settingWork(c: TuningCandidate, nTrain: number): number {
  const levels = Math.log2(Math.max(2, nTrain / c.minSamplesLeaf));
  return (c.maxFeatures + 4) * (c.maxDepth === null ? levels : Math.min(c.maxDepth, levels));
}

/**
 * Depth limit of the candidates with more features per split than `base`'s on `nTrain` patients, and the deeper
 * depths climbed after the search (see the file's comment); none when `base` limits the depth itself.
 */
export function depthLadder(
  base: ForestParams,
  nTrain: number,
): { depthLimit: number | null; deeperDepths: (number | null)[] } {
  if (base.maxDepth !== null) return { depthLimit: null, deeperDepths: [] };
  const depthLimit = Math.max(
    DEPTH_FLOOR,
    Math.round(Math.log2(Math.max(1, nTrain / DEPTH_LEAF_PATIENTS))),
  );
  const deeperDepths: (number | null)[] = [];
  for (let d = depthLimit + DEPTH_STEP; d < Math.log2(Math.max(2, nTrain)); d += DEPTH_STEP) {
    deeperDepths.push(d);
  }
  deeperDepths.push(null);
  return { depthLimit, deeperDepths };
}

/** The search's plan for `base` settings on `nTrain` training patients with `nFeatures` features. */
export function tuningPlan(
  base: ForestParams,
  nTrain: number,
  nFeatures: number,
  screened = false,
): TuningPlan {
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
  // The budget is shared by the candidates always tried; the doublings, when they help, add their trees to it.
  // The screened candidates come on top (on the bench's 300 × 50 table, where none of them is chosen, the search grows
  // 360 trees for a budget of 200). Counting them in nCandidates was tried (bench/tuneProfile.ts, seed 1,
  // 2026-12-07): there, 4 trees a group instead of 6, 240 trees instead of 360 (a third fewer); but the
  // leader (14 features per split at depth 6) no longer beat the base by two standard errors, refined on 32 trees
  // (gain 0.0108 ± 0.0111, where 48 gave 0.0208 ± 0.0093), the base was kept, and the test AUC fell 0.7148 → 0.7074 and
  // the Brier score rose 0.2079 → 0.2129, missing issue 19's accuracy goal (AUC ≥ 0.7106, Brier ≤ 0.2102). Not kept.
  const nCandidates = leafSizes.length + featureCountsAlways;
  const perGroup = Math.max(
    MIN_TREES_PER_GROUP,
    Math.floor((TUNING_BUDGET * base.nEstimators) / (TREE_GROUPS * nCandidates)),
  );
  const { depthLimit, deeperDepths } = depthLadder(base, nTrain);
  const screenedLeaves = screened ? SCREENED_LEAVES.filter((s) => s <= nTrain / 10) : [];
  const L = screenedLeaves.length;
  // At most: every other leaf size again at the new features per split (its smaller neighbour and those above it),
  // and every deeper depth.
  const mostCandidates =
    2 * leafSizes.length -
    1 +
    featureCounts.length +
    (depthLimit !== null && featureCounts.some((m) => m > baseFeatures) ? deeperDepths.length : 0);
  // A depth-limited setting always tried (more features per split than the base's) is always tried one step deeper.
  const deeperAlways =
    depthLimit !== null && featureCounts.slice(0, featureCountsAlways).some((m) => m > baseFeatures)
      ? 1
      : 0;
  // Refined at most: the base, the finalists and the cheapest setting within one standard error of the best.
  const mostRefined = Math.min(mostCandidates, 1 + FINALISTS + 1);
  // Refined at least: the base and the lowest-scoring finalist (the others may be dominated by it: FINALISTS).
  const fewestRefined = 1 + Math.min(1, nCandidates - 1);
  // The screened candidates are tried whatever follows; when one of them is chosen the search stops there, so the
  // least is the base and them alone.
  const unscreenedFewest =
    TREE_GROUPS * (nCandidates + deeperAlways) + (REFINED_GROUPS - TREE_GROUPS) * fewestRefined;
  return {
    screenedLeaves,
    leafSizes,
    baseFeatures,
    featureCounts,
    featureCountsAlways,
    depthLimit,
    deeperDepths,
    treesPerCandidate: TREE_GROUPS * perGroup,
    refinedTreesPerCandidate: REFINED_GROUPS * perGroup,
    candidatesAlways: L > 0 ? 1 + L : nCandidates + deeperAlways,
    candidatesMost: mostCandidates + L,
    tuningTrees:
      perGroup *
      (TREE_GROUPS * (mostCandidates + L) + (REFINED_GROUPS - TREE_GROUPS) * mostRefined),
    fewestTuningTrees: perGroup * (L > 0 ? TREE_GROUPS * (1 + L) : unscreenedFewest),
    // perGroup ≤ TUNING_BUDGET · n / (TREE_GROUPS · nCandidates) above the floor.
    mostTreesPerFinalTree:
      (TUNING_BUDGET *
        (TREE_GROUPS * (mostCandidates + L) + (REFINED_GROUPS - TREE_GROUPS) * mostRefined)) /
      (TREE_GROUPS * nCandidates),
    finalTrees: base.nEstimators,
  };
}

/**
 * Per training row, how many of the trees `first` to `first + nTrees − 1` of `base` left it out of their bootstrap
 * (with `groups`, drew nobody of its group).
 */
function outOfBagCounts(
  base: ForestParams,
  first: number,
  nTrees: number,
  nRows: number,
  train: Int32Array,
  groups?: ArrayLike<number>,
): Uint32Array {
  const out = new Uint32Array(nRows);
  for (let t = first; t < first + nTrees; t++) {
    const inBag = treeInBagCounts(base, nRows, t, train);
    const drawn = groups ? drawnGroups(inBag, train, groups) : null;
    for (let i = 0; i < train.length; i++) {
      const r = train[i];
      if (drawn ? drawn[(groups as ArrayLike<number>)[r]] === 0 : inBag[r] === 0) out[r]++;
    }
  }
  return out;
}

/** Rows of `train` that `counts` (one per group of trees) leave out of at least two groups: those scoreGroups scores. */
function rowsOutOfTwo(train: Int32Array, counts: Uint32Array[]): number {
  let n = 0;
  for (const r of train) if (counts.filter((c) => c[r] > 0).length >= 2) n++;
  return n;
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
  // Typed buffers of at most every training row, cut to the rows pooled: the search scores its candidates again and
  // again, and growing plain arrays row by row was a share of its own work.
  const pooledY = new Uint8Array(train.length);
  const pooled = new Float64Array(train.length * K);
  let nPooled = 0;
  const out = new Int32Array(G);
  for (let i = 0; i < train.length; i++) {
    const r = train[i];
    let nOut = 0;
    let total = 0;
    for (let g = 0; g < G; g++) {
      if (counts[g][r] > 0) {
        out[nOut++] = g;
        total += counts[g][r];
      }
    }
    if (nOut === 0) continue;
    pooledY[nPooled] = y[r];
    for (let k = 0; k < K; k++) {
      let p = 0;
      for (let u = 0; u < nOut; u++) p += counts[out[u]][r] * probas[out[u]][r * K + k];
      pooled[nPooled * K + k] = p / total;
    }
    nPooled++;
    if (nOut < 2) continue;
    // Every pair of groups: the cross product weighted by their trees, the spread by its expected size.
    let cross = 0;
    let crossWeight = 0;
    let spread = 0;
    let spreadScale = 0;
    for (let u = 0; u < nOut; u++) {
      for (let v = u + 1; v < nOut; v++) {
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
  const yy = pooledY.subarray(0, nPooled);
  const pp = pooled.subarray(0, nPooled * K);
  return {
    brier: scored > 0 ? sum / scored : NaN,
    oobBrier: brierScore(yy, pp, K),
    oobLogLoss: logLoss(yy, pp, K),
    rowsScored: scored,
    perRow,
  };
}

/**
 * Mean and standard error of `reference` − `other` over the rows both scored (paired: the same patients). With
 * `clusters` (each entry's group), the standard error treats each group as one unit: the cluster-robust variance of
 * the mean, the large-sample value of resampling whole groups; when every group has one member, the same as without.
 */
export function pairedGain(
  reference: Float64Array,
  other: Float64Array,
  clusters?: ArrayLike<number>,
): { gain: number; standardError: number } {
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  const size = new Map<number, number>();
  for (let i = 0; i < reference.length; i++) {
    const d = reference[i] - other[i];
    if (Number.isNaN(d)) continue;
    n++;
    sum += d;
    sumSq += d * d;
    if (clusters) size.set(clusters[i], (size.get(clusters[i]) ?? 0) + 1);
  }
  if (n < 2) return { gain: n === 1 ? sum : NaN, standardError: NaN };
  const mean = sum / n;
  if (clusters && size.size < n) {
    if (size.size < 2) return { gain: mean, standardError: NaN };
    const byGroup = new Map<number, number>();
    for (let i = 0; i < reference.length; i++) {
      const d = reference[i] - other[i];
      if (Number.isNaN(d)) continue;
      byGroup.set(clusters[i], (byGroup.get(clusters[i]) ?? 0) + d - mean);
    }
    let ss = 0;
    for (const s of byGroup.values()) ss += s * s;
    const G = byGroup.size;
    return { gain: mean, standardError: Math.sqrt((G / (G - 1)) * ss) / n };
  }
  const variance = Math.max(0, (sumSq - n * mean * mean) / (n - 1));
  return { gain: mean, standardError: Math.sqrt(variance / n) };
}

/**
 * Tune minimum patients per leaf and features per split of `base` on out-of-bag patients (see the file's
 * comment), growing every candidate with `grow`; returns the settings to grow the final forest with and what
 * was tried.
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
  const weights = task.featureWeights ?? null;
  if (weights && weights.length !== task.nFeatures) {
    throw new Error(
      `Tuning was given ${weights.length} screen weights for ${task.nFeatures} features.`,
    );
  }
  const plan = tuningPlan(base, train.length, task.nFeatures, weights !== null);
  const perGroup = plan.treesPerCandidate / TREE_GROUPS;
  if (task.groups && task.groups.length !== nRows) {
    throw new Error(`Tuning was given ${task.groups.length} group labels for ${nRows} patients.`);
  }
  // Whether to keep groups, decided from the seeds before any tree is grown (see the file's comment).
  const counts: Uint32Array[] = [];
  let groupAware = false;
  if (task.groups) {
    const byGroup = Array.from({ length: TREE_GROUPS }, (_, g) =>
      outOfBagCounts(base, g * perGroup, perGroup, nRows, train, task.groups),
    );
    groupAware = rowsOutOfTwo(train, byGroup) >= GROUP_SCORED_SHARE * train.length;
    if (groupAware) counts.push(...byGroup);
  }
  // Out-of-bag counts of the extra groups are drawn only when a candidate is first refined (by group likewise).
  const countsUpTo = (groups: number): Uint32Array[] => {
    for (let g = counts.length; g < groups; g++) {
      counts.push(
        outOfBagCounts(
          base,
          g * perGroup,
          perGroup,
          nRows,
          train,
          groupAware ? task.groups : undefined,
        ),
      );
    }
    return counts.slice(0, groups);
  };
  /** Each scored entry's group (in the order of `train`) for the standard errors, when groups are kept. */
  const clusters = groupAware
    ? Int32Array.from(train, (r) => (task.groups as ArrayLike<number>)[r])
    : undefined;
  const candidates: CandidateScore[] = [];
  /** Each candidate's groups' out-of-bag probabilities (TREE_GROUPS, or REFINED_GROUPS once refined). */
  const grown = new Map<CandidateScore, Float64Array[]>();
  let done = 0;
  options.onProgress?.(0, plan.tuningTrees);

  const released = new Set<CandidateScore>();
  /**
   * Lets go (onRelease) of every setting but the base, the best so far, the lowest-scoring others, the cheapest within
   * one standard error of the best (the one-standard-error rule's pick so far) and the refined ones (being refined:
   * `refining`): the choice is among the refined, whose scores move when refined, so that one let go for a lower score
   * at the time could still win (measured: it did, in one search in six on the bench's 1,000 × 200).
   */
  const releaseOthers = (refining: TuningCandidate[] = []): void => {
    if (!options.onRelease || candidates.length === 0) return;
    const cheap = cheapestNear(best ?? candidates[0], candidates);
    const lowest = candidates
      .slice(1)
      .filter((c) => Number.isFinite(c.brier))
      .sort((a, b) => a.brier - b.brier)
      .slice(0, FINALISTS);
    for (const c of candidates.slice(1)) {
      const refined = (grown.get(c)?.length ?? 0) > TREE_GROUPS || refining.includes(c);
      if (c === best || c === cheap || lowest.includes(c) || refined || released.has(c)) continue;
      released.add(c);
      options.onRelease({
        minSamplesLeaf: c.minSamplesLeaf,
        maxFeatures: c.maxFeatures,
        maxDepth: c.maxDepth,
      });
    }
  };

  const growGroups = async (
    c: TuningCandidate,
    from: number,
    to: number,
    refining: TuningCandidate[] = [],
  ): Promise<Float64Array[]> => {
    // Before more trees are grown, so that at most a few settings' trees are held at a time.
    releaseOthers(refining);
    const probas: Float64Array[] = [];
    for (let g = from; g < to; g++) {
      const grown = await grow(
        {
          ...base,
          nEstimators: perGroup,
          minSamplesLeaf: c.minSamplesLeaf,
          maxFeatures: c.maxFeatures,
          maxDepth: c.maxDepth,
          ...(c.screened ? { featureWeights: weights } : {}),
          oobScore: true,
        },
        g * perGroup,
        groupAware,
      );
      const proba =
        grown instanceof Float64Array || grown === null
          ? groupAware
            ? null
            : grown
          : groupAware
            ? grown.groups
            : grown.rows;
      if (!proba || proba.length !== nRows * task.nClasses) {
        throw new Error(
          groupAware
            ? 'Tuning with groups needs the out-of-bag probabilities of every candidate forest by group.'
            : 'Tuning needs the out-of-bag probabilities of every candidate forest.',
        );
      }
      probas.push(proba);
      done += perGroup;
      options.onProgress?.(done, plan.tuningTrees);
    }
    return probas;
  };
  const score = (probas: Float64Array[]): ReturnType<typeof scoreGroups> =>
    scoreGroups(task.y, task.nClasses, train, probas, countsUpTo(probas.length), plan.finalTrees);
  /** Each candidate's per-patient scores on its first g groups, by g (a candidate's first groups never change). */
  const perRows = new Map<CandidateScore, Map<number, Float64Array>>();
  const perRowOn = (c: CandidateScore, groups: number): Float64Array => {
    const byGroups = perRows.get(c) ?? new Map<number, Float64Array>();
    perRows.set(c, byGroups);
    let perRow = byGroups.get(groups);
    if (!perRow) {
      perRow = score((grown.get(c) as Float64Array[]).slice(0, groups)).perRow;
      byGroups.set(groups, perRow);
    }
    return perRow;
  };
  /** How much higher `c` scores than `ref`, paired over the same patients on the groups both have, and its error. */
  const pairedExcess = (
    c: CandidateScore,
    ref: CandidateScore,
  ): { excess: number; standardError: number } => {
    const groups = Math.min(
      (grown.get(c) as Float64Array[]).length,
      (grown.get(ref) as Float64Array[]).length,
    );
    const { gain, standardError } = pairedGain(
      perRowOn(c, groups),
      perRowOn(ref, groups),
      clusters,
    );
    return { excess: gain, standardError };
  };
  /** Whether `c` may be chosen at all: the base, or a setting beating it clearly (see `better` below). */
  const eligible = (c: CandidateScore): boolean =>
    c === candidates[0] ||
    (Number.isFinite(c.brier) && c.gain > CLEAR_GAIN_SE * c.gainStandardError);
  /**
   * The one-standard-error rule: of `list`'s eligible settings whose score is at most ONE_SE standard errors (paired
   * over the same out-of-bag patients) above `ref`'s, the one with the least work per tree (settingWork; the earlier
   * on equal work), or `ref` when none is cheaper. Differences within one standard error are noise as far as the
   * out-of-bag patients can tell, while the work of the final forest's trees is certain.
   */
  const cheapestNear = (ref: CandidateScore, list: CandidateScore[]): CandidateScore => {
    let pick = ref;
    for (const c of list) {
      if (c === ref || !eligible(c)) continue;
      if (settingWork(c, train.length) >= settingWork(pick, train.length)) continue;
      const { excess, standardError } = pairedExcess(c, ref);
      if (excess <= ONE_SE * standardError) pick = c;
    }
    return pick;
  };
  /** Sets a candidate's figures from its groups, its gain paired with the base over the same groups. */
  const rescore = (c: CandidateScore): void => {
    const probas = grown.get(c) as Float64Array[];
    const { perRow, ...figures } = score(probas);
    // Kept for the choice rules' pairings (perRowOn), and the base's taken from there for every candidate's gain: half
    // the search's scoreGroups calls used to score the same groups again (counted on the bench's tables: 30 → 15 on
    // 300 × 50, 11 → 5 on 1,000 × 200, 12 → 5 on 2,000 × 1,000; the same figures).
    const byGroups = perRows.get(c) ?? new Map<number, Float64Array>();
    perRows.set(c, byGroups);
    byGroups.set(probas.length, perRow);
    const reference = perRowOn(candidates[0], probas.length);
    const { gain, standardError } = pairedGain(reference, perRow, clusters);
    Object.assign(c, figures, {
      trees: probas.length * perGroup,
      gain,
      gainStandardError: standardError,
    });
  };

  const tryCandidate = async (
    c: TuningCandidate,
    stage: CandidateScore['stage'],
    list: CandidateScore[] = candidates,
  ): Promise<CandidateScore> => {
    const probas = await growGroups(c, 0, TREE_GROUPS);
    const result = { ...c, stage } as CandidateScore;
    // The base settings are tried first, so every later candidate is compared with them.
    list.push(result);
    grown.set(result, probas);
    rescore(result);
    return result;
  };

  /**
   * Grows the extra groups of `list` (and of the base, their gains' reference; each candidate once) and rescores
   * them on all groups, with the same seeds for all: common random numbers, so their differences are sharper.
   */
  const refine = async (list: CandidateScore[]): Promise<void> => {
    const base0 = candidates[0];
    for (const c of [base0, ...list.filter((x) => x !== base0)]) {
      const probas = grown.get(c) as Float64Array[];
      if (probas.length < REFINED_GROUPS)
        probas.push(...(await growGroups(c, probas.length, REFINED_GROUPS, list)));
    }
    for (const c of candidates)
      if ((grown.get(c) as Float64Array[]).length === REFINED_GROUPS) rescore(c);
  };

  // Lower is better, but only a clear gain over the base settings moves away from them: on a small or easy
  // cohort the candidates' scores differ by less than their noise, and the base (scikit-learn's defaults) is
  // then kept rather than a setting that won by chance. NaN (nobody scored) never wins; ties keep the earlier.
  const better = (a: CandidateScore, b: CandidateScore | null): boolean =>
    b === null ||
    (Number.isFinite(a.brier) && a.brier < b.brier && a.gain > CLEAR_GAIN_SE * a.gainStandardError);

  /** The lowest-scoring candidate tried before `c`. */
  const lowestBefore = (c: CandidateScore): CandidateScore =>
    candidates.slice(0, candidates.indexOf(c)).reduce((a, b) => (b.brier < a.brier ? b : a));

  /**
   * Whether the ladder goes on after `c`: when it lowered the score below the lowest so far, by however little. A
   * doubling that did not ends the ladder at once: ties used to be grown on more trees first, which made the doublings
   * that did not help the search's costliest candidates (measured on the bench's 5,000 × 2,000 table: 10.6 of 31.8 s
   * for a tie at 1,408 features per split, not chosen). Not one standard error either: on small tables the gain of
   * each doubling is within the noise of 20 trees while that of several is not (measured on the bench's 1,000 × 200
   * table: the ladder stopped at 56 features per split and kept the base, test AUC 0.787 → 0.757); going on is cheap
   * there, and the choice among what was tried is the one-standard-error rule's (cheapestNear).
   */
  const lowers = (c: CandidateScore): boolean => c.brier < lowestBefore(c).brier;

  /** Depth of a candidate's trees: limited for more features per split than the base's (see the file's comment). */
  const depthFor = (maxFeatures: number): number | null =>
    maxFeatures > plan.baseFeatures && plan.depthLimit !== null ? plan.depthLimit : base.maxDepth;

  /** The result: `chosen`'s settings, and every candidate tried (the base first, then the screened ones). */
  const result = (chosen: CandidateScore, screened: CandidateScore[]) => {
    const picked: TuningCandidate = {
      minSamplesLeaf: chosen.minSamplesLeaf,
      maxFeatures: chosen.maxFeatures,
      maxDepth: chosen.maxDepth,
      ...(chosen.screened ? { screened: true as const } : {}),
    };
    return {
      params: {
        ...base,
        minSamplesLeaf: chosen.minSamplesLeaf,
        // The base's own words ("sqrt") when its count won, so the settings read as they were given.
        maxFeatures:
          chosen.maxFeatures === plan.baseFeatures ? base.maxFeatures : chosen.maxFeatures,
        maxDepth: chosen.maxDepth,
        ...(chosen.screened ? { featureWeights: weights } : {}),
      },
      report: {
        metric: 'brier' as const,
        plan,
        candidates: [candidates[0], ...screened, ...candidates.slice(1)],
        chosen: picked,
        treesGrown: done,
        groupAware,
      },
    };
  };
  const releaseScreened = (list: CandidateScore[], keep: CandidateScore | null): void => {
    for (const c of list) {
      if (c === keep) continue;
      options.onRelease?.({
        minSamplesLeaf: c.minSamplesLeaf,
        maxFeatures: c.maxFeatures,
        maxDepth: c.maxDepth,
        screened: true,
      });
    }
  };

  // Declared before the search's first growth: releaseOthers reads it.
  let best: CandidateScore | null = null;
  const [baseLeaf, ...otherLeaves] = plan.leafSizes;
  best = await tryCandidate(
    { minSamplesLeaf: baseLeaf, maxFeatures: plan.baseFeatures, maxDepth: base.maxDepth },
    'leaf',
  );
  // Screened candidates (see the file's comment): kept apart from the search below, which goes on without them.
  const screened: CandidateScore[] = [];
  for (const leaf of plan.screenedLeaves) {
    await tryCandidate(
      {
        minSamplesLeaf: leaf,
        maxFeatures: plan.baseFeatures,
        maxDepth: base.maxDepth,
        screened: true,
      },
      'leaf',
      screened,
    );
  }
  const clear = screened.filter(eligible);
  if (clear.length > 0) {
    const lowest = clear.reduce((a, b) => (b.brier < a.brier ? b : a));
    const chosen = cheapestNear(lowest, clear);
    releaseScreened(screened, chosen);
    return result(chosen, screened);
  }
  releaseScreened(screened, null);
  for (const leaf of otherLeaves) {
    const s = await tryCandidate(
      { minSamplesLeaf: leaf, maxFeatures: plan.baseFeatures, maxDepth: base.maxDepth },
      'leaf',
    );
    if (better(s, best)) best = s;
  }
  const bestLeaf = (best as CandidateScore).minSamplesLeaf;
  let previous: CandidateScore | null = null;
  for (const [i, m] of plan.featureCounts.entries()) {
    // A doubling only after one that lowered the score (the last multiple's counts, then each doubling's).
    if (i >= plan.featureCountsAlways && !(previous && lowers(previous))) {
      break;
    }
    const s = await tryCandidate(
      { minSamplesLeaf: bestLeaf, maxFeatures: m, maxDepth: depthFor(m) },
      'features',
    );
    if (better(s, best)) best = s;
    previous = s;
  }
  const afterFeatures = best as CandidateScore;
  // Not at a depth limit, which bounds the trees' size already (see the file's comment).
  const depthLimited = plan.depthLimit !== null && afterFeatures.maxDepth === plan.depthLimit;
  if (afterFeatures.maxFeatures !== plan.baseFeatures && !depthLimited) {
    const grid = [...new Set(plan.leafSizes)].sort((a, b) => a - b);
    const at = grid.indexOf(bestLeaf);
    // The smaller neighbour, then up the grid from the best leaf while each size lowers the score.
    if (at > 0) {
      const s = await tryCandidate(
        {
          minSamplesLeaf: grid[at - 1],
          maxFeatures: afterFeatures.maxFeatures,
          maxDepth: afterFeatures.maxDepth,
        },
        'leaf',
      );
      if (better(s, best)) best = s;
    }
    // Two sizes in a row that do not lower the score end the climb: one alone is often noise (measured on the
    // bench's 1,000 × 200 table: leaf 3 no better than 1, leaf 5 clearly better).
    let lowest = afterFeatures.brier;
    let misses = 0;
    for (const leaf of grid.slice(at + 1)) {
      const s = await tryCandidate(
        {
          minSamplesLeaf: leaf,
          maxFeatures: afterFeatures.maxFeatures,
          maxDepth: afterFeatures.maxDepth,
        },
        'leaf',
      );
      if (better(s, best)) best = s;
      if (s.brier < lowest) {
        lowest = s.brier;
        misses = 0;
      } else if (++misses === 2) {
        break;
      }
    }
  }
  // Deeper trees at the lowest-scoring depth-limited setting, while each step lowers its score (see the file's comment).
  const limited = candidates.filter(
    (c) => plan.depthLimit !== null && c.maxDepth === plan.depthLimit && Number.isFinite(c.brier),
  );
  let shallower = limited.length > 0 ? limited.reduce((a, b) => (b.brier < a.brier ? b : a)) : null;
  for (const depth of shallower ? plan.deeperDepths : []) {
    const from = shallower as CandidateScore;
    const s = await tryCandidate(
      { minSamplesLeaf: from.minSamplesLeaf, maxFeatures: from.maxFeatures, maxDepth: depth },
      'depth',
    );
    if (better(s, best)) best = s;
    if (!(s.brier < from.brier)) break;
    shallower = s;
  }
  // The final choice on more trees: the leaders' scores from TREE_GROUPS groups alone can swap on noise. The
  // leaders are the search's best, the lowest-scoring others and the cheapest setting within one standard error of
  // the best (so that the rule below has it to choose); every refined candidate then competes on all its groups,
  // paired with the base on the same.
  const others = candidates.slice(1).filter((c) => Number.isFinite(c.brier));
  const finalists = [
    ...others.filter((c) => c === best),
    ...others.filter((c) => c !== best).sort((a, b) => a.brier - b.brier),
  ].slice(0, FINALISTS);
  // A finalist that scored above another on the same groups and costs more per tree is not refined (see FINALISTS).
  // The cheapest setting near the best, added below, always is: the rule below may choose it.
  const lowestFinalist = finalists.reduce<CandidateScore | null>(
    (a, b) => (a === null || b.brier < a.brier ? b : a),
    null,
  );
  const leaders = finalists.filter(
    (c) =>
      c === lowestFinalist ||
      !(
        c.brier > (lowestFinalist as CandidateScore).brier &&
        settingWork(c, train.length) > settingWork(lowestFinalist as CandidateScore, train.length)
      ),
  );
  const cheap = cheapestNear(best as CandidateScore, others);
  if (cheap !== candidates[0] && !leaders.includes(cheap)) leaders.push(cheap);
  await refine(leaders);
  best = candidates[0];
  const refined = others.filter((c) => c.trees === plan.refinedTreesPerCandidate);
  for (const c of refined) if (better(c, best)) best = c;
  // Then the cheapest of the refined within one standard error of that best (the one-standard-error rule).
  const chosen = cheapestNear(best, [candidates[0], ...refined]);
  if (!Number.isFinite(chosen.brier)) {
    throw new Error(
      'Tuning could not score any setting: no patient was left out by trees of two groups. Train with fixed settings instead.',
    );
  }
  return result(chosen, screened);
}
