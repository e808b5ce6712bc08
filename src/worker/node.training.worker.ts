/** The Node training worker (worker_threads): the same training-worker role as training.worker.ts. */
import { getHeapStatistics } from 'node:v8';
import { exposeOnParentPort } from './nodeExpose';
import { withTestCrash } from './testHooks';
import { createTrainingWorker, warmUpTrainingWorker, type MemoryReading } from './trainingWorker';
import { canShareMemory } from '../app/sharedMemory';

/** This worker's own isolate (process.memoryUsage() would count the whole process, every thread). */
function v8Memory(): MemoryReading {
  const h = getHeapStatistics() as ReturnType<typeof getHeapStatistics> & {
    external_memory?: number;
  };
  return { source: 'v8', heap: h.used_heap_size, external: h.external_memory ?? NaN };
}

// The worker that takes the pool's calls, warmed up itself before the first call is taken: the fits the pool sends
// then meet code compiled for it (warmUp.ts, warmUpTrainingWorker). The crash hook's worker is made per test.
const worker = createTrainingWorker(undefined, v8Memory);
void warmUpTrainingWorker(canShareMemory(), worker);

exposeOnParentPort(
  globalThis.__GENOFOREST_TEST_HOOKS__
    ? withTestCrash((afterTree) => createTrainingWorker(afterTree, v8Memory))
    : worker,
);
