import { memo } from 'react';
import { DataTable } from '../app/DataTable';
import {
  CartesianGrid,
  LabelList,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import type { CalibrationBin } from '../../worker/api';
import { bottomAxisLabel, unitAxisProps, useChartTheme } from '../app/chartTheme';
import { formatCount, percent } from '../app/format';

interface Props {
  bins: CalibrationBin[];
  /** What the probability is of, e.g. “malignant” or “the predicted outcome”. */
  of: string;
}

/** Reliability plot: predicted against observed, each bin labelled with its number of patients. Memoised: recharts re-renders are costly. */
export const CalibrationChart = memo(function CalibrationChart({ bins, of }: Props) {
  const theme = useChartTheme();
  const data = bins.map((b) => ({
    x: b.meanPredicted,
    y: b.fractionPositive,
    n: `n=${formatCount(b.count)}`,
  }));
  const label = `Calibration plot of the probability of ${of}: ${bins
    .map(
      (b) =>
        `predicted ${percent(b.meanPredicted)}, observed ${percent(b.fractionPositive)} (${b.count} patients)`,
    )
    .join('; ')}. A well-calibrated model lies on the diagonal.`;
  return (
    <figure className="eval-figure">
      <figcaption className="sub-title sub-title-small">Calibration (reliability)</figcaption>
      <div className="chart chart-curve" role="img" aria-label={label}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart
            data={data}
            margin={{ top: 18, right: 16, bottom: 24, left: 4 }}
            accessibilityLayer={false}
          >
            <CartesianGrid stroke={theme.grid} />
            <XAxis
              {...unitAxisProps(theme)}
              dataKey="x"
              label={bottomAxisLabel(theme, 'Predicted probability')}
            />
            <YAxis {...unitAxisProps(theme)} width={44} />
            <ReferenceLine
              segment={[
                { x: 0, y: 0 },
                { x: 1, y: 1 },
              ]}
              stroke={theme.muted}
              strokeDasharray="4 4"
            />
            <Line
              dataKey="y"
              stroke={theme.accent}
              strokeWidth={2}
              dot={{ r: 4, fill: theme.accent }}
              isAnimationActive={false}
            >
              <LabelList dataKey="n" position="top" fill={theme.muted} fontSize={11} />
            </Line>
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details className="chart-details">
        <summary>Show as table</summary>
        <DataTable
          caption="Calibration bins"
          className="compact"
          rows={bins}
          rowKey={(b) => b.lower}
          columns={[
            {
              key: 'bin',
              header: 'Probability bin',
              rowHeader: true,
              cell: (b) => `${b.lower.toFixed(1)}–${b.upper.toFixed(1)}`,
            },
            {
              key: 'mean',
              header: 'Mean predicted',
              numeric: true,
              cell: (b) => percent(b.meanPredicted),
            },
            {
              key: 'obs',
              header: 'Observed',
              numeric: true,
              cell: (b) => percent(b.fractionPositive),
            },
            { key: 'n', header: 'Patients', numeric: true, cell: (b) => formatCount(b.count) },
          ]}
        />
      </details>
    </figure>
  );
});
