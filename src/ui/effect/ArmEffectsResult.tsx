/**
 * A joint multi-arm estimate as the "Which treatment" step shows it: each arm's average effect against the
 * comparison arm with its interval, how many patients' own intervals leave out zero, each arm's overlap check with its
 * histogram (and the comparison arm's), what drives the effects, the notes and the assumptions.
 */
import type { MultiArmReport } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { percent } from '../app/format';
import { PropensityHistogram } from './PropensityHistogram';
import { EffectDrivers } from './EffectDrivers';
import { estimateColumns } from './estimateColumns';
import { EffectNotes } from './EffectResult';

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
            header: 'Patients whose own interval leaves out zero',
            cell: (r) =>
              `${r.clear.benefit} of ${report.patients} above zero, ${r.clear.harm} below`,
          },
        ]}
        rows={rows}
        rowKey={(r) => r.arm}
      />
      <p className="muted">
        {report.propensity.model === 'randomised'
          ? `Randomised trial: every patient's chance of each arm was taken as known, the arm's share (${report.propensity.values.map((v) => percent(v)).join(', ')}, ${comparison} first); no propensity model was fitted.`
          : "Each patient's chance of each arm was estimated from the columns by propensity forests (observational data)."}{' '}
        {report.trees} trees, seed {report.seed}. Every patient's effect of every arm, with its 95 %
        interval, is in the CLI's JSON (genoforest effect … --comparison-value {comparison}).
      </p>

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

      <h4 className="sub-title sub-title-small">What drives the effects?</h4>
      <EffectDrivers drivers={report.drivers} />

      <EffectNotes warnings={report.warnings} assumptions={report.assumptions} />
    </section>
  );
}
