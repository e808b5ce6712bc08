/**
 * The browser training worker (a module worker bundled by Vite): the training-worker role exposed with Comlink.
 * It imports the forest engine only. The crash hook exists in the e2e build alone (see testHooks.ts).
 */
import { expose } from 'comlink';
import { withTestCrash } from './testHooks';
import { createTrainingWorker } from './trainingWorker';

expose(
  globalThis.__GENOFOREST_TEST_HOOKS__
    ? withTestCrash(createTrainingWorker)
    : createTrainingWorker(),
);
