/**
 * The benchmark imports the Node worker pool (src/worker/node.ts) under tsconfig.node.json, which does not include
 * src/; pull in the ambient module declaration that file relies on.
 */
// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module declaration cannot be imported
/// <reference path="../src/worker/comlink-node-adapter.d.ts" />
