/**
 * The browser training worker (a module worker bundled by Vite): the training-worker role exposed with Comlink.
 * It imports the forest engine only. The crash hook exists in the e2e build alone (see testHooks.ts).
 */
import { expose } from 'comlink';
import { withTestCrash } from './testHooks';
import { createTrainingWorker, warmUpTrainingWorker } from './trainingWorker';
import { canShareMemory } from '../app/sharedMemory';

// The worker that takes the pool's calls, warmed up itself before the first call is taken: the fits the pool sends
// then meet code compiled for it (warmUp.ts, warmUpTrainingWorker). The e2e build's crash hook makes its own.
const worker = createTrainingWorker();
void warmUpTrainingWorker(canShareMemory(), worker);

expose(globalThis.__GENOFOREST_TEST_HOOKS__ ? withTestCrash(createTrainingWorker) : worker);
