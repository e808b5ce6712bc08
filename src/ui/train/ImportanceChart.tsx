import { Bar, BarChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { FeatureImportance } from '../../worker/api';
import { axisStyle, featureAxisProps, useChartTheme } from '../app/chartTheme';
import { percent, shortText } from '../app/format';

/** Horizontal bars of the top features' importance; the table beside it has the same numbers. */
export function ImportanceChart({ items, total }: { items: FeatureImportance[]; total: number }) {
  const theme = useChartTheme();
  const data = items.map((f) => ({
    feature: shortText(f.feature, 22),
    value: (f.importance / total) * 100,
  }));
  const summary =
    items.length > 0
      ? `Bar chart of the ${items.length} most important features. Highest: ${items
          .slice(0, 3)
          .map((f) => `${f.feature} ${percent(f.importance / total)}`)
          .join(', ')}. The same numbers are in the table.`
      : 'No feature importances.';
  const height = Math.max(160, data.length * 24 + 40);
  return (
    <div className="chart" role="img" aria-label={summary} style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
          accessibilityLayer={false}
        >
          <CartesianGrid horizontal={false} stroke={theme.grid} />
          <XAxis
            type="number"
            {...axisStyle(theme)}
            tickFormatter={(v: number) => `${v.toFixed(0)} %`}
          />
          <YAxis {...featureAxisProps(theme, 'feature')} />
          <Bar
            dataKey="value"
            fill={theme.accent}
            radius={[0, 3, 3, 0]}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
