/**
 * The targeting operator characteristic: treating the share q of patients with the highest predicted effect first,
 * how much more they gain than everyone on average (with its 95 % interval), and the RATE, its area. `of` names the
 * contrast ("B vs placebo") where a result shows one chart per arm, so each chart and table has a name of its own.
 */
import type { EffectReport } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { LineChart } from '../app/LineChart';
import { useChartTheme } from '../app/chartTheme';
import { signedPointsNumber } from '../app/format';
import { rateReading } from './effectWords';

type Rate = NonNullable<EffectReport['rate']>;

const Z95 = 1.959963984540054;

export function TocChart({ rate, of }: { rate: Rate; of?: string }) {
  const named = of ? ` of ${of}` : '';
  const theme = useChartTheme();
  const rows = rate.toc.q.map((q, k) => ({
    q,
    toc: rate.toc.estimate[k],
    lower: rate.toc.estimate[k] - Z95 * rate.toc.standardError[k],
    upper: rate.toc.estimate[k] + Z95 * rate.toc.standardError[k],
  }));
  const low = Math.min(0, ...rows.map((r) => r.lower));
  const high = Math.max(0.01, ...rows.map((r) => r.upper));
  const step = high - low > 0.3 ? 0.1 : high - low > 0.1 ? 0.05 : 0.02;
  const from = Math.floor(low / step) * step;
  const to = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let v = from; v <= to + 1e-9; v += step) ticks.push(Math.round(v * 1000) / 1000);
  const points = (f: (r: (typeof rows)[number]) => number) =>
    rows.map((r) => ({ x: r.q, y: f(r) }));
  return (
    <figure className="effect-toc">
      <p>{rateReading(rate)}</p>
      <LineChart
        label={`TOC curve${named}: extra effect of treating the patients with the highest predicted effect first, by share treated (the same numbers are in the table).`}
        x={{
          title: 'Share of patients treated, highest predicted effect first',
          domain: [0, 1],
          ticks: [0, 0.25, 0.5, 0.75, 1],
          tick: (v) => `${Math.round(v * 100)} %`,
        }}
        y={{
          // Short: the rotated title must fit the chart's height (the long form is in the label and the table).
          title: 'Gain (% points)',
          domain: [from, to],
          ticks,
          tick: (v) => `${Math.round(v * 100)}`,
        }}
        series={[
          {
            key: 'toc',
            name: 'TOC',
            points: points((r) => r.toc),
            colour: theme.series[0],
            dots: true,
          },
          {
            key: 'lo',
            name: '95 % interval',
            points: points((r) => r.lower),
            colour: theme.muted,
            dash: '4 3',
            thin: true,
          },
          {
            key: 'hi',
            name: '95 % interval',
            points: points((r) => r.upper),
            colour: theme.muted,
            dash: '4 3',
            thin: true,
          },
        ]}
        references={[{ key: 'zero', from: { x: 0, y: 0 }, to: { x: 1, y: 0 } }]}
      />
      <details className="chart-details">
        <summary>Show as table</summary>
        <DataTable
          caption={`TOC${named}: gain over the average effect when the share q with the highest predicted effect is treated, in percentage points`}
          className="compact"
          columns={[
            {
              key: 'q',
              header: 'Share treated first',
              rowHeader: true,
              cell: (r: (typeof rows)[number]) => `${Math.round(r.q * 100)} %`,
            },
            { key: 'toc', header: 'Gain', numeric: true, cell: (r) => signedPointsNumber(r.toc) },
            {
              key: 'ci',
              header: '95 % interval',
              numeric: true,
              cell: (r) => `${signedPointsNumber(r.lower)} to ${signedPointsNumber(r.upper)}`,
            },
          ]}
          rows={rows}
          rowKey={(r) => String(r.q)}
        />
      </details>
    </figure>
  );
}
