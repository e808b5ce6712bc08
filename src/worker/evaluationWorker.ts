/**
 * The evaluation-worker role: score the folds of a cross-validation (out-of-fold probabilities, permutation
 * importance) on its own copy of the cohort, so a user's predict / explain / what-if in the data worker never waits
 * behind a background evaluation. The cohort's columns are shared with the data worker when memory can be shared.
 * DOM- and Node-free: the browser entry (evaluation.worker.ts), the Node entry and tests expose the same object.
 */
import { assembleForest } from '../engine/forest/forest';
import {
  finishCrossValidation,
  planCrossValidation,
  scoreFold,
  type CrossValidationData,
  type CrossValidationRun,
} from '../engine/evaluate/evaluation';
import type { EvaluationWorkerApi } from './api';
import { variantImportanceReport } from '../app/variantImportance';
import { release, report } from './callbacks';

/** Tells this worker's runs apart from another (restarted) worker's. */
const WORKER_TAG = Date.now().toString(36);

/** A new evaluation worker with no cohort. */
export function createEvaluationWorker(): EvaluationWorkerApi {
  let cohort: { id: string; data: CrossValidationData } | null = null;
  let running: { id: string; run: CrossValidationRun } | null = null;
  // The last finished run, kept so its report can be given again for another positive class without regrowing.
  let finished: { id: string; key: string; run: CrossValidationRun; seconds: number } | null = null;
  let runs = 0;

  function requireRun(): { data: CrossValidationData; run: CrossValidationRun } {
    if (!running || !cohort || cohort.id !== running.id)
      throw new Error('The evaluation was interrupted: evaluate again.');
    return { data: cohort.data, run: running.run };
  }

  return {
    async setCohort(dataId, data) {
      cohort = { id: dataId, data };
      running = null;
      finished = null;
    },

    async cohortId() {
      return cohort?.id ?? null;
    },

    async begin(input, folds) {
      if (!cohort || cohort.id !== input.dataId)
        throw new Error('The evaluation worker does not hold this model’s training rows.');
      const run = planCrossValidation(cohort.data, {
        folds: typeof folds === 'number' ? folds : folds.folds,
        params: input.params,
        model: input.model,
        ...input.options,
      });
      running = { id: input.dataId, run };
      finished = null;
      return {
        dataId: input.dataId,
        // Every fold of every repeat is a forest to grow.
        k: run.trainRows.length,
        note: run.note,
        trainRows: run.trainRows,
        params: run.params,
        ...(run.groups ? { groups: Int32Array.from(run.groups.index) } : {}),
      };
    },

    async scoreFold(fold, shards) {
      const { data, run } = requireRun();
      const nClasses = data.encoding.classes.length;
      const forest = assembleForest(shards, run.params, data.nRows, nClasses, data.nFeatures);
      scoreFold(run, data, fold, forest);
    },

    async finish(seconds) {
      const { data, run } = requireRun();
      const report = finishCrossValidation(run, data);
      const key = `${cohort?.id ?? ''}:${WORKER_TAG}:${++runs}`;
      finished = { id: running?.id ?? '', key, run, seconds };
      running = null;
      return { ...report, seconds, runKey: key };
    },

    async reportAs(runKey, positiveClass) {
      if (!finished || finished.key !== runKey || !cohort || cohort.id !== finished.id) return null;
      const classes = cohort.data.encoding.classes;
      const positive = classes.indexOf(positiveClass);
      if (classes.length !== 2 || positive < 0)
        throw new Error(
          `“${positiveClass}” is not one of the two outcomes (${classes.join(', ')}).`,
        );
      const report = finishCrossValidation(finished.run, cohort.data, positive);
      return { ...report, seconds: finished.seconds, runKey };
    },

    async variantImportance(input, onProgress) {
      try {
        return variantImportanceReport(input, {
          onTreeDone: (done) => void report(onProgress, done),
        });
      } finally {
        release(onProgress);
      }
    },
  };
}
