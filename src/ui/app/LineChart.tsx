/**
 * Line chart in plain SVG for 0..1-style axes (ROC, precision-recall, calibration, decision curves). The lines
 * are drawn in a 100×100 view box stretched over the plot area and the text is HTML placed in percent, so
 * nothing is measured: a chart library's mount ran 60–80 ms of synchronous work per chart on the main thread.
 */
import { memo, useId } from 'react';

export interface LinePoint {
  x: number;
  y: number;
}

export interface LineSeries {
  key: string;
  /** Shown in the legend when there is one. */
  name: string;
  points: readonly LinePoint[];
  /** Any CSS colour. */
  colour: string;
  /** Dash pattern in screen pixels (e.g. "6 3"); a solid line when omitted. */
  dash?: string;
  /** Draw as steps (horizontal first), as a precision-recall curve is. */
  step?: boolean;
  /** A dot at every point, with this label above it when given. */
  dots?: boolean;
  labels?: readonly string[];
  thin?: boolean;
  /** Line width in pixels and opacity, for faint background lines (defaults 2 or 1.5 when thin, and 1). */
  width?: number;
  opacity?: number;
}

export interface Axis {
  title?: string;
  domain: readonly [number, number];
  ticks: readonly number[];
  tick?: (value: number) => string;
}

interface Props {
  /** The chart's text alternative (the same numbers are in a table beside it). */
  label: string;
  x: Axis;
  y: Axis;
  series: readonly LineSeries[];
  /** Dashed reference segments, e.g. the diagonal or a threshold. */
  references?: readonly { key: string; from: LinePoint; to: LinePoint; strong?: boolean }[];
  /** One marked point, e.g. the decision threshold's place on the curve. */
  marker?: (LinePoint & { colour: string }) | null;
  legend?: boolean;
  className?: string;
}

const fmt = (v: number) => String(Math.round(v * 100) / 100);

/** Lines over a 0..1 grid with tick labels and axis titles; the wrapper is one named image. */
export const LineChart = memo(function LineChart({
  label,
  x,
  y,
  series,
  references = [],
  marker,
  legend = false,
  className,
}: Props) {
  const clip = useId();
  const sx = (v: number) => ((v - x.domain[0]) * 100) / (x.domain[1] - x.domain[0] || 1);
  const sy = (v: number) => 100 - ((v - y.domain[0]) * 100) / (y.domain[1] - y.domain[0] || 1);
  const path = (s: LineSeries) =>
    s.points
      .map((p, i) => {
        const px = sx(p.x).toFixed(2);
        const py = sy(p.y).toFixed(2);
        if (i === 0) return `M${px} ${py}`;
        return s.step ? `H${px}V${py}` : `L${px} ${py}`;
      })
      .join('');
  const xt = x.tick ?? fmt;
  const yt = y.tick ?? fmt;
  return (
    <div className={`line-chart${className ? ` ${className}` : ''}`} role="img" aria-label={label}>
      {legend && (
        <ul className="line-chart-legend" aria-hidden="true">
          {series.map((s) => (
            <li key={s.key}>
              <svg width="26" height="10" aria-hidden="true" focusable="false">
                <line
                  x1="1"
                  x2="25"
                  y1="5"
                  y2="5"
                  style={{ stroke: s.colour }}
                  strokeWidth={s.thin ? 1.5 : 2}
                  strokeDasharray={s.dash || undefined}
                />
              </svg>
              {s.name}
            </li>
          ))}
        </ul>
      )}
      <div className="line-chart-area" aria-hidden="true">
        <svg
          viewBox="0 0 100 100"
          preserveAspectRatio="none"
          width="100%"
          height="100%"
          focusable="false"
        >
          <clipPath id={clip}>
            <rect x="0" y="0" width="100" height="100" />
          </clipPath>
          {x.ticks.map((t) => (
            <line key={`x${t}`} x1={sx(t)} x2={sx(t)} y1="0" y2="100" className="line-chart-grid" />
          ))}
          {y.ticks.map((t) => (
            <line key={`y${t}`} x1="0" x2="100" y1={sy(t)} y2={sy(t)} className="line-chart-grid" />
          ))}
          <g clipPath={`url(#${clip})`}>
            {references.map((r) => (
              <line
                key={r.key}
                x1={sx(r.from.x)}
                y1={sy(r.from.y)}
                x2={sx(r.to.x)}
                y2={sy(r.to.y)}
                className={r.strong ? 'line-chart-reference is-strong' : 'line-chart-reference'}
              />
            ))}
            {series.map((s) => (
              <path
                key={s.key}
                d={path(s)}
                className="line-chart-line"
                style={{ stroke: s.colour }}
                strokeWidth={s.width ?? (s.thin ? 1.5 : 2)}
                strokeOpacity={s.opacity}
                strokeDasharray={s.dash || undefined}
              />
            ))}
          </g>
          {series.map(
            (s) =>
              s.dots &&
              s.points.map((p, i) => (
                <path
                  key={`${s.key}-${i}`}
                  d={`M${sx(p.x)} ${sy(p.y)}h0`}
                  className="line-chart-dot"
                  style={{ stroke: s.colour }}
                />
              )),
          )}
          {marker && (
            <g className="line-chart-marker">
              <path d={`M${sx(marker.x)} ${sy(marker.y)}h0`} className="line-chart-marker-ring" />
              <path
                d={`M${sx(marker.x)} ${sy(marker.y)}h0`}
                className="line-chart-marker-dot"
                style={{ stroke: marker.colour }}
              />
            </g>
          )}
          <line x1="0" x2="100" y1="100" y2="100" className="line-chart-axis" />
          <line x1="0" x2="0" y1="0" y2="100" className="line-chart-axis" />
        </svg>
        {series.map((s) =>
          s.labels?.map((text, i) =>
            s.points[i] ? (
              <span
                key={`${s.key}-l${i}`}
                className="line-chart-point-label"
                style={{ left: `${sx(s.points[i].x)}%`, top: `${sy(s.points[i].y)}%` }}
              >
                {text}
              </span>
            ) : null,
          ),
        )}
        {x.ticks.map((t) => (
          <span key={`tx${t}`} className="line-chart-tick is-x" style={{ left: `${sx(t)}%` }}>
            {xt(t)}
          </span>
        ))}
        {y.ticks.map((t) => (
          <span key={`ty${t}`} className="line-chart-tick is-y" style={{ top: `${sy(t)}%` }}>
            {yt(t)}
          </span>
        ))}
        {x.title && <span className="line-chart-title is-x">{x.title}</span>}
        {y.title && <span className="line-chart-title is-y">{y.title}</span>}
      </div>
    </div>
  );
});
