import { useEffect, useId } from 'react';
import type { TableSummary, TimeToEventProposal, TimeUnit } from '../../worker/api';
import { errorMessage, useEngine } from '../app/engineContext';
import { formatCount } from '../app/format';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { OutcomePicker } from '../load/OutcomePicker';
import './survival.css';
import { OutcomeProblems } from '../load/OutcomeProblems';

const UNITS: TimeUnit[] = ['days', 'weeks', 'months', 'years'];
/** Tables whose proposal has been taken: a remount must not reset the user's choice. */
const proposed = new WeakSet<TableSummary>();
/** Event columns have few values; more than this is a measurement, not a status. */
const MAX_EVENT_VALUES = 10;

/**
 * The outcome's kind (a class, or a time to an event) and its columns. A table with a follow-up time and a
 * status-like column starts as time to event, with the engine's guess shown as one the user can change.
 */
export function OutcomeKind() {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const table = useAppState((s) => s.load.table);
  const kind = useAppState((s) => s.survival.kind);
  const proposal = useAppState((s) => s.survival.proposal);
  const name = useId();
  // Each newly loaded table (a new object, even for the same file) is asked about once: its time-to-event columns.
  useEffect(() => {
    if (!table || proposed.has(table)) return;
    let live = true;
    const done = (proposal: TimeToEventProposal | null) => {
      if (!live) return;
      proposed.add(table);
      store.dispatch({ type: 'survival/proposed', fileName: table.fileName, proposal });
    };
    engine.proposeSurvival().then(done, () => done(null));
    return () => {
      live = false;
    };
  }, [engine, store, table]);

  if (!table) return null;
  return (
    <div className="outcome-kind">
      <fieldset className="field">
        <legend>Outcome kind</legend>
        <label className="radio">
          <input
            type="radio"
            name={name}
            checked={kind === 'class'}
            onChange={() => dispatch({ type: 'survival/setKind', kind: 'class' })}
          />{' '}
          Class (a category, such as treatment response or diagnosis)
        </label>
        <label className="radio">
          <input
            type="radio"
            name={name}
            checked={kind === 'survival'}
            onChange={() => dispatch({ type: 'survival/setKind', kind: 'survival' })}
          />{' '}
          Time to event (a follow-up time and whether the event happened)
        </label>
        {proposal && (
          <p className="help">
            Our guess: this table looks like time-to-event data (follow-up “{proposal.time}”, event
            “{proposal.event}”). Change it if it is wrong.
          </p>
        )}
      </fieldset>
      {kind === 'class' ? <OutcomePicker /> : <SurvivalOutcome />}
    </div>
  );
}

/** Time column and unit, event column and the value that means the event, and what they give. */
function SurvivalOutcome() {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const table = useAppState((s) => s.load.table);
  const sv = useAppState((s) => s.survival);
  const ids = { time: useId(), unit: useId(), event: useId(), value: useId() };
  const { time, event, eventValue } = sv;
  const choices = useAppState((s) => s.load.choices);

  useEffect(() => {
    if (!time || !event) return;
    let live = true;
    const timer = setTimeout(() => {
      engine.describeSurvival({ time, event, eventValue, columns: Object.values(choices) }).then(
        (summary) => live && store.dispatch({ type: 'survival/described', summary }),
        (error: unknown) =>
          live && store.dispatch({ type: 'survival/describeFailed', error: errorMessage(error) }),
      );
    }, 80);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [engine, store, time, event, eventValue, choices]);

  if (!table) return null;
  const columns = table.schema.columns;
  const numeric = columns.filter((c) => c.kind === 'numeric');
  const statusLike = columns.filter(
    (c) => c.name !== time && c.distinct >= 2 && c.distinct <= MAX_EVENT_VALUES,
  );
  const p = sv.proposal;
  const guess = (v: string | null, g: string | null | undefined) =>
    p && v !== null && v === g ? ' (our guess)' : '';
  const summary =
    sv.summary && sv.summary.time === time && sv.summary.event === event ? sv.summary : null;
  const censored = summary ? summary.values.filter((v) => v.value !== eventValue) : [];

  return (
    <div className="survival-outcome">
      <div className="survival-fields">
        <div className="field">
          <label htmlFor={ids.time}>Time column</label>
          <select
            id={ids.time}
            value={time ?? ''}
            onChange={(e) =>
              dispatch({ type: 'survival/choose', choice: { time: e.target.value } })
            }
          >
            {time === null && <option value="">Choose the follow-up time…</option>}
            {numeric.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
                {guess(c.name, p?.time)}
              </option>
            ))}
          </select>
          <p className="help">
            Follow-up from the start (diagnosis, treatment) to the event or the last visit.
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.unit}>Time unit</label>
          <select
            id={ids.unit}
            value={sv.unit}
            onChange={(e) =>
              dispatch({ type: 'survival/choose', choice: { unit: e.target.value as TimeUnit } })
            }
          >
            {UNITS.map((u) => (
              <option key={u} value={u}>
                {u}
              </option>
            ))}
          </select>
          <p className={sv.unitGuessed ? 'field-warning' : 'help'}>
            {sv.unitGuessed
              ? 'The column’s name does not say its unit: say which, so that “5 years” means 5 years.'
              : p?.unit === sv.unit
                ? 'From the column’s name; change it if it is wrong.'
                : 'Said once here; horizons are given in it.'}
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.event}>Event column</label>
          <select
            id={ids.event}
            value={event ?? ''}
            onChange={(e) =>
              dispatch({ type: 'survival/choose', choice: { event: e.target.value } })
            }
          >
            {event === null && <option value="">Choose the event (status) column…</option>}
            {statusLike.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
                {guess(c.name, p?.event)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.value}>Value that means the event</label>
          <select
            id={ids.value}
            value={eventValue ?? ''}
            disabled={!summary || summary.values.length === 0}
            onChange={(e) =>
              dispatch({ type: 'survival/choose', choice: { eventValue: e.target.value } })
            }
          >
            {eventValue === null && <option value="">Choose…</option>}
            {(summary?.values ?? []).map((v) => (
              <option key={v.value} value={v.value}>
                {v.value}
                {guess(v.value, p?.eventValue)}
              </option>
            ))}
          </select>
          <p className="help">Every other value counts as censored (event-free when last seen).</p>
        </div>
      </div>
      {sv.summaryError && (
        <div className="alert alert-error" role="alert">
          {sv.summaryError}
        </div>
      )}
      {summary && (
        <div className="survival-summary" aria-label="Time-to-event outcome" role="group">
          <OutcomeProblems errors={summary.errors} warnings={summary.warnings} />
          {summary.errors.length === 0 && (
            <p className="note">
              {formatCount(summary.rows)} patients with a follow-up time:{' '}
              {formatCount(summary.events)} with the event “{summary.eventValue}”,{' '}
              {formatCount(summary.rows - summary.events)} censored
              {censored.length > 0 && ` (${censored.map((c) => `“${c.value}”`).join(', ')})`}.
              Longest follow-up {summary.maxFollowUp} {sv.unit}. {formatCount(summary.nFeatures)}{' '}
              columns will be used to predict it.
            </p>
          )}
        </div>
      )}
    </div>
  );
}
