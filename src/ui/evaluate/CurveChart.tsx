import { memo } from 'react';
import { DataTable } from '../app/DataTable';
import type { ClassCurves, CurvePoint } from '../../worker/api';
import { seriesColor, useChartTheme } from '../app/chartTheme';
import { LineChart } from '../app/LineChart';
import { DASHES, DIAGONAL, UNIT_TICKS } from '../app/lineChartAxes';
import { percent } from '../app/format';
import { scoreText, thresholdText } from '../app/format';
import { pointAtThreshold, thinPoints } from './threshold';

type Kind = 'roc' | 'pr';

interface Props {
  kind: Kind;
  curves: ClassCurves[];
  /** The point at the chosen threshold (binary outcomes), marked on the curve. */
  marker?: CurvePoint | null;
}

const TABLE_THRESHOLDS = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];

interface TableRow {
  curve: string;
  t: number;
  tpr: number;
  other: number;
}

/** The points a curve is drawn through: ROC all of them; PR up to the first reaching full recall. */
function drawn(kind: Kind, points: CurvePoint[]): { x: number; y: number }[] {
  let end = points.length;
  if (kind === 'pr') {
    const full = points[points.length - 1]?.tp ?? 0;
    end = points.findIndex((p) => p.tp === full) + 1 || points.length;
  }
  return thinPoints(points.slice(0, end)).map((p) =>
    kind === 'roc' ? { x: p.fpr, y: p.tpr } : { x: p.tpr, y: p.precision },
  );
}

/** ROC or precision-recall curve, one line per class (one-vs-rest), with a table behind a disclosure. Memoised: the table and curves are rebuilt only when the data change. */
export const CurveChart = memo(function CurveChart({ kind, curves, marker }: Props) {
  const theme = useChartTheme();
  const title = kind === 'roc' ? 'ROC curve' : 'Precision-recall curve';
  const tableRows: TableRow[] = curves.flatMap((c) =>
    TABLE_THRESHOLDS.flatMap((t) => {
      const p = pointAtThreshold(c.points, t);
      return p
        ? [{ curve: c.className, t, tpr: p.tpr, other: kind === 'roc' ? p.fpr : p.precision }]
        : [];
    }),
  );
  const xName = kind === 'roc' ? 'False-positive rate (1 − specificity)' : 'Recall (sensitivity)';
  const yName = kind === 'roc' ? 'True-positive rate (sensitivity)' : 'Precision';
  const figure = (c: ClassCurves): string =>
    kind === 'roc'
      ? `AUC ${scoreText(c.auc)}`
      : `average precision ${scoreText(c.averagePrecision)}`;
  const label = `${title}${curves.length > 1 ? ', one line per outcome against the rest' : ` of “${curves[0]?.className}”`}: ${curves
    .map((c) => `${c.className} ${figure(c)}`)
    .join(
      '; ',
    )}. ${kind === 'roc' ? 'The diagonal is guessing.' : ''} Values at chosen thresholds are in the table below.`;
  const markerXY = marker
    ? kind === 'roc'
      ? { x: marker.fpr, y: marker.tpr }
      : { x: marker.tpr, y: marker.precision }
    : null;

  return (
    <figure className="eval-figure">
      <figcaption className="sub-title sub-title-small">
        {title}
        {curves.length === 1 && <span className="muted"> — {figure(curves[0])}</span>}
      </figcaption>
      <LineChart
        className="chart chart-curve"
        label={label}
        x={{ domain: [0, 1], ticks: UNIT_TICKS, title: xName }}
        y={{ domain: [0, 1], ticks: UNIT_TICKS, title: yName }}
        series={curves.map((c, i) => ({
          key: c.className,
          name: `${c.className} (${figure(c)})`,
          points: drawn(kind, c.points),
          colour: seriesColor(theme, curves.length === 1 ? 0 : i),
          dash: curves.length === 1 ? '' : DASHES[i % DASHES.length],
          step: kind === 'pr',
        }))}
        references={kind === 'roc' ? DIAGONAL : []}
        marker={markerXY && { ...markerXY, colour: theme.series[1] }}
        legend={curves.length > 1}
      />
      <details className="chart-details">
        <summary>Show as table</summary>
        <DataTable
          caption={`${title} at chosen thresholds`}
          className="compact"
          rows={tableRows}
          rowKey={(r) => `${r.curve}-${r.t}`}
          columns={[
            ...(curves.length > 1
              ? [
                  {
                    key: 'class',
                    header: 'Outcome',
                    rowHeader: true,
                    cell: (r: TableRow) => r.curve,
                  },
                ]
              : []),
            {
              key: 't',
              header: 'Threshold',
              numeric: true,
              rowHeader: curves.length === 1,
              cell: (r: TableRow) => thresholdText(r.t),
            },
            {
              key: 'tpr',
              header: 'Sensitivity',
              numeric: true,
              cell: (r: TableRow) => percent(r.tpr),
            },
            {
              key: 'other',
              header: kind === 'roc' ? 'False-positive rate' : 'Precision',
              numeric: true,
              cell: (r: TableRow) => percent(r.other),
            },
          ]}
        />
      </details>
    </figure>
  );
});
