/** A larger tree count the measured speed of the last training says would still finish quickly. */
import type { ModelInfo } from '../../worker/api';

/** Counts offered, smallest first; more than 1,000 trees rarely changes a forest's predictions. */
const COUNTS = [200, 300, 500, 1000];
/** The longest wait the suggestion may ask for, in seconds. */
export const QUICK_SECONDS = 10;
/** Tuning trees per forest tree at most for a model whose file does not say (saved before it was recorded). */
const MOST_TUNING_RATIO = 4;

export interface TreeSuggestion {
  trees: number;
  /** Plain sentence: what was measured and what the larger count would take. */
  text: string;
}

function seconds(s: number): string {
  return s < 10 ? `${(Math.round(s * 10) / 10).toFixed(1)} s` : `${Math.round(s)} s`;
}

function rate(perSecond: number): string {
  const r = perSecond >= 10 ? Math.round(perSecond) : Math.round(perSecond * 10) / 10;
  return `${r.toLocaleString('en-US')} ${r === 1 ? 'tree' : 'trees'} a second`;
}

/**
 * The largest offered count above the model's that would finish within QUICK_SECONDS at the measured speed
 * (the time outside growing trees, such as binning, counted once), or null when none would or the speed was
 * not measured.
 */
export function suggestTrees(
  model: Pick<ModelInfo, 'nTrees' | 'fitSeconds' | 'treesPerSecond' | 'workers' | 'tuning'>,
): TreeSuggestion | null {
  const tps = model.treesPerSecond;
  if (!tps || !Number.isFinite(tps) || tps <= 0 || model.nTrees <= 0) return null;
  // A tuned forest's search grows a few times its trees first (at most the plan's ratio for this cohort), but never
  // fewer than it grew here: a small forest's search is held up by its floor of trees per setting, which does not
  // grow with the count (so the ratio measured on 10 trees, ~20, must not be carried to 200).
  const grown = model.tuning ? model.tuning.treesGrown : 0;
  const ratio = Math.min(grown / model.nTrees, model.tuning?.mostTreesPerTree ?? MOST_TUNING_RATIO);
  const tuningAt = (n: number) => (model.tuning ? Math.max(grown, ratio * n) : 0);
  const overhead = Math.max(0, model.fitSeconds - (model.nTrees + grown) / tps);
  const estimate = (n: number) => overhead + (n + tuningAt(n)) / tps;
  const trees = COUNTS.filter((n) => n > model.nTrees && estimate(n) <= QUICK_SECONDS).pop();
  if (trees === undefined) return null;
  const on =
    model.workers && model.workers > 0
      ? ` on ${model.workers} ${model.workers === 1 ? 'worker' : 'workers'}`
      : '';
  const wait = Math.max(1, Math.round(estimate(trees)));
  return {
    trees,
    text: `Grew ${model.nTrees.toLocaleString('en-US')} ${model.nTrees === 1 ? 'tree' : 'trees'} in ${seconds(model.fitSeconds)} (${rate(tps)}${on}): ${trees.toLocaleString('en-US')} trees would take about ${wait} s.${model.tuning ? ' Both times include tuning the settings.' : ''}`,
  };
}
