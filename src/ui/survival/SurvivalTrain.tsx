import { useCallback, useId, useRef, useState } from 'react';
import { useTuningBudgetWords } from '../app/useTuningBudgetWords';
import { TuningBudget } from '../app/TuningBudget';
import type { TrainProgress } from '../../worker/api';
import { TextField } from '../app/Field';
import { errorMessage, useEngine } from '../app/engineContext';
import { formatCount } from '../app/format';
import { throttleLatest } from '../app/throttle';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import type { SurvivalState } from './survivalSlice';
import { SurvivalModelFile } from './SurvivalModelFile';
import { SurvivalTuningSummary } from './SurvivalTuningSummary';
import { initialSurvival } from './survivalSlice';
import './survival.css';

/** A whole number typed in a field, or the reason it cannot be used. */
function whole(text: string, min: number, max: number, what: string): number | string {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return `${what} must be a whole number.`;
  const n = Number(t);
  if (n < min || n > max) return `${what} must be between ${min} and ${max}.`;
  return n;
}

/** The two ways of choosing the survival forest's settings, as the radio group offers them. */
const MODES: { value: SurvivalState['settingsMode']; label: string; help: string }[] = [
  {
    value: 'tuned',
    label: 'tuned on out-of-bag patients',
    help: `Tries several minimum patients per leaf (${initialSurvival.minLeaf}, the survival default, first; then 3, 5, 10, 20, 40 and 80 where at most a tenth of the patients) on small forests with the same seed, scores each by Harrell’s C on the patients its trees did not see, and keeps the default unless another is clearly better.`,
  },
  {
    value: 'custom',
    label: 'custom',
    help: 'Set the minimum patients per leaf yourself.',
  },
];

/** What blocks training, in words, or null. */
function blocker(sv: SurvivalState, loaded: boolean): string | null {
  if (!loaded) return 'Load a table first.';
  if (!sv.time || !sv.event) return 'Choose the time and event columns in step 1.';
  if (!sv.eventValue) return 'Choose which value of the event column means the event, in step 1.';
  if (sv.summary && sv.summary.errors.length > 0) return sv.summary.errors[0];
  return null;
}

/** Train step in time-to-event mode: the survival forest's settings and the Train button. */
export function SurvivalTrain() {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const sv = useAppState((s) => s.survival);
  const loaded = useAppState((s) => s.load.table !== null);
  const trees = whole(sv.trees, 10, 5000, 'The number of trees');
  const tuned = sv.settingsMode === 'tuned';
  // Tuning starts from the survival default and chooses the leaf itself: the field is custom's only.
  const minLeaf = whole(
    tuned ? initialSurvival.minLeaf : sv.minLeaf,
    1,
    100000,
    'The minimum patients per leaf',
  );
  const modeName = useId();
  const modeHelp = useId();
  const mode = MODES.find((m) => m.value === sv.settingsMode) ?? MODES[1];
  const seed = whole(sv.seed, 0, 2 ** 31 - 1, 'The seed');
  const block = blocker(sv, loaded);
  const r = sv.report;
  const [progress, setProgress] = useState<TrainProgress | null>(null);
  const controller = useRef<AbortController | null>(null);
  // The trees tuning grows on this cohort, worked out by the data worker from the search's own plan.
  const patients = sv.summary && sv.summary.errors.length === 0 ? sv.summary.rows : null;
  const budgetRequest =
    tuned && patients !== null && typeof trees === 'number' ? `${patients}:${trees}` : null;
  const askBudget = useCallback(
    (request: string) => {
      const [n, t] = request.split(':').map(Number);
      return engine.survivalTuningBudget(n, t, Number(initialSurvival.minLeaf));
    },
    [engine],
  );
  const budgetWords = useTuningBudgetWords(budgetRequest, askBudget);

  async function train() {
    const s = store.getState().survival;
    if (typeof trees !== 'number' || typeof minLeaf !== 'number' || typeof seed !== 'number')
      return;
    if (!s.time || !s.event || !s.eventValue) return;
    dispatch({ type: 'survival/training' });
    const abort = new AbortController();
    controller.current = abort;
    setProgress(null);
    // A tick per tree re-rendered and repainted the step hundreds of times: at most every 100 ms, as evaluation's.
    const progress = throttleLatest((p: TrainProgress) => {
      if (!abort.signal.aborted) setProgress(p);
    }, 100);
    try {
      const report = await engine.trainSurvival(
        {
          time: s.time,
          event: s.event,
          eventValue: s.eventValue,
          unit: s.unit,
          columns: Object.values(store.getState().load.choices),
        },
        { nEstimators: trees, minSamplesLeaf: minLeaf, randomState: seed, tune: tuned },
        { signal: abort.signal, onProgress: progress.push },
      );
      dispatch({ type: 'survival/trained', report });
    } catch (error) {
      dispatch({
        type: 'survival/trainFailed',
        error: abort.signal.aborted
          ? 'Training was cancelled; the previous survival model, if any, is kept.'
          : errorMessage(error),
      });
    } finally {
      progress.cancel();
      controller.current = null;
    }
  }

  return (
    <div className="train-step">
      <p className="help">
        A random survival forest: each tree splits patients where their survival differs most
        (log-rank), and each leaf keeps its patients’ cumulative hazard over time.
      </p>
      <fieldset className="settings-mode" aria-describedby={modeHelp} disabled={sv.training}>
        <legend>How the settings are chosen</legend>
        {MODES.map((m) => (
          <label key={m.value} className="check">
            <input
              type="radio"
              name={modeName}
              value={m.value}
              checked={sv.settingsMode === m.value}
              onChange={() => dispatch({ type: 'survival/setSettingsMode', mode: m.value })}
            />{' '}
            {m.label}
          </label>
        ))}
        <p className="help" id={modeHelp}>
          {mode.help}
          {tuned && <TuningBudget budget={budgetWords} />}
        </p>
      </fieldset>
      <div className="settings-grid">
        <TextField
          label="Number of trees"
          value={sv.trees}
          onChange={(v) => dispatch({ type: 'survival/setting', name: 'trees', value: v })}
          inputMode="numeric"
          error={typeof trees === 'string' ? trees : undefined}
          help="More trees give steadier curves but take longer."
        />
        {!tuned && (
          <TextField
            label="Minimum patients per leaf"
            value={sv.minLeaf}
            onChange={(v) => dispatch({ type: 'survival/setting', name: 'minLeaf', value: v })}
            inputMode="numeric"
            error={typeof minLeaf === 'string' ? minLeaf : undefined}
            help="15 is the survival default: a leaf needs enough patients to estimate a curve."
          />
        )}
        <TextField
          label="Seed"
          value={sv.seed}
          onChange={(v) => dispatch({ type: 'survival/setting', name: 'seed', value: v })}
          inputMode="numeric"
          error={typeof seed === 'string' ? seed : undefined}
          help="The same seed gives the same forest."
        />
      </div>
      <div className="action-row">
        <button
          type="button"
          className="btn btn-primary btn-large"
          disabled={
            block !== null ||
            sv.training ||
            typeof trees === 'string' ||
            typeof minLeaf === 'string' ||
            typeof seed === 'string'
          }
          onClick={() => void train()}
        >
          {r ? 'Train survival model again' : 'Train survival model'}
        </button>
        {block && <p className="muted">{block}</p>}
        {sv.training && (
          <>
            <p className="muted" role="status">
              {progress?.stage === 'tuning'
                ? `Tuning the leaf size on out-of-bag patients: ${progress.treesDone} of ${progress.treesTotal} trees…`
                : progress && progress.treesDone < progress.treesTotal
                  ? `Growing trees: ${progress.treesDone} of ${progress.treesTotal}…`
                  : 'Training the survival forest and checking it on held-out patients…'}
            </p>
            <button type="button" className="btn" onClick={() => controller.current?.abort()}>
              Cancel
            </button>
          </>
        )}
      </div>
      {sv.trainError && (
        <div className="alert alert-error" role="alert">
          <strong className="alert-title">The survival model could not be trained</strong>{' '}
          {sv.trainError}
        </div>
      )}
      {r && (
        <section aria-label="Survival model">
          <h3 className="sub-title">Survival model</h3>
          <p>
            {formatCount(r.nTrees)} trees on {formatCount(r.rows)} patients ({formatCount(r.events)}{' '}
            with the event “{r.choice.eventValue}”), leaves of at least {r.minSamplesLeaf},{' '}
            {r.openedFrom
              ? `opened from ${r.openedFrom}`
              : `trained in ${r.fitSeconds < 0.1 ? 'under 0.1' : r.fitSeconds.toFixed(1)} s${r.tuning ? ', tuning included' : ''}`}
            . Longest follow-up {r.maxFollowUp} {r.choice.unit}.
          </p>
          {r.tuning && <SurvivalTuningSummary tuning={r.tuning} trees={r.nTrees} />}
          <p className="muted">
            Most used columns:{' '}
            {r.importances
              .slice(0, 5)
              .map((f) => f.feature)
              .join(', ')}
            .
          </p>
        </section>
      )}
      <SurvivalModelFile />
    </div>
  );
}
