/**
 * Survival leaf-size tuning run a candidate at a time by a caller that grows the candidate forests elsewhere (the
 * app's worker pool): planned and scored here with the engine's search (engine/forest/survivalTune.ts), so the
 * choice is that of tuneSurvivalLeaf for the same seed however many workers grew the forests.
 */
import { assembleSurvivalForest } from '../engine/forest/survivalForest';
import type { SurvivalShardWire } from '../engine/forest/survivalGrow';
import type { SurvivalParams } from '../engine/forest/survivalParams';
import { tuningGroupWords } from './tuneForest';
import {
  candidateRisks,
  chooseSurvivalLeaf,
  planSurvivalTuning,
  survivalTuningTrees,
  type SurvivalTuningGroups,
  type SurvivalTuningPlan,
  type SurvivalTuningReport,
} from '../engine/forest/survivalTune';

/** What a leaf-size search needs: the cohort's follow-up, the base settings and the time grid the trees share. */
export interface SurvivalTuningTask {
  data: {
    nRows: number;
    nFeatures: number;
    time: ArrayLike<number>;
    event: ArrayLike<number>;
  };
  params: SurvivalParams;
  grid: Float64Array;
}

/**
 * A leaf-size search over a prepared survival training (on `rows` of its cohort, all when absent: a cross-validation
 * fold's training rows): candidates to grow, their out-of-bag risks, the choice. With `groups` (a group-aware
 * cross-validation's), each patient is scored only by trees that drew nobody of their group where that is possible
 * (engine/forest/survivalTune.ts).
 */
export class SurvivalTuningRun {
  readonly plan: SurvivalTuningPlan;
  private readonly risks: (Float64Array | null)[];
  private readonly groupRisks: (Float64Array | null)[];

  constructor(
    private readonly training: SurvivalTuningTask,
    private readonly rows?: Int32Array,
    private readonly groups?: SurvivalTuningGroups,
  ) {
    this.plan = planSurvivalTuning(rows ? rows.length : training.data.nRows, training.params);
    this.risks = this.plan.candidates.map(() => null);
    this.groupRisks = this.plan.candidates.map(() => null);
  }

  /** The search's task as the engine scores it. */
  private get task() {
    const { data } = this.training;
    return { time: data.time, event: data.event, rows: this.rows, groups: this.groups };
  }

  /** The settings each candidate forest is grown with, the base's leaf first. */
  get candidates(): SurvivalParams[] {
    return this.plan.candidates;
  }

  /** Keeps candidate k's out-of-bag risk scores from the pool's shards of its forest. */
  addCandidate(k: number, shards: SurvivalShardWire[]): void {
    const params = this.plan.candidates[k];
    if (!params) throw new Error(`There is no tuning candidate ${k + 1}`);
    const { data, grid } = this.training;
    // Group-aware scores replay each tree's bootstrap from its index: the candidate must be trees 0 to n − 1.
    const indices = shards.flatMap((s) => s.treeIndices).sort((a, b) => a - b);
    if (this.groups && indices.some((t, i) => t !== i))
      throw new Error(`Tuning candidate ${k + 1} is not the first trees of its seed`);
    const forest = assembleSurvivalForest(shards, params, data.nFeatures, grid, {
      time: data.time,
      event: data.event,
    });
    const risks = candidateRisks(this.task, forest);
    this.risks[k] = risks.rows;
    this.groupRisks[k] = risks.groups;
  }

  /** The settings of the final forest (the training's, with the leaf chosen) and what was tried. */
  choose(): { params: SurvivalParams; report: SurvivalTuningReport } {
    const missing = this.risks.indexOf(null);
    if (missing >= 0) throw new Error(`Tuning candidate ${missing + 1} has no forest`);
    const groupRisks = this.groups ? this.groupRisks : undefined;
    return chooseSurvivalLeaf(this.task, this.training.params, this.plan, this.risks, groupRisks);
  }
}

const countText = (n: number): string => n.toLocaleString('en-US');

/**
 * The trees a leaf-size search grows before the final forest of `nEstimators` trees on `nTrain` patients, in words
 * (the Train step shows it before training): from the plan the search itself follows, not a rule of thumb.
 */
export function survivalTuningBudgetWords(
  nTrain: number,
  nEstimators: number,
  baseLeaf: number,
): string {
  const { leaves, trees } = survivalTuningTrees(nTrain, nEstimators, baseLeaf);
  const total = leaves.length * trees;
  const sizes =
    leaves.length === 1
      ? `only the default leaf of ${countText(baseLeaf)}: no other leaf size is at most a tenth of the patients`
      : `${leaves.length} leaf sizes, ${leaves.join(', ')}, × ${countText(trees)} trees each`;
  const times = ((total + nEstimators) / nEstimators).toFixed(1);
  return (
    `On these ${countText(nTrain)} patients tuning grows ${countText(total)} trees first (${sizes}), ` +
    `then the ${countText(nEstimators)} of the forest: ${times} times the trees of an untuned forest.`
  );
}

/**
 * What a survival search inside each fold of a group-aware cross-validation did with the groups (`groupAware`: each
 * fold's report), in words: scored by group in every fold, in some, or in none (then as tuningGroupNote says).
 */
export function survivalTuningGroupWords(column: string, groupAware: readonly boolean[]): string {
  return tuningGroupWords(column, groupAware, {
    scored: 'the leaf sizes',
    errors: 'the standard errors resampled whole groups',
  });
}
