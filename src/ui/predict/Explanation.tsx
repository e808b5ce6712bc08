import { memo, useMemo } from 'react';
import { DataTable } from '../app/DataTable';
import type { Contribution, Explanation as ExplanationData } from '../../worker/api';
import { BarRows } from '../app/BarRows';
import { useChartTheme } from '../app/chartTheme';
import { SelectField } from '../app/Field';
import { formatCount, percent, percentagePoints } from '../app/format';
import { shortName } from '../load/shortName';
import { useDispatch } from '../app/storeContext';

/** Features drawn as their own step of the waterfall; the rest are one "other features" step. */
const STEPS = 10;
const LISTED = 5;
const TABLE_ROWS = 200;

interface Props {
  explanation: ExplanationData | null;
  classIndex: number;
  classes: string[];
  /** The explanation is of the patient with what-if changes. */
  withChanges: boolean;
  loading: boolean;
}

/** The contributions by size for class `k`, the waterfall's steps and rest, and the largest each way. */
function rankContributions(explanation: ExplanationData | null, k: number) {
  const sorted = [...(explanation?.contributions ?? [])].sort(
    (a, b) => Math.abs(b.shap[k] ?? 0) - Math.abs(a.shap[k] ?? 0),
  );
  let restSum = 0;
  for (let i = STEPS; i < sorted.length; i++) restSum += sorted[i].shap[k] ?? 0;
  return {
    sorted,
    shown: sorted.slice(0, STEPS),
    restCount: Math.max(0, sorted.length - STEPS),
    restSum,
    up: sorted.filter((c) => (c.shap[k] ?? 0) > 0).slice(0, LISTED),
    down: sorted.filter((c) => (c.shap[k] ?? 0) < 0).slice(0, LISTED),
  };
}

/** TreeSHAP waterfall from the cohort's average to this patient's probability, with lists and a table. */
export const Explanation = memo(function Explanation({
  explanation,
  classIndex,
  classes,
  withChanges,
  loading,
}: Props) {
  const theme = useChartTheme();
  const dispatch = useDispatch();
  const k = classIndex;
  const cls = classes[k] ?? '';
  // Sorted once per explanation and class, not at each render (a "Computing…" flag, a theme change): a wide
  // model has 20,000 contributions.
  const ranked = useMemo(() => rankContributions(explanation, k), [explanation, k]);

  const select = (
    <SelectField
      label="Explain the probability of"
      value={String(k)}
      onChange={(v) => dispatch({ type: 'explain/setClass', classIndex: Number(v) })}
      options={classes.map((c, i) => ({ value: String(i), label: c }))}
      className="explain-class"
    />
  );

  if (!explanation) {
    return (
      <div className="explanation" role="region" aria-label="Why this prediction">
        <h3 className="sub-title">Why this prediction</h3>
        {select}
        <p className="muted">{loading ? 'Computing the explanation…' : 'No explanation yet.'}</p>
      </div>
    );
  }

  if (explanation.unavailable) {
    // An imported model without a reference cohort: say why instead of a waterfall of nothing.
    return (
      <div className="explanation" role="region" aria-label="Why this prediction">
        <h3 className="sub-title">Why this prediction</h3>
        <p role="status">{explanation.unavailable}</p>
      </div>
    );
  }
  const base = explanation.baseValues[k] ?? 0;
  const final = explanation.probabilities[k] ?? 0;
  const { sorted, shown, restCount, restSum, up, down } = ranked;

  // Waterfall steps: each bar spans from the running total before it to the one after it.
  type Step = { name: string; range: [number, number]; kind: 'base' | 'up' | 'down' | 'final' };
  const steps: Step[] = [{ name: 'Cohort average', range: [0, base * 100], kind: 'base' }];
  let running = base;
  const add = (name: string, v: number) => {
    const next = running + v;
    steps.push({
      name,
      range: [Math.min(running, next) * 100, Math.max(running, next) * 100],
      kind: v >= 0 ? 'up' : 'down',
    });
    running = next;
  };
  for (const c of shown) add(shortName(`${c.feature} = ${c.value}`, 40), c.shap[k] ?? 0);
  if (restCount > 0) add(`${formatCount(restCount)} other features`, restSum);
  steps.push({ name: 'This patient', range: [0, final * 100], kind: 'final' });
  const colour = (kind: Step['kind']): string =>
    kind === 'up' ? theme.series[1] : kind === 'down' ? theme.series[2] : theme.muted;

  const describe = (c: Contribution): string =>
    `${c.feature} = ${c.value} (${percentagePoints(c.shap[k] ?? 0)})`;
  const sentence = `Starting from the cohort’s average probability of “${cls}”, ${percent(base)}, ${
    withChanges ? 'this patient with your changes' : 'this patient’s values'
  } move it to ${percent(final)}.`;
  const label = `Waterfall chart. ${sentence} Pushed up most by: ${
    up.map(describe).join(', ') || 'nothing'
  }. Pushed down most by: ${down.map(describe).join(', ') || 'nothing'}. All contributions are in the table below.`;

  return (
    <div className="explanation" role="region" aria-label="Why this prediction">
      <h3 className="sub-title">Why this prediction{withChanges ? ' (with your changes)' : ''}</h3>
      {select}
      <p>{sentence}</p>
      {explanation.method && <p className="muted">{explanation.method}</p>}
      <div className="explain-lists">
        <div>
          <h4 className="sub-title sub-title-small">Pushed “{cls}” up</h4>
          {up.length > 0 ? (
            <ul className="contrib-list">
              {up.map((c) => (
                <li key={c.feature}>
                  <span className="break">
                    <strong>{c.feature}</strong> = {c.value}
                  </span>{' '}
                  <span className="contrib-up">{percentagePoints(c.shap[k] ?? 0)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No feature.</p>
          )}
        </div>
        <div>
          <h4 className="sub-title sub-title-small">Pushed “{cls}” down</h4>
          {down.length > 0 ? (
            <ul className="contrib-list">
              {down.map((c) => (
                <li key={c.feature}>
                  <span className="break">
                    <strong>{c.feature}</strong> = {c.value}
                  </span>{' '}
                  <span className="contrib-down">{percentagePoints(c.shap[k] ?? 0)}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">No feature.</p>
          )}
        </div>
      </div>
      <BarRows
        className="chart-waterfall"
        label={label}
        domain={[0, 100]}
        ticks={[0, 25, 50, 75, 100]}
        tick={(v) => `${v} %`}
        reference={base * 100}
        rows={steps.map((s, i) => ({
          key: `${i}-${s.name}`,
          name: s.name,
          from: s.range[0],
          to: s.range[1],
          colour: colour(s.kind),
        }))}
      />
      <p className="help">
        Each feature’s contribution (TreeSHAP) is how much knowing its value moved this probability
        away from the cohort’s average; together they add up exactly to the prediction. They
        describe the model, not cause and effect.
      </p>
      <details className="chart-details">
        <summary>Show as table</summary>
        <DataTable
          caption={`Contribution of each feature to the probability of ${cls}`}
          className="compact"
          rows={[
            { feature: 'Cohort average', value: '', text: percent(base) },
            ...sorted.slice(0, TABLE_ROWS).map((c) => ({
              feature: c.feature,
              value: String(c.value),
              text: percentagePoints(c.shap[k] ?? 0),
            })),
            { feature: 'This patient', value: '', text: percent(final) },
          ]}
          rowKey={(r, i) => `${i}-${r.feature}`}
          columns={[
            {
              key: 'f',
              header: 'Feature',
              rowHeader: true,
              className: 'break',
              cell: (r) => r.feature,
            },
            { key: 'v', header: 'Value', className: 'break', cell: (r) => r.value },
            { key: 'c', header: 'Contribution', numeric: true, cell: (r) => r.text },
          ]}
        />
        {sorted.length > TABLE_ROWS && (
          <p className="note">
            The {TABLE_ROWS} largest of {formatCount(sorted.length)} contributions are listed.
          </p>
        )}
      </details>
    </div>
  );
});
