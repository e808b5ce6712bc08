/**
 * The survival evaluation use case: k-fold cross-validation of a survival forest (engine/survival/
 * survivalEvaluation) whose fold forests are grown by whoever calls it — in this thread or on a worker pool, fold
 * after fold, each fold's trees spread over the workers. The folds, the Brier times and the scoring are the
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
import type { SurvivalParams } from '../engine/forest/survivalParams';

/** Grows one fold's survival forest on `rows` of the cohort with `params`. */
export type SurvivalFoldFitter = (
  rows: Int32Array,
  params: Partial<SurvivalParams>,
) => SurvivalForestModel | Promise<SurvivalForestModel>;

/** Options of a survival cross-validation. */
export interface SurvivalCvOptions {
  folds: number;
  params: Partial<SurvivalParams>;
  seed: number;
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

/** Stratified k-fold cross-validation of a survival forest, each fold's forest grown by `fit`. */
export async function evaluateSurvival(
  data: SurvivalCvData,
  options: SurvivalCvOptions,
  fit: SurvivalFoldFitter = fitFoldInThread(data),
): Promise<SurvivalCvReport> {
  const plan = planSurvivalCv(data, options.folds, options.seed);
  const scorer = new SurvivalCvScorer(data, plan);
  const params = foldParams(options.params);
  for (let f = 0; f < plan.folds.length; f++) {
    if (options.shouldStop?.()) throw new Error('The evaluation was stopped');
    const start = performance.now();
    const model = await fit(plan.train[f], params);
    scorer.addFold(f, model, (performance.now() - start) / 1000);
    options.onFold?.(f + 1);
  }
  return scorer.report(options.seed);
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
}

/** What the pool needs to grow one fold's forest: its training rows, settings and time grid. */
export interface SurvivalFoldPlan {
  rows: Int32Array;
  params: SurvivalParams;
  grid: Float64Array;
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

  /** `curveTimes`: where each patient's out-of-fold survival is kept for figures at a horizon. */
  constructor(
    readonly data: SurvivalCvData,
    params: SurvivalParams,
    folds: number,
    curveTimes: Float64Array,
  ) {
    this.plan = planSurvivalCv(data, folds, params.randomState);
    this.scorer = new SurvivalCvScorer(data, this.plan, curveTimes);
    const fold = foldParams(params);
    this.foldPlans = this.plan.train.map((rows) => ({
      rows,
      ...prepareSurvivalFit(data.time, data.event, fold, data.nFeatures, rows),
    }));
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

  /** The figures the Evaluate step shows. */
  figures(): SurvivalCvFigures {
    const r = this.report();
    const { data, plan } = this;
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
    };
  }
}
