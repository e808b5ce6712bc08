/**
 * A pointwise 95 % band around one patient's survival curve from a survival forest, by the infinitesimal
 * jackknife (Wager, Hastie & Efron 2014; explain/jackknife.ts) applied to the cumulative hazard.
 *
 * Why the cumulative hazard: the forest's H(t) is the mean of its trees' leaf curves H_b(t), a bagged estimator,
 * which is what the jackknife's variance is for; survival exp(−H) is not a mean over trees. The interval
 * H ± z·se is carried to survival as exp(−(H + z·se)) .. exp(−max(0, H − z·se)), so it stays within 0..1 and
 * is asymmetric near 1, as the usual log-scale interval of a Nelson–Aalen survival curve is.
 *
 * With a few hundred trees the bias-corrected jackknife variance V_IJ-U is unbiased but noisy (its Monte Carlo
 * error grows like n/B). On a simulation (hazard 0.1·e^x, H at one time, 3 patients × 20 cohorts of 400, 200
 * trees) its 95 % intervals covered the true H in 68 % of cases, averaged with the jackknife-after-bootstrap in
 * 77 %. So the variance used is V_IJ-U plus one estimated Monte Carlo standard deviation of it: it errs wide,
 * shrinks as trees are added, and covered 58 of 60 there (30 of 30 with 1,000 patients and 300 trees), bands about
 * 1.5 times as wide as the cohort-to-cohort spread of the forest's H asked for.
 *
 * What it is not: it measures how much the forest's curve would move if the cohort were drawn again, not the
 * forest's bias (a forest smooths a sharp effect), so coverage of the true curve is lower where the bias is large.
 */
import {
  survivalTreeCount,
  survivalTrees,
  type SurvivalForestModel,
} from '../forest/survivalForest';
import type { InBagCounts } from '../forest/inbag';
import { leafIndex } from '../forest/predict';
import { infinitesimalJackknife } from './jackknife';

/** The band at one time. */
export interface SurvivalBandPoint {
  time: number;
  /** The forest's survival exp(−H) at this time. */
  survival: number;
  lower: number;
  upper: number;
  /** Standard error of the cumulative hazard H at this time (jackknife plus its Monte Carlo noise, see above). */
  seHazard: number;
  /** Share of the variance used that is the jackknife's Monte Carlo term (near 1: too few trees for the cohort). */
  monteCarloShare: number;
}

/** Normal quantile of a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** Each tree's cumulative hazard for patient x at each time (row-major trees × times; 0 before a leaf's first point). */
export function treeHazardsAt(
  model: Pick<SurvivalForestModel, 'flatTrees' | 'timeGrid'>,
  x: ArrayLike<number>,
  times: ArrayLike<number>,
): Float64Array {
  const grid = model.timeGrid;
  const K = times.length;
  const trees = survivalTrees(model);
  const out = new Float64Array(trees.length * K);
  trees.forEach((tree, b) => {
    const leaf = leafIndex(tree, x);
    const end = tree.hazardOffset[leaf + 1];
    for (let k = 0; k < K; k++) {
      let h = 0;
      for (let j = tree.hazardOffset[leaf]; j < end && grid[tree.hazardPoint[j]] <= times[k]; j++) {
        h = tree.hazardValue[j];
      }
      out[b * K + k] = h;
    }
  });
  return out;
}

/**
 * The pointwise band of patient x's survival at `times` (x: encoded row, NaN = missing), from the forest's in-bag
 * counts (forest/inbag.ts forestInBagCounts, replayed from the seed: survival trees draw their bootstrap as the
 * classifier's do).
 */
export function survivalBand(
  model: Pick<SurvivalForestModel, 'flatTrees' | 'timeGrid'>,
  inbag: InBagCounts,
  x: ArrayLike<number>,
  times: ArrayLike<number>,
  z = Z95,
): SurvivalBandPoint[] {
  if (inbag.nTrees !== survivalTreeCount(model)) {
    throw new Error(
      `In-bag counts cover ${inbag.nTrees} trees, the model has ${survivalTreeCount(model)}`,
    );
  }
  const K = times.length;
  if (K === 0) return [];
  const estimates = infinitesimalJackknife(inbag, treeHazardsAt(model, x, times), K);
  return estimates.map((e, k) => {
    const total = e.variance + e.monteCarloSd;
    const se = Math.sqrt(total);
    return {
      time: times[k],
      survival: Math.exp(-e.mean),
      lower: Math.exp(-(e.mean + z * se)),
      upper: Math.exp(-Math.max(0, e.mean - z * se)),
      seHazard: se,
      monteCarloShare: total > 0 ? e.monteCarloSd / total : 0,
    };
  });
}
