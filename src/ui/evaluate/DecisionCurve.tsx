import type { DecisionCurve as Curve, MetricIntervals, NetBenefitPoint } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { useChartTheme } from '../app/chartTheme';
import { LineChart } from '../app/LineChart';
import { niceTicks, UNIT_TICKS } from '../app/lineChartAxes';
import { intervalsAt } from './intervalText';
import { numberRange, scoreText, thresholdText } from '../app/format';

interface Props {
  curve: Curve;
  /** The outcome acted on: the report's positive class, the one the curve was computed for. */
  positive: string;
  /** The Decision threshold slider's value. */
  threshold: number;
  /** The cross-validated figures' intervals, for the net benefit's at the slider's threshold. */
  intervals?: MetricIntervals;
}

/** Thresholds listed in the table: every 0.05, plus the slider's. */
function tableRows(points: NetBenefitPoint[], threshold: number): NetBenefitPoint[] {
  return points.filter(
    (p) =>
      Math.abs(Math.round(p.threshold * 100) % 5) === 0 ||
      Math.abs(p.threshold - threshold) < 0.005,
  );
}

/** The point nearest to a threshold (the curve has one every 0.01). */
function nearest(points: NetBenefitPoint[], t: number): NetBenefitPoint | null {
  let best: NetBenefitPoint | null = null;
  for (const p of points) {
    if (!best || Math.abs(p.threshold - t) < Math.abs(best.threshold - t)) best = p;
  }
  return best;
}

/**
 * Decision curve (Vickers & Elkin 2006) from the cross-validated predictions: net benefit of acting on the
 * model at each threshold probability against acting on everyone or no one, with the Decision threshold
 * marked and a table.
 */
export function DecisionCurve({ curve, positive, threshold, intervals }: Props) {
  const theme = useChartTheme();
  const lowest = Math.min(-0.05, ...curve.points.map((p) => p.model));
  const top = Math.max(curve.prevalence, 0.05);
  const bottom = Math.max(lowest, -top);
  const at = nearest(curve.points, threshold);
  const beats = at ? at.model > Math.max(at.treatAll, 0) : false;
  const ci = at ? intervalsAt(intervals, at.threshold)?.netBenefit : undefined;
  const range = numberRange(ci);
  // Better than both defaults, but the interval reaches down to them: say it is not sure.
  const unsure = beats && at && ci ? ci[0] <= Math.max(at.treatAll, 0) : false;
  const label = `Decision curve for acting on “${positive}”: net benefit of the model, of acting on everyone and of acting on no one, at threshold probabilities from 0.01 to 0.99.${
    at
      ? ` At the slider’s threshold ${thresholdText(at.threshold)}: model ${scoreText(at.model)}, everyone ${scoreText(at.treatAll)}, no one 0.`
      : ''
  }`;
  return (
    <figure className="eval-figure">
      <figcaption className="sub-title sub-title-small">
        Decision curve (net benefit) for acting on “{positive}”
      </figcaption>
      <LineChart
        className="chart chart-curve"
        label={label}
        legend
        x={{ domain: [0, 1], ticks: UNIT_TICKS, title: 'Threshold probability' }}
        y={{ domain: [bottom, top], ticks: niceTicks(bottom, top), tick: (v) => v.toFixed(2) }}
        series={[
          {
            key: 'model',
            name: 'Model',
            points: curve.points.map((p) => ({ x: p.threshold, y: p.model })),
            colour: theme.series[0],
          },
          {
            key: 'all',
            name: 'Act on everyone',
            points: curve.points.map((p) => ({ x: p.threshold, y: p.treatAll })),
            colour: theme.series[1],
            dash: '6 3',
            thin: true,
          },
          {
            key: 'none',
            name: 'Act on no one',
            points: [
              { x: 0, y: 0 },
              { x: 1, y: 0 },
            ],
            colour: theme.muted,
            dash: '2 2',
            thin: true,
          },
        ]}
        references={[
          {
            key: 'threshold',
            from: { x: threshold, y: bottom },
            to: { x: threshold, y: top },
            strong: true,
          },
        ]}
      />
      {at && (
        <p className="decision-curve-note">
          At the decision threshold {thresholdText(at.threshold)} the model’s net benefit is{' '}
          {scoreText(at.model)}
          {range && ` (95 % CI ${range})`} (acting on everyone: {scoreText(at.treatAll)}; on no one:
          0):{' '}
          {beats
            ? unsure
              ? 'using the model looks better than either default, but its interval reaches down to them, so this cohort cannot show that it is.'
              : 'using the model is better than either default.'
            : 'the model does not beat acting on everyone or on no one here.'}{' '}
          A net benefit of 0.05 means 5 more true “{positive}” patients found per 100, with no extra
          unnecessary actions.
        </p>
      )}
      <details className="chart-details">
        <summary>Show as table</summary>
        <DataTable
          caption="Net benefit by threshold probability"
          className="compact"
          columns={[
            {
              key: 't',
              header: 'Threshold',
              rowHeader: true,
              cell: (p: NetBenefitPoint) => thresholdText(p.threshold),
            },
            { key: 'model', header: 'Model', numeric: true, cell: (p) => scoreText(p.model) },
            {
              key: 'all',
              header: 'Act on everyone',
              numeric: true,
              cell: (p) => scoreText(p.treatAll),
            },
            { key: 'none', header: 'Act on no one', numeric: true, cell: () => '0.000' },
          ]}
          rows={tableRows(curve.points, threshold)}
          rowKey={(p) => p.threshold}
          rowClassName={(p) => (at && p.threshold === at.threshold ? 'is-best' : undefined)}
        />
      </details>
    </figure>
  );
}
