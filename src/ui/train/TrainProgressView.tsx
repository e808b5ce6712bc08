import { useAppState } from '../app/storeContext';
import { formatDuration } from '../app/format';
import { ProgressBlock } from '../app/ProgressBlock';
import { useJobProgress } from '../app/progressStore';

/** Trees done of total, elapsed and remaining time, and the Cancel button. */
export function TrainProgressView({ onCancel }: { onCancel: () => void }) {
  const first = useAppState((s) => s.train.progress);
  const progress = useJobProgress('train') ?? first;
  if (!progress) return null;
  const { treesDone, treesTotal, elapsedMs, remainingMs } = progress;
  return (
    <ProgressBlock
      id="training-progress"
      label="Training progress"
      max={treesTotal}
      value={treesDone}
      text={
        <>
          <span>
            {treesDone} of {treesTotal} trees
          </span>
          <span aria-hidden="true"> · </span>
          <span>{formatDuration(elapsedMs)} elapsed</span>
          <span aria-hidden="true"> · </span>
          <span>
            {remainingMs === null
              ? 'estimating time left…'
              : `about ${formatDuration(remainingMs)} left`}
          </span>
        </>
      }
      cancelLabel="Cancel"
      onCancel={onCancel}
    />
  );
}
