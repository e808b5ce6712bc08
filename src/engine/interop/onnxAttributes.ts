/** Typed reading of ONNX node attributes and tensors, with errors that name the attribute. */
import { ATTR, DTYPE, text, type AttributeMsg, type NodeMsg, type TensorMsg } from './onnxProto.ts';

/** Why an .onnx file cannot be used; `code` lets the UI and CLI choose what to tell the user. */
export type OnnxImportErrorCode =
  'corrupt' | 'not-tree-ensemble' | 'regressor' | 'pipeline' | 'post-transform' | 'unsupported';

/** A refused .onnx file, with a message that says what was found and why it cannot be used. */
export class OnnxImportError extends Error {
  readonly code: OnnxImportErrorCode;
  constructor(code: OnnxImportErrorCode, message: string) {
    super(message);
    this.name = 'OnnxImportError';
    this.code = code;
  }
}

/** A node's attributes by name. */
export class Attributes {
  private readonly byName = new Map<string, AttributeMsg>();
  constructor(
    node: NodeMsg,
    private readonly op: string,
  ) {
    for (const a of node.attribute ?? []) this.byName.set(a.name, a);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  ints(name: string): number[] | undefined {
    const a = this.byName.get(name);
    if (!a) return undefined;
    if (a.type !== undefined && a.type !== ATTR.INTS) this.badType(name, 'a list of integers');
    return a.ints ?? [];
  }

  floats(name: string): number[] | undefined {
    const a = this.byName.get(name);
    if (!a) return undefined;
    if (a.type !== undefined && a.type !== ATTR.FLOATS) this.badType(name, 'a list of floats');
    return a.floats ?? [];
  }

  strings(name: string): string[] | undefined {
    const a = this.byName.get(name);
    if (!a) return undefined;
    if (a.type !== undefined && a.type !== ATTR.STRINGS) this.badType(name, 'a list of strings');
    return (a.strings ?? []).map(text);
  }

  string(name: string): string | undefined {
    const a = this.byName.get(name);
    return a ? text(a.s) : undefined;
  }

  int(name: string): number | undefined {
    const a = this.byName.get(name);
    return a ? (a.i ?? 0) : undefined;
  }

  tensor(name: string): TensorMsg | undefined {
    const a = this.byName.get(name);
    if (!a) return undefined;
    if (!a.t) this.badType(name, 'a tensor');
    return a.t;
  }

  /** A required list attribute. */
  need<T>(name: string, v: T | undefined): T {
    if (v === undefined) {
      throw new OnnxImportError('corrupt', `The ${this.op} operator has no ${name} attribute`);
    }
    return v;
  }

  private badType(name: string, what: string): never {
    throw new OnnxImportError('corrupt', `The ${this.op} attribute ${name} is not ${what}`);
  }
}

/** Elements of a float (float32) tensor; a double tensor is refused because ONNX Runtime would compare in float64. */
export function float32Tensor(t: TensorMsg, what: string): Float32Array {
  if (t.dataType === DTYPE.DOUBLE) {
    throw new OnnxImportError(
      'unsupported',
      `${what} is stored in double precision; GenoForest reads models with float32 thresholds and weights`,
    );
  }
  if (t.dataType !== DTYPE.FLOAT) {
    throw new OnnxImportError('corrupt', `${what} is a tensor of type ${t.dataType}, not float`);
  }
  if (t.rawData && t.rawData.length > 0) {
    if (t.rawData.length % 4 !== 0)
      throw new OnnxImportError('corrupt', `${what} has a truncated raw data block`);
    const view = new DataView(t.rawData.buffer, t.rawData.byteOffset, t.rawData.byteLength);
    const out = new Float32Array(t.rawData.length / 4);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
    return out;
  }
  return Float32Array.from(t.floatData ?? []);
}

/** Elements of a small integer tensor (uint8 modes as raw bytes or int32_data). */
export function uint8Tensor(t: TensorMsg, what: string): number[] {
  if (t.dataType !== DTYPE.UINT8)
    throw new OnnxImportError('corrupt', `${what} is a tensor of type ${t.dataType}, not uint8`);
  if (t.rawData && t.rawData.length > 0) return Array.from(t.rawData);
  return t.int32Data ?? [];
}
