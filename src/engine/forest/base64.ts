/**
 * Typed arrays to and from base64 of their little-endian bytes: the model files' arrays (serialize.ts) and the
 * WebAssembly kernels' bytes (survivalKernel.ts, packedKernel.ts), in a module of its own so that neither kernel
 * depends on the model files.
 */
type TypedArray = Int32Array | Uint32Array | Uint8Array | Float32Array | Float64Array;
type TypedCtor<T extends TypedArray> = { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number };

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Typed array -> base64 of its little-endian bytes. */
export function typedToBase64(a: TypedArray): string {
  let bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (!littleEndian && a.BYTES_PER_ELEMENT > 1)
    bytes = swapBytes(bytes.slice(), a.BYTES_PER_ELEMENT);
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    s += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + CHUNK)));
  }
  return btoa(s);
}

/** base64 -> typed array; throws when the byte length does not fit the element type. */
export function base64ToTyped<T extends TypedArray>(
  b64: unknown,
  ctor: TypedCtor<T>,
  what: string,
): T {
  if (typeof b64 !== 'string')
    throw new Error(`Not a GenoForest model: ${what} is missing or not a string`);
  let bin: string;
  try {
    bin = atob(b64);
  } catch {
    throw new Error(`Not a GenoForest model: ${what} is not valid base64`);
  }
  if (bin.length % ctor.BYTES_PER_ELEMENT !== 0) {
    throw new Error(
      `Corrupt GenoForest model: ${what} has ${bin.length} bytes, not a whole number of elements`,
    );
  }
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  if (!littleEndian && ctor.BYTES_PER_ELEMENT > 1) swapBytes(bytes, ctor.BYTES_PER_ELEMENT);
  return new ctor(bytes.buffer);
}

function swapBytes(bytes: Uint8Array, size: number): Uint8Array {
  for (let i = 0; i < bytes.length; i += size) bytes.subarray(i, i + size).reverse();
  return bytes;
}
