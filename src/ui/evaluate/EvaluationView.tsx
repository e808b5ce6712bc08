import { DataTable } from '../app/DataTable';
import { Deferred } from '../app/Deferred';
import { useState } from 'react';
import type { EvaluationReport } from '../../worker/api';
import { CalibrationChart } from './CalibrationChart';
import { ConfusionMatrix } from './ConfusionMatrix';
import { CurveChart } from './CurveChart';
import { FeatureImportance } from './FeatureImportance';
import { ThresholdPanel } from './ThresholdPanel';
import { RepeatSummary } from './RepeatSummary';
import { pointAtThreshold } from './threshold';
import { ClinicalEvaluation } from './ClinicalEvaluation';
import { EvaluationCautions } from './EvaluationCautions';
import { aucIntervalNote, evaluationFacts } from './evaluationFacts';
import { intervalsAt } from './intervalText';
import { reportPositive } from './positiveClass';

/**
 * Everything an evaluation report shows: summary, figures, curves, threshold, calibration, importance. `stale`:
 * the positive class was changed since, so every figure is marked out of date (EvaluateStep says why).
 */
export function EvaluationView({
  report,
  stale = false,
}: {
  report: EvaluationReport;
  stale?: boolean;
}) {
  const [threshold, setThreshold] = useState(0.5);
  const { cv, classes } = report;
  // The engine's verdict (engine/evaluate/clinical.ts), also shown on every prediction.
  const weak = report.chance && !report.chance.beatsChance ? report.chance.message : null;
  const binary = classes.length === 2 && cv.curves.length === 1;
  const positive = binary ? cv.curves[0] : null;
  const marker = positive ? pointAtThreshold(positive.points, threshold) : null;
  // The curves are the positive class's, named by the report itself (the one source).
  const posName = reportPositive(report) ?? classes[1];
  const ordered = posName === classes[0] ? [classes[1], classes[0]] : classes;
  const facts = evaluationFacts(report);
  const aucNote = aucIntervalNote(report);

  return (
    <div
      className={`evaluation${stale ? ' is-stale' : ''}`}
      {...(stale
        ? { role: 'group', 'aria-label': `Evaluation figures, out of date: about “${posName}”` }
        : {})}
    >
      {report.warnings && report.warnings.length > 0 && (
        <div className="alert alert-warn" role="note" aria-label="Evaluation cautions">
          <ul>
            {report.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <div
        className={`eval-summary${weak ? ' is-weak' : ''}`}
        role="group"
        aria-label="Evaluation summary"
      >
        <p>{report.summary}</p>
        {weak && (
          <p>
            <strong>This model does not beat chance.</strong> {weak} More patients or more
            informative columns may help.
          </p>
        )}
      </div>
      {report.cautions && <EvaluationCautions cautions={report.cautions} />}
      {report.foldsNote && <p className="status-box">{report.foldsNote}</p>}
      {report.tuning && (
        <p className="status-box" role="note" aria-label="Tuning in the evaluation">
          {report.tuning.note}
        </p>
      )}
      <RepeatSummary report={report} />
      <DataTable
        caption="Evaluation figures"
        scrollClassName="eval-figures"
        rows={facts}
        rowKey={([name]) => name}
        columns={[
          { key: 'name', header: 'Figure', rowHeader: true, cell: ([name]) => name },
          {
            key: 'cv',
            header: `Cross-validation (${report.folds} folds)`,
            numeric: true,
            cell: ([, a]) => a,
          },
          { key: 'oob', header: 'Out-of-bag', numeric: true, cell: ([, , b]) => b },
        ]}
      />
      <p className="help">
        Cross-validation: each patient predicted by a forest grown without them. Out-of-bag: each
        patient predicted by the trees of this model that did not see them. Accuracy and balanced
        accuracy here use the most probable outcome; Brier score is the mean squared error of the
        probabilities (lower is better, 0 is perfect). In brackets: the 95 % confidence interval,
        how far the figure could differ on another cohort of this size (it leaves out the variation
        from growing the forests again).
      </p>
      {aucNote && <p className="help">{aucNote}</p>}

      <div className="eval-grid">
        <Deferred minHeight={360}>
          <CurveChart kind="roc" curves={cv.curves} marker={marker} />
        </Deferred>
        <Deferred minHeight={360}>
          <CurveChart kind="pr" curves={cv.curves} marker={marker} />
        </Deferred>
      </div>

      <Deferred minHeight={300}>
        {positive ? (
          <ThresholdPanel
            classes={ordered}
            curves={positive}
            threshold={threshold}
            onThreshold={setThreshold}
            intervals={intervalsAt(cv.intervals, threshold)}
          />
        ) : (
          <div className="eval-block">
            <h3 className="sub-title sub-title-small">Confusion matrix (most probable outcome)</h3>
            <ConfusionMatrix
              classes={classes}
              matrix={cv.confusion}
              label="Confusion matrix of the most probable outcome"
            />
          </div>
        )}
      </Deferred>

      <div className="eval-grid">
        <Deferred minHeight={320}>
          <CalibrationChart
            bins={cv.calibration}
            of={binary ? `“${posName}”` : 'the predicted outcome'}
          />
        </Deferred>
        <p className="help eval-aside">
          Calibration: patients are grouped by their predicted probability{' '}
          {binary ? `of “${posName}”` : 'of the outcome the model picked'}; for each group the plot
          shows how often that was really the outcome. Points below the diagonal mean the model is
          over-confident, above it under-confident. Groups with few patients (n) are unreliable.
        </p>
      </div>

      <ClinicalEvaluation report={report} threshold={threshold} />

      <Deferred minHeight={600}>
        <FeatureImportance
          permutation={report.permutationImportance}
          impurity={report.impurityImportance}
        />
      </Deferred>
    </div>
  );
}
