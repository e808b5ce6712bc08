import type { EvaluationReport } from '../../worker/api';
import { useAppState } from '../app/storeContext';
import { DecisionCurve } from './DecisionCurve';
import { Recalibration } from './Recalibration';
import { SetCoverage } from './SetCoverage';
import { reportPositive } from './positiveClass';
import './clinicalEvaluation.css';

/**
 * The clinical read-outs of an evaluation: a chance warning, the prediction sets' coverage, the decision
 * curve at the Decision threshold and the recalibration option. Reports from older model files lack them.
 */
export function ClinicalEvaluation({
  report,
  threshold,
}: {
  report: EvaluationReport;
  threshold: number;
}) {
  const trainedAt = useAppState((s) => s.evaluate.modelTrainedAt);
  // The class the decision curve and the recalibration were computed for: the report's own.
  const positive = reportPositive(report) ?? '';
  return (
    <>
      {report.chance && !report.chance.beatsChance && (
        <div className="alert alert-warn" role="note">
          <strong className="alert-title">No better than chance</strong>
          <p>{report.chance.message}</p>
        </div>
      )}
      {report.conformalLevels && (
        <SetCoverage levels={report.conformalLevels} classes={report.classes} />
      )}
      {report.decisionCurve && (
        <DecisionCurve
          curve={report.decisionCurve}
          positive={positive}
          threshold={threshold}
          intervals={report.cv.intervals}
        />
      )}
      {report.recalibration && trainedAt && (
        <Recalibration fits={report.recalibration} positive={positive} modelTrainedAt={trainedAt} />
      )}
    </>
  );
}
