/**
 * Cross-validation of a survival forest: k folds stratified by event (so every fold has its share of events and of
 * censored patients), a forest per fold on the other folds, and figures over the pooled out-of-fold predictions:
 * - Harrell's C of the pooled out-of-fold risk scores (each fold's C too), with a 95 % percentile bootstrap interval
 *   over patients (the risks held fixed: the spread of the figure over cohorts like this one, not of the forest);
 * - the integrated IPCW Brier score of the out-of-fold survival curves over the 10th to 90th percentiles of the
 *   event times (81 steps, as scikit-survival's examples integrate between inner percentiles so that enough
 *   patients remain at risk), the censoring distribution estimated on the whole cohort (it is not part of the model,
 *   and every held-out patient's time then lies within it).
 */
import {
  stratifiedGroupKFold,
  stratifiedKFold,
  trainingRows,
} from '../evaluate/crossValidation.ts';
import { Rng } from '../forest/rng.ts';
import {
  curvesAt,
  fitSurvivalForest,
  predictCumHazard,
  riskFromCumHazard,
  survivalFromCumHazard,
  type SurvivalForestModel,
} from '../forest/survivalForest.ts';
import type { SurvivalParams } from '../forest/survivalParams.ts';
import type { SurvivalColumns } from '../forest/survivalForest.ts';
import { brierScore, integratedBrierScore } from './brier.ts';
import { harrellC } from './concordance.ts';

/** What a survival cross-validation needs of a dataset. */
export type SurvivalCvData = SurvivalColumns;

/** Pooled out-of-fold figures of a survival cross-validation. */
export interface SurvivalCvReport {
  folds: number;
  /** Plain words when fewer folds than asked were used, else null. */
  foldNote: string | null;
  cindex: number;
  cindexInterval: [number, number];
  cindexFolds: number[];
  integratedBrier: number;
  /** The times the Brier score was integrated over. */
  brierTimes: Float64Array;
  /** The IPCW Brier score at each of brierTimes (the curve the integrated score averages). */
  brierCurve: Float64Array;
  /** Each row's out-of-fold survival at the scorer's curve times (row-major rows × times); empty when none were asked. */
  curves: Float64Array;
  /** Out-of-fold risk score of each row. */
  risk: Float64Array;
  fitSeconds: number;
}

/** Bootstrap resamples behind the C-index interval. */
const BOOTSTRAP = 200;

/** The times of the integrated Brier score: the 10th..90th percentiles of the event times, distinct. */
export function brierTimes(time: ArrayLike<number>, event: ArrayLike<number>): Float64Array {
  const ev: number[] = [];
  for (let i = 0; i < time.length; i++) if (event[i] === 1) ev.push(time[i]);
  ev.sort((a, b) => a - b);
  let maxTime = -Infinity;
  for (let i = 0; i < time.length; i++) maxTime = Math.max(maxTime, time[i]);
  const out: number[] = [];
  for (let p = 10; p <= 90; p++) {
    const t = ev[Math.min(ev.length - 1, Math.floor((p / 100) * (ev.length - 1)))];
    if (t < maxTime && (out.length === 0 || t > out[out.length - 1])) out.push(t);
  }
  if (out.length < 2) {
    throw new Error(
      'The event times are too few or too alike to integrate the Brier score over (needs two)',
    );
  }
  return Float64Array.from(out);
}

/** The folds of a survival cross-validation and the times its Brier score is integrated over. */
export interface SurvivalCvPlan {
  /** Held-out rows of each fold. */
  folds: Int32Array[];
  /** Training rows of each fold (the other folds). */
  train: Int32Array[];
  /** Plain words when fewer folds than asked were used, else null. */
  note: string | null;
  times: Float64Array;
}

/**
 * The stratified folds (by event) and Brier times of a cross-validation of `folds` folds for `seed`; with `groups`
 * (a group index per row: family, site, a patient's repeated records) every group lies wholly in one fold, events
 * balanced across folds as far as the groups allow (stratified group k-fold, as for classes).
 */
export function planSurvivalCv(
  data: SurvivalCvData,
  folds: number,
  seed: number,
  groups?: ArrayLike<number> | null,
): SurvivalCvPlan {
  const split = groups
    ? stratifiedGroupKFold(data.event, groups, 2, folds, seed)
    : stratifiedKFold(data.event, 2, folds, seed, ['censored', 'event']);
  const train = split.folds.map((_, f) => trainingRows(split, f, data.nRows));
  return {
    folds: split.folds,
    train,
    note: split.note,
    times: brierTimes(data.time, data.event),
  };
}

/**
 * Collects each fold's out-of-fold predictions from its forest (in any order of folds) and makes the report once
 * every fold has one: the figures depend on the forests only, not on where or in which order they were grown.
 */
export class SurvivalCvScorer {
  private readonly risk: Float64Array;
  private readonly surv: Float64Array;
  private readonly cindexFolds: number[];
  private readonly scored: boolean[];
  private readonly curves: Float64Array;
  private fitSeconds = 0;

  /** `curveTimes`: times at which each row's out-of-fold survival is also kept (for figures at any horizon). */
  constructor(
    private readonly data: SurvivalCvData,
    private readonly plan: SurvivalCvPlan,
    private readonly curveTimes: Float64Array = new Float64Array(0),
  ) {
    this.risk = new Float64Array(data.nRows);
    this.surv = new Float64Array(data.nRows * plan.times.length);
    this.curves = new Float64Array(data.nRows * curveTimes.length);
    this.cindexFolds = plan.folds.map(() => NaN);
    this.scored = plan.folds.map(() => false);
  }

  /** Scores fold f's held-out rows with its forest (grown on plan.train[f] in `seconds`). */
  addFold(
    f: number,
    model: Pick<SurvivalForestModel, 'flatTrees' | 'timeGrid'>,
    seconds: number,
  ): void {
    const { data, plan } = this;
    const n = data.nRows;
    const p = data.nFeatures;
    const times = plan.times;
    const nt = times.length;
    const test = plan.folds[f];
    this.fitSeconds += seconds;
    const m = test.length;
    const Xt = new Float32Array(m * p);
    for (let j = 0; j < p; j++) for (let i = 0; i < m; i++) Xt[j * m + i] = data.X[j * n + test[i]];
    const H = predictCumHazard(model, Xt, m);
    const r = riskFromCumHazard(H, model.timeGrid.length);
    const S = survivalFromCumHazard(H);
    const s = curvesAt(S, model.timeGrid, times, 1);
    const nc = this.curveTimes.length;
    const c = nc > 0 ? curvesAt(S, model.timeGrid, this.curveTimes, 1) : null;
    for (let i = 0; i < m; i++) {
      this.risk[test[i]] = r[i];
      for (let k = 0; k < nt; k++) this.surv[test[i] * nt + k] = s[i * nt + k];
      if (c) for (let k = 0; k < nc; k++) this.curves[test[i] * nc + k] = c[i * nc + k];
    }
    try {
      this.cindexFolds[f] = harrellC(
        {
          time: Array.from(test, (i) => data.time[i]),
          event: Array.from(test, (i) => data.event[i]),
        },
        r,
      ).cindex;
    } catch {
      this.cindexFolds[f] = NaN;
    }
    this.scored[f] = true;
  }

  /** The pooled figures; `seed` seeds the bootstrap interval of C. Throws when a fold was not scored. */
  report(seed: number): SurvivalCvReport {
    const missing = this.scored.indexOf(false);
    if (missing >= 0) throw new Error(`Fold ${missing + 1} of the cross-validation has no forest`);
    const { data, plan, risk } = this;
    const outcome = { time: data.time, event: data.event };
    return {
      folds: plan.folds.length,
      foldNote: plan.note,
      cindex: harrellC(outcome, risk).cindex,
      cindexInterval: bootstrapInterval(data.time, data.event, risk, seed),
      cindexFolds: this.cindexFolds.slice(),
      integratedBrier: integratedBrierScore(outcome, outcome, this.surv, plan.times),
      brierTimes: plan.times,
      brierCurve: brierScore(outcome, outcome, this.surv, plan.times),
      curves: this.curves,
      risk,
      fitSeconds: this.fitSeconds,
    };
  }
}

/** The settings each fold's forest is grown with: the given ones, without out-of-bag figures (unused here). */
export function foldParams(params: Partial<SurvivalParams>): Partial<SurvivalParams> {
  return { ...params, oobScore: false };
}

/** Stratified k-fold cross-validation of a survival forest grown in this thread (see the file comment). */
export function crossValidateSurvival(
  data: SurvivalCvData,
  options: {
    folds: number;
    params: Partial<SurvivalParams>;
    seed: number;
    /** A group index per row kept wholly in one fold (see planSurvivalCv). */
    groups?: ArrayLike<number> | null;
  },
): SurvivalCvReport {
  const plan = planSurvivalCv(data, options.folds, options.seed, options.groups);
  const scorer = new SurvivalCvScorer(data, plan);
  for (let f = 0; f < plan.folds.length; f++) {
    const start = performance.now();
    const model = fitSurvivalForest(
      data.X,
      data.nRows,
      data.nFeatures,
      data.isCategorical,
      data.time,
      data.event,
      foldParams(options.params),
      { rows: plan.train[f] },
    );
    scorer.addFold(f, model, (performance.now() - start) / 1000);
  }
  return scorer.report(options.seed);
}

/**
 * 95 % percentile interval of Harrell's C over patients resampled with replacement (resamples without a pair skipped,
 * as are resamples holding a patient harrellC refuses: a time or event out of range, a risk not finite).
 *
 * Each resample is scored as harrellC would score the drawn patients, without sorting them again: the copies of a
 * patient are never comparable with each other (same time; two events, or no event), so the resample's pair counts
 * are the cohort's sweep (time order and risk ranks made once) with each patient weighted by its number of draws.
 * The counts are whole numbers, exactly those harrellC counts, so the interval is the same to the last bit.
 */
export function bootstrapInterval(
  time: Float64Array,
  event: Uint8Array,
  risk: Float64Array,
  seed: number,
): [number, number] {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const n = time.length;
  const refused = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const ok =
      Number.isFinite(time[i]) &&
      time[i] >= 0 &&
      (event[i] === 0 || event[i] === 1) &&
      Number.isFinite(risk[i]);
    refused[i] = ok ? 0 : 1;
  }
  const sweep = new WeightedConcordance(time, event, risk, refused);
  const draws = new Int32Array(n);
  const values: number[] = [];
  for (let b = 0; b < BOOTSTRAP; b++) {
    draws.fill(0);
    let skip = false;
    for (let i = 0; i < n; i++) {
      const j = rng.nextInt(n);
      draws[j]++;
      if (refused[j] === 1) skip = true;
    }
    if (skip) continue;
    const c = sweep.cindex(draws);
    // No comparable pair in this resample: it says nothing about the spread.
    if (c !== null) values.push(c);
  }
  if (values.length < 20) return [NaN, NaN];
  values.sort((a, b) => a - b);
  const q = (x: number): number =>
    values[Math.min(values.length - 1, Math.floor(x * values.length))];
  return [q(0.025), q(0.975)];
}

/** Harrell's C of a cohort's patients each taken a whole number of times (see bootstrapInterval). */
class WeightedConcordance {
  /** Usable patients by time (swept from the end). */
  private readonly ord: Int32Array;
  private readonly rank: Int32Array;
  private readonly tree: Float64Array;
  private readonly time: Float64Array;

  constructor(
    time: Float64Array,
    private readonly event: Uint8Array,
    risk: Float64Array,
    refused: Uint8Array,
  ) {
    const n = time.length;
    const usable = Int32Array.from({ length: n }, (_, i) => i).filter((i) => refused[i] === 0);
    this.ord = usable.slice().sort((a, b) => time[a] - time[b] || a - b);
    const byRisk = usable.slice().sort((a, b) => risk[a] - risk[b]);
    this.rank = new Int32Array(n);
    let m = 0;
    for (let k = 0; k < byRisk.length; k++) {
      if (k === 0 || risk[byRisk[k]] !== risk[byRisk[k - 1]]) m++;
      this.rank[byRisk[k]] = m;
    }
    this.tree = new Float64Array(m + 1);
    this.time = time;
  }

  /** C with patient i taken draws[i] times, or null when no pair is comparable. */
  cindex(draws: Int32Array): number | null {
    const { ord, rank, tree, event, time } = this;
    const m = tree.length - 1;
    tree.fill(0);
    const add = (r: number, w: number): void => {
      for (; r <= m; r += r & -r) tree[r] += w;
    };
    const below = (r: number): number => {
      let s = 0;
      for (; r > 0; r -= r & -r) s += tree[r];
      return s;
    };
    let concordant = 0;
    let tied = 0;
    let comparable = 0;
    let inserted = 0;
    // As sweepComparablePairs: from the longest follow-up down, a time's censored patients join before its events
    // are counted, its events after.
    let end = ord.length;
    while (end > 0) {
      const t = time[ord[end - 1]];
      let start = end - 1;
      while (start > 0 && time[ord[start - 1]] === t) start--;
      for (let k = start; k < end; k++) {
        const i = ord[k];
        if (event[i] === 0 && draws[i] > 0) {
          add(rank[i], draws[i]);
          inserted += draws[i];
        }
      }
      for (let k = start; k < end; k++) {
        const i = ord[k];
        const c = draws[i];
        if (event[i] !== 1 || c === 0) continue;
        const lower = below(rank[i] - 1);
        concordant += c * lower;
        tied += c * (below(rank[i]) - lower);
        comparable += c * inserted;
      }
      for (let k = start; k < end; k++) {
        const i = ord[k];
        if (event[i] === 1 && draws[i] > 0) {
          add(rank[i], draws[i]);
          inserted += draws[i];
        }
      }
      end = start;
    }
    return comparable > 0 ? (concordant + tied / 2) / comparable : null;
  }
}
