import { useId } from 'react';
import { shortName } from '../load/shortName';
import { setEvaluationOptions, useEvaluationOptions } from './evaluationOptions';

/**
 * The Evaluate step's Group column select (the class and survival modes share its choice): a column of families,
 * sites or a patient's repeated records whose groups cross-validation keeps wholly on one side of every split.
 */
export function GroupColumnField({
  candidates,
  disabled,
  describedBy,
}: {
  candidates: string[];
  disabled: boolean;
  describedBy?: string;
}) {
  const options = useEvaluationOptions();
  const id = useId();
  const group = candidates.includes(options.groupColumn) ? options.groupColumn : '';
  return (
    <div className="field">
      <label htmlFor={id}>Group column</label>
      <select
        id={id}
        value={group}
        disabled={disabled}
        aria-describedby={describedBy}
        onChange={(e) => setEvaluationOptions({ groupColumn: e.target.value })}
      >
        <option value="">None (patients are unrelated)</option>
        {candidates.map((c) => (
          <option key={c} value={c}>
            {shortName(c)}
          </option>
        ))}
      </select>
    </div>
  );
}
