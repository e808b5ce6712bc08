import { memo, useDeferredValue, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { FieldShell, NumberField, SearchField } from '../app/Field';
import { formatCount, formatNumber } from '../app/format';
import type { Action } from '../app/store';
import { useAppState, useDispatch } from '../app/storeContext';
import { checkField, checkForm, type Feature } from './formValues';
import { useProgressiveCount } from '../app/revealQueue';
import { GenotypeField } from './GenotypeField';
import { fieldOf } from './fields';

/** Large tables can give hundreds of features: draw at most this many fields, search for others. */
const MAX_FIELDS = 200;
/** Fields mounted per task while a long form appears. */
const FIELDS_PER_SLICE = 24;

interface Props {
  features: Feature[];
  busy: boolean;
  onPredict: () => void;
  onFillTypical: () => void;
}

/** The new patient, one optional field per feature of the model. */
export function PatientForm({ features, busy, onPredict, onFillTypical }: Props) {
  const values = useAppState((s) => s.form);
  const dispatch = useDispatch();
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter);
  const [submitted, setSubmitted] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const summaryId = useId();

  // 20,000 fields on a wide model: checked once per change of the values, not at every render (busy, search).
  const { errors, unknown } = useMemo(() => checkForm(features, values), [features, values]);
  const errorNames = Object.keys(errors);
  const allUnknown = unknown === features.length;

  const needle = deferredFilter.trim().toLowerCase();
  const matching = needle
    ? features.filter((f) => f.name.toLowerCase().includes(needle))
    : features;
  // A long form mounts in slices of fields, each in its own task.
  const drawn = useProgressiveCount(Math.min(matching.length, MAX_FIELDS), FIELDS_PER_SLICE);
  const shown = matching.slice(0, MAX_FIELDS);

  function submit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    if (errorNames.length > 0) {
      // Bring the first wrong field into view (clear the search if it hides it) and focus it.
      const first = errorNames[0];
      if (!shown.some((f) => f.name === first)) setFilter('');
      requestAnimationFrame(() => {
        const el = formRef.current?.querySelector<HTMLElement>(
          `[data-feature="${CSS.escape(first)}"]`,
        );
        el?.focus();
      });
      return;
    }
    setSubmitted(false);
    onPredict();
  }

  return (
    <form
      ref={formRef}
      className="patient-form"
      onSubmit={submit}
      noValidate
      aria-label="New patient"
    >
      <div className="form-toolbar">
        <button type="button" className="btn" onClick={onFillTypical} disabled={busy}>
          Fill with typical values
        </button>
        <button
          type="button"
          className="btn btn-quiet"
          onClick={() => {
            setSubmitted(false);
            dispatch({ type: 'form/clear' });
          }}
          disabled={busy}
        >
          Clear form
        </button>
        {features.length > 40 && (
          <SearchField
            label="Search fields"
            placeholder="Field name"
            className="form-filter"
            value={filter}
            onChange={setFilter}
          />
        )}
      </div>
      <p className="help">
        Every field is optional: leave it blank (or “unknown”) when you do not know it. Typical
        values are the cohort’s medians and most common categories.
      </p>

      <div className={`form-grid${features.length > 40 ? ' is-long' : ''}`}>
        {shown.slice(0, drawn).map((f) => (
          <PatientField
            key={f.name}
            feature={f}
            value={fieldOf(values, f.name) ?? ''}
            dispatch={dispatch}
          />
        ))}
      </div>
      {(matching.length > shown.length || (needle && matching.length === 0)) && (
        <p className="note" aria-live="polite">
          {matching.length === 0
            ? `No field name contains “${deferredFilter}”.`
            : `Showing ${shown.length} of ${formatCount(matching.length)} fields. Search to find the others; fields not shown are kept as entered.`}
        </p>
      )}

      <div className="form-footer" id={summaryId}>
        {submitted && errorNames.length > 0 && (
          <div className="alert alert-error" role="alert">
            <strong className="alert-title">
              Correct {errorNames.length === 1 ? 'this field' : `these ${errorNames.length} fields`}{' '}
              before predicting:
            </strong>
            <ul>
              {errorNames.slice(0, 10).map((n) => (
                <li key={n}>
                  <span className="break">{n}</span>: {errors[n]}
                </li>
              ))}
            </ul>
          </div>
        )}
        {allUnknown ? (
          <p className="field-warning" role="status">
            All fields are unknown: the prediction rests only on what the model learned about
            patients with missing values.
          </p>
        ) : (
          <p className="muted">
            {formatCount(features.length - unknown)} of {formatCount(features.length)} fields
            filled; the others count as unknown.
          </p>
        )}
        <button type="submit" className="btn btn-primary btn-large" disabled={busy}>
          Predict
        </button>
      </div>
    </form>
  );
}

interface FieldProps {
  feature: Feature;
  value: string;
  dispatch: (action: Action) => void;
}

const PatientField = memo(function PatientField({ feature: f, value, dispatch }: FieldProps) {
  const set = (v: string) => dispatch({ type: 'form/set', name: f.name, value: v });
  if (f.kind === 'categorical') {
    const most = f.categories[f.counts.indexOf(Math.max(...f.counts))];
    const known = value === '' || f.categories.includes(value);
    return (
      <FieldShell
        label={f.name}
        help={`${f.categories.length} categories${most !== undefined ? `, most common ${most}` : ''}`}
        warning={known ? undefined : `“${value}” was not seen in training; it counts as unknown.`}
      >
        {({ inputId, describedBy }) => (
          <select
            id={inputId}
            data-feature={f.name}
            value={value}
            aria-describedby={describedBy}
            onChange={(e) => set(e.target.value)}
          >
            <option value="">unknown</option>
            {!known && <option value={value}>{value}</option>}
            {f.categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        )}
      </FieldShell>
    );
  }
  if (f.genotype)
    return <GenotypeField feature={{ ...f, genotype: f.genotype }} value={value} onChange={set} />;
  const check = checkField(f, value);
  return (
    <NumberField
      label={f.name}
      feature={f.name}
      help={`range ${formatNumber(f.min)}–${formatNumber(f.max)}, median ${formatNumber(f.median)}`}
      error={check.error}
      warning={check.warning}
      value={value}
      onChange={set}
    />
  );
});
