import type { SurvivalFigures } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { formatCount } from '../app/format';
import { useAppState } from '../app/storeContext';
import { SurvivalCurves } from './SurvivalCurves';
import './survival.css';

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'not available');

/** "0.612 (95 % interval 0.560 to 0.668)". */
function cText(f: SurvivalFigures): string {
  const [lo, hi] = f.cindexInterval;
  return Number.isFinite(lo)
    ? `${f3(f.cindex)} (95 % interval ${f3(lo)} to ${f3(hi)})`
    : `${f3(f.cindex)} (no interval: too few comparable pairs)`;
}

/** Evaluate step in time-to-event mode: Harrell's C, integrated Brier score, Kaplan–Meier curves. */
export function SurvivalEvaluate() {
  const r = useAppState((s) => s.survival.report);
  if (!r) return <p className="muted">Train a survival model first: it is checked right after.</p>;
  const unit = r.choice.unit;
  const rows = [
    ...(r.crossValidation
      ? [{ how: `${r.crossValidation.folds}-fold cross-validation`, f: r.crossValidation }]
      : []),
    ...(r.outOfBag ? [{ how: 'Out-of-bag (patients each tree did not see)', f: r.outOfBag }] : []),
  ];
  const main = r.crossValidation ?? r.outOfBag;
  return (
    <div className="evaluate-step">
      {!main && r.openedFrom && (
        <p className="lead-figure">
          Opened from {r.openedFrom}
          {r.savedOobCindex !== null &&
            `: its out-of-bag Harrell’s C when trained was ${f3(r.savedOobCindex)} (no interval saved)`}
          .
        </p>
      )}
      {main && (
        <p className="lead-figure">
          Harrell’s C: {cText(main)}. 0.5 is chance, 1 a perfect ranking of who has the event first.
        </p>
      )}
      {r.warnings.length > 0 && (
        <div className="alert alert-warn" role="group" aria-label="Evaluation warnings">
          <ul>
            {r.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {rows.length > 0 && (
        <DataTable
          caption="How well the survival model ranks and predicts held-out patients"
          showCaption
          className="compact survival-figures"
          columns={[
            {
              key: 'how',
              header: 'Patients held out by',
              rowHeader: true,
              cell: (x: (typeof rows)[number]) => x.how,
            },
            {
              key: 'c',
              header: 'Harrell’s C (95 % interval)',
              numeric: true,
              cell: (x) => cText(x.f),
            },
            {
              key: 'ibs',
              header: 'Integrated Brier score',
              numeric: true,
              cell: (x) => f3(x.f.integratedBrier),
            },
            { key: 'n', header: 'Patients', numeric: true, cell: (x) => formatCount(x.f.patients) },
          ]}
          rows={rows}
          rowKey={(x) => x.how}
        />
      )}
      {rows.length > 0 && (
        <p className="help">
          The integrated Brier score is the squared error of the predicted survival (censoring
          weighted), averaged from {r.brierRange[0]} to {r.brierRange[1]} {unit}: lower is better;
          0.25 is what a constant 50 % would score.
          {r.crossValidationNote && ` ${r.crossValidationNote}`}
        </p>
      )}
      {r.cohortCurve && (
        <>
          <h3 className="sub-title">Kaplan–Meier curves</h3>
          <SurvivalCurves
            label="Kaplan–Meier curve of the cohort"
            curves={[{ key: 'cohort', name: 'All patients', curve: r.cohortCurve }]}
            maxTime={r.maxFollowUp}
            unit={unit}
          />
        </>
      )}
      {r.tertileCurves.length > 0 && (
        <>
          <p className="help">
            The patients split by out-of-bag predicted risk into thirds: well-separated curves mean
            the model tells higher- from lower-risk patients apart.
          </p>
          <SurvivalCurves
            label="Kaplan–Meier curves by third of predicted risk"
            curves={r.tertileCurves.map((c, i) => ({
              key: `t${i}`,
              name: `${c.label} (${c.patients} patients, ${c.events} events)`,
              short: ['Lowest third', 'Middle third', 'Highest third'][i],
              curve: c,
            }))}
            maxTime={r.maxFollowUp}
            unit={unit}
          />
        </>
      )}
    </div>
  );
}
