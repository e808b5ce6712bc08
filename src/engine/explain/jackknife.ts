/**
 * Standard error of the forest's class probability for one patient by the infinitesimal jackknife
 * (Wager, Hastie & Efron 2014, "Confidence intervals for random forests: the jackknife and the
 * infinitesimal jackknife", JMLR 15). It answers "how much would this probability move if the
 * cohort were drawn again?", which the spread of single trees does not.
 *
 * With N[b][i] the number of times tree b drew training row i and t_b the tree's probability:
 *   V_IJ   = Σ_i Ĉ_i²,  Ĉ_i = (1/B) Σ_b (N[b][i] − N̄_i)(t_b − t̄)
 *   V_IJ-U = V_IJ − (n/B²) Σ_b (t_b − t̄)²          (their eq. 7: removes the Monte Carlo bias)
 * The bias term grows like n·Var(t)/B, so with few trees and many patients the corrected value is
 * a small difference of two large, noisy numbers: it is reported with an estimate of its own Monte
 * Carlo error and a `stable` flag, and the caller should say "more trees needed" when it is false.
 */
import { forestInBagCounts, type InBagCounts } from '../forest/inbag';
import { treeProbabilities } from '../forest/predict';
import type { ForestModel } from '../forest/types';

/** A standard error this small (2.5 percentage points) is "small" whatever its Monte Carlo error. */
export const SMALL_SE = 0.025;

/** The jackknife estimate for one class. */
export interface JackknifeEstimate {
  /** The forest's probability (mean of the trees). */
  mean: number;
  /** Bias-corrected variance V_IJ-U, clipped at 0. */
  variance: number;
  /** Standard error: √variance. */
  se: number;
  /** Uncorrected V_IJ (biased upwards by the finite number of trees). */
  varianceRaw: number;
  /** The Monte Carlo bias removed: (n/B²) Σ_b (t_b − t̄)². */
  biasCorrection: number;
  /** Approximate standard deviation of V_IJ-U over redraws of the trees (its Monte Carlo noise). */
  monteCarloSd: number;
  /**
   * Whether the estimate can be shown: the Monte Carlo noise is at most half the variance, or the
   * standard error stays below SMALL_SE even with two noise SDs added (a near-certain prediction).
   */
  stable: boolean;
}

/**
 * Infinitesimal-jackknife variance of each class probability for one patient, from the forest's
 * in-bag counts (forest/inbag.ts) and the trees' probabilities for that patient (nTrees×nClasses,
 * row-major, as forest/predict treeProbabilities returns).
 */
export function infinitesimalJackknife(
  inbag: InBagCounts,
  treeProbs: ArrayLike<number>,
  nClasses: number,
): JackknifeEstimate[] {
  const B = inbag.nTrees;
  const K = nClasses;
  if (!(Number.isInteger(K) && K >= 1)) throw new Error(`nClasses must be >= 1, got ${K}`);
  if (treeProbs.length !== B * K) {
    throw new Error(
      `infinitesimalJackknife: ${treeProbs.length} tree probabilities are not ${B} trees × ${K} classes`,
    );
  }
  if (B < 2) throw new Error('infinitesimalJackknife needs at least 2 trees');
  if (!inbag.bootstrap) {
    throw new Error(
      'The infinitesimal jackknife needs trees grown on bootstrap samples (bootstrap is off)',
    );
  }
  for (let i = 0; i < treeProbs.length; i++) {
    if (!Number.isFinite(treeProbs[i])) throw new Error(`Tree probability ${i} is not finite`);
  }
  const train = inbag.trainRows;
  const n = train.length;
  const nRows = inbag.nRows;
  const counts = inbag.counts;

  const mean = new Float64Array(K);
  for (let b = 0; b < B; b++) for (let k = 0; k < K; k++) mean[k] += treeProbs[b * K + k];
  for (let k = 0; k < K; k++) mean[k] /= B;
  const d = new Float64Array(B * K);
  const ssd = new Float64Array(K);
  for (let b = 0; b < B; b++) {
    for (let k = 0; k < K; k++) {
      const v = treeProbs[b * K + k] - mean[k];
      d[b * K + k] = v;
      ssd[k] += v * v;
    }
  }
  // Since Σ_b d_b = 0, Ĉ_i = (1/B) Σ_b N[b][i] d_b: the row means N̄_i drop out.
  const C = new Float64Array(n * K);
  for (let b = 0; b < B; b++) {
    const row = b * nRows;
    for (let i = 0; i < n; i++) {
      const c = counts[row + train[i]];
      if (c === 0) continue;
      for (let k = 0; k < K; k++) C[i * K + k] += c * d[b * K + k];
    }
  }
  // Per-row Monte Carlo variance of Ĉ_i: (1/B²) Σ_b (N[b][i] − N̄_i)² d_b², summed for the noise estimate.
  const nbar = new Float64Array(n);
  for (let b = 0; b < B; b++) {
    const row = b * nRows;
    for (let i = 0; i < n; i++) nbar[i] += counts[row + train[i]];
  }
  for (let i = 0; i < n; i++) nbar[i] /= B;
  const sigma2 = new Float64Array(n * K);
  for (let b = 0; b < B; b++) {
    const row = b * nRows;
    for (let i = 0; i < n; i++) {
      const e = counts[row + train[i]] - nbar[i];
      const e2 = e * e;
      for (let k = 0; k < K; k++) sigma2[i * K + k] += e2 * d[b * K + k] * d[b * K + k];
    }
  }

  const out: JackknifeEstimate[] = [];
  for (let k = 0; k < K; k++) {
    let raw = 0;
    let noise = 0;
    for (let i = 0; i < n; i++) {
      const c = C[i * K + k] / B;
      raw += c * c;
      const s2 = sigma2[i * K + k] / (B * B);
      // Var(Ĉ²) ≈ 4 C² σ² + 2 σ⁴ for Ĉ ≈ normal(C, σ²); C² estimated without its bias σ².
      noise += 4 * Math.max(0, c * c - s2) * s2 + 2 * s2 * s2;
    }
    const correction = (n / (B * B)) * ssd[k];
    const variance = Math.max(0, raw - correction);
    const monteCarloSd = Math.sqrt(noise);
    out.push({
      mean: mean[k],
      variance,
      se: Math.sqrt(variance),
      varianceRaw: raw,
      biasCorrection: correction,
      monteCarloSd,
      stable:
        ssd[k] === 0 ||
        monteCarloSd <= 0.5 * variance ||
        Math.sqrt(variance + 2 * monteCarloSd) < SMALL_SE,
    });
  }
  return out;
}

/**
 * In-bag counts of a trained model, recomputed from its seed: call once per model and reuse for
 * every patient. `nRows` is the number of rows of the table it was trained on; `rows` the training
 * rows when it was trained on part of it (a cross-validation fold).
 */
export function modelInBagCounts(
  model: Pick<ForestModel, 'params' | 'trees'>,
  nRows: number,
  rows?: ArrayLike<number>,
): InBagCounts {
  return forestInBagCounts(model.params, nRows, model.trees.length, rows);
}

/** Jackknife standard error of each class probability of one patient's encoded row `x`. */
export function patientJackknife(
  model: Pick<ForestModel, 'trees' | 'nClasses'>,
  inbag: InBagCounts,
  x: ArrayLike<number>,
): JackknifeEstimate[] {
  if (inbag.nTrees !== model.trees.length) {
    throw new Error(
      `In-bag counts cover ${inbag.nTrees} trees, the model has ${model.trees.length}`,
    );
  }
  return infinitesimalJackknife(inbag, treeProbabilities(model, x), model.nClasses);
}
