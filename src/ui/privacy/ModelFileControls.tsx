import { useRef, useState, type ChangeEvent } from 'react';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { ErrorAlert } from '../app/Alert';
import { currentEvaluation } from './currentEvaluation';
import { downloadText } from '../app/download';
import { MAX_MODEL_FILE_BYTES, modelFileName } from './modelFile';
import { OnnxExport } from './OnnxExport';
import { ColumnMapping } from './ColumnMapping';

type Outcome = { kind: 'done'; text: string } | { kind: 'error'; title: string; text: string };

/**
 * A survival model file says so in its first keys (format, version, outcomeKind): read from the head only, so a large
 * file is not parsed on the main thread. A miss falls back to the class reader, which names the file as a survival
 * model; a false hit is refused by the survival reader, which checks the whole file.
 */
const SURVIVAL_HEAD = /^\s*\{[^{]*"outcomeKind"\s*:\s*"survival"/;

/**
 * "Save model" downloads the model in use as a versioned .genoforest.json file (model, encoding, evaluation);
 * "Open model" reads one back. The engine validates the file and keeps the current model when it is refused.
 */
export function ModelFileControls() {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const hasModel = useAppState((s) => s.train.model !== null);
  const training = useAppState((s) => s.train.status === 'running');
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function save() {
    const s = store.getState();
    if (!s.train.model) return;
    setBusy(true);
    try {
      const json = await engine.exportModel(currentEvaluation(s));
      const name = modelFileName(s.train.modelSource?.fileName ?? null);
      downloadText(json, name, 'application/json');
      const text = `Saved the model as ${name} in your downloads.`;
      setOutcome({ kind: 'done', text });
      dispatch({ type: 'announce', text });
    } catch (error) {
      setOutcome({
        kind: 'error',
        title: 'The model could not be saved',
        text: errorMessage(error),
      });
    } finally {
      setBusy(false);
    }
  }

  async function open(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    // Choosing the same file again must fire change again.
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    try {
      if (file.size > MAX_MODEL_FILE_BYTES) {
        throw new Error(
          `“${file.name}” is too large to be a GenoForest model file. Open a .genoforest.json file saved with "Save model".`,
        );
      }
      const onnx = /\.onnx$/i.test(file.name);
      const content = onnx ? new Uint8Array(await file.arrayBuffer()) : await file.text();
      if (typeof content === 'string' && SURVIVAL_HEAD.test(content.slice(0, 4096))) {
        const report = await engine.openSurvivalModel(content, file.name);
        // Switches the app to time to event, where the model's steps are.
        dispatch({ type: 'survival/opened', report });
        setOutcome({
          kind: 'done',
          text: `Opened ${file.name}: a time-to-event (survival) model of ${report.nTrees} trees, time “${report.choice.time}”, event “${report.choice.event}” = ${report.choice.eventValue}. The app is now in time-to-event mode.`,
        });
        return;
      }
      const { info, evaluation } = await engine.importModel(content, file.name);
      dispatch({
        type: 'model/opened',
        model: info,
        source: { fileName: file.name, target: info.encoding.target },
      });
      dispatch({ type: 'evaluate/restored', report: evaluation, modelTrainedAt: info.trainedAt });
      setOutcome({
        kind: 'done',
        text: `Opened ${file.name}: ${info.nTrees} trees predicting “${info.encoding.target}”.`,
      });
    } catch (error) {
      setOutcome({
        kind: 'error',
        title: `“${file.name}” could not be opened`,
        text: `${errorMessage(error)} The current model is unchanged.`,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="device-model">
      <div className="device-row">
        <button
          type="button"
          className="btn btn-small"
          disabled={!hasModel || training || busy}
          onClick={() => void save()}
        >
          Save model
        </button>
        <OnnxExport busy={busy} />
        <button
          type="button"
          className="btn btn-small"
          disabled={training || busy}
          onClick={() => input.current?.click()}
        >
          Open model
        </button>
        {/* The button above is the keyboard and screen-reader control; the input only brings the file picker. */}
        <input
          ref={input}
          type="file"
          accept=".json,.onnx,application/json"
          className="visually-hidden"
          aria-label="Open a saved model"
          aria-hidden="true"
          tabIndex={-1}
          onChange={(e) => void open(e)}
        />
      </div>
      {outcome?.kind === 'done' && (
        // Announced through the app's live region (the store's announcement), so not a second status here.
        <p className="device-note">{outcome.text}</p>
      )}
      {outcome?.kind === 'error' && (
        <ErrorAlert title={outcome.title} onDismiss={() => setOutcome(null)}>
          {outcome.text}
        </ErrorAlert>
      )}
      <ColumnMapping />
    </div>
  );
}
