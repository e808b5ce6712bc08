import { useId } from 'react';
import type { SurvivalReport } from '../../worker/api';
import { errorMessage, useEngine } from '../app/engineContext';
import { useAppState, useDispatch, useStoreInstance } from '../app/storeContext';
import { IconArray } from '../predict/IconArray';
import { checkForm } from '../predict/formValues';
import { SurvivalCurves } from './SurvivalCurves';

/**
 * Compare treatments: the patient's curve and 100 icons for each value of a chosen column (as NHS PREDICT's
 * "with / without"), said to be associations only.
 */
export function CompareValues({ report }: { report: SurvivalReport }) {
  const engine = useEngine();
  const store = useStoreInstance();
  const dispatch = useDispatch();
  const column = useAppState((s) => s.survival.compareColumn);
  const comparing = useAppState((s) => s.survival.comparing);
  const comparison = useAppState((s) => s.survival.comparison);
  const error = useAppState((s) => s.survival.compareError);
  const selectId = useId();
  if (report.compareColumns.length === 0) return null;

  async function compare() {
    const s = store.getState();
    const col = s.survival.compareColumn;
    if (!col) return;
    const { input, errors } = checkForm(report.features, s.form);
    if (Object.keys(errors).length > 0) return;
    dispatch({ type: 'survival/comparing' });
    try {
      const h = s.survival.horizon.trim();
      const comparison = await engine.compareSurvival(input, col, Number(h === '' ? NaN : h));
      dispatch({ type: 'survival/compared', comparison });
    } catch (e) {
      dispatch({ type: 'survival/compareFailed', error: errorMessage(e) });
    }
  }

  return (
    <section aria-label="Compare treatments" className="survival-compare">
      <h3 className="sub-title">Compare treatments</h3>
      <div className="action-row">
        <div className="field">
          <label htmlFor={selectId}>Compare the values of</label>
          <select
            id={selectId}
            value={column ?? ''}
            onChange={(e) =>
              dispatch({ type: 'survival/setCompareColumn', column: e.target.value })
            }
          >
            {report.compareColumns.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name} ({c.values.join(', ')})
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="btn" disabled={comparing} onClick={() => void compare()}>
          Compare
        </button>
      </div>
      {error && (
        <div className="alert alert-error" role="alert">
          {error}
        </div>
      )}
      {comparison && (
        <>
          <p className="alert alert-warn" role="note">
            {comparison.caution}
          </p>
          <div className="survival-pair">
            {comparison.arms.map((arm) => (
              <div key={arm.value}>
                <p>
                  With {comparison.column} = {arm.value}: {arm.words.sentences[0]}
                </p>
                <IconArray
                  words={arm.words}
                  classes={comparison.outcomes}
                  caption={`${comparison.column} = ${arm.value}`}
                />
              </div>
            ))}
          </div>
          <SurvivalCurves
            label={`This patient’s survival curve for each value of ${comparison.column}`}
            curves={comparison.arms.map((a) => ({
              key: a.value,
              name: `${comparison.column} = ${a.value}`,
              curve: a.curve,
            }))}
            maxTime={report.maxFollowUp}
            unit={comparison.unit}
            marker={comparison.horizon}
          />
        </>
      )}
    </section>
  );
}
