/** The browser treatment-effect worker (a module worker bundled by Vite): the effect role exposed with Comlink. */
import { expose } from 'comlink';
import { createEffectWorker } from './effectWorker';

expose(createEffectWorker());
