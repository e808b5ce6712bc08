import { lazy, Suspense, useDeferredValue, useEffect, useId, useRef, useState } from 'react';
import type { OutcomeDescription } from '../../worker/api';
import { EvaluationOptions } from './EvaluationOptions';
import { checkRepeats, evaluationSettings, useEvaluationOptions } from './evaluationOptions';
import { positiveInForce, reportIsStale, reportPositive } from './positiveClass';
import { ErrorAlert } from '../app/Alert';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { useCancellableRun } from '../app/useCancellableRun';
import type { EvaluateEvent } from './evaluateSlice';
import { ModelCardButton } from '../report/ModelCardButton';
import { EvaluationProgressView } from './EvaluationProgressView';
import { VariantImportance } from '../variants/VariantImportance';
import './evaluate.css';

const EvaluationView = lazy(() =>
  import('./EvaluationView').then((m) => ({ default: m.EvaluationView })),
);

const MIN_FOLDS = 2;
const MAX_FOLDS = 20;

/** The number of folds as typed, or the message saying why it cannot be used. */
function checkFolds(text: string): { folds: number | null; error?: string } {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < MIN_FOLDS || n > MAX_FOLDS) {
    return { folds: null, error: `Use a whole number from ${MIN_FOLDS} to ${MAX_FOLDS}.` };
  }
  return { folds: n };
}

/** Step 3: how good the model is on patients it has not seen. Starts by itself after training. */
export function EvaluateStep() {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const model = useAppState((s) => s.train.model);
  const trainStatus = useAppState((s) => s.train.status);
  // Not the progress: a tick re-renders only EvaluationProgressView.
  const status = useAppState((s) => s.evaluate.status);
  const foldsText = useAppState((s) => s.evaluate.folds);
  const evError = useAppState((s) => s.evaluate.error);
  const storedReport = useAppState((s) => s.evaluate.report);
  // A new report is drawn in a transition (in slices), not in the task that stored it.
  const evReport = useDeferredValue(storedReport);
  const evModel = useAppState((s) => s.evaluate.modelTrainedAt);
  const outcome = useAppState((s) => s.outcome.summary) as OutcomeDescription | null;
  const chosenPositive = useEvaluationOptions().positiveClass;
  const run = useCancellableRun(
    'evaluate',
    (event: EvaluateEvent) => ({ type: 'evaluate/job', event }),
    (s) => s.evaluate.runId,
  );
  const foldsId = useId();
  const foldsHelpId = useId();
  const foldsErrorId = useId();
  const { folds, error: foldsError } = checkFolds(foldsText);
  const running = status === 'running';
  const repeatsInvalid = checkRepeats(useEvaluationOptions().repeats).repeats === null;

  async function start() {
    const state = store.getState();
    const m = state.train.model;
    const k = checkFolds(state.evaluate.folds).folds;
    if (!m || k === null) return;
    const settings = evaluationSettings(
      k,
      m.encoding.classes,
      state.outcome.summary as OutcomeDescription | null,
      state.load.table?.groupCandidates ?? [],
      state.evaluate.modelTrainedAt === m.trainedAt ? reportPositive(state.evaluate.report) : null,
    );
    await run.start({ modelTrainedAt: m.trainedAt }, (options) =>
      engine.evaluate(settings ?? k, options),
    );
  }
  const cancel = run.cancel;

  // Evaluate every newly trained model at once; a new training stops a running evaluation.
  const trainedAt = model?.trainedAt ?? null;
  const started = useRef<string | null>(null);
  useEffect(() => {
    if (trainStatus === 'running' && store.getState().evaluate.status === 'running') {
      cancel();
      return;
    }
    if (
      trainStatus === 'done' &&
      trainedAt !== null &&
      started.current !== trainedAt &&
      store.getState().evaluate.modelTrainedAt !== trainedAt
    ) {
      started.current = trainedAt;
      void start();
    }
    // start/cancel read everything they need from the store when called.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [trainStatus, trainedAt]);

  // The shown report against the Positive class in force: a changed class makes every figure stale until the
  // report is given again for it, at once from the kept out-of-fold predictions when the worker still has them.
  const shown = model && evModel === model.trainedAt ? storedReport : null;
  const inForce = model
    ? positiveInForce(model.encoding.classes, chosenPositive, outcome, reportPositive(shown))
    : null;
  const stale = !running && reportIsStale(shown, inForce);
  const reviseKey = stale && shown?.runKey && inForce ? `${shown.runKey}|${inForce}` : null;
  const [revision, setRevision] = useState<{ key: string; failed: string | null } | null>(null);
  useEffect(() => {
    if (!reviseKey || !shown?.runKey || !inForce || !model) return;
    let live = true;
    const trainedAt = model.trainedAt;
    engine.reportAs(shown.runKey, inForce).then(
      (revised) => {
        if (!live) return;
        if (revised)
          dispatch({ type: 'evaluate/revised', report: revised, modelTrainedAt: trainedAt });
        else setRevision({ key: reviseKey, failed: null });
      },
      (error: unknown) => live && setRevision({ key: reviseKey, failed: errorMessage(error) }),
    );
    return () => {
      live = false;
    };
    // reviseKey stands for the report, the class and the model.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [reviseKey, engine]);
  const revising = reviseKey !== null && revision?.key !== reviseKey;
  const staleFor = stale ? reportPositive(shown) : null;

  if (!model) {
    return (
      <p className="placeholder">
        Train a model in step 2 first. It is then tested here, automatically, on patients it has not
        seen.
      </p>
    );
  }
  const report = evModel === model.trainedAt ? evReport : null;

  return (
    <div className="evaluate-step">
      <div className="action-row evaluate-controls">
        <div className={`field field-folds${foldsError ? ' has-error' : ''}`}>
          <label htmlFor={foldsId}>Folds</label>
          <input
            id={foldsId}
            type="number"
            inputMode="numeric"
            min={MIN_FOLDS}
            max={MAX_FOLDS}
            step={1}
            value={foldsText}
            disabled={running}
            aria-invalid={foldsError ? true : undefined}
            aria-describedby={`${foldsError ? `${foldsErrorId} ` : ''}${foldsHelpId}`}
            onChange={(e) => dispatch({ type: 'evaluate/setFolds', value: e.target.value })}
          />
        </div>
        <EvaluationOptions
          classes={model.encoding.classes}
          disabled={running}
          reported={reportPositive(shown)}
        />
        {!running && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={folds === null || repeatsInvalid || trainStatus === 'running'}
            onClick={() => void start()}
          >
            {report ? 'Evaluate again' : 'Evaluate'}
          </button>
        )}
        <ModelCardButton />
      </div>
      {foldsError && (
        <p className="field-error" id={foldsErrorId}>
          {foldsError}
        </p>
      )}
      <p className="help" id={foldsHelpId}>
        Stratified k-fold cross-validation: the patients are split into this many groups with the
        same mix of outcomes; each group is predicted by a forest grown on the others, with the same
        settings. More folds take longer.
      </p>

      {running && <EvaluationProgressView oobScore={model.oobScore} onCancel={cancel} />}
      {status === 'cancelled' && (
        <p className="status-box" role="status">
          The evaluation was cancelled
          {report ? '; the figures below are from the previous one' : ''}. Press Evaluate to run it
          again.
        </p>
      )}
      {status === 'error' && evError && (
        <ErrorAlert title="The evaluation failed">
          {evError}
          <p className="alert-note">The model is still usable; you can try again.</p>
        </ErrorAlert>
      )}
      {staleFor !== null && inForce !== null && (
        <div className="alert alert-warn" role="status" aria-label="Evaluation out of date">
          <strong className="alert-title">
            {revising ? 'Recomputing the figures…' : 'These figures are out of date'}
          </strong>
          <p>
            Every figure below is about “{staleFor}”, but the positive class is now “{inForce}”.{' '}
            {revising
              ? 'They are being recomputed from the cross-validated predictions already made.'
              : `${revision?.failed ?? 'The cross-validated predictions they came from are no longer kept.'} Press Evaluate again to compute them for “${inForce}”.`}
          </p>
        </div>
      )}
      {report && (
        <Suspense fallback={<p className="muted">Drawing the evaluation…</p>}>
          <EvaluationView report={report} stale={staleFor !== null} />
        </Suspense>
      )}
      <VariantImportance />
    </div>
  );
}
