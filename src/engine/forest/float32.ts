/**
 * float32 rounding: the engine compares float32 inputs, so float32 thresholds (compact trees, ONNX) can keep
 * every split exact.
 */

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

/** The next float32 below a float32 value f (f itself for NaN and -Infinity). */
export function prevFloat32(f: number): number {
  if (f !== f || f === -Infinity) return f;
  if (f === 0) return -1.401298464324817e-45;
  f32[0] = f;
  i32[0] += f > 0 ? -1 : 1;
  return f32[0];
}

/**
 * The largest float32 t <= x, so that for every float32 input v: v <= x exactly when v <= t. This keeps a
 * float64 threshold (a midpoint between two float32 training values) exact after the float32 cast ONNX needs.
 */
export function float32AtMost(x: number): number {
  const f = Math.fround(x);
  return f > x ? prevFloat32(f) : f;
}
