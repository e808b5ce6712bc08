/**
 * Types for Comlink's ESM node adapter: the package ships them next to its UMD build only, and TypeScript does not
 * look for node-adapter.d.ts beside an .mjs file. Re-export those same declarations under the ESM path.
 */
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/umd/node-adapter';
  export type { NodeEndpoint } from 'comlink/dist/umd/node-adapter';
}
