import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { derivedFileName, downloadText } from '../app/download';
import { buildSurvivalModelCard } from '../report/survivalModelCard';

/** "Download model card" of the survival model: its Markdown report with the evaluation shown. */
export function SurvivalModelCardButton() {
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const hasModel = useAppState((s) => s.survival.report !== null);

  function download() {
    const s = store.getState();
    const report = s.survival.report;
    if (!report) return;
    // A model opened from a file names that file; one trained here, the table it was trained on.
    const sourceFileName = report.openedFrom ? null : (s.load.table?.fileName ?? null);
    const text = buildSurvivalModelCard({
      report,
      sourceFileName,
      generatedAt: new Date().toISOString(),
    });
    downloadText(
      text,
      derivedFileName(sourceFileName ?? report.openedFrom, 'survival-model-card', 'md'),
      'text/markdown;charset=utf-8',
    );
    dispatch({ type: 'announce', text: 'The survival model card was downloaded.' });
  }

  return (
    <button type="button" className="btn" disabled={!hasModel} onClick={download}>
      Download model card
    </button>
  );
}
