/**
 * The "tune, then train" use case: forest settings chosen on out-of-bag patients (engine/forest/tune.ts), for the
 * command line (forests grown in this process or in a Node pool) and for the app's training client (shards grown
 * in the browser's pool) alike. The caller grows the final forest with the settings returned.
 */
import {
  tuneForest,
  tuningPlan,
  type TuningReport,
  type TuningTask,
  type TuneOptions,
} from '../engine/forest/tune.ts';
import { shortName } from '../engine/data/values.ts';
import { GROUP_SCORED_SHARE } from '../engine/forest/groupOob.ts';
import { resolveMaxFeatures } from '../engine/forest/params.ts';
import type { ForestModel, ForestParams, TreeShard } from '../engine/forest/types.ts';

export type { TuningReport };

/** A forest grown somewhere: assembled, or as the shards a pool returns. */
export type GrownForest = Pick<ForestModel, 'oobProba'> | TreeShard[];

/**
 * Out-of-bag class probabilities of a forest's shards (NaN for rows no tree left out), as assembleForest sums them;
 * `byGroup`: those of only the trees that drew nobody of each row's group (shards grown with groups), null when a
 * shard has none.
 */
export function oobProbaFromShards(
  shards: TreeShard[],
  nRows: number,
  nClasses: number,
  byGroup = false,
): Float64Array | null {
  const sums = shards.map((s) =>
    byGroup ? [s.groupOobSum, s.groupOobCount] : [s.oobSum, s.oobCount],
  ) as [Float64Array | null | undefined, Uint32Array | null | undefined][];
  const withOob = sums.filter(([os, oc]) => os && oc);
  if (withOob.length === 0 || (byGroup && withOob.length < shards.length)) return null;
  const sum = new Float64Array(nRows * nClasses);
  const count = new Uint32Array(nRows);
  for (const [os0, oc0] of withOob) {
    const os = os0 as Float64Array;
    const oc = oc0 as Uint32Array;
    if (os.length !== sum.length || oc.length !== nRows) {
      throw new Error('A tree shard has out-of-bag sums for another table.');
    }
    // Exact sums (grow.ts quantises every term), so the order of the shards does not matter.
    for (let i = 0; i < sum.length; i++) sum[i] += os[i];
    for (let r = 0; r < nRows; r++) count[r] += oc[r];
  }
  const out = new Float64Array(nRows * nClasses).fill(NaN);
  for (let r = 0; r < nRows; r++) {
    if (count[r] === 0) continue;
    for (let k = 0; k < nClasses; k++) out[r * nClasses + k] = sum[r * nClasses + k] / count[r];
  }
  return out;
}

/**
 * Settings of `base` tuned on the task's out-of-bag patients, growing each candidate's trees from tree index
 * `firstTree` on with `grow` (anywhere: the result depends only on the seed); the final forest is the caller's to grow
 * with the returned params. When `grow` returns shards, `firstTrees` are the chosen setting's: the final forest's first
 * trees, as it would grow them itself (tune.ts), for reusableShards; null when they were let go or not shards. With
 * `task.groups`, `grow` is given them whenever the search keeps groups (tune.ts) and must grow shards with them
 * (growTrees' groups option), whose by-group out-of-bag sums then score the candidates.
 */
export async function tuneOnOutOfBag(
  task: TuningTask,
  base: ForestParams,
  grow: (
    params: ForestParams,
    firstTree: number,
    groups?: ArrayLike<number>,
  ) => Promise<GrownForest>,
  options: TuneOptions = {},
): Promise<{ params: ForestParams; report: TuningReport; firstTrees: TreeShard[] | null }> {
  const nRows = task.y.length;
  const key = (
    leaf: number,
    features: ForestParams['maxFeatures'],
    depth: ForestParams['maxDepth'],
    screened = false,
  ): string => `${leaf}/${String(features)}/${String(depth)}${screened ? '/screened' : ''}`;
  // tune.ts gives the screened candidates the task's very weights.
  const screenedOf = (p: ForestParams): boolean =>
    task.featureWeights != null && p.featureWeights === task.featureWeights;
  // Each setting's shards, until it can no longer be chosen (onRelease): the tuning trees are not all held at once.
  const kept = new Map<string, TreeShard[]>();
  const released = new Set<string>();
  const tuned = await tuneForest(
    task,
    base,
    async (params, firstTree, byGroup) => {
      const grown = await grow(params, firstTree, byGroup ? task.groups : undefined);
      if (!Array.isArray(grown)) return { rows: grown.oobProba, groups: null };
      const k = key(params.minSamplesLeaf, params.maxFeatures, params.maxDepth, screenedOf(params));
      if (!released.has(k)) kept.set(k, [...(kept.get(k) ?? []), ...grown]);
      return {
        rows: oobProbaFromShards(grown, nRows, task.nClasses),
        groups: byGroup ? oobProbaFromShards(grown, nRows, task.nClasses, true) : null,
      };
    },
    {
      ...options,
      onRelease: (c) => {
        const k = key(c.minSamplesLeaf, c.maxFeatures, c.maxDepth, c.screened === true);
        released.add(k);
        kept.delete(k);
        options.onRelease?.(c);
      },
    },
  );
  const { chosen: c } = tuned.report;
  const chosen = kept.get(key(c.minSamplesLeaf, c.maxFeatures, c.maxDepth, c.screened === true));
  return { ...tuned, firstTrees: chosen ?? null };
}

/**
 * The shards of `kept` (a tuned setting's trees, firstTrees) that are the first trees of a forest of `nTrees` trees
 * with those settings, and the tree index from which the rest must be grown: whole shards only, consecutive from tree
 * 0 and all below nTrees (a shard's out-of-bag sums cannot be split by tree).
 */
export function reusableShards(
  kept: TreeShard[] | null,
  nTrees: number,
): { shards: TreeShard[]; firstTree: number } {
  const shards: TreeShard[] = [];
  let next = 0;
  const sorted = [...(kept ?? [])].sort(
    (a, b) => (a.treeIndices[0] ?? 0) - (b.treeIndices[0] ?? 0),
  );
  for (const s of sorted) {
    const consecutive = s.treeIndices.every((t, i) => t === next + i);
    if (!consecutive || next + s.treeIndices.length > nTrees) break;
    shards.push(s);
    next += s.treeIndices.length;
  }
  return { shards, firstTree: next };
}

/**
 * Work of one forest in the units of tuningSkipReason: trees × patients × tree depth (log2 of the patients) × (features
 * tried per split + 4). Split search scans each node's patients for every feature tried, and a level of a tree holds
 * every patient once; the + 4 stands for the work each level does whatever the features (partitioning the rows,
 * walking them to their nodes), so that tall, narrow tables are not underrated.
 */
export function forestWork(params: ForestParams, nTrain: number, nFeatures: number): number {
  const depth = Math.max(1, Math.log2(Math.max(2, nTrain)));
  return (
    params.nEstimators * nTrain * depth * (resolveMaxFeatures(params.maxFeatures, nFeatures) + 4)
  );
}

/**
 * Above this work (forestWork) one fit can take a minute or more on a laptop's pool of two workers, and tuning (about
 * twice its trees more) is skipped. Calibration from bench/RESULTS.md and bench/TALL.md: 100 trees on 15,000 × 500
 * (22 features per split, 5.4·10^8 units) took 2.0 s on a warm pool of two, and on 1,000,000 × 50 (2.2·10^10 units)
 * 384 s on a busy machine: between 6·10^7 and 2.7·10^8 units a second, so 4·10^9 units is 15 s to a minute. 500 trees
 * on a 20,000 × 500 table are tuned; on 100,000 patients × 3 columns they are not.
 */
export const TUNING_WORK_LIMIT = 4e9;

/** A count in the words' style: 1,408. */
const countText = (n: number): string => n.toLocaleString('en-US');

/**
 * Why the app's "tuned" setting trains `base` as it is on this cohort (one fit predicted to take long), or null when
 * it tunes. Decided from the sizes alone, never from a measured time, so a seed gives the same model on any machine.
 */
export function tuningSkipReason(
  base: ForestParams,
  nTrain: number,
  nFeatures: number,
): string | null {
  if (!base.bootstrap) {
    return 'Tuning was skipped: without bootstrap no patient is out of bag to score the settings on.';
  }
  const work = forestWork(base, nTrain, nFeatures);
  if (work <= TUNING_WORK_LIMIT) return null;
  const perSplit = resolveMaxFeatures(base.maxFeatures, nFeatures);
  const plan = tuningPlan(base, nTrain, nFeatures, true);
  return (
    `Tuning was skipped: one forest of ${countText(base.nEstimators)} trees on ${countText(nTrain)} patients ` +
    `(${countText(perSplit)} features per split) can take a minute or more, and tuning would first grow ` +
    `${countText(plan.fewestTuningTrees)} to ${countText(plan.tuningTrees)} trees. The forest was grown with scikit-learn's defaults; choose fewer trees to have it tuned, or custom settings.`
  );
}

/**
 * What tuning will grow on a cohort, known before any tree is grown: the tuning plan's bounds (engine/forest/tune.ts)
 * and the sentence that announces them, shown by the app before training and by the command line with its result.
 */
export type TuningBudget =
  | {
      tuned: true;
      /** Trees the search grows at the least and at the most (the final forest not included). */
      fewestTrees: number;
      mostTrees: number;
      /** Settings always tried, and at most. */
      settingsAlways: number;
      settingsMost: number;
      /** Trees each setting is grown with, and the leading ones once refined. */
      treesPerSetting: number;
      refinedTreesPerSetting: number;
      finalTrees: number;
      /** Settings drawing features by the screen (tune.ts), tried right after the base; absent: none. */
      screenedSettings?: number;
      words: string;
    }
  | {
      /** Tuning would be skipped (tuningSkipReason): the words say why. */
      tuned: false;
      words: string;
    };

/**
 * The app's tuning budget of `base` on `nTrain` patients × `nFeatures` features, or why tuning would be skipped;
 * `screened`: with the screened candidates (the front ends always screen; tune.ts).
 */
export function tuningBudget(
  base: ForestParams,
  nTrain: number,
  nFeatures: number,
  screened = true,
): TuningBudget {
  const skipped = tuningSkipReason(base, nTrain, nFeatures);
  if (skipped !== null) {
    return { tuned: false, words: skipped.replace('Tuning was skipped', 'Tuning will be skipped') };
  }
  return plannedTuning(base, nTrain, nFeatures, screened);
}

/**
 * What tuning `base` grows on `nTrain` patients × `nFeatures` features, however long (the command line never skips);
 * `screened` as tuningBudget's.
 */
export function plannedTuning(
  base: ForestParams,
  nTrain: number,
  nFeatures: number,
  screened = true,
): Extract<TuningBudget, { tuned: true }> {
  const plan = tuningPlan(base, nTrain, nFeatures, screened);
  const budget = {
    fewestTrees: plan.fewestTuningTrees,
    mostTrees: plan.tuningTrees,
    settingsAlways: plan.candidatesAlways,
    settingsMost: plan.candidatesMost,
    treesPerSetting: plan.treesPerCandidate,
    refinedTreesPerSetting: plan.refinedTreesPerCandidate,
    finalTrees: plan.finalTrees,
    ...(plan.screenedLeaves.length > 0 ? { screenedSettings: plan.screenedLeaves.length } : {}),
  };
  return { tuned: true, ...budget, words: tuningBudgetWords(budget) };
}

/** The budget in one sentence (the same in the app and on the command line). */
export function tuningBudgetWords(
  b: Omit<Extract<TuningBudget, { tuned: true }>, 'tuned' | 'words'>,
): string {
  const more =
    b.settingsMost > b.settingsAlways
      ? `, up to ${countText(b.settingsMost)} settings when ${(b.screenedSettings ?? 0) > 0 ? 'no setting drawing features by the screen clearly beats the base settings' : 'other features per split help'}`
      : '';
  return (
    `Tuning grows ${b.fewestTrees === b.mostTrees ? countText(b.mostTrees) : `between ${countText(b.fewestTrees)} and ${countText(b.mostTrees)}`} trees ` +
    `first (${countText(b.settingsAlways)} settings of ${countText(b.treesPerSetting)} trees each${more}; ` +
    `the leading ones on ${countText(b.refinedTreesPerSetting)}), then the ${countText(b.finalTrees)} of the forest.`
  );
}

/** How a candidate's trees drew each split's features: uniformly (scikit-learn's), or weighted by the screen. */
export type TuningDraws = 'uniform' | 'screened';

/** One candidate as reports show it. */
export interface TuningCandidateSummary {
  stage: 'leaf' | 'features' | 'depth';
  minSamplesLeaf: number;
  featuresPerSplit: number;
  /** Maximum depth of its trees, null for no limit (absent in files before depth was tuned: no limit). */
  maxDepth?: number | null;
  /** How its trees drew each split's features: uniformly, or weighted by the screen (absent in older files: uniform). */
  draws?: TuningDraws;
  trees: number;
  /** The score: expected Brier score of the final forest, from out-of-bag patients. */
  brier: number;
  oobBrier: number;
  oobLogLoss: number;
  rowsScored: number;
  /** Its score's gain over the base settings (paired over the same patients) and that gain's standard error. */
  gain: number;
  gainStandardError: number;
  chosen: boolean;
}

/** A tuning report in the words of the CLI's --json and the app's summary. */
export interface TuningSummary {
  /** What the score is, in one sentence. */
  metric: string;
  chosen: {
    minSamplesLeaf: number;
    maxFeatures: ForestParams['maxFeatures'];
    featuresPerSplit: number;
    /** Maximum depth, null for no limit (absent in files before depth was tuned: no limit). */
    maxDepth?: number | null;
    /** How its trees draw each split's features (absent in older files: uniform). */
    draws?: TuningDraws;
  };
  candidates: TuningCandidateSummary[];
  treesPerCandidate: number;
  treesGrown: number;
  finalTrees: number;
  /** The most tuning trees per tree of the forest the same search grows with more trees (absent in older files). */
  mostTreesPerTree?: number;
  /** The forest's first trees that are the chosen setting's own from the search, not grown again (absent: none). */
  treesReused?: number;
  /** Whether each patient was scored only by trees that drew nobody of their group (engine/forest/tune.ts). */
  groupAware: boolean;
  /** With a Group column: what the tuning did with its groups, in words (tuningGroupWords); absent: none. */
  groups?: string;
  /** When screened candidates were tried: what the screen is and what its out-of-bag scores are worth (SCREEN_NOTE). */
  screen?: string;
}

/** Said wherever screened candidates were tried (engine/forest/tune.ts): their out-of-bag scores are optimistic. */
export const SCREEN_NOTE =
  "Screened candidates draw each split's features with weights from a chi-square screen of every feature against the class on the training patients (an enriched random forest), tried right after the base settings at their features per split with larger leaves. When one of them beats the base settings by more than two standard errors, the choice is among them, on their four groups of trees, the largest leaf within one standard error of the best, and the search ends there; otherwise they are set aside and the search goes on as without them. The screen saw the out-of-bag patients too, so their out-of-bag scores are somewhat optimistic (by about 0.003 Brier on the bench's tables). A cross-validated evaluation screens and tunes again inside each fold on that fold's training patients only, so its figures are honest.";

/** The metric's description, shown with every tuning report. */
export const TUNING_METRIC =
  'expected Brier score of the final forest, from out-of-bag patients (four independent groups of trees per candidate, eight for the base settings and the leading candidates, the same groups for all; corrected for their few trees); lower is better, and a setting must beat the base settings by more than two standard errors of the paired difference to be chosen, among the candidates scored on eight groups; then, of those within one standard error of the best, the one whose trees are the quickest to grow (fewer features per split, larger leaves)';

/** Said wherever tuning runs with a Group column: the out-of-bag scores do not keep groups together. */
export function tuningGroupNote(column: string): string {
  return `Tuning scored the settings on out-of-bag patients without keeping groups together: a patient's relatives (same "${column}") can be in the bag of the trees that leave the patient out, which can favour small leaves; the group cross-validation's figures are the ones to trust.`;
}

/**
 * What the searches inside each fold of a group-aware cross-validation did with the groups (`groupAware`: each fold's
 * report), in words: scored by group in every fold, in some, or in none (then as tuningGroupNote says). `words`: what
 * was scored (the settings, the leaf sizes) and how the standard errors kept groups.
 */
export function tuningGroupWords(
  column: string,
  groupAware: readonly boolean[],
  words: { scored: string; errors: string } = {
    scored: 'the settings',
    errors: 'the standard errors counted each group as one unit',
  },
): string {
  const name = shortName(column);
  const kept = `each patient's out-of-bag score came only from trees that drew nobody of their group (same "${name}"), and ${words.errors}, so relatives could not favour small leaves`;
  const tooLarge = `a tree's bootstrap left too few groups wholly out to score ${words.scored} that way, fewer than ${GROUP_SCORED_SHARE * 100} % of the patients`;
  const aware = groupAware.map((a, i) => (a ? i + 1 : 0)).filter((f) => f > 0);
  if (aware.length === groupAware.length) return `Tuning kept groups together: ${kept}.`;
  const note = tuningGroupNote(name);
  if (aware.length === 0) return `${note} The groups are too large to keep together: ${tooLarge}.`;
  const others = groupAware.map((a, i) => (a ? 0 : i + 1)).filter((f) => f > 0);
  return `In folds ${aware.join(', ')} tuning kept groups together: ${kept}. In folds ${others.join(', ')} ${tooLarge}: ${note}`;
}

/** A tuning report for display: the chosen settings (as given to the final forest) and each candidate's figures. */
export function summarizeTuning(
  report: TuningReport,
  params: ForestParams,
  nFeatures: number,
): TuningSummary {
  const chosen = report.chosen;
  return {
    metric: TUNING_METRIC,
    chosen: {
      minSamplesLeaf: params.minSamplesLeaf,
      maxFeatures: params.maxFeatures,
      featuresPerSplit: resolveMaxFeatures(params.maxFeatures, nFeatures),
      maxDepth: params.maxDepth,
      draws: chosen.screened ? 'screened' : 'uniform',
    },
    candidates: report.candidates.map((c) => ({
      stage: c.stage,
      minSamplesLeaf: c.minSamplesLeaf,
      featuresPerSplit: c.maxFeatures,
      maxDepth: c.maxDepth,
      draws: c.screened ? 'screened' : 'uniform',
      trees: c.trees,
      brier: c.brier,
      oobBrier: c.oobBrier,
      oobLogLoss: c.oobLogLoss,
      rowsScored: c.rowsScored,
      gain: c.gain,
      gainStandardError: c.gainStandardError,
      chosen:
        c.minSamplesLeaf === chosen.minSamplesLeaf &&
        c.maxFeatures === chosen.maxFeatures &&
        c.maxDepth === chosen.maxDepth &&
        (c.screened ?? false) === (chosen.screened ?? false),
    })),
    treesPerCandidate: report.plan.treesPerCandidate,
    treesGrown: report.treesGrown,
    finalTrees: report.plan.finalTrees,
    mostTreesPerTree: report.plan.mostTreesPerFinalTree,
    groupAware: report.groupAware,
    ...(report.plan.screenedLeaves.length > 0 ? { screen: SCREEN_NOTE } : {}),
  };
}
