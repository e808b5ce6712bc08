import { memo } from 'react';
import type { Prediction } from '../../worker/api';
import { BarRows } from '../app/BarRows';
import { seriesColor, useChartTheme } from '../app/chartTheme';
import { percentText, roundedPercents } from '../app/format';
import { shortName } from '../load/shortName';

const TICKS = [0, 25, 50, 75, 100];

/** One bar per outcome class with the trees' spread (mean ± one standard deviation) as a whisker. */
export const ProbabilityChart = memo(function ProbabilityChart({
  prediction,
}: {
  prediction: Prediction;
}) {
  const theme = useChartTheme();
  const hasIntervals = prediction.intervals.length === prediction.classes.length;
  const shown = roundedPercents(prediction.probabilities);
  const summary = `Bar chart of the predicted probability of each outcome: ${prediction.classes
    .map((c, i) => `${c} ${percentText(shown[i])}`)
    .join(
      ', ',
    )}.${hasIntervals ? ' Error bars show the trees’ spread (average ± one standard deviation of the individual trees).' : ''} The same numbers are in the table.`;
  return (
    <BarRows
      className="chart-probability"
      label={summary}
      domain={[0, 100]}
      ticks={TICKS}
      tick={(v) => `${v} %`}
      rows={prediction.classes.map((c, i) => {
        const p = prediction.probabilities[i];
        const iv = prediction.intervals[i];
        return {
          key: c,
          name: shortName(c, 40),
          from: 0,
          to: p * 100,
          colour: seriesColor(theme, i),
          value: percentText(shown[i]),
          whisker: hasIntervals && iv ? [iv.low * 100, iv.high * 100] : undefined,
        };
      })}
    />
  );
});
