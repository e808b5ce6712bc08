/**
 * The innermost loop of the ancestry sweeps (see pcaSweep.ts) as WebAssembly with 128-bit SIMD: two doubles an
 * instruction where JavaScript adds one. The module's source is pcaKernel.wat, compiled ahead of time by
 * `npx tsx scripts/build-pca-kernel.ts` into pcaKernelWasm.ts (so nothing is fetched or compiled from text at run
 * time), and validated before use: where WebAssembly or its SIMD is missing the sweeps keep their JavaScript loop,
 * which stays the reference — both add in the same order, so they give the same sums to the bit.
 */
import { PCA_KERNEL_WASM } from './pcaKernelWasm';

/**
 * rowSums(into, tables, codes, stride, o1, o2, o3, t1, t2, t3, count, w), every address a byte offset in the
 * module's memory: for r < count, with c = codes + r · stride and W = 8w,
 *   into[r]  +=  (T[c] + T1[c + o1]) + (T2[c + o2] + T3[c + o3])     (w doubles each)
 * where Tk[c] is the row of w doubles at tables + tk + byte(c) · W (t0 = 0). This is addPlanes and the loop of
 * doseSums in pcaSweep.ts, with their additions in the same order.
 */
export interface SweepKernel {
  memory: WebAssembly.Memory;
  rowSums(
    into: number,
    tables: number,
    codes: number,
    stride: number,
    o1: number,
    o2: number,
    o3: number,
    t1: number,
    t2: number,
    t3: number,
    count: number,
    w: number,
  ): void;
  /**
   * missingFix(acc, q, p, colSum, base, gj, twoP, scale, starts, rows, size, w), addresses as rowSums's, w even:
   * for each variant b < size of a block, with c = scale[b], a = −twoP[b] · c and its missing samples
   * rows[starts[b] … starts[b + 1]) (i32), gj = colSum − Σ q[row]; acc[b] = a · gj + c · acc[b]; base += a · acc[b];
   * p[row] −= a · acc[b] for each missing row: sweepPart's loop over a block's variants, in its order.
   */
  /**
   * doseTables(tables, rows, w), w even: four tables of 256 rows of w doubles from tables on, table t holding for
   * every byte s of four 2-bit codes Σ_k dose(code k of s) · rows[4t + k] (code 3, missing, adds 0): pcaSweep.ts's
   * fillDoseTable four times, in its order.
   */
  doseTables(tables: number, rows: number, w: number): void;
  missingFix(
    acc: number,
    q: number,
    p: number,
    colSum: number,
    base: number,
    gj: number,
    twoP: number,
    scale: number,
    starts: number,
    rows: number,
    size: number,
    w: number,
  ): void;
}

/** The module's bytes: three functions (rowSums, missingFix, doseTables) and one memory, all exported. */
export function sweepKernelBytes(): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(PCA_KERNEL_WASM);
}

let supported: boolean | undefined;

/** A fresh instance of the kernel (its own memory), or null where WebAssembly SIMD is not available. */
export function sweepKernel(): SweepKernel | null {
  if (supported === false) return null;
  try {
    const bytes = sweepKernelBytes();
    supported = typeof WebAssembly === 'object' && WebAssembly.validate(bytes);
    if (!supported) return null;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
    const { rowSums, missingFix, doseTables, memory } = instance.exports as unknown as SweepKernel;
    return { rowSums, missingFix, doseTables, memory };
  } catch {
    supported = false;
    return null;
  }
}
