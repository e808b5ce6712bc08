import { memo } from 'react';
import { DataTable } from '../app/DataTable';
import type { CalibrationBin } from '../../worker/api';
import { useChartTheme } from '../app/chartTheme';
import { LineChart } from '../app/LineChart';
import { DIAGONAL, UNIT_TICKS } from '../app/lineChartAxes';
import { formatCount, percent, percentRange } from '../app/format';

interface Props {
  bins: CalibrationBin[];
  /** What the probability is of, e.g. “malignant” or “the predicted outcome”. */
  of: string;
}

/** Reliability plot: predicted against observed, each bin labelled with its number of patients. */
export const CalibrationChart = memo(function CalibrationChart({ bins, of }: Props) {
  const theme = useChartTheme();
  const label = `Calibration plot of the probability of ${of}: ${bins
    .map(
      (b) =>
        `predicted ${percent(b.meanPredicted)}, observed ${percent(b.fractionPositive)} (${b.count} patients)`,
    )
    .join('; ')}. A well-calibrated model lies on the diagonal.`;
  return (
    <figure className="eval-figure">
      <figcaption className="sub-title sub-title-small">Calibration (reliability)</figcaption>
      <LineChart
        className="chart chart-curve"
        label={label}
        x={{ domain: [0, 1], ticks: UNIT_TICKS, title: 'Predicted probability' }}
        y={{ domain: [0, 1], ticks: UNIT_TICKS, title: 'Observed fraction' }}
        series={[
          {
            key: 'bins',
            name: 'Observed',
            points: bins.map((b) => ({ x: b.meanPredicted, y: b.fractionPositive })),
            colour: theme.accent,
            dots: true,
            labels: bins.map((b) => `n=${formatCount(b.count)}`),
          },
        ]}
        references={DIAGONAL}
      />
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
              // In percent like the figures beside it ("20.0–30.0 %", not "0.2–0.3").
              cell: (b) => percentRange([b.lower, b.upper]),
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
