import { lazy, useDeferredValue, useEffect, useMemo } from 'react';
import type { SessionPatient } from '../app/store';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { ErrorAlert } from '../app/Alert';
import type { Feature } from './formValues';
import { baseKeyOf, changesKey, whatIfInput } from './whatIf';
import { WhatIf } from './WhatIf';
import { Deferred } from '../app/Deferred';
import { nextTask } from '../app/revealQueue';
import { fieldOf } from './fields';

const Explanation = lazy(() => import('./Explanation').then((m) => ({ default: m.Explanation })));
const DependencePlot = lazy(() =>
  import('./DependencePlot').then((m) => ({ default: m.DependencePlot })),
);

const NO_CHANGES: Record<string, string> = {};

/** Wait this long after the last change before asking the engine, and ask only for the latest. */
const DEBOUNCE_MS = 50;

interface Props {
  patient: SessionPatient;
  features: Feature[];
}

/**
 * Why the shown patient got this prediction, and what would change it: the what-if controls, the
 * TreeSHAP explanation and the dependence plot. All answers come from the engine; a newer request
 * makes older answers stale (see the request ids in the store).
 */
export function PatientInsight({ patient, features }: Props) {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const ex = useAppState((s) => s.explain);
  // Engine answers are drawn in a transition (in slices), not in the task that stored them.
  const deferredExplanation = useDeferredValue(ex.explanation);
  const deferredDependence = useDeferredValue(ex.dependence);
  const current = ex.patientId === patient.id;
  const changes = current ? ex.changes : NO_CHANGES;

  // A newly shown patient starts without changes, explaining its most likely outcome.
  useEffect(() => {
    if (store.getState().explain.patientId === patient.id) return;
    const best = patient.prediction.classes.indexOf(patient.prediction.predictedClass);
    dispatch({
      type: 'explain/reset',
      patientId: patient.id,
      classIndex: Math.max(0, best),
      feature: null,
    });
  }, [patient, store, dispatch]);

  const { input, errors, applied } = useMemo(
    () => whatIfInput(features, patient.input, changes),
    [features, patient.input, changes],
  );
  // The shown patient and the applied changes stand for the (20,000-field) input.
  const baseKey = baseKeyOf(patient.input);
  const inputKey = changesKey(baseKey, applied, null);
  const valid = Object.keys(errors).length === 0;

  useEffect(() => {
    if (!current || !valid) return;
    const timer = setTimeout(() => {
      dispatch({ type: 'explain/requested' });
      const requestId = store.getState().explain.requestId;
      // One copy of a wide patient to the worker per task, each apart from the rendering of the request.
      const predicted = nextTask().then(() =>
        engine.predict(input, { compareWith: patient.prediction.probabilities }),
      );
      const explained = nextTask()
        .then(nextTask)
        .then(() => engine.explain(input));
      // Drawn in a task of its own, apart from reading the 20,000 contributions from the message.
      Promise.all([predicted, explained, explained.then(nextTask)]).then(
        ([prediction, explanation]) =>
          dispatch({ type: 'explain/succeeded', requestId, prediction, explanation }),
        (error: unknown) =>
          dispatch({ type: 'explain/failed', requestId, error: errorMessage(error) }),
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // inputKey stands for input.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current, valid, inputKey, engine, store, dispatch]);

  // The feature of the what-if control and the dependence plot: chosen, else the top contributor.
  const explanation = current ? deferredExplanation : null;
  const top = useMemo(() => {
    let best: string | null = null;
    let size = -1;
    for (const c of explanation?.contributions ?? []) {
      const v = Math.abs(c.shap[ex.classIndex] ?? 0);
      if (v > size) [best, size] = [c.feature, v];
    }
    return best;
  }, [explanation, ex.classIndex]);
  const feature = ex.feature ?? top ?? features[0]?.name ?? null;

  const restKey = changesKey(baseKey, applied, feature);
  const dependenceKey = `${feature}\u0000${ex.classIndex}\u0000${restKey}`;
  useEffect(() => {
    if (!current || !valid || feature === null) return;
    const timer = setTimeout(() => {
      dispatch({ type: 'explain/dependenceRequested' });
      const dependenceId = store.getState().explain.dependenceId;
      void nextTask()
        .then(() => engine.dependence(input, feature, ex.classIndex))
        .then(async (dependence) => {
          await nextTask();
          return dependence;
        })
        .then(
          (dependence) =>
            dispatch({ type: 'explain/dependenceSucceeded', dependenceId, dependence }),
          (error: unknown) =>
            dispatch({
              type: 'explain/dependenceFailed',
              dependenceId,
              error: errorMessage(error),
            }),
        );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // dependenceKey stands for input (without the swept feature), feature and class.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [current, valid, dependenceKey, engine, store, dispatch]);

  if (!current) return null;
  const classes = patient.prediction.classes;
  const changed = Object.keys(changes).length > 0;

  return (
    <div className="insight">
      {ex.status === 'error' && ex.error && (
        <ErrorAlert title="The explanation could not be computed">{ex.error}</ErrorAlert>
      )}
      <WhatIf
        patient={patient}
        features={features}
        feature={feature}
        changes={changes}
        errors={errors}
        whatIf={ex.prediction}
        classIndex={ex.classIndex}
      />
      <div className="insight-grid">
        <Deferred minHeight={400}>
          <Explanation
            explanation={explanation}
            classIndex={ex.classIndex}
            classes={classes}
            withChanges={changed}
            loading={ex.status === 'loading' && explanation === null}
          />
        </Deferred>
        {feature !== null && (
          <Deferred minHeight={400}>
            <DependencePlot
              feature={features.find((f) => f.name === feature) ?? null}
              curve={
                deferredDependence && deferredDependence.feature === feature
                  ? deferredDependence
                  : null
              }
              error={ex.dependenceError}
              className={classes[ex.classIndex] ?? ''}
              value={fieldOf(input, feature)}
            />
          </Deferred>
        )}
      </div>
    </div>
  );
}
