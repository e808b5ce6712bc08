import { useId, useMemo, useState } from 'react';
import type { CounterfactualAnswer, Prediction } from '../../worker/api';
import type { SessionPatient } from '../app/store';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState } from '../app/storeContext';
import { IconDifferenceList } from './RiskSentence';
import { MAX_OFFERED_FIELDS, canBeModifiable, modifiableByDefault } from './modifiable';
import { seText } from './uncertaintyWords';

function pct(p: number): string {
  return `${(p * 100).toFixed(1)} %`;
}

/**
 * "What would change the outlook": the nearest change to the fields the user marks modifiable that moves
 * an outcome's probability past a threshold, worded as what the model associates, not advice or cause.
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
  const candidates = useMemo(
    () =>
      (allFeatures ?? [])
        .filter((f) => canBeModifiable(f.name, f.kind === 'numeric' && f.genotype !== undefined))
        .sort((a, b) => Number(modifiableByDefault(b.name)) - Number(modifiableByDefault(a.name))),
    [allFeatures],
  );
  const features = candidates.slice(0, MAX_OFFERED_FIELDS);
  const headingId = useId();
  const targetId = useId();
  const thresholdId = useId();
  const classes = prediction.classes;
  const [fields, setFields] = useState<Set<string>>(
    () => new Set(features.map((f) => f.name).filter(modifiableByDefault)),
  );
  const [target, setTarget] = useState(classes.length === 2 ? 1 : 0);
  const [threshold, setThreshold] = useState('0.5');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<CounterfactualAnswer | null>(null);
  const [error, setError] = useState<string | null>(null);
  const t = Number(threshold);
  const validThreshold = t > 0 && t < 1;

  async function search() {
    setBusy(true);
    setError(null);
    try {
      setAnswer(
        await engine.counterfactual(patient.input, {
          targetClass: target,
          threshold: t,
          fields: [...fields],
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

  return (
    <section className="counterfactual" aria-labelledby={headingId}>
      <h4 className="sub-title sub-title-small" id={headingId}>
        What would change the outlook
      </h4>
      <p className="help">
        Tick the fields that could change for this patient. Genotypes, age and sex are never ticked
        for you. The search stays within the values seen in the cohort.
      </p>
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
        {candidates.length > features.length && (
          <p className="help">
            {candidates.length - features.length} more fields are not offered here; lifestyle fields
            come first.
          </p>
        )}
      </fieldset>
      <div className="counterfactual-controls">
        <div className="field">
          <label htmlFor={targetId}>Outcome</label>
          <select id={targetId} value={target} onChange={(e) => setTarget(Number(e.target.value))}>
            {classes.map((c, k) => (
              <option key={c} value={k}>
                {c}
              </option>
            ))}
          </select>
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
        <button
          type="button"
          className="btn"
          disabled={busy || fields.size === 0 || !validThreshold}
          onClick={() => void search()}
        >
          {busy ? 'Searching…' : 'Search'}
        </button>
      </div>
      {error && <p className="alert alert-error">{error}</p>}
      <div aria-live="polite">{answer && <CounterfactualResult answer={answer} />}</div>
    </section>
  );
}

function CounterfactualResult({ answer }: { answer: CounterfactualAnswer }) {
  const outcome = `“${answer.targetClass}”`;
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
  return (
    <div className="counterfactual-result">
      <p>
        In the data the model learned from, patients like this one with {changes} have a probability
        of {outcome} of {pct(answer.probability)} (standard error {seText(answer.standardError)})
        instead of {pct(answer.baseline)}: {answer.change}.
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
