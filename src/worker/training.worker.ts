/**
 * The browser training worker (a module worker bundled by Vite): the training-worker role exposed with Comlink.
 * It imports the forest engine only. The crash hook exists in the e2e build alone (see testHooks.ts).
 */
import { expose } from 'comlink';
import { withTestCrash } from './testHooks';
import { createTrainingWorker, warmUpTrainingWorker } from './trainingWorker';
import { canShareMemory } from '../app/sharedMemory';

// Before the first call is taken: the fits the pool sends then meet compiled loops (warmUp.ts).
warmUpTrainingWorker(canShareMemory());

expose(
  globalThis.__GENOFOREST_TEST_HOOKS__
    ? withTestCrash(createTrainingWorker)
    : createTrainingWorker(),
);
