/**
 * The client's train and cross-validate steps, run in this process on the worker objects themselves (the data
 * worker, a training worker, the evaluation worker) instead of across threads. Tests use it to drive a worker the
 * way client.ts does; the app never imports it.
 */
import { binFeatures } from '../engine/forest/binning';
import type {
  DataWorkerApi,
  EvaluationPlan,
  EvaluationReport,
  EvaluationSettings,
  EvaluationWorkerApi,
  ForestParams,
  ModelInfo,
  TrainingSetup,
  TrainingWorkerApi,
} from './api';
import { createEvaluationWorker } from './evaluationWorker';
import { createTrainingWorker } from './trainingWorker';

/** Trains the data worker's current table: encode there, bin, grow in a training worker (two shards), assemble. */
export async function trainInProcess(
  data: DataWorkerApi,
  setup: TrainingSetup,
  params: ForestParams,
): Promise<{ info: ModelInfo; trainer: TrainingWorkerApi }> {
  const trainer = createTrainingWorker();
  const c = await data.prepareColumns(setup, params);
  const binned = binFeatures(c.X, c.nRows, c.nFeatures, c.isCategorical);
  await trainer.setTrainingData(binned, c.y, c.nClasses, c.id);
  const indices = Array.from({ length: c.params.nEstimators }, (_, i) => i);
  const half = Math.ceil(indices.length / 2);
  const shards = [
    await trainer.growTrees(c.params, indices.slice(0, half), null),
    await trainer.growTrees(c.params, indices.slice(half), null),
  ];
  return { info: await data.assembleModel(shards, c.params, 0), trainer };
}

/**
 * Cross-validates the data worker's current model: the evaluation worker plans and scores, `trainer` grows;
 * `seconds` is the duration the report states. The evaluation worker is returned with the run it keeps.
 */
export async function evaluateInProcess(
  data: DataWorkerApi,
  trainer: TrainingWorkerApi,
  settings: number | EvaluationSettings,
  seconds = 1,
): Promise<{ plan: EvaluationPlan; report: EvaluationReport; evaluator: EvaluationWorkerApi }> {
  const input = await data.evaluationInput(true, settings);
  if (!input.cohort) throw new Error('The data worker gave no cohort.');
  const evaluator = createEvaluationWorker();
  await evaluator.setCohort(input.dataId, input.cohort);
  const plan = await evaluator.begin(input, settings);
  const all = Array.from({ length: plan.params.nEstimators }, (_, i) => i);
  for (let f = 0; f < plan.k; f++) {
    await evaluator.scoreFold(f, [await trainer.growTrees(plan.params, all, plan.trainRows[f])]);
  }
  return { plan, report: await evaluator.finish(seconds), evaluator };
}
