import { useAppState } from '../app/storeContext';
import { formatDuration } from '../app/format';

/** Trees done of total, elapsed and remaining time, and the Cancel button. */
export function TrainProgressView({ onCancel }: { onCancel: () => void }) {
  const progress = useAppState((s) => s.train.progress);
  if (!progress) return null;
  const { treesDone, treesTotal, elapsedMs, remainingMs } = progress;
  return (
    <div className="progress-block">
      <label className="progress-label" htmlFor="training-progress">
        Training progress
      </label>
      <progress id="training-progress" max={treesTotal} value={treesDone} />
      <div className="progress-foot">
        <p className="progress-text">
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
        </p>
        <button type="button" className="btn btn-danger" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
