import { DataTable } from '../app/DataTable';
import type { SessionPatient } from '../app/store';
import { formatCount, roundedPercents } from '../app/format';
import { lazy } from 'react';
import { Deferred } from '../app/Deferred';
import { useFocusRequest } from '../app/focusRequest';
import { familiarityWords } from './familiarity';
import { ClinicalPrediction } from './ClinicalPrediction';
import { useClinicalView } from './useClinicalView';
import { certaintyNote, isTie, probabilityText, seText } from './uncertaintyWords';

const ProbabilityChart = lazy(() =>
  import('./ProbabilityChart').then((m) => ({ default: m.ProbabilityChart })),
);

interface Props {
  patient: SessionPatient;
  currentModelTrainedAt: string | null;
}

/** The probabilities for one patient, as a chart and a table, with everything that limits them. */
export function PredictionResult({ patient, currentModelTrainedAt }: Props) {
  const heading = useFocusRequest<HTMLHeadingElement>('predict-result');
  const view = useClinicalView(patient);
  const p = view.prediction;
  const shown = roundedPercents(p.probabilities);
  const best = p.classes.indexOf(p.predictedClass);
  const warnings = p.warnings.filter((w) => w.kind !== 'missing');
  const allUnknown = Object.values(patient.input).every((v) => v === null || v === undefined);
  const familiarity = familiarityWords(p.familiarity);
  const caveat = certaintyNote(shown, p.standardErrors);
  const fromOlderModel =
    currentModelTrainedAt !== null && patient.modelTrainedAt !== currentModelTrainedAt;

  return (
    <div className="result" role="region" aria-label="Predicted probabilities">
      <div className="result-head">
        <h3 className="sub-title" tabIndex={-1} ref={heading}>
          {patient.name || `Patient #${patient.id}`}:{' '}
          {isTie(p) ? (
            'no outcome is clearly ahead'
          ) : (
            <>
              most likely <span className="result-class">{p.predictedClass}</span>
              {best >= 0 && <> ({probabilityText(shown[best])})</>}
            </>
          )}
        </h3>
        {fromOlderModel && (
          <p className="status-box">
            Predicted with an earlier model. Press Predict to use the current one.
          </p>
        )}
      </div>

      <ClinicalPrediction view={view} patient={patient} />

      <div className="chart-and-table">
        <Deferred minHeight={220}>
          {/* The trees' spread is secondary detail now (under the headline), not error bars. */}
          <ProbabilityChart prediction={{ ...p, intervals: [] }} />
        </Deferred>
        <div>
          <DataTable
            caption="Predicted probability of each outcome"
            label="Probabilities table"
            scrollRole="group"
            rows={p.classes}
            rowKey={(c) => c}
            rowClassName={(_, i) => (i === best ? 'is-best' : undefined)}
            columns={[
              { key: 'c', header: 'Outcome', rowHeader: true, className: 'break', cell: (c) => c },
              {
                key: 'p',
                header: 'Probability',
                numeric: true,
                cell: (_, i) => probabilityText(shown[i]),
              },
              {
                key: 's',
                header: 'Standard error',
                numeric: true,
                cell: (_, i) => seText(p.standardErrors?.[i]),
              },
            ]}
          />
          <p className="help">
            The probability is the average of the trees’ probabilities. Standard error: how much it
            would move if the cohort were drawn again (infinitesimal jackknife); “more trees needed”
            when the forest has too few trees to tell.
          </p>
          {p.standardErrorNote && <p className="help">{p.standardErrorNote}</p>}
          {caveat && (
            <p className="help" role="note" aria-label="Not certainty">
              {caveat}
            </p>
          )}
        </div>
      </div>

      <div className="result-notes">
        <p>
          <strong>Familiarity:</strong> {familiarity.word}{' '}
          <span className="muted">— {familiarity.detail}</span>
        </p>
        {(warnings.length > 0 || allUnknown || p.missingFields.length > 0) && (
          <div className="alert alert-warn" role="group" aria-label="Warnings for this prediction">
            <strong className="alert-title">Read this prediction with care</strong>
            <ul>
              {allUnknown && (
                <li>
                  All fields are unknown: the prediction rests only on what the model learned about
                  patients with missing values.
                </li>
              )}
              {warnings.map((w, i) => (
                <li key={i}>{w.message}</li>
              ))}
              {!allUnknown && p.missingFields.length > 0 && (
                <li>
                  {formatCount(p.missingFields.length)} field
                  {p.missingFields.length === 1 ? ' was' : 's were'} not given:{' '}
                  <span className="break">
                    {p.missingFields.slice(0, 12).join(', ')}
                    {p.missingFields.length > 12 ? `, and ${p.missingFields.length - 12} more` : ''}
                  </span>
                  . The prediction relies on what the model learned about missing values.
                </li>
              )}
            </ul>
          </div>
        )}
      </div>
    </div>
  );
}
