import { useState } from 'react';
import type { SurvivalPatientPrediction, SurvivalReport } from '../../worker/api';
import { niceTicks } from '../app/lineChartAxes';
import { IconArray } from '../predict/IconArray';
import { isoDate, modelHashText } from '../report/reportFields';
import { valueAt } from './curveValue';
import { PrintControls, ReportWarnings } from '../report/PrintControls';
import '../report/print.css';

/** Contributions listed in the report. */
const TOP = 6;
/** Patient values listed before "and N more" (a genotype model has thousands). */
const VALUES = 40;

const pct = (p: number | null) => (p === null ? 'not followed' : `${Math.round(p * 100)} %`);

/**
 * "Print patient report" in time-to-event mode: one A4 page with the horizon sentence and its interval, the icons,
 * the patient's curve with its band and the cohort's as a table at round times, the warnings, the values as
 * predicted, the largest drivers at the horizon, how good the model is and its limitations. The class mode's
 * print-only container and styles (report/print.css).
 */
export function SurvivalPatientReport({
  report,
  prediction: p,
}: {
  report: SurvivalReport;
  prediction: SurvivalPatientPrediction;
}) {
  const [identifier, setIdentifier] = useState('');
  const [clinician, setClinician] = useState('');
  const unit = p.unit;
  const when = p.horizonText;
  const times = [...new Set([...niceTicks(0, report.maxFollowUp), p.horizon])]
    .filter((t) => t <= report.maxFollowUp)
    .sort((a, b) => a - b);
  const band = p.band;
  const lower = band ? { times: band.times, probabilities: band.lower } : null;
  const upper = band ? { times: band.times, probabilities: band.upper } : null;
  const top = (p.drivers?.contributions ?? []).filter((c) => c.shap !== 0).slice(0, TOP);
  // In the form's order, not by size: the values as predicted (each driver carries its value as entered).
  const byName = new Map((p.drivers?.contributions ?? []).map((c) => [c.feature, c.value]));
  const values = report.features
    .filter((f) => byName.has(f.name))
    .map((f) => ({ feature: f.name, value: byName.get(f.name) ?? 'unknown' }));
  const figures = report.crossValidation ?? report.outOfBag;
  const warnings = [...p.notes, ...(band ? [] : [p.bandReason])].filter((w) => w !== '');

  const field = (term: string, value: string) => (
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

  const page = (
    <article className="patient-report" aria-label="Patient report">
      <header>
        <h1>GenoForest survival report</h1>
        <dl className="report-fields">
          {field('Patient identifier', identifier)}
          {field('Clinician', clinician)}
          {field('Printed', isoDate(new Date()))}
          {field(
            'Model',
            `${report.openedFrom ? `opened from ${report.openedFrom}; ` : ''}survival forest of ${report.nTrees} trees on ${report.rows} patients (${report.events} events)`,
          )}
          {field(
            'Outcome',
            `time to “${report.choice.event}” = “${report.choice.eventValue}”, in ${unit} (“${report.choice.time}”)`,
          )}
          {field('Model hash', modelHashText(report))}
        </dl>
      </header>
      <section>
        <h2>Outlook at {when}</h2>
        <div className="report-outlook">
          <div>
            <p>
              <strong>{p.words.sentences[0]}</strong>
            </p>
            <p>{p.intervalSentence}</p>
            {p.cohortSurvivalAt !== null && (
              <p>
                Whole cohort (Kaplan–Meier): {pct(p.cohortSurvivalAt)} event-free at {when}.
              </p>
            )}
            <table className="report-table">
              <caption>Share event-free over time</caption>
              <thead>
                <tr>
                  <th scope="col">Time ({unit})</th>
                  <th scope="col">This patient</th>
                  {band && <th scope="col">95 % band</th>}
                  {p.cohortCurve && <th scope="col">Cohort</th>}
                </tr>
              </thead>
              <tbody>
                {times.map((t) => (
                  <tr key={t}>
                    <th scope="row">{t}</th>
                    <td>{pct(valueAt(p.curve, t))}</td>
                    {lower && upper && (
                      <td>
                        {pct(valueAt(lower, t))} to {pct(valueAt(upper, t))}
                      </td>
                    )}
                    {p.cohortCurve && <td>{pct(valueAt(p.cohortCurve, t))}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <IconArray words={p.words} classes={p.outcomes} caption="100 patients like this one" />
        </div>
      </section>
      <ReportWarnings warnings={warnings} />
      <section>
        <h2>Patient’s values</h2>
        <p className="report-values">
          {values
            .slice(0, VALUES)
            .map((c) => `${c.feature}: ${c.value}`)
            .join('; ')}
          {values.length > VALUES && `; and ${values.length - VALUES} more`}
        </p>
      </section>
      <section>
        <h2>What raised or lowered the risk by {when} most</h2>
        {top.length > 0 ? (
          <ul>
            {top.map((c) => (
              <li key={c.feature}>
                {c.feature} = {c.value}: {c.shap > 0 ? 'raises' : 'lowers'} the risk (event-free
                share ×{c.factor.toFixed(2)})
              </li>
            ))}
          </ul>
        ) : (
          <p>No feature moved this patient’s outlook.</p>
        )}
      </section>
      <section>
        <h2>How good is the model</h2>
        <p>
          {figures
            ? `Harrell’s C ${figures.cindex.toFixed(3)} (95 % interval ${figures.cindexInterval[0].toFixed(3)} to ${figures.cindexInterval[1].toFixed(3)}), integrated Brier score ${figures.integratedBrier.toFixed(3)}, ${report.crossValidation ? `${report.crossValidation.folds}-fold cross-validation` : 'out of bag'}.`
            : 'Not evaluated here (opened from a file): train it again on its cohort for Harrell’s C.'}
        </p>
      </section>
      <section>
        <h2>Limitations</h2>
        <ul>
          <li>
            The model describes the cohort it learned from and cannot say what happens after its
            longest follow-up ({report.maxFollowUp} {unit}); patients unlike that cohort are less
            well predicted.
          </li>
          <li>
            The band shows how much the curve would move with another cohort, not the model’s bias;
            these are estimates, not certainties about this patient.
          </li>
          <li>Contributions and comparisons show associations in this cohort, not causes.</li>
          <li>This report supports, and does not replace, a clinician’s judgement.</li>
        </ul>
      </section>
    </article>
  );

  return (
    <PrintControls
      identifier={identifier}
      onIdentifier={setIdentifier}
      clinician={clinician}
      onClinician={setClinician}
      page={page}
    />
  );
}
