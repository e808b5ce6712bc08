/**
 * The targeting operator characteristic (TOC) and its area, the rank-weighted average treatment effect (RATE, AUTOC
 * weighting), after Yadlowsky, Fleming, Shah, Brunskill & Wager (2021) and grf's rank_average_treatment_effect:
 * patients are ranked by a priority (their predicted effect from forests that never saw them), and TOC(q) is the
 * mean doubly robust score Γ of the top q share minus the mean over everyone. A RATE clearly above 0 says the
 * ranking finds patients who benefit more: there is heterogeneity the forest can target.
 *
 * Priorities come from cross-fitting: the patients are cut in folds, and each fold's patients are ranked by a causal
 * forest (with its own nuisance forests) fitted on the other folds only. Γ comes from the full fit, out of bag.
 * Standard errors: the bootstrap over patients (priorities held fixed, as grf does).
 */
import { Rng, deriveSeed } from '../forest/rng.ts';
import { fitEffects, type EffectOptions, type EffectProgress } from './effects.ts';
import { predictCausal, type CausalForestParams } from './causalForest.ts';

const Z95 = 1.959963984540054;

/** The TOC at a few shares q and the area under it (AUTOC), each with a bootstrap standard error. */
export interface Rate {
  estimate: number;
  standardError: number;
  lower: number;
  upper: number;
  /** Shares of patients treated first, highest priority first (0.05 … 1). */
  toc: { q: number[]; estimate: number[]; standardError: number[] };
  /** Folds the priorities were cross-fitted on. */
  folds: number;
  bootstrap: number;
}

/** Default shares at which the TOC is reported. */
export const TOC_SHARES = Array.from({ length: 20 }, (_, i) => (i + 1) / 20);

/**
 * TOC at `q` and AUTOC of scores ranked by priority (highest first) over the patients `idx` (with repeats, for the
 * bootstrap), each patient counting with its weight (`weights` null: 1 each). Tied priorities share their block's
 * weighted mean score, the expected TOC over every order of the tie.
 */
function tocAndAutoc(
  priority: Float64Array,
  scores: Float64Array,
  weights: Float64Array | null,
  idx: Int32Array,
  q: readonly number[],
): { toc: number[]; autoc: number } {
  const n = idx.length;
  const order = Array.from(idx).sort((a, b) => priority[b] - priority[a]);
  const sorted = new Float64Array(n);
  const sw = new Float64Array(n);
  for (let i = 0; i < n;) {
    let j = i;
    let sum = 0;
    // Without weights every term is 1·score and the weight sum counts the block: the unweighted figures exactly.
    let wsum = 0;
    while (j < n && priority[order[j]] === priority[order[i]]) {
      const g = weights ? weights[order[j]] : 1;
      sum += g * scores[order[j]];
      wsum += g;
      sw[j] = g;
      j++;
    }
    sorted.fill(sum / wsum, i, j);
    i = j;
  }
  return tocOfSorted(sorted, sw, q);
}

/**
 * tocAndAutoc of a bootstrap sample given as each patient's number of draws, when no two patients share a
 * priority: a patient's draws then form a tie block of their own, so walking the patients in priority order once
 * gives the same sorted scores, summed in the same order, without sorting every sample.
 */
function tocAndAutocOfCounts(
  order: Int32Array,
  scores: Float64Array,
  weights: Float64Array | null,
  counts: Int32Array,
  q: readonly number[],
): { toc: number[]; autoc: number } {
  const sorted = new Float64Array(counts.reduce((a, b) => a + b, 0));
  const sw = new Float64Array(sorted.length);
  let i = 0;
  for (const r of order) {
    const c = counts[r];
    if (c === 0) continue;
    const g = weights ? weights[r] : 1;
    let sum = 0;
    let wsum = 0;
    for (let t = 0; t < c; t++) {
      sum += g * scores[r];
      wsum += g;
    }
    sorted.fill(sum / wsum, i, i + c);
    sw.fill(g, i, i + c);
    i += c;
  }
  return tocOfSorted(sorted, sw, q);
}

/**
 * TOC at `q` and AUTOC of scores already in priority order (ties averaged) with their weights `sw` (> 0), as grf's
 * estimate_rate: the mean score among the first patients whose weights reach the share q of the total, minus the
 * weighted mean of all; the AUTOC the weighted mean over patients of the TOC up to each. TOC(q) takes the shortest
 * whole-patient prefix reaching q (grf takes a fraction of the patient straddling q; the two agree where q falls
 * between patients, and with weights of 1 this is the unweighted TOC of ⌈qn⌉ patients).
 */
function tocOfSorted(
  sorted: Float64Array,
  sw: Float64Array,
  q: readonly number[],
): { toc: number[]; autoc: number } {
  const n = sorted.length;
  let total = 0;
  let W = 0;
  for (let i = 0; i < n; i++) {
    total += sw[i] * sorted[i];
    W += sw[i];
  }
  const ate = total / W;
  // Prefix sums, in the order the unweighted sums were taken.
  const cumS = new Float64Array(n);
  const cumW = new Float64Array(n);
  let cs = 0;
  let cw = 0;
  let area = 0;
  for (let j = 0; j < n; j++) {
    cs += sw[j] * sorted[j];
    cw += sw[j];
    cumS[j] = cs;
    cumW[j] = cw;
    area += sw[j] * (cs / cw - ate);
  }
  // The tolerance in units of the mean weight: 1e-9 of a patient, whatever the weights' scale.
  const tol = 1e-9 * (W / n);
  const toc = q.map((share) => {
    const need = share * W - tol;
    let k = 0;
    while (k < n - 1 && cumW[k] < need) k++;
    return cumS[k] / cumW[k] - ate;
  });
  return { toc, autoc: area / W };
}

/**
 * RATE (AUTOC) and the TOC of doubly robust `scores` ranked by `priority`, with bootstrap standard errors. With
 * `weights` (grf's sample.weights: e.g. inverse probability of censoring weights), every mean is weighted and the
 * bootstrap draws patients with their weights; patients of weight 0 are left out first (as grf does).
 */
export function rankAverageTreatmentEffect(
  priority: Float64Array,
  scores: Float64Array,
  options: {
    bootstrap?: number;
    seed?: number;
    q?: readonly number[];
    folds?: number;
    weights?: Float64Array;
  } = {},
): Rate {
  const nAll = priority.length;
  if (scores.length !== nAll) throw new Error('Priorities and scores differ in length');
  const given = options.weights;
  if (given && given.length !== nAll)
    throw new Error(`There are ${given.length} weights for ${nAll} patients`);
  const kept: number[] = [];
  for (let i = 0; i < nAll; i++) {
    if (given && !(given[i] >= 0 && Number.isFinite(given[i])))
      throw new Error(`Patient ${i + 1} has weight ${given[i]}: weights must be finite and >= 0`);
    if (given && given[i] === 0) continue;
    if (!Number.isFinite(priority[i]) || !Number.isFinite(scores[i]))
      throw new Error(`Patient ${i + 1} has no finite priority or doubly robust score`);
    kept.push(i);
  }
  const n = kept.length;
  if (n < 2) throw new Error('The RATE needs at least two patients (of weight above 0)');
  if (n < nAll) {
    priority = Float64Array.from(kept, (i) => priority[i]);
    scores = Float64Array.from(kept, (i) => scores[i]);
  }
  const weights = given ? Float64Array.from(kept, (i) => given[i]) : null;
  const q = options.q ?? TOC_SHARES;
  const reps = options.bootstrap ?? 200;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const point = tocAndAutoc(priority, scores, weights, all, q);
  const rng = new Rng(deriveSeed(options.seed ?? 1, 0x7a7e));
  const idx = new Int32Array(n);
  let s1 = 0;
  let s2 = 0;
  const t1 = new Float64Array(q.length);
  const t2 = new Float64Array(q.length);
  const order = Int32Array.from(all).sort((a, b) => priority[b] - priority[a]);
  let ties = false;
  for (let i = 1; i < n; i++) if (priority[order[i]] === priority[order[i - 1]]) ties = true;
  const counts = new Int32Array(n);
  for (let b = 0; b < reps; b++) {
    for (let i = 0; i < n; i++) idx[i] = rng.nextInt(n);
    let r: { toc: number[]; autoc: number };
    if (ties) r = tocAndAutoc(priority, scores, weights, idx, q);
    else {
      counts.fill(0);
      for (let i = 0; i < n; i++) counts[idx[i]]++;
      r = tocAndAutocOfCounts(order, scores, weights, counts, q);
    }
    s1 += r.autoc;
    s2 += r.autoc * r.autoc;
    r.toc.forEach((v, k) => {
      t1[k] += v;
      t2[k] += v * v;
    });
  }
  const sd = (a: number, b: number) => Math.sqrt(Math.max(0, (b - (a * a) / reps) / (reps - 1)));
  const se = sd(s1, s2);
  return {
    estimate: point.autoc,
    standardError: se,
    lower: point.autoc - Z95 * se,
    upper: point.autoc + Z95 * se,
    toc: { q: [...q], estimate: point.toc, standardError: q.map((_, k) => sd(t1[k], t2[k])) },
    folds: options.folds ?? 0,
    bootstrap: reps,
  };
}

/** Rows of column-major X (nRows × nFeatures) kept in `rows`, column-major. */
export function takeRows(X: Float32Array, nRows: number, nFeatures: number, rows: Int32Array) {
  const m = rows.length;
  const out = new Float32Array(m * nFeatures);
  for (let f = 0; f < nFeatures; f++)
    for (let i = 0; i < m; i++) out[f * m + i] = X[f * nRows + rows[i]];
  return out;
}

/**
 * Each patient's predicted effect from a causal forest (and nuisance forests) fitted on the other folds only: the
 * priorities of a held-out RATE. Folds are a seeded random split, balanced by arm so each fit has both arms. With
 * options.sampleWeights each fold's forests are fitted with its patients' weights.
 */
export async function heldOutPriorities(
  X: Float32Array,
  nRows: number,
  nFeatures: number,
  isCategorical: Uint8Array,
  y: Uint8Array,
  w: Uint8Array,
  params: Partial<CausalForestParams> & { numTrees: number; randomState: number },
  folds = 2,
  options: EffectOptions = {},
): Promise<Float64Array> {
  const sampleWeights = options.sampleWeights;
  const fold = foldsByArm(w, 2, folds, params.randomState);
  const priority = new Float64Array(nRows).fill(NaN);
  await fitFoldsAtOnce(folds, options.onProgress, async (k, onProgress) => {
    const train = Int32Array.from({ length: nRows }, (_, r) => r).filter((r) => fold[r] !== k);
    const held = Int32Array.from({ length: nRows }, (_, r) => r).filter((r) => fold[r] === k);
    const fit = await fitEffects(
      takeRows(X, nRows, nFeatures, train),
      train.length,
      nFeatures,
      isCategorical,
      Uint8Array.from(train, (r) => y[r]),
      Uint8Array.from(train, (r) => w[r]),
      // Each fold's forests draw from their own streams.
      { ...params, randomState: foldSeed(params.randomState, k) },
      {
        knownPropensity: options.knownPropensity,
        growers: options.growers,
        // Weighted data rank with weighted forests: each fold's effects estimate what the full fit's do.
        ...(sampleWeights
          ? { sampleWeights: Float64Array.from(train, (r) => sampleWeights[r]) }
          : {}),
        onProgress,
      },
    );
    // The effects alone (predictEffects' also of the nuisance forests, and intervals, would be thrown away).
    const pred = predictCausal(fit.forest, takeRows(X, nRows, nFeatures, held), held.length, false);
    held.forEach((r, i) => (priority[r] = pred.effect[i]));
  });
  return priority;
}

/** The seed of fold k's forests: a stream of its own, apart from the full fit's and the other folds'. */
export function foldSeed(seed: number, k: number): number {
  return deriveSeed(seed, 1000 + k) % 2 ** 31;
}

/**
 * Each patient's fold (0..folds − 1) in a seeded random split balanced by arm (`arm` in 0..arms − 1), so that every
 * fold's fit has patients of each arm that has at least `folds` of them.
 */
export function foldsByArm(arm: Uint8Array, arms: number, folds: number, seed: number): Int32Array {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds must be >= 2, got ${folds}`);
  const rng = new Rng(deriveSeed(seed, 0xf01d));
  const fold = new Int32Array(arm.length);
  for (let a = 0; a < arms; a++) {
    const rows = [];
    for (let r = 0; r < arm.length; r++) if (arm[r] === a) rows.push(r);
    for (let i = rows.length - 1; i > 0; i--) {
      const j = rng.nextInt(i + 1);
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    rows.forEach((r, i) => (fold[r] = i % folds));
  }
  return fold;
}

/**
 * Runs `fitFold` for every fold at the same time, their progress summed into one report: a pool then always has
 * trees to grow while this thread predicts a fold's held-out patients (each fold has its own seeds, so the order
 * changes nothing). Every fold is awaited (none left running unobserved); the first failure is the one thrown.
 */
export async function fitFoldsAtOnce(
  folds: number,
  onProgress: ((progress: EffectProgress) => void) | undefined,
  fitFold: (k: number, onProgress?: (progress: EffectProgress) => void) => Promise<void>,
): Promise<void> {
  const doneByFold = new Array<number>(folds).fill(0);
  const fits = Array.from({ length: folds }, (_, k) =>
    fitFold(
      k,
      onProgress &&
        ((p) => {
          doneByFold[k] = p.treesDone;
          onProgress({
            ...p,
            treesDone: doneByFold.reduce((a, b) => a + b, 0),
            treesTotal: folds * p.treesTotal,
          });
        }),
    ),
  );
  const settled = await Promise.allSettled(fits);
  for (const s of settled) if (s.status === 'rejected') throw s.reason;
}
