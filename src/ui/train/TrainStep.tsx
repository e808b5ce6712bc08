import { useCallback } from 'react';
import { useEngine } from '../app/engineContext';
import { useTuningBudgetWords } from '../app/useTuningBudgetWords';
import { useAppState, useStoreInstance } from '../app/storeContext';
import { useCancellableRun } from '../app/useCancellableRun';
import { ErrorAlert } from '../app/Alert';
import { checkSettings } from './settings';
import { TrainSettings } from './TrainSettings';
import { TallCohortNote } from './TallCohortNote';
import { TrainProgressView } from './TrainProgressView';
import { ModelSummary } from './ModelSummary';
import type { TrainEvent } from './trainSlice';
import { GeneticsNote, GeneticsPanel } from '../genetics/GeneticsPanel';
import { GroupColumnField } from '../evaluate/GroupColumnField';
import { useGroupCandidates } from '../evaluate/groupCandidates';
import { getEvaluationOptions } from '../evaluate/evaluationOptions';
import { geneticsFromKey, geneticsSetupKey, trainingBlocked } from '../genetics/geneticsSlice';
import './train.css';

export function TrainStep() {
  const engine = useEngine();
  const store = useStoreInstance();
  const table = useAppState((s) => s.load.table);
  const target = useAppState((s) => s.load.target);
  const outcome = useAppState((s) => s.outcome);
  const settings = useAppState((s) => s.settings);
  const train = useAppState((s) => s.train);
  const geneticsWrong = useAppState((s) => trainingBlocked(s.genetics.draft));
  const run = useCancellableRun(
    'train',
    (event: TrainEvent) => ({ type: 'train/job', event }),
    (s) => s.train.runId,
  );

  const nFeatures = outcome.summary?.nFeatures ?? null;
  const { errors, params, tune } = checkSettings(settings, nFeatures);
  const training = train.status === 'running';
  const choices = useAppState((s) => s.load.choices);
  const geneticsKey = useAppState((s) => geneticsSetupKey(s.genetics.draft));
  const groupCandidates = useGroupCandidates();

  // What tuning will grow, worked out by the data worker for this cohort and the trees as typed (the UI only shows
  // it): the request as a string, so that it is asked again only when something in it changes.
  const budgetRequest =
    tune &&
    params &&
    target &&
    outcome.status === 'ready' &&
    outcome.summary?.errors.length === 0 &&
    !geneticsWrong
      ? JSON.stringify({
          setup: { target, columns: Object.values(choices), ...geneticsFromKey(geneticsKey) },
          params,
        })
      : null;
  const askBudget = useCallback(
    (request: string) => {
      const { setup, params: asked } = JSON.parse(request) as {
        setup: Parameters<typeof engine.tuningBudget>[0];
        params: Parameters<typeof engine.tuningBudget>[1];
      };
      return engine.tuningBudget(setup, asked).then((b) => b.words);
    },
    [engine],
  );
  const budgetWords = useTuningBudgetWords(budgetRequest, askBudget);

  let blocker: string | null = null;
  if (!table) blocker = 'Load a table in step 1 first.';
  else if (!target) blocker = 'Choose the outcome column in step 1 first.';
  else if (outcome.status === 'checking' || outcome.status === 'idle')
    blocker = 'Checking the outcome column…';
  else if (outcome.status === 'error')
    blocker = 'The outcome column could not be checked (see step 1).';
  else if (outcome.summary && outcome.summary.errors.length > 0)
    blocker = 'Fix the outcome problems shown in step 1 first.';
  else if (!params) blocker = 'Correct the settings marked above.';
  else if (geneticsWrong) blocker = 'Correct the variant QC or ancestry fields marked above.';

  async function start() {
    const { table: t, target: tgt, choices } = store.getState().load;
    if (!t || !tgt || !params) return;
    const genetics = geneticsFromKey(geneticsSetupKey(store.getState().genetics.draft));
    // The Evaluate step's Group column (one choice for both): tuning keeps its groups together too.
    const group = getEvaluationOptions().groupColumn;
    await run.start({ treesTotal: params.nEstimators, tune }, async (options) => ({
      model: await engine.train(
        { target: tgt, columns: Object.values(choices), ...genetics },
        params,
        {
          ...options,
          tune,
          groupColumn: tune && groupCandidates.includes(group) ? group : null,
        },
      ),
      source: { fileName: t.fileName, target: tgt },
    }));
  }

  return (
    <div className="train-step">
      <GeneticsPanel disabled={training} />
      <TrainSettings errors={errors} disabled={training} tuningBudget={budgetWords} />
      {tune && groupCandidates.length > 0 && (
        <div className="train-group">
          <GroupColumnField
            candidates={groupCandidates}
            disabled={training}
            describedBy="train-group-help"
          />
          <p className="help" id="train-group-help">
            Related patients (a family, a patient’s repeated records): tuning then scores each
            patient only by trees that drew nobody of their group, and cross-validation keeps each
            group in one fold.
          </p>
        </div>
      )}
      {!training && outcome.summary && (
        <TallCohortNote
          patients={outcome.summary.rowsUsed}
          nClasses={outcome.summary.classes.length}
        />
      )}

      <div className="action-row">
        {!training && (
          <button
            type="button"
            className="btn btn-primary btn-large"
            disabled={blocker !== null}
            aria-describedby={blocker ? 'train-blocker' : undefined}
            onClick={() => void start()}
          >
            {train.model ? 'Train model again' : 'Train model'}
          </button>
        )}
        {!training && blocker && (
          <p className="muted" id="train-blocker">
            {blocker}
          </p>
        )}
        {!training && !blocker && outcome.summary && (
          <p className="muted">
            {outcome.summary.rowsUsed.toLocaleString('en-US')} patients ×{' '}
            {outcome.summary.nFeatures.toLocaleString('en-US')} features, predicting “
            {outcome.summary.target}”.
          </p>
        )}
      </div>

      {training && <TrainProgressView onCancel={run.cancel} />}

      {train.status === 'cancelled' && (
        <p className="status-box" role="status">
          Training was cancelled. Your data, outcome choice and settings are kept
          {train.model ? ', and the previous model is still in use' : ''}.
        </p>
      )}
      {train.status === 'error' && train.error && (
        <ErrorAlert title="Training failed">
          {train.error}
          <p className="alert-note">
            Your data and settings are kept
            {train.model ? ', and the previous model is still in use' : ''}. You can change
            something and train again.
          </p>
        </ErrorAlert>
      )}

      {train.model && <ModelSummary model={train.model} source={train.modelSource} />}
      {train.model && <GeneticsNote model={train.model} />}
    </div>
  );
}
