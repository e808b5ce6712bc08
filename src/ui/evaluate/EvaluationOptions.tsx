import { useId } from 'react';
import type { OutcomeDescription } from '../../worker/api';
import { useAppState } from '../app/storeContext';
import { shortName } from '../load/shortName';
import { GroupColumnField } from './GroupColumnField';
import { useGroupCandidates } from './groupCandidates';
import {
  MAX_REPEATS,
  MIN_REPEATS,
  checkRepeats,
  setEvaluationOptions,
  useEvaluationOptions,
} from './evaluationOptions';
import { positiveInForce } from './positiveClass';

/** Group column, Repeats and Positive class of the cross-validation. */
export function EvaluationOptions({
  classes,
  disabled,
  reported,
}: {
  classes: string[];
  disabled: boolean;
  /** The positive class of the report shown (null: none shown). */
  reported: string | null;
}) {
  const options = useEvaluationOptions();
  const candidates = useGroupCandidates();
  const outcome = useAppState((s) => s.outcome.summary) as OutcomeDescription | null;
  const repeatsId = useId();
  const repeatsErrorId = useId();
  const positiveId = useId();
  const helpId = useId();
  const repeatsError = checkRepeats(options.repeats).error;
  const positive = positiveInForce(classes, options.positiveClass, outcome, reported);
  // Neither class is named like an event (or its absence): the default is only the smaller class, so ask.
  const guessed =
    positive !== null &&
    !classes.includes(options.positiveClass) &&
    outcome?.positiveReason === 'guess' &&
    outcome.positiveClass === positive;
  return (
    <>
      <GroupColumnField candidates={candidates} disabled={disabled} describedBy={helpId} />
      <div className={`field field-folds${repeatsError ? ' has-error' : ''}`}>
        <label htmlFor={repeatsId}>Repeats</label>
        <input
          id={repeatsId}
          type="number"
          inputMode="numeric"
          min={MIN_REPEATS}
          max={MAX_REPEATS}
          step={1}
          value={options.repeats}
          disabled={disabled}
          aria-invalid={repeatsError ? true : undefined}
          aria-describedby={`${repeatsError ? `${repeatsErrorId} ` : ''}${helpId}`}
          onChange={(e) => setEvaluationOptions({ repeats: e.target.value })}
        />
        {repeatsError && (
          <p className="field-error" id={repeatsErrorId}>
            {repeatsError}
          </p>
        )}
      </div>
      {positive !== null && (
        <div className="field">
          <label htmlFor={positiveId}>Positive class</label>
          <select
            id={positiveId}
            value={positive}
            disabled={disabled}
            aria-describedby={helpId}
            onChange={(e) => setEvaluationOptions({ positiveClass: e.target.value })}
          >
            {classes.map((c) => (
              <option key={c} value={c}>
                {shortName(c, 40)}
              </option>
            ))}
          </select>
        </div>
      )}
      <p className="help evaluation-options-help" id={helpId}>
        A <strong>group column</strong> (family, site, a patient’s repeated samples) keeps every
        group wholly on one side of each split, so relatives never help predict each other.{' '}
        <strong>Repeats</strong> reshuffle the folds and show how much the figures move.{' '}
        {positive !== null && (
          <>
            The <strong>positive class</strong> (“{shortName(positive, 40)}”) is the one ROC,
            sensitivity, the decision threshold, the decision curve and recalibration are about;
            changing it recomputes every figure.{' '}
            {guessed && (
              <strong>
                “{shortName(positive, 40)}” is only our guess (the smaller class; neither name reads
                like an event such as recurrence or death): choose the outcome you want to detect.
              </strong>
            )}
          </>
        )}
      </p>
    </>
  );
}
