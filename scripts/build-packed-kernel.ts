/**
 * Compiles src/engine/forest/packedKernel.wat (the row loops of the packed SNP split search) with wabt's wat2wasm
 * and writes its bytes, base64, to src/engine/forest/packedKernelWasm.ts, which the engine instantiates:
 *
 *   npx tsx scripts/build-packed-kernel.ts
 *
 * wabt is a development tool only. A test (src/engine/forest/packedKernel.test.ts) compiles the .wat again and
 * checks the committed bytes equal it, so re-run this after editing the .wat.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWat, isMainScript, renderBase64Module } from './watKernel';

const forest = resolve(dirname(fileURLToPath(import.meta.url)), '../src/engine/forest');
const WAT = resolve(forest, 'packedKernel.wat');
const MODULE = resolve(forest, 'packedKernelWasm.ts');

/** The kernel's module bytes compiled from the .wat now (no SIMD, no name section), after wabt validates them. */
export async function compilePackedKernel(): Promise<Uint8Array<ArrayBuffer>> {
  return compileWat(WAT);
}

/** packedKernelWasm.ts holding these bytes. */
export function renderPackedKernelModule(bytes: Uint8Array): string {
  return renderBase64Module(bytes, {
    script: 'scripts/build-packed-kernel.ts',
    wat: 'packedKernel.wat',
    doc: 'The packed SNP scan kernel (packedKernel.wat), compiled: its bytes in base64.',
    constName: 'PACKED_KERNEL_BASE64',
  });
}

if (isMainScript(import.meta.url)) {
  const bytes = await compilePackedKernel();
  writeFileSync(MODULE, renderPackedKernelModule(bytes));
  console.log(`Wrote ${MODULE} (${bytes.length} bytes of WebAssembly).`);
}
