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
