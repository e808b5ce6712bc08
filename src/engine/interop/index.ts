/** ONNX interop of the engine: export a forest to ONNX-ML, import tree-ensemble classifiers from .onnx files. */
export {
  buildPreprocessingSpec,
  forestToOnnx,
  MAX_EXPORT_NODES,
  ONNX_IO,
  PREPROCESSING_KEY,
  type OnnxExportOptions,
  type PreprocessingSpec,
} from './onnxExport.ts';
export {
  countCover,
  importOnnxModel,
  OnnxImportError,
  type ImportedOnnxModel,
  type OnnxImportErrorCode,
  type OnnxModelInfo,
} from './onnxImport.ts';
export { float32AtMost, toFloat32Row } from './float32.ts';
