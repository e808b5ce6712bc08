import { useId, useMemo, useState } from 'react';
import type { CounterfactualAnswer, OutcomeDescription, Prediction } from '../../worker/api';
import type { SessionPatient } from '../app/store';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState } from '../app/storeContext';
import { IconDifferenceList } from './RiskSentence';
import { percent } from '../app/format';
import { MAX_OFFERED_FIELDS, canBeModifiable, modifiableByDefault } from './modifiable';
import { seText } from './uncertaintyWords';
import { usePositiveClass } from '../evaluate/evaluationOptions';
import { wantedByDefault } from '../evaluate/positiveClass';

/**
 * "What would change the outlook": the nearest change to the fields the user marks modifiable that raises the
 * probability of the outcome the user wants (by default the other outcome than the positive class) to a
 * threshold, never lowering it unless asked; worded as what the model associates, not advice or cause.
 */
export function Counterfactual({
  patient,
  prediction,
}: {
  patient: SessionPatient;
  prediction: Prediction;
}) {
  const engine = useEngine();
  const allFeatures = useAppState((s) => s.train.model?.encoding.features);
  const [showAll, setShowAll] = useState(false);
  const candidates = useMemo(
    () =>
      (allFeatures ?? [])
        .filter((f) => canBeModifiable(f.name, f.kind === 'numeric' && f.genotype !== undefined))
        .sort((a, b) => Number(modifiableByDefault(b.name)) - Number(modifiableByDefault(a.name))),
    [allFeatures],
  );
  // Treatment and lifestyle fields are offered; tumour descriptors and the rest only when asked for.
  const offered = showAll ? candidates : candidates.filter((f) => modifiableByDefault(f.name));
  const features = offered.slice(0, MAX_OFFERED_FIELDS);
  const hidden = candidates.length - offered.length;
  const headingId = useId();
  const targetId = useId();
  const targetHelpId = useId();
  const thresholdId = useId();
  const classes = prediction.classes;
  const positive = usePositiveClass(classes);
  const outcome = useAppState((s) => s.outcome.summary) as OutcomeDescription | null;
  const byDefault = wantedByDefault(classes, positive, outcome);
  const [fields, setFields] = useState<Set<string>>(
    () => new Set(candidates.map((f) => f.name).filter(modifiableByDefault)),
  );
  // '' until the user picks one: the default follows the positive class in force.
  const [picked, setPicked] = useState('');
  const target = picked === '' ? byDefault : Number(picked);
  const [allowWorse, setAllowWorse] = useState(false);
  const [threshold, setThreshold] = useState('0.5');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<CounterfactualAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const t = Number(threshold);
  const validThreshold = t > 0 && t < 1;
  const chosen = [...fields].filter((f) => candidates.some((c) => c.name === f));

  async function search() {
    if (target === null) return;
    setBusy(true);
    setError(null);
    try {
      setAnswer(
        await engine.counterfactual(patient.input, {
          targetClass: target,
          threshold: t,
          fields: chosen,
          allowWorse,
        }),
      );
    } catch (e) {
      setAnswer(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  function toggle(name: string, on: boolean) {
    const next = new Set(fields);
    if (on) next.add(name);
    else next.delete(name);
    setFields(next);
  }

  const wanted = target === null ? null : (classes[target] ?? null);
  return (
    <section className="counterfactual" aria-labelledby={headingId}>
      <h4 className="sub-title sub-title-small" id={headingId}>
        What would change the outlook
      </h4>
      <p className="help">
        Say which outcome you want for this patient and tick the fields that could change. Treatment
        and lifestyle fields are offered; tumour descriptors and other fields only when you ask for
        them; genotypes, age and sex never. The search stays within the values seen in the cohort
        and only proposes changes that make the wanted outcome more likely.
      </p>
      <div className="counterfactual-controls">
        <div className="field">
          <label htmlFor={targetId}>Outcome wanted</label>
          <select
            id={targetId}
            value={target === null ? '' : String(target)}
            aria-describedby={targetHelpId}
            onChange={(e) => setPicked(e.target.value)}
          >
            {target === null && <option value="">Choose the outcome wanted…</option>}
            {classes.map((c, k) => (
              <option key={c} value={String(k)}>
                {c}
              </option>
            ))}
          </select>
          <p className="help" id={targetHelpId}>
            {target === null
              ? 'None of the outcomes reads like the absence of the event: choose the one you want.'
              : picked === ''
                ? 'Chosen for you from the outcome names (or as the outcome other than the positive class): change it if another is wanted. Its probability is raised to the threshold.'
                : 'Its probability is raised to the threshold.'}
          </p>
        </div>
        <div className="field">
          <label htmlFor={thresholdId}>Threshold probability</label>
          <input
            id={thresholdId}
            type="number"
            min={0.01}
            max={0.99}
            step={0.01}
            value={threshold}
            onChange={(e) => setThreshold(e.target.value)}
          />
        </div>
      </div>
      <fieldset className="counterfactual-fields">
        <legend>Fields that could change</legend>
        {features.map((f) => (
          <label key={f.name} className="check">
            <input
              type="checkbox"
              aria-label={`${f.name} could change`}
              checked={fields.has(f.name)}
              onChange={(e) => toggle(f.name, e.target.checked)}
            />{' '}
            <span className="break">{f.name}</span>
          </label>
        ))}
        {features.length === 0 && (
          <p className="help">
            No field looks like a treatment or a lifestyle. Show the other fields to choose some.
          </p>
        )}
        {offered.length > features.length && (
          <p className="help">
            {offered.length - features.length} more fields are not listed here; treatment and
            lifestyle fields come first.
          </p>
        )}
        {(hidden > 0 || showAll) && (
          <label className="check">
            <input
              type="checkbox"
              checked={showAll}
              onChange={(e) => setShowAll(e.target.checked)}
            />{' '}
            Also offer the {showAll ? '' : `${hidden} `}other fields (tumour descriptors,
            measurements)
          </label>
        )}
      </fieldset>
      <label className="check">
        <input
          type="checkbox"
          checked={allowWorse}
          onChange={(e) => setAllowWorse(e.target.checked)}
        />{' '}
        When the wanted outcome is already likely, show what would make it less likely
      </label>
      <div className="counterfactual-controls">
        <button
          type="button"
          className="btn"
          disabled={busy || chosen.length === 0 || !validThreshold || target === null}
          onClick={() => void search()}
        >
          {busy ? 'Searching…' : 'Search'}
        </button>
      </div>
      {error && <p className="alert alert-error">{error}</p>}
      <div aria-live="polite">
        {answer && <CounterfactualResult answer={answer} wanted={wanted} />}
      </div>
    </section>
  );
}

function CounterfactualResult({
  answer,
  wanted,
}: {
  answer: CounterfactualAnswer;
  wanted: string | null;
}) {
  const outcome = `“${answer.targetClass}”`;
  if (answer.alreadyThere) {
    return (
      <p className="counterfactual-result">
        The probability of {outcome} is already {percent(answer.baseline)}, at or above{' '}
        {answer.threshold}: no change is needed to reach it. Raise the threshold to look for changes
        that would make {outcome} more likely still.
      </p>
    );
  }
  const crossing = answer.direction === 'above' ? 'reach' : 'fall below';
  if (!answer.found) {
    return (
      <p className="counterfactual-result">
        No change to the ticked fields, within the values seen in the cohort, makes the probability
        of {outcome} {crossing} {answer.threshold}
        {answer.truncated ? ' (the search stopped before trying every combination)' : ''}.
      </p>
    );
  }
  const changes = answer.changes.map((c) => `${c.field} from ${c.from} to ${c.to}`).join(' and ');
  const worse = answer.direction === 'below' && answer.targetClass === wanted;
  return (
    <div className="counterfactual-result">
      {worse && (
        <p className="alert alert-warn" role="note">
          As asked, this change makes the wanted outcome {outcome} less likely.
        </p>
      )}
      <p>
        In the data the model learned from, patients like this one with {changes} have a probability
        of {outcome} of {percent(answer.probability)} (standard error {seText(answer.standardError)}
        ) instead of {percent(answer.baseline)}: {answer.change}.
      </p>
      <IconDifferenceList
        items={answer.difference}
        label="This patient now compared with the what-if"
      />
      <p className="help">
        This is what the model associates with a different outlook, not a cause and not advice: a
        change in the patient may not change the outcome.
      </p>
    </div>
  );
}
