/**
 * A joint multi-arm estimate as the "Which treatment" step shows it: each arm's average effect against the
 * comparison arm with its interval, how many patients' own intervals leave out zero, each arm's overlap check with its
 * histogram (and the comparison arm's), each arm's calibration test (a table, then its reading) and its TOC curve and
 * RATE (a chart with its table), what drives the effects, the notes and the assumptions.
 */
import type { MultiArmReport } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { percent } from '../app/format';
import { PropensityHistogram } from './PropensityHistogram';
import { EffectDrivers } from './EffectDrivers';
import { estimateColumns } from './estimateColumns';
import { EffectNotes } from './EffectResult';
import { TocChart } from './TocChart';
import { calibrationReading, pText } from './effectWords';

type Arm = MultiArmReport['arms'][number];

/** Patients whose own 95 % interval lies above or below zero. */
function clearShares(arm: Arm): { benefit: number; harm: number } {
  let up = 0;
  let down = 0;
  for (const r of arm.rows) {
    if (r.lower > 0) up++;
    else if (r.upper < 0) down++;
  }
  return { benefit: up, harm: down };
}

export function ArmEffectsResult({ report }: { report: MultiArmReport }) {
  const { comparison, positive, arms } = report;
  const rows = arms.map((a) => ({ ...a, clear: clearShares(a) }));
  return (
    <section className="effect-result" aria-labelledby="arm-effects-title">
      <h3 id="arm-effects-title" className="sub-title">
        Average effect of each arm
      </h3>
      <p className="effect-lead">
        One joint causal forest compared each of {arms.length} arms with {comparison} on all{' '}
        {report.patients} patients ({report.comparisonCount} in {comparison}). Effects are changes
        in the chance of “{positive}”, the arm rather than {comparison}.
      </p>
      <DataTable
        caption={`Average effect of each arm vs ${comparison} on the chance of “${positive}”, in percentage points`}
        showCaption
        className="compact"
        columns={[
          { key: 'arm', header: 'Arm', rowHeader: true, cell: (r: (typeof rows)[number]) => r.arm },
          { key: 'count', header: 'Patients in the arm', numeric: true, cell: (r) => r.count },
          ...estimateColumns((r: (typeof rows)[number]) => r.ate, 'Average effect (AIPW)'),
          // Each arm's overlap is said in its own section below, with its histogram: not a squeezed column here.
          {
            key: 'clear',
            header: 'Own interval clear of zero',
            cell: (r) => `${r.clear.benefit} above, ${r.clear.harm} below`,
          },
        ]}
        rows={rows}
        rowKey={(r) => r.arm}
      />
      <p className="muted">
        {report.propensity.model === 'randomised'
          ? `Randomised trial: every patient's chance of each arm was taken as known, the arm's share (${report.propensity.values.map((v) => percent(v)).join(', ')}, ${comparison} first); no propensity model was fitted.`
          : "Each patient's chance of each arm was estimated from the columns by propensity forests (observational data)."}{' '}
        {report.trees} trees, seed {report.seed}. Own interval clear of zero: how many of the{' '}
        {report.patients} patients have a 95 % interval of the arm's effect entirely above or below
        zero. A new patient typed into Predict is shown under every arm; every cohort patient's
        effect of every arm, with its interval, is in the CLI's JSON (genoforest effect …
        --comparison-value {comparison}).
      </p>
      <p className="muted effect-local-linear">{report.localLinearNote}</p>

      <h4 className="sub-title sub-title-small">
        Overlap: could every kind of patient get every arm?
      </h4>
      {[
        ...arms.map((a) => ({ name: a.arm, overlap: a.overlap })),
        {
          name: comparison,
          overlap: report.comparisonOverlap,
        },
      ].map(({ name, overlap }) =>
        overlap.warning ? (
          <div
            key={name}
            className="alert alert-warn"
            role="note"
            aria-label={`Overlap warning for ${name}`}
          >
            <strong className="alert-title">Poor overlap for {name}</strong>
            <div>
              {overlap.extremeCount} patients ({percent(overlap.extremeShare)}) have an estimated
              chance of {name} at or beyond 1 % / 99 %: their effects rest on extrapolation.
            </div>
          </div>
        ) : (
          <p key={name}>
            Every patient's estimated chance of {name} lies between 1 % and 99 % (from{' '}
            {percent(overlap.min)} to {percent(overlap.max)}).
          </p>
        ),
      )}
      {arms.map((a) => (
        <PropensityHistogram
          key={a.arm}
          histogram={a.overlap.histogram}
          treated={a.arm}
          comparison="every other arm"
          title={`Estimated chance of ${a.arm}`}
          roles={{ treated: 'this arm', comparison: 'other patients' }}
        />
      ))}

      <h4 className="sub-title sub-title-small">Does each arm's effect differ between patients?</h4>
      <ArmCalibration report={report} />

      <h4 className="sub-title sub-title-small">
        Who gains most? Targeting (TOC and RATE) per arm
      </h4>
      <p className="muted">{report.rateNote}</p>
      {arms.map((a) => (
        <section key={a.arm} aria-label={`Targeting by the effect of ${a.arm}`}>
          <h5 className="sub-title sub-title-small">
            {a.arm} vs {comparison}
          </h5>
          {a.rate ? (
            <TocChart rate={a.rate} of={`${a.arm} vs ${comparison}`} />
          ) : (
            <p>The RATE of {a.arm} could not be computed (see the notes).</p>
          )}
        </section>
      ))}

      <h4 className="sub-title sub-title-small">What drives the effects?</h4>
      <EffectDrivers drivers={report.drivers} />

      <EffectNotes warnings={report.warnings} assumptions={report.assumptions} />
    </section>
  );
}

/** Each arm's calibration test: its two coefficients with standard errors and p-values, then each in words. */
function ArmCalibration({ report }: { report: MultiArmReport }) {
  const { comparison, arms } = report;
  const tested = arms.flatMap((a) => (a.calibration ? [{ arm: a.arm, c: a.calibration }] : []));
  const rows = tested.flatMap(({ arm, c }) => [
    { arm, what: 'Mean forest prediction', coef: c.mean, se: c.meanSe, p: c.meanP },
    {
      arm,
      what: 'Differential forest prediction',
      coef: c.differential,
      se: c.differentialSe,
      p: c.differentialP,
    },
  ]);
  return (
    <>
      {rows.length > 0 && (
        <DataTable
          caption={`Calibration test of each arm vs ${comparison} (best linear predictor; coefficients of 1 mean well calibrated)`}
          showCaption
          className="compact"
          columns={[
            {
              key: 'arm',
              header: 'Arm',
              rowHeader: true,
              cell: (r: (typeof rows)[number]) => r.arm,
            },
            { key: 'what', header: 'Coefficient', cell: (r) => r.what },
            { key: 'coef', header: 'Estimate', numeric: true, cell: (r) => r.coef.toFixed(2) },
            { key: 'se', header: 'Standard error', numeric: true, cell: (r) => r.se.toFixed(2) },
            { key: 'p', header: 'One-sided p (above 0)', numeric: true, cell: (r) => pText(r.p) },
          ]}
          rows={rows}
          rowKey={(r) => `${r.arm} ${r.what}`}
        />
      )}
      <ul className="effect-notes">
        {arms.map((a) => (
          <li key={a.arm}>
            <strong>{a.arm}</strong>
            {a.calibration
              ? ` (${a.calibration.patients} patients of ${a.arm} and ${comparison}): ${calibrationReading(a.calibration)}`
              : ': the calibration test could not be computed (see the notes).'}
          </li>
        ))}
      </ul>
      <p className="muted">{report.calibrationNote}</p>
    </>
  );
}
