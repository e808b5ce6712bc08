import { lazy, Suspense, useDeferredValue } from 'react';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { ErrorAlert } from '../app/Alert';
import { PatientForm } from './PatientForm';
import { PredictionResult } from './PredictionResult';
import { SessionPatients } from './SessionPatients';
import { PatientInsight } from './PatientInsight';
import { PatientEffect } from './PatientEffect';
import { BatchPredict } from './BatchPredict';
import { GenotypeFile } from './GenotypeFile';
import { checkForm, valuesFromInput } from './formValues';
import { nextTask } from '../app/revealQueue';
import './predict.css';
import { fieldOf, setField } from './fields';

const ComparePatients = lazy(() =>
  import('./ComparePatients').then((m) => ({ default: m.ComparePatients })),
);

export function PredictStep() {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  // A new model or prediction is drawn in a transition (in slices), not in the task that stored it.
  const model = useDeferredValue(useAppState((s) => s.train.model));
  const predict = useAppState((s) => s.predict);
  const busy = predict.status === 'predicting' || predict.status === 'filling';
  const deferredPatient = useDeferredValue(
    predict.patients.find((p) => p.id === predict.shownId) ?? null,
  );

  if (!model) {
    return (
      <p className="placeholder">
        Train a model in step 2 first. The form for a new patient is built from the columns the
        model uses.
      </p>
    );
  }
  // Ancestry components are computed from the patient's genotypes by the engine, never typed.
  const computed = new Set(model.ancestry?.features ?? []);
  const features =
    computed.size > 0
      ? model.encoding.features.filter((f) => !computed.has(f.name))
      : model.encoding.features;
  const shown = deferredPatient;

  async function runPredict() {
    if (!model) return;
    const values = store.getState().form;
    const { input, errors } = checkForm(features, values);
    if (Object.keys(errors).length > 0) return;
    const snapshot: Record<string, string> = {};
    for (const f of features) setField(snapshot, f.name, fieldOf(values, f.name) ?? '');
    dispatch({ type: 'predict/started' });
    try {
      // Copying a wide patient to the worker is its own task, apart from checking the form and drawing.
      await nextTask();
      const prediction = await engine.predict(input);
      await nextTask();
      dispatch({
        type: 'predict/succeeded',
        values: snapshot,
        input,
        prediction,
        modelTrainedAt: model.trainedAt,
      });
    } catch (error) {
      dispatch({ type: 'predict/failed', error: errorMessage(error) });
    }
  }

  async function fillTypical() {
    dispatch({ type: 'predict/filling' });
    try {
      const typical = await engine.typicalPatient();
      dispatch({ type: 'form/fill', values: valuesFromInput(features, typical) });
    } catch (error) {
      dispatch({ type: 'predict/failed', error: errorMessage(error) });
    }
  }

  return (
    <div className="predict-step">
      {model.ancestry && (
        <p className="help" role="note" aria-label="Ancestry components">
          {model.ancestry.features.join(', ')} are not typed: they are computed from this patient’s
          genotype fields, projected onto the training cohort’s ancestry components (
          {model.ancestry.variants.length.toLocaleString('en-US')} variants; a genotype left unknown
          counts as the cohort average, and with none at all they stay unknown).
        </p>
      )}
      {features.some((f) => f.kind === 'numeric' && f.genotype) && (
        <GenotypeFile features={features} busy={busy} />
      )}
      <div className="predict-layout">
        <PatientForm
          features={features}
          busy={busy}
          onPredict={() => void runPredict()}
          onFillTypical={() => void fillTypical()}
        />
        <div className="predict-output">
          {predict.status === 'predicting' && (
            <p className="muted" role="status">
              Predicting…
            </p>
          )}
          {predict.error && (
            <ErrorAlert
              title="The prediction could not be made"
              onDismiss={() => dispatch({ type: 'predict/dismissError' })}
            >
              {predict.error}
              <p className="alert-note">Everything you entered is still in the form.</p>
            </ErrorAlert>
          )}
          {shown ? (
            <PredictionResult patient={shown} currentModelTrainedAt={model.trainedAt} />
          ) : (
            predict.status !== 'predicting' && (
              <p className="placeholder">
                Fill in what you know and press Predict. Blank fields count as unknown.
              </p>
            )
          )}
        </div>
      </div>
      {shown && shown.modelTrainedAt === model.trainedAt && (
        <PatientInsight patient={shown} features={features} />
      )}
      {shown && shown.modelTrainedAt === model.trainedAt && <PatientEffect patient={shown} />}
      <SessionPatients />
      <Suspense fallback={null}>
        <ComparePatients />
      </Suspense>
      <BatchPredict />
    </div>
  );
}
