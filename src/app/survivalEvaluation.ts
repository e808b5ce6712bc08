/**
 * The survival evaluation use case: k-fold cross-validation of a survival forest (engine/survival/
 * survivalEvaluation) whose fold forests are grown by whoever calls it — in this thread fold after fold, or on a
 * worker pool all at once, each worker growing whole folds (a tuned fold's trees spread over the workers). The folds, the Brier times and the scoring are the
 * engine's, and a forest is the same for a seed however many workers grow it, so the report is too.
 */
import {
  foldParams,
  planSurvivalCv,
  SurvivalCvScorer,
  type SurvivalCvData,
  type SurvivalCvPlan,
  type SurvivalCvReport,
} from '../engine/survival/survivalEvaluation';
import {
  fitSurvivalForest,
  prepareSurvivalFit,
  type SurvivalForestModel,
} from '../engine/forest/survivalForest';
import { validateSurvivalParams, type SurvivalParams } from '../engine/forest/survivalParams';
import { tuneSurvivalLeaf, type SurvivalTuningReport } from '../engine/forest/survivalTune';
import type { SurvivalShardWire } from '../engine/forest/survivalGrow';
import { SurvivalTuningRun, survivalTuningGroupWords } from './survivalTuning';
import type { TimeUnit } from '../engine/data/timeToEvent';
import type { ChanceVerdict } from '../engine/evaluate/clinical';
import { cindexWords } from '../engine/survival/verdict';
import { horizonChoices } from './survivalCohort';
import {
  calibrationAt,
  cumulativeDynamicAuc,
  unoC,
  type CalibrationGroup,
} from '../engine/survival/horizon';

/** Grows one fold's survival forest on `rows` of the cohort with `params`. */
export type SurvivalFoldFitter = (
  rows: Int32Array,
  params: Partial<SurvivalParams>,
) => SurvivalForestModel | Promise<SurvivalForestModel>;

/**
 * Grows every fold's forest at once (a pool's workers each growing whole folds), calling `onForest` with each fold's
 * forest as soon as it is back, folds in any order; resolves once every fold's forest was handed on.
 */
export interface SurvivalFoldsFitter {
  allFolds(
    train: readonly Int32Array[],
    params: Partial<SurvivalParams>,
    onForest: (f: number, model: SurvivalForestModel) => void,
  ): Promise<void>;
}

/** Options of a survival cross-validation. */
export interface SurvivalCvOptions {
  folds: number;
  params: Partial<SurvivalParams>;
  seed: number;
  /** A group index per row (family, site) kept wholly in one fold; absent or null: patients are unrelated. */
  groups?: ArrayLike<number> | null;
  /** Called after each fold with the number of folds done. */
  onFold?: (done: number) => void;
  /** Checked before each fold: the evaluation stops with an error when it returns true. */
  shouldStop?: () => boolean;
}

/** Grows a fold's forest in the calling thread. */
export function fitFoldInThread(data: SurvivalCvData): SurvivalFoldFitter {
  return (rows, params) =>
    fitSurvivalForest(
      data.X,
      data.nRows,
      data.nFeatures,
      data.isCategorical,
      data.time,
      data.event,
      params,
      { rows },
    );
}

/**
 * Stratified k-fold cross-validation of a survival forest, each fold's forest grown by `fit`: fold after fold, or, by a
 * SurvivalFoldsFitter, all at once. Each fold's forest is the one its seed and rows give wherever it grew, so the
 * report is the same either way; with folds grown at once, each fold's seconds are those since the fold before it came
 * back, so that their sum is the wall clock of the growth.
 */
export async function evaluateSurvival(
  data: SurvivalCvData,
  options: SurvivalCvOptions,
  fit: SurvivalFoldFitter | SurvivalFoldsFitter = fitFoldInThread(data),
): Promise<SurvivalCvReport> {
  const plan = planSurvivalCv(data, options.folds, options.seed, options.groups);
  const scorer = new SurvivalCvScorer(data, plan);
  const params = foldParams(options.params);
  if (typeof fit !== 'function') {
    if (options.shouldStop?.()) throw new Error('The evaluation was stopped');
    let last = performance.now();
    let done = 0;
    await fit.allFolds(plan.train, params, (f, model) => {
      const seconds = (performance.now() - last) / 1000;
      // Scored while the other folds grow: that time counts in the next fold's.
      last = performance.now();
      scorer.addFold(f, model, seconds);
      options.onFold?.(++done);
    });
    if (options.shouldStop?.()) throw new Error('The evaluation was stopped');
    return scorer.report(options.seed);
  }
  for (let f = 0; f < plan.folds.length; f++) {
    if (options.shouldStop?.()) throw new Error('The evaluation was stopped');
    const start = performance.now();
    const model = await fit(plan.train[f], params);
    scorer.addFold(f, model, (performance.now() - start) / 1000);
    options.onFold?.(f + 1);
  }
  return scorer.report(options.seed);
}

/**
 * A fold fitter that first tunes the minimum patients per leaf on the fold's own training rows (out-of-bag, see
 * engine/forest/survivalTune.ts; with `groups`, the cross-validation's, scoring each patient only by trees that drew
 * nobody of their group where that is possible), then grows the fold's forest with the leaf chosen; each fold's report
 * is handed to `onTuned` in fold order, so that the cross-validated figures cover the tuning.
 */
export function tunedFoldFitter(
  data: SurvivalCvData,
  fit: SurvivalFoldFitter,
  onTuned: (report: SurvivalTuningReport) => void,
  groups?: ArrayLike<number> | null,
): SurvivalFoldFitter {
  return async (rows, params) => {
    const base = validateSurvivalParams(params, data.nFeatures);
    const tuned = await tuneSurvivalLeaf(
      {
        time: data.time,
        event: data.event,
        rows,
        groups: groups ? { index: groups, X: data.X } : undefined,
      },
      base,
      async (p) => fit(rows, p),
    );
    onTuned(tuned.report);
    return fit(rows, { ...params, minSamplesLeaf: tuned.params.minSamplesLeaf });
  };
}

/** One fold of a cross-validation as the Evaluate step's table shows it. */
export interface SurvivalFoldRow {
  fold: number;
  /** Held-out patients and their events. */
  patients: number;
  events: number;
  /** Harrell's C of the fold's held-out patients (NaN when they have no comparable pair). */
  cindex: number;
}

/** The k-fold figures of the held survival model: pooled out-of-fold C and Brier score, each fold, the Brier curve. */
export interface SurvivalCvFigures {
  folds: number;
  cindex: number;
  cindexInterval: [number, number];
  integratedBrier: number;
  patients: number;
  foldRows: SurvivalFoldRow[];
  /** The IPCW Brier score over time (the curve the integrated score averages). */
  brier: { times: number[]; scores: number[] };
  /** Seconds the fold forests took to grow, summed. */
  fitSeconds: number;
  /** The class mode's words for the C-index: summary sentence, chance verdict, cautions (engine/survival/verdict). */
  summary: string;
  chance: ChanceVerdict;
  cautions: string[];
  /** The figures at the proposed horizon (see defaultHorizon), or null with the reason in horizonError. */
  horizon: SurvivalHorizonFigures | null;
  horizonError: string | null;
  /** With a tuned model: the leaf size tuned again inside each fold, in fold order; else null or absent. */
  tunedLeaves?: number[] | null;
  /** The group column whose groups each stayed in one fold, or null (absent in older reports: none). */
  groups?: { column: string; count: number; unlabelled: number } | null;
  /**
   * With groups and tuning inside each fold: whether that tuning kept groups together, in words
   * (survivalTuningGroupWords); else null or absent.
   */
  tuningGroups?: string | null;
}

/** The group column of a group-aware cross-validation: its index per row and counts. */
export interface SurvivalCvGroups {
  index: Int32Array;
  column: string;
  /** Groups, counting each unlabelled row as a group of its own. */
  count: number;
  /** Rows with no group label. */
  unlabelled: number;
}

/** What the pool needs to grow one fold's forest: its training rows, settings and time grid. */
export interface SurvivalFoldPlan {
  rows: Int32Array;
  params: SurvivalParams;
  grid: Float64Array;
  /**
   * When the model's leaf size was tuned: the candidate forests to grow first on the fold's rows (the leaf is tuned
   * again inside the fold, on its own training patients only); params then holds the leaf chosen.
   */
  tuningCandidates?: SurvivalParams[];
}

/**
 * A cross-validation of a trained survival model run a fold at a time by a caller that grows the fold forests
 * elsewhere (the app's worker pool): planned, scored and reported here with the engine's folds and scorer, so the
 * figures are those of evaluateSurvival for the same seed, however many workers grew the forests.
 */
export class SurvivalCvRun {
  readonly plan: SurvivalCvPlan;
  readonly foldPlans: SurvivalFoldPlan[];
  private readonly scorer: SurvivalCvScorer;
  private result: SurvivalCvReport | null = null;

  /**
   * `curveTimes`: where each patient's out-of-fold survival is kept for figures at a horizon; `groups`: the group
   * column's index per row, each group kept wholly in one fold (null: patients are unrelated).
   */
  constructor(
    readonly data: SurvivalCvData,
    params: SurvivalParams,
    folds: number,
    readonly curveTimes: Float64Array,
    readonly groups: SurvivalCvGroups | null = null,
    /** The base leaf of the model's tuning, to tune again inside each fold; null: the model was not tuned. */
    tuneFromLeaf: number | null = null,
  ) {
    this.plan = planSurvivalCv(data, folds, params.randomState, groups?.index);
    this.scorer = new SurvivalCvScorer(data, this.plan, curveTimes);
    const fold = foldParams(
      tuneFromLeaf === null ? params : { ...params, minSamplesLeaf: tuneFromLeaf },
    );
    this.foldPlans = this.plan.train.map((rows) => ({
      rows,
      ...prepareSurvivalFit(data.time, data.event, fold, data.nFeatures, rows),
    }));
    this.tuning = this.foldPlans.map((p) => {
      if (tuneFromLeaf === null) return null;
      const run = new SurvivalTuningRun(
        { data, params: p.params, grid: p.grid },
        p.rows,
        groups ? { index: groups.index, X: data.X } : undefined,
      );
      p.tuningCandidates = run.candidates;
      return run;
    });
  }

  private readonly tuning: (SurvivalTuningRun | null)[];
  private readonly tunedLeaves: (number | null)[] = [];
  private readonly tunedByGroup: boolean[] = [];

  /** Keeps tuning candidate k of fold f from the pool's shards of its forest. */
  addTuningCandidate(f: number, k: number, shards: SurvivalShardWire[]): void {
    const run = this.tuning[f];
    if (!run) throw new Error(`Fold ${f + 1} is not tuned`);
    run.addCandidate(k, shards);
  }

  /** Chooses fold f's leaf from its candidates; returns the fold forest's settings (kept for addFold). */
  chooseFoldSettings(f: number): SurvivalParams {
    const run = this.tuning[f];
    if (!run) throw new Error(`Fold ${f + 1} is not tuned`);
    const chosen = run.choose();
    this.foldPlans[f].params = chosen.params;
    this.tunedLeaves[f] = chosen.params.minSamplesLeaf;
    this.tunedByGroup[f] = chosen.report.groupAware;
    return chosen.params;
  }

  /** Scores fold f with its forest, grown on foldPlans[f] in `seconds`. */
  addFold(f: number, model: SurvivalForestModel, seconds: number): void {
    this.scorer.addFold(f, model, seconds);
  }

  /** The engine's pooled report (throws until every fold is scored). */
  report(): SurvivalCvReport {
    this.result ??= this.scorer.report(this.foldPlans[0]?.params.randomState ?? 0);
    return this.result;
  }

  /** The figures at `horizon` (throws when it cannot be checked, with the reason). */
  atHorizon(horizon: number): SurvivalHorizonFigures {
    return horizonFigures(this.data, this.report(), this.curveTimes, horizon);
  }

  /** The figures the Evaluate step shows, with those at the proposed horizon in `unit`. */
  figures(unit: TimeUnit, eventValue: string): SurvivalCvFigures {
    const r = this.report();
    const { data, plan } = this;
    const words = cindexWords({
      cindex: r.cindex,
      cindexInterval: r.cindexInterval,
      source: 'cv',
      eventValue,
      patients: data.nRows,
      events: data.event.reduce((a, b) => a + b, 0),
      nFeatures: data.nFeatures,
    });
    let horizon: SurvivalHorizonFigures | null = null;
    let horizonError: string | null = null;
    try {
      horizon = this.atHorizon(defaultHorizon(data.time, unit));
    } catch (error) {
      horizonError = (error as Error).message;
    }
    return {
      folds: r.folds,
      cindex: r.cindex,
      cindexInterval: r.cindexInterval,
      integratedBrier: r.integratedBrier,
      patients: data.nRows,
      foldRows: plan.folds.map((rows, f) => ({
        fold: f + 1,
        patients: rows.length,
        events: rows.reduce((a, i) => a + data.event[i], 0),
        cindex: r.cindexFolds[f],
      })),
      brier: { times: Array.from(r.brierTimes), scores: Array.from(r.brierCurve) },
      fitSeconds: r.fitSeconds,
      ...words,
      horizon,
      horizonError,
      tunedLeaves: this.tuning.some((t) => t !== null)
        ? this.foldPlans.map((_, f) => this.tunedLeaves[f] ?? NaN)
        : null,
      groups: this.groups
        ? {
            column: this.groups.column,
            count: this.groups.count,
            unlabelled: this.groups.unlabelled,
          }
        : null,
      tuningGroups:
        this.groups && this.tuning.some((t) => t !== null)
          ? survivalTuningGroupWords(
              this.groups.column,
              this.foldPlans.map((_, f) => this.tunedByGroup[f] ?? false),
            )
          : null,
    };
  }
}

/** Figures of the out-of-fold predictions at one horizon (in the follow-up's unit). */
export interface SurvivalHorizonFigures {
  horizon: number;
  /** Cumulative/dynamic AUC at the horizon, or null with the reason in aucNote. */
  auc: number | null;
  aucNote: string | null;
  /** Uno's C of the pairs whose earlier event is by the horizon, or null with the reason in unoNote. */
  unoC: number | null;
  unoNote: string | null;
  /** 'deciles' or 'quintiles' of predicted risk at the horizon, lowest risk first. */
  groupsOf: 'deciles' | 'quintiles';
  calibration: CalibrationGroup[];
  /** Patients with the event by the horizon, and still followed after it. */
  events: number;
  followedBeyond: number;
}

/** Patients from which calibration is shown by tenths of predicted risk rather than fifths. */
const DECILES_FROM = 1000;

/**
 * The horizon the Evaluate step proposes: the longest of 1, 3, 5 or 10 years within the median follow-up, else the
 * median follow-up rounded to two significant figures (so a cohort followed for months is not asked about years).
 */
export function defaultHorizon(time: ArrayLike<number>, unit: TimeUnit): number {
  const sorted = Float64Array.from(time).sort();
  if (sorted.length === 0) throw new Error('No follow-up to choose a horizon from');
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const round = horizonChoices(median, unit).filter((h) => h.refused === null);
  if (round.length > 0) return round[round.length - 1].time;
  if (!(median > 0)) return sorted[sorted.length - 1] / 2;
  const scale = 10 ** (Math.floor(Math.log10(median)) - 1);
  return Math.round(median / scale) * scale;
}

/** The figures at `horizon` of a finished cross-validation whose curves were kept at `curveTimes`. */
export function horizonFigures(
  data: SurvivalCvData,
  report: SurvivalCvReport,
  curveTimes: Float64Array,
  horizon: number,
): SurvivalHorizonFigures {
  const n = data.nRows;
  let maxT = 0;
  for (let i = 0; i < n; i++) maxT = Math.max(maxT, data.time[i]);
  if (!(horizon > 0) || !Number.isFinite(horizon))
    throw new Error('The horizon must be a time after 0.');
  if (horizon >= maxT) {
    throw new Error(
      `${horizon} is not before the longest follow-up (${maxT}): nobody is left to check predictions against.`,
    );
  }
  const nc = curveTimes.length;
  if (report.curves.length !== n * nc)
    throw new Error('The cross-validation kept no survival curves.');
  // Last kept time at or before the horizon: the curves are steps (1 before the first).
  let k = -1;
  while (k + 1 < nc && curveTimes[k + 1] <= horizon) k++;
  const at = new Float64Array(n);
  for (let i = 0; i < n; i++) at[i] = k < 0 ? 1 : report.curves[i * nc + k];
  const outcome = { time: data.time, event: data.event };
  // Risk at the horizon ranks patients for the AUC and Uno's C: 1 − S(t), as scikit-survival's examples do.
  const risk = Float64Array.from(at, (s) => 1 - s);
  let events = 0;
  let followedBeyond = 0;
  for (let i = 0; i < n; i++) {
    if (data.event[i] === 1 && data.time[i] <= horizon) events++;
    if (data.time[i] > horizon) followedBeyond++;
  }
  let auc: number | null = null;
  let aucNote: string | null = null;
  try {
    auc = cumulativeDynamicAuc(outcome, outcome, risk, horizon);
  } catch (error) {
    aucNote = (error as Error).message;
  }
  let uno: number | null = null;
  let unoNote: string | null = null;
  try {
    uno = unoC(outcome, outcome, risk, horizon).cindex;
  } catch (error) {
    unoNote = (error as Error).message;
  }
  const groupsOf = n >= DECILES_FROM ? 'deciles' : 'quintiles';
  const groups = Math.min(groupsOf === 'deciles' ? 10 : 5, n);
  return {
    horizon,
    auc,
    aucNote,
    unoC: uno,
    unoNote,
    groupsOf,
    calibration: calibrationAt(outcome, at, horizon, groups),
    events,
    followedBeyond,
  };
}
