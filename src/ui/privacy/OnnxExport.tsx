import { useState } from 'react';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { ErrorAlert } from '../app/Alert';
import { downloadBytes } from '../app/download';
import { modelFileName } from './modelFile';

/** "sample-cohort.csv" → "sample-cohort.onnx". */
function onnxFileName(sourceFileName: string | null): string {
  return modelFileName(sourceFileName).replace(/\.genoforest\.json$/, '.onnx');
}

interface Props {
  /** Another model-file action is running. */
  busy: boolean;
}

/**
 * "Save model as ONNX": the model in use as an ONNX-ML file (TreeEnsembleClassifier, with its preprocessing
 * spec), which the engine reads back and compares on this device before it is downloaded.
 */
export function OnnxExport({ busy }: Props) {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const hasModel = useAppState((s) => s.train.model !== null);
  const training = useAppState((s) => s.train.status === 'running');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    setSaving(true);
    setError(null);
    try {
      const bytes = await engine.exportOnnx();
      const name = onnxFileName(store.getState().train.modelSource?.fileName ?? null);
      downloadBytes(bytes, name, 'application/octet-stream');
      dispatch({
        type: 'announce',
        text: `Saved the model as ${name} (ONNX, ${Math.ceil(bytes.length / 1024)} KiB) in your downloads; it was read back and checked on this device.`,
      });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        disabled={!hasModel || training || busy || saving}
        onClick={() => void save()}
      >
        Save model as ONNX
      </button>
      {error && (
        <ErrorAlert title="The model could not be saved as ONNX" onDismiss={() => setError(null)}>
          {error}
        </ErrorAlert>
      )}
    </>
  );
}
