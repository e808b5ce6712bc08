import { useState } from 'react';
import type { SurvivalPatientPrediction, SurvivalReport } from '../../worker/api';
import { errorMessage, useEngine } from '../app/engineContext';
import { SelectField, TextField } from '../app/Field';
import { useStoreInstance } from '../app/storeContext';
import { checkField, checkForm } from '../predict/formValues';

/** Fields offered in the chooser at most (a genotype model has thousands; the first are listed). */
const MAX_OPTIONS = 200;

/**
 * What-if for a survival patient: change one field of the patient as entered and see the new "N out of 100" at the
 * same horizon beside the old one. The entered patient and its prediction above are not changed.
 */
export function SurvivalWhatIf({
  report,
  prediction,
}: {
  report: SurvivalReport;
  prediction: SurvivalPatientPrediction;
}) {
  const engine = useEngine();
  const store = useStoreInstance();
  const features = report.features;
  const [field, setField] = useState(features[0]?.name ?? '');
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{
    text: string;
    sentence: string;
    interval: string;
    count: number;
  } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const feature = features.find((f) => f.name === field) ?? null;
  const check = feature ? checkField(feature, value) : null;
  if (features.length === 0) return null;

  async function tryIt() {
    if (!feature || !check || check.error) return;
    const { input, errors } = checkForm(features, store.getState().form);
    if (Object.keys(errors).length > 0) {
      setError('Correct the patient’s fields above first.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const p = await engine.predictSurvival(
        { ...input, [feature.name]: check.value },
        prediction.horizon,
      );
      setAnswer({
        text: `${feature.name} = ${check.value ?? 'unknown'}`,
        sentence: p.words.sentences[0],
        interval: p.intervalSentence,
        count: p.words.counts[0],
      });
    } catch (e) {
      setAnswer(null);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  const before = prediction.words.counts[0];
  return (
    <section className="what-if" aria-label="What if">
      <h3 className="sub-title">What if…</h3>
      <p className="help">
        Change one field of the patient and see how many out of 100 would be event-free at{' '}
        {prediction.horizonText}. The prediction above is not changed. What the model associates
        with the value, not what changing it would do.
      </p>
      <div className="action-row">
        <SelectField
          label="Field to change"
          value={field}
          onChange={(v) => {
            setField(v);
            setValue('');
            setAnswer(null);
          }}
          options={features.slice(0, MAX_OPTIONS).map((f) => ({ value: f.name, label: f.name }))}
        />
        <TextField
          label="New value"
          value={value}
          onChange={setValue}
          error={check?.error}
          warning={check?.warning}
          help={
            feature?.kind === 'categorical'
              ? `One of ${feature.categories.slice(0, 8).join(', ')}${feature.categories.length > 8 ? ', …' : ''}; empty for unknown.`
              : 'A number; empty for unknown.'
          }
        />
        <button
          type="button"
          className="btn"
          disabled={busy || !check || check.error !== undefined}
          onClick={() => void tryIt()}
        >
          Try it
        </button>
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      {answer && (
        <div role="status">
          <p>
            With {answer.text}: {answer.sentence} (as entered: about {before};{' '}
            {answer.count === before
              ? 'no change'
              : `${answer.count > before ? '+' : '−'}${Math.abs(answer.count - before)}`}
            ).
          </p>
          <p>{answer.interval}</p>
        </div>
      )}
    </section>
  );
}
