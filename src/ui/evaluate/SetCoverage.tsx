import type { ConformalCoverage } from '../../worker/api';
import { DataTable, type Column } from '../app/DataTable';
import { confidenceText, percent } from '../app/format';

/**
 * How often the prediction sets contained the true outcome in cross-validation (each fold calibrated on its
 * own training part), at each Confidence the Predict step offers, overall and per outcome.
 */
export function SetCoverage({
  levels,
  classes,
}: {
  levels: ConformalCoverage[];
  classes: string[];
}) {
  if (levels.length === 0) return null;
  const warnings = [...new Set(levels.flatMap((l) => l.warnings))];
  const columns: Column<ConformalCoverage>[] = [
    {
      key: 'confidence',
      header: 'Confidence',
      rowHeader: true,
      cell: (l) => confidenceText(l.confidence),
    },
    { key: 'coverage', header: 'Coverage', numeric: true, cell: (l) => percent(l.coverage) },
    ...classes.map((c): Column<ConformalCoverage> => ({
      key: `class-${c}`,
      header: <span className="break">{c}</span>,
      numeric: true,
      cell: (l) => percent(l.coverageByClass[c]),
    })),
    { key: 'size', header: 'Mean set size', numeric: true, cell: (l) => l.meanSetSize.toFixed(2) },
    {
      key: 'single',
      header: 'Single-outcome sets',
      numeric: true,
      // Reports saved before the share was measured have no figure: a dash, never a guess.
      cell: (l) =>
        l.singleRate === undefined
          ? '–'
          : `${percent(l.singleRate)} (${classes.map((c) => `${c} ${percent(l.singleRateByClass?.[c] ?? NaN)}`).join(', ')})`,
    },
    { key: 'empty', header: 'Empty sets', numeric: true, cell: (l) => percent(l.emptyRate) },
  ];
  return (
    <div className="eval-block">
      <h3 className="sub-title sub-title-small">Prediction sets: coverage in cross-validation</h3>
      <DataTable
        caption="Coverage of the prediction sets"
        scrollClassName="coverage-table"
        className="compact"
        columns={columns}
        rows={levels}
        rowKey={(l) => l.confidence}
      />
      <p className="help">
        Coverage: how often a patient’s true outcome was among the outcomes the set could not rule
        out. It should be close to the confidence, for every outcome. Single-outcome sets (overall,
        then among the patients of each outcome): how often a set named one outcome, i.e. how
        informative the sets are; the rest held several outcomes or none. An empty set means no
        outcome reached its cut-off — for a patient like the cohort, that the patient fell between
        the outcomes at this confidence, not that the patient is unusual. The promise is on average
        over patients like the cohort (within each outcome), not for one patient; calibration on
        out-of-bag probabilities approximates split conformal prediction.
      </p>
      {warnings.length > 0 && (
        <div className="alert alert-warn" role="note">
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
