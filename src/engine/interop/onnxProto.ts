/**
 * The few ONNX protobuf messages a tree ensemble needs, read and written with protobufjs's minimal runtime
 * (Reader/Writer only) through a small hand-written field table with the field numbers of onnx.proto. No
 * reflection, generated code or ONNX Runtime ships in the app. Unknown fields (training info, functions,
 * sparse tensors, ...) are skipped, so any valid model file decodes; a wire type that does not match the
 * table means a damaged file.
 */
import protobuf from 'protobufjs/minimal.js';

/** AttributeProto.AttributeType values used here. */
export const ATTR = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;
/** TensorProto.DataType values used here. */
export const DTYPE = { FLOAT: 1, UINT8: 2, INT64: 7, STRING: 8, DOUBLE: 11 } as const;

export interface TensorMsg {
  dims?: number[];
  dataType?: number;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: number[];
  doubleData?: number[];
  stringData?: Uint8Array[];
  rawData?: Uint8Array;
  name?: string;
}

export interface AttributeMsg {
  name: string;
  type?: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorMsg;
  floats?: number[];
  ints?: number[];
  strings?: Uint8Array[];
}

export interface NodeMsg {
  input?: string[];
  output?: string[];
  name?: string;
  opType?: string;
  domain?: string;
  attribute?: AttributeMsg[];
}

export interface DimMsg {
  dimValue?: number;
  dimParam?: string;
}

export interface TypeMsg {
  tensorType?: { elemType?: number; shape?: { dim?: DimMsg[] } };
  mapType?: { keyType?: number };
  sequenceType?: object;
}

export interface ValueInfoMsg {
  name?: string;
  type?: TypeMsg;
  docString?: string;
}

export interface GraphMsg {
  node?: NodeMsg[];
  name?: string;
  initializer?: TensorMsg[];
  docString?: string;
  input?: ValueInfoMsg[];
  output?: ValueInfoMsg[];
}

export interface ModelMsg {
  irVersion?: number;
  opsetImport?: { domain?: string; version?: number }[];
  producerName?: string;
  producerVersion?: string;
  domain?: string;
  modelVersion?: number;
  docString?: string;
  graph?: GraphMsg;
  metadataProps?: { key?: string; value?: string }[];
}

type Scalar = 'int64' | 'int32' | 'float' | 'double' | 'string' | 'bytes';
interface Field {
  name: string;
  kind: Scalar | Schema;
  repeated?: boolean;
}
/** Field number -> field; filled after declaration because messages refer to each other. */
type Schema = Record<number, Field>;

const f = (name: string, kind: Scalar | Schema, repeated = false): Field => ({
  name,
  kind,
  repeated,
});
const DIMENSION: Schema = { 1: f('dimValue', 'int64'), 2: f('dimParam', 'string') };
const SHAPE: Schema = { 1: f('dim', DIMENSION, true) };
const TYPE: Schema = {};
const TENSOR_TYPE: Schema = { 1: f('elemType', 'int32'), 2: f('shape', SHAPE) };
Object.assign(TYPE, {
  1: f('tensorType', TENSOR_TYPE),
  4: f('sequenceType', { 1: f('elemType', TYPE) }),
  5: f('mapType', { 1: f('keyType', 'int32'), 2: f('valueType', TYPE) }),
});
const TENSOR: Schema = {
  1: f('dims', 'int64', true),
  2: f('dataType', 'int32'),
  4: f('floatData', 'float', true),
  5: f('int32Data', 'int32', true),
  6: f('stringData', 'bytes', true),
  7: f('int64Data', 'int64', true),
  8: f('name', 'string'),
  9: f('rawData', 'bytes'),
  10: f('doubleData', 'double', true),
};
const ATTRIBUTE: Schema = {
  1: f('name', 'string'),
  20: f('type', 'int32'),
  2: f('f', 'float'),
  3: f('i', 'int64'),
  4: f('s', 'bytes'),
  5: f('t', TENSOR),
  7: f('floats', 'float', true),
  8: f('ints', 'int64', true),
  9: f('strings', 'bytes', true),
};
const NODE: Schema = {
  1: f('input', 'string', true),
  2: f('output', 'string', true),
  3: f('name', 'string'),
  4: f('opType', 'string'),
  7: f('domain', 'string'),
  5: f('attribute', ATTRIBUTE, true),
  6: f('docString', 'string'),
};
const VALUE_INFO: Schema = {
  1: f('name', 'string'),
  2: f('type', TYPE),
  3: f('docString', 'string'),
};
const GRAPH: Schema = {
  1: f('node', NODE, true),
  2: f('name', 'string'),
  5: f('initializer', TENSOR, true),
  10: f('docString', 'string'),
  11: f('input', VALUE_INFO, true),
  12: f('output', VALUE_INFO, true),
};
const MODEL: Schema = {
  1: f('irVersion', 'int64'),
  8: f('opsetImport', { 1: f('domain', 'string'), 2: f('version', 'int64') }, true),
  2: f('producerName', 'string'),
  3: f('producerVersion', 'string'),
  4: f('domain', 'string'),
  5: f('modelVersion', 'int64'),
  6: f('docString', 'string'),
  7: f('graph', GRAPH),
  14: f('metadataProps', { 1: f('key', 'string'), 2: f('value', 'string') }, true),
};

const WIRE: Record<Scalar, number> = {
  int64: 0,
  int32: 0,
  float: 5,
  double: 1,
  string: 2,
  bytes: 2,
};
const wireOf = (kind: Field['kind']): number => (typeof kind === 'string' ? WIRE[kind] : 2);
const packable = (kind: Field['kind']): boolean => typeof kind === 'string' && WIRE[kind] !== 2;

type Obj = Record<string, unknown>;

function long(v: protobuf.Long | number): number {
  return typeof v === 'number' ? v : (v.high | 0) * 4294967296 + (v.low >>> 0);
}

function readScalar(r: protobuf.Reader, kind: Scalar): unknown {
  switch (kind) {
    case 'int64':
      return long(r.int64());
    case 'int32':
      return r.int32();
    case 'float':
      return r.float();
    case 'double':
      return r.double();
    case 'string':
      return r.string();
    case 'bytes':
      return r.bytes();
  }
}

function decodeMessage(r: protobuf.Reader, end: number, schema: Schema, depth: number): Obj {
  if (end > r.len) throw new Error('a message runs past the end of the file');
  if (depth > 64) throw new Error('messages are nested too deeply');
  const out: Obj = {};
  while (r.pos < end) {
    const tag = r.uint32();
    const field = schema[tag >>> 3];
    const wire = tag & 7;
    if (!field) {
      r.skipType(wire);
      continue;
    }
    const { kind, name } = field;
    const list = field.repeated ? ((out[name] as unknown[] | undefined) ?? (out[name] = [])) : null;
    if (list && wire === 2 && packable(kind)) {
      const stop = r.uint32() + r.pos;
      if (stop > end) throw new Error('a packed list runs past its message');
      while (r.pos < stop) list.push(readScalar(r, kind as Scalar));
      continue;
    }
    if (wire !== wireOf(kind)) throw new Error(`field ${name} has wire type ${wire}`);
    const value =
      typeof kind === 'string'
        ? readScalar(r, kind)
        : decodeMessage(r, r.uint32() + r.pos, kind, depth + 1);
    if (list) list.push(value);
    else out[name] = value;
  }
  if (r.pos !== end) throw new Error('a field runs past the end of its message');
  return out;
}

function writeScalar(w: protobuf.Writer, kind: Scalar, v: unknown): void {
  switch (kind) {
    case 'int64':
      w.int64(v as number);
      break;
    case 'int32':
      w.int32(v as number);
      break;
    case 'float':
      w.float(v as number);
      break;
    case 'double':
      w.double(v as number);
      break;
    case 'string':
      w.string(v as string);
      break;
    case 'bytes':
      w.bytes(v as Uint8Array);
      break;
  }
}

function encodeMessage(w: protobuf.Writer, obj: Obj, schema: Schema): void {
  for (const key of Object.keys(schema)) {
    const id = Number(key);
    const { name, kind, repeated } = schema[id];
    const v = obj[name];
    if (v === undefined || v === null) continue;
    const items = repeated ? (v as unknown[]) : [v];
    if (repeated && items.length === 0) continue;
    if (repeated && packable(kind)) {
      w.uint32((id << 3) | 2).fork();
      for (const x of items) writeScalar(w, kind as Scalar, x);
      w.ldelim();
      continue;
    }
    for (const x of items) {
      w.uint32((id << 3) | wireOf(kind));
      if (typeof kind === 'string') writeScalar(w, kind, x);
      else {
        w.fork();
        encodeMessage(w, x as Obj, kind);
        w.ldelim();
      }
    }
  }
}

/** Encode a model message into .onnx bytes (repeated numbers packed). */
export function encodeModel(model: ModelMsg): Uint8Array {
  const w = protobuf.Writer.create();
  encodeMessage(w, model as unknown as Obj, MODEL);
  return w.finish();
}

/** Decode .onnx bytes into plain objects (int64 as numbers, bytes as Uint8Array); throws on malformed protobuf. */
export function decodeModel(bytes: Uint8Array): ModelMsg {
  const r = protobuf.Reader.create(bytes);
  return decodeMessage(r, bytes.length, MODEL, 0) as ModelMsg;
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: false });
const utf8Encoder = new TextEncoder();

/** UTF-8 bytes of an ONNX string attribute. */
export function utf8(s: string): Uint8Array {
  return utf8Encoder.encode(s);
}

/** Text of an ONNX bytes field. */
export function text(b: Uint8Array | undefined): string {
  return b ? utf8Decoder.decode(b) : '';
}
