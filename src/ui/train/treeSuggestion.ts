/** A larger tree count the measured speed of the last training says would still finish quickly. */
import type { ModelInfo } from '../../worker/api';

/** Counts offered, smallest first; more than 1,000 trees rarely changes a forest's predictions. */
const COUNTS = [200, 300, 500, 1000];
/** The longest wait the suggestion may ask for, in seconds. */
export const QUICK_SECONDS = 10;

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
  // A tuned forest's search grows about twice its trees first, so more trees mean proportionally more tuning too.
  const perTree = model.tuning ? (model.tuning.treesGrown + model.nTrees) / model.nTrees : 1;
  const overhead = Math.max(0, model.fitSeconds - (model.nTrees * perTree) / tps);
  const estimate = (n: number) => overhead + (n * perTree) / tps;
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
