/** The Node evaluation worker (worker_threads): the same evaluation-worker role as evaluation.worker.ts. */
import { createEvaluationWorker } from './evaluationWorker';
import { exposeOnParentPort } from './nodeExpose';

exposeOnParentPort(createEvaluationWorker());
