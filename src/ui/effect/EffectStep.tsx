/**
 * "Which treatment": the user names the treatment column, which of its two values is the treatment, the outcome the
 * effect is about and whether the data come from a randomised trial; the causal forest runs in its own worker with
 * progress and Cancel, and the averages, overlap and calibration are shown with the assumptions they rest on.
 */
import { useState } from 'react';
import type { EffectProgress, TableSummary } from '../../worker/api';

type ColumnSchema = TableSummary['schema']['columns'][number];
import { useEngine } from '../app/engineContext';
import { useAppState, useStoreInstance } from '../app/storeContext';
import { useCancellableRun } from '../app/useCancellableRun';
import { useJobProgress } from '../app/progressStore';
import { ErrorAlert } from '../app/Alert';
import { ProgressBlock } from '../app/ProgressBlock';
import { SelectField } from '../app/Field';
import { usePositiveClass } from '../evaluate/evaluationOptions';
import { shortName } from '../load/shortName';
import { EffectResult } from './EffectResult';
import { effectIsCurrent } from './effectCurrent';
import type { EffectEvent } from './effectSlice';
import './effect.css';

/** Values named like the treated arm, so the usual coding is chosen for the user (who can change it). */
const TREATED_WORDS = ['1', 'yes', 'y', 'true', 'treated', 'treatment', 'exposed', 'on'];

/** The two values of a column with exactly two, as they are written in the file; null otherwise. */
function twoValues(c: ColumnSchema): [string, string] | null {
  if (c.distinct !== 2) return null;
  if (c.levels && c.levels.length === 2) {
    const v = c.levels.map((l) => l.value).sort();
    return [v[0], v[1]];
  }
  // A numeric column of two numbers: the use case matches them however they are written.
  if (c.min !== undefined && c.max !== undefined && c.min !== c.max)
    return [String(c.min), String(c.max)];
  return null;
}

const STAGE_WORDS: Record<EffectProgress['stage'], string> = {
  outcome: 'Fitting the outcome model',
  propensity: 'Fitting the propensity model (who was treated)',
  effect: 'Growing the effect forest',
  rate: 'Ranking held-out patients (RATE)',
};

function EffectProgressView({ onCancel }: { onCancel: () => void }) {
  const p = useJobProgress('effect');
  return (
    <ProgressBlock
      id="effect-progress"
      label="Estimating the effect of treatment"
      max={p?.treesTotal}
      value={p?.treesDone}
      text={p ? `${STAGE_WORDS[p.stage]}: ${p.treesDone} of ${p.treesTotal} trees` : 'Starting…'}
      cancelLabel="Cancel estimate"
      onCancel={onCancel}
    />
  );
}

export function EffectStep() {
  const engine = useEngine();
  const store = useStoreInstance();
  const table = useAppState((s) => s.load.table);
  const target = useAppState((s) => s.load.target);
  const outcome = useAppState((s) => s.outcome);
  const effect = useAppState((s) => s.effect);
  const classes = outcome.summary?.classes ?? [];
  const defaultPositive = usePositiveClass(classes);
  const [treatment, setTreatment] = useState('');
  const [treatedChoice, setTreatedChoice] = useState('');
  const [positiveChoice, setPositiveChoice] = useState('');
  const [randomised, setRandomised] = useState(false);
  const run = useCancellableRun(
    'effect',
    (event: EffectEvent) => ({ type: 'effect/job', event }),
    (s) => s.effect.runId,
  );

  if (!table || !target) {
    return <p className="placeholder">Load a table and choose its outcome in step 1 first.</p>;
  }
  const candidates = table.schema.columns.filter((c) => c.name !== target && twoValues(c) !== null);
  const column = candidates.find((c) => c.name === treatment) ?? null;
  const values = column ? twoValues(column) : null;
  const named = values ? values.filter((v) => TREATED_WORDS.includes(v.toLowerCase())) : [];
  const treated =
    values && values.includes(treatedChoice) ? treatedChoice : named.length === 1 ? named[0] : '';
  const comparison = values && treated ? (values[0] === treated ? values[1] : values[0]) : '';
  const positive = classes.includes(positiveChoice) ? positiveChoice : (defaultPositive ?? '');
  const running = effect.status === 'running';

  let blocker: string | null = null;
  if (classes.length !== 2)
    blocker =
      outcome.status === 'ready'
        ? `Effects are on a two-class outcome; “${shortName(target)}” has ${classes.length} classes.`
        : 'Checking the outcome column…';
  else if (candidates.length === 0)
    blocker =
      'No column has exactly two values: a treatment column needs a treated and a comparison arm.';
  else if (!column) blocker = 'Choose the treatment column.';
  else if (!treated) blocker = 'Choose which value means treated.';

  async function start() {
    const state = store.getState();
    const t = state.load.table;
    const tgt = state.load.target;
    if (!t || !tgt || blocker) return;
    const source = { fileName: t.fileName, rowCount: t.rowCount };
    await run.start(null, async (options) => ({
      report: await engine.estimateEffects(
        {
          target: tgt,
          treatment,
          treatedValue: treated,
          positive,
          randomised,
          columns: Object.values(state.load.choices),
        },
        options,
      ),
      source,
    }));
  }

  const current = effectIsCurrent(effect, table);
  return (
    <div className="effect-step">
      <form
        className="effect-form"
        onSubmit={(e) => {
          e.preventDefault();
          void start();
        }}
      >
        <SelectField
          label="Treatment column"
          value={column ? treatment : ''}
          onChange={(v) => {
            setTreatment(v);
            setTreatedChoice('');
          }}
          disabled={running}
          options={[
            { value: '', label: 'Choose a column with two values' },
            ...candidates.map((c) => ({ value: c.name, label: shortName(c.name) })),
          ]}
          help="The column saying which arm each patient was in. It is never used as a feature of the effect."
        />
        {values && (
          <SelectField
            label="Treated value"
            value={treated}
            onChange={setTreatedChoice}
            disabled={running}
            options={[
              ...(treated ? [] : [{ value: '', label: 'Choose which value means treated' }]),
              ...values.map((v) => ({ value: v, label: v })),
            ]}
            help={
              comparison
                ? `Patients with “${comparison}” are the comparison arm.`
                : 'The other value is the comparison arm.'
            }
          />
        )}
        {classes.length === 2 && (
          <SelectField
            label="Outcome the effect is about"
            value={positive}
            onChange={setPositiveChoice}
            disabled={running}
            options={classes.map((c) => ({ value: c, label: c }))}
            help="Effects are changes in the chance of this outcome, treated minus comparison. By default the positive class of the evaluation."
          />
        )}
        <div className="field effect-switch">
          <label>
            <input
              type="checkbox"
              role="switch"
              checked={randomised}
              disabled={running}
              aria-describedby="effect-randomised-help"
              onChange={(e) => setRandomised(e.target.checked)}
            />{' '}
            Randomised trial
          </label>
          <p className="help" id="effect-randomised-help">
            Every patient had the same, known chance of treatment by design: no propensity model is
            fitted, the share treated is used instead. Leave off for observational data.
          </p>
        </div>
        {!running && (
          <div className="action-row">
            <button
              type="submit"
              className="btn btn-primary"
              disabled={blocker !== null}
              aria-describedby={blocker ? 'effect-blocker' : undefined}
            >
              Estimate the effect
            </button>
            {blocker && (
              <p className="muted" id="effect-blocker">
                {blocker}
              </p>
            )}
          </div>
        )}
      </form>
      {running && <EffectProgressView onCancel={run.cancel} />}
      {effect.status === 'error' && effect.error && (
        <ErrorAlert title="The effect could not be estimated">{effect.error}</ErrorAlert>
      )}
      {effect.status === 'cancelled' && (
        <p className="muted" role="status">
          The estimate was cancelled.
        </p>
      )}
      {effect.report && current && <EffectResult report={effect.report} />}
      {effect.report && !current && (
        <p className="muted">The table changed since the last estimate: estimate again.</p>
      )}
    </div>
  );
}
