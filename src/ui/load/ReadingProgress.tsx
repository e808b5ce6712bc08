import { useAppState } from '../app/storeContext';
import { formatBytes, formatCount } from '../app/format';
import { ProgressBlock } from '../app/ProgressBlock';
import { useJobProgress } from '../app/progressStore';

/** Progress of reading a file (big files take a while). */
export function ReadingProgress({ onCancel }: { onCancel: () => void }) {
  const progress = useJobProgress('load');
  const fileName = useAppState((s) => s.load.fileName);
  const total = progress?.totalBytes ?? 0;
  return (
    <ProgressBlock
      id="reading-progress"
      label="Reading file"
      max={total || undefined}
      value={total ? progress?.bytesRead : undefined}
      live
      text={
        progress
          ? `${fileName ?? 'File'}: ${formatBytes(progress.bytesRead)} of ${formatBytes(total)}, ${formatCount(progress.rowsRead)} rows so far`
          : `Opening ${fileName ?? 'the file'}…`
      }
      cancelLabel="Cancel reading"
      cancelClassName="btn-small"
      onCancel={onCancel}
    >
      {progress?.memoryNote && <p className="hint">{progress.memoryNote}</p>}
    </ProgressBlock>
  );
}
