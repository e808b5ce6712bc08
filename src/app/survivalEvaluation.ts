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
  type SurvivalCvReport,
} from '../engine/survival/survivalEvaluation';
import { fitSurvivalForest, type SurvivalForestModel } from '../engine/forest/survivalForest';
import { validateSurvivalParams, type SurvivalParams } from '../engine/forest/survivalParams';
import { tuneSurvivalLeaf, type SurvivalTuningReport } from '../engine/forest/survivalTune';

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

/**
 * A fold fitter that first tunes the minimum patients per leaf on the fold's own training rows (out-of-bag, see
 * engine/forest/survivalTune.ts), then grows the fold's forest with the leaf chosen; each fold's report is handed to
 * `onTuned` in fold order, so that the cross-validated figures cover the tuning.
 */
export function tunedFoldFitter(
  data: SurvivalCvData,
  fit: SurvivalFoldFitter,
  onTuned: (report: SurvivalTuningReport) => void,
): SurvivalFoldFitter {
  return async (rows, params) => {
    const base = validateSurvivalParams(params, data.nFeatures);
    const tuned = await tuneSurvivalLeaf(
      { time: data.time, event: data.event, rows },
      base,
      async (p) => fit(rows, p),
    );
    onTuned(tuned.report);
    return fit(rows, { ...params, minSamplesLeaf: tuned.params.minSamplesLeaf });
  };
}
