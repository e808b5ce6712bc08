import { DataTable } from '../app/DataTable';
import { useId, useMemo } from 'react';
import type { Prediction } from '../../worker/api';
import type { SessionPatient } from '../app/store';
import { useDispatch } from '../app/storeContext';
import { NumberField, SelectField } from '../app/Field';
import { SearchableSelect } from '../app/SearchableSelect';
import { formatNumber, percentText, roundedPercents } from '../app/format';
import type { Feature } from './formValues';
import { seText } from './uncertaintyWords';
import { IconDifferenceList } from './RiskSentence';
import { fieldOf } from './fields';

interface Props {
  patient: SessionPatient;
  features: Feature[];
  /** The field the control is on. */
  feature: string | null;
  changes: Record<string, string>;
  errors: Record<string, string>;
  /** The engine's prediction of the patient with the changes (null until it answers). */
  whatIf: Prediction | null;
  classIndex: number;
}

/** Slider steps across a numeric field's training range. */
const STEPS = 200;

/** Change any field of the shown patient and see the probability move, live. */
export function WhatIf({ patient, features, feature, changes, errors, whatIf, classIndex }: Props) {
  const dispatch = useDispatch();
  const sliderHelpId = useId();
  const f = features.find((x) => x.name === feature) ?? null;
  const original = patient.prediction;
  const before = roundedPercents(original.probabilities);
  const after = whatIf ? roundedPercents(whatIf.probabilities) : null;
  const changedNames = Object.keys(changes);
  const value = f ? (fieldOf(changes, f.name) ?? fieldOf(patient.values, f.name) ?? '') : '';
  const set = (v: string) => {
    if (!f) return;
    dispatch({
      type: 'explain/setChange',
      name: f.name,
      // Back to the patient's own value: no longer a change.
      value: v === (fieldOf(patient.values, f.name) ?? '') ? null : v,
    });
  };
  const cls = original.classes[classIndex] ?? original.predictedClass;
  // 20,000 fields: above a hundred the chooser is searched, and only the options in view are drawn.
  const options = useMemo(
    () =>
      features.map((x) => ({
        value: x.name,
        label: Object.hasOwn(changes, x.name) ? `${x.name} (changed)` : x.name,
      })),
    [features, changes],
  );

  return (
    <div className="what-if" role="region" aria-label="What if">
      <h3 className="sub-title">What if…</h3>
      <p className="help">
        Change a field of {patient.name || 'this patient'} and watch the probability and the
        explanation follow. The saved prediction above is not changed.
      </p>
      <div className="what-if-controls">
        <SearchableSelect
          label="Field to change"
          value={feature ?? ''}
          placeholder="Choose a field…"
          onChange={(v) => dispatch({ type: 'explain/setFeature', feature: v })}
          options={options}
        />
        {f && f.kind === 'numeric' && (
          <div className="what-if-numeric">
            <NumberField
              label={`What-if ${f.name}`}
              help={`range in training ${formatNumber(f.min)}–${formatNumber(f.max)}; blank = unknown`}
              error={errors[f.name]}
              value={value}
              onChange={set}
            />
            <input
              type="range"
              className="what-if-slider"
              min={f.min}
              max={f.max}
              step={f.max > f.min ? (f.max - f.min) / STEPS : 1}
              value={Number.isFinite(Number(value)) && value !== '' ? Number(value) : f.median}
              aria-label={`What-if ${f.name}, slider`}
              aria-describedby={sliderHelpId}
              onChange={(e) => set(String(Number(Number(e.target.value).toPrecision(6))))}
            />
            <p className="visually-hidden" id={sliderHelpId}>
              Slides {f.name} across the range seen in training; the number field above holds the
              exact value.
            </p>
          </div>
        )}
        {f && f.kind === 'categorical' && (
          <SelectField
            label={`What-if ${f.name}`}
            value={value}
            onChange={set}
            options={[
              { value: '', label: 'unknown' },
              ...f.categories.map((c) => ({ value: c, label: c })),
            ]}
          />
        )}
      </div>

      {changedNames.length > 0 && (
        <div className="what-if-changes">
          <p>
            <strong>Changed:</strong>{' '}
            {changedNames.map((n, i) => (
              <span key={n} className="break">
                {i > 0 && '; '}
                {n}: {fieldOf(patient.values, n) || 'unknown'} → {fieldOf(changes, n) || 'unknown'}
              </span>
            ))}
          </p>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => dispatch({ type: 'explain/clearChanges' })}
          >
            Back to the patient’s values
          </button>
        </div>
      )}

      <p className="what-if-summary" aria-live="polite">
        {after && whatIf
          ? changedNames.length === 0
            ? `Probability of “${cls}”: ${percentText(before[classIndex] ?? 0)}. Change a field to see it move.`
            : `Probability of “${cls}”: ${percentText(before[classIndex] ?? 0)} as entered, ${percentText(after[classIndex] ?? 0)} with the changes.`
          : 'Computing…'}
      </p>
      {whatIf?.words?.vsEntered && changedNames.length > 0 && (
        <IconDifferenceList
          items={whatIf.words.vsEntered}
          label="As entered and with the changes, in patients out of 100"
        />
      )}
      <DataTable
        caption="Probability of each outcome as entered and with the what-if changes"
        label="What-if probabilities table"
        scrollRole="group"
        className="compact"
        rows={original.classes}
        rowKey={(c) => c}
        columns={[
          { key: 'c', header: 'Outcome', rowHeader: true, className: 'break', cell: (c) => c },
          { key: 'b', header: 'As entered', numeric: true, cell: (_, i) => percentText(before[i]) },
          {
            key: 'a',
            header: 'With changes',
            numeric: true,
            cell: (_, i) => (after ? percentText(after[i]) : '…'),
          },
          {
            key: 's',
            header: 'Standard error with changes',
            numeric: true,
            cell: (_, i) => (whatIf ? seText(whatIf.standardErrors?.[i]) : '…'),
          },
        ]}
      />
      {whatIf && whatIf.warnings.some((w) => w.kind !== 'missing') && (
        <ul className="field-warning what-if-warnings">
          {whatIf.warnings
            .filter((w) => w.kind !== 'missing')
            .map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
        </ul>
      )}
    </div>
  );
}
