/**
 * What the WebAssembly kernels' build scripts share (build-pca-kernel.ts, build-survival-kernel.ts): compiling a
 * hand-written .wat with wabt's wat2wasm, validated, without a name section, and running a script only when it is
 * the one Node was asked to run (the tests import the compile functions without writing anything).
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import wabt from 'wabt';

/** The module bytes of the .wat at `path` (SIMD proposals on when asked), after wabt validates them. */
export async function compileWat(
  path: string,
  features: { simd?: boolean } = {},
): Promise<Uint8Array<ArrayBuffer>> {
  const tools = await wabt();
  const parsed = tools.parseWat(basename(path), readFileSync(path, 'utf8'), features);
  try {
    parsed.resolveNames();
    parsed.validate();
    return Uint8Array.from(parsed.toBinary({ write_debug_names: false }).buffer);
  } finally {
    parsed.destroy();
  }
}

/** True when the module at `moduleUrl` is the script Node was started with. */
export function isMainScript(moduleUrl: string): boolean {
  return Boolean(process.argv[1]) && moduleUrl === pathToFileURL(resolve(process.argv[1])).href;
}
