import { memo } from 'react';
import { DataTable } from '../app/DataTable';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import type { DependenceCurve, PatientInput } from '../../worker/api';
import { axisStyle, bottomAxisLabel, percentAxisProps, useChartTheme } from '../app/chartTheme';
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

const gridText = (g: number | string): string => (typeof g === 'number' ? formatNumber(g) : g);

/** Partial dependence and ICE: this patient's curve highlighted among the cohort's, and the average. Memoised: recharts re-renders are costly. */
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
    const data = curve.grid.map((g, i) => {
      const row: Record<string, number | string> = {
        x: g,
        patient: curve.patient[i] * 100,
        average: curve.average[i] * 100,
      };
      curve.ice.forEach((ice, j) => {
        row[`ice${j}`] = ice[i] * 100;
      });
      return row;
    });
    const lo = curve.patient.indexOf(Math.min(...curve.patient));
    const hi = curve.patient.indexOf(Math.max(...curve.patient));
    const label = `Line chart: probability of “${className}” as ${name} varies over the cohort’s range, for this patient (highlighted), ${curve.ice.length} cohort patients (thin lines) and on average. For this patient it is lowest, ${percent(curve.patient[lo])}, at ${gridText(curve.grid[lo])}, and highest, ${percent(curve.patient[hi])}, at ${gridText(curve.grid[hi])}. The values are in the table below.`;
    const current =
      typeof value === 'number'
        ? value
        : value === null || value === undefined || value === ''
          ? null
          : value;
    body = (
      <>
        <div className="chart chart-curve" role="img" aria-label={label}>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart
              data={data}
              margin={{ top: 14, right: 16, bottom: 24, left: 4 }}
              accessibilityLayer={false}
            >
              <CartesianGrid stroke={theme.grid} />
              <XAxis
                dataKey="x"
                type={numeric ? 'number' : 'category'}
                domain={numeric ? ['dataMin', 'dataMax'] : undefined}
                {...axisStyle(theme)}
                tickFormatter={(v: number | string) => gridText(v)}
                label={bottomAxisLabel(theme, name)}
              />
              <YAxis {...percentAxisProps(theme)} width={54} />
              {curve.ice.map((_c, j) => (
                <Line
                  key={j}
                  dataKey={`ice${j}`}
                  stroke={theme.muted}
                  strokeOpacity={0.3}
                  strokeWidth={1}
                  dot={false}
                  isAnimationActive={false}
                />
              ))}
              <Line
                dataKey="average"
                stroke={theme.text}
                strokeDasharray="6 4"
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
              <Line
                dataKey="patient"
                stroke={theme.series[1]}
                strokeWidth={3}
                dot={!numeric}
                isAnimationActive={false}
              />
              {current !== null && (numeric ? typeof current === 'number' : true) && (
                <ReferenceLine x={current} stroke={theme.series[1]} strokeDasharray="2 3" />
              )}
            </LineChart>
          </ResponsiveContainer>
        </div>
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
