/**
 * The few ONNX protobuf messages a tree ensemble needs, as a hand-written protobufjs (light runtime) schema
 * with the field numbers of onnx.proto, so the app reads and writes .onnx files without ONNX Runtime or a
 * generated multi-megabyte module. Unknown fields (training info, functions, sparse tensors) are skipped
 * by protobuf decoding, so any valid model file decodes.
 */
import protobuf from 'protobufjs/light.js';

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

const rep = 'repeated';
const packed = { packed: true };
const SCHEMA = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            irVersion: { type: 'int64', id: 1 },
            opsetImport: { rule: rep, type: 'OperatorSetIdProto', id: 8 },
            producerName: { type: 'string', id: 2 },
            producerVersion: { type: 'string', id: 3 },
            domain: { type: 'string', id: 4 },
            modelVersion: { type: 'int64', id: 5 },
            docString: { type: 'string', id: 6 },
            graph: { type: 'GraphProto', id: 7 },
            metadataProps: { rule: rep, type: 'StringStringEntryProto', id: 14 },
          },
        },
        OperatorSetIdProto: {
          fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } },
        },
        StringStringEntryProto: {
          fields: { key: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } },
        },
        GraphProto: {
          fields: {
            node: { rule: rep, type: 'NodeProto', id: 1 },
            name: { type: 'string', id: 2 },
            initializer: { rule: rep, type: 'TensorProto', id: 5 },
            docString: { type: 'string', id: 10 },
            input: { rule: rep, type: 'ValueInfoProto', id: 11 },
            output: { rule: rep, type: 'ValueInfoProto', id: 12 },
          },
        },
        NodeProto: {
          fields: {
            input: { rule: rep, type: 'string', id: 1 },
            output: { rule: rep, type: 'string', id: 2 },
            name: { type: 'string', id: 3 },
            opType: { type: 'string', id: 4 },
            domain: { type: 'string', id: 7 },
            attribute: { rule: rep, type: 'AttributeProto', id: 5 },
            docString: { type: 'string', id: 6 },
          },
        },
        AttributeProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'int32', id: 20 },
            f: { type: 'float', id: 2 },
            i: { type: 'int64', id: 3 },
            s: { type: 'bytes', id: 4 },
            t: { type: 'TensorProto', id: 5 },
            floats: { rule: rep, type: 'float', id: 7, options: packed },
            ints: { rule: rep, type: 'int64', id: 8, options: packed },
            strings: { rule: rep, type: 'bytes', id: 9 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: rep, type: 'int64', id: 1, options: packed },
            dataType: { type: 'int32', id: 2 },
            floatData: { rule: rep, type: 'float', id: 4, options: packed },
            int32Data: { rule: rep, type: 'int32', id: 5, options: packed },
            stringData: { rule: rep, type: 'bytes', id: 6 },
            int64Data: { rule: rep, type: 'int64', id: 7, options: packed },
            name: { type: 'string', id: 8 },
            rawData: { type: 'bytes', id: 9 },
            doubleData: { rule: rep, type: 'double', id: 10, options: packed },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { type: 'string', id: 1 },
            type: { type: 'TypeProto', id: 2 },
            docString: { type: 'string', id: 3 },
          },
        },
        TypeProto: {
          fields: {
            tensorType: { type: 'TensorTypeProto', id: 1 },
            sequenceType: { type: 'SequenceTypeProto', id: 4 },
            mapType: { type: 'MapTypeProto', id: 5 },
          },
        },
        TensorTypeProto: {
          fields: {
            elemType: { type: 'int32', id: 1 },
            shape: { type: 'TensorShapeProto', id: 2 },
          },
        },
        SequenceTypeProto: { fields: { elemType: { type: 'TypeProto', id: 1 } } },
        MapTypeProto: {
          fields: { keyType: { type: 'int32', id: 1 }, valueType: { type: 'TypeProto', id: 2 } },
        },
        TensorShapeProto: { fields: { dim: { rule: rep, type: 'Dimension', id: 1 } } },
        Dimension: {
          fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } },
        },
      },
    },
  },
};

let modelType: protobuf.Type | null = null;

function getModelType(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(SCHEMA).lookupType('onnx.ModelProto');
  return modelType;
}

/** Encode a model message (plain object in the shape of ModelMsg) into .onnx bytes. */
export function encodeModel(model: ModelMsg): Uint8Array {
  const type = getModelType();
  return type.encode(type.fromObject(model as Record<string, unknown>)).finish();
}

/** Decode .onnx bytes into plain objects (int64 as numbers, bytes as Uint8Array); throws on malformed protobuf. */
export function decodeModel(bytes: Uint8Array): ModelMsg {
  const type = getModelType();
  const msg = type.decode(bytes);
  return type.toObject(msg, { longs: Number, defaults: false, arrays: true }) as ModelMsg;
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
