/**
 * "Which treatment": the user names the treatment column, which of its values is the treatment (and, with more than two
 * arms, which is the comparison: one pair per estimate), the outcome the
 * effect is about, whether the data come from a randomised trial and whether the effects carry the local linear
 * correction (on by default); the causal forest runs in its own worker with
 * progress and Cancel, and the averages, overlap and calibration are shown with the assumptions they rest on.
 * With a time-to-event outcome (Load step) the effect is on being event-free at a Horizon the user types, with censoring
 * weights (src/app/treatmentEffect.ts); no outcome class then, and the local linear correction (weighted) is always on.
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
import { SelectField, TextField } from '../app/Field';
import { usePositiveClass } from '../evaluate/evaluationOptions';
import { shortName } from '../load/shortName';
import { EffectResult } from './EffectResult';
import { ArmEffectsResult } from './ArmEffectsResult';
import { effectIsCurrent } from './effectCurrent';
import type { EffectEvent } from './effectSlice';
import './effect.css';

/** Values named like the treated arm, so the usual coding is chosen for the user (who can change it). */
const TREATED_WORDS = ['1', 'yes', 'y', 'true', 'treated', 'treatment', 'exposed', 'on'];

/** Most arms a treatment column may have in this step (each run compares two of them, or all at once). */
const MAX_ARMS = 8;

/** The "Treated value" choice meaning every arm but the comparison, by one joint multi-arm forest. */
const EVERY_ARM = ' (every other arm)';

/** The arms of a column of 2..MAX_ARMS values, as they are written in the file; null otherwise. */
function armValues(c: ColumnSchema): string[] | null {
  if (c.distinct < 2 || c.distinct > MAX_ARMS) return null;
  if (c.levels && c.levels.length === c.distinct) return c.levels.map((l) => l.value).sort();
  // A numeric column of two numbers: the use case matches them however they are written.
  if (c.distinct === 2 && c.min !== undefined && c.max !== undefined && c.min !== c.max)
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
  const [comparisonChoice, setComparisonChoice] = useState('');
  const [positiveChoice, setPositiveChoice] = useState('');
  const [randomised, setRandomised] = useState(false);
  const [localLinear, setLocalLinear] = useState(true);
  const survival = useAppState((s) => (s.survival.kind === 'survival' ? s.survival : null));
  const [horizonText, setHorizonText] = useState('');
  const run = useCancellableRun(
    'effect',
    (event: EffectEvent) => ({ type: 'effect/job', event }),
    (s) => s.effect.runId,
  );

  // The outcome column the effect is about: the event column of a time-to-event outcome.
  const outcomeColumn = survival ? survival.event : target;
  if (!table || !outcomeColumn) {
    return <p className="placeholder">Load a table and choose its outcome in step 1 first.</p>;
  }
  const candidates = table.schema.columns.filter(
    (c) => c.name !== outcomeColumn && c.name !== survival?.time && armValues(c) !== null,
  );
  const column = candidates.find((c) => c.name === treatment) ?? null;
  const values = column ? armValues(column) : null;
  // With more than two arms the user names the comparison arm; each run compares one arm with it.
  const multiArm = values !== null && values.length > 2;
  // The joint choice is offered unless a value of the column is spelt like it (its arms are then picked one by one).
  const jointOffered = multiArm && !values.includes(EVERY_ARM);
  const comparisonPicked = multiArm && values.includes(comparisonChoice) ? comparisonChoice : '';
  const named = values ? values.filter((v) => TREATED_WORDS.includes(v.toLowerCase())) : [];
  // With three or more arms every arm is compared with the comparison unless the user picks one.
  const treated =
    values && values.includes(treatedChoice) && treatedChoice !== comparisonPicked
      ? treatedChoice
      : jointOffered
        ? EVERY_ARM
        : !multiArm && named.length === 1
          ? named[0]
          : '';
  const joint = treated === EVERY_ARM;
  const comparison = multiArm
    ? comparisonPicked
    : values && treated
      ? values[0] === treated
        ? values[1]
        : values[0]
      : '';
  const positive = classes.includes(positiveChoice) ? positiveChoice : (defaultPositive ?? '');
  const running = effect.status === 'running';

  const horizon = Number(horizonText.trim());
  const horizonOk = horizonText.trim() !== '' && Number.isFinite(horizon) && horizon > 0;
  let blocker: string | null = null;
  if (survival && !survival.time) blocker = 'Choose the time column in step 1 first.';
  else if (!survival && classes.length !== 2)
    blocker =
      outcome.status === 'ready'
        ? `Effects are on a two-class outcome; “${shortName(outcomeColumn)}” has ${classes.length} classes.`
        : 'Checking the outcome column…';
  else if (candidates.length === 0)
    blocker = `No column has 2 to ${MAX_ARMS} values: a treatment column needs a treated and a comparison arm.`;
  else if (!column) blocker = 'Choose the treatment column.';
  else if (multiArm && !comparison) blocker = 'Choose the comparison arm.';
  else if (!treated) blocker = 'Choose which value means treated.';
  else if (survival && joint)
    blocker = 'Survival at a horizon compares two arms: choose one treated value.';
  else if (survival && !horizonOk)
    blocker = `Give the horizon: a time after 0, in ${survival.unit}.`;

  async function start() {
    const state = store.getState();
    const t = state.load.table;
    const surv = state.survival.kind === 'survival' ? state.survival : null;
    const tgt = surv ? surv.event : state.load.target;
    if (!t || !tgt || blocker) return;
    const source = { fileName: t.fileName, rowCount: t.rowCount };
    const outcomeRequest =
      surv && surv.time
        ? {
            survival: {
              time: surv.time,
              ...(surv.eventValue ? { eventValue: surv.eventValue } : {}),
              horizon,
              unit: surv.unit,
            },
            localLinear,
          }
        : { positive, localLinear };
    await run.start(null, async (options) => ({
      report: joint
        ? await engine.estimateArmEffects(
            {
              target: tgt,
              treatment,
              comparisonValue: comparison,
              ...outcomeRequest,
              randomised,
              columns: Object.values(state.load.choices),
            },
            options,
          )
        : await engine.estimateEffects(
            {
              target: tgt,
              treatment,
              treatedValue: treated,
              ...(multiArm ? { comparisonValue: comparison } : {}),
              ...outcomeRequest,
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
            setComparisonChoice('');
          }}
          disabled={running}
          options={[
            { value: '', label: 'Choose the column of the arms' },
            ...candidates.map((c) => ({ value: c.name, label: shortName(c.name) })),
          ]}
          help="The column saying which arm each patient was in. It is never used as a feature of the effect."
        />
        {values && multiArm && (
          <SelectField
            label="Comparison value"
            value={comparison}
            onChange={setComparisonChoice}
            disabled={running}
            options={[
              ...(comparison ? [] : [{ value: '', label: 'Choose the comparison arm' }]),
              ...values.map((v) => ({ value: v, label: v })),
            ]}
            help={`“${shortName(treatment)}” has ${values.length} arms: every other arm is compared with this one by one joint forest on all patients, or one arm alone on the patients of the two.`}
          />
        )}
        {values && (
          <SelectField
            label="Treated value"
            value={treated}
            onChange={setTreatedChoice}
            disabled={running}
            options={[
              ...(treated ? [] : [{ value: '', label: 'Choose which value means treated' }]),
              ...(jointOffered
                ? [{ value: EVERY_ARM, label: 'Every other arm, each vs the comparison (joint)' }]
                : []),
              ...values
                .filter((v) => v !== comparison || !multiArm)
                .map((v) => ({ value: v, label: v })),
            ]}
            help={
              joint
                ? `Each arm vs “${comparison}”, by one multi-arm causal forest on every patient (grf's multi_arm_causal_forest).`
                : comparison
                  ? `Patients with “${comparison}” are the comparison arm.`
                  : 'The other value is the comparison arm.'
            }
          />
        )}
        {survival && (
          <TextField
            label="Horizon"
            value={horizonText}
            onChange={setHorizonText}
            disabled={running}
            inputMode="decimal"
            error={
              horizonText.trim() !== '' && !horizonOk
                ? `“${horizonText}” is not a time after 0 (in ${survival.unit}).`
                : undefined
            }
            help={`Effects are changes in the chance of being event-free at this time (in ${survival.unit}), treated minus comparison. Patients censored before it are left out and the others weighted for it (inverse probability of censoring weights).`}
          />
        )}
        {!survival && classes.length === 2 && (
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
        <div className="field effect-switch">
          <label>
            <input
              type="checkbox"
              checked={localLinear}
              disabled={running}
              aria-describedby="effect-local-linear-help"
              onChange={(e) => setLocalLinear(e.target.checked)}
            />{' '}
            Local linear correction
          </label>
          <p className="help" id="effect-local-linear-help">
            Fits each patient's effect as a line in the column the effect forest splits on most
            (with three or more arms, a column chosen for each arm; named with the result): it
            reduces the forest's bias toward the average effect where the effect changes with that
            column (Friedberg et al. 2020). Off: the causal forest's own estimates.
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
      {effect.report &&
        current &&
        ('method' in effect.report ? (
          <ArmEffectsResult report={effect.report} />
        ) : (
          <EffectResult report={effect.report} />
        ))}
      {effect.report && !current && (
        <p className="muted">The table changed since the last estimate: estimate again.</p>
      )}
    </div>
  );
}
