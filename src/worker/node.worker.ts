// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types of an untyped ESM path, see the file
/// <reference path="./comlink-node-adapter.d.ts" />
/**
 * The Node engine worker (worker_threads): the same WorkerApi implementation as engine.worker.ts, exposed with
 * Comlink's node adapter on parentPort. Started by node.ts through a bootstrap that registers tsx first.
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createWorkerImpl } from './workerImpl';

if (!parentPort)
  throw new Error('node.worker.ts must be started as a worker thread (see node.ts).');
// Comlink's adapter types predate Node's own; a MessagePort has the on/off/postMessage it uses.
expose(
  createWorkerImpl(),
  nodeEndpoint(parentPort as unknown as Parameters<typeof nodeEndpoint>[0]),
);
