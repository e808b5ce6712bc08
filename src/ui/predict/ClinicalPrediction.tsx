import { useId } from 'react';
import type { SessionPatient } from '../app/store';
import { spreadText } from './familiarity';
import { confidenceText } from '../app/format';
import { IconArray } from './IconArray';
import { PredictionSet } from './PredictionSet';
import { IconDifferenceList, RiskSentence } from './RiskSentence';
import { Counterfactual } from './Counterfactual';
import { PatientReport } from '../report/PatientReport';
import type { ClinicalView } from './useClinicalView';
import './clinical.css';

const LEVELS = [0.8, 0.9, 0.95];

/**
 * The headline of a prediction as clinicians read it: the model's standing (amber when it did not beat
 * chance), the prediction set at the chosen Confidence, natural frequencies with a 100-person icon array,
 * the difference from the cohort, what would change the outlook, and the printable report.
 */
export function ClinicalPrediction({
  view,
  patient,
}: {
  view: ClinicalView;
  patient: SessionPatient;
}) {
  const selectId = useId();
  const p = view.prediction;
  const chance = view.evaluation?.chance;
  const fitName = view.recalibration === 'platt' ? 'Platt scaling' : 'isotonic regression';
  return (
    <div className="clinical">
      {chance && !chance.beatsChance && (
        <div className="alert alert-warn" role="note" aria-label="Model quality warning">
          <strong className="alert-title">This model did not beat chance</strong>
          <p>{chance.message}</p>
        </div>
      )}
      {!view.evaluation && (
        <p className="muted">
          This model has not been evaluated yet: the Evaluate step tells how far its predictions can
          be trusted.
        </p>
      )}
      {p.recalibrated && (
        <p className="status-box">
          Probabilities recalibrated ({fitName}, fitted on cross-validated predictions).
        </p>
      )}
      <div className="field clinical-confidence">
        <label htmlFor={selectId}>Confidence</label>
        <select
          id={selectId}
          value={String(view.confidence)}
          disabled={!view.current}
          onChange={(e) => view.setConfidence(Number(e.target.value))}
        >
          {LEVELS.map((c) => (
            <option key={c} value={String(c)}>
              {confidenceText(c)}
            </option>
          ))}
        </select>
        {view.updating && (
          <span className="muted" role="status">
            Updating…
          </span>
        )}
      </div>
      {view.error && <p className="alert alert-error">{view.error}</p>}
      <PredictionSet prediction={p} />
      {p.words && (
        <div className="clinical-words">
          <RiskSentence words={p.words} />
          <IconArray words={p.words} classes={p.classes} caption="100 patients like this one" />
          <h4 className="sub-title sub-title-small">Compared with the cohort overall</h4>
          <IconDifferenceList
            items={p.words.vsCohort}
            label="This patient compared with the cohort overall"
          />
        </div>
      )}
      <details className="chart-details">
        <summary>Trees’ spread (secondary detail)</summary>
        <p className="help">
          The mean of the individual trees’ probabilities ± one standard deviation of them. Fully
          grown trees mostly answer 0 or 1, so this range is usually wide whatever the patient; the
          standard error above is the better guide.
        </p>
        <ul>
          {p.classes.map((c, i) => (
            <li key={c}>
              {c}: {spreadText(p.intervals[i])}
            </li>
          ))}
        </ul>
      </details>
      {view.current && <Counterfactual patient={patient} prediction={p} />}
      <PatientReport patient={patient} view={view} />
    </div>
  );
}
