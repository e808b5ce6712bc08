/**
 * Minimum patients per leaf of a survival forest tuned on out-of-bag patients (issue 19, point 2): for survival
 * forests the leaf size matters most (ranger's and grf's experience; our default of 15 was measured on one cohort).
 * Each leaf size grows a smaller forest with the same seed (so the same bootstraps: common random numbers), and is
 * scored by Harrell's C of its out-of-bag risk scores over the patients every candidate left out at least once.
 *
 * The base settings' leaf (the first candidate) is left only for a candidate whose C is higher by more than two
 * standard errors of the paired difference, the standard error from a seeded bootstrap over those patients (C is
 * a pair statistic, with no per-patient terms to average): as for classification (tune.ts), with several
 * candidates one of them beats the base by chance more often than not.
 *
 * With groups (families, a patient's repeated records), a patient's out-of-bag risk comes only from trees that drew
 * nobody of their group (groupOutOfBagRisk): a near-copy of the patient in a tree's bag lets small leaves predict the
 * patient from the copy, which row-level out-of-bag scores reward. The bootstrap is not changed (the candidates' trees
 * stay the final forest's kind), so a group of g patients is wholly out of bag in about e^−g of the trees: fine for
 * families of a few, hopeless for sites of dozens. The bootstrap standard errors then resample whole groups. When
 * that way scores fewer than a quarter of the training patients (GROUP_SCORED_SHARE; measured on lung's institutions:
 * 3 to 11 of ~180 patients, all from the smallest sites, and one fold chose leaves of 3 on 11 patients), or leaves no
 * comparable pair, the search scores rows as before and its report says it did not keep groups together.
 */
import { harrellC } from '../survival/concordance.ts';
import { clustersOf, drawnGroups, GROUP_SCORED_SHARE } from './groupOob.ts';
import { treeInBagCounts } from './inbag.ts';
import { leafIndexColumnMajor } from './predict.ts';
import { Rng, deriveSeed } from './rng.ts';
import type { SurvivalForestModel } from './survivalForest.ts';
import type { SurvivalParams } from './survivalParams.ts';
import { addLeafJumps, prefixSumRows } from './survivalTree.ts';

/** Leaf sizes tried besides the base's, kept when at most a tenth of the training patients. */
export const SURVIVAL_LEAF_SIZES = [3, 5, 10, 15, 20, 40, 80];
/** Trees of the whole search as a multiple of the final forest's, and the fewest per candidate. */
export const SURVIVAL_TUNING_BUDGET = 2;
export const SURVIVAL_MIN_TREES = 20;
/** Bootstrap resamples of the patients for the standard error of a difference in C. */
export const C_BOOTSTRAP = 200;
/** Standard errors by which a candidate's C must beat the base's for the search to leave it. */
export const SURVIVAL_CLEAR_GAIN_SE = 2;
/** Least share of the training patients a group-aware search must score (groupOob.ts). */
export { GROUP_SCORED_SHARE };

/** One leaf size tried and its out-of-bag figures. */
export interface SurvivalCandidate {
  minSamplesLeaf: number;
  trees: number;
  /** Harrell's C of its out-of-bag risk over the patients scored (higher is better). */
  cindex: number;
  /** Its C minus the base's, over the same patients, and that difference's bootstrap standard error. */
  gain: number;
  gainStandardError: number;
}

/** What was tried and chosen. */
export interface SurvivalTuningReport {
  metric: 'oob-harrell-c';
  candidates: SurvivalCandidate[];
  chosen: number;
  /** Patients scored: out of bag in every candidate's forest. */
  rowsScored: number;
  treesGrown: number;
  /** Whether each patient was scored only by trees that drew nobody of their group (see the file comment). */
  groupAware: boolean;
}

/**
 * Groups of related patients for a group-aware search: each row's group index (an unlabelled row a group of its own,
 * as groupsFromCells makes them) and the features (column-major, as the forest was trained on) that route the rows
 * down the candidates' trees.
 */
export interface SurvivalTuningGroups {
  index: ArrayLike<number>;
  X: ArrayLike<number>;
}

/** What a search scores on: the cohort's follow-up, its training rows (all when absent) and any groups. */
export interface SurvivalTuningTask {
  time: ArrayLike<number>;
  event: ArrayLike<number>;
  rows?: ArrayLike<number>;
  groups?: SurvivalTuningGroups;
}

/**
 * Out-of-bag risk scores that keep groups together: each training row's cumulative hazard summed over the grid (the
 * forest's own out-of-bag risk) from only the trees whose bootstrap drew nobody of the row's group; NaN where no tree
 * did (and for rows outside `rows`). Tree t is the forest's t-th, its bootstrap replayed from the seed (inbag.ts).
 */
export function groupOutOfBagRisk(
  forest: Pick<SurvivalForestModel, 'params' | 'flatTrees' | 'timeGrid'>,
  nRows: number,
  groups: SurvivalTuningGroups,
  rows?: ArrayLike<number>,
): Float64Array {
  const train = rows ? Array.from(rows) : Array.from({ length: nRows }, (_, i) => i);
  const G = forest.timeGrid.length;
  const sum = new Float64Array(nRows * G);
  const count = new Uint32Array(nRows);
  const f = forest.flatTrees;
  for (let t = 0; t < f.treeCount; t++) {
    const inBag = treeInBagCounts(forest.params, nRows, t, rows);
    const drawn = drawnGroups(inBag, train, groups.index);
    const root = f.nodeStart[t];
    for (const r of train) {
      if (drawn[groups.index[r]]) continue;
      addLeafJumps(f, leafIndexColumnMajor(f, groups.X, nRows, r, root), sum, r * G);
      count[r]++;
    }
  }
  prefixSumRows(sum, G);
  const risk = new Float64Array(nRows).fill(NaN);
  for (const r of train) {
    if (count[r] === 0) continue;
    let s = 0;
    for (let j = 0; j < G; j++) s += sum[r * G + j];
    risk[r] = s / count[r];
  }
  return risk;
}

/** A candidate forest's risks for the search: out of bag by row, and by group when the task has groups. */
export function candidateRisks(
  task: SurvivalTuningTask,
  forest: Pick<SurvivalForestModel, 'params' | 'flatTrees' | 'timeGrid' | 'oobRisk'>,
): { rows: Float64Array | null; groups: Float64Array | null } {
  return {
    rows: forest.oobRisk,
    groups: task.groups
      ? groupOutOfBagRisk(forest, task.time.length, task.groups, task.rows)
      : null,
  };
}

/** The leaf sizes tried on `nTrain` patients, the base's first. */
export function survivalLeafSizes(nTrain: number, baseLeaf: number): number[] {
  return [baseLeaf, ...SURVIVAL_LEAF_SIZES.filter((s) => s !== baseLeaf && s <= nTrain / 10)];
}

/** The candidate forests of a leaf-size search: each one's settings (the base's leaf first) and the trees each grows. */
export interface SurvivalTuningPlan {
  leaves: number[];
  trees: number;
  candidates: SurvivalParams[];
}

/**
 * The leaf sizes a search on `nTrain` training patients tries from `baseLeaf`, and the trees each candidate forest
 * grows for a final forest of `nEstimators` trees (the whole search grows leaves × trees).
 */
export function survivalTuningTrees(
  nTrain: number,
  nEstimators: number,
  baseLeaf: number,
): { leaves: number[]; trees: number } {
  const leaves = survivalLeafSizes(nTrain, baseLeaf);
  const trees = Math.max(
    SURVIVAL_MIN_TREES,
    Math.floor((SURVIVAL_TUNING_BUDGET * nEstimators) / leaves.length),
  );
  return { leaves, trees };
}

/** The leaf sizes a search on `nTrain` training patients tries, and the settings each candidate forest grows with. */
export function planSurvivalTuning(nTrain: number, base: SurvivalParams): SurvivalTuningPlan {
  if (!base.bootstrap) {
    throw new Error(
      'Tuning scores settings on out-of-bag patients, so it needs bootstrap; without bootstrap no patient is out of bag.',
    );
  }
  const { leaves, trees } = survivalTuningTrees(nTrain, base.nEstimators, base.minSamplesLeaf);
  return {
    leaves,
    trees,
    candidates: leaves.map((leaf) => ({
      ...base,
      nEstimators: trees,
      minSamplesLeaf: leaf,
      oobScore: true,
    })),
  };
}

/**
 * Tune the minimum patients per leaf of `base` on the out-of-bag patients of `rows` (all when absent), growing each
 * candidate's forest with `grow` (which must return out-of-bag risk scores); returns the settings for the final
 * forest and what was tried.
 */
export async function tuneSurvivalLeaf(
  task: SurvivalTuningTask,
  base: SurvivalParams,
  grow: (
    params: SurvivalParams,
  ) => Promise<Pick<SurvivalForestModel, 'params' | 'flatTrees' | 'timeGrid' | 'oobRisk'>>,
): Promise<{ params: SurvivalParams; report: SurvivalTuningReport }> {
  const plan = planSurvivalTuning(task.rows ? task.rows.length : task.time.length, base);
  const risks: (Float64Array | null)[] = [];
  const groupRisks: (Float64Array | null)[] = [];
  for (const candidate of plan.candidates) {
    const r = candidateRisks(task, await grow(candidate));
    risks.push(r.rows);
    groupRisks.push(r.groups);
  }
  return chooseSurvivalLeaf(task, base, plan, risks, task.groups ? groupRisks : undefined);
}

/**
 * Scores every candidate of `plan` by Harrell's C of its out-of-bag risk scores (`risks`, in the plan's order, one
 * per row of the cohort) and keeps the base's leaf unless one is clearly better (see the file comment). With
 * `groupRisks` (groupOutOfBagRisk of each candidate) those score instead, unless they leave no leaf size scorable.
 */
export function chooseSurvivalLeaf(
  task: SurvivalTuningTask,
  base: SurvivalParams,
  plan: SurvivalTuningPlan,
  oobRisks: readonly (Float64Array | null | undefined)[],
  groupRisks?: readonly (Float64Array | null | undefined)[],
): { params: SurvivalParams; report: SurvivalTuningReport } {
  if (groupRisks) {
    const byGroup = scoreCandidates(task, base, plan, groupRisks, true);
    if (byGroup) return byGroup;
  }
  const byRow = scoreCandidates(task, base, plan, oobRisks, false);
  if (!byRow) {
    throw new Error(
      'Tuning could not score the leaf sizes: too few patients were left out of every candidate forest, or none had the event. Train with fixed settings instead.',
    );
  }
  return byRow;
}

/** chooseSurvivalLeaf on one set of risks; null when the base leaf's C cannot be computed on them. */
function scoreCandidates(
  task: SurvivalTuningTask,
  base: SurvivalParams,
  plan: SurvivalTuningPlan,
  oobRisks: readonly (Float64Array | null | undefined)[],
  groupAware: boolean,
): { params: SurvivalParams; report: SurvivalTuningReport } | null {
  const nRows = task.time.length;
  const train = task.rows
    ? Int32Array.from(task.rows).sort()
    : Int32Array.from({ length: nRows }, (_, i) => i);
  const { leaves, trees } = plan;
  if (oobRisks.length !== leaves.length) {
    throw new Error('Tuning needs the out-of-bag risk scores of every candidate forest.');
  }
  const risks: Float64Array[] = [];
  for (const risk of oobRisks) {
    if (!risk || risk.length !== nRows) {
      throw new Error('Tuning needs the out-of-bag risk scores of every candidate forest.');
    }
    risks.push(risk);
  }
  // The patients every candidate left out: the same patients score every candidate (a paired comparison).
  const scored = Array.from(train).filter((r) => risks.every((risk) => Number.isFinite(risk[r])));
  if (groupAware && scored.length < GROUP_SCORED_SHARE * train.length) return null;
  const time = scored.map((r) => task.time[r]);
  const event = scored.map((r) => task.event[r]);
  const cOf = (risk: Float64Array, pick: number[]): number => {
    try {
      return harrellC(
        { time: pick.map((i) => time[i]), event: pick.map((i) => event[i]) },
        pick.map((i) => risk[scored[i]]),
      ).cindex;
    } catch {
      // A resample with no comparable pair (or no event) has no C.
      return NaN;
    }
  };
  const all = scored.map((_, i) => i);
  const cs = risks.map((risk) => cOf(risk, all));
  if (!Number.isFinite(cs[0])) return null;
  // The same resamples for every candidate, seeded from the base settings; scored by group, whole groups are
  // resampled (relatives' scores move together, and resampling them one by one would understate the noise).
  const rng = new Rng(deriveSeed(base.randomState, 0x50000000));
  const clusters = groupAware && task.groups ? clustersOf(scored, task.groups.index) : null;
  const resamples = Array.from({ length: C_BOOTSTRAP }, () =>
    clusters
      ? Array.from({ length: clusters.length }, () => clusters[rng.nextInt(clusters.length)]).flat()
      : Array.from({ length: scored.length }, () => rng.nextInt(scored.length)),
  );
  const baseBoot = resamples.map((pick) => cOf(risks[0], pick));
  const candidates: SurvivalCandidate[] = leaves.map((leaf, k) => {
    let n = 0;
    let sum = 0;
    let sumSq = 0;
    if (k > 0) {
      resamples.forEach((pick, b) => {
        const d = cOf(risks[k], pick) - baseBoot[b];
        if (Number.isNaN(d)) return;
        n++;
        sum += d;
        sumSq += d * d;
      });
    }
    const mean = n > 0 ? sum / n : 0;
    const sd = n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : NaN;
    return {
      minSamplesLeaf: leaf,
      trees,
      cindex: cs[k],
      gain: cs[k] - cs[0],
      gainStandardError: k === 0 ? 0 : sd,
    };
  });
  let best = candidates[0];
  for (const c of candidates.slice(1)) {
    if (
      Number.isFinite(c.cindex) &&
      c.cindex > best.cindex &&
      c.gain > SURVIVAL_CLEAR_GAIN_SE * c.gainStandardError
    ) {
      best = c;
    }
  }
  return {
    params: { ...base, minSamplesLeaf: best.minSamplesLeaf },
    report: {
      metric: 'oob-harrell-c',
      candidates,
      chosen: best.minSamplesLeaf,
      rowsScored: scored.length,
      treesGrown: trees * leaves.length,
      groupAware,
    },
  };
}
