import { useAppState } from '../app/storeContext';
import { formatDuration } from '../app/format';
import { ProgressBlock } from '../app/ProgressBlock';
import { useJobProgress } from '../app/progressStore';

/** Trees done of total (the tuning's trees included), elapsed and remaining time, and the Cancel button. */
export function TrainProgressView({ onCancel }: { onCancel: () => void }) {
  const first = useAppState((s) => s.train.progress);
  const progress = useJobProgress('train') ?? first;
  if (!progress) return null;
  const { treesDone, treesTotal, elapsedMs, remainingMs, stage } = progress;
  return (
    <ProgressBlock
      id="training-progress"
      label="Training progress"
      max={treesTotal}
      value={treesDone}
      text={
        <>
          {stage && (
            <>
              <span>
                {stage === 'tuning'
                  ? 'Tuning the settings on out-of-bag patients'
                  : 'Growing the forest with the chosen settings'}
              </span>
              <span aria-hidden="true"> · </span>
            </>
          )}
          <span>
            {treesDone} of {treesTotal} trees{stage ? ' (tuning included)' : ''}
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
