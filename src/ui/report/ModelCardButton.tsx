import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { buildModelCard } from './modelCard';
import { derivedFileName, downloadText } from '../app/download';

/** "Download model card": the Markdown report of the current model and its evaluation. */
export function ModelCardButton() {
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const hasModel = useAppState((s) => s.train.model !== null);

  function download() {
    const s = store.getState();
    const model = s.train.model;
    if (!model) return;
    const sourceFileName = s.train.modelSource?.fileName ?? null;
    const table = s.load.table && s.load.table.fileName === sourceFileName ? s.load.table : null;
    const evaluation = s.evaluate.modelTrainedAt === model.trainedAt ? s.evaluate.report : null;
    const text = buildModelCard({
      model,
      sourceFileName,
      table,
      outcome: table ? s.outcome.summary : null,
      evaluation,
      generatedAt: new Date().toISOString(),
    });
    downloadText(
      text,
      derivedFileName(sourceFileName, 'model-card', 'md'),
      'text/markdown;charset=utf-8',
    );
    dispatch({ type: 'announce', text: 'The model card was downloaded.' });
  }

  return (
    <button type="button" className="btn" disabled={!hasModel} onClick={download}>
      Download model card
    </button>
  );
}
