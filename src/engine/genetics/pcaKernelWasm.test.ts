/**
 * The committed kernel bytes (pcaKernelWasm.ts, generated) are what pcaKernel.wat compiles to now: editing either
 * alone fails here, so the readable source and the bytes the engine runs cannot drift apart.
 */
import { describe, expect, it } from 'vitest';
import { compilePcaKernel } from '../../../scripts/build-pca-kernel';
import { sweepKernelBytes } from './pcaKernel';
import { PCA_KERNEL_WASM } from './pcaKernelWasm';

describe('pcaKernelWasm', () => {
  it('holds exactly the bytes wabt compiles pcaKernel.wat to', async () => {
    const compiled = await compilePcaKernel();
    expect(compiled.length).toBeGreaterThan(8);
    expect([...PCA_KERNEL_WASM]).toEqual([...compiled]);
  });

  it('is what the engine instantiates: a valid module exporting the three functions and its memory', () => {
    const bytes = sweepKernelBytes();
    expect([...bytes]).toEqual([...PCA_KERNEL_WASM]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const exports = WebAssembly.Module.exports(new WebAssembly.Module(bytes));
    expect(exports).toEqual([
      { name: 'rowSums', kind: 'function' },
      { name: 'missingFix', kind: 'function' },
      { name: 'doseTables', kind: 'function' },
      { name: 'memory', kind: 'memory' },
    ]);
    expect(WebAssembly.Module.imports(new WebAssembly.Module(bytes))).toEqual([]);
  });
});
