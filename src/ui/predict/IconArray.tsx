import { useId } from 'react';
import type { PredictionWords } from '../../worker/api';
import { useChartTheme } from '../app/chartTheme';
import { DataTable } from '../app/DataTable';
import { outOf100Count, outOf100Text } from './uncertaintyWords';

interface Props {
  words: PredictionWords;
  classes: string[];
  /** Heading of the figure, e.g. "This patient". */
  caption: string;
}

const COLS = 10;
const W = 10;
const H = 12;

/**
 * A fill for outcome k that survives black-and-white printing and colour blindness: solid, hatched,
 * dotted, cross-hatched, in the outcome's colour.
 */
function PatternDef({ id, k, colour }: { id: string; k: number; colour: string }) {
  const kind = k % 4;
  if (kind === 0) {
    return (
      <pattern id={id} width="4" height="4" patternUnits="userSpaceOnUse">
        <rect width="4" height="4" fill={colour} />
      </pattern>
    );
  }
  return (
    <pattern id={id} width="2.5" height="2.5" patternUnits="userSpaceOnUse">
      <rect width="2.5" height="2.5" fill="#ffffff" />
      {kind === 1 && <path d="M0,2.5 L2.5,0" stroke={colour} strokeWidth="0.9" />}
      {kind === 2 && <circle cx="1.25" cy="1.25" r="0.7" fill={colour} />}
      {kind === 3 && <path d="M0,2.5 L2.5,0 M0,0 L2.5,2.5" stroke={colour} strokeWidth="0.6" />}
    </pattern>
  );
}

/** A person: head and shoulders, drawn in a W×H cell. */
function Person({ x, y, fill, stroke }: { x: number; y: number; fill: string; stroke: string }) {
  return (
    <g transform={`translate(${x},${y})`} fill={fill} stroke={stroke} strokeWidth="0.5">
      <circle cx="5" cy="3" r="2.1" />
      <path d="M1.6,11 L1.6,8.2 Q1.6,5.8 5,5.8 Q8.4,5.8 8.4,8.2 L8.4,11 Z" />
    </g>
  );
}

/**
 * 100 people grouped by outcome (the whole population shown, Ancker et al. 2006), colour plus
 * pattern, with the natural-frequency sentences as its accessible label and a table alternative.
 */
export function IconArray({ words, classes, caption }: Props) {
  const theme = useChartTheme();
  const base = useId().replace(/:/g, '');
  const fill = (k: number) => `url(#${base}-k${k})`;
  const colour = (k: number) => theme.series[k % theme.series.length];
  const rows = Math.ceil(words.cells.length / COLS);
  return (
    <figure className="icon-array">
      <figcaption className="sub-title sub-title-small">{caption}</figcaption>
      <div className="icon-array-grid" role="img" aria-label={words.label}>
        <svg
          viewBox={`0 0 ${COLS * W} ${rows * H}`}
          aria-hidden="true"
          focusable="false"
          className="icon-array-svg"
        >
          <defs>
            {classes.map((_, k) => (
              <PatternDef key={k} id={`${base}-k${k}`} k={k} colour={colour(k)} />
            ))}
          </defs>
          {words.cells.map((k, i) => (
            <Person
              key={i}
              x={(i % COLS) * W}
              y={Math.floor(i / COLS) * H}
              fill={fill(k)}
              stroke={colour(k)}
            />
          ))}
        </svg>
      </div>
      <ul className="icon-legend">
        {classes.map((c, k) => (
          <li key={c}>
            <svg viewBox="0 0 10 12" width="16" height="19" aria-hidden="true" focusable="false">
              <Person x={0} y={0} fill={fill(k)} stroke={colour(k)} />
            </svg>{' '}
            <span className="break">{c}</span>: {outOf100Text(words.counts[k])}
          </li>
        ))}
      </ul>
      <details className="chart-details">
        <summary>Show as table</summary>
        <DataTable
          caption={`${caption}: patients out of 100 per outcome`}
          className="compact"
          columns={[
            {
              key: 'outcome',
              header: 'Outcome',
              rowHeader: true,
              className: 'break',
              cell: (row: PredictionWords['table'][number]) => row.outcome,
            },
            {
              key: 'count',
              header: 'Out of 100',
              numeric: true,
              cell: (row) => outOf100Count(row.count),
            },
          ]}
          rows={words.table}
          rowKey={(row) => row.outcome}
        />
      </details>
    </figure>
  );
}
