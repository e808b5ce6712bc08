/** The Node training worker (worker_threads): the same training-worker role as training.worker.ts. */
import { exposeOnParentPort } from './nodeExpose';
import { withTestCrash } from './testHooks';
import { createTrainingWorker } from './trainingWorker';

exposeOnParentPort(
  globalThis.__GENOFOREST_TEST_HOOKS__
    ? withTestCrash(createTrainingWorker)
    : createTrainingWorker(),
);
