/** The Node treatment-effect worker (worker_threads): the same effect role as effect.worker.ts. */
import { createEffectWorker } from './effectWorker';
import { exposeOnParentPort } from './nodeExpose';

exposeOnParentPort(createEffectWorker());
