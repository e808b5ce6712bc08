/** The browser data worker (a module worker bundled by Vite): the data-worker role exposed with Comlink. */
import { expose } from 'comlink';
import { createDataWorker } from './dataWorker';

expose(createDataWorker());
