// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- ambient types of an untyped ESM path, see the file
/// <reference path="./comlink-node-adapter.d.ts" />
/**
 * Exposes a worker role on a Node worker thread's parentPort with Comlink's node adapter, as the browser entries
 * expose theirs on the worker scope. The threads are started by node.ts through a bootstrap that registers tsx.
 */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';

/** Serves `api` to the thread that started this worker thread. */
export function exposeOnParentPort(api: object): void {
  if (!parentPort)
    throw new Error('A worker entry must be started as a worker thread (see node.ts).');
  // Comlink's adapter types predate Node's own; a MessagePort has the on/off/postMessage it uses.
  expose(api, nodeEndpoint(parentPort as unknown as Parameters<typeof nodeEndpoint>[0]));
}
