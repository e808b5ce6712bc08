import type { SurvivalCurve } from '../../worker/api';
import { useChartTheme, seriesColor } from '../app/chartTheme';
import { DataTable } from '../app/DataTable';
import { LineChart, type LineSeries } from '../app/LineChart';
import { DASHES, UNIT_TICKS, niceTicks } from '../app/lineChartAxes';
import { valueAt } from './curveValue';

/** A named survival curve to draw. */
export interface NamedCurve {
  key: string;
  name: string;
  /** Column header of the table (the name when absent). */
  short?: string;
  curve: SurvivalCurve;
  /** Drawn thin and faint (a band's edge), in the colour of the curve before it. */
  faint?: boolean;
}

const pct = (p: number | null) => (p === null ? 'not followed' : `${Math.round(p * 100)} %`);

/** Survival curves as steps over 0..maxTime, with a table of each curve at round times beside it. */
export function SurvivalCurves({
  label,
  curves,
  maxTime,
  unit,
  marker,
}: {
  label: string;
  curves: NamedCurve[];
  maxTime: number;
  unit: string;
  /** A vertical line at the horizon. */
  marker?: number;
}) {
  const theme = useChartTheme();
  const ticks = niceTicks(0, maxTime);
  // A faint curve takes the colour of the last full curve before it; full curves count colours on their own.
  let colourIndex = -1;
  const series: LineSeries[] = curves.map((c) => {
    if (!c.faint || colourIndex < 0) colourIndex++;
    return {
      key: c.key,
      name: c.name,
      points: c.curve.times.map((x, k) => ({ x, y: c.curve.probabilities[k] })),
      colour: seriesColor(theme, colourIndex),
      dash: c.faint ? '3 3' : DASHES[colourIndex % DASHES.length] || undefined,
      step: true,
      ...(c.faint ? { thin: true, opacity: 0.7 } : {}),
    };
  });
  const times = [
    ...new Set([...ticks.filter((t) => t <= maxTime), ...(marker ? [marker] : [])]),
  ].sort((a, b) => a - b);
  return (
    <div className="survival-pair">
      <LineChart
        className="chart chart-curve"
        label={label}
        legend={curves.length > 1}
        x={{ domain: [0, maxTime], ticks, title: `Time (${unit})` }}
        y={{
          domain: [0, 1],
          ticks: UNIT_TICKS,
          title: 'Event-free',
          tick: (v) => `${Math.round(v * 100)} %`,
        }}
        series={series}
        references={
          marker
            ? [{ key: 'horizon', from: { x: marker, y: 0 }, to: { x: marker, y: 1 }, strong: true }]
            : []
        }
      />
      <DataTable
        caption={`${label}: share event-free at each time`}
        showCaption
        className="compact"
        columns={[
          {
            key: 'time',
            header: `Time (${unit})`,
            rowHeader: true,
            numeric: true,
            cell: (t: number) => String(t),
          },
          ...curves.map((c) => ({
            key: c.key,
            header: c.short ?? c.name,
            numeric: true,
            cell: (t: number) => pct(valueAt(c.curve, t)),
          })),
        ]}
        rows={times}
        rowKey={(t) => t}
      />
    </div>
  );
}
