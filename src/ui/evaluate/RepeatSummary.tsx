import type { EvaluationReport } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { shortName } from '../load/shortName';
import { percent, percentagePoints, scoreText } from '../app/format';

type Spread = NonNullable<EvaluationReport['repeatSpread']>;
/** Figure name, its spread, and whether it is a proportion (then in %, its SD in percentage points, as elsewhere). */
type SpreadRow = readonly [string, Spread['auc'], boolean];

const value = (r: SpreadRow, x: number): string => (r[2] ? percent(x) : scoreText(x));

/** The spread across repeats, the groups kept together and the OOB caveat, when the evaluation had them. */
export function RepeatSummary({ report }: { report: EvaluationReport }) {
  const spread = report.repeatSpread;
  if (!spread && !report.groups && !report.oobNote) return null;
  return (
    <div className="repeat-summary" role="group" aria-label="Repeats and groups">
      {report.groups && (
        <p>
          Folds kept each group of “{shortName(report.groups.column)}” together (
          {report.groups.count} groups).
        </p>
      )}
      {report.oobNote && <p className="muted">{report.oobNote}</p>}
      {spread && (
        <DataTable
          caption={`Spread across ${report.repeats} repeats`}
          showCaption
          scrollRole="group"
          columns={[
            { key: 'name', header: 'Figure', rowHeader: true, cell: (r: SpreadRow) => r[0] },
            { key: 'mean', header: 'Mean', numeric: true, cell: (r) => value(r, r[1].mean) },
            {
              key: 'sd',
              header: 'SD',
              numeric: true,
              cell: (r) => (r[2] ? percentagePoints(r[1].sd, false) : scoreText(r[1].sd)),
            },
            { key: 'min', header: 'Min', numeric: true, cell: (r) => value(r, r[1].min) },
            { key: 'max', header: 'Max', numeric: true, cell: (r) => value(r, r[1].max) },
          ]}
          rows={[
            ['ROC AUC', spread.auc, false],
            ['Accuracy', spread.accuracy, true],
            ['Balanced accuracy', spread.balancedAccuracy, true],
            ['Brier score', spread.brier, false],
          ]}
          rowKey={(r) => r[0]}
        />
      )}
    </div>
  );
}
