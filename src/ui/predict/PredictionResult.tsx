import type { SessionPatient } from '../app/store';
import { formatCount, percentText, roundedPercents } from '../app/format';
import { ProbabilityChart } from './ProbabilityChart';
import { familiarityWords } from './familiarity';
import { ClinicalPrediction } from './ClinicalPrediction';
import { useClinicalView } from './useClinicalView';
import { isTie, seText } from './uncertaintyWords';

interface Props {
  patient: SessionPatient;
  currentModelTrainedAt: string | null;
}

/** The probabilities for one patient, as a chart and a table, with everything that limits them. */
export function PredictionResult({ patient, currentModelTrainedAt }: Props) {
  const view = useClinicalView(patient);
  const p = view.prediction;
  const shown = roundedPercents(p.probabilities);
  const best = p.classes.indexOf(p.predictedClass);
  const warnings = p.warnings.filter((w) => w.kind !== 'missing');
  const allUnknown = Object.values(patient.input).every((v) => v === null || v === undefined);
  const familiarity = familiarityWords(p.familiarity);
  const fromOlderModel =
    currentModelTrainedAt !== null && patient.modelTrainedAt !== currentModelTrainedAt;

  return (
    <div className="result" role="region" aria-label="Predicted probabilities">
      <div className="result-head">
        <h3 className="sub-title">
          {patient.name || `Patient #${patient.id}`}:{' '}
          {isTie(p) ? (
            'no outcome is clearly ahead'
          ) : (
            <>
              most likely <span className="result-class">{p.predictedClass}</span>
              {best >= 0 && <> ({percentText(shown[best])})</>}
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
        {/* The trees' spread is secondary detail now (under the headline), not error bars. */}
        <ProbabilityChart prediction={{ ...p, intervals: [] }} />
        <div className="table-scroll" role="group" aria-label="Probabilities table">
          <table className="data-table">
            <caption className="visually-hidden">Predicted probability of each outcome</caption>
            <thead>
              <tr>
                <th scope="col">Outcome</th>
                <th scope="col" className="num">
                  Probability
                </th>
                <th scope="col" className="num">
                  Standard error
                </th>
              </tr>
            </thead>
            <tbody>
              {p.classes.map((c, i) => (
                <tr key={c} className={i === best ? 'is-best' : undefined}>
                  <th scope="row" className="break">
                    {c}
                  </th>
                  <td className="num">{percentText(shown[i])}</td>
                  <td className="num">{seText(p.standardErrors?.[i])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="help">
            The probability is the average of the trees’ probabilities. Standard error: how much it
            would move if the cohort were drawn again (infinitesimal jackknife); “more trees needed”
            when the forest has too few trees to tell.
          </p>
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
