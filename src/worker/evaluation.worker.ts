/** The browser evaluation worker (a module worker bundled by Vite): the evaluation-worker role exposed with Comlink. */
import { expose } from 'comlink';
import { createEvaluationWorker } from './evaluationWorker';

expose(createEvaluationWorker());
