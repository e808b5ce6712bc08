import { useRef, useState, type ChangeEvent } from 'react';
import { errorMessage, useEngine } from '../app/engineContext';
import { derivedFileName, downloadText } from '../app/download';
import { useAppState, useDispatch } from '../app/storeContext';

/** A survival model file is a few MB at most; anything far larger is not one. */
const MAX_BYTES = 512 * 2 ** 20;

/** Save the survival model as a .genoforest.json file, or open one saved before. */
export function SurvivalModelFile() {
  const engine = useEngine();
  const dispatch = useDispatch();
  const report = useAppState((s) => s.survival.report);
  const fileName = useAppState((s) => s.load.table?.fileName ?? null);
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ error: boolean; text: string } | null>(null);

  async function save() {
    setBusy(true);
    try {
      const text = await engine.exportSurvivalModel();
      downloadText(
        text,
        derivedFileName(fileName, 'survival-model', 'genoforest.json'),
        'application/json',
      );
      setOutcome({ error: false, text: 'Saved the survival model file.' });
    } catch (error) {
      setOutcome({
        error: true,
        text: `The survival model could not be saved: ${errorMessage(error)}`,
      });
    } finally {
      setBusy(false);
    }
  }

  async function open(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setBusy(true);
    try {
      if (file.size > MAX_BYTES) throw new Error('It is too large to be a GenoForest model file.');
      const opened = await engine.openSurvivalModel(await file.text(), file.name);
      dispatch({ type: 'survival/opened', report: opened });
      setOutcome({
        error: false,
        text: `Opened ${file.name}: ${opened.nTrees} trees, time “${opened.choice.time}”, event “${opened.choice.event}” = ${opened.choice.eventValue}.`,
      });
    } catch (error) {
      setOutcome({
        error: true,
        text: `“${file.name}” could not be opened: ${errorMessage(error)} The current model is unchanged.`,
      });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="action-row">
      <button
        type="button"
        className="btn"
        disabled={busy || !report || report.openedFrom !== null}
        onClick={() => void save()}
      >
        Save survival model
      </button>
      <button type="button" className="btn" disabled={busy} onClick={() => input.current?.click()}>
        Open survival model
      </button>
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        accept=".json,application/json"
        aria-label="Survival model file"
        tabIndex={-1}
        onChange={(e) => void open(e)}
      />
      {outcome && (
        <p
          className={outcome.error ? 'alert alert-error' : 'muted'}
          role={outcome.error ? 'alert' : 'status'}
        >
          {outcome.text}
        </p>
      )}
    </div>
  );
}
