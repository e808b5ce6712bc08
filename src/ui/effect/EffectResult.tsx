/**
 * A treatment-effect estimate as the "Which treatment" step shows it: the average effects with their intervals, how
 * the chance of treatment was obtained, the overlap check with its histogram, the calibration test's plain reading,
 * the notes, and always the assumptions the figures rest on.
 */
import type { EffectReport } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { percent, signedPoints } from '../app/format';
import { PropensityHistogram } from './PropensityHistogram';
import { TocChart } from './TocChart';
import { EffectDrivers } from './EffectDrivers';
import { estimateColumns } from './estimateColumns';
import { calibrationReading, intervalText } from './effectWords';

export function EffectResult({ report }: { report: EffectReport }) {
  const { ate, att, overlapWeighted, overlap, treated, comparison, positive } = report;
  const rows = [
    { who: 'All patients (AIPW)', e: ate },
    { who: `Treated patients (${treated})`, e: att },
    { who: 'Overlap-weighted', e: overlapWeighted },
  ];
  // Survival at a horizon: the weighted average stands for every patient, the censored ones included.
  const c = report.censoring;
  const who = c
    ? `${c.known + c.dropped} patients (${c.known} with a known status at ${report.horizonText ?? report.horizon}, weighted for the ${c.dropped} censored before it)`
    : `${report.patients} patients`;
  const lead = Number.isFinite(ate.estimate)
    ? `Over all ${who}, treatment (${treated}) rather than ${comparison} changes the chance of “${positive}” by ${signedPoints(ate.estimate)} on average (95 % interval ${intervalText(ate)}).`
    : `The average effect over all patients cannot be estimated (see the notes); the overlap-weighted average is ${signedPoints(overlapWeighted.estimate)} (95 % interval ${intervalText(overlapWeighted)}).`;
  return (
    <section className="effect-result" aria-labelledby="effect-result-title">
      <h3 id="effect-result-title" className="sub-title">
        Average effect of treatment
      </h3>
      <p className="effect-lead">{lead}</p>
      <DataTable
        caption={`Average effect of ${treated} vs ${comparison} on the chance of “${positive}”, in percentage points`}
        showCaption
        className="compact"
        columns={[
          {
            key: 'who',
            header: 'Averaged over',
            rowHeader: true,
            cell: (r: (typeof rows)[number]) => r.who,
          },
          ...estimateColumns((r: (typeof rows)[number]) => r.e, 'Effect'),
        ]}
        rows={rows}
        rowKey={(r) => r.who}
      />
      <p className="muted">
        {report.propensity.model === 'randomised'
          ? `Randomised trial: every patient's chance of treatment was taken as known and the same, ${percent(report.propensity.value)} (${report.treatedCount} of ${report.patients} treated); no propensity model was fitted.`
          : `Each patient's chance of treatment was estimated from the columns by a propensity forest (observational data). ${report.treatedCount} of ${report.patients} patients were treated.`}{' '}
        {report.trees} trees, seed {report.seed}.
      </p>
      {report.censoring && (
        <p className="effect-censoring" aria-label="Censoring">
          {report.censoring.note}
        </p>
      )}
      <p className="muted effect-local-linear">{report.localLinearNote}</p>

      <h4 className="sub-title sub-title-small">
        Overlap: could every kind of patient get either arm?
      </h4>
      {overlap.warning ? (
        <div className="alert alert-warn" role="note" aria-label="Overlap warning">
          <strong className="alert-title">Poor overlap</strong>
          <div>
            {overlap.extremeCount} patients ({percent(overlap.extremeShare)}) have an estimated
            chance of treatment at or beyond 1 % / 99 %: few or no comparable patients got the other
            arm, so their effects and the averages rest on extrapolation.
          </div>
        </div>
      ) : (
        <p>
          Every patient's estimated chance of treatment lies between 1 % and 99 % (from{' '}
          {percent(overlap.min)} to {percent(overlap.max)}): no overlap warning.
        </p>
      )}
      <PropensityHistogram
        histogram={overlap.histogram}
        treated={treated}
        comparison={comparison}
      />

      <h4 className="sub-title sub-title-small">Does the effect differ between patients?</h4>
      <p className="effect-calibration">{calibrationReading(report.calibration)}</p>

      <h4 className="sub-title sub-title-small">What drives the effect?</h4>
      <EffectDrivers drivers={report.drivers} />

      <h4 className="sub-title sub-title-small">Who gains most? Targeting (TOC and RATE)</h4>
      {report.rate ? (
        <TocChart rate={report.rate} />
      ) : (
        <p>The RATE could not be computed (see the notes).</p>
      )}

      <EffectNotes warnings={report.warnings} assumptions={report.assumptions} />
    </section>
  );
}

/** The notes of an estimate (what was not computed, and why), then the assumptions it rests on. */
export function EffectNotes({
  warnings,
  assumptions,
}: {
  warnings: string[];
  assumptions: string[];
}) {
  return (
    <>
      {warnings.length > 0 && (
        <>
          <h4 className="sub-title sub-title-small">Notes</h4>
          <ul className="effect-notes">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </>
      )}
      <EffectAssumptions assumptions={assumptions} />
    </>
  );
}

/** The assumptions every effect rests on: shown with every estimate, never hidden. */
export function EffectAssumptions({ assumptions }: { assumptions: string[] }) {
  return (
    <div className="alert alert-note effect-assumptions" role="note" aria-label="Assumptions">
      <strong className="alert-title">What these effects assume</strong>
      <ul>
        {assumptions.map((a) => (
          <li key={a}>{a}</li>
        ))}
      </ul>
    </div>
  );
}
