/**
 * Compiles src/engine/forest/packedKernel.wat (the row loops of the packed SNP split search) and listScanKernel.wat
 * (the weighted draws' scans, on the same memory) with wabt's wat2wasm and writes their bytes, base64, to
 * src/engine/forest/packedKernelWasm.ts and listScanKernelWasm.ts, which the engine instantiates:
 *
 *   npx tsx scripts/build-packed-kernel.ts
 *
 * wabt is a development tool only. Tests (src/engine/forest/packedKernel.test.ts, snpWeightedKernel.test.ts) compile
 * the .wat files again and check the committed bytes equal them, so re-run this after editing either.
 */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileWat, isMainScript, renderBase64Module } from './watKernel';

const forest = resolve(dirname(fileURLToPath(import.meta.url)), '../src/engine/forest');
const WAT = resolve(forest, 'packedKernel.wat');
const MODULE = resolve(forest, 'packedKernelWasm.ts');
const LIST_WAT = resolve(forest, 'listScanKernel.wat');
const LIST_MODULE = resolve(forest, 'listScanKernelWasm.ts');

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

/** The list scan kernel's module bytes compiled from its .wat now. */
export async function compileListScanKernel(): Promise<Uint8Array<ArrayBuffer>> {
  return compileWat(LIST_WAT);
}

/** listScanKernelWasm.ts holding these bytes. */
export function renderListScanKernelModule(bytes: Uint8Array): string {
  return renderBase64Module(bytes, {
    script: 'scripts/build-packed-kernel.ts',
    wat: 'listScanKernel.wat',
    doc: "The weighted draws' scan kernel (listScanKernel.wat), compiled: its bytes in base64.",
    constName: 'LIST_SCAN_KERNEL_BASE64',
  });
}

if (isMainScript(import.meta.url)) {
  const bytes = await compilePackedKernel();
  writeFileSync(MODULE, renderPackedKernelModule(bytes));
  console.log(`Wrote ${MODULE} (${bytes.length} bytes of WebAssembly).`);
  const listBytes = await compileListScanKernel();
  writeFileSync(LIST_MODULE, renderListScanKernelModule(listBytes));
  console.log(`Wrote ${LIST_MODULE} (${listBytes.length} bytes of WebAssembly).`);
}
