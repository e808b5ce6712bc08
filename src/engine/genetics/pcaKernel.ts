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
const I32_LOAD = 0x28;
const I32_GE_U = 0x4f;
const F64_NEG = 0x9a;
const F64_MUL = 0xa2;
const F64X2_SPLAT = [SIMD, 0x14];
const F64X2_SUB = [SIMD, 0xf1, 0x01];
const F64X2_MUL = [SIMD, 0xf2, 0x01];
const F64_CONST = 0x44;

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
  const code = [...vector([[8, I32]]), ...body];
  const fix = [
    ...vector([
      [7, I32],
      [2, F64],
      [3, V128],
    ]),
    ...missingFixBody(),
  ];
  const dose = [
    ...vector([
      [9, I32],
      [2, V128],
    ]),
    ...doseTablesBody(),
  ];
  const name = (text: string) => vector([...text].map((c) => [c.charCodeAt(0)]));
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(
      1,
      vector([
        [0x60, ...vector(Array.from({ length: 12 }, () => [I32])), 0],
        [0x60, ...vector([[I32], [I32], [I32]]), 0],
      ]),
    ),
    ...section(3, vector([[0], [0], [1]])),
    ...section(5, vector([[0x00, 1]])),
    ...section(
      7,
      vector([
        [...name('rowSums'), 0x00, 0],
        [...name('missingFix'), 0x00, 1],
        [...name('doseTables'), 0x00, 2],
        [...name('memory'), 0x02, 0],
      ]),
    ),
    ...section(
      10,
      vector([
        [...leb(code.length), ...code],
        [...leb(fix.length), ...fix],
        [...leb(dose.length), ...dose],
      ]),
    ),
  ];
  return Uint8Array.from(bytes);
}

const F64 = 0x7c;
const V128 = 0x7b;

/** The body of missingFix (see SweepKernel), w even: every loop over a row takes two doubles a turn. */
function missingFixBody(): number[] {
  const [acc, q, p, colSum, base, gj, twoP, scale, starts, rows, size, w] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
  ];
  const [w8, b, r, rEnd, l, at, accRow, a, c, va, vc, v] = [
    12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
  ];
  const get = (i: number) => [LOCAL_GET, i];
  const set = (i: number) => [LOCAL_SET, i];
  const vArg = [3, 0];
  const load = (address: number[]) => [...address, ...V128_LOAD, ...vArg];
  const at2 = (base: number) => [...get(base), ...get(l), I32_ADD];
  /** for (l = 0; l < W; l += 16) body — W > 0 as w is even and ≥ 2. */
  const overRow = (body: number[]) => [
    I32_CONST,
    0,
    ...set(l),
    LOOP,
    VOID,
    ...body,
    ...get(l),
    I32_CONST,
    16,
    I32_ADD,
    LOCAL_TEE,
    l,
    ...get(w8),
    I32_LT_U,
    BR_IF,
    0,
    END,
  ];
  /** for (r = starts[b]; r < starts[b + 1]; r++) { at = into + rows[r] · W; body } */
  const overMissing = (into: number, body: number[]) => [
    ...get(starts),
    ...get(b),
    I32_CONST,
    2,
    I32_SHL,
    I32_ADD,
    LOCAL_TEE,
    r,
    I32_LOAD,
    2,
    4,
    ...set(rEnd),
    ...get(r),
    I32_LOAD,
    2,
    0,
    ...set(r),
    BLOCK,
    VOID,
    ...get(r),
    ...get(rEnd),
    I32_GE_U,
    BR_IF,
    0,
    LOOP,
    VOID,
    ...get(into),
    ...get(rows),
    ...get(r),
    I32_CONST,
    2,
    I32_SHL,
    I32_ADD,
    I32_LOAD,
    2,
    0,
    ...get(w8),
    I32_MUL,
    I32_ADD,
    ...set(at),
    ...body,
    ...get(r),
    I32_CONST,
    1,
    I32_ADD,
    LOCAL_TEE,
    r,
    ...get(rEnd),
    I32_LT_U,
    BR_IF,
    0,
    END,
    END,
  ];
  return [
    ...get(w),
    I32_CONST,
    3,
    I32_SHL,
    ...set(w8),
    I32_CONST,
    0,
    ...set(b),
    BLOCK,
    VOID,
    ...get(size),
    I32_EQZ,
    BR_IF,
    0,
    LOOP,
    VOID,
    // c = scale[b]; a = (−twoP[b]) · c, as JavaScript's −twoP[j] * c.
    ...get(scale),
    ...get(b),
    I32_CONST,
    3,
    I32_SHL,
    I32_ADD,
    F64_LOAD,
    3,
    0,
    LOCAL_TEE,
    c,
    ...F64X2_SPLAT,
    ...set(vc),
    ...get(twoP),
    ...get(b),
    I32_CONST,
    3,
    I32_SHL,
    I32_ADD,
    F64_LOAD,
    3,
    0,
    F64_NEG,
    ...get(c),
    F64_MUL,
    LOCAL_TEE,
    a,
    ...F64X2_SPLAT,
    ...set(va),
    ...get(acc),
    ...get(b),
    ...get(w8),
    I32_MUL,
    I32_ADD,
    ...set(accRow),
    // gj = colSum, less each missing sample's row of q.
    ...overRow([...at2(gj), ...load(at2(colSum)), ...V128_STORE, ...vArg]),
    ...overMissing(q, [
      ...overRow([
        ...at2(gj),
        ...load(at2(gj)),
        ...load(at2(at)),
        ...F64X2_SUB,
        ...V128_STORE,
        ...vArg,
      ]),
    ]),
    // acc[b] = a · gj + c · acc[b]; base += a · acc[b].
    ...overRow([
      ...at2(accRow),
      ...get(va),
      ...load(at2(gj)),
      ...F64X2_MUL,
      ...get(vc),
      ...load(at2(accRow)),
      ...F64X2_MUL,
      ...F64X2_ADD,
      LOCAL_TEE,
      v,
      ...V128_STORE,
      ...vArg,
      ...at2(base),
      ...load(at2(base)),
      ...get(va),
      ...get(v),
      ...F64X2_MUL,
      ...F64X2_ADD,
      ...V128_STORE,
      ...vArg,
    ]),
    // p[row] −= a · acc[b] for each missing sample.
    ...overMissing(p, [
      ...overRow([
        ...at2(at),
        ...load(at2(at)),
        ...get(va),
        ...load(at2(accRow)),
        ...F64X2_MUL,
        ...F64X2_SUB,
        ...V128_STORE,
        ...vArg,
      ]),
    ]),
    ...get(b),
    I32_CONST,
    1,
    I32_ADD,
    LOCAL_TEE,
    b,
    ...get(size),
    I32_LT_U,
    BR_IF,
    0,
    END,
    END,
    END,
  ];
}

/** The body of doseTables (see SweepKernel), w even. */
function doseTablesBody(): number[] {
  const [tables, rows, w] = [0, 1, 2];
  const [w8, t, tab, k, span, s, rk, from, l, base, once] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  const get = (i: number) => [LOCAL_GET, i];
  const set = (i: number) => [LOCAL_SET, i];
  const vArg = [3, 0];
  const addr = (a: number, plus: number[] = []) => [...get(a), ...get(l), I32_ADD, ...plus];
  /** from + m · span · W + l: where row s + m · span of the table goes. */
  const ahead = (m: number) =>
    addr(from, [...get(span), ...get(w8), I32_MUL, I32_CONST, m, I32_MUL, I32_ADD]);
  /** A counted loop: v = 0, then body while (v += step) < limit (the body runs at least once). */
  const loop = (v: number, step: number, limit: number[], body: number[]) => [
    I32_CONST,
    0,
    ...set(v),
    LOOP,
    VOID,
    ...body,
    ...get(v),
    I32_CONST,
    step,
    I32_ADD,
    LOCAL_TEE,
    v,
    ...limit,
    I32_LT_U,
    BR_IF,
    0,
    END,
  ];
  const zero = [F64_CONST, 0, 0, 0, 0, 0, 0, 0, 0, ...F64X2_SPLAT];
  return [
    ...get(w),
    I32_CONST,
    3,
    I32_SHL,
    ...set(w8),
    ...loop(
      t,
      1,
      [I32_CONST, 4],
      [
        // tab = tables + t · 256 · W; rk = rows + 4t · W (row k of this table's four).
        ...get(tables),
        ...get(t),
        ...get(w8),
        I32_MUL,
        I32_CONST,
        8,
        I32_SHL,
        I32_ADD,
        ...set(tab),
        ...get(rows),
        ...get(t),
        ...get(w8),
        I32_MUL,
        I32_CONST,
        2,
        I32_SHL,
        I32_ADD,
        ...set(rk),
        ...loop(l, 16, get(w8), [...addr(tab), ...zero, ...V128_STORE, ...vArg]),
        I32_CONST,
        1,
        ...set(span),
        ...loop(
          k,
          1,
          [I32_CONST, 4],
          [
            ...loop(s, 1, get(span), [
              ...get(tab),
              ...get(s),
              ...get(w8),
              I32_MUL,
              I32_ADD,
              ...set(from),
              ...loop(l, 16, get(w8), [
                // base = T[s]; once = base + R; T[s + span] = once; T[s + 2 span] = once + R; T[s + 3 span] = base.
                ...addr(from),
                ...V128_LOAD,
                ...vArg,
                LOCAL_TEE,
                base,
                ...addr(rk),
                ...V128_LOAD,
                ...vArg,
                ...F64X2_ADD,
                ...set(once),
                ...ahead(1),
                ...get(once),
                ...V128_STORE,
                ...vArg,
                ...ahead(2),
                ...get(once),
                ...addr(rk),
                ...V128_LOAD,
                ...vArg,
                ...F64X2_ADD,
                ...V128_STORE,
                ...vArg,
                ...ahead(3),
                ...get(base),
                ...V128_STORE,
                ...vArg,
              ]),
            ]),
            ...get(rk),
            ...get(w8),
            I32_ADD,
            ...set(rk),
            ...get(span),
            I32_CONST,
            2,
            I32_SHL,
            ...set(span),
          ],
        ),
      ],
    ),
    END,
  ];
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
