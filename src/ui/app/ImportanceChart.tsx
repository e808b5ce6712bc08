import { memo } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { axisStyle, featureAxisProps, useChartTheme } from './chartTheme';
import { shortName } from '../load/shortName';

export interface ImportanceBar {
  feature: string;
  value: number;
}

interface Props {
  bars: ImportanceBar[];
  /** The chart's text alternative (the same numbers are in a table beside it). */
  label: string;
  tick: (value: number) => string;
}

/** Horizontal bars of features' importance, largest first; negative values are drawn muted. Memoised: recharts re-renders are costly. */
export const ImportanceChart = memo(function ImportanceChart({ bars, label, tick }: Props) {
  const theme = useChartTheme();
  const data = bars.map((b) => ({ feature: shortName(b.feature, 22), value: b.value }));
  return (
    <div
      className="chart"
      role="img"
      aria-label={label}
      style={{ height: Math.max(160, data.length * 24 + 40) }}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 4, right: 16, bottom: 4, left: 4 }}
          accessibilityLayer={false}
        >
          <CartesianGrid horizontal={false} stroke={theme.grid} />
          <XAxis type="number" {...axisStyle(theme)} tickFormatter={tick} />
          <YAxis {...featureAxisProps(theme, 'feature')} />
          <Bar dataKey="value" radius={[0, 3, 3, 0]} isAnimationActive={false}>
            {data.map((d, i) => (
              <Cell key={i} fill={d.value < 0 ? theme.muted : theme.accent} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});
