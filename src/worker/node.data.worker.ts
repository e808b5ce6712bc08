/** The Node data worker (worker_threads): the same data-worker role as data.worker.ts. */
import { createDataWorker } from './dataWorker';
import { exposeOnParentPort } from './nodeExpose';

exposeOnParentPort(createDataWorker());
