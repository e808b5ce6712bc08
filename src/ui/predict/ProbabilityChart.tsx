import { memo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ErrorBar,
  LabelList,
  type LabelProps,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import type { Prediction } from '../../worker/api';
import { categoryAxisProps, percentAxisProps, seriesColor, useChartTheme } from '../app/chartTheme';
import { percentText, roundedPercents } from '../app/format';

/** One bar per outcome class with the trees' spread (mean ± one standard deviation) as an error bar. Memoised: recharts re-renders are costly. */
export const ProbabilityChart = memo(function ProbabilityChart({
  prediction,
}: {
  prediction: Prediction;
}) {
  const theme = useChartTheme();
  const hasIntervals = prediction.intervals.length === prediction.classes.length;
  const shown = roundedPercents(prediction.probabilities);
  const data = prediction.classes.map((c, i) => {
    const p = prediction.probabilities[i];
    const iv = prediction.intervals[i] ?? { low: p, high: p };
    return {
      name: c,
      value: p * 100,
      label: percentText(shown[i]),
      // Error bars are relative to the bar; an interval that does not contain the mean is clamped.
      error: [Math.max(0, p - iv.low) * 100, Math.max(0, iv.high - p) * 100],
    };
  });
  const summary = `Bar chart of the predicted probability of each outcome: ${prediction.classes
    .map((c, i) => `${c} ${percentText(shown[i])}`)
    .join(
      ', ',
    )}.${hasIntervals ? ' Error bars show the trees’ spread (average ± one standard deviation of the individual trees).' : ''} The same numbers are in the table.`;
  return (
    <div className="chart chart-probability" role="img" aria-label={summary}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={data}
          margin={{ top: 24, right: 12, bottom: 4, left: 0 }}
          accessibilityLayer={false}
        >
          <CartesianGrid vertical={false} stroke={theme.grid} />
          <XAxis {...categoryAxisProps(theme, 'name')} />
          <YAxis {...percentAxisProps(theme)} width={56} />
          <Bar dataKey="value" maxBarSize={96} radius={[4, 4, 0, 0]} isAnimationActive={false}>
            {data.map((d, i) => (
              <Cell key={d.name} fill={seriesColor(theme, i)} />
            ))}
            {hasIntervals && (
              <ErrorBar
                dataKey="error"
                width={10}
                strokeWidth={2}
                stroke={theme.errorBar}
                isAnimationActive={false}
              />
            )}
            <LabelList
              dataKey="label"
              content={(props: LabelProps) => (
                <BarValueLabel {...props} textColor={theme.text} insideColor={theme.onSeries} />
              )}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
});

/** The percentage inside the bottom of a bar, or just above the axis when the bar is too short. */
function BarValueLabel(props: LabelProps & { textColor: string; insideColor: string }) {
  const box = props.viewBox;
  if (!box || !('width' in box) || !('height' in box)) return null;
  const x = Number(box.x ?? 0);
  const y = Number(box.y ?? 0);
  const width = Number(box.width ?? 0);
  const height = Number(box.height ?? 0);
  const inside = height >= 26;
  return (
    <text
      x={x + width / 2}
      y={inside ? y + height - 9 : y - 6}
      textAnchor="middle"
      fontSize={13}
      fontWeight={600}
      fill={inside ? props.insideColor : props.textColor}
    >
      {String(props.value ?? '')}
    </text>
  );
}
