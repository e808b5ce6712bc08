import { useEffect, useId, useRef } from 'react';
import type { EvaluationProgress, OutcomeDescription } from '../../worker/api';
import { EvaluationOptions } from './EvaluationOptions';
import { checkRepeats, evaluationSettings, useEvaluationOptions } from './evaluationOptions';
import { ErrorAlert } from '../app/Alert';
import { errorMessage, isAbort, useEngine } from '../app/engineContext';
import { percent } from '../app/format';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { throttleLatest } from '../app/throttle';
import { ModelCardButton } from '../report/ModelCardButton';
import { EvaluationView } from './EvaluationView';
import './evaluate.css';

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
  const ev = useAppState((s) => s.evaluate);
  const controller = useRef<AbortController | null>(null);
  const foldsId = useId();
  const foldsHelpId = useId();
  const foldsErrorId = useId();
  const { folds, error: foldsError } = checkFolds(ev.folds);
  const running = ev.status === 'running';
  const repeatsInvalid = checkRepeats(useEvaluationOptions().repeats).repeats === null;

  async function start() {
    const state = store.getState();
    const m = state.train.model;
    const k = checkFolds(state.evaluate.folds).folds;
    if (!m || k === null) return;
    controller.current?.abort();
    const ac = new AbortController();
    controller.current = ac;
    dispatch({ type: 'evaluate/started', modelTrainedAt: m.trainedAt });
    const runId = store.getState().evaluate.runId;
    const progress = throttleLatest((p: EvaluationProgress) => {
      if (!ac.signal.aborted) dispatch({ type: 'evaluate/progress', runId, progress: p });
    }, 100);
    const settings = evaluationSettings(
      k,
      m.encoding.classes,
      state.outcome.summary as OutcomeDescription | null,
      state.load.table?.groupCandidates ?? [],
    );
    try {
      const report = await engine.evaluate(settings ?? k, {
        signal: ac.signal,
        onProgress: progress.push,
      });
      progress.cancel();
      if (ac.signal.aborted) return;
      dispatch({ type: 'evaluate/succeeded', runId, report });
    } catch (error) {
      progress.cancel();
      if (isAbort(error, ac.signal)) return;
      dispatch({ type: 'evaluate/failed', runId, error: errorMessage(error) });
    } finally {
      if (controller.current === ac) controller.current = null;
    }
  }

  function cancel() {
    controller.current?.abort();
    controller.current = null;
    dispatch({ type: 'evaluate/cancelled' });
  }

  // Evaluate every newly trained model at once; a new training stops a running evaluation.
  const trainedAt = model?.trainedAt ?? null;
  const started = useRef<string | null>(null);
  useEffect(() => {
    if (trainStatus === 'training' && store.getState().evaluate.status === 'running') {
      cancel();
      return;
    }
    if (
      trainStatus === 'trained' &&
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

  if (!model) {
    return (
      <p className="placeholder">
        Train a model in step 2 first. It is then tested here, automatically, on patients it has not
        seen.
      </p>
    );
  }
  const report = ev.modelTrainedAt === model.trainedAt ? ev.report : null;

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
            value={ev.folds}
            disabled={running}
            aria-invalid={foldsError ? true : undefined}
            aria-describedby={`${foldsError ? `${foldsErrorId} ` : ''}${foldsHelpId}`}
            onChange={(e) => dispatch({ type: 'evaluate/setFolds', value: e.target.value })}
          />
        </div>
        <EvaluationOptions classes={model.encoding.classes} disabled={running} />
        {!running && (
          <button
            type="button"
            className="btn btn-primary"
            disabled={folds === null || repeatsInvalid || trainStatus === 'training'}
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

      {running && (
        <div className="progress-block">
          <label className="progress-label" htmlFor="evaluation-progress">
            Evaluation progress
          </label>
          <progress
            id="evaluation-progress"
            max={ev.progress?.treesTotal ?? 1}
            value={ev.progress?.treesDone ?? 0}
          />
          <div className="progress-foot">
            <p className="progress-text">
              {ev.progress
                ? `${ev.progress.foldsDone} of ${ev.progress.folds} folds scored · ${ev.progress.treesDone} of ${ev.progress.treesTotal} trees grown`
                : 'Preparing the folds…'}
            </p>
            <button type="button" className="btn btn-danger" onClick={cancel}>
              Cancel evaluation
            </button>
          </div>
          {model.oobScore !== null && (
            <p className="muted">
              At once, from the trees that did not see each patient (out-of-bag): accuracy{' '}
              {percent(model.oobScore)}. Cross-validation gives the full picture.
            </p>
          )}
        </div>
      )}
      {ev.status === 'cancelled' && (
        <p className="status-box" role="status">
          The evaluation was cancelled
          {report ? '; the figures below are from the previous one' : ''}. Press Evaluate to run it
          again.
        </p>
      )}
      {ev.status === 'error' && ev.error && (
        <ErrorAlert title="The evaluation failed">
          {ev.error}
          <p className="alert-note">The model is still usable; you can try again.</p>
        </ErrorAlert>
      )}
      {report && <EvaluationView report={report} />}
    </div>
  );
}
