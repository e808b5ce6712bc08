import { memo, useEffect, useMemo } from 'react';
import type { Action } from '../app/store';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { formatCount, percentText, roundedPercents } from '../app/format';
import { seriesColor, useChartTheme } from '../app/chartTheme';
import { geneticsFromKey, geneticsSetupKey } from '../genetics/geneticsSlice';
import { OutcomeProblems } from './OutcomeProblems';
import { SearchableSelect } from '../app/SearchableSelect';

/** More classes than this are summarised (a wrongly chosen outcome can have hundreds). */
const MAX_CLASSES = 12;

/** The outcome column to predict, and the class balance it gives. */
export function OutcomePicker() {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const table = useAppState((s) => s.load.table);
  const target = useAppState((s) => s.load.target);
  const choices = useAppState((s) => s.load.choices);
  const outcome = useAppState((s) => s.outcome);
  // The QC filters change the patients counted; a string, so the check runs again only when they change.
  const geneticsKey = useAppState((s) => geneticsSetupKey(s.genetics.draft));
  const theme = useChartTheme();

  // Ask the engine how the outcome looks whenever the table, the outcome or a column choice changes.
  useEffect(() => {
    if (!table || !target) return;
    const timer = setTimeout(() => {
      store.dispatch({ type: 'outcome/checking' });
      const requestId = store.getState().outcome.requestId;
      const setup = { target, columns: Object.values(choices), ...geneticsFromKey(geneticsKey) };
      engine.describeOutcome(setup).then(
        (summary) => store.dispatch({ type: 'outcome/succeeded', requestId, summary }),
        (error: unknown) =>
          store.dispatch({ type: 'outcome/failed', requestId, error: errorMessage(error) }),
      );
    }, 80);
    return () => clearTimeout(timer);
  }, [engine, store, table, target, choices, geneticsKey]);

  if (!table) return null;
  const summary = outcome.summary;
  const sharePct = summary
    ? roundedPercents(summary.classCounts.map((n) => (summary.rowsUsed ? n / summary.rowsUsed : 0)))
    : [];

  return (
    <div className="outcome">
      <OutcomeSelect
        headers={table.headers}
        value={target ?? ''}
        guessed={Boolean(table.suggestedTarget && target === table.suggestedTarget)}
        dispatch={dispatch}
      />
      {!target && table.outcomeNote && (
        <p className="alert alert-warn" role="note" aria-label="No outcome chosen">
          {table.outcomeNote}
        </p>
      )}

      <div className="balance" aria-busy={outcome.status === 'checking'}>
        <h3 className="sub-title">Class balance</h3>
        {outcome.status === 'checking' && !summary && (
          <p className="muted">Checking the outcome…</p>
        )}
        {outcome.error && (
          <div className="alert alert-error" role="alert">
            {outcome.error}
          </div>
        )}
        {summary && summary.target === target && (
          <>
            <OutcomeProblems errors={summary.errors} warnings={summary.warnings} />
            <ul className="balance-list">
              {summary.classes.slice(0, MAX_CLASSES).map((c, i) => {
                const share = summary.rowsUsed ? summary.classCounts[i] / summary.rowsUsed : 0;
                return (
                  <li key={c}>
                    <span className="balance-name break">{c}</span>
                    <span className="balance-bar" aria-hidden="true">
                      <span
                        style={{
                          width: `${Math.max(share * 100, 0.5)}%`,
                          background: seriesColor(theme, i),
                        }}
                      />
                    </span>
                    <span className="balance-count">
                      {formatCount(summary.classCounts[i])}{' '}
                      {summary.classCounts[i] === 1 ? 'patient' : 'patients'} (
                      {percentText(sharePct[i] ?? 0)})
                    </span>
                  </li>
                );
              })}
            </ul>
            <p className="note">
              {summary.classes.length > MAX_CLASSES &&
                `${formatCount(summary.classes.length)} classes in all; the first ${MAX_CLASSES} are shown. `}
              {formatCount(summary.rowsUsed)} patients with a known outcome
              {summary.droppedMissingTarget > 0 &&
                `; ${formatCount(summary.droppedMissingTarget)} without one will be left out`}
              . {formatCount(summary.nFeatures)} columns will be used to predict it.
            </p>
          </>
        )}
      </div>
    </div>
  );
}

interface OutcomeSelectProps {
  headers: readonly string[];
  value: string;
  /** The chosen column is our guess from the column names. */
  guessed: boolean;
  dispatch: (action: Action) => void;
}

/**
 * The list of every column, memoised: a wide table has 20,000 options, and re-rendering them (each class-balance
 * check, each step finished) cost 50–100 ms of main thread per render; above a hundred it is searched.
 */
const OutcomeSelect = memo(function OutcomeSelect({
  headers,
  value,
  guessed,
  dispatch,
}: OutcomeSelectProps) {
  const options = useMemo(() => headers.map((h) => ({ value: h, label: h })), [headers]);
  return (
    <SearchableSelect
      label="Outcome column"
      value={value}
      placeholder="Choose the outcome column…"
      options={options}
      onChange={(target) => dispatch({ type: 'outcome/setTarget', target })}
      help={
        <>
          The column the model learns to predict, such as treatment response or diagnosis.
          {guessed && ' (Our guess from the column names.)'}
        </>
      }
    />
  );
});
