import type { EvaluationReport } from '../../worker/api';
import { shortName } from '../load/shortName';

const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');

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
        <table className="data-table">
          <caption>Spread across {report.repeats} repeats</caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" className="num">
                Mean
              </th>
              <th scope="col" className="num">
                SD
              </th>
              <th scope="col" className="num">
                Min
              </th>
              <th scope="col" className="num">
                Max
              </th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                ['ROC AUC', spread.auc],
                ['Accuracy', spread.accuracy],
                ['Balanced accuracy', spread.balancedAccuracy],
                ['Brier score', spread.brier],
              ] as const
            ).map(([name, s]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td className="num">{fmt(s.mean)}</td>
                <td className="num">{fmt(s.sd)}</td>
                <td className="num">{fmt(s.min)}</td>
                <td className="num">{fmt(s.max)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
