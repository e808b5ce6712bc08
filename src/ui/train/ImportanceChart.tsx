import { Bar, BarChart, CartesianGrid, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { FeatureImportance } from '../../worker/api';
import { useChartTheme } from '../app/chartTheme';
import { percent } from '../app/format';

/** Horizontal bars of the top features' importance; the table beside it has the same numbers. */
export function ImportanceChart({ items, total }: { items: FeatureImportance[]; total: number }) {
  const theme = useChartTheme();
  const data = items.map((f) => ({
    feature: f.feature.length > 22 ? `${f.feature.slice(0, 21)}…` : f.feature,
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
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 4 }}>
          <CartesianGrid horizontal={false} stroke={theme.grid} />
          <XAxis
            type="number"
            tick={{ fill: theme.muted, fontSize: 12 }}
            stroke={theme.grid}
            tickFormatter={(v: number) => `${v.toFixed(0)} %`}
          />
          <YAxis
            type="category"
            dataKey="feature"
            width={150}
            interval={0}
            tick={{ fill: theme.text, fontSize: 12 }}
            stroke={theme.grid}
          />
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
