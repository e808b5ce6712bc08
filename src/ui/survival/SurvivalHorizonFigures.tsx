import { useState } from 'react';
import type { SurvivalCvFigures, SurvivalHorizonFigures } from '../../worker/api';
import { useChartTheme } from '../app/chartTheme';
import { DataTable } from '../app/DataTable';
import { errorMessage, useEngine } from '../app/engineContext';
import { TextField } from '../app/Field';
import { formatCount } from '../app/format';
import { LineChart } from '../app/LineChart';
import { DIAGONAL, UNIT_TICKS, niceTicks } from '../app/lineChartAxes';

const f3 = (x: number | null) => (x !== null && Number.isFinite(x) ? x.toFixed(3) : '—');
const pct = (p: number) => (Number.isFinite(p) ? `${(p * 100).toFixed(1)} %` : 'not followed');

/**
 * Time-dependent AUC, Uno's C and calibration at a horizon the user picks, from the out-of-fold predictions. Keyed by
 * its cross-validation in the parent, so a new one starts from its own proposal.
 */
export function SurvivalHorizonFigures({
  cv,
  unit,
  maxFollowUp,
}: {
  cv: SurvivalCvFigures;
  unit: string;
  maxFollowUp: number;
}) {
  const engine = useEngine();
  const proposed = cv.horizon?.horizon ?? null;
  const [text, setText] = useState(proposed === null ? '' : String(proposed));
  const [shown, setShown] = useState<SurvivalHorizonFigures | null>(cv.horizon);
  const [error, setError] = useState<string | null>(cv.horizonError);
  const [busy, setBusy] = useState(false);

  const value = Number(text.trim());
  const inputError =
    text.trim() === '' || !Number.isFinite(value) || value <= 0
      ? `The horizon must be a time after 0 (in ${unit}).`
      : value >= maxFollowUp
        ? `The horizon must be before the longest follow-up (${maxFollowUp} ${unit}).`
        : undefined;

  async function show() {
    if (inputError) return;
    setBusy(true);
    try {
      setShown(await engine.survivalHorizon(value));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-label="Figures at a horizon">
      <h3 className="sub-title">At a horizon</h3>
      <div className="action-row">
        <TextField
          label={`Evaluation horizon, in ${unit}`}
          value={text}
          onChange={setText}
          inputMode="decimal"
          error={text.trim() === '' ? undefined : inputError}
          help={`Proposed: ${proposed ?? '—'} ${unit} (a round time within the median follow-up).`}
        />
        <button
          type="button"
          className="btn"
          disabled={busy || inputError !== undefined}
          onClick={() => void show()}
        >
          Show at this horizon
        </button>
      </div>
      {error && (
        <div className="alert alert-warn" role="alert">
          {error}
        </div>
      )}
      {shown && <HorizonView h={shown} unit={unit} folds={cv.folds} />}
    </section>
  );
}

function HorizonView({
  h,
  unit,
  folds,
}: {
  h: SurvivalHorizonFigures;
  unit: string;
  folds: number;
}) {
  const theme = useChartTheme();
  const at = `${h.horizon} ${unit}`;
  const groupWord = h.groupsOf === 'deciles' ? 'tenth' : 'fifth';
  const known = h.calibration.filter((g) => Number.isFinite(g.observed));
  return (
    <>
      <p className="lead-figure">
        At {at} ({folds}-fold cross-validation, out-of-fold predictions): time-dependent AUC{' '}
        {h.auc !== null ? f3(h.auc) : `not available (${h.aucNote ?? ''})`}; Uno’s C up to {at}:{' '}
        {h.unoC !== null ? f3(h.unoC) : `not available (${h.unoNote ?? ''})`}.
      </p>
      <p className="help">
        The AUC at {at} is how often a patient with the event by then ({formatCount(h.events)}{' '}
        patients) is given a higher predicted risk than one still event-free after it (
        {formatCount(h.followedBeyond)}), weighting for censoring (scikit-survival’s
        cumulative_dynamic_auc); 0.5 is chance. Uno’s C is Harrell’s C restricted to events by {at},
        weighted for censoring (R survival’s concordance with timewt “n/G2”). Both rank patients by
        their predicted risk at {at}.
      </p>
      <h4 className="sub-title sub-title-small">Calibration at {at}</h4>
      <p className="help">
        The patients cut into {h.calibration.length} groups by predicted risk at {at} (lowest risk
        first): the model’s mean predicted event-free share beside the Kaplan–Meier share actually
        event-free, with its 95 % interval. A well-calibrated model lies on the diagonal.
      </p>
      <div className="survival-stack">
        <LineChart
          className="chart chart-curve"
          label={`Calibration at ${at}: ${known
            .map((g) => `predicted ${pct(g.predicted)}, observed ${pct(g.observed)}`)
            .join('; ')}.`}
          x={{ domain: [0, 1], ticks: UNIT_TICKS, title: 'Predicted event-free', tick: pctTick }}
          y={{ domain: [0, 1], ticks: UNIT_TICKS, title: 'Observed event-free', tick: pctTick }}
          series={[
            {
              key: 'groups',
              name: 'Observed (Kaplan–Meier)',
              points: known.map((g) => ({ x: g.predicted, y: g.observed })),
              colour: theme.accent,
              dots: true,
            },
          ]}
          references={[
            ...DIAGONAL,
            ...known
              .filter((g) => Number.isFinite(g.lower))
              .map((g) => ({
                key: `ci${g.group}`,
                from: { x: g.predicted, y: g.lower },
                to: { x: g.predicted, y: g.upper },
              })),
          ]}
        />
        <DataTable
          caption={`Calibration at ${at} by ${groupWord} of predicted risk`}
          showCaption
          className="compact survival-figures"
          columns={[
            {
              key: 'g',
              header: 'Risk group',
              rowHeader: true,
              cell: (g: SurvivalHorizonFigures['calibration'][number]) =>
                g.group === 1
                  ? '1 (lowest)'
                  : g.group === h.calibration.length
                    ? `${g.group} (highest)`
                    : String(g.group),
            },
            { key: 'n', header: 'Patients', numeric: true, cell: (g) => formatCount(g.patients) },
            {
              key: 'e',
              header: `Events by ${at}`,
              numeric: true,
              cell: (g) => formatCount(g.events),
            },
            { key: 'p', header: 'Predicted', numeric: true, cell: (g) => pct(g.predicted) },
            { key: 'o', header: 'Observed', numeric: true, cell: (g) => pct(g.observed) },
            {
              key: 'ci',
              header: '95 % interval',
              numeric: true,
              cell: (g) => (Number.isFinite(g.lower) ? `${pct(g.lower)} to ${pct(g.upper)}` : '—'),
            },
          ]}
          rows={h.calibration}
          rowKey={(g) => String(g.group)}
        />
      </div>
    </>
  );
}

const pctTick = (v: number) => `${Math.round(v * 100)} %`;

/** The IPCW Brier score over time of the out-of-fold curves, as a chart and a table beside the integrated score. */
export function BrierOverTime({ cv, unit }: { cv: SurvivalCvFigures; unit: string }) {
  const theme = useChartTheme();
  const { times, scores } = cv.brier;
  if (times.length < 2) return null;
  const top = Math.max(0.25, ...scores);
  const yTicks = niceTicks(0, top);
  // Nine rows read the curve: about every tenth of its times.
  const picks = [
    ...new Set(
      Array.from({ length: 9 }, (_, k) => Math.round(((k + 1) * (times.length - 1)) / 10)),
    ),
  ];
  return (
    <>
      <h4 className="sub-title sub-title-small">Brier score over time</h4>
      <p className="help">
        The squared error of the out-of-fold predicted survival at each time (censoring weighted):
        lower is better, 0.25 is what a constant 50 % scores. Its average over these times is the
        integrated Brier score, {f3(cv.integratedBrier)}.
      </p>
      <div className="survival-pair">
        <LineChart
          className="chart chart-curve"
          label={`Brier score over time, from ${times[0]} to ${times[times.length - 1]} ${unit}; integrated ${f3(cv.integratedBrier)}.`}
          x={{
            domain: [times[0], times[times.length - 1]],
            ticks: niceTicks(times[0], times[times.length - 1]),
            title: `Time (${unit})`,
          }}
          y={{ domain: [0, top], ticks: yTicks, title: 'Brier score' }}
          series={[
            {
              key: 'brier',
              name: 'Brier score',
              points: times.map((x, k) => ({ x, y: scores[k] })),
              colour: theme.accent,
            },
          ]}
        />
        <DataTable
          caption="Brier score over time (out-of-fold)"
          showCaption
          className="compact survival-figures"
          columns={[
            {
              key: 't',
              header: `Time (${unit})`,
              rowHeader: true,
              numeric: true,
              cell: (k: number) => String(times[k]),
            },
            { key: 'b', header: 'Brier score', numeric: true, cell: (k) => f3(scores[k]) },
          ]}
          rows={picks}
          rowKey={(k) => String(k)}
        />
      </div>
    </>
  );
}
