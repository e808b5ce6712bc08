/**
 * Estimated chances of treatment per arm, in ten bins of 10 %: where the arms do not overlap, no comparable patient
 * got the other arm. Plain SVG bars (the same counts are in the table beside it).
 */
import { DataTable } from '../app/DataTable';
import { useChartTheme } from '../app/chartTheme';

interface Props {
  histogram: { comparison: number[]; treated: number[] };
  treated: string;
  comparison: string;
  /** What the chart shows (default: the two-arm chart's "Estimated chance of treatment, by arm"). */
  title?: string;
  /** How the two bars are called after their names (default: treated, comparison). */
  roles?: { treated: string; comparison: string };
}

const W = 300;
const H = 120;
const AXIS = 16;

export function PropensityHistogram({
  histogram,
  treated,
  comparison,
  title,
  roles = { treated: 'treated', comparison: 'comparison' },
}: Props) {
  const theme = useChartTheme();
  const max = Math.max(1, ...histogram.comparison, ...histogram.treated);
  const bin = W / 10;
  const bar = (bin - 4) / 2;
  const height = (n: number) => ((H - AXIS) * n) / max;
  const rows = histogram.treated.map((t, k) => ({
    range: `${k * 10}–${k * 10 + 10} %`,
    comparison: histogram.comparison[k],
    treated: t,
  }));
  return (
    <figure className="effect-histogram">
      <figcaption className="sub-title sub-title-small">
        {title ?? 'Estimated chance of treatment, by arm'}
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={
          title
            ? `${title}: bars per 10 % for ${comparison} patients and ${treated} patients (the same counts are in the table).`
            : `Bars per 10 % of estimated chance of treatment: ${comparison} patients and ${treated} patients (the same counts are in the table).`
        }
        className="effect-histogram-svg"
      >
        {rows.map((r, k) => (
          <g key={r.range}>
            <rect
              x={k * bin + 2}
              y={H - AXIS - height(r.comparison)}
              width={bar}
              height={height(r.comparison)}
              fill={theme.series[1]}
            />
            <rect
              x={k * bin + 2 + bar}
              y={H - AXIS - height(r.treated)}
              width={bar}
              height={height(r.treated)}
              fill={theme.series[0]}
            />
          </g>
        ))}
        <line x1={0} x2={W} y1={H - AXIS} y2={H - AXIS} stroke={theme.grid} />
        {[0, 50, 100].map((t) => (
          <text
            key={t}
            x={(t / 100) * W}
            y={H - 3}
            fontSize="10"
            fill={theme.muted}
            textAnchor={t === 0 ? 'start' : t === 100 ? 'end' : 'middle'}
          >
            {t} %
          </text>
        ))}
      </svg>
      <ul className="icon-legend">
        <li>
          <span className="effect-swatch" style={{ background: theme.series[1] }} /> {comparison} (
          {roles.comparison})
        </li>
        <li>
          <span className="effect-swatch" style={{ background: theme.series[0] }} /> {treated} (
          {roles.treated})
        </li>
      </ul>
      <details className="chart-details">
        <summary>Show as table</summary>
        <DataTable
          caption={
            title
              ? `Patients per 10 % of ${lowerFirst(title)}`
              : 'Patients per estimated chance of treatment, by arm'
          }
          className="compact"
          columns={[
            {
              key: 'range',
              header: 'Chance of treatment',
              rowHeader: true,
              cell: (r: (typeof rows)[number]) => r.range,
            },
            {
              key: 'comparison',
              header: `${comparison} (${roles.comparison})`,
              numeric: true,
              cell: (r) => r.comparison,
            },
            {
              key: 'treated',
              header: `${treated} (${roles.treated})`,
              numeric: true,
              cell: (r) => r.treated,
            },
          ]}
          rows={rows}
          rowKey={(r) => r.range}
        />
      </details>
    </figure>
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
