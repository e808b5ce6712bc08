/**
 * Test helper: run an .onnx model with ONNX Runtime (onnxruntime-web, wasm backend in Node; a dev
 * dependency that never ships in the app) and return its probabilities.
 */
import * as ort from 'onnxruntime-web';

ort.env.wasm.numThreads = 1;

/** Row-major float32 rows from a column-major matrix (the layout ONNX models take). */
export function rowMajor(X: ArrayLike<number>, nRows: number, nFeatures: number): Float32Array {
  const out = new Float32Array(nRows * nFeatures);
  for (let f = 0; f < nFeatures; f++)
    for (let r = 0; r < nRows; r++) out[r * nFeatures + f] = X[f * nRows + r];
  return out;
}

/** Every output of a model run on row-major float32 rows, by output name. */
export async function runOnnx(
  bytes: Uint8Array,
  rows: Float32Array,
  nRows: number,
  nFeatures: number,
): Promise<Record<string, { data: unknown; dims: readonly number[] }>> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', rows, [nRows, nFeatures]) };
    const out = await session.run(feeds);
    const res: Record<string, { data: unknown; dims: readonly number[] }> = {};
    for (const name of session.outputNames)
      res[name] = { data: out[name].data, dims: out[name].dims };
    return res;
  } finally {
    await session.release();
  }
}
