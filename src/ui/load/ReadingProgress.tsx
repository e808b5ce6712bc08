import { useAppState } from '../app/storeContext';
import { formatBytes, formatCount } from '../app/format';

/** Progress of reading a file (big files take a while). */
export function ReadingProgress({ onCancel }: { onCancel: () => void }) {
  const progress = useAppState((s) => s.load.progress);
  const fileName = useAppState((s) => s.load.fileName);
  const total = progress?.totalBytes ?? 0;
  return (
    <div className="progress-block">
      <label className="progress-label" htmlFor="reading-progress">
        Reading file
      </label>
      <progress
        id="reading-progress"
        max={total || undefined}
        value={total ? progress?.bytesRead : undefined}
      />
      <div className="progress-foot">
        <p className="progress-text" aria-live="polite">
          {progress
            ? `${fileName ?? 'File'}: ${formatBytes(progress.bytesRead)} of ${formatBytes(total)}, ${formatCount(progress.rowsRead)} rows so far`
            : `Opening ${fileName ?? 'the file'}…`}
        </p>
        <button type="button" className="btn btn-small" onClick={onCancel}>
          Cancel reading
        </button>
      </div>
    </div>
  );
}
