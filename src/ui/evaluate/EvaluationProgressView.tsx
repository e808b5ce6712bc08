import { percent } from '../app/format';
import { ProgressBlock } from '../app/ProgressBlock';
import { useJobProgress } from '../app/progressStore';

/** Folds scored and trees grown so far, with the out-of-bag figure to read meanwhile. */
export function EvaluationProgressView(props: { oobScore: number | null; onCancel: () => void }) {
  const progress = useJobProgress('evaluate');
  return (
    <ProgressBlock
      id="evaluation-progress"
      label="Evaluation progress"
      max={progress?.treesTotal ?? 1}
      value={progress?.treesDone ?? 0}
      text={
        progress
          ? `${progress.foldsDone} of ${progress.folds} folds scored · ${progress.treesDone} of ${progress.treesTotal} trees grown`
          : 'Preparing the folds…'
      }
      cancelLabel="Cancel evaluation"
      onCancel={props.onCancel}
    >
      {props.oobScore !== null && (
        <p className="muted">
          At once, from the trees that did not see each patient (out-of-bag): accuracy{' '}
          {percent(props.oobScore)}. Cross-validation gives the full picture.
        </p>
      )}
    </ProgressBlock>
  );
}
