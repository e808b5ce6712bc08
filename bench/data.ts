/**
 * The benchmark table on disk, written once per size and read by every contender (Node children and
 * Python): meta.json, X.f32 (column-major float32), y.u8, train.i32 and test.i32 (row indices).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A benchmark table with its fixed train/test split. */
export interface BenchData {
  nRows: number;
  nFeatures: number;
  X: Float32Array;
  y: Uint8Array;
  train: Int32Array;
  test: Int32Array;
}

function bytesOf(a: Float32Array | Uint8Array | Int32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** Write a table and its split to `dir` (created if needed); little-endian as on every supported machine. */
export function writeBenchData(dir: string, data: BenchData): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'meta.json'),
    JSON.stringify({ nRows: data.nRows, nFeatures: data.nFeatures }),
  );
  writeFileSync(path.join(dir, 'X.f32'), bytesOf(data.X));
  writeFileSync(path.join(dir, 'y.u8'), bytesOf(data.y));
  writeFileSync(path.join(dir, 'train.i32'), bytesOf(data.train));
  writeFileSync(path.join(dir, 'test.i32'), bytesOf(data.test));
}

function readTyped<T>(file: string, make: (buf: ArrayBuffer) => T): T {
  const b = readFileSync(file);
  // Copy into a fresh, aligned ArrayBuffer.
  const ab = new ArrayBuffer(b.byteLength);
  new Uint8Array(ab).set(b);
  return make(ab);
}

/** Read a table written by writeBenchData. */
export function readBenchData(dir: string): BenchData {
  const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as {
    nRows: number;
    nFeatures: number;
  };
  return {
    nRows: meta.nRows,
    nFeatures: meta.nFeatures,
    X: readTyped(path.join(dir, 'X.f32'), (ab) => new Float32Array(ab)),
    y: readTyped(path.join(dir, 'y.u8'), (ab) => new Uint8Array(ab)),
    train: readTyped(path.join(dir, 'train.i32'), (ab) => new Int32Array(ab)),
    test: readTyped(path.join(dir, 'test.i32'), (ab) => new Int32Array(ab)),
  };
}
