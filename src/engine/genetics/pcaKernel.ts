/**
 * The innermost loop of the ancestry sweeps (see pcaSweep.ts) as WebAssembly with 128-bit SIMD: two doubles an
 * instruction where JavaScript adds one. The module is a dozen lines of instructions assembled here, byte by byte,
 * when first asked for (no build step, nothing fetched), and validated before use: where WebAssembly or its SIMD is
 * missing the sweeps keep their JavaScript loop, which stays the reference — both add in the same order, so they
 * give the same sums to the bit.
 */

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
}

// Opcodes used (WebAssembly core spec, binary format; SIMD ones after the 0xfd prefix, as LEB128).
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const LOCAL_TEE = 0x22;
const I32_CONST = 0x41;
const I32_EQZ = 0x45;
const I32_LT_U = 0x49;
const I32_ADD = 0x6a;
const I32_MUL = 0x6c;
const I32_AND = 0x71;
const I32_SHL = 0x74;
const I32_LOAD8_U = 0x2d;
const F64_LOAD = 0x2b;
const F64_STORE = 0x39;
const F64_ADD = 0xa0;
const BLOCK = 0x02;
const LOOP = 0x03;
const IF = 0x04;
const END = 0x0b;
const BR_IF = 0x0d;
const VOID = 0x40;
const SIMD = 0xfd;
const V128_LOAD = [SIMD, 0x00];
const V128_STORE = [SIMD, 0x0b];
const F64X2_ADD = [SIMD, 0xf0, 0x01];

/** Unsigned LEB128. */
function leb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** A section: its id, its byte length, its bytes. */
function section(id: number, bytes: number[]): number[] {
  return [id, ...leb(bytes.length), ...bytes];
}

/** A vector: its length, then its items' bytes. */
function vector(items: number[][]): number[] {
  return [...leb(items.length), ...items.flat()];
}

/** The module's bytes: one function (rowSums) and one memory, both exported. */
export function sweepKernelBytes(): Uint8Array<ArrayBuffer> {
  // Parameters 0–11 as SweepKernel.rowSums names them; locals 12–19.
  const [into, tables, codes, stride, o1, o2, o3, t1, t2, t3, count, w] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
  ];
  const [w8, even8, end, x, y, u, v, l] = [12, 13, 14, 15, 16, 17, 18, 19];
  const get = (i: number) => [LOCAL_GET, i];
  const set = (i: number) => [LOCAL_SET, i];
  // memarg: alignment (log2) and offset.
  const f64Arg = [3, 0];
  const byteArg = [0, 0];
  /** The address of row byte(codes + o) of table t: tables + t + byte · W. */
  const rowOf = (o: number | null, t: number | null, to: number) => [
    ...get(tables),
    ...(t === null ? [] : [...get(t), I32_ADD]),
    ...get(codes),
    ...(o === null ? [] : [...get(o), I32_ADD]),
    I32_LOAD8_U,
    ...byteArg,
    ...get(w8),
    I32_MUL,
    I32_ADD,
    ...set(to),
  ];
  /**
   * into[l] + ((x[l] + y[l]) + (u[l] + v[l])) stored at into + l, with `load`, `add` and `store` of one width.
   */
  const sum = (load: number[], add: number[], store: number[]) => [
    ...get(into),
    ...get(l),
    I32_ADD,
    ...get(into),
    ...get(l),
    I32_ADD,
    ...load,
    ...get(x),
    ...get(l),
    I32_ADD,
    ...load,
    ...get(y),
    ...get(l),
    I32_ADD,
    ...load,
    ...add,
    ...get(u),
    ...get(l),
    I32_ADD,
    ...load,
    ...get(v),
    ...get(l),
    I32_ADD,
    ...load,
    ...add,
    ...add,
    ...add,
    ...store,
  ];
  const body = [
    // W = 8w bytes a row; the first even8 of them go two doubles at a time.
    ...get(w),
    I32_CONST,
    3,
    I32_SHL,
    ...set(w8),
    ...get(w),
    I32_CONST,
    0x7e, // −2 (signed LEB128)
    I32_AND,
    I32_CONST,
    3,
    I32_SHL,
    ...set(even8),
    ...get(into),
    ...get(count),
    ...get(w8),
    I32_MUL,
    I32_ADD,
    ...set(end),
    BLOCK,
    VOID,
    ...get(count),
    I32_EQZ,
    BR_IF,
    0,
    LOOP,
    VOID,
    ...rowOf(null, null, x),
    ...rowOf(o1, t1, y),
    ...rowOf(o2, t2, u),
    ...rowOf(o3, t3, v),
    I32_CONST,
    0,
    ...set(l),
    // Two doubles a turn (unrolling further measured no faster), then an odd w's last one alone.
    BLOCK,
    VOID,
    ...get(even8),
    I32_EQZ,
    BR_IF,
    0,
    LOOP,
    VOID,
    ...sum([...V128_LOAD, ...f64Arg], F64X2_ADD, [...V128_STORE, ...f64Arg]),
    ...get(l),
    I32_CONST,
    16,
    I32_ADD,
    LOCAL_TEE,
    l,
    ...get(even8),
    I32_LT_U,
    BR_IF,
    0,
    END,
    END,
    ...get(l),
    ...get(w8),
    I32_LT_U,
    IF,
    VOID,
    ...sum([F64_LOAD, ...f64Arg], [F64_ADD], [F64_STORE, ...f64Arg]),
    END,
    ...get(into),
    ...get(w8),
    I32_ADD,
    ...set(into),
    ...get(codes),
    ...get(stride),
    I32_ADD,
    ...set(codes),
    ...get(into),
    ...get(end),
    I32_LT_U,
    BR_IF,
    0,
    END,
    END,
    END,
  ];
  const I32 = 0x7f;
  const locals = vector([[8, I32]]);
  const code = [...locals, ...body];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector([[0x60, ...vector(Array.from({ length: 12 }, () => [I32])), 0]])),
    ...section(3, vector([[0]])),
    ...section(5, vector([[0x00, 1]])),
    ...section(
      7,
      vector([
        [...vector([...'rowSums'].map((c) => [c.charCodeAt(0)])), 0x00, 0],
        [...vector([...'memory'].map((c) => [c.charCodeAt(0)])), 0x02, 0],
      ]),
    ),
    ...section(10, vector([[...leb(code.length), ...code]])),
  ];
  return Uint8Array.from(bytes);
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
    const { rowSums, memory } = instance.exports as unknown as SweepKernel;
    return { rowSums, memory };
  } catch {
    supported = false;
    return null;
  }
}
