import { useMemo, useState } from 'react';
import type { SessionPatient } from '../app/store';
import type { Explanation } from '../../worker/api';
import { useAppState } from '../app/storeContext';
import { usePositiveClass } from '../evaluate/evaluationOptions';
import { IconArray } from '../predict/IconArray';
import { RiskSentence } from '../predict/RiskSentence';
import type { ClinicalView } from '../predict/useClinicalView';
import { confidenceText, percent, percentagePoints } from '../app/format';
import {
  isTie,
  listOutcomes,
  outOf100Count,
  seText,
  setSentence,
} from '../predict/uncertaintyWords';
import { isImported } from './provenance';
import { isoDate, isoDateTime, modelHashText, modelOrigin } from './reportFields';
import { PrintControls, ReportWarnings } from './PrintControls';
import './print.css';

/** Contributions listed in the report. */
const TOP = 6;

function shownValue(v: SessionPatient['input'][string]): string {
  return v === null || v === undefined || v === '' ? 'unknown' : String(v);
}

/** The TOP largest contributions to class `k`, as lines (already sorted by size by the engine). */
function topContributions(explanation: Explanation | null, k: number): string[] {
  const top: string[] = [];
  for (const c of explanation?.contributions ?? []) {
    if (top.length >= TOP) break;
    if (Math.abs(c.shap[k] ?? 0) > 0)
      top.push(`${c.feature} = ${c.value}: ${percentagePoints(c.shap[k])}`);
  }
  return top;
}

/** A header field of the printed report; an empty one is a line to fill in by hand. */
function ReportField({ term, value }: { term: string; value: string }) {
  return (
    <div>
      <dt>{term}</dt>
      {value.trim() !== '' ? (
        <dd>{value}</dd>
      ) : (
        <dd className="report-blank">
          <span className="visually-hidden">not filled in</span>
        </dd>
      )}
    </div>
  );
}

/**
 * "Print patient report": one A4 page with the patient's values, the probabilities in words and icons, the
 * prediction set, the warnings, the top contributions, the model's evaluation and its limitations. It
 * lives in a print-only container (print.css hides everything else when printing), readable in black and
 * white: the icons differ by pattern as well as colour.
 */
export function PatientReport({ patient, view }: { patient: SessionPatient; view: ClinicalView }) {
  const p = view.prediction;
  const model = useAppState((s) => s.train.model);
  const modelSource = useAppState((s) => s.train.modelSource);
  // Typed for the printout only: kept in this component (per patient), never stored on the device.
  const [identifiers, setIdentifiers] = useState<Record<number, string>>({});
  const [clinician, setClinician] = useState('');
  const identifier = identifiers[patient.id] ?? '';
  const explain = useAppState((s) => s.explain);
  const explanation = explain.patientId === patient.id ? explain.explanation : null;
  const evaluation = view.evaluation;
  const name = patient.name || `Patient #${patient.id}`;
  // Two classes: what moved the positive class (the evaluation's), else the most likely outcome.
  const positive = usePositiveClass(p.classes);
  const k =
    positive !== null
      ? Math.max(0, p.classes.indexOf(positive))
      : Math.max(0, p.classes.indexOf(p.predictedClass));
  // Both memoised: a wide model has 20,000 fields and contributions, and this print-only report re-renders
  // with every prediction and explanation (14–18 ms each time on a 20,000-column table).
  const top = useMemo(() => topContributions(explanation, k), [explanation, k]);
  const values = useMemo(
    () =>
      Object.entries(patient.input)
        .map(([field, v]) => `${field}: ${shownValue(v)}`)
        .join('; '),
    [patient.input],
  );
  const coverage = evaluation?.conformalLevels?.find(
    (c) => Math.abs(c.confidence - (p.setConfidence ?? view.confidence)) < 1e-9,
  );
  const warnings = [
    ...(evaluation?.chance && !evaluation.chance.beatsChance && evaluation.chance.message
      ? [evaluation.chance.message]
      : []),
    ...p.warnings.map((w) => w.message),
    ...(p.setWarnings ?? []),
  ];
  const headline = isTie(p)
    ? `No outcome is clearly ahead: ${listOutcomes(p.tie?.tiedWith ?? [])} are within their uncertainty.`
    : `Most likely outcome: “${p.predictedClass}”.`;

  const report = (
    <article className="patient-report" aria-label="Patient report">
      <header>
        <h1>GenoForest patient report: {name}</h1>
        <dl className="report-fields">
          <ReportField term="Patient identifier" value={identifier} />
          <ReportField term="Clinician" value={clinician} />
          <ReportField term="Printed" value={isoDate(new Date())} />
          <ReportField
            term="Model"
            value={
              model === null
                ? 'not recorded'
                : isImported(model)
                  ? // An imported file names neither its training date nor its patients.
                    modelOrigin(model, modelSource)
                  : `${modelOrigin(model, modelSource)}; trained ${isoDateTime(model.trainedAt)} on ${model.nRows} patients`
            }
          />
          <ReportField term="Outcome" value={`“${model?.encoding.target ?? 'outcome'}”`} />
          {/* Beside the outcome in the header's second column: the one-page report gains no line. */}
          <ReportField term="Model hash" value={modelHashText(model)} />
        </dl>
        {p.recalibrated && <p>Probabilities recalibrated on cross-validated predictions.</p>}
      </header>
      <section>
        <h2>Outlook</h2>
        <div className="report-outlook">
          <div>
            <p>
              <strong>{headline}</strong>
            </p>
            {p.words && <RiskSentence words={p.words} />}
            <table className="report-table">
              <thead>
                <tr>
                  <th scope="col">Outcome</th>
                  <th scope="col">Out of 100</th>
                  <th scope="col">Standard error</th>
                </tr>
              </thead>
              <tbody>
                {p.classes.map((c, i) => (
                  <tr key={c}>
                    <th scope="row">{c}</th>
                    <td>
                      {outOf100Count(p.words?.counts[i] ?? Math.round(p.probabilities[i] * 100))}
                    </td>
                    <td>{seText(p.standardErrors?.[i])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {p.predictionSet ? (
              <p>
                Prediction set ({confidenceText(p.setConfidence ?? view.confidence)}): {'{'}
                {p.predictionSet.join(', ')}
                {'}'}.{' '}
                {/* The reading only: the cut-off detail would not fit the one-page report. */}
                {setSentence(p.predictionSet, p.setConfidence ?? view.confidence, p.classes, {
                  reading: p.setReading,
                })}
              </p>
            ) : (
              <p>
                Prediction set: not available.{p.predictionSetNote && ` ${p.predictionSetNote}`}
              </p>
            )}
          </div>
          {p.words && (
            <IconArray words={p.words} classes={p.classes} caption="100 patients like this one" />
          )}
        </div>
      </section>
      <ReportWarnings warnings={warnings} />
      <section>
        <h2>Patient’s values</h2>
        <p className="report-values">{values}</p>
      </section>
      <section>
        <h2>What moved the probability of “{p.classes[k]}” most</h2>
        {top.length > 0 ? (
          <ul>
            {top.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        ) : (
          <p>Open the explanation of this patient to include the top contributions.</p>
        )}
      </section>
      <section>
        <h2>How good is the model</h2>
        <p>{evaluation ? evaluation.summary : 'The model has not been evaluated.'}</p>
        {coverage && (
          <p>
            Prediction sets at {confidenceText(coverage.confidence)} contained the true outcome for{' '}
            {percent(coverage.coverage)} of patients in cross-validation.
          </p>
        )}
      </section>
      <section>
        <h2>Limitations</h2>
        <ul>
          <li>
            The model describes the cohort it learned from; patients unlike that cohort are less
            well predicted.
          </li>
          <li>
            Probabilities are estimates with uncertainty (standard errors above); they are not
            certainties about this patient.
          </li>
          <li>
            Contributions and what-ifs show what the model associates with the outlook, not causes.
          </li>
          <li>This report supports, and does not replace, a clinician’s judgement.</li>
        </ul>
      </section>
    </article>
  );

  return (
    <PrintControls
      identifier={identifier}
      onIdentifier={(v) => setIdentifiers((m) => ({ ...m, [patient.id]: v }))}
      clinician={clinician}
      onClinician={setClinician}
      page={report}
    />
  );
}
