/**
 * The browser engine worker (module worker bundled by Vite). It exposes the DOM-free WorkerApi implementation
 * with Comlink; the same script serves as the data worker and as each training worker of the pool.
 */
import { expose } from 'comlink';
import { createWorkerImpl } from './workerImpl';

expose(createWorkerImpl());
