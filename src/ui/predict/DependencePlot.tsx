import { memo } from 'react';
import { DataTable } from '../app/DataTable';
import type { DependenceCurve, PatientInput } from '../../worker/api';
import { useChartTheme } from '../app/chartTheme';
import { LineChart } from '../app/LineChart';
import { niceTicks } from '../app/lineChartAxes';
import { formatNumber, percent } from '../app/format';
import type { Feature } from './formValues';

interface Props {
  feature: Feature | null;
  curve: DependenceCurve | null;
  error: string | null;
  className: string;
  /** The patient's current value of the feature. */
  value: PatientInput[string];
}

const PERCENT_TICKS = [0, 25, 50, 75, 100];

const gridText = (g: number | string): string => (typeof g === 'number' ? formatNumber(g) : g);

/** Partial dependence and ICE: this patient's curve highlighted among the cohort's, and the average. Memoised: it re-renders on every keystroke in the form. */
export const DependencePlot = memo(function DependencePlot({
  feature,
  curve,
  error,
  className,
  value,
}: Props) {
  const theme = useChartTheme();
  if (!feature) return null;
  const name = feature.name;
  const title = `How the prediction changes with ${name}`;
  const numeric = feature.kind === 'numeric';

  let body;
  if (error) {
    body = <p className="field-warning">{error}</p>;
  } else if (!curve) {
    body = <p className="muted">Computing…</p>;
  } else {
    // Categories sit at 0, 1, 2… along the axis; numbers at their value.
    const xs = curve.grid.map((g, i) => (typeof g === 'number' ? g : i));
    const line = (ys: readonly number[]) => xs.map((x, i) => ({ x, y: ys[i] * 100 }));
    const xDomain: [number, number] = [Math.min(...xs), Math.max(...xs)];
    const every = Math.ceil(curve.grid.length / 6);
    const xTicks = numeric
      ? niceTicks(xDomain[0], xDomain[1])
      : xs.filter((_x, i) => i % every === 0);
    const xTick = (v: number) => (numeric ? formatNumber(v) : gridText(curve.grid[v] ?? v));
    const lo = curve.patient.indexOf(Math.min(...curve.patient));
    const hi = curve.patient.indexOf(Math.max(...curve.patient));
    const label = `Line chart: probability of “${className}” as ${name} varies over the cohort’s range, for this patient (highlighted), ${curve.ice.length} cohort patients (thin lines) and on average. For this patient it is lowest, ${percent(curve.patient[lo])}, at ${gridText(curve.grid[lo])}, and highest, ${percent(curve.patient[hi])}, at ${gridText(curve.grid[hi])}. The values are in the table below.`;
    const currentX =
      value === null || value === undefined || value === ''
        ? null
        : numeric
          ? typeof value === 'number'
            ? value
            : null
          : curve.grid.indexOf(String(value)) >= 0
            ? curve.grid.indexOf(String(value))
            : null;
    body = (
      <>
        <LineChart
          className="chart chart-curve"
          label={label}
          x={{ domain: xDomain, ticks: xTicks, tick: xTick, title: name }}
          y={{ domain: [0, 100], ticks: PERCENT_TICKS, tick: (v) => `${v} %` }}
          series={[
            ...curve.ice.map((ice, j) => ({
              key: `ice${j}`,
              name: 'Other patient',
              points: line(ice),
              colour: theme.muted,
              width: 1,
              opacity: 0.3,
            })),
            {
              key: 'average',
              name: 'Cohort average',
              points: line(curve.average),
              colour: theme.text,
              dash: '6 4',
            },
            {
              key: 'patient',
              name: 'This patient',
              points: line(curve.patient),
              colour: theme.series[1],
              width: 3,
              dots: !numeric,
            },
            ...(currentX === null
              ? []
              : [
                  {
                    key: 'current',
                    name: 'The patient’s value',
                    points: [
                      { x: currentX, y: 0 },
                      { x: currentX, y: 100 },
                    ],
                    colour: theme.series[1],
                    dash: '2 3',
                    width: 1,
                  },
                ]),
          ]}
        />
        <p className="help">
          <span className="legend-swatch legend-patient" aria-hidden="true" /> this patient{' '}
          <span className="legend-swatch legend-average" aria-hidden="true" /> cohort average
          (partial dependence) <span className="legend-swatch legend-ice" aria-hidden="true" />{' '}
          other patients (ICE). Everything else about each patient is kept as it is; only {name} is
          swept.
        </p>
        <details className="chart-details">
          <summary>Show as table</summary>
          <DataTable
            caption={title}
            className="compact"
            rows={curve.grid}
            rowKey={(g) => String(g)}
            columns={[
              {
                key: 'g',
                header: name,
                rowHeader: true,
                className: 'break',
                cell: (g) => gridText(g),
              },
              {
                key: 'p',
                header: 'This patient',
                numeric: true,
                cell: (_, i) => percent(curve.patient[i]),
              },
              {
                key: 'a',
                header: 'Cohort average',
                numeric: true,
                cell: (_, i) => percent(curve.average[i]),
              },
            ]}
          />
        </details>
      </>
    );
  }
  return (
    <div className="dependence" role="region" aria-label={title}>
      <h3 className="sub-title">
        How the probability of “{className}” changes with <span className="break">{name}</span>
      </h3>
      {body}
    </div>
  );
});
