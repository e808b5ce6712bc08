import type { EvaluationReport } from '../../worker/api';
import { DataTable } from '../app/DataTable';
import { shortName } from '../load/shortName';
import { scoreText as fmt } from './intervalText';

type Spread = NonNullable<EvaluationReport['repeatSpread']>;
type SpreadRow = readonly [string, Spread['auc']];

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
            { key: 'mean', header: 'Mean', numeric: true, cell: (r) => fmt(r[1].mean) },
            { key: 'sd', header: 'SD', numeric: true, cell: (r) => fmt(r[1].sd) },
            { key: 'min', header: 'Min', numeric: true, cell: (r) => fmt(r[1].min) },
            { key: 'max', header: 'Max', numeric: true, cell: (r) => fmt(r[1].max) },
          ]}
          rows={[
            ['ROC AUC', spread.auc],
            ['Accuracy', spread.accuracy],
            ['Balanced accuracy', spread.balancedAccuracy],
            ['Brier score', spread.brier],
          ]}
          rowKey={(r) => r[0]}
        />
      )}
    </div>
  );
}
