import { useId, useState } from 'react';
import type { PatientInput } from '../../worker/api';
import { PatientEffect } from '../predict/PatientEffect';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { IconArray } from '../predict/IconArray';
import { PatientForm } from '../predict/PatientForm';
import { checkForm, valuesFromInput } from '../predict/formValues';
import { SurvivalCurves } from './SurvivalCurves';
import { CompareValues } from './CompareValues';
import { SurvivalDrivers } from './SurvivalDrivers';
import { SurvivalWhatIf } from './SurvivalWhatIf';
import { SurvivalPatientReport } from './SurvivalPatientReport';
import { SurvivalBatch } from './SurvivalBatch';
import './survival.css';

const pct = (p: number) => `${Math.round(p * 100)} %`;

/** Predict step in time-to-event mode: the patient form, the horizon, the curve and the 100 icons. */
export function SurvivalPredict() {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const r = useAppState((s) => s.survival.report);
  const horizon = useAppState((s) => s.survival.horizon);
  const predicting = useAppState((s) => s.survival.predicting);
  const prediction = useAppState((s) => s.survival.prediction);
  const predictError = useAppState((s) => s.survival.predictError);
  const horizonId = useId();
  const horizonHelp = useId();
  // The patient last predicted, for the with/without-treatment view of the Which treatment step's estimate.
  const [asked, setAsked] = useState<{ id: number; input: PatientInput } | null>(null);

  if (!r) {
    return (
      <p className="placeholder">
        Train a survival model in step 2 first. The form for a new patient is built from the columns
        the model uses.
      </p>
    );
  }
  const report = r;
  const unit = report.choice.unit;
  const refused = report.horizons.filter((h) => h.refused !== null);
  // As the class mode warns on each prediction: the k-fold C-index did not beat chance.
  const chance = report.crossValidation?.chance;

  async function predict(at: string) {
    const { input, errors } = checkForm(report.features, store.getState().form);
    if (Object.keys(errors).length > 0) return;
    setAsked((a) => ({ id: (a?.id ?? 0) + 1, input }));
    dispatch({ type: 'survival/predicting' });
    try {
      const p = await engine.predictSurvival(input, Number(at.trim() === '' ? NaN : at));
      dispatch({ type: 'survival/predicted', prediction: p });
    } catch (error) {
      dispatch({ type: 'survival/predictFailed', error: errorMessage(error) });
    }
  }

  function setHorizon(value: string) {
    dispatch({ type: 'survival/setHorizon', horizon: value });
    if (store.getState().survival.prediction) void predict(value);
  }

  return (
    <div className="predict-step">
      <fieldset className="field">
        <legend>Horizon</legend>
        <div className="action-row">
          {report.horizons.map((h) => (
            <button
              key={h.label}
              type="button"
              className="btn"
              disabled={h.refused !== null || predicting}
              title={h.refused ?? undefined}
              aria-pressed={horizon === String(h.time)}
              onClick={() => setHorizon(String(h.time))}
            >
              {h.label}
            </button>
          ))}
        </div>
        <label htmlFor={horizonId}>Horizon ({unit})</label>
        <input
          id={horizonId}
          inputMode="decimal"
          value={horizon}
          aria-describedby={horizonHelp}
          onChange={(e) => dispatch({ type: 'survival/setHorizon', horizon: e.target.value })}
        />
        <p className="help" id={horizonHelp}>
          Any time up to the longest follow-up, {report.maxFollowUp} {unit}.
          {refused.length > 0 &&
            ` ${refused.map((h) => h.label).join(', ')} ${refused.length === 1 ? 'is' : 'are'} beyond it: the model cannot say what happens after it.`}
        </p>
      </fieldset>
      <PatientForm
        features={report.features}
        busy={predicting}
        onPredict={() => void predict(store.getState().survival.horizon)}
        onFillTypical={() =>
          dispatch({ type: 'form/fill', values: valuesFromInput(report.features, report.typical) })
        }
      />
      {predictError && (
        <div className="alert alert-error" role="alert">
          <strong className="alert-title">No prediction</strong> {predictError}
        </div>
      )}
      {prediction && (
        <section aria-label="Survival prediction" aria-busy={predicting}>
          {chance && !chance.beatsChance && chance.message && (
            <div className="alert alert-warn" role="note" aria-label="Model quality warning">
              <strong className="alert-title">This model did not beat chance</strong>
              <p>{chance.message}</p>
            </div>
          )}
          <h3 className="sub-title">At {prediction.horizonText}</h3>
          <p className="lead-figure">{prediction.words.sentences[0]}</p>
          <p>{prediction.intervalSentence}</p>
          {prediction.cohortSurvivalAt !== null && (
            <p>
              In the whole cohort (Kaplan–Meier): {pct(prediction.cohortSurvivalAt)} event-free at{' '}
              {prediction.horizonText}; this patient: {pct(prediction.survivalAt)}.
            </p>
          )}
          {prediction.notes.length > 0 && (
            <div className="alert alert-warn" role="group" aria-label="About this patient’s values">
              <ul>
                {prediction.notes.map((n, i) => (
                  <li key={i}>{n}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="survival-pair">
            <IconArray
              words={prediction.words}
              classes={prediction.outcomes}
              caption="100 patients like this one"
            />
            <SurvivalCurves
              label={
                prediction.cohortCurve
                  ? 'This patient’s survival curve and the cohort’s'
                  : 'This patient’s survival curve'
              }
              curves={[
                { key: 'patient', name: 'This patient', curve: prediction.curve },
                ...(prediction.band
                  ? [
                      {
                        key: 'lower',
                        name: 'This patient, 95 % band (lower)',
                        short: 'Lower 95 %',
                        curve: {
                          times: prediction.band.times,
                          probabilities: prediction.band.lower,
                        },
                        faint: true,
                      },
                      {
                        key: 'upper',
                        name: 'This patient, 95 % band (upper)',
                        short: 'Upper 95 %',
                        curve: {
                          times: prediction.band.times,
                          probabilities: prediction.band.upper,
                        },
                        faint: true,
                      },
                    ]
                  : []),
                ...(prediction.cohortCurve
                  ? [
                      {
                        key: 'cohort',
                        name: 'Cohort (Kaplan–Meier)',
                        curve: prediction.cohortCurve,
                      },
                    ]
                  : []),
              ]}
              maxTime={report.maxFollowUp}
              unit={unit}
              marker={prediction.horizon}
            />
          </div>
          {prediction.band && <p className="help">{prediction.band.method}</p>}
          {prediction.familiarity && (
            <p>
              <strong>How familiar:</strong> {prediction.familiarity.reason}
            </p>
          )}
          {prediction.drivers && (
            <SurvivalDrivers
              drivers={prediction.drivers}
              survivalAt={prediction.survivalAt}
              when={prediction.horizonText}
            />
          )}
        </section>
      )}
      {prediction && <SurvivalWhatIf report={report} prediction={prediction} />}
      {prediction && <CompareValues report={report} />}
      {prediction && asked && <PatientEffect patient={asked} />}
      {prediction && <SurvivalPatientReport report={report} prediction={prediction} />}
      <SurvivalBatch report={report} />
    </div>
  );
}
