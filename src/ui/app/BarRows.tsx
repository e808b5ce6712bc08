/**
 * Horizontal bars in plain SVG: one row per bar, its name on a line above it so no name is cut on a narrow
 * phone, positions in percent of the width so nothing needs measuring. A chart library's mount ran 60–130 ms
 * of synchronous work per chart on the main thread; this renders in a few milliseconds.
 */
import { memo } from 'react';

export interface BarRow {
  key: string;
  /** Name of the bar, shown above it (shorten long names before). */
  name: string;
  /** The bar spans from `from` to `to` in the chart's units (either order). */
  from: number;
  to: number;
  /** Any CSS colour, e.g. "var(--accent)". */
  colour: string;
  /** Figure written at the end of the name line. */
  value?: string;
  /** A spread drawn as a whisker across the bar (e.g. the trees' standard deviation). */
  whisker?: readonly [number, number];
}

interface Props {
  rows: readonly BarRow[];
  /** The chart's text alternative (the same numbers are in a table beside it). */
  label: string;
  /** Lowest and highest value of the axis. */
  domain: readonly [number, number];
  ticks: readonly number[];
  tick: (value: number) => string;
  /** A dashed line across every row at this value (e.g. the cohort's average). */
  reference?: number;
  className?: string;
}

const ROW = 38;
const BAR = 14;
const NAME_Y = 13;
const BAR_Y = 19;
const AXIS = 26;

/** Horizontal bars with an axis underneath; the wrapper is one named image for assistive technology. */
export const BarRows = memo(function BarRows({
  rows,
  label,
  domain,
  ticks,
  tick,
  reference,
  className,
}: Props) {
  const [lo, hi] = domain;
  const span = hi - lo || 1;
  const pct = (v: number) => `${(Math.min(hi, Math.max(lo, v)) - lo) * (100 / span)}%`;
  const width = (a: number, b: number) =>
    `${Math.max(0.5, (Math.abs(Math.min(hi, b) - Math.max(lo, a)) * 100) / span)}%`;
  const axisY = rows.length * ROW + 4;
  const height = axisY + AXIS;
  return (
    <div className={`bar-rows${className ? ` ${className}` : ''}`} role="img" aria-label={label}>
      <svg width="100%" height={height} aria-hidden="true" focusable="false">
        {ticks.map((t) => (
          <line key={`g${t}`} x1={pct(t)} x2={pct(t)} y1={0} y2={axisY} className="bar-rows-grid" />
        ))}
        {rows.map((r, i) => {
          const y = i * ROW;
          const a = Math.min(r.from, r.to);
          const b = Math.max(r.from, r.to);
          return (
            <g key={r.key}>
              <text x="0" y={y + NAME_Y} className="bar-rows-name">
                {r.name}
              </text>
              {r.value !== undefined && (
                <text x="100%" y={y + NAME_Y} textAnchor="end" className="bar-rows-value">
                  {r.value}
                </text>
              )}
              <rect
                x={pct(a)}
                y={y + BAR_Y}
                width={width(a, b)}
                height={BAR}
                rx={2}
                style={{ fill: r.colour }}
              />
              {r.whisker && (
                <g className="bar-rows-whisker">
                  <line
                    x1={pct(r.whisker[0])}
                    x2={pct(r.whisker[1])}
                    y1={y + BAR_Y + BAR / 2}
                    y2={y + BAR_Y + BAR / 2}
                  />
                  <line
                    x1={pct(r.whisker[0])}
                    x2={pct(r.whisker[0])}
                    y1={y + BAR_Y + 2}
                    y2={y + BAR_Y + BAR - 2}
                  />
                  <line
                    x1={pct(r.whisker[1])}
                    x2={pct(r.whisker[1])}
                    y1={y + BAR_Y + 2}
                    y2={y + BAR_Y + BAR - 2}
                  />
                </g>
              )}
            </g>
          );
        })}
        {reference !== undefined && (
          <line
            x1={pct(reference)}
            x2={pct(reference)}
            y1={0}
            y2={axisY}
            className="bar-rows-reference"
          />
        )}
        <line x1="0" x2="100%" y1={axisY} y2={axisY} className="bar-rows-axis" />
        {ticks.map((t, i) => (
          <text
            key={`t${t}`}
            x={pct(t)}
            y={axisY + 17}
            textAnchor={i === 0 ? 'start' : i === ticks.length - 1 ? 'end' : 'middle'}
            className="bar-rows-tick"
          >
            {tick(t)}
          </text>
        ))}
      </svg>
    </div>
  );
});
