/** float32 rounding helpers: ONNX Runtime compares float32 inputs with float32 thresholds. */

// They live with the forest engine, whose compact trees use them too.
export { float32AtMost, prevFloat32 } from '../forest/float32.ts';

/** A row rounded to float32, as ONNX Runtime sees a float tensor; NaN stays NaN. */
export function toFloat32Row(row: ArrayLike<number>): Float32Array {
  return Float32Array.from(row);
}
